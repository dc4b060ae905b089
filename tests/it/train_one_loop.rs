//! `descent train` and the app's training thread end their epochs through the same core
//! routine: for the same seed they report the same epochs, stop at the same one and keep the
//! same weights.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use descent::core::mnist::{self, MnistFiles};
use descent::core::training::{
    AfterEpoch, EpochRecord, TrainConfig, TrainError, TrainSummary, Trainer, run_train,
};
use descent::train::{Command, DataSource, NetSnapshot, Progress, TrainingJob};

fn small() -> Arc<MnistFiles> {
    static FILES: OnceLock<Arc<MnistFiles>> = OnceLock::new();
    Arc::clone(FILES.get_or_init(|| {
        let (train, test) = mnist::load_bundled().unwrap();
        Arc::new(MnistFiles {
            train_file: train.subset(0..1200),
            test: test.subset(0..200),
        })
    }))
}

/// What `descent train` does with these files: split as the CLI does, then `run_train`;
/// returns the summary and the printed CSV.
fn cli(cfg: &TrainConfig) -> (TrainSummary, String) {
    let f = small();
    let splits = mnist::split(f.train_file.clone(), f.test.clone(), cfg.train_size).unwrap();
    let mut out = Vec::new();
    let summary = run_train(cfg, &splits, false, &mut out).unwrap();
    (summary, String::from_utf8(out).unwrap())
}

