//! A schedule's arguments as named knobs (sliders in the race tab), and sensible starting
//! schedules for a race of a given length.

use super::{Anneal, OneCycle, Schedule, ScheduleError};

/// How a knob is edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KnobKind {
    /// A real number in `range`.
    Real { log: bool },
    /// A whole number of steps, from 1 to the race length.
    Count,
    /// On or off (for `anneal`: on = linear).
    Flag,
}

/// One argument of a schedule, keyed by its spec key.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Knob {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: KnobKind,
    /// Slider range for reals (counts use 1..=race length, flags 0/1).
    pub range: (f64, f64),
    pub help: &'static str,
}

const fn real(
    key: &'static str,
    label: &'static str,
    range: (f64, f64),
    log: bool,
    help: &'static str,
) -> Knob {
    Knob {
        key,
        label,
        kind: KnobKind::Real { log },
        range,
        help,
    }
}

const fn count(key: &'static str, label: &'static str, help: &'static str) -> Knob {
    Knob {
        key,
        label,
        kind: KnobKind::Count,
        range: (1.0, f64::INFINITY),
        help,
    }
}

const fn flag(key: &'static str, label: &'static str, help: &'static str) -> Knob {
    Knob {
        key,
        label,
        kind: KnobKind::Flag,
        range: (0.0, 1.0),
        help,
    }
}

const GAMMA_HELP: &str = "The lr is multiplied by γ at each decay.";
const STEP: [Knob; 2] = [
    count(
        "step_size",
        "steps per decay",
        "The lr drops every this many steps.",
    ),
    real("gamma", "γ", (0.0, 1.0), false, GAMMA_HELP),
];
const EXPONENTIAL: [Knob; 1] = [real("gamma", "γ", (0.8, 1.0), false, GAMMA_HELP)];
const COSINE: [Knob; 2] = [
    count(
        "t_max",
        "T_max (half period)",
        "Steps from the start lr down to η_min; after that it climbs back.",
    ),
    real(
        "eta_min",
        "η_min",
        (0.0, 0.1),
        false,
        "The lowest lr, reached at T_max.",
    ),
];
const LINEAR: [Knob; 3] = [
    real(
        "start_factor",
        "start factor",
        (0.01, 1.0),
        false,
        "The first step uses this fraction of the lr.",
    ),
    real(
        "end_factor",
        "end factor",
        (0.0, 1.0),
        false,
        "The fraction reached after the warm-up.",
    ),
    count(
        "total_iters",
        "warm-up steps",
        "Steps over which the factor moves linearly.",
    ),
];
const ONECYCLE: [Knob; 7] = [
    real(
        "max_lr",
        "max lr",
        (1e-5, 2.0),
        true,
        "The peak lr, reached at pct_start of the cycle.",
    ),
    count(
        "total_steps",
        "cycle steps",
        "Length of the whole cycle; the lr is held after it.",
    ),
    real(
        "pct_start",
        "rising part",
        (0.05, 0.95),
        false,
        "Fraction of the cycle spent raising the lr.",
    ),
    real(
        "div_factor",
        "start divisor",
        (1.0, 1e3),
        true,
        "The cycle starts at max lr / this.",
    ),
    real(
        "final_div_factor",
        "end divisor",
        (1.0, 1e6),
        true,
        "The cycle ends at start lr / this.",
    ),
    flag(
        "anneal",
        "linear (not cosine)",
        "Move between targets along a straight line instead of half a cosine.",
    ),
    flag(
        "three_phase",
        "three phases",
        "Come back down to the start lr before the final annealing.",
    ),
];

