//! UI-thread time per frame of the real app under load (headless, egui_kittest):
//! `cargo bench --bench frame_time`. Each frame is `Harness::step`: input handling, the app's
//! `logic` + `ui` (including any recomputation they trigger), egui's layout, and tessellation —
//! everything the UI thread does except handing the meshes to the GPU driver.

use std::time::{Duration, Instant};

use descent::App;
use descent::app::{Settings, Tab};
use descent::core::presets;
use descent::core::surface::Surface;
use descent::train::{DataSource, JobState};
use egui_kittest::Harness;

const FRAMES: usize = 120;

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let median = ms(times[times.len() / 2]);
    let p95 = ms(times[times.len() * 95 / 100]);
    let max = ms(times[times.len() - 1]);
    println!("{name:<58} median {median:6.2} ms   p95 {p95:6.2} ms   max {max:6.2} ms");
}

fn app(settings: Settings, data: DataSource) -> Harness<'static, App> {
    let mut harness = Harness::builder()
        .with_size([1600.0, 1000.0])
        .build_eframe(move |cc| App::with_data(&cc.egui_ctx, settings, data));
    harness.run_steps(5);
    harness
}

fn timed_frames(
    harness: &mut Harness<'static, App>,
    mut before_frame: impl FnMut(&mut Harness<'static, App>, usize),
) -> Vec<Duration> {
    (0..FRAMES)
        .map(|i| {
            before_frame(harness, i);
            let start = Instant::now();
            harness.step();
            // eframe tessellates on the UI thread too; kittest's step leaves that to rendering.
            let output = harness.output();
            let primitives = harness
                .ctx
                .tessellate(output.shapes.clone(), output.pixels_per_point);
            let elapsed = start.elapsed();
            assert!(!primitives.is_empty(), "the frame drew something");
            elapsed
        })
        .collect()
}

fn race() {
    let settings = Settings {
        landscape: presets::radford_beale(),
        ..Settings::default()
    };
    let mut harness = app(settings, DataSource::Bundled);
    harness.state_mut().landscape.lab.toggle_play();
    let times = timed_frames(&mut harness, |_, _| {});
    report(
        "landscape: 7 optimizers racing, 256x256 grid, 3-D view",
        times,
    );
    harness.state_mut().landscape.show_3d = false;
    harness.state_mut().landscape.lab.reset();
    harness.state_mut().landscape.lab.toggle_play();
    let times = timed_frames(&mut harness, |_, _| {});
    report("landscape: the same without the 3-D view", times);
}

fn drag_regression_point() {
    let settings = Settings {
        landscape: presets::linear_regression(),
        ..Settings::default()
    };
    let mut harness = app(settings, DataSource::Bundled);
    let times = timed_frames(&mut harness, |h, i| {
        // What a real drag does each frame: move a data point (grid + contours + race recomputed).
        let lab = &mut h.state_mut().landscape.lab;
        if let Surface::Regression(data) = &lab.state.surface {
            let p = data.points[0];
            lab.move_data_point(0, [p[0], p[1] + if i % 2 == 0 { 0.05 } else { -0.05 }]);
        }
    });
    report(
        "landscape: dragging a regression data point every frame",
        times,
    );
}

fn mnist_training() {
    let settings = Settings {
        tab: Tab::Mnist,
        ..Settings::default()
    };
    let mut harness = app(settings, DataSource::Bundled);
    let start = Instant::now();
    while harness.state().mnist.run.data.is_none() && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(10));
        harness.step();
    }
    let ctx = harness.ctx.clone();
    harness.state_mut().mnist.start(&ctx);
    while harness.state().mnist.run.state != JobState::Running
        && start.elapsed() < Duration::from_secs(30)
    {
        harness.step();
    }
    let times = timed_frames(&mut harness, |_, _| {
        std::thread::sleep(Duration::from_millis(16))
    });
    let points = harness.state().mnist.run.curve.len();
    report(
        &format!("mnist: training in the background ({points} curve points)"),
        times,
    );
}

fn main() {
    // `cargo bench --bench frame_time -- race` runs one scenario (e.g. under a profiler).
    let only = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wanted = |name: &str| only.as_deref().is_none_or(|o| name.contains(o));
    println!("UI-thread time per frame, {FRAMES} frames each (target ≤ 8 ms):");
    if wanted("race") {
        race();
    }
    if wanted("drag") {
        drag_regression_point();
    }
    if wanted("mnist") {
        mnist_training();
    }
}
