//! Hyperparameters: slider metadata, the flat `Hyper` bag, and validation.

use serde::{Deserialize, Serialize};

use super::kind::OptimizerKind;

/// Hyperparameters exposed as sliders / CLI flags (`momentum_decay` is NAdam-only and not a slider).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HyperParam {
    Lr,
    Momentum,
    Rho,
    Alpha,
    Beta1,
    Beta2,
    Eps,
    WeightDecay,
}

impl HyperParam {
    pub const ALL: [HyperParam; 8] = [
        Self::Lr,
        Self::Momentum,
        Self::Rho,
        Self::Alpha,
        Self::Beta1,
        Self::Beta2,
        Self::Eps,
        Self::WeightDecay,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Lr => "learning rate α",
            Self::Momentum => "momentum β",
            Self::Rho => "ρ (decay)",
            Self::Alpha => "α (smoothing)",
            Self::Beta1 => "β₁",
            Self::Beta2 => "β₂",
            Self::Eps => "ε",
            Self::WeightDecay => "weight decay λ",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Self::Lr => {
                "How far each step moves. Too small: slow; too large: overshoots or diverges."
            }
            Self::Momentum => {
                "How much of the previous velocity is kept each step (0 = no memory)."
            }
            Self::Rho => {
                "AdaDelta's decay for its running averages of squared gradients and updates."
            }
            Self::Alpha => "RMSprop's decay for its running average of squared gradients.",
            Self::Beta1 => "Decay of the first-moment (momentum) average.",
            Self::Beta2 => "Decay of the second-moment (squared-gradient) average.",
            Self::Eps => "Small constant added to the denominator to avoid dividing by zero.",
            Self::WeightDecay => {
                "Pulls parameters towards zero each step (L2 penalty; decoupled for AdamW and Lion)."
            }
        }
    }

    /// Sensible slider range (inclusive).
    pub fn range(self) -> (f64, f64) {
        match self {
            Self::Lr => (1e-5, 2.0),
            Self::Momentum | Self::Rho | Self::Alpha | Self::Beta1 => (0.0, 0.999),
            Self::Beta2 => (0.0, 0.9999),
            Self::Eps => (1e-12, 1e-1),
            Self::WeightDecay => (0.0, 0.1),
        }
    }

    /// Whether the slider should move logarithmically (quantities spanning orders of magnitude).
    pub fn log_scale(self) -> bool {
        matches!(self, Self::Lr | Self::Eps)
    }
}

/// One flat bag of every hyperparameter; each kind reads only those it [`uses`](OptimizerKind::uses).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Hyper {
    pub lr: f64,
    pub momentum: f64,
    pub rho: f64,
    pub alpha: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub weight_decay: f64,
    /// NAdam's ψ in μₜ = β₁(1 − ½·0.96^(t·ψ)).
    pub momentum_decay: f64,
}

/// Adam's torch defaults (lr 1e-3, betas 0.9/0.999, eps 1e-8, no decay), with the other fields at
/// their own torch defaults except `momentum`, which is 0.9 so a momentum kind is never inert.
impl Default for Hyper {
    fn default() -> Self {
        Self {
            lr: 1e-3,
            momentum: 0.9,
            rho: 0.9,
            alpha: 0.99,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
            momentum_decay: 4e-3,
        }
    }
}

impl Hyper {
    pub fn get(&self, p: HyperParam) -> f64 {
        match p {
            HyperParam::Lr => self.lr,
            HyperParam::Momentum => self.momentum,
            HyperParam::Rho => self.rho,
            HyperParam::Alpha => self.alpha,
            HyperParam::Beta1 => self.beta1,
            HyperParam::Beta2 => self.beta2,
            HyperParam::Eps => self.eps,
            HyperParam::WeightDecay => self.weight_decay,
        }
    }

    pub fn set(&mut self, p: HyperParam, v: f64) {
        let slot = match p {
            HyperParam::Lr => &mut self.lr,
            HyperParam::Momentum => &mut self.momentum,
            HyperParam::Rho => &mut self.rho,
            HyperParam::Alpha => &mut self.alpha,
            HyperParam::Beta1 => &mut self.beta1,
            HyperParam::Beta2 => &mut self.beta2,
            HyperParam::Eps => &mut self.eps,
            HyperParam::WeightDecay => &mut self.weight_decay,
        };
        *slot = v;
    }

    /// Checks the hyperparameters `kind` uses; ones it ignores may hold anything.
    pub fn validate(&self, kind: OptimizerKind) -> Result<(), OptimizerError> {
        for p in HyperParam::ALL.into_iter().filter(|&p| kind.uses(p)) {
            let value = self.get(p);
            let name = p.label();
            match p {
                HyperParam::Lr | HyperParam::WeightDecay => non_negative(name, value)?,
                HyperParam::Eps => positive(name, value)?,
                _ => unit_interval(name, value)?,
            }
        }
        if kind == OptimizerKind::NAdam {
            non_negative("momentum decay ψ", self.momentum_decay)?;
        }
        Ok(())
    }
}

fn non_negative(name: &'static str, value: f64) -> Result<(), OptimizerError> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(OptimizerError::NotNonNegative { name, value })
    }
}

fn positive(name: &'static str, value: f64) -> Result<(), OptimizerError> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(OptimizerError::NotPositive { name, value })
    }
}

fn unit_interval(name: &'static str, value: f64) -> Result<(), OptimizerError> {
    if (0.0..1.0).contains(&value) {
        Ok(())
    } else {
        Err(OptimizerError::NotInUnitInterval { name, value })
    }
}

/// A hyperparameter outside the range where the update rule makes sense.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum OptimizerError {
    #[error("{name} must be a finite number ≥ 0, got {value}")]
    NotNonNegative { name: &'static str, value: f64 },
    #[error("{name} must be a finite number > 0, got {value}")]
    NotPositive { name: &'static str, value: f64 },
    #[error("{name} must be in [0, 1) (at least 0 and strictly below 1), got {value}")]
    NotInUnitInterval { name: &'static str, value: f64 },
}
