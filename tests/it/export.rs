//! Exports of the landscape race: GIF, PNG and CSV files that decode to what the app shows, and
//! `descent export`'s validation and error messages.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use descent::cli::export::{ExportArgs, export};
use descent::core::lab::Lab;
use descent::core::optimizer::OptimizerKind;
use descent::core::scene;
use descent::export::{
    self, ExportError, FrameStyle, export_gif, export_png, point_to_pixel, render_frame,
    training_csv, trajectories_csv,
};
use descent::train::CurvePoint;
use image::codecs::gif::GifDecoder;
use image::{AnimationDecoder, RgbaImage};

const BEALE: &str = "assets/scenes/radford-beale.json";

fn beale() -> Lab {
    let scene = scene::load(Path::new(BEALE)).expect("the shipped scene loads");
    Lab::new(scene.landscape.expect("a landscape scene"))
}

fn distinct_colors(img: &RgbaImage) -> usize {
    let mut colors: Vec<[u8; 4]> = img.pixels().map(|p| p.0).collect();
    colors.sort_unstable();
    colors.dedup();
    colors.len()
}

fn differing_pixels(a: &RgbaImage, b: &RgbaImage) -> usize {
    a.pixels().zip(b.pixels()).filter(|(p, q)| p != q).count()
}

fn color_distance(a: [u8; 3], b: [u8; 3]) -> u32 {
    (0..3).map(|k| u32::from(a[k].abs_diff(b[k])).pow(2)).sum()
}

/// A fresh, empty directory for one test's files.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("descent-export-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn args(out: &Path) -> ExportArgs {
    ExportArgs {
        scene: Some(PathBuf::from(BEALE)),
        lecture: None,
        out: out.to_path_buf(),
        frames: 60,
        size: "800x600".into(),
        step: None,
        light: false,
    }
}

#[test]
fn the_gif_decodes_to_the_requested_frames_at_the_requested_size_and_the_race_moves() {
    let lab = beale();
    let style = FrameStyle::default();
    let mut bytes = Vec::new();
    let mut calls = Vec::new();
    export_gif(&lab, 40, &style, &mut bytes, &mut |done, total| {
        calls.push((done, total))
    })
    .expect("export");
    assert_eq!(calls.last(), Some(&(40, 40)), "progress reaches the end");
    assert_eq!(calls.len(), 40);
    assert!(
        bytes.windows(11).any(|w| w == b"NETSCAPE2.0"),
        "the GIF loops"
    );

    let frames = GifDecoder::new(Cursor::new(&bytes))
        .expect("a GIF")
        .into_frames()
        .collect_frames()
        .expect("all frames decode");
    assert_eq!(frames.len(), 40, "one GIF frame per requested frame");
    for f in &frames {
        assert_eq!(f.buffer().dimensions(), (800, 600));
    }
    let first = frames[0].buffer();
    let middle = frames[frames.len() / 2].buffer();
    let last = frames[frames.len() - 1].buffer();
    assert!(differing_pixels(first, middle) > 1000, "paths grow");
    assert!(differing_pixels(middle, last) > 500, "and keep moving");
    let (hold, _) = frames[frames.len() - 1].delay().numer_denom_ms();
    let (step, _) = frames[1].delay().numer_denom_ms();
    assert!(
        hold > step,
        "the last frame is held ({hold} ms vs {step} ms)"
    );

    // The decoded last frame is the rendered one up to palette error.
    let rendered = render_frame(&lab, lab.state.max_steps, &style);
    let far = rendered
        .pixels()
        .zip(last.pixels())
        .filter(|(a, b)| {
            let (a, b) = (a.0, b.0);
            color_distance([a[0], a[1], a[2]], [b[0], b[1], b[2]]) > 40 * 40
        })
        .count();
    assert!(far < 800 * 600 / 200, "{far} pixels far from the render");
}

#[test]
fn the_gif_keeps_every_optimizer_colour_exactly() {
    let lab = beale();
    let style = FrameStyle::default();
    let mut bytes = Vec::new();
    export_gif(&lab, 2, &style, &mut bytes, &mut |_, _| {}).expect("export");
    let frames = GifDecoder::new(Cursor::new(&bytes))
        .and_then(|d| d.into_frames().collect_frames())
        .expect("decodes");
    let last = frames[1].buffer();
    for e in lab.state.entries.iter().filter(|e| e.enabled) {
        let c = e.color;
        assert!(
            last.pixels().any(|p| p.0 == [c[0], c[1], c[2], 255]),
            "{} colour {c:?} lost in quantisation",
            e.racer.kind.label()
        );
    }
}

