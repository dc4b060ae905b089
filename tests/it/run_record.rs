//! The MNIST tab's run record without a window: `Progress` messages fed by hand (and once from
//! a real job) build the curves, ghosts, snapshot and outcome the view draws.

use std::sync::Arc;
use std::time::{Duration, Instant};

use descent::core::gradcheck::GradientCheckReport;
use descent::core::mlp::Mlp;
use descent::core::optimizer::OptimizerKind;
use descent::core::training::{EpochRecord, TrainConfig};
use descent::train::{
    Applied, Command, CurvePoint, DataSource, JobState, MAX_GHOSTS, MnistFiles, NetSnapshot,
    Progress, RunRecord, TrainingJob, run_label,
};

use crate::common::small_mnist;

fn files() -> Arc<MnistFiles> {
    match small_mnist() {
        DataSource::Loaded(files) => files,
        other => panic!("small_mnist gave {other:?}"),
    }
}

fn loaded(dataset: u64) -> Progress {
    Progress::DataLoaded {
        train: 2500,
        validation: 500,
        test: 500,
        files: files(),
        dataset,
    }
}

fn point(examples_seen: u64) -> Progress {
    Progress::Point(CurvePoint {
        examples_seen,
        epoch_f: examples_seen as f64 / 2500.0,
        train_loss: 1.0 / (1.0 + examples_seen as f64),
        train_acc: 0.5,
        val_loss: None,
        val_acc: None,
        lr: 0.5,
    })
}

fn snapshot(dataset: u64, examples_seen: u64) -> Progress {
    let config = TrainConfig::default();
    let mlp = Mlp::<f32>::new(&config.mlp_config()).unwrap();
    let hidden_weights = (0..mlp.sizes()[1]).map(|u| mlp.hidden_weights(u)).collect();
    Progress::Snapshot(Box::new(NetSnapshot {
        mlp,
        hidden_weights,
        confusion: None,
        examples_per_sec: 0.0,
        last_epoch_secs: None,
        best_epoch: None,
        examples_seen,
        epoch_f: examples_seen as f64 / 2500.0,
        dataset,
        optimizer: config.optimizer,
        hyper: config.hyper,
        optimizer_steps: 0,
    }))
}

fn epoch_end(epoch: usize) -> Progress {
    Progress::EpochEnd(EpochRecord {
        epoch,
        seconds: 1.0,
        train_loss: 0.5,
        train_acc: 0.8,
        val_loss: 0.6,
        val_acc: 0.75,
        lr: 0.5,
    })
}

fn report() -> GradientCheckReport {
    GradientCheckReport {
        rows: vec![(0, 1.0, 1.0, 0.0)],
        max_rel_error: 0.0,
        batch_size: 8,
        backprop_secs: 0.001,
        forward_secs: 0.001,
        estimated_numerical_secs: 1.0,
        param_count: 11_935,
    }
}

/// The small dataset's training set (so labels name its size).
fn config_lr(lr: f64) -> TrainConfig {
    let mut config = TrainConfig {
        train_size: 2500,
        ..Default::default()
    };
    config.hyper.lr = lr;
    config
}

/// A record with data loaded and a run going, as the job would have reported them.
fn running(dataset: u64) -> RunRecord {
    let mut record = RunRecord::default();
    record.apply(loaded(dataset));
    record.start(&config_lr(0.5));
    record.apply(Progress::RunStarted { initial: vec![] });
    record.apply(Progress::State(JobState::Running));
    record
}

fn examples(record: &RunRecord) -> Vec<u64> {
    record.curve.iter().map(|p| p.examples_seen).collect()
}

#[test]
fn curve_points_accumulate_in_order() {
    let mut record = running(1);
    assert_eq!(record.state, JobState::Running);
    for seen in [100, 200, 300] {
        assert_eq!(record.apply(point(seen)), Applied::Done);
    }
    assert_eq!(examples(&record), [100, 200, 300]);
    record.apply(epoch_end(1));
    record.apply(point(400));
    assert_eq!(record.epochs_done, 1);
    assert_eq!(examples(&record), [100, 200, 300, 400]);
}

#[test]
fn a_start_retires_the_curve_into_a_labelled_ghost_keeping_four() {
    let mut record = RunRecord::default();
    record.apply(loaded(1));
    // A start with nothing drawn yet leaves no empty ghost behind.
    record.start(&config_lr(0.1));
    record.start(&config_lr(0.1));
    assert!(record.ghosts.is_empty());
    let lrs = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
    for (i, &lr) in lrs.iter().enumerate() {
        record.start(&config_lr(lr));
        assert_eq!(record.run_label, run_label(&config_lr(lr)));
        assert!(record.curve.is_empty(), "a new run starts with no curve");
        record.apply(point(i as u64 + 1));
        record.apply(point(i as u64 + 100));
    }
    record.start(&config_lr(0.7));
    assert_eq!(record.ghosts.len(), MAX_GHOSTS);
    assert_eq!(MAX_GHOSTS, 4);
    // The newest four runs, oldest first, each with its own label and curve.
    for (ghost, i) in record.ghosts.iter().zip(2..) {
        assert_eq!(ghost.label, run_label(&config_lr(lrs[i])));
        let seen: Vec<u64> = ghost.curve.iter().map(|p| p.examples_seen).collect();
        assert_eq!(seen, [i as u64 + 1, i as u64 + 100]);
    }
    assert_eq!(record.ghosts[0].label, "SGD lr 0.3, batch 32, 2500 images");
}

