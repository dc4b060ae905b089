//! Issue 17: every series colour reads on both themes' plot backgrounds (WCAG contrast ≥ 3:1).

use descent::core::lab::PALETTE;
use descent::ui::palette::{SERIES, plot_background, readable_on};
use egui::Color32;

/// WCAG 2.x relative luminance, written out here independently of the app's.
fn luminance(c: Color32) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.03928 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
}

fn contrast(a: Color32, b: Color32) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

fn all_series() -> Vec<Color32> {
    let optimizers = PALETTE
        .iter()
        .map(|[r, g, b]| Color32::from_rgb(*r, *g, *b));
    SERIES.iter().copied().chain(optimizers).collect()
}

#[test]
fn every_series_colour_has_3_to_1_contrast_on_both_themes() {
    let mut failures = Vec::new();
    for dark in [true, false] {
        let background = plot_background(&descent::app::visuals(dark));
        for color in all_series() {
            let drawn = readable_on(color, background);
            let ratio = contrast(drawn, background);
            if ratio < 3.0 {
                failures.push(format!(
                    "{color:?} drawn {drawn:?} on {background:?}: {ratio:.2}:1"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The light theme's failures in #17 were real: white and yellow do not read on its background
/// as they are, so the palette must have changed them (and kept the colours that already read).
#[test]
fn the_palette_changes_only_the_colours_that_need_it() {
    let light = plot_background(&descent::app::visuals(false));
    assert!(contrast(Color32::WHITE, light) < 3.0);
    assert!(contrast(Color32::from_rgb(0xF0, 0xE4, 0x42), light) < 3.0);
    for color in all_series() {
        let drawn = readable_on(color, light);
        if contrast(color, light) >= 4.5 {
            assert_eq!(drawn, color, "{color:?} already read well");
        } else {
            assert_ne!(drawn, color, "{color:?} was left faint");
        }
    }
}

/// The app's path rims and the exported frames' rims come from one core rule: a light rim
/// under very dark paths, else black at alpha 200.
#[test]
fn path_outlines_follow_one_rule_in_the_app_and_the_exports() {
    use descent::core::palette::{OPTIMIZERS, outline};
    use descent::ui::outline_color;
    let dark_path = [20, 20, 30];
    assert_eq!(outline(dark_path).rgb, [235, 235, 235]);
    assert_eq!(outline_color(dark_path), Color32::from_gray(235));
    for color in OPTIMIZERS {
        let rim = outline(color);
        assert_eq!(
            (rim.rgb, rim.alpha),
            ([0, 0, 0], 200.0 / 255.0),
            "{color:?}"
        );
        assert_eq!(outline_color(color), Color32::from_black_alpha(200));
    }
}

/// Named colours have one home (core::palette): no view spells an Okabe–Ito colour by hand,
/// where it could drift from the exports' copy.
#[test]
fn no_source_file_outside_the_palette_spells_an_okabe_ito_colour() {
    use descent::core::palette::{GREEN, ORANGE, PURPLE, SKY_BLUE, VERMILLION, YELLOW};
    let spellings: Vec<String> = [GREEN, ORANGE, PURPLE, SKY_BLUE, VERMILLION, YELLOW]
        .iter()
        .flat_map(|[r, g, b]| {
            [
                format!("0x{r:02X}, 0x{g:02X}, 0x{b:02X}"),
                format!("{r}, {g}, {b}"),
            ]
        })
        .collect();
    let mut found = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && !path.ends_with("core/palette.rs")
            {
                let text = std::fs::read_to_string(&path).unwrap();
                for s in &spellings {
                    if text.contains(s.as_str()) {
                        found.push(format!("{}: {s}", path.display()));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
