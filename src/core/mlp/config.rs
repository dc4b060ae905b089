//! What a network is before it exists: its shape, nonlinearity, loss and regularisers, and the
//! hidden-layer list as a teacher types it.

use serde::{Deserialize, Serialize};

/// Hidden-unit nonlinearity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Activation {
    #[default]
    Sigmoid,
    Tanh,
    Relu,
}

impl Activation {
    pub const ALL: [Activation; 3] = [Activation::Sigmoid, Activation::Tanh, Activation::Relu];

    pub fn name(self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// Output layer + cost. `CrossEntropy`: softmax outputs, cost `-ln p_label`.
/// `Mse`: the chapter's quadratic cost, `½ Σ_k (σ(z_k) - onehot_k)²` on *sigmoid* outputs
/// (not softmax), which learns slowly when a sigmoid output saturates — the point of the lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Loss {
    #[default]
    CrossEntropy,
    Mse,
}

impl Loss {
    pub const ALL: [Loss; 2] = [Loss::CrossEntropy, Loss::Mse];

    pub fn name(self) -> &'static str {
        match self {
            Loss::CrossEntropy => "cross-entropy",
            Loss::Mse => "mse",
        }
    }

    /// Accepts the kebab-case name, plus `ce` and `quadratic` as aliases.
    pub fn from_name(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "cross-entropy" | "crossentropy" | "ce" => Some(Loss::CrossEntropy),
            "mse" | "quadratic" => Some(Loss::Mse),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MlpConfig {
    /// Hidden layer widths; the chapter's network is 784-15-10.
    pub hidden: Vec<usize>,
    pub activation: Activation,
    pub loss: Loss,
    /// Seed of the weight initialisation.
    pub seed: u64,
}

impl Default for MlpConfig {
    fn default() -> Self {
        MlpConfig {
            hidden: vec![15],
            activation: Activation::Sigmoid,
            loss: Loss::CrossEntropy,
            seed: 1,
        }
    }
}

/// Regularisers applied while computing training gradients (never during `evaluate`).
/// The objective is `mean data loss + l2/2 Σw² + l1 Σ|w|` over weights (biases are not
/// penalised), so `l2`/`l1` are per-batch-mean coefficients, independent of the set size.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Regularisation {
    pub l2: f64,
    pub l1: f64,
    /// Probability of dropping each hidden unit (inverted dropout: survivors scaled by
    /// `1/(1-p)`, so evaluation needs no rescaling). Must be in `[0, 1)`.
    pub dropout: f64,
    /// Standard deviation of Gaussian noise added to the input pixels scaled to `[0, 1]`.
    pub input_noise: f64,
}

/// Why a typed list of hidden-layer widths was refused (shown to the MNIST tab's users and, with
/// the flag's name in front, by `descent train --hidden`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HiddenError {
    #[error("{0:?} is not a whole number (expected e.g. 15 or 100,30)")]
    NotANumber(String),
    #[error("layer widths must be 1 to {max}, got {got}", max = crate::core::training::MAX_WIDTH)]
    Width { got: i128 },
    #[error("at most {max} hidden layers, got {got}", max = crate::core::training::MAX_LAYERS)]
    TooMany { got: usize },
}

/// Parses hidden-layer widths: "15", "100,30", or "none"/"" for a network without hidden layers.
pub fn parse_hidden(text: &str) -> Result<Vec<usize>, HiddenError> {
    use crate::core::training::{MAX_LAYERS, MAX_WIDTH};
    let text = text.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    let mut widths = Vec::new();
    for part in text.split(',').map(str::trim) {
        let width: i128 = part
            .parse()
            .map_err(|_| HiddenError::NotANumber(part.to_string()))?;
        if !(1..=MAX_WIDTH as i128).contains(&width) {
            return Err(HiddenError::Width { got: width });
        }
        widths.push(width as usize);
    }
    if widths.len() > MAX_LAYERS {
        return Err(HiddenError::TooMany { got: widths.len() });
    }
    Ok(widths)
}