#[test]
fn a_png_has_the_requested_size_and_shows_a_picture() {
    let lab = beale();
    let style = FrameStyle {
        width: 640,
        height: 480,
        dark: true,
    };
    let mut bytes = Vec::new();
    export_png(&lab, 100, &style, &mut bytes).expect("export");
    let img = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png)
        .expect("a PNG")
        .to_rgba8();
    assert_eq!(img.dimensions(), (640, 480));
    assert!(distinct_colors(&img) > 500, "heatmap, paths and text");
}

#[test]
fn adams_final_position_is_drawn_in_adams_colour_where_the_transform_puts_it() {
    let mut lab = beale();
    let style = FrameStyle::default();
    let adam = lab
        .state
        .entries
        .iter()
        .position(|e| e.racer.kind == OptimizerKind::Adam)
        .expect("Adam races");
    let end = lab.trajectories[adam]
        .as_ref()
        .expect("enabled")
        .point_at(lab.state.max_steps);
    let [x, y] = point_to_pixel(&lab, &style, end);
    let (x, y) = (x as u32, y as u32);
    let with_adam = render_frame(&lab, lab.state.max_steps, &style);
    let px = with_adam.get_pixel(x, y).0;
    assert!(
        color_distance([px[0], px[1], px[2]], lab.state.entries[adam].color) < 30 * 30,
        "pixel at Adam's head is {px:?}"
    );

    // The colour really is Adam's: without Adam the same pixel is something else.
    lab.set_enabled(adam, false);
    let without = render_frame(&lab, lab.state.max_steps, &style);
    assert_ne!(without.get_pixel(x, y), with_adam.get_pixel(x, y));
}

#[test]
fn the_view_fills_the_plot_below_the_title_with_y_pointing_up() {
    let lab = beale();
    let style = FrameStyle::default();
    let v = lab.state.view;
    let [left, top] = point_to_pixel(&lab, &style, [v.x_min, v.y_max]);
    let [right, bottom] = point_to_pixel(&lab, &style, [v.x_max, v.y_min]);
    assert_eq!((left, bottom), (0.0, 600.0));
    assert!(top > 0.0 && top < 60.0, "a title bar above the plot: {top}");
    assert!(
        right > 500.0 && right < 800.0,
        "a legend panel right: {right}"
    );
}

#[test]
fn light_and_dark_styles_differ_in_the_chrome_not_the_landscape() {
    let lab = beale();
    let dark = render_frame(&lab, 50, &FrameStyle::default());
    let light = render_frame(
        &lab,
        50,
        &FrameStyle {
            dark: false,
            ..FrameStyle::default()
        },
    );
    let luma = |img: &RgbaImage, x, y| {
        let p = img.get_pixel(x, y).0;
        u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])
    };
    assert!(luma(&dark, 400, 2) < 150 && luma(&light, 400, 2) > 600);
    assert_eq!(dark.get_pixel(20, 550), light.get_pixel(20, 550));
}

#[test]
fn odd_sizes_and_diverging_paths_render_without_panicking() {
    let mut lab = beale();
    for i in 0..lab.state.entries.len() {
        lab.set_enabled(i, true);
    }
    let mut hyper = lab.state.entries[0].racer.hyper;
    hyper.lr = 10.0;
    lab.set_hyper(0, hyper).expect("a valid lr");
    assert!(lab.trajectories[0].as_ref().is_some_and(|t| t.diverged()));
    for (w, h) in [(64, 64), (4096, 64), (64, 900), (1920, 1080)] {
        let style = FrameStyle {
            width: w,
            height: h,
            dark: true,
        };
        let img = render_frame(&lab, lab.state.max_steps, &style);
        assert_eq!(img.dimensions(), (w, h));
    }
}

#[test]
fn trajectories_csv_lists_every_point_of_every_enabled_optimizer() {
    let lab = beale();
    let mut out = Vec::new();
    trajectories_csv(&lab, &mut out).expect("csv");
    let text = String::from_utf8(out).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "optimizer,step,x,y,loss");
    let expected: usize = lab
        .trajectories
        .iter()
        .flatten()
        .map(|t| t.points.len())
        .sum();
    assert_eq!(lines.len() - 1, expected);
    let start = lab.state.start;
    assert_eq!(
        lines[1],
        format!(
            "sgd,0,{},{},{}",
            start[0],
            start[1],
            lab.state.surface.value(start)
        )
    );
    assert!(!text.contains("adamw"), "disabled optimizers are left out");
}

