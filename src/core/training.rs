//! Mini-batch training of the MNIST MLP: configuration, an incremental `Trainer` the UI can
//! drive a few batches per frame, and `run_train` for the CLI.

use std::io::Write;
use std::time::Instant;

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::mlp::{Activation, Loss, Mlp, MlpConfig, MlpError, Regularisation, SparseImages};
use super::mnist::{Dataset, Splits};
use super::optimizer::{Hyper, Optimizer, OptimizerError, OptimizerKind};

/// Limits beyond which a setting is almost certainly a typo or a corrupt file (and would only
/// exhaust memory or time). Shared by the CLI, scenes and the app's saved settings.
pub const MAX_LAYERS: usize = 8;
pub const MAX_WIDTH: usize = 4096;
pub const MAX_EPOCHS: usize = 1000;
pub const MAX_BATCH: usize = 60_000;
pub const MAX_TRAIN_SIZE: usize = 60_000;
pub const MAX_PENALTY: f64 = 10.0;

/// Everything that determines a training run. `Default` is the chapter's setup: 784-15-10
/// sigmoid, cross-entropy, plain SGD lr 0.5, batch 32, 10 epochs on 50,000 images, which
/// reaches about 95% test accuracy with seed 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrainConfig {
    pub hidden: Vec<usize>,
    pub activation: Activation,
    pub loss: Loss,
    pub optimizer: OptimizerKind,
    pub hyper: Hyper,
    pub batch_size: usize,
    pub epochs: usize,
    /// Training images taken from the front of the training file (validation is its end).
    pub train_size: usize,
    pub l2: f64,
    pub l1: f64,
    pub dropout: f64,
    /// σ of Gaussian input noise on [0, 1] pixels.
    pub noise: f64,
    /// Stop after this many epochs without a new best validation loss, then restore the best.
    pub patience: Option<usize>,
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            hidden: vec![15],
            activation: Activation::Sigmoid,
            loss: Loss::CrossEntropy,
            optimizer: OptimizerKind::Sgd,
            hyper: Hyper {
                lr: 0.5,
                ..OptimizerKind::Sgd.default_hyper()
            },
            batch_size: 32,
            epochs: 10,
            train_size: 50_000,
            l2: 0.0,
            l1: 0.0,
            dropout: 0.0,
            noise: 0.0,
            patience: None,
            seed: 1,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error("invalid training setting: {0}")]
    Config(String),
    #[error(transparent)]
    Optimizer(#[from] OptimizerError),
    #[error(transparent)]
    Network(#[from] MlpError),
    #[error("training diverged (loss is {loss}) in epoch {epoch}; try a smaller learning rate")]
    Diverged { epoch: usize, loss: f64 },
    #[error("the trainer was built for {expected} training images but got {actual}")]
    DatasetChanged { expected: usize, actual: usize },
    #[error("the {0} set has no images, so it has no loss to report")]
    EmptySet(&'static str),
    #[error("cannot write the training log: {0}")]
    Io(#[from] std::io::Error),
}

impl TrainConfig {
    pub fn validate(&self) -> Result<(), TrainError> {
        let bad = |m: &str| Err(TrainError::Config(m.to_string()));
        let in_unit = |x: f64| (0.0..1.0).contains(&x);
        if self.batch_size == 0 {
            return bad("batch size must be at least 1");
        }
        if self.train_size == 0 {
            return bad("train size must be at least 1");
        }
        if self.epochs == 0 {
            return bad("epochs must be at least 1");
        }
        if self.hidden.contains(&0) {
            return bad("hidden layers need at least 1 unit");
        }
        if self.hidden.len() > MAX_LAYERS || self.hidden.iter().any(|&w| w > MAX_WIDTH) {
            return bad(&format!(
                "at most {MAX_LAYERS} hidden layers of at most {MAX_WIDTH} units"
            ));
        }
        for (name, value, max) in [
            ("batch size", self.batch_size, MAX_BATCH),
            ("epochs", self.epochs, MAX_EPOCHS),
            ("train size", self.train_size, MAX_TRAIN_SIZE),
            ("patience", self.patience.unwrap_or(0), MAX_EPOCHS),
        ] {
            if value > max {
                return bad(&format!("{name} must be at most {max}, got {value}"));
            }
        }
        let penalty = |x: f64| x.is_finite() && (0.0..=MAX_PENALTY).contains(&x);
        if ![self.l2, self.l1, self.noise].into_iter().all(penalty) {
            return bad(&format!(
                "l2, l1 and noise must be numbers from 0 to {MAX_PENALTY}"
            ));
        }
        if !in_unit(self.dropout) {
            return bad("dropout must be in [0, 1)");
        }
        if self.patience == Some(0) {
            return bad("patience must be at least 1 epoch");
        }
        Ok(self.hyper.validate(self.optimizer)?)
    }

    pub fn mlp_config(&self) -> MlpConfig {
        MlpConfig {
            hidden: self.hidden.clone(),
            activation: self.activation,
            loss: self.loss,
            seed: self.seed,
        }
    }

    pub fn regularisation(&self) -> Regularisation {
        Regularisation {
            l2: self.l2,
            l1: self.l1,
            dropout: self.dropout,
            input_noise: self.noise,
        }
    }
}

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
}

impl Trainer {
    pub fn new(cfg: &TrainConfig, train_len: usize) -> Result<Self, TrainError> {
        cfg.validate()?;
        let mlp = Mlp::new(&cfg.mlp_config())?;
        let n = mlp.param_count();
        Ok(Trainer {
            optimizer: Optimizer::new(cfg.optimizer, cfg.hyper, n),
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

    /// Changes optimizer hyperparameters between steps (optimizer state is kept).
    pub fn set_hyper(&mut self, hyper: Hyper) -> Result<(), TrainError> {
        hyper.validate(self.optimizer.kind())?;
        self.optimizer.set_hyper(hyper);
        Ok(())
    }

    /// Replaces the optimizer between steps with a fresh one of `kind` (no state carried
    /// over: one optimizer's momentum or averages mean nothing to another).
    pub fn set_optimizer(&mut self, kind: OptimizerKind, hyper: Hyper) -> Result<(), TrainError> {
        hyper.validate(kind)?;
        self.optimizer = Optimizer::new(kind, hyper, self.mlp.param_count());
        Ok(())
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
            if !loss.is_finite() {
                return Err(TrainError::Diverged {
                    epoch: self.epoch + 1,
                    loss,
                });
            }
            self.optimizer.step(self.mlp.params_mut(), &self.grad);
            self.running.0 += f64::from(r.data_loss) * batch.len() as f64;
            self.running.1 += r.correct;
            self.running.2 += batch.len();
            self.examples_seen += batch.len() as u64;
            stats.batches += 1;
            self.cursor = end;
            if end == n {
                self.cursor = 0;
                self.epoch += 1;
                stats.epoch_finished = true;
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

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochRecord {
    pub epoch: usize,
    pub seconds: f64,
    pub train_loss: f64,
    pub train_acc: f64,
    pub val_loss: f64,
    pub val_acc: f64,
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

/// Trains per `cfg` on `splits.train`, printing CSV
/// `epoch,seconds,train_loss,train_acc,val_loss,val_acc` (seconds = training time of the
/// epoch, excluding evaluation) and, with `evaluate_test`, a final `test_acc=0.XXXX` line.
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
    writeln!(out, "epoch,seconds,train_loss,train_acc,val_loss,val_acc")?;
    let mut history = Vec::new();
    let mut stopped_early = false;
    for _ in 0..cfg.epochs {
        let start = Instant::now();
        let stats = trainer.epoch(&splits.train)?;
        let seconds = start.elapsed().as_secs_f64();
        let (val_loss, val_acc) = trainer
            .evaluate(&splits.validation)
            .ok_or(TrainError::EmptySet("validation"))?;
        if !val_loss.is_finite() {
            return Err(TrainError::Diverged {
                epoch: stats.epoch,
                loss: val_loss,
            });
        }
        trainer.record_validation(val_loss);
        let rec = EpochRecord {
            epoch: stats.epoch,
            seconds,
            train_loss: stats.train_loss,
            train_acc: stats.train_acc,
            val_loss,
            val_acc,
        };
        writeln!(
            out,
            "{},{:.4},{:.6},{:.4},{:.6},{:.4}",
            rec.epoch, rec.seconds, rec.train_loss, rec.train_acc, rec.val_loss, rec.val_acc
        )?;
        history.push(rec);
        if cfg
            .patience
            .is_some_and(|p| trainer.epochs_since_best() >= p)
        {
            stopped_early = true;
            break;
        }
    }
    if cfg.patience.is_some() {
        trainer.restore_best();
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
