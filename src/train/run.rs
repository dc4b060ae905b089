//! One training run on the job thread: trains in short chunks and reports what happened.

use std::time::{Duration, Instant};

use super::messages::{NetSnapshot, Progress};
use crate::core::gradcheck::{GradientCheckReport, gradient_check};
use crate::core::mlp::Regularisation;
use crate::core::mnist::{CLASSES, Splits};
use crate::core::optimizer::{Hyper, OptimizerKind};
use crate::core::training::{AfterEpoch, CurvePoint, StepStats, TrainConfig, TrainError, Trainer};

/// Training time between looks at the command channel; bounds how late a Pause takes effect.
const CHUNK: Duration = Duration::from_millis(20);
/// Interval between training-curve points.
const POINT_EVERY: Duration = Duration::from_millis(50);
/// Interval between network snapshots (weights pictures, predictions).
const SNAPSHOT_EVERY: Duration = Duration::from_millis(150);
/// Validation evaluations per epoch; the last one is the epoch's end.
const VALIDATIONS_PER_EPOCH: u64 = 5;
/// How a chunk ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    Continue,
    /// All epochs done or early-stopped; the network stays for evaluation.
    Finished,
    /// Training hit a non-finite loss; the run is unusable.
    Diverged,
}

/// Sums of data loss, correct answers and examples.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    loss: f64,
    correct: f64,
    count: f64,
}

pub(super) struct Run {
    cfg: TrainConfig,
    splits: Splits,
    trainer: Trainer,
    pub(super) paused: bool,
    pub(super) finished: bool,
    /// `examples_seen` when the current epoch started.
    epoch_base: u64,
    /// The trainer reports epoch-so-far means; these tallies turn them into per-window sums.
    epoch_tally: Tally,
    window: Tally,
    next_validation: u64,
    validations_done: u64,
    confusion: Option<[[u32; CLASSES]; CLASSES]>,
    confusion_at: Option<Instant>,
    epoch_train_secs: f64,
    last_epoch_secs: Option<f64>,
    last_point: Instant,
    last_snapshot: Instant,
    seen_at_snapshot: u64,
    /// The dataset's number, copied into every snapshot.
    dataset: u64,
}

impl Run {
    pub(super) fn new(cfg: TrainConfig, splits: Splits, dataset: u64) -> Result<Self, TrainError> {
        if cfg.epochs == 0 {
            return Err(TrainError::Config("epochs must be at least 1".into()));
        }
        if splits.train.is_empty() {
            return Err(TrainError::Config("the data has no training images".into()));
        }
        for (set, name) in [(&splits.validation, "validation"), (&splits.test, "test")] {
            if set.is_empty() {
                return Err(TrainError::EmptySet(name));
            }
        }
        let trainer = Trainer::new(&cfg, splits.train.len())?;
        let now = Instant::now();
        let mut run = Run {
            cfg,
            splits,
            trainer,
            paused: false,
            finished: false,
            epoch_base: 0,
            epoch_tally: Tally::default(),
            window: Tally::default(),
            next_validation: 0,
            validations_done: 0,
            confusion: None,
            confusion_at: None,
            epoch_train_secs: 0.0,
            last_epoch_secs: None,
            last_point: now,
            last_snapshot: now,
            seen_at_snapshot: 0,
            dataset,
        };
        run.schedule_validation();
        Ok(run)
    }

    /// The network's weights now (its initial ones before the first chunk).
    pub(super) fn params(&self) -> &[f32] {
        self.trainer.mlp().params()
    }

    /// Images in the training set (after the split).
    pub(super) fn train_len(&self) -> usize {
        self.splits.train.len()
    }

    /// The run's planned length.
    pub(super) fn epochs(&self) -> usize {
        self.cfg.epochs
    }

    pub(super) fn examples_seen(&self) -> u64 {
        self.trainer.examples_seen()
    }

    pub(super) fn running(&self) -> bool {
        !self.paused && !self.finished
    }

    /// Restarts the throughput clock so a pause does not count as slow training.
    pub(super) fn resume(&mut self) {
        self.paused = false;
        self.last_snapshot = Instant::now();
        self.seen_at_snapshot = self.trainer.examples_seen();
    }