#[test]
fn a_start_clears_the_last_runs_outcome_but_not_its_network() {
    let mut record = running(1);
    record.apply(point(100));
    record.apply(snapshot(1, 100));
    record.apply(epoch_end(1));
    record.apply(Progress::EarlyStopped { best_epoch: 1 });
    record.apply(Progress::TestResult {
        loss: 0.3,
        acc: 0.9,
    });
    record.apply(Progress::Diverged {
        message: "loss is NaN".into(),
    });
    record.start(&config_lr(0.2));
    assert_eq!(record.epochs_done, 0);
    assert_eq!(record.early_stopped, None);
    assert_eq!(record.test_result, None);
    assert_eq!(record.diverged, None);
    // The network stays on screen until the new run's first snapshot replaces it.
    assert!(record.snapshot.is_some());
}

#[test]
fn the_optimizer_switch_shows_in_the_label_and_goes_into_the_ghost() {
    let mut record = running(1);
    record.apply(point(100));
    record.optimizer_switched(OptimizerKind::Adam, 0.001);
    assert_eq!(
        record.run_label,
        "SGD lr 0.5, batch 32, 2500 images → Adam lr 0.001"
    );
    record.start(&config_lr(0.5));
    assert_eq!(
        record.ghosts[0].label,
        "SGD lr 0.5, batch 32, 2500 images → Adam lr 0.001"
    );
}

#[test]
fn after_a_reset_the_old_runs_messages_are_dropped_until_idle() {
    let mut record = running(1);
    record.apply(point(100));
    record.apply(snapshot(1, 100));
    record.apply(epoch_end(1));
    let version = record.snapshot_version;
    record.reset();
    assert!(record.curve.is_empty());
    assert!(record.snapshot.is_none());
    assert_eq!(record.epochs_done, 0);
    assert!(
        record.ghosts.is_empty(),
        "a reset run is not kept as a ghost"
    );

    // Sent by the thread before it saw the reset.
    for p in [
        point(200),
        snapshot(1, 200),
        epoch_end(2),
        Progress::EarlyStopped { best_epoch: 2 },
        Progress::Finished,
        Progress::Diverged {
            message: "loss is NaN".into(),
        },
        Progress::TestResult {
            loss: 0.3,
            acc: 0.9,
        },
    ] {
        assert_eq!(record.apply(p), Applied::Done);
    }
    assert!(record.curve.is_empty());
    assert!(record.snapshot.is_none());
    assert_eq!(record.snapshot_version, version);
    assert_eq!(record.epochs_done, 0);
    assert_eq!(record.early_stopped, None);
    assert_eq!(record.diverged, None);
    assert_eq!(record.test_result, None);
    // Other messages still count meanwhile.
    assert_eq!(
        record.apply(Progress::Error("bad".into())),
        Applied::Error("bad".into())
    );
    record.apply(Progress::State(JobState::Paused));
    assert_eq!(record.state, JobState::Paused);

    // The thread confirms the reset; what follows belongs to the next run.
    record.apply(Progress::State(JobState::Idle));
    assert_eq!(record.state, JobState::Idle);
    record.apply(point(300));
    assert_eq!(record.apply(snapshot(1, 300)), Applied::NewSnapshot);
    record.apply(epoch_end(1));
    assert_eq!(examples(&record), [300]);
    assert_eq!(record.snapshot.as_ref().map(|s| s.examples_seen), Some(300));
    assert_eq!(record.snapshot_version, version + 1);
    assert_eq!(record.epochs_done, 1);
}

#[test]
fn a_new_job_stops_discarding() {
    let mut record = running(1);
    record.reset();
    record.apply(Progress::DataError("train-images: not found".into()));
    record.new_job();
    assert_eq!(record.data_error, None);
    record.apply(point(100));
    assert_eq!(examples(&record), [100]);
}

