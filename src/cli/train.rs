//! `descent train`: trains the MNIST MLP headless and prints the learning curve as CSV.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail, ensure};
use clap::Args;

use crate::core::mlp::{Activation, Loss};
use crate::core::mnist;
use crate::core::optimizer::OptimizerKind;
use crate::core::training::{
    self, MAX_BATCH, MAX_EPOCHS, MAX_PENALTY, MAX_TRAIN_SIZE, TrainConfig,
};

/// The CLI alone caps the learning rate: a huge one is a typo there, but in a scene it is a
/// legitimate way to show divergence.
const MAX_LR: f64 = 1000.0;

#[derive(Args, Debug, Clone, PartialEq)]
pub struct TrainArgs {
    /// Directory with the four MNIST (or Fashion-MNIST) IDX files, .gz or raw
    /// (default: the bundled MNIST).
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Hidden layer widths, comma-separated ("15", "100,30"); "none" for no hidden layer.
    #[arg(
        long,
        default_value = "15",
        value_name = "H1[,H2..]",
        allow_hyphen_values = true
    )]
    pub hidden: String,
    /// Hidden-unit nonlinearity: sigmoid, tanh or relu.
    #[arg(long, default_value = "sigmoid")]
    pub activation: String,
    /// Cost: ce (cross-entropy on softmax) or mse (the chapter's quadratic cost on sigmoids).
    #[arg(long, default_value = "ce")]
    pub loss: String,
    /// Optimizer: sgd, momentum, nesterov, adagrad, adadelta, rmsprop, adam, adamw, nadam,
    /// amsgrad, lion. Defaults are torch's, except sgd's learning rate (the chapter's 0.5).
    #[arg(long, default_value = "sgd")]
    pub optimizer: String,
    #[command(flatten)]
    pub hyper: crate::cli::HyperArgs,
    /// Mini-batch size.
    #[arg(long, default_value_t = 32, allow_hyphen_values = true, value_parser = whole_at_least_1)]
    pub batch: usize,
    /// Epochs to train.
    #[arg(long, default_value_t = 10, allow_hyphen_values = true, value_parser = whole_at_least_1)]
    pub epochs: usize,
    /// Training images, from the front of the training file (at most 50,000 of MNIST's
    /// 60,000; the last 10,000 are the validation set).
    #[arg(long, default_value_t = 50_000, allow_hyphen_values = true, value_parser = whole_at_least_1)]
    pub train_size: usize,
    /// L2 penalty coefficient (on weights, per batch-mean loss).
    #[arg(long, default_value_t = 0.0, allow_hyphen_values = true)]
    pub l2: f64,
    /// L1 penalty coefficient.
    #[arg(long, default_value_t = 0.0, allow_hyphen_values = true)]
    pub l1: f64,
    /// Dropout probability of hidden units, in [0, 1).
    #[arg(long, default_value_t = 0.0, allow_hyphen_values = true)]
    pub dropout: f64,
    /// σ of Gaussian noise added to input pixels (scaled to [0, 1]).
    #[arg(long, default_value_t = 0.0, allow_hyphen_values = true)]
    pub noise: f64,
    /// Learning-rate schedule, e.g. `step:step_size=1,gamma=0.5`, `cosine:t_max=10`,
    /// `onecycle:max_lr=1,total_steps=15630` (the syntax of `trace --schedule`). It counts
    /// epochs, except onecycle, which counts optimizer steps.
    #[arg(long, default_value = "constant", value_name = "SPEC")]
    pub schedule: String,
    /// Stop after this many epochs without a better validation loss, keeping the best weights.
    #[arg(long, allow_hyphen_values = true, value_parser = whole_at_least_1)]
    pub patience: Option<usize>,
    /// Seed of the weight initialisation and the shuffling.
    #[arg(long, default_value_t = 1, allow_hyphen_values = true, value_parser = seed)]
    pub seed: u64,
    /// Evaluate the final network on the test set (printed as test_acc=...).
    #[arg(long)]
    pub test: bool,
}

