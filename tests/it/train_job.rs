//! The background training job: streams curves while training, obeys Pause/Resume/Reset
//! promptly, stops cleanly when dropped, and turns bad data or divergence into messages.

use std::collections::VecDeque;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use descent::core::mnist::{self, Dataset};
use descent::core::optimizer::Hyper;
use descent::core::training::TrainConfig;
use descent::train::{
    Command, CurvePoint, DataSource, JobState, MnistFiles, NetSnapshot, Progress, TrainingJob,
};

/// The first 3,000 training-file images (2,500 train + 500 validation) and 1,000 test images,
/// decoded once for all tests.
fn small() -> Arc<MnistFiles> {
    static FILES: OnceLock<Arc<MnistFiles>> = OnceLock::new();
    Arc::clone(FILES.get_or_init(|| {
        let (train, test) = mnist::load_bundled().unwrap();
        Arc::new(MnistFiles {
            train_file: train.subset(0..3000),
            test: test.subset(0..1000),
        })
    }))
}

fn validation_set() -> Dataset {
    let f = small();
    let n = f.train_file.len();
    f.train_file.subset(n - mnist::validation_len(n)..n)
}

fn config(epochs: usize) -> TrainConfig {
    TrainConfig {
        epochs,
        train_size: 2500,
        ..Default::default()
    }
}

/// A job plus the messages received but not yet looked at.
struct Job {
    job: TrainingJob,
    pending: VecDeque<Progress>,
}

fn job() -> Job {
    Job::new(DataSource::Loaded(small()))
}

impl Job {
    fn new(data: DataSource) -> Self {
        Job {
            job: TrainingJob::spawn(data),
            pending: VecDeque::new(),
        }
    }

    fn send(&self, cmd: Command) {
        self.job.send(cmd);
    }

    fn poll(&mut self) -> Vec<Progress> {
        self.pending.extend(self.job.poll());
        self.pending.drain(..).collect()
    }

