//! Renders the "Why it's hard" screenshot with the real UI (headless, lavapipe):
//! `cargo test --test screenshot_why_hard -- --ignored` writes screenshots/why_hard.png.

use std::time::Duration;

use crate::common::{run_until, save_screenshot};
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
    save_screenshot(&mut harness, "why_hard");
    // The other lessons, for review only (not committed).
    if std::env::var_os("WHY_HARD_ALL").is_some() {
        harness.state_mut().lesson = Lesson::Guessing;
        harness.run_steps(3);
        save_screenshot(&mut harness, "why_hard_guessing");
        harness.state_mut().lesson = Lesson::Backprop;
        let ctx = harness.ctx.clone();
        harness.state_mut().cost.measure(&ctx);
        run_until(&mut harness, Duration::from_secs(60), |view| {
            !view.cost.measuring()
        });
        harness.run_steps(3);
        save_screenshot(&mut harness, "why_hard_backprop");
    }
}
