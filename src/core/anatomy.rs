//! The anatomy of one momentum step (the CS231n figure): the momentum step μ·v, the look-ahead
//! point it reaches, the gradient step and their sum, for heavy-ball Momentum and Nesterov.
//!
//! The optimizers follow torch (`buf ← μ·buf + g`; Momentum steps by `−lr·buf`, Nesterov by
//! `−lr·(g + μ·buf)`), with velocity `v = −lr·buf` in parameter units:
//!
//! * Momentum: from the head θ, `step = μ·v + (−lr·∇f(θ))`, the gradient taken at θ itself.
//! * Nesterov: torch's parameters φ are Sutskever's look-ahead points, `φ = θ + μ·v`. So the
//!   composition starts at θ = φ − μ·v, behind the head: the momentum step μ·v lands on the head
//!   (the look-ahead point), the gradient is taken there, and `step = μ·v + (−lr·∇f(φ))` is
//!   Sutskever's `θ_{t+1} − θ_t`. The path's own next point is that step's look-ahead,
//!   `θ_{t+1} + μ·v_{t+1}`.

use super::optimizer::OptimizerKind;
use super::race::{self, Racer, Trajectory};
use super::surface::Point;

/// One step, decomposed. All vectors are displacements in parameter space.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepAnatomy {
    pub kind: OptimizerKind,
    /// Where the composition starts: the head (Momentum) or θ = head − μ·v (Nesterov).
    pub origin: Point,
    /// μ·v: the velocity carried over, scaled by the momentum.
    pub momentum: Point,
    /// `origin + momentum` (for Nesterov exactly the head, which torch stores).
    pub look_ahead: Point,
    /// Where the gradient was taken: the head in both cases (for Nesterov the head is the
    /// look-ahead point).
    pub gradient_at: Point,
    /// −lr·(∇f + weight decay·θ) at `gradient_at`.
    pub gradient: Point,
    /// `momentum + gradient`: from `origin` to the end of the step.
    pub step: Point,
}

impl StepAnatomy {
    /// Where the step ends: `origin + step`.
    pub fn end(&self) -> Point {
        add(self.origin, self.step)
    }
}

fn add(a: Point, b: Point) -> Point {
    [a[0] + b[0], a[1] + b[1]]
}

fn scale(a: Point, k: f64) -> Point {
    [a[0] * k, a[1] * k]
}

/// The step a Momentum or Nesterov racer takes from point `step` of its trajectory, decomposed;
/// None for other optimizers, without momentum, or when the path has no step there.
pub fn step_anatomy(trajectory: &Trajectory, racer: &Racer, step: usize) -> Option<StepAnatomy> {
    let kind = racer.kind;
    if !matches!(kind, OptimizerKind::Momentum | OptimizerKind::Nesterov) {
        return None;
    }
    // The hyperparameters this step uses (a schedule may move lr and, for OneCycle, μ).
    let hyper = race::racer_at(racer, step).hyper;
    let mu = hyper.momentum;
    if mu <= 0.0 {
        return None;
    }
    let lr = *trajectory.lrs.get(step)?;
    let head = *trajectory.points.get(step)?;
    let g = *trajectory.gradients.get(step)?;
    // The buffer before this step is the one left by the previous step (torch starts without one).
    let buf = match step.checked_sub(1) {
        Some(prev) => (*trajectory.velocities.get(prev)?)?,
        None => [0.0, 0.0],
    };
    let wd = hyper.weight_decay;
    let momentum = scale(buf, -lr * mu);
    let gradient = [-lr * (g[0] + wd * head[0]), -lr * (g[1] + wd * head[1])];
    let (origin, look_ahead) = match kind {
        OptimizerKind::Nesterov => ([head[0] - momentum[0], head[1] - momentum[1]], head),
        _ => (head, add(head, momentum)),
    };
    Some(StepAnatomy {
        kind,
        origin,
        momentum,
        look_ahead,
        gradient_at: head,
        gradient,
        step: add(momentum, gradient),
    })
}
