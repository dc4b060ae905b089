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
