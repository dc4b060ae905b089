//! A fully connected network for 28x28 digits (784 inputs, 10 outputs) trained by backprop.
//!
//! All weights and biases live in ONE flat `Vec<T>` so a single optimizer steps them all;
//! `weights(l)` and `bias(l)` show layer `l`'s part of it as ndarray views (`layout`). Per
//! layer, in order: the `(n_in, n_out)` weight matrix stored *input-major* (row `i` holds the
//! weights from input `i` to every unit), then the `n_out` biases. Input-major storage makes
//! the sparse first layer fast: about 81% of MNIST pixels are 0, so the forward pass and the
//! weight gradient only visit the nonzero pixels, each touching one contiguous row.

mod config;
mod kernel;
mod layout;
mod pass;
mod sparse;

use ndarray::{ArrayView1, ArrayView2, Zip};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, RngExt, SeedableRng};

use super::mnist::{CLASSES, Dataset, PIXELS};
use super::optimizer::Scalar;
pub use config::{Activation, HiddenError, Loss, MlpConfig, Regularisation, parse_hidden};
pub use layout::{LayerSpan, contiguous, contiguous_mut, layer_spans};
use pass::Workspace;
pub use sparse::SparseImages;

/// Result of one `loss_and_gradient` call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BatchResult<T> {
    /// The objective the gradient is of: mean data loss + regularisation penalty.
    pub loss: T,
    /// Mean data loss alone (comparable with `evaluate`).
    pub data_loss: T,
    /// Examples in the batch whose largest output was the label.
    pub correct: usize,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MlpError {
    #[error("hidden layer {index} has zero units")]
    ZeroWidthLayer { index: usize },
}

#[derive(Debug, Clone)]
pub struct Mlp<T: Scalar> {
    sizes: Vec<usize>,
    layers: Vec<LayerSpan>,
    activation: Activation,
    loss: Loss,
    params: Vec<T>,
    /// Training scratch, reused so a batch allocates nothing.
    ws: Workspace<T>,
}

pub(crate) fn cast<T: Scalar>(x: f64) -> T {
    T::from_f64(x)
}

impl<T: Scalar> Mlp<T> {
    /// Builds `784 - hidden... - 10` with weights drawn from `cfg.seed`: He uniform
    /// `U(±√(6/fan_in))` into ReLU units, Glorot uniform `U(±√(6/(fan_in+fan_out)))` for
    /// sigmoid/tanh units and the output layer; biases start at 0.
    pub fn new(cfg: &MlpConfig) -> Result<Self, MlpError> {
        if let Some(index) = cfg.hidden.iter().position(|&h| h == 0) {
            return Err(MlpError::ZeroWidthLayer { index });
        }
        let mut sizes = vec![PIXELS];
        sizes.extend(&cfg.hidden);
        sizes.push(CLASSES);
        let layers = layer_spans(&sizes);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(cfg.seed);
        let mut params = vec![T::zero(); layers.last().map_or(0, LayerSpan::end)];
        let last = layers.len() - 1;
        for (l, layer) in layers.iter().enumerate() {
            let (fi, fo) = (layer.n_in as f64, layer.n_out as f64);
            let limit = if cfg.activation == Activation::Relu && l < last {
                (6.0 / fi).sqrt()
            } else {
                (6.0 / (fi + fo)).sqrt()
            };
            // Row by row, input-major: the order the weights were always drawn in.
            for w in layer.weights_mut(&mut params).iter_mut() {
                *w = cast(rng.random_range(-limit..limit));
            }
        }
        let ws = Workspace::new(&sizes);
        Ok(Mlp {
            sizes,
            layers,
            activation: cfg.activation,
            loss: cfg.loss,
            params,
            ws,
        })
    }

    /// Layer widths including input (784) and output (10).
    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    pub fn activation(&self) -> Activation {
        self.activation
    }

    pub fn loss(&self) -> Loss {
        self.loss
    }

