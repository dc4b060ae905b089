//! Arguments several subcommands share: the optimizer and its hyperparameter flags, and the
//! parsers of points, surfaces and optimizer names (each error names its flag).

use clap::Args;

use crate::core::optimizer::{Hyper, HyperParam, OptimizerKind};
use crate::core::race::Racer;
use crate::core::schedule::Schedule;
use crate::core::surface::SurfaceKind;

/// Optimizer hyperparameter flags shared by `trace`, `train` and `slice`; omitted ones keep
/// the optimizer's defaults.
#[derive(Args, Debug, Clone, Default, PartialEq)]
pub struct HyperArgs {
    /// Learning rate (the optimizer's default if omitted).
    #[arg(long, allow_hyphen_values = true)]
    pub lr: Option<f64>,
    /// Momentum β (momentum, nesterov, rmsprop).
    #[arg(long, allow_hyphen_values = true)]
    pub momentum: Option<f64>,
    /// Adadelta's decay ρ.
    #[arg(long, allow_hyphen_values = true)]
    pub rho: Option<f64>,
    /// RMSprop's smoothing constant α.
    #[arg(long, allow_hyphen_values = true)]
    pub alpha: Option<f64>,
    /// Adam family / Lion β₁.
    #[arg(long, allow_hyphen_values = true)]
    pub beta1: Option<f64>,
    /// Adam family / Lion β₂.
    #[arg(long, allow_hyphen_values = true)]
    pub beta2: Option<f64>,
    /// ε added to denominators.
    #[arg(long, allow_hyphen_values = true)]
    pub eps: Option<f64>,
    /// Weight decay λ (decoupled for adamw and lion).
    #[arg(long, allow_hyphen_values = true)]
    pub weight_decay: Option<f64>,
}

impl HyperArgs {
    /// Sets the given flags on `hyper`; a flag the optimizer does not use is an error.
    pub fn apply(&self, kind: OptimizerKind, hyper: &mut Hyper) -> anyhow::Result<()> {
        let given = [
            (HyperParam::Lr, self.lr, "--lr"),
            (HyperParam::Momentum, self.momentum, "--momentum"),
            (HyperParam::Rho, self.rho, "--rho"),
            (HyperParam::Alpha, self.alpha, "--alpha"),
            (HyperParam::Beta1, self.beta1, "--beta1"),
            (HyperParam::Beta2, self.beta2, "--beta2"),
            (HyperParam::Eps, self.eps, "--eps"),
            (HyperParam::WeightDecay, self.weight_decay, "--weight-decay"),
        ];
        for (param, value, flag) in given {
            let Some(value) = value else { continue };
            anyhow::ensure!(kind.uses(param), "{flag} does not apply to {}", kind.name());
            hyper.set(param, value);
        }
        Ok(())
    }
}

/// An optimizer by name, or an error listing the valid names.
pub fn parse_optimizer(name: &str) -> anyhow::Result<OptimizerKind> {
    OptimizerKind::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = OptimizerKind::ALL.iter().map(|k| k.name()).collect();
        anyhow::anyhow!(
            "unknown optimizer {name:?}; choose one of: {}",
            names.join(", ")
        )
    })
}

/// A point "X,Y" given to `flag`; both coordinates must be finite numbers.
pub fn parse_point(flag: &str, text: &str) -> anyhow::Result<[f64; 2]> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let [x, y] = parts.as_slice() else {
        anyhow::bail!("{flag} must be two numbers \"X,Y\", got {text:?}");
    };
    let parse = |s: &str| -> anyhow::Result<f64> {
        let v: f64 = s
            .parse()
            .map_err(|_| anyhow::anyhow!("{flag}: {s:?} is not a number"))?;
        anyhow::ensure!(v.is_finite(), "{flag}: {s:?} is not a finite number");
        Ok(v)
    };
    Ok([parse(x)?, parse(y)?])
}

/// A surface by name, or an error listing the valid names.
pub fn parse_surface(name: &str) -> anyhow::Result<SurfaceKind> {
    SurfaceKind::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = SurfaceKind::ALL.iter().map(|k| k.name()).collect();
        anyhow::anyhow!(
            "unknown surface {name:?}; choose one of: {}",
            names.join(", ")
        )
    })
}

/// The racer named by `--optimizer`, `--nesterov` and the hyperparameter flags.
pub fn build_racer(optimizer: &str, nesterov: bool, flags: &HyperArgs) -> anyhow::Result<Racer> {
    let mut kind = parse_optimizer(optimizer)?;
    // torch's SGD(momentum=β) is our Momentum entry: same update rule, its own colour in the app.
    if kind == OptimizerKind::Sgd && flags.momentum.is_some_and(|m| m != 0.0) {
        kind = OptimizerKind::Momentum;
    }
    if nesterov {
        anyhow::ensure!(
            matches!(
                kind,
                OptimizerKind::Sgd | OptimizerKind::Momentum | OptimizerKind::Nesterov
            ),
            "--nesterov applies to sgd/momentum, not {}",
            kind.name()
        );
        kind = OptimizerKind::Nesterov;
    }
    let mut hyper = kind.default_hyper();
    flags.apply(kind, &mut hyper)?;
    hyper.validate(kind)?;
    Ok(Racer {
        kind,
        hyper,
        schedule: Schedule::Constant,
    })
}
