//! Renders the climber and the 10^N lessons with the real UI (headless, lavapipe):
//! `cargo test screenshot_why_figures -- --ignored` writes screenshots/why-climber.png and
//! screenshots/why-dimensions.png (1024×768 pixels, the projector case); with WHY_FIGURES_ALL
//! set also the dark walk, both lessons at 1920×1080, N = 11935 and the light theme, for review.

use crate::common::save_screenshot;
use descent::ui::why_hard::{Lesson, WhyHardView};
use egui_kittest::Harness;

fn harness(lesson: Lesson, pixels: [f32; 2], zoom: f32) -> Harness<'static, WhyHardView> {
    crate::common::why_hard_harness(lesson, [pixels[0] / zoom, pixels[1] / zoom], zoom)
}

/// A walk a class might take: a few steps roughly downhill, one wrong turn.
fn walk(harness: &mut Harness<'static, WhyHardView>) {
    let s = &mut harness.state_mut().climber;
    for target in [
        [1.0, 3.0],
        [1.0, 3.0],
        [3.0, 3.0],
        [3.0, 1.0],
        [3.0, 2.0],
        [4.0, 2.0],
    ] {
        s.aim_at(target);
        s.step();
    }
    harness.run_steps(2);
}

#[test]
#[ignore = "writes screenshots/: run on purpose"]
fn render_why_figures_screenshots() {
    let all = std::env::var_os("WHY_FIGURES_ALL").is_some();
    let mut h = harness(Lesson::Climber, [1024.0, 768.0], 1.25);
    walk(&mut h);
    h.state_mut().climber.show_slope = true;
    h.run_steps(2);
    if all {
        save_screenshot(&mut h, "why-climber-dark");
    }
    h.state_mut().climber.lights_on = true;
    h.run_steps(3);
    save_screenshot(&mut h, "why-climber");
    let mut h = harness(Lesson::Dimensions, [1024.0, 768.0], 1.25);
    save_screenshot(&mut h, "why-dimensions");
    if all {
        h.state_mut().dimensions.dims = 11935;
        h.run_steps(3);
        save_screenshot(&mut h, "why-dimensions-mlp");
        let mut h = harness(Lesson::Climber, [1920.0, 1080.0], 1.25);
        walk(&mut h);
        h.state_mut().climber.lights_on = true;
        h.run_steps(3);
        save_screenshot(&mut h, "why-climber-1080");
        let mut h = harness(Lesson::Dimensions, [1920.0, 1080.0], 1.25);
        save_screenshot(&mut h, "why-dimensions-1080");
        let mut h = harness(Lesson::Climber, [1024.0, 768.0], 1.25);
        h.ctx.set_visuals(egui::Visuals::light());
        walk(&mut h);
        h.state_mut().climber.show_slope = true;
        h.run_steps(3);
        save_screenshot(&mut h, "why-climber-light");
    }
}
