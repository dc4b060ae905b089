//! Why backprop: the cost of one gradient by central differences (two forward passes per
//! weight) against backpropagation (one forward and one backward pass), on 784-h-10 networks
//! from `core::mlp`, counted and measured (or, where running it would take too long,
//! estimated from the measured forward pass), with how closely the two agree.

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

/// One row of the cost table. Every time is for the same single example.
#[derive(Debug, Clone, PartialEq)]
pub struct CostRow {
    pub hidden: usize,
    pub ops: OpCounts,
    /// Median wall time of one backprop gradient.
    pub backprop_secs: f64,
    /// Median wall time of one forward pass (the loss alone).
    pub forward_secs: f64,
    /// Time of nudging every parameter: measured when `numerical_measured`, otherwise the
    /// estimate [`numerical_estimate_secs`] (running it would take too long).
    pub numerical_secs: f64,
    pub numerical_measured: bool,
    /// Parameters whose two gradients were compared: all of them when the nudging was run in
    /// full, an evenly spread sample otherwise.
    pub compared: usize,
    /// max |numerical − backprop| over the compared parameters.
    pub max_abs_diff: f64,
    /// `max_abs_diff` relative to the largest backprop gradient component.
    pub max_rel_diff: f64,
}

/// How hard to measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CostPlan {
    /// Runs of backprop and of the forward pass; the median is kept, so a run slowed by other
    /// work on the machine does not count.
    pub repeats: usize,
    /// Nudging is run in full only when its estimate is at most this; otherwise it is estimated.
    pub full_run_secs: f64,
    /// Parameters compared when nudging is estimated rather than run.
    pub sample: usize,
}

impl Default for CostPlan {
    fn default() -> Self {
        Self {
            repeats: 21,
            full_run_secs: 2.0,
            sample: 100,
        }
    }
}

/// The cost model of the lesson's text: nudging takes two forward passes per parameter, so
/// 2P × one pass; with a pass ∝ P that is ∝ P².
pub fn numerical_estimate_secs(params: u64, forward_secs: f64) -> f64 {
    2.0 * params as f64 * forward_secs
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

/// ∂(mean loss)/∂θᵢ by central differences, (L(θ + h eᵢ) − L(θ − h eᵢ)) / 2h: two forward
/// passes over `data`, leaving θ as it was. Shared by this lesson and the training tab's
/// gradient check.
pub fn central_difference(mlp: &mut Mlp<f64>, data: &Dataset, i: usize, h: f64) -> f64 {
    let original = mlp.params()[i];
    mlp.params_mut()[i] = original + h;
    let plus = mlp.evaluate(data).0;
    mlp.params_mut()[i] = original - h;
    let minus = mlp.evaluate(data).0;
    mlp.params_mut()[i] = original;
    (plus - minus) / (2.0 * h)
}

/// ∂(mean loss)/∂θ by central differences for every parameter.
pub fn numerical_gradient(mlp: &mut Mlp<f64>, data: &Dataset, h: f64) -> Vec<f64> {
    (0..mlp.param_count())
        .map(|i| central_difference(mlp, data, i, h))
        .collect()
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    match xs.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => xs[n / 2],
        n => 0.5 * (xs[n / 2 - 1] + xs[n / 2]),
    }
}

/// Median seconds of `repeats` runs of `f` (at least one).
fn median_secs(repeats: usize, mut f: impl FnMut()) -> f64 {
    median(
        (0..repeats.max(1))
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed().as_secs_f64()
            })
            .collect(),
    )
}

/// Central differences at `indices` only.
fn numerical_at(mlp: &mut Mlp<f64>, data: &Dataset, h: f64, indices: &[usize]) -> Vec<f64> {
    (indices.iter())
        .map(|&i| central_difference(mlp, data, i, h))
        .collect()
}

/// Times both methods on a 784-`hidden`-10 sigmoid network, on one example, and compares
/// their answers. Backprop and the forward pass are timed as medians of `plan.repeats` runs;
/// nudging is run and timed in full when its estimate fits `plan.full_run_secs`, otherwise
/// it is estimated and checked on a sample of parameters.
pub fn measure(hidden: usize, seed: u64, plan: &CostPlan) -> Result<CostRow, MlpError> {
    let cfg = MlpConfig {
        hidden: vec![hidden],
        seed,
        ..MlpConfig::default()
    };
    let mut mlp = Mlp::<f64>::new(&cfg)?;
    let data = example(seed);
    let backprop = backprop_gradient(&mut mlp, &data);
    let backprop_secs = median_secs(plan.repeats, || {
        backprop_gradient(&mut mlp, &data);
    });
    let forward_secs = median_secs(plan.repeats, || {
        mlp.evaluate(&data);
    });
    let ops = op_counts(mlp.sizes());
    let estimate = numerical_estimate_secs(ops.params, forward_secs);
    let p = backprop.len();
    let (indices, numerical, numerical_secs, numerical_measured) = if estimate <= plan.full_run_secs
    {
        let start = Instant::now();
        let numerical = numerical_gradient(&mut mlp, &data, FD_STEP);
        let secs = start.elapsed().as_secs_f64();
        ((0..p).collect(), numerical, secs, true)
    } else {
        let n = plan.sample.clamp(1, p.max(1));
        let indices: Vec<usize> = (0..n).map(|k| k * p / n).collect();
        let numerical = numerical_at(&mut mlp, &data, FD_STEP, &indices);
        (indices, numerical, estimate, false)
    };
    let max_abs_diff = indices
        .iter()
        .zip(&numerical)
        .map(|(&i, b)| (backprop[i] - b).abs())
        .fold(0.0, f64::max);
    let scale = backprop.iter().map(|g| g.abs()).fold(0.0, f64::max);
    Ok(CostRow {
        hidden,
        ops,
        backprop_secs,
        forward_secs,
        numerical_secs,
        numerical_measured,
        compared: indices.len(),
        max_abs_diff,
        max_rel_diff: if scale > 0.0 {
            max_abs_diff / scale
        } else {
            max_abs_diff
        },
    })
}

/// One row per hidden width.
pub fn sweep(hidden_sizes: &[usize], seed: u64, plan: &CostPlan) -> Result<Vec<CostRow>, MlpError> {
    hidden_sizes
        .iter()
        .map(|&h| measure(h, seed, plan))
        .collect()
}

/// log(b/a) / log(q/p): how time grows with P between two rows (1 = linear, 2 = quadratic).
pub fn growth_exponent(p: (u64, f64), q: (u64, f64)) -> f64 {
    (q.1 / p.1).ln() / (q.0 as f64 / p.0 as f64).ln()
}
