//! The race and the lab model: the claims the landscape tab makes to a class.

use descent::core::lab::{Lab, LabState};
use descent::core::optimizer::{HyperParam, OptimizerKind};
use descent::core::presets::{self, PRESETS};
use descent::core::race::{self, MiniBatch, Racer, Status};
use descent::core::surface::{Surface, SurfaceKind};

fn racer(kind: OptimizerKind, lr: f64) -> Racer {
    let mut r = Racer::new(kind);
    r.hyper.set(HyperParam::Lr, lr);
    r
}

#[test]
fn a_huge_learning_rate_diverges_and_stops_without_panicking() {
    let surface = Surface::new(SurfaceKind::Rosenbrock);
    let t = race::run(
        &surface,
        [-1.5, 2.0],
        &racer(OptimizerKind::Sgd, 10.0),
        500,
        None,
    );
    assert!(
        matches!(t.status, Status::Diverged { .. }),
        "{:?}",
        t.status
    );
    assert!(t.steps() < 500);
    assert!(t.points.iter().flatten().all(|v| v.is_finite()));
    assert!(t.losses.iter().all(|v| v.is_finite()));
}

#[test]
fn a_small_learning_rate_finishes_all_steps() {
    let surface = Surface::new(SurfaceKind::Booth);
    let t = race::run(
        &surface,
        [-7.0, -6.0],
        &racer(OptimizerKind::Sgd, 0.01),
        400,
        None,
    );
    assert_eq!(t.status, Status::Finished);
    assert_eq!(t.points.len(), 401, "step 0 is the start");
    assert!(
        t.loss_at(400) < 1e-6,
        "SGD reaches Booth's minimum, loss {}",
        t.loss_at(400)
    );
}

#[test]
fn full_batch_mini_batches_are_batch_gradient_descent_and_batch_one_is_noisy() {
    let surface = Surface::new(SurfaceKind::Regression);
    let n = match &surface {
        Surface::Regression(data) => data.points.len(),
        Surface::Function(_) | Surface::Formula(_) => unreachable!(),
    };
    let r = racer(OptimizerKind::Sgd, 0.02);
    let start = race::default_start(SurfaceKind::Regression);
    let batch = race::run(&surface, start, &r, 100, None);
    let full = race::run(
        &surface,
        start,
        &r,
        100,
        Some(MiniBatch {
            batch_size: n,
            seed: 7,
        }),
    );
    for (a, b) in batch.points.iter().zip(&full.points) {
        assert!((a[0] - b[0]).abs() < 1e-12 && (a[1] - b[1]).abs() < 1e-12);
    }
    let sgd = race::run(
        &surface,
        start,
        &r,
        100,
        Some(MiniBatch {
            batch_size: 1,
            seed: 7,
        }),
    );
    let differs = sgd
        .points
        .iter()
        .zip(&batch.points)
        .any(|(a, b)| (a[0] - b[0]).abs() > 1e-3);
    assert!(differs, "one-point batches give a different, jerky path");
    let again = race::run(
        &surface,
        start,
        &r,
        100,
        Some(MiniBatch {
            batch_size: 1,
            seed: 7,
        }),
    );
    assert_eq!(sgd, again, "same seed, same batches");
}

#[test]
fn momentum_escapes_the_saddle_faster_than_sgd() {
    let surface = Surface::new(SurfaceKind::Saddle);
    let start = race::default_start(SurfaceKind::Saddle);
    let sgd = race::run(&surface, start, &racer(OptimizerKind::Sgd, 0.05), 40, None);
    let momentum = race::run(
        &surface,
        start,
        &racer(OptimizerKind::Momentum, 0.05),
        40,
        None,
    );
    let away = |t: &race::Trajectory| t.point_at(40)[1].abs();
    assert!(
        away(&sgd) < 0.1,
        "SGD still sits near the ridge: |y| = {}",
        away(&sgd)
    );
    assert!(
        away(&momentum) > 10.0 * away(&sgd),
        "momentum |y| = {}",
        away(&momentum)
    );
}

#[test]
fn adaptive_methods_find_beales_minimum_in_the_radford_preset() {
    let lab = Lab::new(presets::radford_beale());
    let at_minimum: Vec<&str> = lab
        .state
        .entries
        .iter()
        .zip(&lab.trajectories)
        .filter_map(|(e, t)| {
            let p = t.as_ref()?.point_at(lab.state.max_steps);
            ((p[0] - 3.0).hypot(p[1] - 0.5) < 0.1).then_some(e.racer.kind.label())
        })
        .collect();
    for kind in ["Adam", "RMSprop", "AdaGrad"] {
        assert!(
            at_minimum.contains(&kind),
            "{kind} is not at the minimum: {at_minimum:?}"
        );
    }
    assert!(
        !at_minimum.contains(&"SGD"),
        "SGD is still crawling along the valley floor"
    );
}

#[test]
fn every_preset_builds_and_races_from_its_start() {
    for preset in &PRESETS {
        let lab = Lab::new(preset.state());
        let enabled = lab.trajectories.iter().flatten().count();
        assert!(enabled >= 2, "{} races {enabled} optimizers", preset.name);
        for t in lab.trajectories.iter().flatten() {
            assert_eq!(t.points[0], lab.state.start);
            assert!(t.steps() > 0);
        }
    }
}

#[test]
fn changing_a_hyperparameter_keeps_the_old_path_as_a_ghost() {
    let mut lab = Lab::new(LabState::default());
    let index = 0;
    let old = lab.trajectories[index].clone().map(|t| t.points);
    let mut hyper = lab.state.entries[index].racer.hyper;
    hyper.lr *= 0.5;
    assert!(lab.set_hyper(index, hyper).is_ok());
    assert_eq!(lab.ghosts[index], old);
    assert_ne!(
        lab.trajectories[index].as_ref().map(|t| &t.points),
        old.as_ref()
    );
}

#[test]
fn invalid_hyperparameters_are_refused_and_change_nothing() {
    let mut lab = Lab::new(LabState::default());
    let before = lab.state.clone();
    let mut hyper = before.entries[0].racer.hyper;
    hyper.lr = f64::NAN;
    let err = lab.set_hyper(0, hyper).expect_err("NaN learning rate");
    assert!(err.contains("learning rate"), "{err}");
    assert_eq!(lab.state, before);
}

#[test]
fn dragging_a_data_point_moves_the_ols_minimum() {
    let mut lab = Lab::new(presets::linear_regression());
    let ols_before = lab.landscape_version;
    let Surface::Regression(data) = &lab.state.surface else {
        panic!("regression preset")
    };
    let first = data.ols();
    let p = data.points[0];
    lab.move_data_point(0, [p[0], p[1] + 5.0]);
    let Surface::Regression(data) = &lab.state.surface else {
        panic!("regression preset")
    };
    assert_ne!(data.ols(), first);
    assert!(
        lab.landscape_version > ols_before,
        "the landscape was resampled"
    );
}

#[test]
fn timeline_plays_to_the_end_and_stops() {
    let mut lab = Lab::new(LabState::default());
    lab.toggle_play();
    lab.tick(1.0);
    assert_eq!(lab.state.step, 30, "30 steps per second by default");
    lab.tick(1e6);
    assert_eq!(lab.state.step, lab.state.max_steps);
    assert!(!lab.playing);
    lab.step_back();
    assert_eq!(lab.state.step, lab.state.max_steps - 1);
}
