//! The chapter figures of issue #14 (step anatomy, dropout, learning-rate decay) at projector
//! sizes: `cargo test screenshot_figures -- --ignored` writes screenshots/*.png (1024×768) and
//! the 1920×1080 versions to the temporary directory for checking.

use std::path::Path;

use crate::common::save_screenshot;
use descent::App;
use descent::app::Settings;
use descent::core::lab::{LabState, Layout};
use descent::core::optimizer::OptimizerKind;
use descent::core::{presets, scene};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const SIZES: [(&str, [f32; 2]); 2] = [("", [1024.0, 768.0]), ("-1080", [1920.0, 1080.0])];

fn landscape_app(state: LabState, step: usize, size: [f32; 2]) -> Harness<'static, App> {
    let settings = Settings {
        landscape: state,
        ..Settings::default()
    };
    let mut harness = Harness::builder()
        .with_size(size)
        .wgpu()
        .build_eframe(move |cc| App::with_settings(&cc.egui_ctx, settings));
    harness.state_mut().landscape.show_3d = false;
    harness.state_mut().landscape.lab.set_step(step);
    harness.run_steps(4);
    harness
}

fn save(harness: &mut Harness<'_, App>, name: &str, suffix: &str) {
    if suffix.is_empty() {
        save_screenshot(harness, name);
    } else {
        let image = harness.render().expect("render");
        let path = std::env::temp_dir().join(format!("{name}{suffix}.png"));
        image.save(&path).expect("save");
    }
}

#[test]
#[ignore = "writes screenshots/: run on purpose"]
fn render_step_anatomy() {
    let mut state = presets::radford_beale();
    for e in &mut state.entries {
        e.enabled = matches!(
            e.racer.kind,
            OptimizerKind::Momentum | OptimizerKind::Nesterov
        );
    }
    state.anatomy = true;
    for (suffix, size) in SIZES {
        let mut harness = landscape_app(state.clone(), 8, size);
        save(&mut harness, "nesterov-anatomy", suffix);
        harness.state_mut().landscape.lab.state.layout = Layout::SmallMultiples;
        harness.run_steps(3);
        save(&mut harness, "nesterov-anatomy-side-by-side", suffix);
    }
}

#[test]
#[ignore = "writes screenshots/: run on purpose"]
fn render_lr_decay() {
    let scene = scene::load_named_or_path(Path::new("lr-decay")).expect("bundled scene");
    let state = scene.landscape.expect("landscape");
    let steps = state.max_steps;
    for (suffix, size) in SIZES {
        let mut harness = landscape_app(state.clone(), steps, size);
        save(&mut harness, "lr-decay", suffix);
    }
}

#[test]
#[ignore = "writes screenshots/: run on purpose"]
fn render_mnist_dropout() {
    use crate::common::{mnist_app, run_until, small_mnist};
    use descent::core::views::MnistView;
    for (suffix, size) in SIZES {
        let mut harness = mnist_app(size, small_mnist());
        harness.state_mut().mnist.config.dropout = 0.5;
        harness.state_mut().mnist.inspect = MnistView::Network;
        harness.run_steps(1);
        harness.get_by_label("▶ start").click();
        run_until(&mut harness, std::time::Duration::from_secs(60), |app| {
            app.mnist.run.curve.len() > 3
                && app
                    .mnist
                    .run
                    .snapshot
                    .as_ref()
                    .is_some_and(|s| s.mlp.dropout_mask().is_some())
        });
        harness.get_by_label("▮▮ pause").click();
        harness.run_steps(4);
        save(&mut harness, "mnist-dropout", suffix);
    }
}
