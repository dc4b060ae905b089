//! Claim: for every torch-backed kind, `Optimizer<f64>` reproduces torch.optim's trajectories
//! (tests/fixtures/optimizers.json, made by tests/fixtures/make_optimizer_fixtures.py) to 1e-12 at
//! every step, and `default_hyper()` equals torch's own defaults; plus the torch conventions that
//! are easiest to see on a single step.

use descent::core::optimizer::{Hyper, Optimizer, OptimizerKind};

/// Same formula and operation order as `quadratic_grad` in the fixture script.
pub(crate) fn quadratic_grad(x: &[f64]) -> Vec<f64> {
    let diag = [1.0, 2.0, 4.0, 8.0, 16.0];
    let b = [1.0, 0.0, -1.0, 0.0, 1.0];
    (0..5)
        .map(|i| {
            let mut g = diag[i] * x[i] - b[i];
            if i > 0 {
                g += 0.5 * x[i - 1];
            }
            if i < 4 {
                g += 0.5 * x[i + 1];
            }
            g
        })
        .collect()
}

fn run(kind: OptimizerKind, hyper: Hyper, start: &[f64], steps: usize) -> Vec<f64> {
    let mut opt = Optimizer::new(kind, hyper, start.len());
    let mut p = start.to_vec();
    for _ in 0..steps {
        let g = quadratic_grad(&p);
        opt.step(&mut p, &g);
    }
    p
}

pub(crate) fn rosenbrock_grad(x: &[f64]) -> Vec<f64> {
    // f = (1 − x)² + 100(y − x²)², written in the fixture script's operation order.
    let (a, b) = (x[0], x[1]);
    let r = b - a * a;
    vec![-2.0 * (1.0 - a) - 400.0 * a * r, 200.0 * r]
}

#[derive(serde::Deserialize)]
struct Fixtures {
    torch_version: String,
    cases: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    kind: String,
    function: String,
    is_default: bool,
    hyper: serde_json::Map<String, serde_json::Value>,
    start: Vec<f64>,
    trajectory: Vec<Vec<f64>>,
}

fn fixtures() -> Fixtures {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/optimizers.json"
    );
    let text =
        std::fs::read_to_string(path).expect("run tests/fixtures/make_optimizer_fixtures.py");
    serde_json::from_str(&text).expect("fixture JSON")
}

/// Replays every torch trajectory with gradients recomputed from our own iterates (closed loop),
/// so any drift in the update rule compounds rather than hides.
#[test]
fn trajectories_match_torch_to_1e_9_at_every_step() {
    let fx = fixtures();
    assert!(
        fx.torch_version.starts_with('2'),
        "fixtures from torch {}",
        fx.torch_version
    );
    let mut seen = std::collections::HashSet::new();
    let mut worst = 0.0f64;
    for case in &fx.cases {
        let kind = OptimizerKind::from_name(&case.kind).expect("known kind");
        seen.insert(kind);
        // Hyper's serde(default) fills what torch's param_group lacks; those fields are unused.
        let hyper: Hyper = serde_json::from_value(case.hyper.clone().into()).expect("hyper");
        let grad_fn: fn(&[f64]) -> Vec<f64> = match case.function.as_str() {
            "rosenbrock" => rosenbrock_grad,
            "quadratic" => quadratic_grad,
            other => panic!("unknown function {other}"),
        };
        let mut opt = Optimizer::<f64>::new(kind, hyper, case.start.len());
        let mut p = case.start.clone();
        assert_eq!(case.trajectory[0], p);
        for (t, expected) in case.trajectory.iter().enumerate().skip(1) {
            let g = grad_fn(&p);
            opt.step(&mut p, &g);
            let scale = expected.iter().fold(1.0f64, |m, v| m.max(v.abs()));
            for (a, e) in p.iter().zip(expected) {
                let err = (a - e).abs() / scale;
                worst = worst.max(err);
                assert!(
                    err <= 1e-12,
                    "{} on {} ({:?}), step {t}: ours {p:?}, torch {expected:?}",
                    case.kind,
                    case.function,
                    case.hyper
                );
            }
        }
        assert_ne!(
            p, case.start,
            "{} on {} never moved",
            case.kind, case.function
        );
    }
    let torch_kinds = OptimizerKind::ALL.len() - 1; // all but Lion
    assert_eq!(
        seen.len(),
        torch_kinds,
        "every torch-backed kind has fixtures"
    );
    eprintln!(
        "worst scaled deviation from torch {}: {worst:e}",
        fx.torch_version
    );
}

