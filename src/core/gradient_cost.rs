//! Why backprop: the cost of one gradient by central differences (two forward passes per
//! weight) against backpropagation (one forward and one backward pass), on small 784-h-10
//! networks from `core::mlp`, counted and measured, with how closely the two agree.

use std::time::Instant;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::mlp::{Mlp, MlpConfig, MlpError, Regularisation};
use super::mnist::{CLASSES, Dataset, PIXELS};

/// Step of the central difference. In f64 the truncation error (∝ h²) and the rounding
/// error (∝ ε/h) balance near h ≈ ε^(1/3) ≈ 1e-5.
pub const FD_STEP: f64 = 1e-5;

/// Weights plus biases of a fully connected network with these layer widths.
pub fn param_count(sizes: &[usize]) -> usize {
    sizes.windows(2).map(|w| w[0] * w[1] + w[1]).sum()
}

/// Counted multiply-adds for one example (activation functions not counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpCounts {
    pub params: u64,
    /// One multiply-add per weight and one add per bias: P.
    pub forward: u64,
    /// Forward, plus the backward pass: one multiply-add per parameter for its gradient and one
    /// per weight above the first layer to send the error back.
    pub backprop: u64,
    /// Two forward passes per parameter: 2P².
    pub numerical: u64,
}

pub fn op_counts(sizes: &[usize]) -> OpCounts {
    let params = param_count(sizes) as u64;
    let upper_weights: u64 = sizes.windows(2).skip(1).map(|w| (w[0] * w[1]) as u64).sum();
    OpCounts {
        params,
        forward: params,
        backprop: params + params + upper_weights,
        numerical: 2 * params * params,
    }
}

/// One row of the cost table.
#[derive(Debug, Clone, PartialEq)]
pub struct CostRow {
    pub hidden: usize,
    pub ops: OpCounts,
    /// Wall time of one backprop gradient (fastest of the repeats).
    pub backprop_secs: f64,
    /// Wall time of one numerical gradient.
    pub numerical_secs: f64,
    /// max |numerical − backprop| over all parameters.
    pub max_abs_diff: f64,
    /// `max_abs_diff` relative to the largest backprop gradient component.
    pub max_rel_diff: f64,
}

/// A deterministic dense example: every pixel nonzero, so no sparse shortcut flatters either
/// method, with a fixed label.
pub fn example(seed: u64) -> Dataset {
    let mut rng = StdRng::seed_from_u64(seed);
    Dataset {
        images: (0..PIXELS).map(|_| rng.random_range(1..=255u8)).collect(),
        labels: vec![rng.random_range(0..CLASSES as u8)],
        name: "dense example".to_owned(),
    }
}

fn all_indices(data: &Dataset) -> Vec<usize> {
    (0..data.len()).collect()
}

/// ∂(mean loss)/∂θ by backpropagation.
pub fn backprop_gradient(mlp: &mut Mlp<f64>, data: &Dataset) -> Vec<f64> {
    let mut grad = vec![0.0; mlp.param_count()];
    let indices = all_indices(data);
    // No dropout or noise, so the rng is never consulted; any seed will do.
    let mut rng = StdRng::seed_from_u64(0);
    mlp.loss_and_gradient(
        data,
        &indices,
        &mut grad,
        &Regularisation::default(),
        &mut rng,
    );
    grad
}

/// ∂(mean loss)/∂θ by central differences: (L(θ + h eᵢ) − L(θ − h eᵢ)) / 2h for every i.
pub fn numerical_gradient(mlp: &mut Mlp<f64>, data: &Dataset, h: f64) -> Vec<f64> {
    let n = mlp.param_count();
    let mut grad = Vec::with_capacity(n);
    for i in 0..n {
        let original = mlp.params()[i];
        mlp.params_mut()[i] = original + h;
        let plus = mlp.evaluate(data).0;
        mlp.params_mut()[i] = original - h;
        let minus = mlp.evaluate(data).0;
        mlp.params_mut()[i] = original;
        grad.push((plus - minus) / (2.0 * h));
    }
    grad
}

/// Times both methods on a 784-`hidden`-10 sigmoid network and compares their answers.
/// Backprop is repeated `backprop_repeats` times and the fastest run kept (it takes
/// microseconds, so one interruption would otherwise dominate).
pub fn measure(hidden: usize, seed: u64, backprop_repeats: usize) -> Result<CostRow, MlpError> {
    let cfg = MlpConfig {
        hidden: vec![hidden],
        seed,
        ..MlpConfig::default()
    };
    let mut mlp = Mlp::<f64>::new(&cfg)?;
    let data = example(seed);
    let repeats = backprop_repeats.max(1);
    // The fastest of several runs: other work on the machine only ever adds time.
    let mut backprop = Vec::new();
    let mut backprop_secs = f64::INFINITY;
    for _ in 0..repeats {
        let start = Instant::now();
        backprop = backprop_gradient(&mut mlp, &data);
        backprop_secs = backprop_secs.min(start.elapsed().as_secs_f64());
    }
    let start = Instant::now();
    let numerical = numerical_gradient(&mut mlp, &data, FD_STEP);
    let numerical_secs = start.elapsed().as_secs_f64();
    let max_abs_diff = backprop
        .iter()
        .zip(&numerical)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    let scale = backprop.iter().map(|g| g.abs()).fold(0.0, f64::max);
    Ok(CostRow {
        hidden,
        ops: op_counts(mlp.sizes()),
        backprop_secs,
        numerical_secs,
        max_abs_diff,
        max_rel_diff: if scale > 0.0 {
            max_abs_diff / scale
        } else {
            max_abs_diff
        },
    })
}

/// One row per hidden width.
pub fn sweep(hidden_sizes: &[usize], seed: u64) -> Result<Vec<CostRow>, MlpError> {
    hidden_sizes.iter().map(|&h| measure(h, seed, 20)).collect()
}
