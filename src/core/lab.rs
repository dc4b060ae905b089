//! The landscape lab's model: what the teacher set up (a serialisable [`LabState`]) and what is
//! derived from it (trajectories, the sampled grid, contour lines). The UI only reads this and
//! forwards input to its methods, so every interaction can be tested without a window.

use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

mod sources;

use super::contour::ContourMap;
use super::optimizer::{Hyper, OptimizerKind};
use super::race::{self, MiniBatch, Racer, Trajectory};
use super::schedule::Schedule;
use super::surface::{Point, Surface, SurfaceKind, ViewRect};

/// Grid resolution of the heatmap and contour lines.
pub const GRID_SIZE: usize = 256;

/// One optimizer in the race, with its colour (shared by legend, paths and exports).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub racer: Racer,
    pub enabled: bool,
    pub color: [u8; 3],
}

impl Entry {
    /// The name in legends: the optimizer, plus its schedule when it has one, so two entries of
    /// one optimizer ("SGD" and "SGD + cosine decay") stay apart.
    pub fn label(&self) -> String {
        let kind = self.racer.kind.label();
        let schedule = match self.racer.schedule {
            Schedule::Constant => return kind.to_owned(),
            Schedule::Step { .. } => "step decay",
            Schedule::Exponential { .. } => "exponential decay",
            Schedule::Cosine { .. } => "cosine decay",
            Schedule::Linear { .. } => "linear schedule",
            Schedule::OneCycle(_) => "one-cycle",
        };
        format!("{kind} + {schedule}")
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Layout {
    /// All paths on one plot (the Radford figures).
    #[default]
    Overlay,
    /// One small plot per optimizer, same axes.
    SmallMultiples,
}

/// Everything a teacher sets up on the landscape tab (a scene).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LabState {
    pub surface: Surface,
    pub start: Point,
    pub view: ViewRect,
    pub entries: Vec<Entry>,
    pub max_steps: usize,
    /// Mini-batch gradients (regression only).
    pub stochastic: bool,
    pub batch_size: usize,
    pub seed: u64,
    /// Timeline position: how many steps are shown.
    pub step: usize,
    pub steps_per_second: f64,
    /// The optimizer whose head shows gradient / velocity arrows.
    pub selected: usize,
    pub layout: Layout,
    /// Draw the step anatomy (momentum step, look-ahead point, gradient step) at the Momentum
    /// and Nesterov heads (see `anatomy`).
    pub anatomy: bool,
}

/// The racers' colours (one palette for the app and the exports).
pub const PALETTE: [[u8; 3]; 11] = super::palette::OPTIMIZERS;

pub fn default_entries() -> Vec<Entry> {
    OptimizerKind::ALL
        .iter()
        .zip(PALETTE)
        .map(|(&kind, color)| Entry {
            racer: Racer::new(kind),
            enabled: OptimizerKind::CHAPTER.contains(&kind),
            color,
        })
        .collect()
}

/// Plain defaults (serde fills missing fields from this, so it must not parse a scene itself);
/// the app starts from the "Radford: Beale" preset instead.
impl Default for LabState {
    fn default() -> Self {
        Self::for_surface(SurfaceKind::Beale, default_entries())
    }
}

impl LabState {
    /// A fresh state for a surface with the default start and view.
    pub fn for_surface(kind: SurfaceKind, entries: Vec<Entry>) -> Self {
        Self::with_surface(Surface::new(kind), entries)
    }

    /// A fresh state for any surface (a typed formula included) with its default start and view.
    pub fn with_surface(surface: Surface, entries: Vec<Entry>) -> Self {
        let start = match &surface {
            Surface::Formula(f) => f.default_start(),
            other => race::default_start(other.kind()),
        };
        Self {
            view: surface.default_view(),
            start,
            surface,
            entries,
            max_steps: 300,
            stochastic: false,
            batch_size: 1,
            seed: 1,
            step: 0,
            steps_per_second: 30.0,
            selected: 0,
            layout: Layout::Overlay,
            anatomy: false,
        }
    }

