//! Training on real MNIST learns, is reproducible, stops early onto the best weights, and
//! shows overfitting on a small training set.

use descent::core::mlp::{Activation, Mlp};
use descent::core::mnist::{self, Dataset, Splits};
use descent::core::training::{TrainConfig, TrainError, Trainer, run_train};

/// `train` images from the front of the training file, `val` from its end, 1,000 test.
fn splits(train: usize, val: usize) -> Splits {
    let (file, test) = mnist::load_bundled().unwrap();
    let s = mnist::split(file, test, train).unwrap();
    Splits {
        validation: s.validation.subset(0..val),
        test: s.test.subset(0..1000),
        train: s.train,
    }
}

fn run(cfg: &TrainConfig, s: &Splits) -> (descent::core::training::TrainSummary, String) {
    let mut out = Vec::new();
    let summary = run_train(cfg, s, true, &mut out).unwrap();
    (summary, String::from_utf8(out).unwrap())
}

#[test]
fn default_network_learns_a_real_subset() {
    let s = splits(5000, 1000);
    let cfg = TrainConfig {
        epochs: 3,
        ..Default::default()
    };
    let (summary, csv) = run(&cfg, &s);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "epoch,seconds,train_loss,train_acc,val_loss,val_acc,lr"
    );
    assert_eq!(lines.len(), 1 + 3 + 1);
    assert!(lines[4].starts_with("test_acc=0."), "{}", lines[4]);
    let h = &summary.history;
    assert!(
        h.windows(2).all(|w| w[1].train_loss < w[0].train_loss),
        "{h:?}"
    );
    assert!(h[2].val_loss < h[0].val_loss);
    assert!(
        h[2].val_acc > 0.8 && summary.test_acc.unwrap() > 0.8,
        "{h:?}"
    );
}

#[test]
fn same_config_gives_identical_runs() {
    let s = splits(2000, 500);
    let cfg = TrainConfig {
        epochs: 2,
        dropout: 0.1,
        noise: 0.05,
        ..Default::default()
    };
    let strip_seconds = |csv: &str| -> Vec<String> {
        csv.lines()
            .map(|l| {
                l.split(',')
                    .enumerate()
                    .filter(|&(i, _)| i != 1)
                    .map(|(_, f)| f)
                    .collect()
            })
            .collect()
    };
    let (a, csv_a) = run(&cfg, &s);
    let (b, csv_b) = run(&cfg, &s);
    assert_eq!(a.final_params, b.final_params);
    assert_eq!(strip_seconds(&csv_a), strip_seconds(&csv_b));
    let (c, _) = run(&TrainConfig { seed: 2, ..cfg }, &s);
    assert_ne!(a.final_params, c.final_params);
}

#[test]
fn small_training_set_overfits_then_early_stopping_restores_the_best_epoch() {
    let s = splits(1000, 2000);
    // Overfitting: training loss keeps falling while validation loss turns back up.
    let cfg = TrainConfig {
        train_size: 1000,
        epochs: 50,
        ..Default::default()
    };
    let (full, _) = run(&cfg, &s);
    let h = &full.history;
    let best = h
        .iter()
        .min_by(|a, b| a.val_loss.total_cmp(&b.val_loss))
        .unwrap();
    let last = h.last().unwrap();
    assert!(
        best.epoch < 40,
        "validation loss should bottom out early: {best:?}"
    );
    assert!(last.val_loss > best.val_loss + 0.01, "{best:?} vs {last:?}");
    assert!(
        last.train_loss < 0.6 * h[best.epoch - 1].train_loss,
        "{best:?} vs {last:?}"
    );

    // Early stopping replays the same run, stops 3 epochs after its best validation loss
    // (possibly a local minimum) and ends with that epoch's weights.
    let (stopped, _) = run(
        &TrainConfig {
            patience: Some(3),
            ..cfg.clone()
        },
        &s,
    );
    let ran = stopped.history.len();
    assert!(stopped.stopped_early && ran == stopped.best_epoch + 3 && ran < 50);
    let seen = &h[..ran];
    let best_seen = seen
        .iter()
        .min_by(|a, b| a.val_loss.total_cmp(&b.val_loss))
        .unwrap();
    assert_eq!(stopped.best_epoch, best_seen.epoch);
    let mut mlp = Mlp::<f32>::new(&cfg.mlp_config()).unwrap();
    mlp.params_mut().copy_from_slice(&stopped.final_params);
    assert_eq!(mlp.evaluate(&s.validation).0, best_seen.val_loss);
    assert_ne!(stopped.final_params, full.final_params);
}

