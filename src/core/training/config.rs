//! What determines a training run, its limits and what can go wrong.

use serde::{Deserialize, Serialize};

use crate::core::mlp::{Activation, Loss, MlpConfig, MlpError, Regularisation};
use crate::core::optimizer::{Hyper, OptimizerError, OptimizerKind};
use crate::core::schedule::Schedule;

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
    /// The learning-rate schedule. It counts epochs (torch's usual per-epoch
    /// `scheduler.step()`), except OneCycle, which counts optimizer steps.
    pub schedule: Schedule,
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
            schedule: Schedule::Constant,
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

impl TrainConfig {
    /// The overfitting demonstration: the chapter's network on only 1,000 training images,
    /// long enough and at a high enough lr that the validation loss clearly turns up (with
    /// seed 1 on MNIST its best epoch is 7 of 50 and it ends about 20% above that best).
    pub fn overfitting_demo() -> Self {
        let base = Self::default();
        TrainConfig {
            train_size: 1000,
            epochs: 50,
            hyper: Hyper {
                lr: 2.0,
                ..base.hyper
            },
            ..base
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
    #[error("training diverged (loss is {loss:.3e}) in epoch {epoch}; try a smaller learning rate")]
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

    /// Whether the schedule advances with every optimizer step (OneCycle, whose length is
    /// given in steps) rather than once per epoch.
    pub fn schedule_per_step(&self) -> bool {
        matches!(self.schedule, Schedule::OneCycle(_))
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
