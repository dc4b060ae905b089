//! Claims about `descent::core::optimizer` beyond torch replay (see core_optimizers_torch.rs):
//! Lion by hand, textbook first steps, decoupled decay, precision independence, validation,
//! naming, and state handling.

use descent::core::optimizer::{Hyper, HyperParam, Optimizer, OptimizerError, OptimizerKind};

fn run<T: descent::core::optimizer::Scalar>(
    kind: OptimizerKind,
    hyper: Hyper,
    start: &[T],
    grad_fn: impl Fn(&[T]) -> Vec<T>,
    steps: usize,
) -> Vec<T> {
    let mut opt = Optimizer::new(kind, hyper, start.len());
    let mut p = start.to_vec();
    for _ in 0..steps {
        let g = grad_fn(&p);
        opt.step(&mut p, &g);
    }
    p
}

/// ∇ of ½xᵀAx − bᵀx with A = diag(1,2,4,8,16) + 0.5 on the off-diagonals (same formula as the
/// fixture script).
fn quadratic_grad<T: descent::core::optimizer::Scalar>(x: &[T]) -> Vec<T> {
    let f = T::from_f64;
    let diag = [1.0, 2.0, 4.0, 8.0, 16.0];
    let b = [1.0, 0.0, -1.0, 0.0, 1.0];
    (0..5)
        .map(|i| {
            let mut g = f(diag[i]) * x[i] - f(b[i]);
            if i > 0 {
                g = g + f(0.5) * x[i - 1];
            }
            if i < 4 {
                g = g + f(0.5) * x[i + 1];
            }
            g
        })
        .collect()
}

const QUAD_START: [f64; 5] = [1.0, -1.0, 0.5, 2.0, -0.5];

#[test]
fn names_round_trip_case_insensitively_and_serde_uses_the_same_names() {
    for kind in OptimizerKind::ALL {
        assert_eq!(OptimizerKind::from_name(kind.name()), Some(kind));
        assert_eq!(
            OptimizerKind::from_name(&kind.name().to_uppercase()),
            Some(kind)
        );
        assert_eq!(OptimizerKind::from_name(kind.label()), Some(kind));
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(json, format!("\"{}\"", kind.name()));
        assert_eq!(serde_json::from_str::<OptimizerKind>(&json).unwrap(), kind);
        assert!(
            kind.description().contains('θ'),
            "{kind:?} tooltip lacks its update rule"
        );
    }
    assert_eq!(
        serde_json::from_str::<OptimizerKind>("\"adam-w\"").unwrap(),
        OptimizerKind::AdamW
    );
    assert_eq!(
        OptimizerKind::from_name("RMSProp"),
        Some(OptimizerKind::RmsProp)
    );
    assert_eq!(OptimizerKind::from_name("adamax"), None);
    let labels: Vec<_> = OptimizerKind::ALL.iter().map(|k| k.label()).collect();
    assert_eq!(labels[5], "RMSprop");
    assert_eq!(OptimizerKind::CHAPTER, OptimizerKind::ALL[..7]);
}

#[test]
fn default_hyperparameters_are_torch_defaults_and_valid() {
    use OptimizerKind as K;
    let d = |k: K| k.default_hyper();
    assert_eq!(
        (
            d(K::Sgd).lr,
            d(K::Momentum).momentum,
            d(K::Nesterov).momentum
        ),
        (1e-3, 0.9, 0.9)
    );
    assert_eq!(
        (
            d(K::AdaGrad).lr,
            d(K::AdaGrad).eps,
            d(K::AdaGrad).weight_decay
        ),
        (1e-2, 1e-10, 0.0)
    );
    assert_eq!(
        (d(K::AdaDelta).lr, d(K::AdaDelta).rho, d(K::AdaDelta).eps),
        (1.0, 0.9, 1e-6)
    );
    let r = d(K::RmsProp);
    assert_eq!((r.lr, r.alpha, r.eps, r.momentum), (1e-2, 0.99, 1e-8, 0.0));
    let a = d(K::Adam);
    assert_eq!(
        (a.lr, a.beta1, a.beta2, a.eps, a.weight_decay),
        (1e-3, 0.9, 0.999, 1e-8, 0.0)
    );
    assert_eq!(d(K::AdamW).weight_decay, 1e-2);
    assert_eq!((d(K::NAdam).lr, d(K::NAdam).momentum_decay), (2e-3, 4e-3));
    let l = d(K::Lion);
    assert_eq!(
        (l.lr, l.beta1, l.beta2, l.weight_decay),
        (1e-4, 0.9, 0.99, 0.0)
    );
    for kind in K::ALL {
        assert_eq!(kind.default_hyper().validate(kind), Ok(()), "{kind:?}");
    }
}

