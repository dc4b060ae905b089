//! The chapter's "why backprop beats numerical gradients": backprop's gradient is compared
//! with central differences on a few parameters. Backprop is timed; the numerical gradient of
//! every parameter is not run but estimated (2P × the timed forward passes) and labelled so.

use std::time::Instant;

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use super::gradient_cost::central_difference;
use super::mlp::{Mlp, MlpConfig, MlpError, Regularisation};
use super::mnist::Dataset;

/// Backprop versus numerical gradients on one small batch, with timings.
#[derive(Debug, Clone, PartialEq)]
pub struct GradientCheckReport {
    /// `(param_index, backprop, numerical, rel_error)` with
    /// `rel_error = |b - n| / max(|b|, |n|)` (0 when both are 0).
    pub rows: Vec<(usize, f64, f64, f64)>,
    pub max_rel_error: f64,
    pub batch_size: usize,
    /// One backprop pass (loss and all gradients) over the batch.
    pub backprop_secs: f64,
    /// One forward pass (loss only) over the batch.
    pub forward_secs: f64,
    /// What numerical differentiation of every parameter would take:
    /// `param_count × 2 × forward_secs`.
    pub estimated_numerical_secs: f64,
    pub param_count: usize,
}

/// Central-difference step. The error of `(L(θ+h) − L(θ−h)) / 2h` is a truncation term
/// `h²·L'''/6` plus a rounding term `ε·L/h` (ε ≈ 1e-16 in f64, L ≈ 1). Measured on this
/// network (sigmoid, tanh and ReLU, fresh and trained, 1,000 parameters each), h = 3e-5 keeps
/// the relative error below 6e-7 for gradients above `RESOLVABLE`; h = 1e-3 is visibly
/// truncated and lets ReLU units cross their kink.
const STEP: f64 = 3e-5;

/// Smaller gradients are not sampled: the rounding term (~3e-12 absolute) would dominate
/// their relative error, which would then measure f64 rounding rather than backprop.
const RESOLVABLE: f64 = 1e-5;

/// Checks `samples` parameters of `params` (the flat f32 weights of a network built from
/// `cfg`) in f64 on `batch`, using the data loss alone: regularisation, dropout and noise
/// are left out because the check is about backprop, and dropout would make the loss random.
/// `cancel` is asked before every forward pass; once it says true the check gives up and
/// returns `Ok(None)`, so a job being dropped never waits for thousands of passes.
pub fn gradient_check(
    cfg: &MlpConfig,
    params: &[f32],
    batch: &Dataset,
    samples: usize,
    seed: u64,
    cancel: &dyn Fn() -> bool,
) -> Result<Option<GradientCheckReport>, MlpError> {
    let mut net = Mlp::<f64>::new(cfg)?;
    for (p, &q) in net.params_mut().iter_mut().zip(params) {
        *p = f64::from(q);
    }
    let param_count = net.param_count();
    let all: Vec<usize> = (0..batch.len()).collect();
    let reg = Regularisation::default();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut grad = vec![0.0; param_count];
    if cancel() {
        return Ok(None);
    }
    let start = Instant::now();
    net.loss_and_gradient(batch, &all, &mut grad, &reg, &mut rng);
    let backprop_secs = start.elapsed().as_secs_f64();

    let mut candidates: Vec<usize> = (0..param_count)
        .filter(|&i| grad[i].abs() >= RESOLVABLE)
        .collect();
    // A partial Fisher-Yates shuffle picks `samples` distinct parameters reproducibly.
    let take = samples.min(candidates.len());
    for k in 0..take {
        let j = rng.random_range(k..candidates.len());
        candidates.swap(k, j);
    }
    candidates.truncate(take);
    candidates.sort_unstable();

    let mut rows = Vec::with_capacity(take);
    let mut forward_total = 0.0;
    for &i in &candidates {
        if cancel() {
            return Ok(None);
        }
        // Two forward passes; setting the parameter around them costs nothing measurable.
        let t = Instant::now();
        let numerical = central_difference(&mut net, batch, i, STEP);
        forward_total += t.elapsed().as_secs_f64();
        rows.push((i, grad[i], numerical, rel_error(grad[i], numerical)));
    }
    let forward_secs = if rows.is_empty() {
        let t = Instant::now();
        net.evaluate(batch);
        t.elapsed().as_secs_f64()
    } else {
        forward_total / (2 * rows.len()) as f64
    };
    // f64::max would skip a NaN; a NaN error must fail the check.
    let max_rel_error = rows
        .iter()
        .map(|r| r.3)
        .fold(0.0, |m, e| if e > m || e.is_nan() { e } else { m });
    Ok(Some(GradientCheckReport {
        rows,
        max_rel_error,
        batch_size: batch.len(),
        backprop_secs,
        forward_secs,
        estimated_numerical_secs: param_count as f64 * 2.0 * forward_secs,
        param_count,
    }))
}

/// `|a − b| / max(|a|, |b|)`, 0 when both are 0 (and NaN propagates, so it cannot pass).
pub fn rel_error(a: f64, b: f64) -> f64 {
    let scale = a.abs().max(b.abs());
    if scale == 0.0 {
        0.0
    } else {
        (a - b).abs() / scale
    }
}
