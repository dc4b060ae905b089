//! The schedule spec syntax, one parser for the CLI, scenes and lectures:
//!
//! ```text
//! constant
//! step:step_size=N,gamma=G
//! exponential:gamma=G
//! cosine:t_max=N,eta_min=X
//! linear:start_factor=A,end_factor=B,total_iters=N
//! onecycle:max_lr=X,total_steps=N,pct_start=P,anneal=cos|linear,div_factor=D,
//!          final_div_factor=F,three_phase=true|false
//! ```
//!
//! (onecycle also takes torch's `cycle_momentum`, `base_momentum`, `max_momentum`.) Keys torch
//! gives a default may be left out; keys torch requires may not. `Display` writes every key, so
//! `spec.parse::<Schedule>()?.to_string()` parses back to the same schedule.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Anneal, OneCycle, Schedule};

/// A spec that does not describe a valid schedule; the message is one line naming the problem.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("schedule: {0}")]
pub struct ScheduleError(String);

impl ScheduleError {
    pub(super) fn new(msg: impl Into<String>) -> Self {
        Self(msg.into())
    }
}

fn err(msg: impl Into<String>) -> ScheduleError {
    ScheduleError(msg.into())
}

/// Longest count (steps) a schedule may span; larger is almost certainly a typo.
const MAX_COUNT: u64 = 10_000_000;
/// Largest learning rate a schedule may set (the race's sliders stop at 2).
const MAX_LR: f64 = 100.0;
/// Largest multiplicative factor per step or division factor.
const MAX_GAMMA: f64 = 10.0;
const MAX_DIV: f64 = 1e12;

/// The `key=value` pairs of one spec, consumed key by key.
struct Fields<'a> {
    name: &'static str,
    pairs: Vec<(String, &'a str)>,
}

impl<'a> Fields<'a> {
    fn parse(name: &'static str, text: &'a str, allowed: &[&str]) -> Result<Self, ScheduleError> {
        let mut pairs: Vec<(String, &str)> = Vec::new();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let Some((key, value)) = item.split_once('=') else {
                return Err(err(format!("{name}: expected key=value, got {item:?}")));
            };
            let key = key.trim().to_ascii_lowercase();
            if !allowed.contains(&key.as_str()) {
                return Err(err(format!(
                    "{name} has no key {key:?}; its keys are {}",
                    allowed.join(", ")
                )));
            }
            if pairs.iter().any(|(k, _)| *k == key) {
                return Err(err(format!("{name}: {key} given twice")));
            }
            pairs.push((key, value.trim()));
        }
        Ok(Self { name, pairs })
    }

    /// The raw value of `key`, or the error for a missing required key.
    fn raw(&self, key: &str, required: bool) -> Result<Option<&'a str>, ScheduleError> {
        match self.pairs.iter().find(|(k, _)| k == key) {
            Some((_, v)) => Ok(Some(*v)),
            None if required => Err(err(format!("{} needs {key}=…", self.name))),
            None => Ok(None),
        }
    }

    /// A real number in `[lo, hi]` (`lo` excluded when `open_lo`).
    fn real(&self, key: &str, default: Option<f64>, range: Range) -> Result<f64, ScheduleError> {
        let Some(text) = self.raw(key, default.is_none())? else {
            return Ok(default.unwrap_or(f64::NAN));
        };
        let name = self.name;
        let v: f64 = text
            .parse()
            .map_err(|_| err(format!("{name}: {key}={text:?} is not a number")))?;
        if range.contains(v) {
            Ok(v)
        } else {
            Err(err(format!("{name}: {key} must be {range}, got {text}")))
        }
    }

    /// A whole number of steps in `1..=MAX_COUNT`.
    fn count(&self, key: &str, default: Option<u64>) -> Result<u64, ScheduleError> {
        let Some(text) = self.raw(key, default.is_none())? else {
            return Ok(default.unwrap_or(1));
        };
        match text.parse::<u64>() {
            Ok(n) if (1..=MAX_COUNT).contains(&n) => Ok(n),
            _ => Err(err(format!(
                "{}: {key} must be a whole number from 1 to {MAX_COUNT}, got {text}",
                self.name
            ))),
        }
    }

    fn flag(&self, key: &str, default: bool) -> Result<bool, ScheduleError> {
        match self.raw(key, false)? {
            None => Ok(default),
            Some(t) if t.eq_ignore_ascii_case("true") => Ok(true),
            Some(t) if t.eq_ignore_ascii_case("false") => Ok(false),
            Some(t) => Err(err(format!(
                "{}: {key} must be true or false, got {t}",
                self.name
            ))),
        }
    }

    fn anneal(&self, key: &str) -> Result<Anneal, ScheduleError> {
        match self.raw(key, false)? {
            None => Ok(Anneal::Cos),
            Some(t) if t.eq_ignore_ascii_case("cos") => Ok(Anneal::Cos),
            Some(t) if t.eq_ignore_ascii_case("linear") => Ok(Anneal::Linear),
            Some(t) => Err(err(format!(
                "{}: {key} must be cos or linear, got {t}",
                self.name
            ))),
        }
    }
}

