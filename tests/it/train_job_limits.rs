//! The training job under load and at its edges: switching optimizer mid-run, a window that
//! stops reading (bounded memory), and dropping the job during long work (prompt return).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use descent::core::loss_slice::{SliceError, pca_plane, pca_plane_cancellable};
use descent::core::mlp::Mlp;
use descent::core::mnist;
use descent::core::optimizer::{Hyper, OptimizerKind};
use descent::core::training::{EpochRecord, Pace, TrainConfig};
use descent::train::{
    Command, CurvePoint, DataSource, JobState, MnistFiles, NetSnapshot, POINT_CAPACITY, Progress,
    ProgressQueue, TrainingJob, gradient_check,
};

fn small() -> Arc<MnistFiles> {
    static FILES: OnceLock<Arc<MnistFiles>> = OnceLock::new();
    Arc::clone(FILES.get_or_init(|| {
        let (train, test) = mnist::load_bundled().unwrap();
        Arc::new(MnistFiles {
            train_file: train.subset(0..3000),
            test: test.subset(0..500),
        })
    }))
}

fn config(epochs: usize) -> TrainConfig {
    TrainConfig {
        epochs,
        train_size: 2500,
        ..Default::default()
    }
}

/// Polls until `done` matches, collecting everything received; panics after `secs`.
fn until(job: &mut TrainingJob, secs: u64, done: impl Fn(&Progress) -> bool) -> Vec<Progress> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut got = Vec::new();
    loop {
        for p in job.poll() {
            let stop = done(&p);
            got.push(p);
            if stop {
                return got;
            }
        }
        assert!(Instant::now() < deadline, "timed out; received {got:#?}");
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn last_snapshot(msgs: &[Progress]) -> Option<&NetSnapshot> {
    msgs.iter().rev().find_map(|p| match p {
        Progress::Snapshot(s) => Some(&**s),
        _ => None,
    })
}

fn snapshot_with(kind: OptimizerKind) -> impl Fn(&Progress) -> bool {
    move |p| matches!(p, Progress::Snapshot(s) if s.optimizer == kind)
}

#[test]
fn switching_optimizer_mid_run_rebuilds_it_with_its_own_hyperparameters() {
    let mut job = TrainingJob::spawn(DataSource::Loaded(small()));
    let sgd = Hyper {
        lr: 0.5,
        ..OptimizerKind::Sgd.default_hyper()
    };
    // 78 full batches of 32 per epoch, so steps × 32 is exactly the examples they saw.
    job.send(Command::Start(TrainConfig {
        optimizer: OptimizerKind::Sgd,
        hyper: sgd,
        train_size: 2496,
        ..config(1000)
    }));
    let msgs = until(&mut job, 30, |p| matches!(p, Progress::Snapshot(_)));
    let before = last_snapshot(&msgs).unwrap();
    assert_eq!((before.optimizer, before.hyper), (OptimizerKind::Sgd, sgd));
    assert!(before.optimizer_steps > 0);

    // Paused, so that no later snapshot can take the place of the one sent at the switch.
    job.send(Command::Pause);
    until(&mut job, 10, |p| {
        matches!(p, Progress::State(JobState::Paused))
    });
    let adam = OptimizerKind::Adam.default_hyper();
    job.send(Command::SetOptimizer {
        kind: OptimizerKind::Adam,
        hyper: adam,
    });
    let msgs = until(&mut job, 10, snapshot_with(OptimizerKind::Adam));
    let at_switch = last_snapshot(&msgs).unwrap().clone();
    assert_eq!(at_switch.hyper, adam, "Adam runs with Adam's settings");
    assert_eq!(at_switch.optimizer_steps, 0, "fresh state at the switch");
    assert!(at_switch.examples_seen > 0);

    job.send(Command::Resume);
    // Training goes on with the new optimizer, counting its own steps only.
    let msgs = until(
        &mut job,
        10,
        |p| matches!(p, Progress::Snapshot(s) if s.optimizer_steps > 0),
    );
    let later = last_snapshot(&msgs).unwrap();
    assert_eq!((later.optimizer, later.hyper), (OptimizerKind::Adam, adam));
    let batch = config(1).batch_size as u64;
    assert_eq!(
        later.optimizer_steps * batch,
        later.examples_seen - at_switch.examples_seen
    );

    // A plain hyperparameter change keeps the optimizer (and is checked against it).
    job.send(Command::SetHyper(Hyper { lr: 0.01, ..adam }));
    let msgs = until(
        &mut job,
        10,
        |p| matches!(p, Progress::Snapshot(s) if s.hyper.lr == 0.01),
    );
    assert_eq!(last_snapshot(&msgs).unwrap().optimizer, OptimizerKind::Adam);
    job.send(Command::SetHyper(Hyper { beta1: 1.5, ..adam }));
    let msgs = until(&mut job, 10, |p| matches!(p, Progress::Error(_)));
    assert!(
        matches!(msgs.last(), Some(Progress::Error(m)) if m.contains("1.5")),
        "{msgs:#?}"
    );
}

fn point(examples_seen: u64, validation: bool) -> Progress {
    Progress::Point(CurvePoint {
        examples_seen,
        epoch_f: 0.0,
        train_loss: 1.0,
        train_acc: 0.5,
        val_loss: validation.then_some(1.0),
        val_acc: validation.then_some(0.5),
        lr: 0.5,
    })
}

fn snapshot(examples_seen: u64) -> Progress {
    let mlp = Mlp::<f32>::new(&TrainConfig::default().mlp_config()).unwrap();
    Progress::Snapshot(Box::new(NetSnapshot {
        hidden_weights: Vec::new(),
        mlp,
        confusion: None,
        examples_per_sec: 0.0,
        last_epoch_secs: None,
        best_epoch: None,
        examples_seen,
        epoch_f: 0.0,
        dataset: 1,
        optimizer: OptimizerKind::Sgd,
        hyper: Hyper::default(),
        optimizer_steps: 0,
    }))
}

#[test]
fn an_unread_queue_keeps_one_snapshot_every_epoch_record_and_a_thinned_curve() {
    let mut q = ProgressQueue::with_point_capacity(100);
    let epochs = 300u64;
    for e in 0..epochs {
        for k in 0..50 {
            let seen = e * 1000 + k * 20;
            q.push(point(seen, false));
            q.push(snapshot(seen));
        }
        q.push(point(e * 1000 + 999, true));
        q.push(Progress::EpochEnd(EpochRecord {
            epoch: e as usize + 1,
            seconds: 1.0,
            train_loss: 1.0,
            train_acc: 0.5,
            val_loss: 1.0,
            val_acc: 0.5,
            lr: 0.5,
        }));
        // Flat: never more than the cap plus two records per epoch, plus the snapshot.
        assert!(q.len() <= 100 + 2 * (e as usize + 1) + 1, "{}", q.len());
    }
    q.push(point(epochs * 1000, false));
    assert_eq!(q.snapshots_replaced(), epochs * 50 - 1);
    let out = q.drain();
    assert!(q.is_empty());
    let epoch_ends: Vec<usize> = (out.iter())
        .filter_map(|p| match p {
            Progress::EpochEnd(r) => Some(r.epoch),
            _ => None,
        })
        .collect();
    assert_eq!(epoch_ends, (1..=epochs as usize).collect::<Vec<_>>());
    let points: Vec<CurvePoint> = (out.iter())
        .filter_map(|p| match p {
            Progress::Point(c) => Some(*c),
            _ => None,
        })
        .collect();
    assert_eq!(points.iter().filter(|c| c.val_loss.is_some()).count(), 300);
    let training = points.iter().filter(|c| c.val_loss.is_none()).count();
    assert!((50..=100).contains(&training), "{training}");
    assert_eq!(training as u64 + q.points_thinned(), epochs * 50 + 1);
    assert!(
        points
            .windows(2)
            .all(|w| w[0].examples_seen < w[1].examples_seen)
    );
    // The one snapshot is the newest, in its place: before the last validation point, the
    // last epoch end and the final point, which were all sent after it.
    let snaps: Vec<usize> = (0..out.len())
        .filter(|&i| matches!(out[i], Progress::Snapshot(_)))
        .collect();
    assert_eq!(snaps, [out.len() - 4]);
    assert!(matches!(&out[out.len() - 3], Progress::Point(c) if c.val_loss.is_some()));
    let Progress::Snapshot(s) = &out[out.len() - 4] else {
        unreachable!()
    };
    assert_eq!(s.examples_seen, (epochs - 1) * 1000 + 49 * 20);
}

#[test]
fn a_job_nobody_polls_holds_one_snapshot_and_every_epoch_record() {
    let mut job = TrainingJob::spawn(DataSource::Loaded(small()));
    job.send(Command::SetPace(Pace::FullSpeed));
    job.send(Command::Start(config(1000)));
    std::thread::sleep(Duration::from_secs(3));
    let queued = job.queued();
    let replaced = job.snapshots_replaced();
    let msgs = job.poll();
    assert!(
        replaced >= 5,
        "snapshots every 150 ms replace each other: {replaced}"
    );
    let snapshots = msgs
        .iter()
        .filter(|p| matches!(p, Progress::Snapshot(_)))
        .count();
    assert_eq!(snapshots, 1);
    let epochs: Vec<usize> = (msgs.iter())
        .filter_map(|p| match p {
            Progress::EpochEnd(r) => Some(r.epoch),
            _ => None,
        })
        .collect();
    assert!(!epochs.is_empty());
    assert_eq!(epochs, (1..=epochs.len()).collect::<Vec<_>>());
    let training = msgs
        .iter()
        .filter(|p| matches!(p, Progress::Point(c) if c.val_loss.is_none()))
        .count();
    assert!(training <= POINT_CAPACITY);
    // Everything but the snapshot, the states and the data: curve points and epoch ends.
    assert!(
        queued <= POINT_CAPACITY + 6 * (epochs.len() + 1) + 3,
        "{queued}"
    );
}

#[test]
fn dropping_the_job_during_a_long_gradient_check_returns_within_100_ms() {
    let mut job = TrainingJob::spawn(DataSource::Loaded(small()));
    // A wide layer and a big batch: each of the 2,000 forward passes takes a good while.
    job.send(Command::Start(TrainConfig {
        hidden: vec![1000],
        batch_size: 500,
        ..config(1)
    }));
    job.send(Command::Pause);
    job.send(Command::GradientCheck { samples: 1000 });
    until(&mut job, 30, |p| {
        matches!(p, Progress::State(JobState::Paused))
    });
    std::thread::sleep(Duration::from_millis(300));
    assert!(job.poll().is_empty(), "the check is still running");
    let t = Instant::now();
    drop(job);
    assert!(
        t.elapsed() < Duration::from_millis(100),
        "{:?}",
        t.elapsed()
    );
}

#[test]
fn a_gradient_check_gives_up_when_cancelled() {
    let files = small();
    let cfg = TrainConfig {
        hidden: vec![1000],
        ..config(1)
    }
    .mlp_config();
    let mlp = Mlp::<f32>::new(&cfg).unwrap();
    let batch = files.train_file.subset(0..200);
    let start = Instant::now();
    let asked = AtomicUsize::new(0);
    let cancel = || {
        asked.fetch_add(1, Ordering::Relaxed);
        start.elapsed() > Duration::from_millis(100)
    };
    // 1,000 samples would be 2,000 forward passes of 200 images through 785,000 weights.
    let result = gradient_check(&cfg, mlp.params(), &batch, 1000, 1, &cancel).unwrap();
    assert!(result.is_none());
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert!(asked.load(Ordering::Relaxed) >= 2);

    // Not cancelled, a small check completes.
    let small_batch = files.train_file.subset(0..8);
    let report = gradient_check(&cfg, mlp.params(), &small_batch, 3, 1, &|| false).unwrap();
    assert_eq!(report.map(|r| r.rows.len()), Some(3));
}

#[test]
fn the_pca_step_stops_when_cancelled_and_is_unchanged_otherwise() {
    let path: Vec<Vec<f32>> = (0..40)
        .map(|k| {
            (0..5000)
                .map(|i| ((i * 7 + k * 13) % 101) as f32 * 0.01 + k as f32 * 0.1)
                .collect()
        })
        .collect();
    let origin = path.last().unwrap().clone();
    let asked = AtomicUsize::new(0);
    let cancel = || asked.fetch_add(1, Ordering::Relaxed) >= 3;
    assert_eq!(
        pca_plane_cancellable(&[&path], &origin, 1, &cancel),
        Err(SliceError::Cancelled)
    );
    assert_eq!(asked.load(Ordering::Relaxed), 4, "stops at the first yes");
    assert_eq!(
        pca_plane_cancellable(&[&path], &origin, 1, &|| false),
        pca_plane(&[&path], &origin, 1)
    );
}