    pub(super) fn set_hyper(&mut self, hyper: Hyper) -> Result<(), TrainError> {
        self.trainer.set_hyper(hyper)?;
        self.cfg.hyper = hyper;
        Ok(())
    }

    /// A new optimizer with fresh state; the config follows, so every later report agrees.
    pub(super) fn set_optimizer(
        &mut self,
        kind: OptimizerKind,
        hyper: Hyper,
    ) -> Result<(), TrainError> {
        self.trainer.set_optimizer(kind, hyper)?;
        (self.cfg.optimizer, self.cfg.hyper) = (kind, hyper);
        Ok(())
    }

    pub(super) fn set_regularisation(&mut self, reg: Regularisation) -> Result<(), TrainError> {
        self.trainer.set_regularisation(reg)?;
        (self.cfg.l2, self.cfg.l1, self.cfg.dropout, self.cfg.noise) =
            (reg.l2, reg.l1, reg.dropout, reg.input_noise);
        Ok(())
    }

    pub(super) fn evaluate_test(&self) -> Progress {
        match self.trainer.evaluate(&self.splits.test) {
            Some((loss, acc)) => Progress::TestResult { loss, acc },
            None => Progress::Error(TrainError::EmptySet("test").to_string()),
        }
    }

    /// On one training batch of the run's batch size (the first images, so it is repeatable).
    /// `None` if `cancel` said stop.
    pub(super) fn gradient_check(
        &self,
        samples: usize,
        cancel: &dyn Fn() -> bool,
    ) -> Result<Option<GradientCheckReport>, String> {
        let n = self.cfg.batch_size.min(self.splits.train.len());
        let batch = self.splits.train.subset(0..n);
        let params = self.trainer.mlp().params();
        gradient_check(
            &self.cfg.mlp_config(),
            params,
            &batch,
            samples,
            self.cfg.seed,
            cancel,
        )
        .map_err(|e| e.to_string())
    }

    fn epoch_f(&self) -> f64 {
        self.trainer.examples_seen() as f64 / self.splits.train.len().max(1) as f64
    }

    /// The example count at which the next validation falls: k/5 of the way through an epoch.
    fn schedule_validation(&mut self) {
        let n = self.splits.train.len() as u64;
        let seen = self.trainer.examples_seen();
        while self.next_validation <= seen {
            self.validations_done += 1;
            let epoch = (self.validations_done - 1) / VALIDATIONS_PER_EPOCH;
            let k = (self.validations_done - 1) % VALIDATIONS_PER_EPOCH + 1;
            self.next_validation = epoch * n + (k * n).div_ceil(VALIDATIONS_PER_EPOCH);
        }
    }

    pub(super) fn snapshot(&mut self) -> Progress {
        let now = Instant::now();
        let seen = self.trainer.examples_seen();
        let secs = now.duration_since(self.last_snapshot).as_secs_f64();
        let examples_per_sec = if secs > 0.0 {
            (seen - self.seen_at_snapshot) as f64 / secs
        } else {
            0.0
        };
        (self.last_snapshot, self.seen_at_snapshot) = (now, seen);
        let mlp = self.trainer.mlp().clone();
        // Each first-layer unit's incoming weights: the columns of the (784, units) matrix.
        let first = mlp.weights(0);
        let hidden_weights = first.columns().into_iter().map(|u| u.to_vec()).collect();
        Progress::Snapshot(Box::new(NetSnapshot {
            mlp,
            hidden_weights,
            confusion: self.confusion,
            examples_per_sec,
            last_epoch_secs: self.last_epoch_secs,
            best_epoch: self.trainer.best_epoch().map(|b| b.0),
            examples_seen: seen,
            epoch_f: self.epoch_f(),
            dataset: self.dataset,
            optimizer: self.trainer.optimizer().kind(),
            hyper: *self.trainer.optimizer().hyper(),
            optimizer_steps: self.trainer.optimizer().steps_taken(),
        }))
    }

