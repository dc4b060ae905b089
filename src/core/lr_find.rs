//! The learning-rate range test (Smith 2017, "Cyclical learning rates"; fastai's `lr_find`):
//! train a copy of the starting network for a few hundred mini-batches while the learning rate
//! grows exponentially, and watch the loss. Where it falls fastest is a good learning rate;
//! where it shoots up, the rate is too large.
//!
//! Follows fastai's rules: the loss is smoothed as an exponential moving average with
//! debiasing (`avg = β·avg + (1-β)·loss`, shown as `avg / (1-β^k)` after k batches), the test
//! stops once the smoothed loss exceeds 4× its minimum, and the suggestion is the learning
//! rate at the steepest descent of the smoothed loss against ln(lr), ignoring the first tenth
//! of the planned batches and the last five recorded (fastai's `steep`).

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use super::mlp::{Mlp, SparseImages};
use super::mnist::{Dataset, MnistError};
use super::optimizer::Optimizer;
use super::training::{TrainConfig, TrainError};

/// The sweep's settings; `Default` is the issue's: 1e-6 to 10 over 300 batches.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LrFindSettings {
    pub start_lr: f64,
    pub end_lr: f64,
    /// Mini-batches in the full sweep (fewer when the loss blows up first).
    pub iterations: usize,
    /// Smoothing factor of the loss's moving average (see `smoothing_beta` for short sweeps).
    pub beta: f64,
    /// Stop once the smoothed loss exceeds this multiple of its minimum.
    pub stop_factor: f64,
}

impl Default for LrFindSettings {
    fn default() -> Self {
        LrFindSettings {
            start_lr: 1e-6,
            end_lr: 10.0,
            iterations: 300,
            beta: 0.98,
            stop_factor: 4.0,
        }
    }
}

/// Most batches a sweep may take; beyond this is a typo, not a range test.
pub const MAX_ITERATIONS: usize = 100_000;

/// Fewest planned batches for which a learning rate is suggested. A shorter sweep crosses
/// the lr range in steps so coarse (and trains so little) that the steepest fall of even the
/// lightly smoothed loss is batch noise: on MNIST, 100 batches from 1e-6 to 10 suggested
/// ~6e-6 (before and after shortening the smoothing's memory), 150 suggest ~1.8.
pub const MIN_SUGGEST_ITERATIONS: usize = 150;

/// The smoothing's memory (1/(1-β) batches) is kept to at most this fraction of the sweep.
/// With fastai's β = 0.98 (a 50-batch memory) on a 100-batch sweep the smoothed loss lags
/// half the sweep behind: the real fall, at the sweep's end, is damped flat, and the steepest
/// "fall" left is the noise of the first few batches (the suggestion was ~6e-6).
const MEMORY_PER_SWEEP: f64 = 1.0 / 6.0;

impl LrFindSettings {
    pub fn validate(&self) -> Result<(), LrFindError> {
        let bad = |m: String| Err(LrFindError::Settings(m));
        if !(self.start_lr.is_finite() && self.start_lr > 0.0) {
            return bad(format!(
                "start lr must be a number above 0, got {}",
                self.start_lr
            ));
        }
        if !(self.end_lr.is_finite() && self.end_lr > self.start_lr) {
            return bad(format!(
                "end lr must be a number above the start lr {}, got {}",
                self.start_lr, self.end_lr
            ));
        }
        if !(2..=MAX_ITERATIONS).contains(&self.iterations) {
            return bad(format!(
                "iterations must be 2 to {MAX_ITERATIONS}, got {}",
                self.iterations
            ));
        }
        if !(0.0..1.0).contains(&self.beta) {
            return bad(format!("beta must be in [0, 1), got {}", self.beta));
        }
        if !(self.stop_factor.is_finite() && self.stop_factor > 1.0) {
            return bad(format!(
                "stop factor must be above 1, got {}",
                self.stop_factor
            ));
        }
        Ok(())
    }

    /// The smoothing factor used: `beta`, lowered for short sweeps so the moving average
    /// remembers at most a sixth of the sweep (300 batches keep fastai's 0.98).
    pub fn smoothing_beta(&self) -> f64 {
        let longest = self.iterations as f64 * MEMORY_PER_SWEEP;
        if 1.0 / (1.0 - self.beta) <= longest + 1e-9 {
            self.beta
        } else {
            (1.0 - 1.0 / longest).max(0.0)
        }
    }