/// An interval for a real-valued key; NaN and infinities are never inside.
#[derive(Clone, Copy)]
struct Range {
    lo: f64,
    hi: f64,
    open_lo: bool,
    open_hi: bool,
}

const fn closed(lo: f64, hi: f64) -> Range {
    Range {
        lo,
        hi,
        open_lo: false,
        open_hi: false,
    }
}

const fn open_lo(lo: f64, hi: f64) -> Range {
    Range {
        open_lo: true,
        ..closed(lo, hi)
    }
}

const fn open(lo: f64, hi: f64) -> Range {
    Range {
        open_lo: true,
        open_hi: true,
        ..closed(lo, hi)
    }
}

const fn open_hi(lo: f64, hi: f64) -> Range {
    Range {
        open_hi: true,
        ..closed(lo, hi)
    }
}

impl Range {
    fn contains(self, v: f64) -> bool {
        let above = if self.open_lo {
            v > self.lo
        } else {
            v >= self.lo
        };
        let below = if self.open_hi {
            v < self.hi
        } else {
            v <= self.hi
        };
        v.is_finite() && above && below
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let l = if self.open_lo { '(' } else { '[' };
        let r = if self.open_hi { ')' } else { ']' };
        write!(f, "in {l}{}, {}{r}", self.lo, self.hi)
    }
}

const ONECYCLE_KEYS: [&str; 10] = [
    "max_lr",
    "total_steps",
    "pct_start",
    "anneal",
    "div_factor",
    "final_div_factor",
    "three_phase",
    "cycle_momentum",
    "base_momentum",
    "max_momentum",
];

impl FromStr for Schedule {
    type Err = ScheduleError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let (name, rest) = text.split_once(':').unwrap_or((text, ""));
        let name = name.trim().to_ascii_lowercase();
        let Some(&name) = Self::NAMES.iter().find(|n| **n == name) else {
            return Err(err(format!(
                "unknown schedule {name:?}; choose one of: {}",
                Self::NAMES.join(", ")
            )));
        };
        let gamma = closed(0.0, MAX_GAMMA);
        Ok(match name {
            "constant" => {
                Fields::parse(name, rest, &[])?;
                Self::Constant
            }
            "step" => {
                let f = Fields::parse(name, rest, &["step_size", "gamma"])?;
                Self::Step {
                    step_size: f.count("step_size", None)?,
                    gamma: f.real("gamma", Some(0.1), gamma)?,
                }
            }
            "exponential" => {
                let f = Fields::parse(name, rest, &["gamma"])?;
                Self::Exponential {
                    gamma: f.real("gamma", None, gamma)?,
                }
            }
            "cosine" => {
                let f = Fields::parse(name, rest, &["t_max", "eta_min"])?;
                Self::Cosine {
                    t_max: f.count("t_max", None)?,
                    eta_min: f.real("eta_min", Some(0.0), closed(0.0, MAX_LR))?,
                }
            }
            "linear" => {
                let keys = ["start_factor", "end_factor", "total_iters"];
                let f = Fields::parse(name, rest, &keys)?;
                // torch's ranges: 0 < start_factor ≤ 1, 0 ≤ end_factor ≤ 1.
                Self::Linear {
                    start_factor: f.real("start_factor", Some(1.0 / 3.0), open_lo(0.0, 1.0))?,
                    end_factor: f.real("end_factor", Some(1.0), closed(0.0, 1.0))?,
                    total_iters: f.count("total_iters", Some(5))?,
                }
            }
            _ => Self::OneCycle(one_cycle(&Fields::parse(name, rest, &ONECYCLE_KEYS)?)?),
        })
    }
}

