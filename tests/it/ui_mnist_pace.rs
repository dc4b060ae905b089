//! The MNIST tab's pace toggle, the overfitting demo button, its schedule picker, and the lr
//! slider switched off (with a note) when OneCycle sets the lr, in the MNIST tab and the race.

use std::time::Duration;

use descent::App;
use descent::app::Settings;
use descent::core::optimizer::OptimizerKind;
use descent::core::schedule::{OneCycle, Schedule};
use descent::core::training::{Pace, TrainConfig};
use descent::train::JobState;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use crate::common::{mnist_app, run_until, small_mnist};

const LIMIT: Duration = Duration::from_secs(60);

fn lr_slider_disabled(harness: &Harness<'_, App>) -> bool {
    harness
        .get_by_role_and_label(Role::Slider, "learning rate α")
        .accesskit_node()
        .is_disabled()
}

#[test]
fn the_pace_toggle_switches_from_the_classroom_default() {
    assert_eq!(
        Settings::default().mnist_pace,
        Pace::Classroom,
        "classroom pace is the default"
    );
    let mut harness = mnist_app([1400.0, 1000.0], small_mnist());
    assert_eq!(
        harness.state().mnist.pace,
        Pace::FullSpeed,
        "tests run flat out"
    );
    harness.get_by_label("classroom pace").click();
    harness.run_steps(2);
    assert_eq!(harness.state().mnist.pace, Pace::Classroom);
    harness.get_by_label("full speed").click();
    harness.run_steps(2);
    assert_eq!(harness.state().mnist.pace, Pace::FullSpeed);
}

#[test]
fn the_pace_is_saved_with_the_settings() {
    let settings = Settings {
        mnist_pace: Pace::FullSpeed,
        ..Settings::default()
    };
    let text = serde_json::to_string(&settings).unwrap();
    let back: Settings = serde_json::from_str(&text).unwrap();
    assert_eq!(back.mnist_pace, Pace::FullSpeed);
    // Settings saved before the pace existed load with classroom pace.
    let mut old: serde_json::Value = serde_json::from_str(&text).unwrap();
    old.as_object_mut().unwrap().remove("mnist_pace");
    let old: Settings = serde_json::from_value(old).unwrap();
    assert_eq!(old.mnist_pace, Pace::Classroom);
}

#[test]
fn the_overfitting_demo_button_loads_the_demo_and_a_schedule_draws_its_lr() {
    let mut harness = mnist_app([1400.0, 1000.0], small_mnist());
    harness.get_by_label("overfitting demo").click();
    harness.run_steps(2);
    assert_eq!(
        harness.state().mnist.config,
        TrainConfig::overfitting_demo()
    );
    // A schedule from the menu, sized in epochs, reaches the run.
    harness.get_by_label("lr schedule").click();
    harness.run_steps(2);
    harness.get_by_label("step").click();
    harness.run_steps(2);
    let schedule = harness.state().mnist.config.schedule;
    assert!(matches!(schedule, Schedule::Step { .. }), "{schedule:?}");
    harness.state_mut().mnist.config.epochs = 3;
    harness.state_mut().mnist.config.schedule = "step:step_size=1,gamma=0.5".parse().unwrap();
    harness.get_by_label("▶ start").click();
    run_until(&mut harness, LIMIT, |app| {
        app.mnist.run.epochs_done >= 3 && app.mnist.run.state == JobState::Idle
    });
    let lrs: Vec<f64> = harness
        .state()
        .mnist
        .run
        .curve
        .iter()
        .map(|p| p.lr)
        .collect();
    for lr in [2.0, 1.0, 0.5] {
        assert!(lrs.contains(&lr), "the curve records lr {lr}: {lrs:?}");
    }
    harness.run_steps(2);
    assert!(
        harness.query_by_label("learning rate (step)").is_some(),
        "the lr plot's legend"
    );
}

#[test]
fn onecycle_switches_the_mnist_lr_slider_off() {
    let mut harness = mnist_app([1400.0, 1000.0], small_mnist());
    assert!(!lr_slider_disabled(&harness));
    harness.state_mut().mnist.config.schedule = Schedule::OneCycle(OneCycle::new(1.0, 500));
    harness.run_steps(2);
    assert!(lr_slider_disabled(&harness));
}

#[test]
fn onecycle_switches_the_race_lr_slider_off() {
    let mut harness = crate::common::landscape_app([1280.0, 900.0]);
    let index = crate::common::racer_index(&harness, OptimizerKind::Adam);
    harness.state_mut().landscape.lab.state.selected = index;
    harness.run_steps(2);
    assert!(!lr_slider_disabled(&harness));
    let schedule = Schedule::OneCycle(OneCycle::new(0.1, 100));
    harness
        .state_mut()
        .landscape
        .lab
        .set_schedule(index, schedule)
        .unwrap();
    harness.run_steps(2);
    assert!(lr_slider_disabled(&harness));
}

/// Wall time of whole runs at classroom pace on the bundled MNIST (the training thread alone,
/// no rendering), and the overfitting demo's turn:
/// `cargo test --locked classroom_pace_wall_time -- --ignored --nocapture`.
#[test]
#[ignore = "takes about a minute: measures classroom pace"]
fn classroom_pace_wall_time() {
    use descent::train::{Command, DataSource, Progress, TrainingJob};
    for cfg in [TrainConfig::overfitting_demo(), TrainConfig::default()] {
        let mut job = TrainingJob::spawn(DataSource::Bundled);
        job.send(Command::SetPace(Pace::Classroom));
        job.send(Command::Start(cfg.clone()));
        let mut start = None;
        let mut records = Vec::new();
        'run: loop {
            for p in job.poll() {
                match p {
                    Progress::RunStarted { .. } => start = Some(std::time::Instant::now()),
                    Progress::EpochEnd(r) => records.push(r),
                    Progress::Finished => break 'run,
                    Progress::Diverged { message } | Progress::Error(message) => {
                        panic!("{message}")
                    }
                    _ => {}
                }
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let secs = start.unwrap().elapsed().as_secs_f64();
        let best = records
            .iter()
            .min_by(|a, b| a.val_loss.total_cmp(&b.val_loss))
            .unwrap();
        let last = records.last().unwrap();
        println!(
            "{} images × {} epochs: {secs:.1} s at classroom pace; best epoch {} (validation \
             loss {:.4}), last epoch {} ({:.4})",
            cfg.train_size, cfg.epochs, best.epoch, best.val_loss, last.epoch, last.val_loss
        );
        assert!(
            secs >= 0.9 * descent::core::training::CLASSROOM_RUN_SECS,
            "{secs} s"
        );
    }
}
