//! The training loop (the CLI's and the app's) applies the lr schedule: per epoch for every
//! schedule but OneCycle, per optimizer step for OneCycle (with its momentum cycling). The
//! expected values are computed from the schedules' formulas or their own `Scheduler`, not
//! from the trainer. Also: classroom pacing and the overfitting demo.

use std::f64::consts::PI;

use descent::core::mnist::{self, Splits};
use descent::core::optimizer::OptimizerKind;
use descent::core::schedule::{OneCycle, Schedule, Scheduler};
use descent::core::training::{CLASSROOM_RUN_SECS, Pace, TrainConfig, Trainer, run_train};

fn splits(train: usize, val: usize) -> Splits {
    let (file, test) = mnist::load_bundled().unwrap();
    let s = mnist::split(file, test, train).unwrap();
    Splits {
        validation: s.validation.subset(0..val),
        test: s.test.subset(0..100),
        train: s.train,
    }
}

#[test]
fn step_schedule_halves_the_lr_every_epoch_of_run_train() {
    let s = splits(500, 200);
    let cfg = TrainConfig {
        epochs: 4,
        schedule: "step:step_size=1,gamma=0.5".parse().unwrap(),
        ..TrainConfig::default()
    };
    let mut out = Vec::new();
    let summary = run_train(&cfg, &s, false, &mut out).unwrap();
    let lrs: Vec<f64> = summary.history.iter().map(|r| r.lr).collect();
    // Closed form of StepLR(step_size=1, γ=0.5) from lr 0.5.
    let expected: Vec<f64> = (0..4).map(|e| 0.5 * 0.5f64.powi(e)).collect();
    assert_eq!(lrs, expected);
    let csv = String::from_utf8(out).unwrap();
    let last_cells: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap())
        .collect();
    assert_eq!(last_cells, ["0.5", "0.25", "0.125", "0.0625"], "{csv}");
}