fn one_cycle(f: &Fields) -> Result<OneCycle, ScheduleError> {
    let d = OneCycle::new(f64::NAN, 0);
    let c = OneCycle {
        max_lr: f.real("max_lr", None, open_lo(0.0, MAX_LR))?,
        total_steps: f.count("total_steps", None)?,
        pct_start: f.real("pct_start", Some(d.pct_start), open(0.0, 1.0))?,
        anneal: f.anneal("anneal")?,
        div_factor: f.real("div_factor", Some(d.div_factor), open_lo(0.0, MAX_DIV))?,
        final_div_factor: f.real(
            "final_div_factor",
            Some(d.final_div_factor),
            open_lo(0.0, MAX_DIV),
        )?,
        three_phase: f.flag("three_phase", d.three_phase)?,
        cycle_momentum: f.flag("cycle_momentum", d.cycle_momentum)?,
        base_momentum: f.real("base_momentum", Some(d.base_momentum), open_hi(0.0, 1.0))?,
        max_momentum: f.real("max_momentum", Some(d.max_momentum), open_hi(0.0, 1.0))?,
    };
    // Each phase must span at least part of a step, or torch divides by zero.
    let mut start = 0.0;
    for (end, _, _) in c.phases() {
        if end <= start {
            return Err(err(format!(
                "onecycle: pct_start={} with total_steps={}{} leaves a phase without steps",
                c.pct_start,
                c.total_steps,
                if c.three_phase { " (three_phase)" } else { "" }
            )));
        }
        start = end;
    }
    Ok(c)
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Constant => write!(f, "constant"),
            Self::Step { step_size, gamma } => {
                write!(f, "step:step_size={step_size},gamma={gamma}")
            }
            Self::Exponential { gamma } => write!(f, "exponential:gamma={gamma}"),
            Self::Cosine { t_max, eta_min } => write!(f, "cosine:t_max={t_max},eta_min={eta_min}"),
            Self::Linear {
                start_factor,
                end_factor,
                total_iters,
            } => write!(
                f,
                "linear:start_factor={start_factor},end_factor={end_factor},total_iters={total_iters}"
            ),
            Self::OneCycle(c) => {
                let anneal = match c.anneal {
                    Anneal::Cos => "cos",
                    Anneal::Linear => "linear",
                };
                write!(
                    f,
                    "onecycle:max_lr={},total_steps={},pct_start={},anneal={anneal},div_factor={},\
                     final_div_factor={},three_phase={}",
                    c.max_lr,
                    c.total_steps,
                    c.pct_start,
                    c.div_factor,
                    c.final_div_factor,
                    c.three_phase
                )?;
                // torch's momentum keys are written only when changed, keeping the usual spec short.
                let d = OneCycle::new(c.max_lr, c.total_steps);
                if (c.cycle_momentum, c.base_momentum, c.max_momentum)
                    != (d.cycle_momentum, d.base_momentum, d.max_momentum)
                {
                    write!(
                        f,
                        ",cycle_momentum={},base_momentum={},max_momentum={}",
                        c.cycle_momentum, c.base_momentum, c.max_momentum
                    )?;
                }
                Ok(())
            }
        }
    }
}

/// Scenes store the spec text, so a saved scene reads like the CLI flag.
impl Serialize for Schedule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Schedule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
