//! The MLP's matrices as ndarray views over its one flat parameter vector: the shapes and
//! offsets the layout documents, and the kernels' wide row reads staying inside a layer at
//! its last input row (pixel 783), where the weights end and the biases begin.

use descent::core::mlp::{Activation, Loss, Mlp, MlpConfig, Regularisation};
use descent::core::mnist::Dataset;
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

fn config(hidden: &[usize]) -> MlpConfig {
    MlpConfig {
        hidden: hidden.to_vec(),
        activation: Activation::Tanh,
        loss: Loss::CrossEntropy,
        seed: 3,
    }
}

#[test]
fn weight_and_bias_views_are_the_documented_flat_layout() {
    let mut mlp = Mlp::<f32>::new(&config(&[3, 2])).unwrap();
    for (k, p) in mlp.params_mut().iter_mut().enumerate() {
        *p = k as f32;
    }
    let sizes = mlp.sizes().to_vec();
    let mut offset = 0;
    for (l, pair) in sizes.windows(2).enumerate() {
        let (n_in, n_out) = (pair[0], pair[1]);
        let (w, b) = (mlp.weights(l), mlp.bias(l));
        assert_eq!(w.shape(), &[n_in, n_out]);
        assert_eq!(b.len(), n_out);
        for i in 0..n_in {
            for j in 0..n_out {
                assert_eq!(w[[i, j]], mlp.params()[offset + i * n_out + j]);
            }
        }
        for j in 0..n_out {
            assert_eq!(b[j], mlp.params()[offset + n_in * n_out + j]);
        }
        let span = mlp.layers()[l];
        assert_eq!(span.range(), offset..offset + n_in * n_out + n_out);
        offset += n_in * n_out + n_out;
    }
    assert_eq!(offset, mlp.param_count());
    for unit in 0..3 {
        let column: Vec<f32> = (0..784).map(|i| mlp.params()[i * 3 + unit]).collect();
        assert_eq!(mlp.hidden_weights(unit), column);
    }
}

/// Widths 1 and 13 read rows 4 and 16 lanes wide, past the last weight row's end; batch 1
/// writes the first gradient in place, batch 4 through the padded buffer.
#[test]
fn last_pixel_gradients_match_central_differences_at_every_padding() {
    let image: Vec<u8> = (0..784).map(|i| (i % 200 + 40) as u8).collect();
    let data = Dataset {
        images: image.repeat(4),
        labels: vec![3, 1, 4, 1],
        name: "lit".into(),
    };
    let reg = Regularisation::default();
    for hidden in [&[1][..], &[2], &[13], &[15], &[]] {
        for batch in [1, 4] {
            let indices: Vec<usize> = (0..batch).collect();
            let mut mlp = Mlp::<f64>::new(&config(hidden)).unwrap();
            let n = mlp.param_count();
            let objective = |mlp: &mut Mlp<f64>, grad: &mut [f64]| {
                let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
                mlp.loss_and_gradient(&data, &indices, grad, &reg, &mut rng)
                    .loss
            };
            let mut grad = vec![0.0; n];
            objective(&mut mlp, &mut grad);
            let first = mlp.layers()[0];
            let last_row = first.w + 783 * first.n_out..first.b + first.n_out;
            let mut scratch = vec![0.0; n];
            for i in last_row {
                let w = mlp.params()[i];
                let h = 1e-6;
                mlp.params_mut()[i] = w + h;
                let plus = objective(&mut mlp, &mut scratch);
                mlp.params_mut()[i] = w - h;
                let minus = objective(&mut mlp, &mut scratch);
                mlp.params_mut()[i] = w;
                let numeric = (plus - minus) / (2.0 * h);
                let err = (numeric - grad[i]).abs() / numeric.abs().max(grad[i].abs()).max(1e-4);
                assert!(
                    err < 1e-5,
                    "{hidden:?} batch {batch} param {i}: {numeric} vs {}",
                    grad[i]
                );
            }
        }
    }
}