#[test]
fn cosine_schedule_sets_each_epochs_lr_and_holds_it_through_the_epoch() {
    let s = splits(320, 100);
    let (t_max, base) = (5u64, 0.4);
    let cfg = TrainConfig {
        epochs: 5,
        batch_size: 32,
        hyper: descent::core::optimizer::Hyper {
            lr: base,
            ..OptimizerKind::Sgd.default_hyper()
        },
        schedule: Schedule::Cosine {
            t_max,
            eta_min: 0.01,
        },
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(&cfg, s.train.len()).unwrap();
    for e in 0..5u64 {
        let want = 0.01 + (base - 0.01) * (1.0 + (PI * e as f64 / t_max as f64).cos()) / 2.0;
        // 320 images in batches of 32: ten steps, each at the epoch's lr.
        for _ in 0..10 {
            assert!(
                (t.lr() - want).abs() < 1e-12,
                "epoch {e}: {} vs {want}",
                t.lr()
            );
            t.train_steps(&s.train, 1).unwrap();
        }
    }
}

#[test]
fn onecycle_moves_lr_and_momentum_every_optimizer_step() {
    let s = splits(256, 100);
    let kind = OptimizerKind::Momentum;
    let schedule = Schedule::OneCycle(OneCycle::new(0.8, 30));
    let cfg = TrainConfig {
        epochs: 4,
        optimizer: kind,
        hyper: kind.default_hyper(),
        schedule,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(&cfg, s.train.len()).unwrap();
    let mut reference = Scheduler::new(schedule, kind, cfg.hyper.lr);
    // 8 steps an epoch; past total_steps = 30 the last values are held.
    for step in 0..32 {
        assert_eq!(t.lr(), reference.lr(), "lr at step {step}");
        assert_eq!(
            Some(t.optimizer().hyper().momentum),
            reference.momentum(),
            "momentum at step {step}"
        );
        t.train_steps(&s.train, 1).unwrap();
        reference.step();
    }
    // The peak is max_lr (at step pct_start·30 − 1 = 8) and the start max_lr / 25.
    let lrs = schedule.lrs(kind, cfg.hyper.lr, 30);
    assert!((lrs[0] - 0.8 / 25.0).abs() < 1e-12);
    assert!((lrs[8] - 0.8).abs() < 1e-12);
}

#[test]
fn moving_the_lr_slider_mid_run_rebases_the_schedule_where_it_is() {
    let s = splits(320, 100);
    let cfg = TrainConfig {
        epochs: 4,
        schedule: "step:step_size=1,gamma=0.5".parse().unwrap(),
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(&cfg, s.train.len()).unwrap();
    t.epoch(&s.train).unwrap();
    t.epoch(&s.train).unwrap();
    assert_eq!(t.lr(), 0.5 * 0.25);
    let mut hyper = cfg.hyper;
    hyper.lr = 0.2;
    t.set_hyper(hyper).unwrap();
    assert_eq!(t.lr(), 0.2 * 0.25, "two halvings of the new base lr");
}

#[test]
fn classroom_pace_gives_any_run_the_same_length() {
    assert_eq!(Pace::FullSpeed.examples_per_sec(50_000, 10), None);
    assert_eq!(Pace::FullSpeed.epoch_secs(10), None);
    for (images, epochs) in [(50_000, 10), (1000, 50), (2500, 10), (1, 1)] {
        let rate = Pace::Classroom.examples_per_sec(images, epochs).unwrap();
        let run_secs = (images * epochs) as f64 / rate;
        assert!(
            (run_secs - CLASSROOM_RUN_SECS).abs() < 1e-9,
            "{images}×{epochs}"
        );
        let epoch_secs = Pace::Classroom.epoch_secs(epochs).unwrap();
        assert!((epoch_secs * epochs as f64 - CLASSROOM_RUN_SECS).abs() < 1e-9);
        assert!((images as f64 / rate - epoch_secs).abs() < 1e-9);
    }
    // The chapter's run: 20,000 images/s, 2.5 s an epoch.
    assert_eq!(Pace::Classroom.examples_per_sec(50_000, 10), Some(20_000.0));
    assert!((20.0..=30.0).contains(&CLASSROOM_RUN_SECS));
}

#[test]
fn the_overfitting_demo_turns_its_validation_loss_up() {
    let cfg = TrainConfig::overfitting_demo();
    assert_eq!(cfg.train_size, 1000);
    // The app's data: all 10,000 validation images.
    let (file, test) = mnist::load_bundled().unwrap();
    let s = mnist::split(file, test, cfg.train_size).unwrap();
    let summary = run_train(&cfg, &s, false, &mut std::io::sink()).unwrap();
    let h = &summary.history;
    assert_eq!(h.len(), cfg.epochs);
    let best = &h[summary.best_epoch - 1];
    let last = h.last().unwrap();
    assert!(
        summary.best_epoch < cfg.epochs / 2,
        "best epoch {} of {}",
        summary.best_epoch,
        cfg.epochs
    );
    assert!(
        last.val_loss > best.val_loss * 1.1,
        "final val loss {} vs best {} at epoch {}",
        last.val_loss,
        best.val_loss,
        best.epoch
    );
    assert!(
        last.train_loss < best.train_loss,
        "training loss keeps falling"
    );
}

#[test]
fn a_scene_keeps_the_runs_schedule_as_its_spec_text() {
    let cfg = TrainConfig {
        schedule: "onecycle:max_lr=1,total_steps=15630".parse().unwrap(),
        ..TrainConfig::default()
    };
    let json = serde_json::to_value(&cfg).unwrap();
    assert!(
        json["schedule"]
            .as_str()
            .unwrap()
            .starts_with("onecycle:max_lr=1,total_steps=15630"),
        "{json}"
    );
    let back: TrainConfig = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, cfg);
    // A config saved before schedules existed trains at a constant lr.
    let mut old = json;
    old.as_object_mut().unwrap().remove("schedule");
    let old: TrainConfig = serde_json::from_value(old).unwrap();
    assert_eq!(old.schedule, Schedule::Constant);
    // A bad spec is refused with the parser's message.
    let mut bad = serde_json::to_value(&cfg).unwrap();
    bad["schedule"] = "step:gamma=2".into();
    let e = serde_json::from_value::<TrainConfig>(bad).unwrap_err();
    assert!(e.to_string().contains("step needs step_size"), "{e}");
}