    /// The learning rate of batch `i` (0-based): `start·(end/start)^(i/(iterations-1))`, so
    /// the first batch uses exactly `start_lr` and the last exactly `end_lr`.
    pub fn lr_at(&self, i: usize) -> f64 {
        let t = i as f64 / (self.iterations - 1) as f64;
        self.start_lr * (self.end_lr / self.start_lr).powf(t)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LrFindError {
    #[error("invalid lr-find setting: {0}")]
    Settings(String),
    #[error(transparent)]
    Train(#[from] TrainError),
    #[error(transparent)]
    Data(#[from] MnistError),
    #[error("the training set has no images to sweep over")]
    EmptyTrainingSet,
    #[error("cancelled")]
    Cancelled,
}

/// One mini-batch of the sweep.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LrPoint {
    pub lr: f64,
    /// The batch's mean data loss (no penalties), computed before the step at `lr`.
    pub loss: f64,
    /// Debiased exponential moving average of `loss` up to this batch.
    pub smoothed: f64,
}

/// Why the sweep ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LrFindEnd {
    /// The smoothed loss passed `stop_factor` × its minimum (its last point is included).
    Exceeded,
    /// A batch's loss was not a finite number (that batch is not recorded).
    NotFinite,
    /// All `iterations` batches ran.
    Completed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LrFindResult {
    pub points: Vec<LrPoint>,
    pub end: LrFindEnd,
    /// Index into `points` of the suggested learning rate (see `suggest`).
    pub suggestion: Option<usize>,
}

impl LrFindResult {
    pub fn suggested_lr(&self) -> Option<f64> {
        self.suggestion.map(|i| self.points[i].lr)
    }
}

/// Debiased exponential moving average, as fastai's `AvgSmoothLoss`.
#[derive(Debug, Clone, Copy)]
pub struct Smoother {
    beta: f64,
    avg: f64,
    count: i32,
}

impl Smoother {
    pub fn new(beta: f64) -> Self {
        Smoother {
            beta,
            avg: 0.0,
            count: 0,
        }
    }

    /// Adds a value and returns the debiased average so far.
    pub fn push(&mut self, x: f64) -> f64 {
        self.count = self.count.saturating_add(1);
        self.avg = self.beta * self.avg + (1.0 - self.beta) * x;
        self.avg / (1.0 - self.beta.powi(self.count))
    }
}

/// Index of the point where the smoothed loss falls fastest against ln(lr): over consecutive
/// pairs in `points[planned/10 .. len-5]`, the left point of the most negative slope. `None`
/// when too few points remain or the curve never falls there.
pub fn suggest(points: &[LrPoint], planned: usize) -> Option<usize> {
    let first = planned / 10;
    let last = points.len().checked_sub(5)?;
    if last < first + 2 {
        return None;
    }
    let mut best: Option<(usize, f64)> = None;
    for i in first..last - 1 {
        let (a, b) = (points[i], points[i + 1]);
        let slope = (b.smoothed - a.smoothed) / (b.lr.ln() - a.lr.ln());
        if slope < 0.0 && best.is_none_or(|(_, s)| slope < s) {
            best = Some((i, slope));
        }
    }
    best.map(|(i, _)| i)
}

/// Runs the range test from the network `cfg` starts from (its seed's initial weights), with
/// `cfg`'s optimizer, batch size, regularisation and shuffling, on `train`. Nothing outside
/// is changed. `cancel` is checked between batches.
pub fn lr_find(
    cfg: &TrainConfig,
    train: &Dataset,
    settings: &LrFindSettings,
    cancel: &dyn Fn() -> bool,
) -> Result<LrFindResult, LrFindError> {
    settings.validate()?;
    cfg.validate().map_err(LrFindError::Train)?;
    if train.is_empty() {
        return Err(LrFindError::EmptyTrainingSet);
    }
    let mut mlp = Mlp::<f32>::new(&cfg.mlp_config()).map_err(TrainError::from)?;
    let mut hyper = cfg.hyper;
    let mut optimizer = Optimizer::new(cfg.optimizer, hyper, mlp.param_count());
    let reg = cfg.regularisation();
    let sparse = SparseImages::new(train);
    // The same shuffling stream as `Trainer`, so the sweep sees the run's first batches.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(cfg.seed ^ 0x5eed_5eed_5eed_5eed);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut cursor = 0;
    let mut grad = vec![0.0f32; mlp.param_count()];
    let mut smoother = Smoother::new(settings.smoothing_beta());
    let mut min_smoothed = f64::INFINITY;
    let mut points = Vec::with_capacity(settings.iterations);
    let mut end = LrFindEnd::Completed;
    for i in 0..settings.iterations {
        if cancel() {
            return Err(LrFindError::Cancelled);
        }
        if cursor == 0 {
            for k in (1..order.len()).rev() {
                let j = rng.random_range(0..=k);
                order.swap(k, j);
            }
        }
        let stop = (cursor + cfg.batch_size).min(order.len());
        let batch = &order[cursor..stop];
        cursor = if stop == order.len() { 0 } else { stop };
        let lr = settings.lr_at(i);
        let r = mlp.loss_and_gradient_sparse(&sparse, batch, &mut grad, &reg, &mut rng);
        let loss = f64::from(r.data_loss);
        if !loss.is_finite() || !r.loss.is_finite() {
            end = LrFindEnd::NotFinite;
            break;
        }
        let smoothed = smoother.push(loss);
        points.push(LrPoint { lr, loss, smoothed });
        min_smoothed = min_smoothed.min(smoothed);
        if smoothed > settings.stop_factor * min_smoothed {
            end = LrFindEnd::Exceeded;
            break;
        }
        hyper.lr = lr;
        optimizer.set_hyper(hyper);
        optimizer.step(mlp.params_mut(), &grad);
    }
    let suggestion = match settings.iterations >= MIN_SUGGEST_ITERATIONS {
        true => suggest(&points, settings.iterations),
        false => None,
    };
    Ok(LrFindResult {
        points,
        end,
        suggestion,
    })
}