#[test]
fn uses_lists_exactly_the_hyperparameters_each_rule_reads() {
    use HyperParam as H;
    use OptimizerKind as K;
    let used = |k: K| {
        H::ALL
            .into_iter()
            .filter(|&p| k.uses(p))
            .collect::<Vec<_>>()
    };
    assert_eq!(used(K::Sgd), [H::Lr, H::WeightDecay]);
    assert_eq!(used(K::Nesterov), [H::Lr, H::Momentum, H::WeightDecay]);
    assert_eq!(used(K::AdaGrad), [H::Lr, H::Eps, H::WeightDecay]);
    assert_eq!(used(K::AdaDelta), [H::Lr, H::Rho, H::Eps, H::WeightDecay]);
    assert_eq!(
        used(K::RmsProp),
        [H::Lr, H::Momentum, H::Alpha, H::Eps, H::WeightDecay]
    );
    assert_eq!(
        used(K::AmsGrad),
        [H::Lr, H::Beta1, H::Beta2, H::Eps, H::WeightDecay]
    );
    assert_eq!(used(K::Lion), [H::Lr, H::Beta1, H::Beta2, H::WeightDecay]);
    let mut h = Hyper::default();
    for (i, p) in H::ALL.into_iter().enumerate() {
        h.set(p, i as f64 / 10.0);
        assert_eq!(h.get(p), i as f64 / 10.0);
        let (lo, hi) = p.range();
        assert!(lo < hi && (!p.log_scale() || lo > 0.0), "{p:?} range");
        assert!(!p.label().is_empty() && !p.description().is_empty());
    }
}

#[test]
fn validate_rejects_nonsense_with_readable_messages() {
    use OptimizerKind as K;
    let bad = |kind: K, edit: fn(&mut Hyper)| {
        let mut h = kind.default_hyper();
        edit(&mut h);
        h.validate(kind).unwrap_err().to_string()
    };
    assert_eq!(
        bad(K::Adam, |h| h.lr = f64::NAN),
        "learning rate α must be a finite number ≥ 0, got NaN"
    );
    assert_eq!(
        bad(K::Sgd, |h| h.lr = -0.1),
        "learning rate α must be a finite number ≥ 0, got -0.1"
    );
    assert_eq!(
        bad(K::Sgd, |h| h.lr = f64::INFINITY),
        "learning rate α must be a finite number ≥ 0, got inf"
    );
    assert_eq!(
        bad(K::Adam, |h| h.beta1 = 1.0),
        "β₁ must be in [0, 1) (at least 0 and strictly below 1), got 1"
    );
    assert!(bad(K::Lion, |h| h.beta2 = -0.5).starts_with("β₂ must be in [0, 1)"));
    assert!(bad(K::Momentum, |h| h.momentum = 1.0).starts_with("momentum β must be in [0, 1)"));
    assert!(bad(K::AdaDelta, |h| h.rho = f64::NAN).starts_with("ρ (decay) must be in [0, 1)"));
    assert!(bad(K::RmsProp, |h| h.alpha = 1.5).starts_with("α (smoothing) must be in [0, 1)"));
    assert_eq!(
        bad(K::AdaGrad, |h| h.eps = 0.0),
        "ε must be a finite number > 0, got 0"
    );
    assert!(bad(K::AdamW, |h| h.weight_decay = -1e-2).starts_with("weight decay λ must be"));
    assert!(bad(K::NAdam, |h| h.momentum_decay = -1.0).starts_with("momentum decay ψ must be"));
    let err = Hyper {
        lr: -1.0,
        ..Hyper::default()
    }
    .validate(K::Adam)
    .unwrap_err();
    assert!(matches!(
        err,
        OptimizerError::NotNonNegative { value: -1.0, .. }
    ));
    // Parameters a kind ignores are not its business.
    let ignored = Hyper {
        beta1: f64::NAN,
        eps: -1.0,
        rho: 7.0,
        ..K::Sgd.default_hyper()
    };
    assert_eq!(ignored.validate(K::Sgd), Ok(()));
    assert_eq!(
        Hyper {
            eps: -1.0,
            ..K::Lion.default_hyper()
        }
        .validate(K::Lion),
        Ok(())
    );
}

