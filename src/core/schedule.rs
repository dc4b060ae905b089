//! Learning-rate schedules with `torch.optim.lr_scheduler`'s exact update rules (torch 2.x).
//!
//! torch computes most schedules recursively from the optimizer's current lr (`group["lr"]`), not
//! from a closed form, and the two differ in the last bits; [`Scheduler`] keeps the same state
//! and evaluates the same expressions in the same order, so `f64` sequences agree with torch to
//! rounding (tests replay torch-generated fixtures). The usage is torch's: build the scheduler
//! (which applies step 0), then after every optimizer step call [`Scheduler::step`].
//!
//! One text syntax describes a schedule everywhere (CLI, scenes): see [`spec`].

mod knobs;
mod spec;

pub use knobs::{Knob, KnobKind};
pub use spec::ScheduleError;

use super::optimizer::{Hyper, HyperParam, OptimizerKind};

/// How OneCycle moves between its lr (and momentum) targets within a phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anneal {
    Cos,
    Linear,
}

/// `torch.optim.lr_scheduler.OneCycleLR`'s arguments (`total_steps` given directly).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OneCycle {
    pub max_lr: f64,
    pub total_steps: u64,
    pub pct_start: f64,
    pub anneal: Anneal,
    pub div_factor: f64,
    pub final_div_factor: f64,
    pub three_phase: bool,
    pub cycle_momentum: bool,
    pub base_momentum: f64,
    pub max_momentum: f64,
}

impl OneCycle {
    /// torch's defaults for everything but the two required arguments.
    pub fn new(max_lr: f64, total_steps: u64) -> Self {
        Self {
            max_lr,
            total_steps,
            pct_start: 0.3,
            anneal: Anneal::Cos,
            div_factor: 25.0,
            final_div_factor: 1e4,
            three_phase: false,
            cycle_momentum: true,
            base_momentum: 0.85,
            max_momentum: 0.95,
        }
    }

    /// torch's `_schedule_phases`: (end_step, start, end) where start/end pick lr and momentum
    /// targets.
    fn phases(&self) -> Vec<(f64, Target, Target)> {
        let total = self.total_steps as f64;
        let first = self.pct_start * total - 1.0;
        if self.three_phase {
            vec![
                (first, Target::Initial, Target::Max),
                (
                    2.0 * self.pct_start * total - 2.0,
                    Target::Max,
                    Target::Initial,
                ),
                (total - 1.0, Target::Initial, Target::Min),
            ]
        } else {
            vec![
                (first, Target::Initial, Target::Max),
                (total - 1.0, Target::Max, Target::Min),
            ]
        }
    }

    fn initial_lr(&self) -> f64 {
        self.max_lr / self.div_factor
    }

    fn lr_of(&self, t: Target) -> f64 {
        match t {
            Target::Initial => self.initial_lr(),
            Target::Max => self.max_lr,
            Target::Min => self.initial_lr() / self.final_div_factor,
        }
    }

    /// Momentum runs opposite to the lr: high while the lr is low. In the three-phase
    /// schedule's last phase it stays at max_momentum, as in torch.
    fn momentum_of(&self, t: Target) -> f64 {
        match t {
            Target::Initial | Target::Min => self.max_momentum,
            Target::Max => self.base_momentum,
        }
    }

    /// (lr, momentum) at `step`, exactly as torch's `OneCycleLR.get_lr`.
    fn at(&self, step: u64) -> (f64, f64) {
        let step = step as f64;
        let phases = self.phases();
        let mut start_step = 0.0;
        for (i, &(end_step, from, to)) in phases.iter().enumerate() {
            if step <= end_step || i == phases.len() - 1 {
                let pct = (step - start_step) / (end_step - start_step);
                let lr = self.anneal(self.lr_of(from), self.lr_of(to), pct);
                let momentum = self.anneal(self.momentum_of(from), self.momentum_of(to), pct);
                return (lr, momentum);
            }
            start_step = end_step;
        }
        (f64::NAN, f64::NAN) // unreachable: the last phase always matches
    }

    fn anneal(&self, start: f64, end: f64, pct: f64) -> f64 {
        match self.anneal {
            Anneal::Cos => end + (start - end) / 2.0 * ((std::f64::consts::PI * pct).cos() + 1.0),
            Anneal::Linear => (end - start) * pct + start,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Initial,
    Max,
    Min,
}

/// A learning-rate schedule: one of torch's schedulers with its arguments.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Schedule {
    /// No scheduler: the optimizer's lr throughout.
    #[default]
    Constant,
    /// `StepLR`: multiply by γ every `step_size` steps.
    Step { step_size: u64, gamma: f64 },
    /// `ExponentialLR`: multiply by γ every step.
    Exponential { gamma: f64 },
    /// `CosineAnnealingLR`: half a cosine from the base lr down to η_min over `t_max` steps;
    /// past `t_max` it climbs back up (torch's recursive form keeps going).
    Cosine { t_max: u64, eta_min: f64 },
    /// `LinearLR`: a warm-up factor moving linearly from `start_factor` to `end_factor`.
    Linear {
        start_factor: f64,
        end_factor: f64,
        total_iters: u64,
    },
    /// `OneCycleLR`: up to `max_lr` then far below the start, momentum / β₁ cycling against it.
    OneCycle(OneCycle),
}

impl Schedule {
    /// The names the spec syntax accepts, in menu order.
    pub const NAMES: [&'static str; 6] = [
        "constant",
        "step",
        "exponential",
        "cosine",
        "linear",
        "onecycle",
    ];

    pub fn name(&self) -> &'static str {
        match self {
            Self::Constant => "constant",
            Self::Step { .. } => "step",
            Self::Exponential { .. } => "exponential",
            Self::Cosine { .. } => "cosine",
            Self::Linear { .. } => "linear",
            Self::OneCycle(_) => "onecycle",
        }
    }