    pub fn mini_batch(&self) -> Option<MiniBatch> {
        let is_regression = matches!(self.surface, Surface::Regression(_));
        (self.stochastic && is_regression).then_some(MiniBatch {
            batch_size: self.batch_size.max(1),
            seed: self.seed,
        })
    }
}

/// A landscape version no lab in this process has used before. Views cache textures and meshes
/// by version and may outlive the lab they were built for (a preset load replaces the lab), so
/// a per-lab counter restarting at 0 would let a new landscape match a stale cache.
fn next_landscape_version() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The lab: state plus everything derived from it.
pub struct Lab {
    pub state: LabState,
    /// One per entry (None when disabled).
    pub trajectories: Vec<Option<Trajectory>>,
    /// The path before the last hyperparameter change, drawn faded for comparison.
    pub ghosts: Vec<Option<Vec<Point>>>,
    pub landscape: ContourMap,
    /// Changes whenever `landscape` changes and never repeats within the process, so views know
    /// to re-upload textures.
    pub landscape_version: u64,
    pub playing: bool,
    /// Fractional step while playing.
    step_f: f64,
    /// "Predict, then reveal": the race is held at step 0 until revealed, so nothing on
    /// screen (paths, badges, readouts, curves) can give the outcome away.
    predicting: bool,
}

impl Lab {
    pub fn new(state: LabState) -> Self {
        let landscape = ContourMap::compute(&state.surface, state.view, GRID_SIZE);
        let mut lab = Self {
            trajectories: Vec::new(),
            ghosts: vec![None; state.entries.len()],
            step_f: state.step as f64,
            state,
            landscape,
            landscape_version: next_landscape_version(),
            playing: false,
            predicting: false,
        };
        lab.recompute_race();
        lab
    }

    /// Replaces the whole state (preset or scene load). A class that is predicting keeps
    /// predicting: the new race starts hidden too.
    pub fn load(&mut self, state: LabState) {
        let predicting = self.predicting;
        *self = Self::new(state);
        if predicting {
            self.set_predicting(true);
        }
    }

    pub fn predicting(&self) -> bool {
        self.predicting
    }

    /// Entering predict mode stops the race at step 0 and keeps it there; leaving it shows the
    /// paths at step 0, paused.
    pub fn set_predicting(&mut self, predicting: bool) {
        self.predicting = predicting;
        self.playing = false;
        self.set_step(0);
    }

    /// Ends predict mode and plays the race from the start, so the class watches it unfold.
    pub fn reveal(&mut self) {
        self.set_predicting(false);
        self.playing = true;
    }

    pub fn recompute_race(&mut self) {
        let s = &self.state;
        let mini_batch = s.mini_batch();
        self.trajectories = s
            .entries
            .iter()
            .map(|e| {
                e.enabled
                    .then(|| race::run(&s.surface, s.start, &e.racer, s.max_steps, mini_batch))
            })
            .collect();
        self.ghosts.resize(s.entries.len(), None);
    }

    pub fn recompute_landscape(&mut self) {
        self.landscape = ContourMap::compute(&self.state.surface, self.state.view, GRID_SIZE);
        self.landscape_version = next_landscape_version();
    }

    /// Moves the start point: the race restarts from the beginning at once.
    pub fn set_start(&mut self, start: Point) {
        if !start.iter().all(|v| v.is_finite()) {
            return;
        }
        self.state.start = start;
        self.ghosts.iter_mut().for_each(|g| *g = None);
        self.recompute_race();
        self.set_step(0);
    }

    /// Changes one optimizer's hyperparameters; the old path stays as a ghost and the new one is
    /// recomputed up to the current step at once. Invalid values are refused (returns the error).
    pub fn set_hyper(&mut self, index: usize, hyper: Hyper) -> Result<(), String> {
        let Some(entry) = self.state.entries.get_mut(index) else {
            return Err(format!("no optimizer #{index}"));
        };
        hyper
            .validate(entry.racer.kind)
            .map_err(|e| e.to_string())?;
        if entry.racer.hyper == hyper {
            return Ok(());
        }
        entry.racer.hyper = hyper;
        if let Some(Some(old)) = self.trajectories.get(index) {
            let ghost = old.points.clone();
            if let Some(slot) = self.ghosts.get_mut(index) {
                *slot = Some(ghost);
            }
        }
        self.recompute_race();
        Ok(())
    }

