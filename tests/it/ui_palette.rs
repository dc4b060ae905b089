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
