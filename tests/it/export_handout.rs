//! The lecture handout: one PNG per slide plus index.html, decoded back.

use descent::cli::export::{ExportArgs, export};
use descent::core::lecture;
use descent::export::handout::{HANDOUT_WIDTH, caption_lines};

#[test]
fn a_handout_has_one_image_per_slide_and_an_index() {
    let dir = std::env::temp_dir().join(format!("descent-handout-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let args = ExportArgs {
        scene: None,
        lecture: Some("optimizers".into()),
        out: dir.clone(),
        frames: 60,
        size: "800x600".into(),
        step: None,
        light: true,
    };
    let started = std::time::Instant::now();
    export(&args).expect("handout");
    let seconds = started.elapsed().as_secs_f64();
    let lec = lecture::open("optimizers").expect("shipped lecture");
    let n = lec.slides.len();
    println!("{n} slides in {seconds:.2} s");
    let mut images = 0;
    for i in 1..=n {
        let path = dir.join(format!("slide-{i:02}.png"));
        let img = image::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(img.width() >= 1280 && img.width() == HANDOUT_WIDTH);
        assert!(img.height() > 800, "caption band missing: {}", img.height());
        images += 1;
    }
    assert_eq!(images, n);
    assert!(!dir.join(format!("slide-{:02}.png", n + 1)).exists());
    let html = std::fs::read_to_string(dir.join("index.html")).expect("index.html");
    assert_eq!(html.matches("<section>").count(), n);
    assert!(html.contains("page-break-after"));
    for slide in &lec.slides {
        assert!(
            html.contains(&slide.title.replace('&', "&amp;")),
            "{}",
            slide.title
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn captions_lose_markdown_markers_but_keep_bullets() {
    let lines = caption_lines("# Title\n- one *two*\n\nplain `code`\n");
    assert_eq!(lines, ["• one two", "plain code"]);
}

/// Share of the figure area (the image's bottom 700 rows) whose colour differs from its most
/// common colour (the background): a caption alone or a placeholder line stays under 1%.
fn figure_ink(img: &image::RgbaImage) -> f64 {
    let rows = (img.height() - 700)..img.height();
    let mut counts = std::collections::HashMap::new();
    for y in rows.clone() {
        for x in 0..img.width() {
            *counts.entry(img.get_pixel(x, y).0).or_insert(0usize) += 1;
        }
    }
    let total: usize = counts.values().sum();
    let background = counts.values().copied().max().unwrap_or(0);
    (total - background) as f64 / total as f64
}

/// One slide of each tab (and each lesson with a figure): every PNG has a figure, and the
/// index lists them all.
#[test]
fn every_tab_gets_a_figure_in_the_handout() {
    let text = "lecture: 1\ntitle: All tabs\n---\nscene: long-valley\n\n# Landscape\n---\ntab: mnist\nmnist: epochs=2, train-size=2000\n\n# Curves\n---\ntab: why-hard\nview: guessing\n\n# Guessing\n---\nview: overfitting\n\n# Overfitting\n---\nview: backprop\n\n# Backprop\n";
    let lec = lecture::parse(text.as_bytes(), "all.md", None).expect("valid");
    let dir = std::env::temp_dir().join(format!("descent-handout-tabs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let files = descent::export::handout::write_handout(&lec, &dir, false).expect("handout");
    assert_eq!(files.len(), 6);
    let html = std::fs::read_to_string(dir.join("index.html")).expect("index.html");
    for (i, slide) in lec.slides.iter().enumerate() {
        let name = format!("slide-{:02}.png", i + 1);
        assert!(html.contains(&name), "index.html lacks {name}");
        let img = image::open(dir.join(&name)).expect("png").to_rgba8();
        assert!(img.width() >= 1280, "{name}: {} px wide", img.width());
        let ink = figure_ink(&img);
        println!("{name} ({}): {:.1}% ink", slide.title, 100.0 * ink);
        assert!(
            ink > 0.02,
            "{name} ('{}'): figure looks blank ({ink:.4})",
            slide.title
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The MNIST figure comes from training the slide's set-up: its curves are the run's numbers
/// (capped to a few epochs), so a handout stays fast.
#[test]
fn handout_training_is_capped() {
    use descent::core::training::TrainConfig;
    use descent::export::figures::{HANDOUT_EPOCHS, HANDOUT_TRAIN_IMAGES, handout_config};
    let capped = handout_config(&TrainConfig::default());
    assert_eq!(capped.epochs, HANDOUT_EPOCHS);
    assert_eq!(capped.train_size, HANDOUT_TRAIN_IMAGES);
    let small = TrainConfig {
        epochs: 2,
        train_size: 500,
        ..TrainConfig::default()
    };
    assert_eq!(handout_config(&small), small);
}