    /// Changes one optimizer's learning-rate schedule, like [`Self::set_hyper`]: the old path
    /// becomes the ghost. Schedules the spec parser refuses are refused here too.
    pub fn set_schedule(&mut self, index: usize, schedule: Schedule) -> Result<(), String> {
        let schedule: Schedule = schedule.to_string().parse().map_err(|e| format!("{e}"))?;
        let Some(entry) = self.state.entries.get_mut(index) else {
            return Err(format!("no optimizer #{index}"));
        };
        if entry.racer.schedule != schedule {
            entry.racer.schedule = schedule;
            if let (Some(Some(old)), Some(slot)) =
                (self.trajectories.get(index), self.ghosts.get_mut(index))
            {
                *slot = Some(old.points.clone());
            }
            self.recompute_race();
        }
        Ok(())
    }

    pub fn set_enabled(&mut self, index: usize, enabled: bool) {
        if let Some(entry) = self.state.entries.get_mut(index) {
            entry.enabled = enabled;
            self.recompute_race();
        }
    }

    pub fn set_surface(&mut self, kind: SurfaceKind) {
        let entries = self.state.entries.clone();
        self.load(LabState::for_surface(kind, entries));
    }

    /// Changes the visible window; the grid and contours follow.
    pub fn set_view(&mut self, view: ViewRect) {
        let valid = view.width() > 0.0 && view.height() > 0.0;
        if valid && view != self.state.view {
            self.state.view = view;
            self.recompute_landscape();
        }
    }

    pub fn set_stochastic(&mut self, stochastic: bool, batch_size: usize) {
        self.state.stochastic = stochastic;
        self.state.batch_size = batch_size.max(1);
        self.recompute_race();
    }

    pub fn set_max_steps(&mut self, max_steps: usize) {
        self.state.max_steps = max_steps.clamp(1, 100_000);
        self.recompute_race();
        self.set_step(self.state.step.min(self.state.max_steps));
    }

    pub fn set_step(&mut self, step: usize) {
        let limit = if self.predicting {
            0
        } else {
            self.state.max_steps
        };
        self.state.step = step.min(limit);
        self.step_f = self.state.step as f64;
    }

    pub fn step_forward(&mut self) {
        self.playing = false;
        self.set_step(self.state.step + 1);
    }

    pub fn step_back(&mut self) {
        self.playing = false;
        self.set_step(self.state.step.saturating_sub(1));
    }

    pub fn reset(&mut self) {
        self.playing = false;
        self.set_step(0);
    }

    pub fn toggle_play(&mut self) {
        if self.predicting {
            return;
        }
        if !self.playing && self.state.step >= self.state.max_steps {
            self.set_step(0);
        }
        self.playing = !self.playing;
    }

    /// Advances the animation by wall-clock time; stops at the end.
    pub fn tick(&mut self, dt_secs: f64) {
        if !self.playing || self.predicting {
            return;
        }
        let rate = self.state.steps_per_second.clamp(0.1, 10_000.0);
        self.step_f = (self.step_f + rate * dt_secs.max(0.0)).min(self.state.max_steps as f64);
        self.state.step = self.step_f as usize;
        if self.state.step >= self.state.max_steps {
            self.playing = false;
        }
    }

    /// The lowest known value of the surface (for "loss − min" plots), if it has one.
    pub fn loss_floor(&self) -> Option<f64> {
        self.state
            .surface
            .known_points()
            .iter()
            .filter(|k| k.kind != super::surface::PointKind::Saddle)
            .map(|k| k.value)
            .reduce(f64::min)
    }
}
