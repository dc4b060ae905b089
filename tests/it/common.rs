//! Helpers shared by the UI test binaries. Each binary uses a subset, so the rest would be
//! reported as dead code there.

use std::sync::Arc;
use std::time::{Duration, Instant};

use descent::core::mnist;
use descent::train::{DataSource, MnistFiles};
use egui_kittest::Harness;

/// A small real MNIST subset (3,000 training-file images, 500 test images): enough to train
/// visibly in a UI test.
pub fn small_mnist() -> DataSource {
    let (train, test) = mnist::load_bundled().expect("bundled MNIST");
    DataSource::Loaded(Arc::new(MnistFiles {
        train_file: train.subset(0..3000),
        test: test.subset(0..500),
    }))
}

/// Steps the UI (which drains the background jobs' progress) until `done`, failing after
/// `limit`.
pub fn run_until<S>(harness: &mut Harness<'_, S>, limit: Duration, done: impl Fn(&S) -> bool) {
    let start = Instant::now();
    while !done(harness.state()) {
        assert!(
            start.elapsed() < limit,
            "timed out waiting for the background jobs"
        );
        std::thread::sleep(Duration::from_millis(20));
        harness.run_steps(1);
    }
}

/// Renders the harness and writes screenshots/<name>.png.
pub fn save_screenshot<S>(harness: &mut Harness<'_, S>, name: &str) {
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
}

/// The whole app at `size`, on the MNIST tab, training on `data`, once that data has loaded.
pub fn mnist_app(size: [f32; 2], data: DataSource) -> Harness<'static, descent::App> {
    use descent::app::{Settings, Tab};
    // Full speed: tests must not wait for classroom pace.
    let settings = Settings {
        tab: Tab::Mnist,
        mnist_pace: descent::core::training::Pace::FullSpeed,
        ..Settings::default()
    };
    let mut harness = Harness::builder()
        .with_size(size)
        .wgpu()
        .build_eframe(|cc| descent::App::with_data(&cc.egui_ctx, settings, data));
    run_until(&mut harness, Duration::from_secs(60), |app| {
        app.mnist.run.data.is_some()
    });
    harness
}

/// The "Why it's hard" tab alone on `lesson`, `points` wide and high at `zoom` pixels per point,
/// dark theme, fonts installed, after a few frames.
pub fn why_hard_harness(
    lesson: descent::ui::why_hard::Lesson,
    points: [f32; 2],
    zoom: f32,
) -> Harness<'static, descent::ui::why_hard::WhyHardView> {
    use descent::ui::why_hard::WhyHardView;
    let view = WhyHardView {
        lesson,
        ..WhyHardView::default()
    };
    let mut harness = Harness::builder()
        .with_size(points)
        .with_pixels_per_point(zoom)
        .with_context_setup(|ctx| {
            descent::app::install_fonts(ctx);
            ctx.set_visuals(egui::Visuals::dark());
        })
        .wgpu()
        .build_ui_state(|ui, view: &mut WhyHardView| view.ui(ui), view);
    harness.run_steps(3);
    harness
}

/// The whole app as it opens (landscape tab, default settings) at `size`, after a few frames.
pub fn landscape_app(size: [f32; 2]) -> Harness<'static, descent::App> {
    let mut harness = Harness::builder()
        .with_size(size)
        .wgpu()
        .build_eframe(|cc| {
            descent::App::with_settings(&cc.egui_ctx, descent::app::Settings::default())
        });
    harness.run_steps(3);
    harness
}

/// The index of the racing `kind` in the landscape's race (the default race has each once).
pub fn racer_index(
    harness: &Harness<'static, descent::App>,
    kind: descent::core::optimizer::OptimizerKind,
) -> usize {
    harness
        .state()
        .landscape
        .lab
        .state
        .entries
        .iter()
        .position(|e| e.racer.kind == kind && e.enabled)
        .unwrap_or_else(|| panic!("{} races", kind.name()))
}