fn whole_at_least_1(s: &str) -> Result<usize, String> {
    match s.trim().parse::<i128>() {
        Ok(v) if v >= 1 => usize::try_from(v).map_err(|_| format!("{v} is too large")),
        Ok(v) => Err(format!("must be at least 1, got {v}")),
        Err(_) => Err(format!("expected a whole number, got {s:?}")),
    }
}

fn seed(s: &str) -> Result<u64, String> {
    s.trim()
        .parse::<u64>()
        .map_err(|_| format!("expected a whole number from 0 to {}, got {s:?}", u64::MAX))
}

/// Parses `--hidden` (see `mlp::parse_hidden`), naming the flag in the error.
pub fn parse_hidden(text: &str) -> anyhow::Result<Vec<usize>> {
    crate::core::mlp::parse_hidden(text).map_err(|e| anyhow::anyhow!("--hidden: {e}"))
}

fn finite_in(flag: &str, value: f64, max: f64) -> anyhow::Result<()> {
    ensure!(
        value.is_finite() && (0.0..=max).contains(&value),
        "{flag} must be a number from 0 to {max}, got {value}"
    );
    Ok(())
}

/// Builds and validates the training configuration the arguments describe.
pub fn train_config(args: &TrainArgs) -> anyhow::Result<TrainConfig> {
    let activation = Activation::from_name(&args.activation).with_context(|| {
        format!(
            "unknown activation {:?}; choose one of: sigmoid, tanh, relu",
            args.activation
        )
    })?;
    let loss = Loss::from_name(&args.loss)
        .with_context(|| format!("unknown loss {:?}; choose one of: ce, mse", args.loss))?;
    let optimizer = crate::cli::parse_optimizer(&args.optimizer)?;
    let mut hyper = optimizer.default_hyper();
    if optimizer == OptimizerKind::Sgd {
        hyper.lr = TrainConfig::default().hyper.lr;
    }
    args.hyper.apply(optimizer, &mut hyper)?;
    hyper.validate(optimizer)?;
    ensure!(
        hyper.lr <= MAX_LR,
        "--lr must be at most {MAX_LR}, got {}",
        hyper.lr
    );
    ensure!(
        args.batch <= MAX_BATCH,
        "--batch must be at most {MAX_BATCH}"
    );
    ensure!(
        args.epochs <= MAX_EPOCHS,
        "--epochs must be at most {MAX_EPOCHS}"
    );
    ensure!(
        args.train_size <= MAX_TRAIN_SIZE,
        "--train-size must be at most {MAX_TRAIN_SIZE}"
    );
    finite_in("--l2", args.l2, MAX_PENALTY)?;
    finite_in("--l1", args.l1, MAX_PENALTY)?;
    finite_in("--noise", args.noise, MAX_PENALTY)?;
    if !(args.dropout.is_finite() && (0.0..1.0).contains(&args.dropout)) {
        bail!(
            "--dropout must be at least 0 and below 1, got {}",
            args.dropout
        );
    }
    let cfg = TrainConfig {
        hidden: parse_hidden(&args.hidden)?,
        activation,
        loss,
        optimizer,
        hyper,
        schedule: args
            .schedule
            .parse()
            .map_err(|e| anyhow::anyhow!("--schedule: {e}"))?,
        batch_size: args.batch,
        epochs: args.epochs,
        train_size: args.train_size,
        l2: args.l2,
        l1: args.l1,
        dropout: args.dropout,
        noise: args.noise,
        patience: args.patience,
        seed: args.seed,
    };
    cfg.validate()?;
    Ok(cfg)
}

/// Runs `descent train`: CSV `epoch,seconds,train_loss,train_acc,val_loss,val_acc,lr` per
/// epoch, then `test_acc=0.XXXX` with `--test`.
pub fn train(args: &TrainArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let cfg = train_config(args)?;
    let (train_file, test) = mnist::load_dir_or_bundled(args.data.as_deref())?;
    let splits = mnist::split(train_file, test, cfg.train_size)?;
    training::run_train(&cfg, &splits, args.test, out)?;
    Ok(())
}