#[test]
fn trainer_steps_stop_at_the_epoch_boundary() {
    let s = splits(100, 100);
    let cfg = TrainConfig {
        batch_size: 32,
        ..Default::default()
    };
    let mut t = Trainer::new(&cfg, s.train.len()).unwrap();
    let a = t.train_steps(&s.train, 3).unwrap();
    assert_eq!(
        (a.batches, a.epoch_finished, t.examples_seen()),
        (3, false, 96)
    );
    let b = t.train_steps(&s.train, 10).unwrap();
    assert_eq!(
        (b.batches, b.epoch_finished, b.epoch, t.examples_seen()),
        (1, true, 1, 100)
    );
    let mut hyper = cfg.hyper;
    hyper.lr = -1.0;
    assert!(t.set_hyper(hyper).is_err());
    let other = Dataset {
        images: vec![0; 784],
        labels: vec![3],
        name: "one".into(),
    };
    assert!(matches!(
        t.train_steps(&other, 1),
        Err(TrainError::DatasetChanged { .. })
    ));
}

#[test]
fn divergence_is_an_error_not_a_panic() {
    let s = splits(500, 100);
    let mut cfg = TrainConfig {
        activation: Activation::Relu,
        hidden: vec![50, 50],
        ..Default::default()
    };
    cfg.hyper.lr = 1e6;
    let err = run_train(&cfg, &s, false, &mut Vec::new()).unwrap_err();
    assert!(matches!(err, TrainError::Diverged { .. }), "{err}");
    assert!(err.to_string().contains("diverged"));
}

#[test]
fn invalid_configs_are_rejected() {
    let ok = TrainConfig::default();
    assert!(ok.validate().is_ok());
    let bad = [
        TrainConfig {
            batch_size: 0,
            ..ok.clone()
        },
        TrainConfig {
            dropout: 1.0,
            ..ok.clone()
        },
        TrainConfig {
            l2: -1.0,
            ..ok.clone()
        },
        TrainConfig {
            hidden: vec![0],
            ..ok.clone()
        },
        TrainConfig {
            patience: Some(0),
            ..ok.clone()
        },
        TrainConfig {
            hyper: descent::core::optimizer::Hyper {
                lr: -0.1,
                ..ok.hyper
            },
            ..ok.clone()
        },
    ];
    for cfg in bad {
        assert!(cfg.validate().is_err(), "{cfg:?}");
    }
    let json = serde_json::to_string(&ok).unwrap();
    assert_eq!(serde_json::from_str::<TrainConfig>(&json).unwrap(), ok);
}

#[test]
fn an_empty_set_has_no_loss_and_a_run_over_one_is_refused() {
    let s = splits(100, 50);
    let cfg = TrainConfig {
        epochs: 1,
        ..Default::default()
    };
    let t = Trainer::new(&cfg, s.train.len()).unwrap();
    assert_eq!(t.evaluate(&s.validation.subset(0..0)), None);
    // A non-empty set gives the network's own mean loss.
    let (loss, _) = t.evaluate(&s.validation).unwrap();
    assert_eq!(loss, t.mlp().evaluate(&s.validation).0);
    assert!(loss > 0.0);

    for (no_val, no_test, which) in [(true, false, "validation"), (false, true, "test")] {
        let hollow = Splits {
            train: s.train.clone(),
            validation: s.validation.subset(0..if no_val { 0 } else { 50 }),
            test: s.test.subset(0..if no_test { 0 } else { 1000 }),
        };
        let mut out = Vec::new();
        let err = run_train(&cfg, &hollow, true, &mut out).unwrap_err();
        assert!(
            matches!(err, TrainError::EmptySet(w) if w == which),
            "{err}"
        );
        let csv = String::from_utf8(out).unwrap();
        assert!(!csv.contains("0.000000"), "no loss over zero images: {csv}");
    }
}
