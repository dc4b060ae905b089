//! Training on the sparse copy of a dataset is the same computation as on the dataset itself,
//! and the trainer never trains on a stale sparse copy.

use descent::core::mlp::{Activation, Loss, Mlp, MlpConfig, Regularisation, SparseImages};
use descent::core::mnist::Dataset;
use descent::core::training::{TrainConfig, Trainer};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

/// `n` MNIST-like images: ~20% lit pixels with random intensities, some lit runs at the edges.
fn synthetic(seed: u64, n: usize) -> Dataset {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let images = (0..n * 784)
        .map(|i| {
            if rng.random::<f64>() < 0.2 || i % 784 >= 780 {
                rng.random_range(1..=255u8)
            } else {
                0
            }
        })
        .collect();
    let labels = (0..n).map(|i| (i * 7 % 10) as u8).collect();
    Dataset {
        images,
        labels,
        name: "synthetic".into(),
    }
}

#[test]
fn sparse_images_hold_exactly_the_nonzero_pixels() {
    let data = synthetic(1, 5);
    let sparse = SparseImages::new(&data);
    assert_eq!(sparse.len(), 5);
    for i in 0..5 {
        let mut dense = vec![0u8; 784];
        let (idx, val) = sparse.image(i);
        assert!(idx.windows(2).all(|w| w[0] < w[1]), "ascending positions");
        assert!(val.iter().all(|&v| v != 0));
        for (&j, &v) in idx.iter().zip(val) {
            dense[j as usize] = v;
        }
        assert_eq!(dense, data.image(i));
        assert_eq!(sparse.label(i), data.labels[i]);
    }
    assert!(sparse.built_from(&data));
    assert!(
        !sparse.built_from(&data.clone()),
        "a copy is another dataset"
    );
}

fn gradients<T: descent::core::optimizer::Scalar>(
    cfg: &MlpConfig,
    reg: &Regularisation,
    sparse: bool,
) -> (Vec<T>, T, T, usize) {
    let data = synthetic(2, 9);
    let images = SparseImages::new(&data);
    let mut mlp = Mlp::<T>::new(cfg).unwrap();
    let mut grad = vec![T::zero(); mlp.param_count()];
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(4);
    let batch = [3, 0, 8, 3, 5, 1, 2];
    let r = if sparse {
        mlp.loss_and_gradient_sparse(&images, &batch, &mut grad, reg, &mut rng)
    } else {
        mlp.loss_and_gradient(&data, &batch, &mut grad, reg, &mut rng)
    };
    (grad, r.loss, r.data_loss, r.correct)
}

#[test]
fn sparse_and_dense_batches_give_bit_identical_gradients() {
    let regs = [
        Regularisation::default(),
        Regularisation {
            l2: 1e-3,
            l1: 1e-4,
            dropout: 0.3,
            input_noise: 0.2,
        },
    ];
    // Widths around the 16-lane block (15, 16, 17) and a wide one (100 = 6 blocks + 4).
    for hidden in [&[15][..], &[16], &[17, 3], &[100], &[1]] {
        for activation in Activation::ALL {
            for reg in &regs {
                let cfg = MlpConfig {
                    hidden: hidden.to_vec(),
                    activation,
                    loss: Loss::CrossEntropy,
                    seed: 3,
                };
                let dense = gradients::<f32>(&cfg, reg, false);
                let sparse = gradients::<f32>(&cfg, reg, true);
                let bits = |g: &[f32]| g.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&dense.0), bits(&sparse.0), "{hidden:?} {activation:?}");
                assert_eq!((dense.1, dense.2, dense.3), (sparse.1, sparse.2, sparse.3));
                assert!(dense.0.iter().any(|&g| g != 0.0));
                assert_eq!(
                    gradients::<f64>(&cfg, reg, false),
                    gradients(&cfg, reg, true)
                );
            }
        }
    }
}

#[test]
fn trainer_trains_on_the_dataset_it_is_given_not_a_stale_copy() {
    let a = synthetic(5, 40);
    // Same size, different pixels: a stale sparse copy of `a` would go unnoticed by length.
    let b = synthetic(6, 40);
    let cfg = TrainConfig {
        batch_size: 8,
        ..Default::default()
    };
    let params = |second: &Dataset| {
        let mut t = Trainer::new(&cfg, 40).unwrap();
        t.train_steps(&a, 2).unwrap();
        t.train_steps(second, 2).unwrap();
        t.mlp().params().to_vec()
    };
    let on_b = params(&b);
    assert_ne!(on_b, params(&a));
    assert_eq!(on_b, params(&b.clone()));
}

/// Batches of 4 or more accumulate the first layer's gradient in a padded buffer, smaller
/// ones directly (the finite-difference checks in core_mlp use batches of 6). Both must give
/// the same gradient: each example twice in a batch of 4 is the same mean as once in 2.
#[test]
fn small_and_large_batches_compute_the_same_gradient() {
    let data = synthetic(7, 4);
    for hidden in [&[15][..], &[5, 3], &[1]] {
        let cfg = MlpConfig {
            hidden: hidden.to_vec(),
            activation: Activation::Sigmoid,
            loss: Loss::CrossEntropy,
            seed: 2,
        };
        let mut mlp = Mlp::<f64>::new(&cfg).unwrap();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let reg = Regularisation::default();
        let mut pair = vec![0.0; mlp.param_count()];
        let mut doubled = pair.clone();
        mlp.loss_and_gradient(&data, &[1, 3], &mut pair, &reg, &mut rng);
        mlp.loss_and_gradient(&data, &[1, 3, 3, 1], &mut doubled, &reg, &mut rng);
        let worst = pair
            .iter()
            .zip(&doubled)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert!(worst < 1e-12, "{hidden:?}: {worst:e}");
        assert!(pair.iter().filter(|&&g| g != 0.0).count() > 100);
    }
}
