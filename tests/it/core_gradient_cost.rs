//! Numerical differentiation against backprop: same answer, very different cost.

use descent::core::gradient_cost::{
    FD_STEP, backprop_gradient, example, measure, numerical_gradient, op_counts, param_count,
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
fn measurement_reports_times_and_agreement() {
    let row = measure(4, 1, 3).expect("measured");
    assert_eq!(row.ops.params, 3190);
    assert!(row.numerical_secs > row.backprop_secs, "{row:?}");
    assert!(row.backprop_secs > 0.0);
    assert!(row.max_rel_diff < 1e-6, "{row:?}");
}
