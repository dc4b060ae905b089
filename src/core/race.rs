//! Several optimizers started from one point on one surface: the Radford race.
//!
//! A race is cheap (a few thousand 2-D steps), so it is always recomputed in full up to
//! `max_steps`; the timeline only chooses how much of each trajectory to show. That makes
//! scrubbing backwards free and keeps "move a slider, redraw the whole path" simple.

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use super::optimizer::{Hyper, Optimizer, OptimizerKind};
use super::schedule::{Schedule, Scheduler};
use super::surface::{Point, Surface, SurfaceKind};

/// How far outside the view (in view sizes) a path may wander before it counts as diverged.
pub const DIVERGENCE_FACTOR: f64 = 100.0;

/// How far from the view's centre (in view sizes) a path may slide downhill on a surface that is
/// unbounded below before it counts as escaped: far enough to be seen leaving, near enough that
/// the loss it reached stays on the scale of the view (x² − y² stops near −16, not −156,250).
pub const ESCAPE_FACTOR: f64 = 1.0;

/// Mini-batch gradients for the regression surface: batch = n is batch GD, 1 is SGD.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MiniBatch {
    pub batch_size: usize,
    pub seed: u64,
}

/// One contestant: which optimizer, with which hyperparameters and learning-rate schedule.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Racer {
    pub kind: OptimizerKind,
    /// The starting hyperparameters; a schedule then sets lr (and OneCycle momentum / β₁).
    pub hyper: Hyper,
    /// Scenes saved before schedules existed load with a constant lr.
    #[serde(default)]
    pub schedule: Schedule,
}

impl Racer {
    pub fn new(kind: OptimizerKind) -> Self {
        Self {
            kind,
            hyper: kind.default_hyper(),
            schedule: Schedule::Constant,
        }
    }
}

/// Why a trajectory ended before `max_steps`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Ran all requested steps.
    Finished,
    /// The step with this index produced NaN/Inf or left the view by [`DIVERGENCE_FACTOR`].
    Diverged { step: usize },
    /// On a surface unbounded below, the step with this index left the view by
    /// [`ESCAPE_FACTOR`] going downhill (below the start and the previous point): the path is
    /// sliding towards −∞, which is the surface's doing, not an unstable step.
    Escaped { step: usize },
    /// The step with this index started or landed, inside the divergence bounds, where the
    /// surface is undefined or infinite (a formula's hole, e.g. ln of a negative number).
    Hole { step: usize },
}

impl Status {
    /// Why the path stopped, in the words shown on screen, exports and the CLI; None if it ran
    /// all its steps.
    pub fn describe(self) -> Option<String> {
        match self {
            Status::Finished => None,
            Status::Diverged { step } => Some(format!("diverged at step {step}")),
            Status::Escaped { step } => Some(format!("escaped (loss → −∞) at step {step}")),
            Status::Hole { step } => Some(format!("hit a hole at step {step}")),
        }
    }
}

/// The full path of one optimizer. Index `i` of `gradients`, `velocities` and `second_moments`
/// describes the step taken *from* `points[i]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Trajectory {
    pub points: Vec<Point>,
    pub losses: Vec<f64>,
    pub gradients: Vec<Point>,
    /// Momentum buffer / first moment after the step (None for optimizers without one).
    pub velocities: Vec<Option<Point>>,
    /// Squared-gradient accumulator after the step (adaptive methods only).
    pub second_moments: Vec<Option<Point>>,
    /// The learning rate the step used (the racer's lr unless a schedule moves it).
    pub lrs: Vec<f64>,
    pub status: Status,
}

impl Trajectory {
    /// Number of steps actually taken.
    pub fn steps(&self) -> usize {
        self.points.len().saturating_sub(1)
    }

    /// Position after `step` steps (the last point if the path ended earlier).
    pub fn point_at(&self, step: usize) -> Point {
        let last = self.points.len().saturating_sub(1);
        self.points
            .get(step.min(last))
            .copied()
            .unwrap_or([f64::NAN; 2])
    }

    pub fn loss_at(&self, step: usize) -> f64 {
        let last = self.losses.len().saturating_sub(1);
        self.losses.get(step.min(last)).copied().unwrap_or(f64::NAN)
    }

    /// The displacement applied at `step` (from point `step` to `step + 1`).
    pub fn step_vector(&self, step: usize) -> Option<Point> {
        let a = self.points.get(step)?;
        let b = self.points.get(step + 1)?;
        Some([b[0] - a[0], b[1] - a[1]])
    }

    /// The learning rate of the step taken from point `step` (the last one used if the path
    /// ended earlier; `None` before any step).
    pub fn lr_at(&self, step: usize) -> Option<f64> {
        let last = self.lrs.len().checked_sub(1)?;
        self.lrs.get(step.min(last)).copied()
    }

    pub fn diverged(&self) -> bool {
        matches!(self.status, Status::Diverged { .. })
    }

    pub fn escaped(&self) -> bool {
        matches!(self.status, Status::Escaped { .. })
    }

    pub fn in_hole(&self) -> bool {
        matches!(self.status, Status::Hole { .. })
    }
}

/// Batches of point indices, drawn by reshuffling each epoch, so every point is used once per
/// epoch as in the chapter's description of mini-batch GD.
struct BatchSampler {
    rng: StdRng,
    order: Vec<usize>,
    cursor: usize,
    batch_size: usize,
}

impl BatchSampler {
    fn new(n: usize, batch: MiniBatch) -> Self {
        Self {
            rng: StdRng::seed_from_u64(batch.seed),
            order: (0..n).collect(),
            cursor: n, // forces a shuffle before the first batch
            batch_size: batch.batch_size.clamp(1, n.max(1)),
        }
    }

