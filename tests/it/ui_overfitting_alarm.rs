//! The MNIST tab's "Overfitting" headline: raised by a clear upturn, not by noise. The rule
//! lives in core; the curves panel only shows its answer.

use descent::core::training::{CurvePoint, overfitting_since};

fn curve(val_losses: &[f64]) -> Vec<CurvePoint> {
    val_losses
        .iter()
        .enumerate()
        .map(|(i, &v)| CurvePoint {
            examples_seen: i as u64 * 10_000,
            epoch_f: i as f64 * 0.2,
            train_loss: 1.0 / (1.0 + i as f64),
            train_acc: 0.9,
            val_loss: Some(v),
            val_acc: Some(0.9),
            lr: 0.5,
        })
        .collect()
}

#[test]
fn a_clear_upturn_an_epoch_after_the_minimum_is_overfitting() {
    let mut v: Vec<f64> = (0..20).map(|i| 1.0 - 0.03 * i as f64).collect(); // falls to 0.43
    v.extend((1..=10).map(|i| 0.43 + 0.01 * i as f64)); // then climbs for two epochs
    assert_eq!(overfitting_since(&curve(&v)), Some(19.0 * 0.2));
}

#[test]
fn noise_around_a_plateau_is_not_overfitting() {
    let v: Vec<f64> = (0..40)
        .map(|i| 0.25 + if i % 2 == 0 { 0.006 } else { -0.006 })
        .collect();
    assert_eq!(overfitting_since(&curve(&v)), None);
}

#[test]
fn a_fresh_minimum_is_not_overfitting_yet() {
    let mut v: Vec<f64> = (0..20).map(|i| 1.0 - 0.03 * i as f64).collect();
    v.extend([0.5, 0.55]); // up, but less than an epoch after the minimum
    assert_eq!(overfitting_since(&curve(&v)), None);
}
