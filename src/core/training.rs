//! Mini-batch training of the MNIST MLP: configuration (`config`), an incremental `Trainer`
//! the app's thread drives a batch at a time, and the end of an epoch (`epoch`) with
//! `run_train` for the CLI. Both callers share every rule about stopping a run.

mod config;
mod epoch;
mod pace;

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use super::mlp::{Mlp, Regularisation, SparseImages};
use super::mnist::Dataset;
use super::optimizer::{Hyper, Optimizer, OptimizerKind};
use super::schedule::{Schedule, Scheduler};

pub use config::{
    MAX_BATCH, MAX_EPOCHS, MAX_LAYERS, MAX_PENALTY, MAX_TRAIN_SIZE, MAX_WIDTH, TrainConfig,
    TrainError,
};
pub use epoch::{
    AfterEpoch, CurvePoint, EXPLODED_LOSS, EpochRecord, TrainSummary, overfitting_since, run_train,
};
pub use pace::{CLASSROOM_RUN_SECS, Pace};

/// Running statistics since the start of the current epoch.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StepStats {
    /// Batches run by this call.
    pub batches: usize,
    /// Mean data loss and accuracy over the epoch so far (with dropout/noise active).
    pub train_loss: f64,
    pub train_acc: f64,
    /// True when this call finished an epoch (the next call starts a new shuffle).
    pub epoch_finished: bool,
    /// Completed epochs.
    pub epoch: usize,
}

/// Owns the network, optimizer and shuffling state; the data is passed in on each call.
#[derive(Debug, Clone)]
pub struct Trainer {
    mlp: Mlp<f32>,
    optimizer: Optimizer<f32>,
    reg: Regularisation,
    batch_size: usize,
    rng: Xoshiro256PlusPlus,
    order: Vec<usize>,
    /// Position in `order`; 0 means a new epoch (and shuffle) starts with the next batch.
    cursor: usize,
    grad: Vec<f32>,
    /// The training images as nonzero pixels, built on the first step (see `train_steps`).
    sparse: SparseImages,
    epoch: usize,
    examples_seen: u64,
    running: (f64, usize, usize),
    best: Option<(usize, f64, Vec<f32>)>,
    /// The run's length and early-stopping rule, read by `end_epoch`.
    epochs: usize,
    patience: Option<usize>,
    /// The lr schedule's state; it writes the lr (and OneCycle's momentum / β₁) into the
    /// optimizer before every step it changes.
    scheduler: Scheduler,
    /// The hyperparameters as set by the user (the schedule's base lr).
    base_hyper: Hyper,
    /// OneCycle counts optimizer steps; every other schedule counts epochs.
    schedule_per_step: bool,
    /// The lr of the current (or just finished) epoch's first step.
    epoch_lr: f64,
}

impl Trainer {
    pub fn new(cfg: &TrainConfig, train_len: usize) -> Result<Self, TrainError> {
        cfg.validate()?;
        let mlp = Mlp::new(&cfg.mlp_config())?;
        let n = mlp.param_count();
        let scheduler = Scheduler::new(cfg.schedule, cfg.optimizer, cfg.hyper.lr);
        let mut hyper = cfg.hyper;
        scheduler.apply(&mut hyper);
        Ok(Trainer {
            optimizer: Optimizer::new(cfg.optimizer, hyper, n),
            scheduler,
            base_hyper: cfg.hyper,
            schedule_per_step: cfg.schedule_per_step(),
            epoch_lr: hyper.lr,
            mlp,
            reg: cfg.regularisation(),
            batch_size: cfg.batch_size,
            // A stream separate from the weight initialisation's, derived from the same seed.
            rng: Xoshiro256PlusPlus::seed_from_u64(cfg.seed ^ 0x5eed_5eed_5eed_5eed),
            order: (0..train_len).collect(),
            cursor: 0,
            grad: vec![0.0; n],
            sparse: SparseImages::default(),
            epoch: 0,
            examples_seen: 0,
            running: (0.0, 0, 0),
            best: None,
            epochs: cfg.epochs,
            patience: cfg.patience,
        })
    }

    pub fn mlp(&self) -> &Mlp<f32> {
        &self.mlp
    }

    pub fn optimizer(&self) -> &Optimizer<f32> {
        &self.optimizer
    }

    /// Completed epochs.
    pub fn epochs_done(&self) -> usize {
        self.epoch
    }

    pub fn examples_seen(&self) -> u64 {
        self.examples_seen
    }

    /// The learning rate the next optimizer step uses (the schedule's value).
    pub fn lr(&self) -> f64 {
        self.optimizer.hyper().lr
    }

    /// Changes optimizer hyperparameters between steps (optimizer state is kept). With a
    /// schedule, `hyper.lr` is its new base lr and the schedule stays where it was.
    pub fn set_hyper(&mut self, hyper: Hyper) -> Result<(), TrainError> {
        hyper.validate(self.optimizer.kind())?;
        self.rebase_schedule(self.optimizer.kind(), hyper);
        Ok(())
    }

    /// Replaces the optimizer between steps with a fresh one of `kind` (no state carried
    /// over: one optimizer's momentum or averages mean nothing to another).
    pub fn set_optimizer(&mut self, kind: OptimizerKind, hyper: Hyper) -> Result<(), TrainError> {
        hyper.validate(kind)?;
        self.optimizer = Optimizer::new(kind, hyper, self.mlp.param_count());
        self.rebase_schedule(kind, hyper);
        Ok(())
    }

