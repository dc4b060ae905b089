//! Numerical differentiation against backprop: same answer, very different cost.

use descent::core::gradient_cost::{
    CostPlan, FD_STEP, backprop_gradient, example, growth_exponent, measure,
    numerical_estimate_secs, numerical_gradient, op_counts, param_count,
};
use descent::core::mlp::{Mlp, MlpConfig};

#[test]
fn numerical_and_backprop_gradients_agree() {
    let cfg = MlpConfig {
        hidden: vec![3],
        ..MlpConfig::default()
    };
    let mut mlp = Mlp::<f64>::new(&cfg).expect("net");
    let data = example(5);
    let bp = backprop_gradient(&mut mlp, &data);
    let before = mlp.params().to_vec();
    let num = numerical_gradient(&mut mlp, &data, FD_STEP);
    assert_eq!(
        mlp.params(),
        &before[..],
        "parameters restored after probing"
    );
    assert_eq!(bp.len(), param_count(&[784, 3, 10]));
    assert!(
        bp.iter().any(|g| g.abs() > 1e-3),
        "a real gradient, not zeros"
    );
    for (i, (a, b)) in bp.iter().zip(&num).enumerate() {
        assert!(
            (a - b).abs() < 1e-7,
            "parameter {i}: backprop {a}, numerical {b}"
        );
    }
}

#[test]
fn numerical_cost_grows_with_the_square_of_the_weights_backprop_linearly() {
    let small = op_counts(&[784, 2, 10]);
    let big = op_counts(&[784, 8, 10]);
    assert_eq!(small.params, 1600);
    assert_eq!(small.numerical, 2 * 1600 * 1600);
    assert_eq!(small.backprop, 1600 + 1600 + 2 * 10);
    let ratio = |c: descent::core::gradient_cost::OpCounts| c.numerical as f64 / c.backprop as f64;
    let growth = ratio(big) / ratio(small);
    let params = big.params as f64 / small.params as f64;
    assert!(
        (growth - params).abs() / params < 0.01,
        "the gap grows ∝ P: {growth} vs {params}"
    );
}

#[test]
fn a_small_network_is_nudged_in_full_and_timed() {
    let plan = CostPlan {
        repeats: 5,
        full_run_secs: 1e9,
        sample: 10,
    };
    let row = measure(4, 1, &plan).expect("measured");
    assert_eq!(row.ops.params, 3190);
    assert!(row.numerical_measured, "{row:?}");
    assert_eq!(row.compared, 3190, "every weight compared");
    assert!(row.numerical_secs > row.backprop_secs, "{row:?}");
    assert!(row.backprop_secs > 0.0 && row.forward_secs > 0.0);
    assert!(row.max_rel_diff < 1e-6, "{row:?}");
}

#[test]
fn a_network_too_big_to_nudge_is_estimated_and_said_so() {
    let plan = CostPlan {
        repeats: 5,
        full_run_secs: 0.0,
        sample: 30,
    };
    let row = measure(16, 1, &plan).expect("measured");
    assert!(!row.numerical_measured);
    assert_eq!(row.compared, 30);
    assert_eq!(
        row.numerical_secs,
        numerical_estimate_secs(row.ops.params, row.forward_secs)
    );
    assert_eq!(row.numerical_secs, 2.0 * 12730.0 * row.forward_secs);
    assert!(row.max_rel_diff < 1e-6, "sampled weights agree: {row:?}");
}

#[test]
fn the_cost_model_is_quadratic_like_the_op_counts() {
    // The model 2P × (one pass) with a pass ∝ its op count P gives exactly the 2P² of the counts.
    for (a, b) in [(8, 16), (16, 128), (8, 256)] {
        let (small, big) = (op_counts(&[784, a, 10]), op_counts(&[784, b, 10]));
        let pass_secs = |c: descent::core::gradient_cost::OpCounts| c.forward as f64 * 1e-9;
        let model = |c: descent::core::gradient_cost::OpCounts| {
            numerical_estimate_secs(c.params, pass_secs(c))
        };
        let ratio = model(big) / model(small);
        let counted = big.numerical as f64 / small.numerical as f64;
        assert!(
            (ratio / counted - 1.0).abs() < 1e-12,
            "{a}→{b}: {ratio} vs {counted}"
        );
        let k = growth_exponent((small.params, model(small)), (big.params, model(big)));
        assert!((k - 2.0).abs() < 1e-9, "exponent {k}");
    }
}

#[test]
fn measured_nudging_cost_grows_quadratically_in_p() {
    // Medians of timed forward passes on the same example: the nudging cost 2P × pass must grow
    // like P² between 784-16-10 and 784-128-10 (P × 8). The old sweep, 784-1-10 → 784-32-10 with
    // single timings, grew 46× for P × 32: an exponent of 1.1.
    let plan = CostPlan {
        repeats: 31,
        full_run_secs: 0.0,
        sample: 4,
    };
    let small = measure(16, 1, &plan).expect("16");
    let big = measure(128, 1, &plan).expect("128");
    let k = growth_exponent(
        (small.ops.params, small.numerical_secs),
        (big.ops.params, big.numerical_secs),
    );
    assert!(
        (1.7..=2.3).contains(&k),
        "nudging ∝ P^{k}: {small:?} {big:?}"
    );
    let pass = growth_exponent(
        (small.ops.params, small.forward_secs),
        (big.ops.params, big.forward_secs),
    );
    assert!((0.7..=1.3).contains(&pass), "one pass ∝ P^{pass}");
}

/// The training tab's gradient check differentiates with the lesson's own central
/// difference: its rows are backprop and `central_difference` at the sampled parameters.
#[test]
fn the_gradient_check_uses_the_lessons_central_difference() {
    use descent::core::gradcheck::gradient_check;
    use descent::core::gradient_cost::central_difference;
    let cfg = MlpConfig {
        hidden: vec![6],
        seed: 4,
        ..MlpConfig::default()
    };
    let net32 = Mlp::<f32>::new(&cfg).expect("net");
    let mut net = Mlp::<f64>::new(&cfg).expect("net");
    for (p, &q) in net.params_mut().iter_mut().zip(net32.params()) {
        *p = f64::from(q);
    }
    let data = example(9);
    let bp = backprop_gradient(&mut net, &data);
    let report = gradient_check(&cfg, net32.params(), &data, 12, 3, &|| false)
        .expect("check")
        .expect("not cancelled");
    assert_eq!(report.rows.len(), 12);
    for &(i, backprop, numerical, _) in &report.rows {
        assert_eq!(backprop, bp[i]);
        // The check's step (3e-5) differs from the lesson's; both land on the derivative.
        let here = central_difference(&mut net, &data, i, FD_STEP);
        assert!(
            (numerical - here).abs() <= 1e-6 * here.abs().max(1e-3),
            "{i}: {numerical} vs {here}"
        );
        assert!((here - bp[i]).abs() <= 1e-6 * bp[i].abs().max(1e-3));
    }
    let f64_params: Vec<f64> = net32.params().iter().map(|&q| f64::from(q)).collect();
    assert_eq!(net.params(), &f64_params[..], "θ is left as it was");
}
