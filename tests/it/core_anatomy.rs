//! The step anatomy (momentum step + gradient step = step) against the optimizer itself and
//! against Sutskever's textbook form of Nesterov momentum, computed here independently.

use descent::core::anatomy::step_anatomy;
use descent::core::optimizer::{Optimizer, OptimizerKind};
use descent::core::race::{self, Racer};
use descent::core::surface::{Point, Surface, SurfaceKind};

fn close(a: Point, b: Point, tol: f64, what: &str) {
    let err = (a[0] - b[0]).abs().max((a[1] - b[1]).abs());
    let scale = 1.0 + a[0].abs().max(a[1].abs());
    assert!(err <= tol * scale, "{what}: {a:?} vs {b:?}");
}

fn racer(kind: OptimizerKind, lr: f64, mu: f64, wd: f64) -> Racer {
    let mut r = Racer::new(kind);
    r.hyper.lr = lr;
    r.hyper.momentum = mu;
    r.hyper.weight_decay = wd;
    r
}

const STEPS: [usize; 5] = [0, 1, 2, 17, 80];

/// Runs the optimizer itself `t` steps, then one more: where that step really lands, and the
/// momentum buffer after it.
fn optimizer_after(surface: &Surface, start: Point, r: &Racer, t: usize) -> (Point, Point) {
    let mut opt = Optimizer::<f64>::new(r.kind, r.hyper, 2);
    let mut p = start;
    for _ in 0..=t {
        let g = surface.gradient(p);
        opt.step(&mut p, &g);
    }
    let buf = opt.velocity().map_or([0.0; 2], |v| [v[0], v[1]]);
    (p, buf)
}

#[test]
fn momentum_steps_are_the_momentum_step_plus_the_gradient_step_at_the_head() {
    let surface = Surface::new(SurfaceKind::Beale);
    let start = [0.7, 1.4];
    for wd in [0.0, 0.1] {
        let r = racer(OptimizerKind::Momentum, 0.01, 0.9, wd);
        let t = race::run(&surface, start, &r, 100, None);
        for step in STEPS {
            let a = step_anatomy(&t, &r, step).expect("momentum has an anatomy");
            let head = t.points[step];
            assert_eq!(a.origin, head);
            assert_eq!(
                a.gradient_at, head,
                "heavy ball: gradient at the current point"
            );
            assert_eq!(
                a.step,
                [a.momentum[0] + a.gradient[0], a.momentum[1] + a.gradient[1]]
            );
            let (next, _) = optimizer_after(&surface, start, &r, step);
            close(a.end(), next, 1e-12, &format!("step {step}, wd {wd}"));
        }
        let first = step_anatomy(&t, &r, 0).expect("first step");
        assert_eq!(
            first.momentum,
            [0.0, 0.0],
            "no velocity before the first step"
        );
    }
}

#[test]
fn nesterov_is_sutskevers_look_ahead_step_in_torchs_coordinates() {
    let surface = Surface::new(SurfaceKind::Beale);
    let start = [0.7, 1.4];
    for wd in [0.0, 0.1] {
        let (lr, mu) = (0.01, 0.9);
        let r = racer(OptimizerKind::Nesterov, lr, mu, wd);
        let t = race::run(&surface, start, &r, 100, None);
        // Sutskever et al. (2013): v ← μv − lr∇f(θ + μv); θ ← θ + v. With v₀ = 0, θ₀ = start.
        let (mut theta, mut v) = (start, [0.0f64; 2]);
        let mut textbook = Vec::new();
        for _ in 0..=STEPS[STEPS.len() - 1] {
            let look = [theta[0] + mu * v[0], theta[1] + mu * v[1]];
            let g = surface.gradient(look);
            let grad_step = [-lr * (g[0] + wd * look[0]), -lr * (g[1] + wd * look[1])];
            let next_v = [mu * v[0] + grad_step[0], mu * v[1] + grad_step[1]];
            let next_theta = [theta[0] + next_v[0], theta[1] + next_v[1]];
            textbook.push((theta, look, grad_step, next_theta));
            (theta, v) = (next_theta, next_v);
        }
        for step in STEPS {
            let a = step_anatomy(&t, &r, step).expect("nesterov has an anatomy");
            let (theta, look, grad_step, next_theta) = textbook[step];
            let what = |s: &str| format!("{s} at step {step}, wd {wd}");
            close(a.origin, theta, 1e-9, &what("θ"));
            close(a.look_ahead, look, 1e-9, &what("look-ahead"));
            assert_eq!(
                a.look_ahead, a.gradient_at,
                "gradient taken at the look-ahead point"
            );
            close(
                a.look_ahead,
                t.points[step],
                1e-12,
                &what("torch's head is the look-ahead"),
            );
            close(a.gradient, grad_step, 1e-9, &what("gradient step"));
            close(a.end(), next_theta, 1e-9, &what("θ after the step"));
            // The optimizer's own step, mapped back: θ' = φ' − μv' with v' = −lr·buf'.
            let (phi, buf) = optimizer_after(&surface, start, &r, step);
            let theta_next = [phi[0] + lr * mu * buf[0], phi[1] + lr * mu * buf[1]];
            close(a.end(), theta_next, 1e-12, &what("optimizer's step"));
        }
    }
}

#[test]
fn only_momentum_methods_with_momentum_have_an_anatomy() {
    let surface = Surface::new(SurfaceKind::Beale);
    for kind in [
        OptimizerKind::Sgd,
        OptimizerKind::Adam,
        OptimizerKind::RmsProp,
    ] {
        let r = Racer::new(kind);
        let t = race::run(&surface, [0.7, 1.4], &r, 5, None);
        assert!(step_anatomy(&t, &r, 2).is_none(), "{kind:?}");
    }
    let r = racer(OptimizerKind::Nesterov, 0.01, 0.0, 0.0);
    let t = race::run(&surface, [0.7, 1.4], &r, 5, None);
    assert!(
        step_anatomy(&t, &r, 2).is_none(),
        "μ = 0 has no momentum step"
    );
    let r = racer(OptimizerKind::Momentum, 0.01, 0.9, 0.0);
    let t = race::run(&surface, [0.7, 1.4], &r, 5, None);
    assert!(
        step_anatomy(&t, &r, 5).is_none(),
        "no step after the last point"
    );
}