impl Schedule {
    /// The arguments a slider panel shows, in order.
    pub fn knobs(&self) -> &'static [Knob] {
        match self {
            Self::Constant => &[],
            Self::Step { .. } => &STEP,
            Self::Exponential { .. } => &EXPONENTIAL,
            Self::Cosine { .. } => &COSINE,
            Self::Linear { .. } => &LINEAR,
            Self::OneCycle(_) => &ONECYCLE,
        }
    }

    /// A knob's value (flags as 0 / 1).
    pub fn knob(&self, key: &str) -> Option<f64> {
        let b = |v: bool| if v { 1.0 } else { 0.0 };
        Some(match (*self, key) {
            (Self::Step { step_size, .. }, "step_size") => step_size as f64,
            (Self::Step { gamma, .. } | Self::Exponential { gamma }, "gamma") => gamma,
            (Self::Cosine { t_max, .. }, "t_max") => t_max as f64,
            (Self::Cosine { eta_min, .. }, "eta_min") => eta_min,
            (Self::Linear { start_factor, .. }, "start_factor") => start_factor,
            (Self::Linear { end_factor, .. }, "end_factor") => end_factor,
            (Self::Linear { total_iters, .. }, "total_iters") => total_iters as f64,
            (Self::OneCycle(c), "max_lr") => c.max_lr,
            (Self::OneCycle(c), "total_steps") => c.total_steps as f64,
            (Self::OneCycle(c), "pct_start") => c.pct_start,
            (Self::OneCycle(c), "div_factor") => c.div_factor,
            (Self::OneCycle(c), "final_div_factor") => c.final_div_factor,
            (Self::OneCycle(c), "anneal") => b(c.anneal == Anneal::Linear),
            (Self::OneCycle(c), "three_phase") => b(c.three_phase),
            _ => return None,
        })
    }

    /// This schedule with one knob changed, checked by the spec parser (so a slider can never
    /// make a schedule the CLI or a scene would refuse).
    pub fn with_knob(&self, key: &str, value: f64) -> Result<Self, ScheduleError> {
        let mut s = *self;
        let n = value.round().max(0.0) as u64;
        match (&mut s, key) {
            (Self::Step { step_size, .. }, "step_size") => *step_size = n,
            (Self::Step { gamma, .. } | Self::Exponential { gamma }, "gamma") => *gamma = value,
            (Self::Cosine { t_max, .. }, "t_max") => *t_max = n,
            (Self::Cosine { eta_min, .. }, "eta_min") => *eta_min = value,
            (Self::Linear { start_factor, .. }, "start_factor") => *start_factor = value,
            (Self::Linear { end_factor, .. }, "end_factor") => *end_factor = value,
            (Self::Linear { total_iters, .. }, "total_iters") => *total_iters = n,
            (Self::OneCycle(c), "max_lr") => c.max_lr = value,
            (Self::OneCycle(c), "total_steps") => c.total_steps = n,
            (Self::OneCycle(c), "pct_start") => c.pct_start = value,
            (Self::OneCycle(c), "div_factor") => c.div_factor = value,
            (Self::OneCycle(c), "final_div_factor") => c.final_div_factor = value,
            (Self::OneCycle(c), "anneal") => {
                c.anneal = if value >= 0.5 {
                    Anneal::Linear
                } else {
                    Anneal::Cos
                }
            }
            (Self::OneCycle(c), "three_phase") => c.three_phase = value >= 0.5,
            _ => {
                return Err(ScheduleError::new(format!(
                    "{} has no key {key:?}",
                    self.name()
                )));
            }
        }
        s.to_string().parse()
    }

    /// A starting schedule called `name` for a race of `steps` steps at learning rate `lr`:
    /// torch's defaults, with lengths spanning the race and OneCycle peaking at `lr`.
    pub fn for_race(name: &str, steps: usize, lr: f64) -> Result<Self, ScheduleError> {
        let steps = (steps as u64).max(10);
        let s = match name {
            "constant" => Self::Constant,
            "step" => Self::Step {
                step_size: steps / 4,
                gamma: 0.1,
            },
            "exponential" => Self::Exponential { gamma: 0.99 },
            "cosine" => Self::Cosine {
                t_max: steps,
                eta_min: 0.0,
            },
            "linear" => Self::Linear {
                start_factor: 1.0 / 3.0,
                end_factor: 1.0,
                total_iters: steps / 5,
            },
            "onecycle" => Self::OneCycle(OneCycle::new(lr, steps)),
            other => return other.parse(),
        };
        s.to_string().parse()
    }
}