#[test]
fn new_data_retires_the_run_and_clears_what_was_computed_from_it() {
    let mut record = running(1);
    record.apply(point(100));
    record.apply(snapshot(1, 100));
    record.apply(epoch_end(1));
    record.apply(Progress::GradientCheck(report()));
    record.apply(Progress::TestResult {
        loss: 0.3,
        acc: 0.9,
    });
    record.apply(Progress::Diverged {
        message: "loss is NaN".into(),
    });
    record.apply(Progress::EarlyStopped { best_epoch: 1 });
    assert_eq!(record.current_snapshot().map(|s| s.dataset), Some(1));

    // The same dataset again changes nothing.
    assert_eq!(record.apply(loaded(1)), Applied::Done);
    assert_eq!(examples(&record), [100]);
    assert!(record.gradient_check.is_some());

    let version = record.snapshot_version;
    assert_eq!(record.apply(loaded(2)), Applied::DataReplaced);
    assert_eq!(record.dataset_id(), Some(2));
    assert_eq!(record.state, JobState::Idle);
    assert!(record.curve.is_empty());
    assert_eq!(record.ghosts.len(), 1);
    assert_eq!(record.ghosts[0].label, run_label(&config_lr(0.5)));
    assert_eq!(record.ghosts[0].curve.len(), 1);
    assert!(record.snapshot.is_none());
    assert!(record.current_snapshot().is_none());
    assert_eq!(record.snapshot_version, version + 1);
    assert!(record.gradient_check.is_none());
    assert_eq!(record.epochs_done, 0);
    assert_eq!(record.test_result, None);
    assert_eq!(record.diverged, None);
    assert_eq!(record.early_stopped, None);
}

#[test]
fn outcomes_and_errors_are_recorded() {
    let mut record = running(1);
    record.apply(Progress::DataError("t10k-labels: truncated".into()));
    assert_eq!(record.data_error.as_deref(), Some("t10k-labels: truncated"));
    record.apply(Progress::EarlyStopped { best_epoch: 3 });
    assert_eq!(record.early_stopped, Some(3));
    record.apply(Progress::Diverged {
        message: "loss is NaN".into(),
    });
    assert_eq!(record.diverged.as_deref(), Some("loss is NaN"));
    record.apply(Progress::TestResult {
        loss: 0.25,
        acc: 0.93,
    });
    assert_eq!(record.test_result, Some((0.25, 0.93)));
    record.apply(Progress::GradientCheck(report()));
    assert_eq!(record.gradient_check, Some(report()));
    assert_eq!(
        record.apply(Progress::RunStarted {
            initial: vec![1.0, 2.0]
        }),
        Applied::RunStarted(vec![1.0, 2.0])
    );
    assert_eq!(
        record.apply(Progress::Error("nothing to evaluate".into())),
        Applied::Error("nothing to evaluate".into())
    );
    // Data arriving again clears a load error.
    record.apply(loaded(1));
    assert_eq!(record.data_error, None);
}

#[test]
fn every_snapshot_bumps_the_version_and_only_the_current_datasets_is_current() {
    let mut record = running(1);
    assert_eq!(record.snapshot_version, 0);
    for (i, seen) in [100, 200, 300].into_iter().enumerate() {
        assert_eq!(record.apply(snapshot(1, seen)), Applied::NewSnapshot);
        assert_eq!(record.snapshot_version, i as u64 + 1);
    }
    assert_eq!(
        record.current_snapshot().map(|s| s.examples_seen),
        Some(300)
    );
    // A snapshot of another dataset's run is kept but never taken for the current one's.
    record.apply(snapshot(7, 400));
    assert_eq!(record.snapshot_version, 4);
    assert!(record.snapshot.is_some());
    assert!(record.current_snapshot().is_none());
}

#[test]
fn a_real_job_fills_a_record_until_finished() {
    let config = TrainConfig {
        epochs: 2,
        train_size: 2500,
        ..Default::default()
    };
    let mut job = TrainingJob::spawn(small_mnist());
    let mut record = RunRecord::default();
    record.start(&config);
    job.send(Command::Start(config.clone()));
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut finished = false;
    while !(finished && record.state == JobState::Idle) {
        assert!(Instant::now() < deadline, "the run did not finish");
        for p in job.poll() {
            finished |= matches!(p, Progress::Finished);
            record.apply(p);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(record.data.as_ref().map(|d| d.train), Some(2500));
    assert_eq!(record.epochs_done, config.epochs);
    // Five validations per epoch, the last on the run's end; training points in between.
    let validations: Vec<&CurvePoint> = record
        .curve
        .iter()
        .filter(|p| p.val_loss.is_some())
        .collect();
    assert_eq!(validations.len(), 5 * config.epochs);
    let last = record.curve.last().expect("a curve");
    assert_eq!(
        last.examples_seen,
        (config.epochs * config.train_size) as u64
    );
    assert_eq!(last.epoch_f, config.epochs as f64);
    assert!(
        record
            .curve
            .windows(2)
            .all(|w| w[0].examples_seen < w[1].examples_seen)
    );
    let snapshot = record.current_snapshot().expect("the final network");
    assert_eq!(snapshot.examples_seen, last.examples_seen);
    assert!(record.ghosts.is_empty());
    assert_eq!(record.diverged, None);
}