    fn next_batch(&mut self) -> &[usize] {
        if self.cursor + self.batch_size > self.order.len() {
            self.order.shuffle(&mut self.rng);
            self.cursor = 0;
        }
        let start = self.cursor;
        self.cursor += self.batch_size;
        &self.order[start..self.cursor]
    }
}

fn pair<T: Copy>(values: Option<&[T]>) -> Option<[T; 2]> {
    match values? {
        [a, b, ..] => Some([*a, *b]),
        _ => None,
    }
}

/// The racer as it stands before step `step`: its hyperparameters with the schedule replayed
/// that far (lr, and OneCycle's momentum / β₁), so readouts at the head use what that step uses.
pub fn racer_at(racer: &Racer, step: usize) -> Racer {
    let mut scheduler = Scheduler::new(racer.schedule, racer.kind, racer.hyper.lr);
    for _ in 0..step {
        scheduler.step();
    }
    let mut hyper = racer.hyper;
    scheduler.apply(&mut hyper);
    Racer { hyper, ..*racer }
}

/// Runs one optimizer from `start` for up to `max_steps` steps.
pub fn run(
    surface: &Surface,
    start: Point,
    racer: &Racer,
    max_steps: usize,
    mini_batch: Option<MiniBatch>,
) -> Trajectory {
    let view = surface.default_view();
    let unbounded_below = surface.unbounded_below();
    // torch's order: the scheduler's constructor sets step 0's lr, then opt.step(); sched.step().
    let mut scheduler = Scheduler::new(racer.schedule, racer.kind, racer.hyper.lr);
    let mut hyper = racer.hyper;
    scheduler.apply(&mut hyper);
    let mut optimizer = Optimizer::<f64>::new(racer.kind, hyper, 2);
    let mut sampler = match (surface, mini_batch) {
        (Surface::Regression(data), Some(batch)) if !data.points.is_empty() => {
            Some((data, BatchSampler::new(data.points.len(), batch)))
        }
        _ => None,
    };
    let mut p = start;
    let mut trajectory = Trajectory {
        points: vec![p],
        losses: vec![surface.value(p)],
        gradients: Vec::with_capacity(max_steps),
        velocities: Vec::with_capacity(max_steps),
        second_moments: Vec::with_capacity(max_steps),
        lrs: Vec::with_capacity(max_steps),
        status: Status::Finished,
    };
    for step in 0..max_steps {
        let gradient = match sampler.as_mut() {
            Some((data, sampler)) => data.batch_gradient(p, sampler.next_batch()),
            None => surface.gradient(p),
        };
        let mut next = p;
        let lr = optimizer.hyper().lr;
        optimizer.step(&mut next, &gradient);
        scheduler.step();
        scheduler.apply(&mut hyper);
        optimizer.set_hyper(hyper);
        let loss = surface.value(next);
        let previous = trajectory.losses.last().copied().unwrap_or(f64::NAN);
        let finite_gradient = gradient.iter().all(|g| g.is_finite());
        // Comparisons with NaN are false, so a NaN loss never counts as downhill.
        let escaped = unbounded_below
            && finite_gradient
            && loss < previous
            && loss < trajectory.losses[0]
            && view.is_far_outside(next, ESCAPE_FACTOR);
        let far = view.is_far_outside(next, DIVERGENCE_FACTOR);
        let bad = !finite_gradient || !loss.is_finite() || far;
        if escaped {
            trajectory.status = Status::Escaped { step };
            break;
        }
        if bad && !far {
            trajectory.status = Status::Hole { step };
            break;
        }
        if bad {
            trajectory.status = Status::Diverged { step };
            break;
        }
        trajectory.gradients.push(gradient);
        trajectory.velocities.push(pair(optimizer.velocity()));
        trajectory
            .second_moments
            .push(pair(optimizer.second_moment()));
        trajectory.lrs.push(lr);
        trajectory.points.push(next);
        trajectory.losses.push(loss);
        p = next;
    }
    trajectory
}

/// Runs every racer from the same start (all see the same mini-batches: same seed).
pub fn run_all(
    surface: &Surface,
    start: Point,
    racers: &[Racer],
    max_steps: usize,
    mini_batch: Option<MiniBatch>,
) -> Vec<Trajectory> {
    racers
        .iter()
        .map(|r| run(surface, start, r, max_steps, mini_batch))
        .collect()
}

/// A sensible default start for each surface: visibly away from the minimum, on an
/// interesting slope (e.g. the Radford Beale start, just off the saddle's ridge).
pub fn default_start(kind: SurfaceKind) -> Point {
    match kind {
        SurfaceKind::Regression => [-1.5, 6.0],
        SurfaceKind::Beale => [0.7, 1.4],
        SurfaceKind::Rosenbrock => [-1.5, 2.0],
        SurfaceKind::Himmelblau => [-0.5, 0.5],
        SurfaceKind::Saddle => [-1.8, 0.001],
        SurfaceKind::MonkeySaddle => [0.8, 0.05],
        SurfaceKind::Rastrigin => [3.1, 2.2],
        SurfaceKind::Ackley => [2.7, 3.3],
        SurfaceKind::SixHumpCamel => [-1.6, 0.9],
        SurfaceKind::GoldsteinPrice => [-1.3, 1.2],
        SurfaceKind::Booth => [-7.0, -6.0],
        SurfaceKind::Banana => [-1.5, 0.9],
        SurfaceKind::LongValley => [-8.0, 1.8],
        // FormulaSurface::default_start in the default window.
        SurfaceKind::Formula => [-3.5, 3.0],
    }
}