/// Runs the app's thread to its end; returns its epoch records, its early stop and the last
/// snapshot.
fn thread(cfg: &TrainConfig) -> (Vec<EpochRecord>, Option<usize>, NetSnapshot) {
    let mut job = TrainingJob::spawn(DataSource::Loaded(small()));
    job.send(Command::Start(cfg.clone()));
    let deadline = Instant::now() + Duration::from_secs(120);
    let (mut records, mut stopped, mut snapshot) = (Vec::new(), None, None);
    loop {
        assert!(Instant::now() < deadline, "the run did not finish");
        for p in job.poll() {
            match p {
                Progress::EpochEnd(r) => records.push(r),
                Progress::EarlyStopped { best_epoch } => stopped = Some(best_epoch),
                Progress::Snapshot(s) => snapshot = Some(*s),
                Progress::Finished => return (records, stopped, snapshot.unwrap()),
                Progress::Diverged { message } | Progress::Error(message) => panic!("{message}"),
                _ => {}
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Everything but the training time, which is a measurement.
fn without_seconds(records: &[EpochRecord]) -> Vec<EpochRecord> {
    (records.iter())
        .map(|r| EpochRecord { seconds: 0.0, ..*r })
        .collect()
}

fn csv_row(r: &EpochRecord) -> String {
    format!(
        "{},{:.6},{:.4},{:.6},{:.4},{}",
        r.epoch, r.train_loss, r.train_acc, r.val_loss, r.val_acc, r.lr
    )
}

#[test]
fn the_cli_and_the_thread_report_the_same_epochs() {
    let cfg = TrainConfig {
        epochs: 4,
        train_size: 1000,
        dropout: 0.1,
        seed: 7,
        // Both loops apply the schedule the same way.
        schedule: "exponential:gamma=0.7".parse().unwrap(),
        ..Default::default()
    };
    let (summary, csv) = cli(&cfg);
    let (records, stopped, snap) = thread(&cfg);
    assert_eq!(records.len(), 4);
    assert_eq!(without_seconds(&records), without_seconds(&summary.history));
    assert_eq!(stopped, None);
    assert!(!summary.stopped_early);
    assert_eq!(snap.mlp.params(), &summary.final_params[..]);
    // The CLI's CSV rows are those records, seconds column aside.
    let printed: Vec<String> = (csv.lines().skip(1))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            [&f[..1], &f[2..]].concat().join(",")
        })
        .collect();
    assert_eq!(printed, records.iter().map(csv_row).collect::<Vec<_>>());
}

#[test]
fn the_cli_and_the_thread_stop_early_at_the_same_epoch_with_the_same_weights() {
    // 100 images and a wide layer overfit within a few dozen epochs.
    let cfg = TrainConfig {
        hidden: vec![60],
        train_size: 100,
        epochs: 200,
        patience: Some(3),
        ..Default::default()
    };
    let (summary, _) = cli(&cfg);
    let (records, stopped, snap) = thread(&cfg);
    assert!(summary.stopped_early && records.len() < 200);
    assert_eq!(without_seconds(&records), without_seconds(&summary.history));
    assert_eq!(stopped, Some(summary.best_epoch));
    assert_eq!(snap.best_epoch, Some(summary.best_epoch));
    assert_eq!(snap.mlp.params(), &summary.final_params[..]);
}

/// A trainer fed made-up validation losses: the best epoch, patience and restoring follow
/// them, whatever the network did.
#[test]
fn end_epoch_keeps_the_best_epoch_and_stops_when_patience_runs_out() {
    let f = small();
    let splits = mnist::split(f.train_file.clone(), f.test.clone(), 200).unwrap();
    let cfg = TrainConfig {
        train_size: 200,
        epochs: 10,
        patience: Some(2),
        ..Default::default()
    };
    let mut t = Trainer::new(&cfg, splits.train.len()).unwrap();
    let mut params = Vec::new();
    let mut afters = Vec::new();
    for val_loss in [3.0, 2.0, 2.5, 1.9, 2.2, 2.1, 1.0] {
        let stats = t.epoch(&splits.train).unwrap();
        params.push(t.mlp().params().to_vec());
        let (rec, after) = t.end_epoch(0.5, (val_loss, 0.25));
        assert_eq!(
            (rec.epoch, rec.train_loss, rec.train_acc, rec.val_loss),
            (stats.epoch, stats.train_loss, stats.train_acc, val_loss)
        );
        afters.push(after);
        if after != AfterEpoch::Continue {
            break;
        }
    }
    // Best after epoch 4 (1.9); epochs 5 and 6 do not beat it, so the run stops at 6.
    use AfterEpoch::{Continue, EarlyStopped};
    assert_eq!(
        afters,
        [
            Continue,
            Continue,
            Continue,
            Continue,
            Continue,
            EarlyStopped { best_epoch: 4 }
        ]
    );
    assert_eq!(t.mlp().params(), &params[3][..]);
    assert_ne!(params[3], params[5]);

    // Without patience the run finishes on its last epoch's weights.
    let cfg = TrainConfig {
        patience: None,
        epochs: 2,
        ..cfg
    };
    let mut t = Trainer::new(&cfg, splits.train.len()).unwrap();
    t.epoch(&splits.train).unwrap();
    assert_eq!(t.end_epoch(0.5, (1.0, 0.5)).1, AfterEpoch::Continue);
    t.epoch(&splits.train).unwrap();
    let last = t.mlp().params().to_vec();
    assert_eq!(t.end_epoch(0.5, (9.0, 0.5)).1, AfterEpoch::Finished);
    assert_eq!(t.mlp().params(), &last[..]);
    assert_eq!(t.best_epoch(), Some((1, 1.0)));
}

#[test]
fn an_exploding_loss_is_divergence_for_the_cli_too() {
    let f = small();
    let splits = mnist::split(f.train_file.clone(), f.test.clone(), 1000).unwrap();
    // Sigmoid units keep the loss finite, so only the explosion rule can stop this run.
    let mut cfg = TrainConfig {
        train_size: 1000,
        epochs: 3,
        ..Default::default()
    };
    cfg.hyper.lr = 1e4;
    let err = run_train(&cfg, &splits, false, &mut Vec::new()).unwrap_err();
    let TrainError::Diverged { loss, .. } = err else {
        panic!("{err}")
    };
    assert!(loss.is_finite() && loss > 1e3, "{loss}");
}