    /// Total weights + biases (11,935 for 784-15-10).
    pub fn param_count(&self) -> usize {
        self.params.len()
    }

    pub fn params(&self) -> &[T] {
        &self.params
    }

    pub fn params_mut(&mut self) -> &mut [T] {
        &mut self.params
    }

    /// Where each layer lives in `params()` (and in any gradient or direction of its length).
    pub fn layers(&self) -> &[LayerSpan] {
        &self.layers
    }

    /// Layer `l`'s weights, shape `(n_in, n_out)`: `[[i, j]]` is input `i` → unit `j`.
    /// Panics if there is no layer `l`.
    pub fn weights(&self, l: usize) -> ArrayView2<'_, T> {
        self.layers[l].weights(&self.params)
    }

    /// Layer `l`'s biases, length `n_out`. Panics if there is no layer `l`.
    pub fn bias(&self, l: usize) -> ArrayView1<'_, T> {
        self.layers[l].bias(&self.params)
    }

    /// The 784 incoming weights of first-hidden-layer `unit`, in pixel order (for drawing
    /// the unit as a 28x28 picture): column `unit` of the first weight matrix, copied out
    /// because storage is input-major. Panics if `unit` is not a unit of the first layer.
    pub fn hidden_weights(&self, unit: usize) -> Vec<T> {
        self.weights(0).column(unit).to_vec()
    }

    /// Output distribution for one image: softmax for cross-entropy; for MSE the sigmoid
    /// outputs divided by their sum (they are not probabilities otherwise).
    pub fn predict_probs(&self, image: &[u8]) -> [T; CLASSES] {
        let mut ws = Workspace::new(&self.sizes);
        self.forward(
            &mut ws,
            image,
            None::<&mut Xoshiro256PlusPlus>,
            &Regularisation::default(),
        );
        let out = ws.output();
        let mut probs = [T::zero(); CLASSES];
        probs.copy_from_slice(out);
        if self.loss == Loss::Mse {
            let sum = probs.iter().fold(T::zero(), |s, &p| s + p);
            if sum > T::zero() {
                probs.iter_mut().for_each(|p| *p = *p / sum);
            }
        }
        probs
    }

    /// Most likely class of one image.
    pub fn predict(&self, image: &[u8]) -> usize {
        pass::argmax(&self.predict_probs(image))
    }

    /// Which first-hidden-layer units the last training example kept (true) or dropped:
    /// the mask its forward pass used, drawn per example. None unless that pass had dropout.
    pub fn dropout_mask(&self) -> Option<&[bool]> {
        self.ws.dropout_mask()
    }

    /// Mean data loss (no regularisation penalty, no dropout or noise) and accuracy.
    pub fn evaluate(&self, data: &Dataset) -> (f64, f64) {
        let mut ws = Workspace::new(&self.sizes);
        let reg = Regularisation::default();
        let (mut loss, mut correct) = (0.0f64, 0usize);
        for i in 0..data.len() {
            self.forward(
                &mut ws,
                data.image(i),
                None::<&mut Xoshiro256PlusPlus>,
                &reg,
            );
            let (l, ok) = self.output_loss(&mut ws, data.labels[i] as usize, T::one(), false);
            loss += Scalar::to_f64(l);
            correct += ok as usize;
        }
        let n = data.len().max(1) as f64;
        (loss / n, correct as f64 / n)
    }

    /// `matrix[label][predicted]` counts.
    pub fn confusion(&self, data: &Dataset) -> [[u32; CLASSES]; CLASSES] {
        let mut ws = Workspace::new(&self.sizes);
        let reg = Regularisation::default();
        let mut m = [[0u32; CLASSES]; CLASSES];
        for i in 0..data.len() {
            self.forward(
                &mut ws,
                data.image(i),
                None::<&mut Xoshiro256PlusPlus>,
                &reg,
            );
            let label = (data.labels[i] as usize).min(CLASSES - 1);
            m[label][pass::argmax(ws.output())] += 1;
        }
        m
    }

    /// Writes the gradient of the batch objective (see `BatchResult::loss`) over the examples
    /// `indices` of `data` into `grad_out` (overwritten; length `param_count()`). Dropout
    /// masks and input noise are drawn from `rng`. Panics on a wrong `grad_out` length.
    pub fn loss_and_gradient<R: Rng + ?Sized>(
        &mut self,
        data: &Dataset,
        indices: &[usize],
        grad_out: &mut [T],
        reg: &Regularisation,
        rng: &mut R,
    ) -> BatchResult<T> {
        self.batch_gradient(indices, grad_out, reg, rng, |mlp, ws, i, rng| {
            mlp.forward(ws, data.image(i), Some(rng), reg);
            data.labels[i]
        })
    }

    /// `loss_and_gradient` on images stored as their nonzero pixels: the same result, bit
    /// for bit (same arithmetic, same random draws), without rescanning the zero pixels.
    pub fn loss_and_gradient_sparse<R: Rng + ?Sized>(
        &mut self,
        data: &SparseImages,
        indices: &[usize],
        grad_out: &mut [T],
        reg: &Regularisation,
        rng: &mut R,
    ) -> BatchResult<T> {
        self.batch_gradient(indices, grad_out, reg, rng, |mlp, ws, i, rng| {
            mlp.forward_sparse(ws, data.image(i), Some(rng), reg);
            data.label(i)
        })
    }

    /// The batch loop; `load(mlp, ws, i, rng)` runs the forward pass of example `i` and
    /// returns its label.
    fn batch_gradient<R: Rng + ?Sized>(
        &mut self,
        indices: &[usize],
        grad_out: &mut [T],
        reg: &Regularisation,
        rng: &mut R,
        mut load: impl FnMut(&Self, &mut Workspace<T>, usize, &mut R) -> u8,
    ) -> BatchResult<T> {
        assert_eq!(grad_out.len(), self.params.len(), "gradient length");
        grad_out.fill(T::zero());
        let mut ws = std::mem::take(&mut self.ws);
        let scale = T::one() / cast(indices.len().max(1) as f64);
        let (mut data_loss, mut correct) = (T::zero(), 0);
        ws.begin_batch(&self.sizes, indices.len());
        for &i in indices {
            let label = load(self, &mut ws, i, rng);
            let (l, ok) = self.output_loss(&mut ws, label as usize, scale, true);
            data_loss = data_loss + l;
            correct += ok as usize;
            self.backward(&mut ws, grad_out);
        }
        ws.end_batch(self.layers[0].weights_mut(grad_out));
        self.ws = ws;
        data_loss = data_loss * scale;
        let penalty = self.add_penalty(reg, grad_out);
        BatchResult {
            loss: data_loss + penalty,
            data_loss,
            correct,
        }
    }

    /// Adds the L2/L1 gradient to `grad` and returns the penalty value.
    fn add_penalty(&self, reg: &Regularisation, grad: &mut [T]) -> T {
        if reg.l2 == 0.0 && reg.l1 == 0.0 {
            return T::zero();
        }
        let (l2, l1) = (cast::<T>(reg.l2), cast::<T>(reg.l1));
        let half = cast::<T>(0.5);
        let mut penalty = T::zero();
        // Weights only (biases are not penalised), row by row as they are stored.
        for layer in &self.layers {
            let weights = layer.weights(&self.params);
            Zip::from(layer.weights_mut(grad))
                .and(weights)
                .for_each(|g, &w| {
                    penalty = penalty + half * l2 * w * w + l1 * w.abs();
                    // signum(0) would be ±1 in num-traits; the subgradient 0 is the honest choice.
                    let sign = if w == T::zero() {
                        T::zero()
                    } else {
                        w.signum()
                    };
                    *g = *g + l2 * w + l1 * sign;
                });
        }
        penalty
    }
}
