//! The optimizer kinds: names, torch defaults, which hyperparameters apply, tooltips.

use serde::{Deserialize, Serialize};

use super::hyper::{Hyper, HyperParam};

/// The optimizers the app can race. All but [`OptimizerKind::Lion`] mirror a `torch.optim` class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
// Serialized names equal `name()`; the plain kebab-case spellings ("adam-w") are accepted too.
pub enum OptimizerKind {
    Sgd,
    Momentum,
    Nesterov,
    #[serde(rename = "adagrad", alias = "ada-grad")]
    AdaGrad,
    #[serde(rename = "adadelta", alias = "ada-delta")]
    AdaDelta,
    #[serde(rename = "rmsprop", alias = "rms-prop")]
    RmsProp,
    Adam,
    #[serde(rename = "adamw", alias = "adam-w")]
    AdamW,
    #[serde(rename = "nadam", alias = "n-adam")]
    NAdam,
    #[serde(rename = "amsgrad", alias = "ams-grad")]
    AmsGrad,
    Lion,
}

impl OptimizerKind {
    pub const ALL: [OptimizerKind; 11] = [
        Self::Sgd,
        Self::Momentum,
        Self::Nesterov,
        Self::AdaGrad,
        Self::AdaDelta,
        Self::RmsProp,
        Self::Adam,
        Self::AdamW,
        Self::NAdam,
        Self::AmsGrad,
        Self::Lion,
    ];

    /// The classic sequence a course chapter on optimizers walks through.
    pub const CHAPTER: [OptimizerKind; 7] = [
        Self::Sgd,
        Self::Momentum,
        Self::Nesterov,
        Self::AdaGrad,
        Self::AdaDelta,
        Self::RmsProp,
        Self::Adam,
    ];