/// The fixture records torch's own param_group, so this pins default_hyper() to torch.
#[test]
fn default_hyper_equals_the_param_group_torch_reports() {
    let fx = fixtures();
    let mut checked = 0;
    for case in fx.cases.iter().filter(|c| c.is_default) {
        let kind = OptimizerKind::from_name(&case.kind).expect("known kind");
        let ours = serde_json::to_value(kind.default_hyper()).expect("serialize");
        for (key, torch_value) in &case.hyper {
            assert_eq!(&ours[key], torch_value, "{kind:?} default {key}");
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} default values compared");
}

/// With β₂ = 0.9 the running v shrinks at times, so AMSGrad's max must change the path.
#[test]
fn amsgrad_fixture_differs_from_plain_adam() {
    let fx = fixtures();
    let case = fx
        .cases
        .iter()
        .find(|c| c.kind == "amsgrad" && !c.is_default && c.function == "quadratic")
        .expect("non-default AMSGrad case");
    let hyper: Hyper = serde_json::from_value(case.hyper.clone().into()).expect("hyper");
    let adam = run(OptimizerKind::Adam, hyper, &case.start, 50);
    let last = case.trajectory.last().expect("non-empty");
    assert!(
        adam.iter().zip(last).any(|(a, b)| (a - b).abs() > 1e-3),
        "{adam:?} vs {last:?}"
    );
}

#[test]
fn first_steps_match_the_textbook_formulas() {
    use OptimizerKind as K;
    let g = [2.0, -0.5];
    let one_step = |kind: K, hyper: Hyper| {
        let mut p = [1.0, 1.0];
        Optimizer::<f64>::new(kind, hyper, 2).step(&mut p, &g);
        p
    };
    // SGD: θ − α g.
    assert_eq!(
        one_step(
            K::Sgd,
            Hyper {
                lr: 0.1,
                ..K::Sgd.default_hyper()
            }
        ),
        [0.8, 1.05]
    );
    // torch initialises the momentum buffer to the first gradient (not (1−β)g), so step 1 = SGD.
    assert_eq!(
        one_step(
            K::Momentum,
            Hyper {
                lr: 0.1,
                ..K::Momentum.default_hyper()
            }
        ),
        [0.8, 1.05]
    );
    // Nesterov step 1: θ − α(g + βg) = θ − 1.9αg.
    let nesterov = one_step(
        K::Nesterov,
        Hyper {
            lr: 0.1,
            ..K::Nesterov.default_hyper()
        },
    );
    assert!((nesterov[0] - (1.0 - 0.38)).abs() < 1e-15 && (nesterov[1] - 1.095).abs() < 1e-15);
    // Adam's bias correction makes the first step ≈ α·sign(g) whatever |g| is.
    let adam = one_step(
        K::Adam,
        Hyper {
            lr: 0.1,
            ..K::Adam.default_hyper()
        },
    );
    assert!(
        (adam[0] - 0.9).abs() < 1e-8 && (adam[1] - 1.1).abs() < 1e-7,
        "{adam:?}"
    );
    // AdaGrad's first step is also ≈ α·sign(g): g / √(g²).
    let adagrad = one_step(
        K::AdaGrad,
        Hyper {
            lr: 0.1,
            ..K::AdaGrad.default_hyper()
        },
    );
    assert!((adagrad[0] - 0.9).abs() < 1e-9 && (adagrad[1] - 1.1).abs() < 1e-9);
}

#[test]
fn adamw_decays_weights_directly_while_adam_routes_decay_through_the_gradient() {
    let hyper = Hyper {
        lr: 0.1,
        weight_decay: 0.5,
        ..Hyper::default()
    };
    let mut p = [2.0, -4.0];
    Optimizer::<f64>::new(OptimizerKind::AdamW, hyper, 2).step(&mut p, &[0.0, 0.0]);
    assert_eq!(p, [2.0 * 0.95, -4.0 * 0.95]); // θ(1 − αλ), and m = 0 adds nothing
    let mut q = [2.0, -4.0];
    Optimizer::<f64>::new(OptimizerKind::Adam, hyper, 2).step(&mut q, &[0.0, 0.0]);
    // L2: g = λθ, so Adam's normalised first step is ≈ α·sign(θ).
    assert!(
        (q[0] - 1.9).abs() < 1e-8 && (q[1] + 3.9).abs() < 1e-8,
        "{q:?}"
    );
}
