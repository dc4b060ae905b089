//! Backprop is the exact gradient of the objective it reports (checked against central
//! differences in f64), and training is a pure function of the seeds.

use descent::core::mlp::{Activation, Loss, Mlp, MlpConfig, Regularisation};
use descent::core::mnist::Dataset;
use descent::core::optimizer::{Optimizer, OptimizerKind};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

/// Six MNIST-like images: ~20% lit pixels with random intensities, labels spread over 0-9.
fn synthetic(seed: u64) -> Dataset {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let n = 6;
    let images = (0..n * 784)
        .map(|_| {
            if rng.random::<f64>() < 0.2 {
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

fn config(hidden: &[usize], activation: Activation, loss: Loss) -> MlpConfig {
    MlpConfig {
        hidden: hidden.to_vec(),
        activation,
        loss,
        seed: 7,
    }
}

/// Compares backprop with central differences on every bias and a sample of weights, and
/// returns the largest relative error. Gradients below 1e-4 are compared absolutely (the
/// denominator is floored), since finite differences cannot resolve their relative error.
fn max_gradient_error(cfg: &MlpConfig, reg: &Regularisation) -> f64 {
    let data = synthetic(3);
    let batch: Vec<usize> = (0..data.len()).collect();
    let mut mlp = Mlp::<f64>::new(cfg).unwrap();
    let n = mlp.param_count();
    let rng = Xoshiro256PlusPlus::seed_from_u64(11);
    // Cloning the rng gives every evaluation the same dropout masks and noise.
    let objective = |mlp: &mut Mlp<f64>, grad: &mut Vec<f64>| {
        mlp.loss_and_gradient(&data, &batch, grad, reg, &mut rng.clone())
            .loss
    };
    // Biases start at 0, which puts a ReLU unit whose inputs are all dead exactly on its
    // kink; random biases keep every pre-activation away from it.
    let biases = bias_indices(&mlp);
    let mut pick = Xoshiro256PlusPlus::seed_from_u64(5);
    for &b in &biases {
        mlp.params_mut()[b] = pick.random_range(-0.2..0.2);
    }
    let mut grad = vec![0.0; n];
    objective(&mut mlp, &mut grad);
    let mut scratch = vec![0.0; n];
    let mut sampled: Vec<usize> = (0..400).map(|_| pick.random_range(0..n)).collect();
    sampled.extend(&biases);
    let h = 1e-5;
    let mut worst: f64 = 0.0;
    for &i in &sampled {
        let w = mlp.params()[i];
        if reg.l1 > 0.0 && w.abs() < 1e-3 && !biases.contains(&i) {
            continue; // |w| has a kink at 0; stay away from it
        }
        mlp.params_mut()[i] = w + h;
        let plus = objective(&mut mlp, &mut scratch);
        mlp.params_mut()[i] = w - h;
        let minus = objective(&mut mlp, &mut scratch);
        mlp.params_mut()[i] = w;
        let numeric = (plus - minus) / (2.0 * h);
        let err = (numeric - grad[i]).abs() / numeric.abs().max(grad[i].abs()).max(1e-4);
        worst = worst.max(err);
    }
    worst
}

/// Bias positions: per layer, the `n_out` entries after the `n_in * n_out` weights.
fn bias_indices(mlp: &Mlp<f64>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut offset = 0;
    for pair in mlp.sizes().windows(2) {
        offset += pair[0] * pair[1];
        out.extend(offset..offset + pair[1]);
        offset += pair[1];
    }
    assert_eq!(offset, mlp.param_count());
    out
}

#[test]
fn backprop_matches_finite_differences_for_every_activation_and_loss() {
    let reg = Regularisation {
        l2: 0.01,
        l1: 0.003,
        ..Default::default()
    };
    // Widths 1, 2 and 3 exercise the padded (4-lane) rows at layer boundaries.
    for hidden in [&[5][..], &[4, 3], &[1], &[2, 7]] {
        for activation in Activation::ALL {
            for loss in Loss::ALL {
                for reg in [Regularisation::default(), reg] {
                    let err = max_gradient_error(&config(hidden, activation, loss), &reg);
                    assert!(
                        err < 1e-6,
                        "{hidden:?} {activation:?} {loss:?} {reg:?}: relative error {err:e}"
                    );
                }
            }
        }
    }
}

#[test]
fn backprop_matches_finite_differences_with_dropout_and_input_noise() {
    let reg = Regularisation {
        l2: 0.001,
        dropout: 0.3,
        input_noise: 0.2,
        ..Default::default()
    };
    for activation in Activation::ALL {
        let err = max_gradient_error(&config(&[6, 4], activation, Loss::CrossEntropy), &reg);
        assert!(err < 1e-6, "{activation:?}: relative error {err:e}");
    }
}

#[test]
fn chapter_network_has_11935_parameters() {
    let mlp = Mlp::<f32>::new(&MlpConfig::default()).unwrap();
    assert_eq!(mlp.sizes(), &[784, 15, 10]);
    assert_eq!(mlp.param_count(), 784 * 15 + 15 + 15 * 10 + 10);
    assert_eq!(mlp.param_count(), 11_935);
    assert_eq!(mlp.hidden_weights(14).len(), 784);
}

#[test]
fn zero_width_hidden_layer_is_an_error() {
    assert!(Mlp::<f32>::new(&config(&[5, 0], Activation::Relu, Loss::Mse)).is_err());
}

#[test]
fn evaluate_reports_the_same_data_loss_as_training_without_regularisers() {
    let data = synthetic(9);
    let mut mlp = Mlp::<f64>::new(&config(&[8], Activation::Tanh, Loss::CrossEntropy)).unwrap();
    let mut grad = vec![0.0; mlp.param_count()];
    let all: Vec<usize> = (0..data.len()).collect();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let r = mlp.loss_and_gradient(&data, &all, &mut grad, &Regularisation::default(), &mut rng);
    let (loss, acc) = mlp.evaluate(&data);
    assert!((r.data_loss - loss).abs() < 1e-12 && r.loss == r.data_loss);
    assert!((acc - r.correct as f64 / data.len() as f64).abs() < 1e-12);
    let probs = mlp.predict_probs(data.image(0));
    assert!((probs.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    let confusion = mlp.confusion(&data);
    let diagonal: u32 = (0..10).map(|k| confusion[k][k]).sum();
    assert_eq!(diagonal as usize, r.correct);
}

#[test]
fn same_seeds_give_bit_identical_parameters_after_training() {
    let train = || {
        let data = synthetic(4);
        let cfg = config(&[12, 6], Activation::Relu, Loss::CrossEntropy);
        let mut mlp = Mlp::<f32>::new(&cfg).unwrap();
        let mut opt = Optimizer::new(
            OptimizerKind::Momentum,
            OptimizerKind::Momentum.default_hyper(),
            mlp.param_count(),
        );
        let reg = Regularisation {
            dropout: 0.2,
            input_noise: 0.1,
            l2: 1e-4,
            l1: 1e-5,
        };
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let mut grad = vec![0.0; mlp.param_count()];
        for step in 0..5 {
            let batch = [step % 6, (step + 2) % 6, (step + 5) % 6];
            mlp.loss_and_gradient(&data, &batch, &mut grad, &reg, &mut rng);
            opt.step(mlp.params_mut(), &grad);
        }
        mlp.params()
            .iter()
            .map(|p| p.to_bits())
            .collect::<Vec<u32>>()
    };
    let initial = Mlp::<f32>::new(&config(&[12, 6], Activation::Relu, Loss::CrossEntropy)).unwrap();
    let a = train();
    assert_eq!(a, train());
    assert_ne!(
        a,
        initial
            .params()
            .iter()
            .map(|p| p.to_bits())
            .collect::<Vec<u32>>()
    );
}

/// Inverted dropout: a surviving hidden unit's output is scaled by exactly 1/(1−p), a dropped
/// one contributes nothing, and about a fraction p of the units drop. With the output weights at
/// zero the output (and so its delta) does not depend on the hidden layer, so the gradient of
/// each output weight is the unit's (scaled or zeroed) activation times a fixed delta.
#[test]
fn dropout_scales_survivors_by_one_over_one_minus_p() {
    let hidden = 400;
    let data = synthetic(9);
    let one = [0usize];
    let mut mlp = Mlp::<f64>::new(&config(&[hidden], Activation::Sigmoid, Loss::CrossEntropy))
        .expect("network");
    let output = mlp.layers()[1];
    output.weights_mut(mlp.params_mut()).fill(0.0);
    let gradient = |mlp: &mut Mlp<f64>, dropout: f64| {
        let mut g = vec![0.0; mlp.param_count()];
        let reg = Regularisation {
            dropout,
            ..Default::default()
        };
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(21);
        mlp.loss_and_gradient(&data, &one, &mut g, &reg, &mut rng);
        g
    };
    let plain = gradient(&mut mlp, 0.0);
    for p in [0.25, 0.5] {
        let dropped = gradient(&mut mlp, p);
        let mut zeros = 0;
        let (plain_w, dropped_w) = (output.weights(&plain), output.weights(&dropped));
        for unit in 0..hidden {
            // The unit's outgoing weights: its row of the (hidden, 10) output matrix.
            let (a, b) = (plain_w.row(unit), dropped_w.row(unit));
            assert!(
                a.iter().all(|v| v.abs() > 1e-12),
                "sigmoid units are never silent"
            );
            if b.iter().all(|&v| v == 0.0) {
                zeros += 1;
                continue;
            }
            for (x, y) in a.iter().zip(b) {
                let ratio = y / x;
                assert!(
                    (ratio - 1.0 / (1.0 - p)).abs() < 1e-12,
                    "p = {p}: unit {unit} scaled by {ratio}, not 1/(1-p)"
                );
            }
        }
        let expected = p * hidden as f64;
        let sd = (hidden as f64 * p * (1.0 - p)).sqrt();
        assert!(
            (f64::from(zeros) - expected).abs() < 4.0 * sd,
            "p = {p}: {zeros} of {hidden} units dropped"
        );
    }
}

/// The MNIST tab parses its hidden-layer box with core's parser: errors speak of layers, never
/// of a command-line flag.
#[test]
fn hidden_layer_lists_parse_in_core_without_flag_names() {
    use descent::core::mlp::{HiddenError, parse_hidden};
    assert_eq!(parse_hidden("15"), Ok(vec![15]));
    assert_eq!(parse_hidden(" 100, 30 "), Ok(vec![100, 30]));
    assert_eq!(parse_hidden("none"), Ok(vec![]));
    assert_eq!(parse_hidden("15,0"), Err(HiddenError::Width { got: 0 }));
    assert_eq!(parse_hidden("x"), Err(HiddenError::NotANumber("x".into())));
    assert_eq!(
        parse_hidden("1,1,1,1,1,1,1,1,1"),
        Err(HiddenError::TooMany { got: 9 })
    );
    for bad in ["15,0", "x", "1,1,1,1,1,1,1,1,1"] {
        let text = parse_hidden(bad).unwrap_err().to_string();
        assert!(!text.contains("--"), "{bad}: {text}");
    }
}

/// The count the MNIST tab states before a network exists is the count of the network built.
#[test]
fn the_stated_parameter_count_is_the_built_networks_own() {
    use descent::core::training::TrainConfig;
    for hidden in [vec![1], vec![15], vec![100, 30], vec![7, 8, 9]] {
        let cfg = TrainConfig {
            hidden: hidden.clone(),
            ..Default::default()
        };
        let mlp = descent::core::mlp::Mlp::<f32>::new(&cfg.mlp_config()).unwrap();
        assert_eq!(
            descent::core::mnist::param_count(&hidden),
            mlp.param_count()
        );
        assert_eq!(mlp.params().len(), mlp.param_count());
    }
}