    /// Rebuilds the schedule from a new base `hyper` (and optimizer, whose momentum slot
    /// OneCycle cycles), replayed to the steps or epochs already taken, as if the run had
    /// used them from the start; the scheduled values go into the optimizer.
    fn rebase_schedule(&mut self, kind: OptimizerKind, hyper: Hyper) {
        let done = self.scheduler.last_epoch();
        self.scheduler = Scheduler::new(self.schedule(), kind, hyper.lr);
        for _ in 0..done {
            self.scheduler.step();
        }
        self.base_hyper = hyper;
        self.apply_schedule();
    }

    fn schedule(&self) -> Schedule {
        self.scheduler.schedule()
    }

    fn apply_schedule(&mut self) {
        let mut hyper = self.base_hyper;
        self.scheduler.apply(&mut hyper);
        self.optimizer.set_hyper(hyper);
    }

    /// Advances the schedule by one of its counts (a step or an epoch).
    fn step_schedule(&mut self) {
        if self.schedule() != Schedule::Constant {
            self.scheduler.step();
            self.apply_schedule();
        }
    }

    pub fn set_regularisation(&mut self, reg: Regularisation) -> Result<(), TrainError> {
        let mut probe = TrainConfig::default();
        (probe.l2, probe.l1, probe.dropout, probe.noise) =
            (reg.l2, reg.l1, reg.dropout, reg.input_noise);
        probe.validate()?;
        self.reg = reg;
        Ok(())
    }

    /// Runs up to `n_batches` mini-batches, stopping early at the end of the epoch.
    ///
    /// The first call keeps a sparse copy of `train`'s images (~40% of its size), rebuilt
    /// whenever a call passes a different dataset. Editing `train`'s pixels *in place*
    /// between calls is not noticed; make a new dataset (or trainer) instead.
    pub fn train_steps(
        &mut self,
        train: &Dataset,
        n_batches: usize,
    ) -> Result<StepStats, TrainError> {
        if train.len() != self.order.len() {
            return Err(TrainError::DatasetChanged {
                expected: self.order.len(),
                actual: train.len(),
            });
        }
        self.prepare(train);
        let mut stats = StepStats::default();
        let n = self.order.len();
        while stats.batches < n_batches && n > 0 {
            if self.cursor == 0 {
                self.shuffle();
                self.running = (0.0, 0, 0);
                self.epoch_lr = self.lr();
            }
            let end = (self.cursor + self.batch_size).min(n);
            let batch = &self.order[self.cursor..end];
            let r = self.mlp.loss_and_gradient_sparse(
                &self.sparse,
                batch,
                &mut self.grad,
                &self.reg,
                &mut self.rng,
            );
            let loss = f64::from(r.loss);
            if !loss.is_finite() || f64::from(r.data_loss) > EXPLODED_LOSS {
                return Err(TrainError::Diverged {
                    epoch: self.epoch + 1,
                    loss,
                });
            }
            self.optimizer.step(self.mlp.params_mut(), &self.grad);
            let batch_len = end - self.cursor;
            if self.schedule_per_step {
                self.step_schedule();
            }
            self.running.0 += f64::from(r.data_loss) * batch_len as f64;
            self.running.1 += r.correct;
            self.running.2 += batch_len;
            self.examples_seen += batch_len as u64;
            stats.batches += 1;
            self.cursor = end;
            if end == n {
                self.cursor = 0;
                self.epoch += 1;
                stats.epoch_finished = true;
                if !self.schedule_per_step {
                    self.step_schedule();
                }
                break;
            }
        }
        let (sum, correct, count) = self.running;
        let count = count.max(1) as f64;
        (stats.train_loss, stats.train_acc) = (sum / count, correct as f64 / count);
        stats.epoch = self.epoch;
        Ok(stats)
    }

    /// Builds the sparse copy of `train` that `train_steps` would build on its first call
    /// (a one-off ~20 ms for 60,000 images), so it can be done ahead of time.
    pub fn prepare(&mut self, train: &Dataset) {
        if !self.sparse.built_from(train) {
            self.sparse = SparseImages::new(train);
        }
    }

    /// Runs the rest of the current epoch (a whole epoch when called at a boundary).
    pub fn epoch(&mut self, train: &Dataset) -> Result<StepStats, TrainError> {
        self.train_steps(train, usize::MAX)
    }

    /// Mean loss and accuracy of the current network (no dropout or noise); `None` for an
    /// empty set, whose "loss" would otherwise read as a perfect 0.
    pub fn evaluate(&self, data: &Dataset) -> Option<(f64, f64)> {
        (!data.is_empty()).then(|| self.mlp.evaluate(data))
    }

    /// Records a validation loss for the epoch just finished; returns whether it is the best
    /// so far (then the weights are remembered for `restore_best`).
    pub fn record_validation(&mut self, val_loss: f64) -> bool {
        let improved = self.best.as_ref().is_none_or(|b| val_loss < b.1);
        if improved {
            self.best = Some((self.epoch, val_loss, self.mlp.params().to_vec()));
        }
        improved
    }

    /// Epoch (1-based) and validation loss of the best recorded epoch.
    pub fn best_epoch(&self) -> Option<(usize, f64)> {
        self.best.as_ref().map(|b| (b.0, b.1))
    }

    /// Epochs since the best validation loss.
    pub fn epochs_since_best(&self) -> usize {
        self.best.as_ref().map_or(0, |b| self.epoch - b.0)
    }

    /// Puts back the weights of the best recorded epoch. Returns false if none was recorded.
    pub fn restore_best(&mut self) -> bool {
        match &self.best {
            Some((_, _, params)) => {
                self.mlp.params_mut().copy_from_slice(params);
                true
            }
            None => false,
        }
    }

    fn shuffle(&mut self) {
        for i in (1..self.order.len()).rev() {
            let j = self.rng.random_range(0..=i);
            self.order.swap(i, j);
        }
    }
}