    /// OneCycle is defined for `total_steps` steps only (torch raises beyond them).
    pub fn step_limit(&self) -> Option<u64> {
        match self {
            Self::OneCycle(c) => Some(c.total_steps),
            _ => None,
        }
    }

    /// The lr used by each of the first `n` optimizer steps, starting from `base_lr`.
    pub fn lrs(&self, kind: OptimizerKind, base_lr: f64, n: usize) -> Vec<f64> {
        let mut s = Scheduler::new(*self, kind, base_lr);
        (0..n)
            .map(|_| {
                let lr = s.lr();
                s.step();
                lr
            })
            .collect()
    }
}

/// Which optimizer hyperparameter OneCycle cycles: torch cycles `momentum` for optimizers whose
/// defaults have one and β₁ for those with `betas`. Our plain SGD is "no momentum" by definition,
/// so it is left alone (torch users would pass `cycle_momentum=False` for the same).
fn momentum_slot(kind: OptimizerKind) -> Option<HyperParam> {
    if kind.uses(HyperParam::Beta1) {
        Some(HyperParam::Beta1)
    } else if kind.uses(HyperParam::Momentum) {
        Some(HyperParam::Momentum)
    } else {
        None
    }
}

/// A running schedule: torch's scheduler state (`last_epoch`, the current lr and momentum).
#[derive(Clone, Debug, PartialEq)]
pub struct Scheduler {
    schedule: Schedule,
    base_lr: f64,
    lr: f64,
    momentum: Option<(HyperParam, f64)>,
    last_epoch: u64,
}

impl Scheduler {
    /// Builds the scheduler for an optimizer whose lr is `base_lr`, and applies step 0 as torch's
    /// constructor does (LinearLR starts at `start_factor`·lr, OneCycle at max_lr / div_factor).
    pub fn new(schedule: Schedule, kind: OptimizerKind, base_lr: f64) -> Self {
        let slot = match schedule {
            Schedule::OneCycle(c) if c.cycle_momentum => momentum_slot(kind),
            _ => None,
        };
        let mut s = Self {
            schedule,
            base_lr,
            lr: base_lr,
            momentum: slot.map(|p| (p, f64::NAN)),
            last_epoch: 0,
        };
        s.update();
        s
    }

    /// The lr the next optimizer step uses.
    pub fn lr(&self) -> f64 {
        self.lr
    }

    /// The momentum / β₁ the next step uses, when the schedule sets it.
    pub fn momentum(&self) -> Option<f64> {
        self.momentum.map(|(_, m)| m)
    }

    pub fn schedule(&self) -> Schedule {
        self.schedule
    }

    /// Number of [`Self::step`] calls so far (torch's `last_epoch`).
    pub fn last_epoch(&self) -> u64 {
        self.last_epoch
    }

    /// torch's `scheduler.step()`. Past OneCycle's `total_steps` (where torch raises) the last
    /// values are held.
    pub fn step(&mut self) {
        if self
            .schedule
            .step_limit()
            .is_some_and(|limit| self.last_epoch >= limit)
        {
            return;
        }
        self.last_epoch += 1;
        self.update();
    }

    /// Writes the scheduled lr (and momentum / β₁) into the optimizer's hyperparameters, as torch
    /// writes them into the param_group.
    pub fn apply(&self, hyper: &mut Hyper) {
        hyper.lr = self.lr;
        if let Some((slot, m)) = self.momentum {
            hyper.set(slot, m);
        }
    }

    /// torch's `get_lr` for `last_epoch`, from the current lr.
    fn update(&mut self) {
        let e = self.last_epoch;
        let lr = self.lr;
        self.lr = match self.schedule {
            Schedule::Constant => lr,
            Schedule::Step { step_size, gamma } => {
                if e == 0 || !e.is_multiple_of(step_size) {
                    lr
                } else {
                    lr * gamma
                }
            }
            Schedule::Exponential { gamma } => {
                if e == 0 {
                    lr
                } else {
                    lr * gamma
                }
            }
            Schedule::Cosine { t_max, eta_min } => cosine(lr, self.base_lr, eta_min, t_max, e),
            Schedule::Linear {
                start_factor,
                end_factor,
                total_iters,
            } => {
                if e == 0 {
                    lr * start_factor
                } else if e > total_iters {
                    lr
                } else {
                    let (t, e1) = (total_iters as f64, (e - 1) as f64);
                    lr * (1.0
                        + (end_factor - start_factor)
                            / (t * start_factor + e1 * (end_factor - start_factor)))
                }
            }
            Schedule::OneCycle(c) => {
                let (lr, m) = c.at(e);
                if let Some((_, momentum)) = &mut self.momentum {
                    *momentum = m;
                }
                lr
            }
        };
    }
}

/// `CosineAnnealingLR.get_lr`'s recursive form (valid past `t_max`: the lr climbs back).
fn cosine(lr: f64, base_lr: f64, eta_min: f64, t_max: u64, e: u64) -> f64 {
    use std::f64::consts::PI;
    if e == 0 {
        return lr;
    }
    let (t, ef) = (t_max as f64, e as f64);
    // Python's `%` is non-negative for a positive modulus, like rem_euclid.
    let restart = (e as i128 - 1 - t_max as i128).rem_euclid(2 * t_max as i128) == 0;
    if restart {
        lr + (base_lr - eta_min) * (1.0 - (PI / t).cos()) / 2.0
    } else {
        (1.0 + (PI * ef / t).cos()) / (1.0 + (PI * (ef - 1.0) / t).cos()) * (lr - eta_min) + eta_min
    }
}
