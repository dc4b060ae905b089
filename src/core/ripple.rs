//! One weight ripples through the network: a small 3-4-4-2 tanh network with seeded weights and
//! a fixed input. Nudging one first-layer weight changes the one hidden neuron it feeds, then
//! every neuron after it; the other first-layer neurons do not move at all.

use ndarray::{Array1, Array2, ArrayView1};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Neurons per layer: inputs, two hidden layers, outputs.
pub const SIZES: [usize; 4] = [3, 4, 4, 2];

/// The fixed input the figure feeds in.
pub const INPUT: [f64; 3] = [0.9, -0.4, 0.6];

/// What the lesson opens with: the network of this seed, the weight x1 → h2, nudged by +0.5.
pub const LESSON_SEED: u64 = 1;
pub const LESSON_CONNECTION: Connection = Connection { from: 0, to: 1 };
pub const LESSON_NUDGE: f64 = 0.5;

/// Weights are drawn uniformly from ±this: big enough that lines of different thickness read,
/// small enough that tanh is not saturated everywhere (a saturated neuron hides the ripple).
const WEIGHT_SPAN: f64 = 1.2;
const BIAS_SPAN: f64 = 0.3;

/// A first-layer connection: input `from` → first hidden neuron `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Connection {
    pub from: usize,
    pub to: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    /// `weights[l]`, shape `(SIZES[l + 1], SIZES[l])`: `[[j, i]]` is from neuron i of layer l
    /// to neuron j of layer l + 1, so layer l + 1 computes `W·a + b`.
    pub weights: Vec<Array2<f64>>,
    /// `biases[l][j]`: of neuron j of layer l + 1.
    pub biases: Vec<Array1<f64>>,
}

impl Network {
    pub fn from_seed(seed: u64) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut weights = Vec::new();
        let mut biases = Vec::new();
        for pair in SIZES.windows(2) {
            let (fan_in, fan_out) = (pair[0], pair[1]);
            // Drawn row by row (`iter_mut` is logical order): each seed's figure stays as it was.
            let mut w = Array2::zeros((fan_out, fan_in));
            w.iter_mut()
                .for_each(|v| *v = rng.random_range(-WEIGHT_SPAN..WEIGHT_SPAN));
            weights.push(w);
            biases.push(Array1::from_shape_simple_fn(fan_out, || {
                rng.random_range(-BIAS_SPAN..BIAS_SPAN)
            }));
        }
        Self { weights, biases }
    }

    /// Every layer's activations, the input first: a_{l+1} = tanh(W_l·a_l + b_l).
    pub fn forward(&self, input: &[f64]) -> Vec<Vec<f64>> {
        let mut layers = vec![input.to_vec()];
        for (w, b) in self.weights.iter().zip(&self.biases) {
            let Some(a) = layers.last() else { break };
            let z = w.dot(&ArrayView1::from(a)) + b;
            layers.push(z.mapv(f64::tanh).to_vec());
        }
        layers
    }

    /// The weight of a first-layer connection; None if it does not exist.
    pub fn first_layer_weight(&self, c: Connection) -> Option<f64> {
        self.weights.first()?.get((c.to, c.from)).copied()
    }

    /// A copy with that first-layer weight changed by `delta`; unchanged if it does not exist.
    pub fn nudged(&self, c: Connection, delta: f64) -> Self {
        let mut out = self.clone();
        if let Some(w) = out
            .weights
            .first_mut()
            .and_then(|w| w.get_mut((c.to, c.from)))
        {
            *w += delta;
        }
        out
    }
}

/// Every neuron's activation before and after one nudge, and the difference.
#[derive(Clone, Debug, PartialEq)]
pub struct Ripple {
    pub before: Vec<Vec<f64>>,
    pub after: Vec<Vec<f64>>,
    /// after − before, per layer and neuron (the input layer is all zeros).
    pub change: Vec<Vec<f64>>,
}

impl Ripple {
    /// Two forward passes, with the weight as it is and with it moved by `delta`.
    pub fn compute(net: &Network, input: &[f64], c: Connection, delta: f64) -> Self {
        let before = net.forward(input);
        let after = net.nudged(c, delta).forward(input);
        let change = before
            .iter()
            .zip(&after)
            .map(|(b, a)| a.iter().zip(b).map(|(x, y)| x - y).collect())
            .collect();
        Self {
            before,
            after,
            change,
        }
    }

    /// The change of neuron `index` in `layer`; 0 if there is no such neuron.
    pub fn change_of(&self, layer: usize, index: usize) -> f64 {
        self.change
            .get(layer)
            .and_then(|l| l.get(index))
            .copied()
            .unwrap_or(0.0)
    }

    /// The largest |change| anywhere (0 for no nudge).
    pub fn largest_change(&self) -> f64 {
        self.change
            .iter()
            .flatten()
            .fold(0.0, |m: f64, c| m.max(c.abs()))
    }

    /// How brightly a neuron lights, in [0, 1]: |change| relative to the largest change, on a
    /// square-root scale so the smaller changes deep in the network still show. Exactly 0 for
    /// a neuron that did not change (drawn grey).
    pub fn glow(&self, layer: usize, index: usize) -> f64 {
        let largest = self.largest_change();
        let c = self.change_of(layer, index).abs();
        if largest > 0.0 && largest.is_finite() {
            (c / largest).sqrt().clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
}
