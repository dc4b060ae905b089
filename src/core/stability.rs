//! How large lr·λmax may be before an optimizer blows up on a quadratic bowl.
//!
//! On f(θ) = ½λθ² the gradient is λθ (plus wd·θ with L2 weight decay), so the SGD family becomes
//! a linear recurrence in θ whose characteristic roots must stay inside the unit circle. With
//! h = lr·(λ + wd) and torch's update rules as implemented in [`super::optimizer`]:
//!
//! - SGD: θₜ₊₁ = (1 − h)·θₜ, stable iff 0 < h < 2. The `Sgd` kind never reads `momentum`.
//! - Heavy ball (torch `SGD(momentum=β)`, dampening 0, v₁ = g₁ which equals β·0 + g₁):
//!   vₜ = β·vₜ₋₁ + gₜ, θₜ₊₁ = θₜ − lr·vₜ gives θₜ₊₁ = (1 + β − h)·θₜ − β·θₜ₋₁;
//!   the Jury conditions reduce to 0 < h < 2 + 2β.
//! - Nesterov (torch `nesterov=True`): θₜ₊₁ = θₜ − lr·(gₜ + β·vₜ). In (θₜ, u = lr·vₜ₋₁) the step
//!   matrix is [[1 − h(1+β), −β²], [h, β]] with trace 1 + β − h(1+β) and determinant β(1 − h);
//!   1 + trace + det > 0 gives h < 2(1+β)/(1+2β) (≈ 1.357 at β = 0.9), the binding condition.
//!
//! Adaptive methods divide by running gradient statistics (or take signs), so their step is not
//! a fixed multiple of the gradient and no fixed bound on lr·λmax exists.

use super::optimizer::{Hyper, OptimizerKind};

/// What to show instead of a number for adaptive methods.
pub const NO_FIXED_BOUND: &str = "no fixed bound (step size adapts)";

/// The bound B on h = lr·(λ + wd) for a fixed-step method; None for adaptive ones.
fn curvature_bound(kind: OptimizerKind, hyper: &Hyper) -> Option<f64> {
    let beta = hyper.momentum;
    match kind {
        OptimizerKind::Sgd => Some(2.0),
        OptimizerKind::Momentum => Some(2.0 + 2.0 * beta),
        OptimizerKind::Nesterov => Some(2.0 * (1.0 + beta) / (1.0 + 2.0 * beta)),
        OptimizerKind::AdaGrad
        | OptimizerKind::AdaDelta
        | OptimizerKind::RmsProp
        | OptimizerKind::Adam
        | OptimizerKind::AdamW
        | OptimizerKind::NAdam
        | OptimizerKind::AmsGrad
        | OptimizerKind::Lion => None,
    }
}

/// The optimizer is stable on a quadratic with largest curvature λmax iff lr·λmax is below this.
///
/// L2 weight decay adds wd to every curvature, so it takes lr·wd off the bound.
pub fn stability_bound(kind: OptimizerKind, hyper: &Hyper) -> Option<f64> {
    curvature_bound(kind, hyper).map(|b| b - hyper.lr * hyper.weight_decay)
}