    fn point(&mut self, val: Option<(f64, f64)>) -> Progress {
        let w = std::mem::take(&mut self.window);
        let count = w.count.max(1.0);
        self.last_point = Instant::now();
        Progress::Point(CurvePoint {
            examples_seen: self.trainer.examples_seen(),
            epoch_f: self.epoch_f(),
            train_loss: w.loss / count,
            train_acc: w.correct / count,
            val_loss: val.map(|v| v.0),
            val_acc: val.map(|v| v.1),
            lr: self.trainer.lr(),
        })
    }

    /// Adds the batch just trained to the window, from the trainer's epoch-so-far means.
    fn tally(&mut self, stats: &StepStats) {
        let count = (self.trainer.examples_seen() - self.epoch_base) as f64;
        let now = Tally {
            loss: stats.train_loss * count,
            correct: stats.train_acc * count,
            count,
        };
        self.window.loss += now.loss - self.epoch_tally.loss;
        self.window.correct += now.correct - self.epoch_tally.correct;
        self.window.count += now.count - self.epoch_tally.count;
        self.epoch_tally = now;
        if stats.epoch_finished {
            self.epoch_base = self.trainer.examples_seen();
            self.epoch_tally = Tally::default();
        }
    }

    /// Trains for about `CHUNK`, sending curve points, validation results, epoch ends and
    /// snapshots through `emit` as they fall due.
    /// `max_examples` caps the chunk (classroom pace); `None` trains flat out.
    pub(super) fn chunk(
        &mut self,
        max_examples: Option<u64>,
        emit: &mut dyn FnMut(Progress),
    ) -> Outcome {
        let start = Instant::now();
        let first_example = self.trainer.examples_seen();
        loop {
            let t = Instant::now();
            let stats = match self.trainer.train_steps(&self.splits.train, 1) {
                Ok(stats) => stats,
                Err(e) => return self.diverged(e.to_string(), emit),
            };
            self.epoch_train_secs += t.elapsed().as_secs_f64();
            self.tally(&stats);
            if self.trainer.examples_seen() >= self.next_validation || stats.epoch_finished {
                let (val_loss, val_acc) = match self.trainer.validate(&self.splits.validation) {
                    Ok(val) => val,
                    Err(e) => return self.diverged(e.to_string(), emit),
                };
                // A second pass over the validation set; only as often as snapshots show it.
                if self
                    .confusion_at
                    .is_none_or(|t| t.elapsed() >= SNAPSHOT_EVERY)
                {
                    self.confusion = Some(self.trainer.mlp().confusion(&self.splits.validation));
                    self.confusion_at = Some(Instant::now());
                }
                self.schedule_validation();
                let point = self.point(Some((val_loss, val_acc)));
                emit(point);
                if stats.epoch_finished {
                    let outcome = self.end_epoch((val_loss, val_acc), emit);
                    if outcome != Outcome::Continue {
                        return outcome;
                    }
                }
            }
            let budget_spent =
                max_examples.is_some_and(|max| self.trainer.examples_seen() - first_example >= max);
            if start.elapsed() >= CHUNK || budget_spent {
                break;
            }
        }
        if self.last_point.elapsed() >= POINT_EVERY && self.window.count > 0.0 {
            let point = self.point(None);
            emit(point);
        }
        if self.last_snapshot.elapsed() >= SNAPSHOT_EVERY {
            emit(self.snapshot());
        }
        Outcome::Continue
    }

    /// Reports the epoch core closed and, if the run stops there, its end.
    fn end_epoch(&mut self, val: (f64, f64), emit: &mut dyn FnMut(Progress)) -> Outcome {
        let seconds = std::mem::take(&mut self.epoch_train_secs);
        self.last_epoch_secs = Some(seconds);
        let (record, after) = self.trainer.end_epoch(seconds, val);
        emit(Progress::EpochEnd(record));
        match after {
            AfterEpoch::Continue => return Outcome::Continue,
            AfterEpoch::EarlyStopped { best_epoch } => emit(Progress::EarlyStopped { best_epoch }),
            AfterEpoch::Finished => {}
        }
        self.finished = true;
        emit(self.snapshot());
        emit(Progress::Finished);
        Outcome::Finished
    }

    fn diverged(&mut self, message: String, emit: &mut dyn FnMut(Progress)) -> Outcome {
        self.finished = true;
        emit(Progress::Diverged { message });
        Outcome::Diverged
    }
}