#[test]
fn training_csv_leaves_validation_cells_empty_between_evaluations() {
    let point = |seen: u64, val: Option<f64>| CurvePoint {
        examples_seen: seen,
        epoch_f: seen as f64 / 1000.0,
        train_loss: 0.5,
        train_acc: 0.75,
        val_loss: val,
        val_acc: val.map(|v| 1.0 - v),
        lr: 0.5,
    };
    let mut out = Vec::new();
    training_csv(&[point(500, None), point(1000, Some(0.25))], &mut out).expect("csv");
    assert_eq!(
        String::from_utf8(out).expect("utf-8"),
        "epoch,examples_seen,train_loss,train_acc,val_loss,val_acc\n\
         0.5,500,0.5,0.75,,\n\
         1,1000,0.5,0.75,0.25,0.75\n"
    );
}

#[test]
fn the_cli_writes_each_format_and_leaves_no_temporary_files() {
    let dir = temp_dir("formats");
    for name in ["race.gif", "race.PNG", "paths.csv"] {
        let mut a = args(&dir.join(name));
        a.frames = 3;
        a.size = "320x240".into();
        export(&a).unwrap_or_else(|e| panic!("{name}: {e:#}"));
    }
    let gif = image::open(dir.join("race.gif")).expect("gif decodes");
    assert_eq!((gif.width(), gif.height()), (320, 240));
    let csv = std::fs::read_to_string(dir.join("paths.csv")).expect("csv");
    assert!(csv.starts_with("optimizer,step,x,y,loss\n"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["paths.csv", "race.PNG", "race.gif"]);
    let _ = std::fs::remove_dir_all(&dir);
}

type Change = Box<dyn FnOnce(&mut ExportArgs)>;

/// Runs `export` with one change and returns its error message; no file may appear.
fn error_of(change: impl FnOnce(&mut ExportArgs)) -> String {
    let dir = temp_dir("errors");
    let mut a = args(&dir.join("out.gif"));
    change(&mut a);
    let message = match export(&a) {
        Ok(()) => panic!("{a:?} was accepted"),
        Err(e) => format!("{e:#}"),
    };
    let left = std::fs::read_dir(&dir).expect("dir").count();
    assert_eq!(left, 0, "a failed export left a file");
    let _ = std::fs::remove_dir_all(&dir);
    message
}

#[test]
fn bad_arguments_are_refused_with_clear_messages() {
    let cases: Vec<(Change, &str)> = vec![
        (Box::new(|a| a.size = "800".into()), "expected WIDTHxHEIGHT"),
        (
            Box::new(|a| a.size = "800xlots".into()),
            "\"lots\" is not a whole number",
        ),
        (
            Box::new(|a| a.size = "32x600".into()),
            "each side must be 64..=4096",
        ),
        (
            Box::new(|a| a.size = "800x5000".into()),
            "each side must be 64..=4096",
        ),
        (Box::new(|a| a.frames = 1), "1 frames is out of range"),
        (Box::new(|a| a.frames = 1001), "needs 2..=1000 frames"),
        (
            Box::new(|a| {
                a.out.set_extension("jpg");
            }),
            "unknown export format \"jpg\"",
        ),
        (
            Box::new(|a| {
                a.out.set_extension("");
            }),
            "must end in .gif, .png or .csv",
        ),
        (
            Box::new(|a| a.scene = Some("no/such/scene.json".into())),
            "no/such/scene.json",
        ),
        (
            Box::new(|a| {
                a.out.set_extension("png");
                a.step = Some(301);
            }),
            "--step 301 is beyond the scene's max_steps 300",
        ),
    ];
    for (change, wanted) in cases {
        let message = error_of(change);
        assert!(message.contains(wanted), "{message:?} lacks {wanted:?}");
        assert!(!message.contains('\n'), "one line: {message:?}");
    }
}

#[test]
fn the_library_checks_sizes_and_frame_counts_too() {
    let lab = beale();
    let tiny = FrameStyle {
        width: 10,
        height: 600,
        dark: true,
    };
    let mut out = Vec::new();
    assert!(matches!(
        export_png(&lab, 0, &tiny, &mut out),
        Err(ExportError::BadSize(_))
    ));
    let err = export_gif(&lab, 0, &FrameStyle::default(), &mut out, &mut |_, _| {});
    assert!(matches!(err, Err(ExportError::BadFrames(0))));
    assert!(out.is_empty(), "nothing written before validation");
    assert_eq!(export::frame_step(0, 60, 300), 0);
    assert_eq!(export::frame_step(59, 60, 300), 300);
}
