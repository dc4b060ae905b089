//! The end of an epoch: what counts as divergence, the best epoch, patience and restoring the
//! best weights. `run_train` (the CLI) and the app's training thread both end every epoch
//! through `Trainer::end_epoch`, so they agree epoch by epoch.

use std::io::Write;
use std::time::Instant;

use super::{TrainConfig, TrainError, Trainer};
use crate::core::mnist::{Dataset, Splits};

/// A batch's mean data loss above this counts as divergence. Cross-entropy starts near
/// ln 10 ≈ 2.3 and 1,000 nats means confident wrong answers everywhere; softmax cross-entropy
/// with bounded sigmoid units can grow like this for ever without reaching NaN.
pub const EXPLODED_LOSS: f64 = 1e3;

/// One finished epoch, as the CLI prints it and the app's thread reports it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochRecord {
    /// 1-based.
    pub epoch: usize,
    /// Training time of the epoch, excluding evaluation (and pauses in the app).
    pub seconds: f64,
    /// Mean data loss and accuracy over the epoch's batches (dropout and noise active).
    pub train_loss: f64,
    pub train_acc: f64,
    pub val_loss: f64,
    pub val_acc: f64,
    /// The learning rate of the epoch's first step: the schedule's value for the epoch
    /// (OneCycle changes it within the epoch too).
    pub lr: f64,
}

/// What a run does after an epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterEpoch {
    Continue,
    /// All epochs done (with patience set, the best epoch's weights are back).
    Finished,
    /// Patience ran out; the best epoch's weights are back.
    EarlyStopped {
        best_epoch: usize,
    },
}

/// One sample of the app's learning curves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvePoint {
    pub examples_seen: u64,
    /// Epochs done as a fraction (examples seen / training set size).
    pub epoch_f: f64,
    /// Mean training data loss and accuracy over the examples since the previous point
    /// (dropout and noise active, as trained).
    pub train_loss: f64,
    pub train_acc: f64,
    /// Present when this point is a validation evaluation (5 per epoch).
    pub val_loss: Option<f64>,
    pub val_acc: Option<f64>,
    /// The learning rate of the latest step (the schedule's value then).
    pub lr: f64,
}

/// Validation loss has clearly turned up: its minimum lies at least an epoch back and the
/// last three evaluations average 3% above it. Validation is measured five times an epoch, so
/// a single noisy point must not raise the alarm.
pub fn overfitting_since(curve: &[CurvePoint]) -> Option<f64> {
    let vals: Vec<(f64, f64)> = curve
        .iter()
        .filter_map(|p| Some((p.epoch_f, p.val_loss?)))
        .collect();
    let (best_i, best) = vals
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.1.total_cmp(&b.1.1))?;
    let last = vals.last()?;
    let recent = vals.get(vals.len().saturating_sub(3)..)?;
    let recent_mean = recent.iter().map(|v| v.1).sum::<f64>() / recent.len() as f64;
    let long_ago = last.0 - best.0 >= 1.0 && best_i + 5 <= vals.len();
    (long_ago && recent_mean > best.1 * 1.03).then_some(best.0)
}

#[derive(Debug, Clone, PartialEq)]
pub struct TrainSummary {
    pub history: Vec<EpochRecord>,
    /// Best validation epoch (1-based); its weights are the final ones when patience is set.
    pub best_epoch: usize,
    pub stopped_early: bool,
    pub test_acc: Option<f64>,
    pub final_params: Vec<f32>,
}

impl Trainer {
    /// Validation loss and accuracy of the current network; an error for an empty set or a
    /// loss that is no longer a number.
    pub fn validate(&self, validation: &Dataset) -> Result<(f64, f64), TrainError> {
        let (loss, acc) = self
            .evaluate(validation)
            .ok_or(TrainError::EmptySet("validation"))?;
        if !loss.is_finite() {
            // The epoch under way, or the one just finished at a boundary.
            let n = self.order.len().max(1) as u64;
            let epoch = self.examples_seen.div_ceil(n).max(1) as usize;
            return Err(TrainError::Diverged { epoch, loss });
        }
        Ok((loss, acc))
    }

    /// Closes the epoch that the last `train_steps` call finished: records `val` (the
    /// validation loss and accuracy from `validate`), keeps the best epoch's weights, and
    /// decides whether the run goes on. A run that stops with patience set ends on its best
    /// epoch's weights.
    pub fn end_epoch(&mut self, seconds: f64, val: (f64, f64)) -> (EpochRecord, AfterEpoch) {
        let (sum, correct, count) = self.running;
        let count = count.max(1) as f64;
        let record = EpochRecord {
            epoch: self.epoch,
            seconds,
            train_loss: sum / count,
            train_acc: correct as f64 / count,
            val_loss: val.0,
            val_acc: val.1,
            lr: self.epoch_lr,
        };
        self.record_validation(val.0);
        let patience_out = self.patience.is_some_and(|p| self.epochs_since_best() >= p);
        if !patience_out && self.epoch < self.epochs {
            return (record, AfterEpoch::Continue);
        }
        if self.patience.is_some() {
            self.restore_best();
        }
        let after = match patience_out {
            true => AfterEpoch::EarlyStopped {
                best_epoch: self.best_epoch().map_or(0, |b| b.0),
            },
            false => AfterEpoch::Finished,
        };
        (record, after)
    }
}

/// Trains per `cfg` on `splits.train`, printing CSV
/// `epoch,seconds,train_loss,train_acc,val_loss,val_acc,lr` (seconds = training time of the
/// epoch, excluding evaluation; lr = that of the epoch's first step) and, with `evaluate_test`, a final `test_acc=0.XXXX` line.
/// With `patience`, stops when validation loss has not improved for that many epochs and
/// restores the best epoch's weights.
pub fn run_train(
    cfg: &TrainConfig,
    splits: &Splits,
    evaluate_test: bool,
    out: &mut dyn Write,
) -> Result<TrainSummary, TrainError> {
    let mut trainer = Trainer::new(cfg, splits.train.len())?;
    // Outside the first epoch's clock: it is a property of the data, not of training.
    trainer.prepare(&splits.train);
    writeln!(
        out,
        "epoch,seconds,train_loss,train_acc,val_loss,val_acc,lr"
    )?;
    let mut history = Vec::new();
    let mut stopped_early = false;
    loop {
        let start = Instant::now();
        trainer.epoch(&splits.train)?;
        let seconds = start.elapsed().as_secs_f64();
        let val = trainer.validate(&splits.validation)?;
        let (rec, after) = trainer.end_epoch(seconds, val);
        writeln!(
            out,
            "{},{:.4},{:.6},{:.4},{:.6},{:.4},{}",
            rec.epoch,
            rec.seconds,
            rec.train_loss,
            rec.train_acc,
            rec.val_loss,
            rec.val_acc,
            rec.lr
        )?;
        history.push(rec);
        match after {
            AfterEpoch::Continue => {}
            AfterEpoch::Finished => break,
            AfterEpoch::EarlyStopped { .. } => {
                stopped_early = true;
                break;
            }
        }
    }
    let test_acc = match evaluate_test {
        true => Some(
            trainer
                .evaluate(&splits.test)
                .ok_or(TrainError::EmptySet("test"))?
                .1,
        ),
        false => None,
    };
    if let Some(acc) = test_acc {
        writeln!(out, "test_acc={acc:.4}")?;
    }
    Ok(TrainSummary {
        history,
        best_epoch: trainer.best_epoch().map_or(0, |b| b.0),
        stopped_early,
        test_acc,
        final_params: trainer.mlp().params().to_vec(),
    })
}
