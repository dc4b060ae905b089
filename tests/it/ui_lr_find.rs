//! "find lr" in the MNIST tab: the sweep runs in the background on a copy of the starting
//! network, its result is the core's for the same data, and "use it" moves the lr slider.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::common::{mnist_app, run_until, save_screenshot, small_mnist};
use descent::App;
use descent::core::lr_find::{LrFindSettings, lr_find};
use descent::core::mnist;
use descent::core::training::TrainConfig;
use descent::train::{DataSource, JobState, LrFindJob};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const LIMIT: Duration = Duration::from_secs(60);

fn harness() -> Harness<'static, App> {
    mnist_app([1400.0, 1000.0], small_mnist())
}

fn files() -> Arc<descent::train::MnistFiles> {
    match small_mnist() {
        DataSource::Loaded(files) => files,
        _ => unreachable!("small_mnist is decoded"),
    }
}

#[test]
fn the_job_gives_the_cores_sweep_on_the_runs_training_split() {
    let files = files();
    let cfg = TrainConfig::default();
    let mut job = LrFindJob::spawn(
        cfg.clone(),
        Arc::clone(&files),
        LrFindSettings::default(),
        || {},
    );
    let start = Instant::now();
    let outcome = loop {
        if let Some(done) = job.poll() {
            break done.unwrap();
        }
        assert!(start.elapsed() < LIMIT, "the sweep did not finish");
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(job.poll().is_none(), "the outcome is handed out once");
    let splits =
        mnist::split(files.train_file.clone(), files.test.clone(), cfg.train_size).unwrap();
    let direct = lr_find(&cfg, &splits.train, &LrFindSettings::default(), &|| false).unwrap();
    assert_eq!(outcome.result, direct);
    assert_eq!(outcome.config, cfg);
}

#[test]
fn dropping_a_running_sweep_returns_within_a_frame() {
    let settings = LrFindSettings {
        iterations: 100_000,
        end_lr: 1e-5,
        ..LrFindSettings::default()
    };
    let job = LrFindJob::spawn(TrainConfig::default(), files(), settings, || {});
    std::thread::sleep(Duration::from_millis(50));
    let start = Instant::now();
    drop(job);
    assert!(
        start.elapsed() < Duration::from_millis(500),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn find_lr_plots_a_suggestion_and_use_it_sets_the_slider_without_touching_the_run() {
    let mut harness = harness();
    assert_eq!(harness.state().mnist.config.hyper.lr, 0.5);
    harness.get_by_label("find lr").click();
    run_until(&mut harness, LIMIT, |app| {
        app.mnist.lr_find.outcome().is_some()
    });
    let suggested = harness
        .state()
        .mnist
        .lr_find
        .outcome()
        .and_then(|o| o.result.suggested_lr())
        .expect("a suggestion on MNIST");
    assert_ne!(suggested, 0.5);
    harness.run_steps(2);
    harness.get_by_label("use it").click();
    harness.run_steps(2);
    let app = harness.state();
    assert_eq!(app.mnist.config.hyper.lr, suggested);
    assert_eq!(app.mnist.run.state, JobState::Idle, "no run was started");
    assert!(app.mnist.run.curve.is_empty(), "no curve was drawn");
}

#[test]
#[ignore = "writes screenshots/mnist_lr_find.png: run on purpose"]
fn render_lr_find_screenshot() {
    let mut harness = harness();
    harness.get_by_label("find lr").click();
    run_until(&mut harness, LIMIT, |app| {
        app.mnist.lr_find.outcome().is_some()
    });
    harness.run_steps(3);
    save_screenshot(&mut harness, "mnist_lr_find");
}
