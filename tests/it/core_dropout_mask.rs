//! The dropout mask the network reports is the one its training pass used: reproduced from the
//! seeded random stream, and visible in the gradient (a dropped unit gets none).

use descent::core::mlp::{Mlp, MlpConfig, Regularisation};
use descent::core::mnist::{self, Dataset};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

const HIDDEN: usize = 15;

fn data() -> Dataset {
    let (train, _) = mnist::load_bundled().expect("bundled MNIST");
    train.subset(0..64)
}

fn reg(dropout: f64) -> Regularisation {
    Regularisation {
        dropout,
        ..Regularisation::default()
    }
}

#[test]
fn the_reported_mask_is_the_last_examples_draws_from_the_seeded_stream() {
    let data = data();
    let mut mlp = Mlp::<f32>::new(&MlpConfig::default()).expect("784-15-10");
    let mut grad = vec![0.0; mlp.param_count()];
    let p = 0.5;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    let mut replay = rng.clone();
    let batch: Vec<usize> = (0..8).collect();
    mlp.loss_and_gradient(&data, &batch, &mut grad, &reg(p), &mut rng);
    // Without input noise the only draws are one uniform per hidden unit per example, in order.
    let draws: Vec<bool> = (0..batch.len() * HIDDEN)
        .map(|_| replay.random::<f64>() >= p)
        .collect();
    let last = &draws[(batch.len() - 1) * HIDDEN..];
    assert_eq!(mlp.dropout_mask(), Some(last));
    // The stream has moved on exactly as far as the replay.
    assert_eq!(rng.random::<u64>(), replay.random::<u64>());
}

#[test]
fn a_dropped_unit_gets_no_gradient_and_a_kept_one_does() {
    let data = data();
    let mut mlp = Mlp::<f32>::new(&MlpConfig::default()).expect("784-15-10");
    let sizes = mlp.sizes().to_vec();
    // Mlp order: per layer the weights (row = input unit) then the biases.
    let b0 = sizes[0] * sizes[1];
    let w1 = b0 + sizes[1];
    let mut grad = vec![0.0; mlp.param_count()];
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
    let (mut dropped_seen, mut kept_seen) = (0, 0);
    for i in 0..20 {
        mlp.loss_and_gradient(&data, &[i], &mut grad, &reg(0.4), &mut rng);
        let mask = mlp
            .dropout_mask()
            .expect("a training pass with dropout")
            .to_vec();
        for (j, &kept) in mask.iter().enumerate() {
            let outgoing = &grad[w1 + j * sizes[2]..w1 + (j + 1) * sizes[2]];
            if kept {
                kept_seen += 1;
                assert!(outgoing.iter().any(|&g| g != 0.0), "kept unit {j} is used");
            } else {
                dropped_seen += 1;
                assert_eq!(grad[b0 + j], 0.0, "dropped unit {j}: bias gradient");
                assert!(
                    outgoing.iter().all(|&g| g == 0.0),
                    "dropped unit {j}: output"
                );
            }
        }
    }
    assert!(dropped_seen > 0 && kept_seen > 0);
}

#[test]
fn about_p_of_the_units_are_dropped_and_none_without_dropout() {
    let data = data();
    let mut mlp = Mlp::<f32>::new(&MlpConfig::default()).expect("784-15-10");
    let mut grad = vec![0.0; mlp.param_count()];
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
    for p in [0.2, 0.5] {
        let (mut dropped, mut total) = (0usize, 0usize);
        for step in 0..400 {
            let batch = [step % 64, (step + 1) % 64];
            mlp.loss_and_gradient(&data, &batch, &mut grad, &reg(p), &mut rng);
            let mask = mlp.dropout_mask().expect("mask");
            dropped += mask.iter().filter(|&&k| !k).count();
            total += mask.len();
        }
        let fraction = dropped as f64 / total as f64;
        // 6,000 draws: the standard error is below 0.007.
        assert!((fraction - p).abs() < 0.03, "p = {p}: dropped {fraction}");
    }
    mlp.loss_and_gradient(&data, &[0, 1], &mut grad, &reg(0.0), &mut rng);
    assert_eq!(mlp.dropout_mask(), None, "no dropout, no mask");
    let fresh = Mlp::<f32>::new(&MlpConfig::default()).expect("784-15-10");
    assert_eq!(fresh.dropout_mask(), None, "nothing trained yet");
}
