//! Renders the README's screenshots with the real UI (headless, lavapipe):
//! `cargo test --test screenshots -- --ignored` writes screenshots/*.png.

use crate::common::save_screenshot;
use descent::App;
use descent::app::Settings;
use descent::core::presets;
use egui_kittest::Harness;

fn app_with(state: descent::core::lab::LabState, step: usize) -> Harness<'static, App> {
    let settings = Settings {
        landscape: state,
        ..Settings::default()
    };
    let mut harness = Harness::builder()
        .with_size([1600.0, 1000.0])
        .wgpu()
        .build_eframe(move |cc| App::with_settings(&cc.egui_ctx, settings));
    harness.state_mut().landscape.lab.set_step(step);
    harness.run_steps(3);
    harness
}

#[test]
#[ignore = "writes screenshots/: run on purpose"]
fn render_readme_screenshots() {
    save_screenshot(&mut app_with(presets::radford_beale(), 120), "landscape");
    save_screenshot(
        &mut app_with(presets::linear_regression(), 60),
        "regression",
    );
    let mut banana = app_with(presets::distill_banana(), 150);
    banana.state_mut().landscape.lab.state.layout = descent::core::lab::Layout::SmallMultiples;
    banana.state_mut().landscape.show_3d = false;
    banana.run_steps(3);
    save_screenshot(&mut banana, "small_multiples");
}
