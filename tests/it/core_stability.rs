//! The stability bounds on lr·λmax, checked against the real optimizers run on quadratics.

use descent::core::inspect::inspect;
use descent::core::optimizer::{Hyper, Optimizer, OptimizerKind};
use descent::core::presets;
use descent::core::race::{self, Racer, Status};
use descent::core::stability::stability_bound;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// |θ| after `steps` steps of the repo's optimizer on ½(λ₁θ₁² + λ₂θ₂²) from (1, 1).
fn simulate(kind: OptimizerKind, hyper: Hyper, curvatures: [f64; 2], steps: usize) -> f64 {
    let mut optimizer = Optimizer::<f64>::new(kind, hyper, 2);
    let mut theta = [1.0, 1.0];
    for _ in 0..steps {
        let grad = [curvatures[0] * theta[0], curvatures[1] * theta[1]];
        optimizer.step(&mut theta, &grad);
    }
    theta[0].hypot(theta[1])
}

/// For β ≤ 0.95 and the flatter curvature at least 0.2·λmax, spectral radii are at most 0.975
/// at 0.97× the bound and at least 1.056 at 1.03×, so 2000 steps shrink by > 1e22 or grow by
/// > 1e47: no case is borderline, and nothing overflows.
const STEPS: usize = 2000;

#[test]
fn every_fixed_step_bound_separates_convergence_from_divergence() {
    let mut rng = StdRng::seed_from_u64(10);
    for kind in [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Nesterov,
    ] {
        for case in 0..300 {
            let mut hyper = kind.default_hyper();
            // Plain SGD must ignore whatever momentum value the bag holds.
            hyper.momentum = rng.random_range(0.0..0.95);
            hyper.lr = 10f64.powf(rng.random_range(-3.0..0.0));
            hyper.weight_decay = if case % 2 == 0 {
                0.0
            } else {
                rng.random_range(0.0..0.1)
            };
            let bound = stability_bound(kind, &hyper).expect("fixed-step methods have a bound");
            // A second, flatter direction must not change the verdict: λmax decides.
            let flatter = rng.random_range(0.2..1.0);
            for (factor, converges) in [(0.97, true), (1.03, false)] {
                let lambda_max = factor * bound / hyper.lr;
                let curvatures = [flatter * lambda_max, lambda_max];
                let size = simulate(kind, hyper, curvatures, STEPS);
                let what = format!(
                    "{} β={} lr={} wd={} λmax={lambda_max} ({factor}× bound {bound}): |θ|={size}",
                    kind.name(),
                    hyper.momentum,
                    hyper.lr,
                    hyper.weight_decay
                );
                if converges {
                    assert!(size < 1e-6, "should converge: {what}");
                } else {
                    assert!(size > 1e6, "should diverge: {what}");
                }
            }
        }
    }
}

#[test]
fn the_bounds_are_the_known_closed_forms() {
    let hyper = |momentum: f64| Hyper {
        momentum,
        weight_decay: 0.0,
        ..Hyper::default()
    };
    let bound = |kind, m| stability_bound(kind, &hyper(m)).unwrap();
    assert_eq!(bound(OptimizerKind::Sgd, 0.9), 2.0, "SGD ignores momentum");
    assert!((bound(OptimizerKind::Momentum, 0.9) - 3.8).abs() < 1e-12);
    // torch's Nesterov at β = 0.9: 2·1.9/2.8 = 1.357…, far below heavy ball's 3.8.
    assert!((bound(OptimizerKind::Nesterov, 0.9) - 3.8 / 2.8).abs() < 1e-12);
    assert_eq!(bound(OptimizerKind::Nesterov, 0.0), 2.0, "β = 0 is SGD");
}

#[test]
fn adaptive_methods_have_no_fixed_bound() {
    for kind in OptimizerKind::ALL {
        let fixed = matches!(
            kind,
            OptimizerKind::Sgd | OptimizerKind::Momentum | OptimizerKind::Nesterov
        );
        assert_eq!(
            stability_bound(kind, &kind.default_hyper()).is_some(),
            fixed,
            "{}",
            kind.name()
        );
    }
}

/// The case: on the Long valley preset the panel called Nesterov stable while it diverged.
#[test]
fn long_valley_nesterov_diverges_just_above_its_bound_and_not_below() {
    let state = presets::long_valley();
    let racer = Racer::new(OptimizerKind::Nesterov);
    let at = inspect(&state.surface, &racer, state.start);
    let bound = at.stable_below.expect("Nesterov has a bound");
    let lambda_max = at.eigenvalues[1];
    for (factor, diverges) in [(0.97, false), (1.03, true)] {
        let mut racer = racer;
        racer.hyper.lr = factor * bound / lambda_max;
        let seen = inspect(&state.surface, &racer, state.start);
        assert_eq!(seen.too_large(), diverges, "lr·λmax {}", seen.lr_lambda_max);
        let t = race::run(&state.surface, state.start, &racer, 2000, None);
        let diverged = matches!(t.status, Status::Diverged { .. });
        assert_eq!(diverged, diverges, "lr {}: {:?}", racer.hyper.lr, t.status);
    }
    // The preset's old claim: "stable below 3.8" at lr 0.03, yet the path diverges.
    let mut racer = racer;
    racer.hyper.lr = 0.03;
    let t = race::run(&state.surface, state.start, &racer, 2000, None);
    assert!(
        matches!(t.status, Status::Diverged { .. }),
        "{:?}",
        t.status
    );
    assert!(inspect(&state.surface, &racer, state.start).too_large());
}