    /// Messages up to and including the first one satisfying `done`; panics after `secs`.
    fn until(&mut self, secs: u64, done: impl Fn(&Progress) -> bool) -> Vec<Progress> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        let mut got = Vec::new();
        loop {
            self.pending.extend(self.job.poll());
            while let Some(p) = self.pending.pop_front() {
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
}

fn is_state(s: JobState) -> impl Fn(&Progress) -> bool {
    move |p| matches!(p, Progress::State(x) if *x == s)
}

fn points(msgs: &[Progress]) -> Vec<CurvePoint> {
    (msgs.iter())
        .filter_map(|p| match p {
            Progress::Point(c) => Some(*c),
            _ => None,
        })
        .collect()
}

fn last_snapshot(msgs: &[Progress]) -> Option<&NetSnapshot> {
    msgs.iter().rev().find_map(|p| match p {
        Progress::Snapshot(s) => Some(&**s),
        _ => None,
    })
}

#[test]
fn a_run_streams_falling_curves_epoch_ends_and_snapshots() {
    let mut job = job();
    job.send(Command::Start(config(3)));
    let msgs = job.until(60, |p| matches!(p, Progress::Finished));
    assert!(matches!(
        msgs[0],
        Progress::DataLoaded {
            train: 2500,
            validation: 500,
            test: 1000,
            ..
        }
    ));
    // The run announces the weights it starts from: the configured network's own.
    let Progress::RunStarted { initial } = &msgs[1] else {
        panic!("{:?}", msgs[1])
    };
    let fresh = descent::core::mlp::Mlp::<f32>::new(&config(3).mlp_config()).unwrap();
    assert_eq!(&initial[..], fresh.params());
    assert!(matches!(msgs[2], Progress::State(JobState::Running)));

    let pts = points(&msgs);
    let val: Vec<&CurvePoint> = pts.iter().filter(|p| p.val_loss.is_some()).collect();
    assert_eq!(val.len(), 15, "5 validations per epoch");
    // The fifth validation of each epoch falls exactly on its end.
    for (e, p) in val.iter().skip(4).step_by(5).enumerate() {
        assert_eq!(p.examples_seen, 2500 * (e as u64 + 1));
        assert_eq!(p.epoch_f, (e + 1) as f64);
    }
    assert!(
        pts.windows(2)
            .all(|w| w[0].examples_seen < w[1].examples_seen)
    );
    let (first, last) = (pts[0], pts[pts.len() - 1]);
    assert!(
        last.train_loss < 0.6 * first.train_loss,
        "training loss {} -> {}",
        first.train_loss,
        last.train_loss
    );
    let (v0, v1) = (val[0].val_loss.unwrap(), val[14].val_loss.unwrap());
    assert!(v1 < 0.6 * v0, "validation loss {v0} -> {v1}");
    assert!(val[14].val_acc.unwrap() > 0.75);

    let epochs: Vec<usize> = (msgs.iter())
        .filter_map(|p| match p {
            Progress::EpochEnd(r) => {
                assert!(r.seconds > 0.0);
                Some(r.epoch)
            }
            _ => None,
        })
        .collect();
    assert_eq!(epochs, [1, 2, 3]);

    let snap = last_snapshot(&msgs).expect("a snapshot at the end");
    assert_eq!(snap.hidden_weights.len(), 15);
    assert!(snap.hidden_weights.iter().all(|w| w.len() == 784));
    assert_eq!(snap.hidden_weights[3], snap.mlp.hidden_weights(3));
    let confusion = snap.confusion.expect("confusion after validation");
    let total: u32 = confusion.iter().flatten().sum();
    assert_eq!(total, 500);
    assert!(snap.last_epoch_secs.is_some_and(|s| s > 0.0));
    assert_eq!(snap.examples_seen, 7500);

    // After Finished the job is idle but the network stays for evaluation.
    let after = job.until(5, |_| true);
    assert!(matches!(after[0], Progress::State(JobState::Idle)));
}

#[test]
fn pause_stops_the_stream_resume_continues_and_reset_idles() {
    let mut job = job();
    job.send(Command::Start(config(1000)));
    job.until(30, |p| matches!(p, Progress::Point(_)));
    job.send(Command::Pause);
    let paused = job.until(5, is_state(JobState::Paused));
    let seen_at_pause = last_snapshot(&paused)
        .expect("pausing sends a snapshot")
        .examples_seen;
    std::thread::sleep(Duration::from_millis(300));
    let quiet = job.poll();
    assert!(quiet.is_empty(), "messages while paused: {quiet:#?}");

    job.send(Command::Resume);
    let resumed = job.until(30, |p| matches!(p, Progress::Point(_)));
    assert!(matches!(resumed[0], Progress::State(JobState::Running)));
    assert!(points(&resumed)[0].examples_seen > seen_at_pause);

    job.send(Command::Reset);
    job.until(5, is_state(JobState::Idle));
    std::thread::sleep(Duration::from_millis(200));
    assert!(job.poll().is_empty(), "reset stops training");
    job.send(Command::EvaluateTest);
    let msgs = job.until(5, |_| true);
    assert!(matches!(&msgs[0], Progress::Error(m) if m.contains("start training first")));
}

#[test]
fn dropping_the_job_stops_its_thread_promptly() {
    let mut job = job();
    job.send(Command::Start(config(1000)));
    job.until(30, |p| matches!(p, Progress::Point(_)));
    let t = Instant::now();
    drop(job);
    assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());

    // Also while the full MNIST is still being decoded.
    let job = Job::new(DataSource::Bundled);
    let t = Instant::now();
    drop(job);
    assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
}

#[test]
fn a_start_sent_while_loading_runs_once_the_bundled_data_arrives() {
    let mut job = Job::new(DataSource::Bundled);
    job.send(Command::Start(TrainConfig {
        train_size: 1000,
        ..config(1)
    }));
    let msgs = job.until(60, is_state(JobState::Running));
    assert!(matches!(
        msgs[0],
        Progress::DataLoaded {
            train: 50_000,
            validation: 10_000,
            test: 10_000,
            ..
        }
    ));
}

#[test]
fn the_test_set_is_evaluated_only_on_request() {
    let mut job = job();
    job.send(Command::Start(config(3)));
    let msgs = job.until(60, |p| matches!(p, Progress::Finished));
    assert!(
        !msgs
            .iter()
            .any(|p| matches!(p, Progress::TestResult { .. }))
    );
    job.send(Command::EvaluateTest);
    let msgs = job.until(10, |p| matches!(p, Progress::TestResult { .. }));
    let Some(Progress::TestResult { loss, acc }) = msgs.last() else {
        unreachable!()
    };
    assert!((0.0..=1.0).contains(acc));
    assert!(*acc > 0.7, "three epochs on 2,500 images: {acc}");
    assert!(loss.is_finite() && *loss > 0.0);
}

fn gradient_check(cfg: TrainConfig) -> descent::train::GradientCheckReport {
    let mut job = job();
    job.send(Command::Start(cfg));
    job.until(60, |p| matches!(p, Progress::Finished));
    job.send(Command::GradientCheck { samples: 40 });
    let msgs = job.until(30, |p| matches!(p, Progress::GradientCheck(_)));
    match msgs.into_iter().last() {
        Some(Progress::GradientCheck(r)) => r,
        _ => unreachable!(),
    }
}

#[test]
fn backprop_matches_numerical_gradients_and_is_far_cheaper() {
    let r = gradient_check(config(1));
    assert_eq!(r.param_count, 784 * 15 + 15 + 15 * 10 + 10);
    assert_eq!(r.rows.len(), 40);
    assert_eq!(r.batch_size, 32);
    assert!(r.max_rel_error < 1e-6, "{r:#?}");
    assert!(r.rows.iter().all(|row| row.0 < r.param_count));
    let expected = r.param_count as f64 * 2.0 * r.forward_secs;
    assert!((r.estimated_numerical_secs - expected).abs() <= 1e-12 * expected);
    // The chapter's point: one backprop pass costs a few forward passes, not 2 × 11,935.
    assert!(
        r.estimated_numerical_secs > 100.0 * r.backprop_secs,
        "numerical {}s vs backprop {}s",
        r.estimated_numerical_secs,
        r.backprop_secs
    );
}

#[test]
fn gradient_check_passes_for_deeper_tanh_and_relu_nets_with_mse() {
    use descent::core::mlp::{Activation, Loss};
    for activation in [Activation::Tanh, Activation::Relu] {
        let r = gradient_check(TrainConfig {
            hidden: vec![20, 12],
            activation,
            loss: Loss::Mse,
            hyper: Hyper {
                lr: 0.1,
                ..TrainConfig::default().hyper
            },
            ..config(1)
        });
        assert!(r.max_rel_error < 1e-6, "{activation:?}: {r:#?}");
        // Samples come from every layer, not just the big first one.
        assert!(r.rows.iter().any(|row| row.0 >= 784 * 20), "{r:#?}");
    }
}

#[test]
fn a_huge_learning_rate_reports_divergence_instead_of_panicking() {
    let mut job = job();
    let mut cfg = config(5);
    cfg.hyper.lr = 1e30;
    job.send(Command::Start(cfg));
    let msgs = job.until(30, |p| matches!(p, Progress::Diverged { .. }));
    let Some(Progress::Diverged { message }) = msgs.last() else {
        unreachable!()
    };
    assert!(message.contains("learning rate"), "{message}");
    let after = job.until(5, |_| true);
    assert!(matches!(after[0], Progress::State(JobState::Idle)));
    // The job survives and can train again.
    job.send(Command::Start(config(1)));
    job.until(60, |p| matches!(p, Progress::Finished));
}

#[test]
fn a_corrupt_data_directory_reports_the_bad_file() {
    let dir = std::env::temp_dir().join(format!("descent-corrupt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("train-images-idx3-ubyte"), b"not an idx file").unwrap();
    let mut job = Job::new(DataSource::Dir(dir.clone()));
    job.send(Command::Start(config(1)));
    let msgs = job.until(10, |p| matches!(p, Progress::DataError(_)));
    let Some(Progress::DataError(message)) = msgs.last() else {
        unreachable!()
    };
    assert!(message.contains("train-images-idx3-ubyte"), "{message}");
    job.send(Command::Start(config(1)));
    let msgs = job.until(5, |p| matches!(p, Progress::Error(_)));
    assert!(matches!(msgs.last(), Some(Progress::Error(m)) if m.contains("failed to load")));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn hyperparameter_changes_apply_to_the_running_network() {
    let mut job = job();
    job.send(Command::Start(config(1000)));
    job.until(30, |p| matches!(p, Progress::Point(_)));
    job.send(Command::SetHyper(Hyper {
        lr: -1.0,
        ..config(1).hyper
    }));
    let msgs = job.until(5, |p| matches!(p, Progress::Error(_)));
    assert!(matches!(msgs.last(), Some(Progress::Error(m)) if m.contains("-1")));

    // With lr 0 plain SGD leaves every weight exactly where it is.
    job.send(Command::SetHyper(Hyper {
        lr: 0.0,
        ..config(1).hyper
    }));
    let snapshots = |job: &mut Job| {
        let msgs = job.until(10, |p| matches!(p, Progress::Snapshot(_)));
        last_snapshot(&msgs).unwrap().clone()
    };
    snapshots(&mut job);
    let (a, b) = (snapshots(&mut job), snapshots(&mut job));
    assert!(b.examples_seen > a.examples_seen, "still training");
    assert_eq!(a.mlp.params(), b.mlp.params());
}

#[test]
fn early_stopping_restores_the_best_epoch() {
    let mut job = job();
    // 100 images and a wide layer overfit within a few dozen epochs.
    job.send(Command::Start(TrainConfig {
        hidden: vec![100],
        train_size: 100,
        patience: Some(3),
        ..config(300)
    }));
    let msgs = job.until(120, |p| matches!(p, Progress::Finished));
    let val_losses: Vec<f64> = (msgs.iter())
        .filter_map(|p| match p {
            Progress::EpochEnd(r) => Some(r.val_loss),
            _ => None,
        })
        .collect();
    let best = (0..val_losses.len())
        .min_by(|&a, &b| val_losses[a].total_cmp(&val_losses[b]))
        .unwrap();
    let stopped = msgs.iter().find_map(|p| match p {
        Progress::EarlyStopped { best_epoch } => Some(*best_epoch),
        _ => None,
    });
    assert_eq!(stopped, Some(best + 1));
    assert_eq!(
        val_losses.len(),
        best + 1 + 3,
        "stopped after 3 epochs without progress"
    );
    let snap = last_snapshot(&msgs).unwrap();
    assert_eq!(snap.best_epoch, Some(best + 1));
    assert_eq!(snap.mlp.evaluate(&validation_set()).0, val_losses[best]);
}

#[test]
fn relative_error_is_symmetric_scale_free_and_fails_on_nan() {
    use descent::train::rel_error;
    assert_eq!(rel_error(0.0, 0.0), 0.0);
    assert!((rel_error(1.0, 1.001) - 0.001 / 1.001).abs() < 1e-15);
    assert_eq!(rel_error(2e-3, 1e-3), rel_error(1e-3, 2e-3));
    assert_eq!(rel_error(2e-9, 1e-9), rel_error(2.0, 1.0));
    assert_eq!(rel_error(1.0, -1.0), 2.0);
    assert!(rel_error(f64::NAN, 1.0).is_nan());
}

#[test]
fn the_wake_hook_runs_for_every_message() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let wakes = Arc::new(AtomicUsize::new(0));
    let mut job = job();
    let counter = Arc::clone(&wakes);
    job.job.set_wake(move || {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    job.send(Command::Start(config(1)));
    let msgs = job.until(60, |p| matches!(p, Progress::Finished));
    // DataLoaded may have been sent before the hook was set.
    assert!(wakes.load(Ordering::SeqCst) >= msgs.len() - 1);
}

#[test]
fn a_dataset_without_training_images_is_refused_not_spun_on() {
    let tiny = small().train_file.subset(0..0);
    let files = MnistFiles {
        train_file: tiny.clone(),
        test: tiny,
    };
    let mut job = Job::new(DataSource::Loaded(Arc::new(files)));
    job.send(Command::Start(config(1)));
    let msgs = job.until(5, |p| matches!(p, Progress::Error(_)));
    assert!(matches!(msgs.last(), Some(Progress::Error(m)) if m.contains("has 0 images")));
}