    /// Stable lower-case identifier (CLI, config files).
    pub fn name(self) -> &'static str {
        match self {
            Self::Sgd => "sgd",
            Self::Momentum => "momentum",
            Self::Nesterov => "nesterov",
            Self::AdaGrad => "adagrad",
            Self::AdaDelta => "adadelta",
            Self::RmsProp => "rmsprop",
            Self::Adam => "adam",
            Self::AdamW => "adamw",
            Self::NAdam => "nadam",
            Self::AmsGrad => "amsgrad",
            Self::Lion => "lion",
        }
    }

    /// Human-readable name for legends and menus.
    pub fn label(self) -> &'static str {
        match self {
            Self::Sgd => "SGD",
            Self::Momentum => "Momentum",
            Self::Nesterov => "Nesterov",
            Self::AdaGrad => "AdaGrad",
            Self::AdaDelta => "AdaDelta",
            Self::RmsProp => "RMSprop",
            Self::Adam => "Adam",
            Self::AdamW => "AdamW",
            Self::NAdam => "NAdam",
            Self::AmsGrad => "AMSGrad",
            Self::Lion => "Lion",
        }
    }

    /// Case-insensitive inverse of [`Self::name`]; labels such as "RMSprop" also match.
    pub fn from_name(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s) || k.label().eq_ignore_ascii_case(s))
    }

    /// torch.optim's defaults for the corresponding class (torch 2.x).
    ///
    /// torch's SGD defaults to momentum 0; `Momentum` and `Nesterov` exist to teach momentum,
    /// so they are `SGD(momentum=0.9)` and `SGD(momentum=0.9, nesterov=True)`.
    /// Lion is not in torch; its defaults follow Chen et al. (2023).
    pub fn default_hyper(self) -> Hyper {
        let base = Hyper::default();
        match self {
            Self::Sgd => Hyper {
                lr: 1e-3,
                momentum: 0.0,
                ..base
            },
            Self::Momentum | Self::Nesterov => Hyper {
                lr: 1e-3,
                momentum: 0.9,
                ..base
            },
            Self::AdaGrad => Hyper {
                lr: 1e-2,
                eps: 1e-10,
                ..base
            },
            Self::AdaDelta => Hyper {
                lr: 1.0,
                rho: 0.9,
                eps: 1e-6,
                ..base
            },
            Self::RmsProp => Hyper {
                lr: 1e-2,
                alpha: 0.99,
                eps: 1e-8,
                momentum: 0.0,
                ..base
            },
            Self::Adam | Self::AmsGrad => base,
            Self::AdamW => Hyper {
                weight_decay: 1e-2,
                ..base
            },
            Self::NAdam => Hyper {
                lr: 2e-3,
                momentum_decay: 4e-3,
                ..base
            },
            Self::Lion => Hyper {
                lr: 1e-4,
                beta1: 0.9,
                beta2: 0.99,
                ..base
            },
        }
    }

    /// Whether hyperparameter `p` influences this optimizer's update.
    pub fn uses(self, p: HyperParam) -> bool {
        use HyperParam as H;
        match p {
            H::Lr | H::WeightDecay => true,
            H::Momentum => matches!(self, Self::Momentum | Self::Nesterov | Self::RmsProp),
            H::Rho => self == Self::AdaDelta,
            H::Alpha => self == Self::RmsProp,
            H::Beta1 | H::Beta2 => matches!(
                self,
                Self::Adam | Self::AdamW | Self::NAdam | Self::AmsGrad | Self::Lion
            ),
            H::Eps => !matches!(
                self,
                Self::Sgd | Self::Momentum | Self::Nesterov | Self::Lion
            ),
        }
    }

    /// Tooltip text: what the method does, then its update rule (g = gradient, torch's form).
    pub fn description(self) -> &'static str {
        match self {
            Self::Sgd => {
                "Plain gradient descent: step straight downhill, step size proportional to the slope.\n\
                 θ ← θ − α·g"
            }
            Self::Momentum => {
                "Heavy-ball momentum: a velocity accumulates past gradients, so the ball rolls through \
                 small bumps and speeds up along consistent directions.\n\
                 v ← β·v + g (v₁ = g₁);  θ ← θ − α·v"
            }
            Self::Nesterov => {
                "Nesterov momentum: like momentum, but the step looks ahead along the velocity, \
                 which damps overshooting.\n\
                 v ← β·v + g;  θ ← θ − α·(g + β·v)"
            }
            Self::AdaGrad => {
                "AdaGrad: each parameter gets its own step size, shrinking with the sum of its squared \
                 gradients; steps keep getting smaller.\n\
                 s ← s + g²;  θ ← θ − α·g / (√s + ε)"
            }
            Self::AdaDelta => {
                "AdaDelta: replaces AdaGrad's ever-growing sum with decaying averages, and scales \
                 steps by the size of recent updates, so α can stay at 1.\n\
                 s ← ρ·s + (1−ρ)·g²;  Δ = √(u+ε)/√(s+ε)·g;  u ← ρ·u + (1−ρ)·Δ²;  θ ← θ − α·Δ"
            }
            Self::RmsProp => {
                "RMSprop: divides the gradient by a running root-mean-square of recent gradients, \
                 so steep and flat directions move at similar speeds.\n\
                 s ← α_s·s + (1−α_s)·g²;  θ ← θ − α·g / (√s + ε)"
            }
            Self::Adam => {
                "Adam: momentum (first moment m) plus RMSprop scaling (second moment v), both \
                 bias-corrected for their zero start.\n\
                 m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − α/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε)"
            }
            Self::AdamW => {
                "AdamW: Adam with decoupled weight decay: parameters shrink directly instead of \
                 through the gradient, so decay is not rescaled by v.\n\
                 θ ← θ·(1 − αλ);  then the Adam step"
            }
            Self::NAdam => {
                "NAdam: Adam with Nesterov look-ahead on the first moment, using a slowly warming \
                 momentum schedule μₜ = β₁(1 − ½·0.96^(t·ψ)).\n\
                 θ ← θ − α(1−μₜ)/(1−Πμ)·g/d − αμₜ₊₁/(1−Πμ·μₜ₊₁)·m/d,  d = √(v/(1−β₂ᵗ)) + ε"
            }
            Self::AmsGrad => {
                "AMSGrad: Adam that never lets its second-moment estimate shrink, which guarantees \
                 step sizes do not grow back.\n\
                 v̂ ← max(v̂, v);  θ ← θ − α/(1−β₁ᵗ) · m / (√v̂/√(1−β₂ᵗ) + ε)"
            }
            Self::Lion => {
                "Lion (Chen et al. 2023): only the sign of an interpolated momentum is used, so every \
                 parameter moves by exactly ±α per step.\n\
                 c = β₁m + (1−β₁)g;  θ ← θ − α·(sign(c) + λθ);  m ← β₂m + (1−β₂)g"
            }
        }
    }
}