/// Lion is not in torch, so its reference is arithmetic done by hand from Chen et al. (2023):
/// c = β₁m + (1−β₁)g;  θ ← θ − α(sign(c) + λθ);  m ← β₂m + (1−β₂)g.
/// With α = 0.125, β₁ = 0.5, β₂ = 0.75, λ = 0.5 every number is a dyadic rational, so f64 is exact.
#[test]
fn lion_matches_a_hand_computed_trajectory() {
    let hyper = Hyper {
        lr: 0.125,
        beta1: 0.5,
        beta2: 0.75,
        weight_decay: 0.5,
        ..Hyper::default()
    };
    let mut opt = Optimizer::<f64>::new(OptimizerKind::Lion, hyper, 2);
    let mut p = [1.0, -2.0];
    // Step 1, g = (0.5, 0): c = (0.25, 0), sign = (1, 0)  [sign(0) = 0]
    //   θ₀ = 1 − 0.125·(1 + 0.5·1)    = 0.8125
    //   θ₁ = −2 − 0.125·(0 + 0.5·(−2)) = −1.875
    //   m = 0.25·g = (0.125, 0)
    opt.step(&mut p, &[0.5, 0.0]);
    assert_eq!(p, [0.8125, -1.875]);
    assert_eq!(opt.velocity().unwrap(), [0.125, 0.0]);
    // Step 2, g = (−1, 0.25): c = 0.5·(0.125, 0) + 0.5·g = (−0.4375, 0.125), sign = (−1, 1)
    //   θ₀ = 0.8125 − 0.125·(−1 + 0.40625)   = 0.8125 + 0.07421875  = 0.88671875
    //   θ₁ = −1.875 − 0.125·(1 − 0.9375)     = −1.875 − 0.0078125   = −1.8828125
    //   m = 0.75·(0.125, 0) + 0.25·g = (0.09375 − 0.25, 0.0625) = (−0.15625, 0.0625)
    opt.step(&mut p, &[-1.0, 0.25]);
    assert_eq!(p, [0.88671875, -1.8828125]);
    assert_eq!(opt.velocity().unwrap(), [-0.15625, 0.0625]);
    // Step 3, g = (0.125, −0.25): c = (−0.078125 + 0.0625, 0.03125 − 0.125) = (−0.015625, −0.09375)
    //   so θ₀ moves against its own (positive) gradient: the momentum still points the other way.
    //   θ₀ = 0.88671875 − 0.125·(−1 + 0.443359375) = 0.88671875 + 0.069580078125 = 0.956298828125
    //   θ₁ = −1.8828125 − 0.125·(−1 − 0.94140625) = −1.8828125 + 0.24267578125 = −1.64013671875
    //   m = 0.75·(−0.15625, 0.0625) + 0.25·g = (−0.0859375, −0.015625)
    opt.step(&mut p, &[0.125, -0.25]);
    assert_eq!(p, [0.956298828125, -1.64013671875]);
    assert_eq!(opt.velocity().unwrap(), [-0.0859375, -0.015625]);
    assert_eq!(opt.second_moment(), None);
}

#[test]
fn f32_and_f64_runs_agree() {
    let start32: Vec<f32> = QUAD_START.iter().map(|&v| v as f32).collect();
    for kind in OptimizerKind::ALL {
        let hyper = Hyper {
            lr: kind.default_hyper().lr.min(0.05),
            ..kind.default_hyper()
        };
        let a = run(kind, hyper, &QUAD_START, quadratic_grad, 30);
        let b = run(kind, hyper, &start32, quadratic_grad, 30);
        for (x, y) in a.iter().zip(&b) {
            assert!(
                (x - f64::from(*y)).abs() < 1e-4,
                "{kind:?}: f64 {a:?} vs f32 {b:?}"
            );
        }
        assert_ne!(a, QUAD_START, "{kind:?} did not move");
    }
}

