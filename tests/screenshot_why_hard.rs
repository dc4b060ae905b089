//! Renders the "Why it's hard" screenshot with the real UI (headless, lavapipe):
//! `cargo test --test screenshot_why_hard -- --ignored` writes screenshots/why_hard.png.

use descent::ui::why_hard::{Lesson, WhyHardView};
use egui_kittest::Harness;

#[test]
#[ignore = "writes screenshots/: run on purpose"]
fn render_why_hard_screenshot() {
    let mut view = WhyHardView {
        lesson: Lesson::Overfitting,
        ..WhyHardView::default()
    };
    view.overfit.degree = 10;
    view.overfit.refit();
    // 1280×800 points at the app's default zoom 1.25: a 1600×1000 image.
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_pixels_per_point(1.25)
        .with_context_setup(|ctx| {
            descent::app::install_fonts(ctx);
            ctx.set_visuals(egui::Visuals::dark());
        })
        .wgpu()
        .build_ui_state(|ui, view: &mut WhyHardView| view.ui(ui), view);
    harness.run_steps(3);
    let save = |harness: &mut Harness<'_, WhyHardView>, name: &str| {
        let image = harness
            .render()
            .unwrap_or_else(|e| panic!("render {name}: {e}"));
        let path = format!("{}/screenshots/{name}.png", env!("CARGO_MANIFEST_DIR"));
        image
            .save(&path)
            .unwrap_or_else(|e| panic!("save {path}: {e}"));
        assert!(
            std::fs::metadata(&path).is_ok_and(|m| m.len() > 10_000),
            "{path} looks empty"
        );
    };
    save(&mut harness, "why_hard");
    // The other lessons, for review only (not committed).
    if std::env::var_os("WHY_HARD_ALL").is_some() {
        harness.state_mut().lesson = Lesson::Guessing;
        harness.run_steps(3);
        save(&mut harness, "why_hard_guessing");
        harness.state_mut().lesson = Lesson::Backprop;
        let ctx = harness.ctx.clone();
        harness.state_mut().cost.measure(&ctx);
        while harness.state().cost.measuring() {
            std::thread::sleep(std::time::Duration::from_millis(20));
            harness.run_steps(1);
        }
        harness.run_steps(3);
        save(&mut harness, "why_hard_backprop");
    }
}