#[test]
fn set_hyper_keeps_state_and_a_doubled_lr_doubles_the_next_adam_step() {
    let hyper = Hyper {
        lr: 0.01,
        ..Hyper::default()
    };
    let mut opt = Optimizer::<f64>::new(OptimizerKind::Adam, hyper, 5);
    let mut p = QUAD_START.to_vec();
    for _ in 0..5 {
        let g = quadratic_grad(&p);
        opt.step(&mut p, &g);
    }
    let (m, v) = (
        opt.velocity().unwrap().to_vec(),
        opt.second_moment().unwrap().to_vec(),
    );
    let mut doubled = opt.clone();
    doubled.set_hyper(Hyper { lr: 0.02, ..hyper });
    assert_eq!(doubled.steps_taken(), 5);
    assert_eq!(
        (
            doubled.velocity().unwrap(),
            doubled.second_moment().unwrap()
        ),
        (&m[..], &v[..])
    );
    assert_eq!(doubled.hyper().lr, 0.02);
    let g = quadratic_grad(&p);
    let (mut p1, mut p2) = (p.clone(), p.clone());
    opt.step(&mut p1, &g);
    doubled.step(&mut p2, &g);
    for i in 0..5 {
        let (d1, d2) = (p1[i] - p[i], p2[i] - p[i]);
        assert!(
            d1 != 0.0 && (d2 - 2.0 * d1).abs() < 1e-12 * d1.abs().max(1e-3),
            "{d1} {d2}"
        );
    }
}

#[test]
fn reset_forgets_everything() {
    for kind in OptimizerKind::ALL {
        let hyper = kind.default_hyper();
        let mut opt = Optimizer::<f64>::new(kind, hyper, 5);
        let mut p = QUAD_START.to_vec();
        for _ in 0..3 {
            let g = quadratic_grad(&p);
            opt.step(&mut p, &g);
        }
        opt.reset();
        assert_eq!(opt.steps_taken(), 0);
        let mut again = QUAD_START.to_vec();
        for _ in 0..4 {
            let g = quadratic_grad(&again);
            opt.step(&mut again, &g);
        }
        assert_eq!(
            again,
            run(kind, hyper, &QUAD_START, quadratic_grad, 4),
            "{kind:?}"
        );
    }
}

#[test]
fn state_accessors_expose_the_buffers_each_kind_keeps() {
    use OptimizerKind as K;
    for kind in K::ALL {
        let mut opt = Optimizer::<f32>::new(kind, kind.default_hyper(), 3);
        let mut p = [1.0f32, 2.0, 3.0];
        opt.step(&mut p, &[0.5, -0.5, 1.0]);
        let has_velocity = !matches!(kind, K::Sgd | K::AdaGrad | K::AdaDelta | K::RmsProp);
        assert_eq!(opt.velocity().is_some(), has_velocity, "{kind:?} velocity");
        let has_second = !matches!(kind, K::Sgd | K::Momentum | K::Nesterov | K::Lion);
        assert_eq!(
            opt.second_moment().is_some(),
            has_second,
            "{kind:?} second moment"
        );
        assert!(
            opt.velocity()
                .is_none_or(|v| v.len() == 3 && v.iter().any(|&x| x != 0.0))
        );
        assert!(
            opt.second_moment()
                .is_none_or(|v| v.len() == 3 && v.iter().all(|&x| x > 0.0))
        );
        assert_eq!(opt.kind(), kind);
    }
    // RMSprop's momentum buffer exists only when momentum is on.
    let hyper = Hyper {
        momentum: 0.5,
        ..K::RmsProp.default_hyper()
    };
    let mut opt = Optimizer::<f64>::new(K::RmsProp, hyper, 1);
    opt.step(&mut [1.0], &[1.0]);
    assert!(opt.velocity().is_some_and(|v| v[0] > 0.0));
}
