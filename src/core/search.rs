//! Why not just guess? Random search against gradient descent with the same budget of
//! evaluations, and the arithmetic of covering a space with a grid of guesses.
//!
//! Budgets are counted in *evaluations*: random search pays one loss evaluation per guess;
//! gradient descent pays one loss-and-gradient evaluation per step. In 2-D the gradient is
//! analytic and costs about as much as the loss, so one step = one evaluation keeps the race fair
//! (for networks backprop makes the gradient a small constant multiple of a forward pass).

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::optimizer::{Hyper, OptimizerKind};
use super::race::{self, Racer};
use super::surface::{Point, Surface, ViewRect};

/// K uniform guesses in a view, in the order drawn, with the best so far after each.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RandomSearch {
    pub samples: Vec<Point>,
    pub losses: Vec<f64>,
    /// `best_so_far[i]` = min of `losses[..=i]`: the best loss after i + 1 evaluations.
    pub best_so_far: Vec<f64>,
}

impl RandomSearch {
    /// The best guess (lowest loss), if any guess was made.
    pub fn best(&self) -> Option<(Point, f64)> {
        self.losses
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.is_nan())
            .min_by(|a, b| a.1.total_cmp(b.1))
            .and_then(|(i, &l)| Some((*self.samples.get(i)?, l)))
    }

    /// Best loss after `k` evaluations (NaN for k = 0).
    pub fn best_after(&self, k: usize) -> f64 {
        best_after(&self.best_so_far, k)
    }
}

/// Draws `k` points uniformly in `view` from `seed`. The same seed gives the same sequence, so
/// a search with larger K extends (never replaces) a smaller one: the best only improves.
pub fn random_search(surface: &Surface, view: ViewRect, k: usize, seed: u64) -> RandomSearch {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut samples = Vec::with_capacity(k);
    let mut losses = Vec::with_capacity(k);
    let mut best_so_far = Vec::with_capacity(k);
    let mut best = f64::INFINITY;
    for _ in 0..k {
        let p = [
            lerp(view.x_min, view.x_max, rng.random_range(0.0..1.0)),
            lerp(view.y_min, view.y_max, rng.random_range(0.0..1.0)),
        ];
        let loss = surface.value(p);
        // NaN never counts as an improvement (min with NaN would poison the running best).
        if loss < best {
            best = loss;
        }
        samples.push(p);
        losses.push(loss);
        best_so_far.push(best);
    }
    RandomSearch {
        samples,
        losses,
        best_so_far,
    }
}

fn lerp(a: f64, b: f64, t: f64) -> f64 {
    a + (b - a) * t
}

/// Gradient descent given `budget` evaluations: `budget − 1` steps after evaluating the start.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DescentRun {
    pub points: Vec<Point>,
    /// Best loss after i + 1 evaluations (a diverged path keeps its best).
    pub best_so_far: Vec<f64>,
    pub diverged: bool,
}

impl DescentRun {
    pub fn best_after(&self, k: usize) -> f64 {
        best_after(&self.best_so_far, k)
    }
}

/// Runs `core::race` from `start` with the given optimizer for the same evaluation budget.
pub fn descent_with_budget(
    surface: &Surface,
    start: Point,
    kind: OptimizerKind,
    hyper: Hyper,
    budget: usize,
) -> DescentRun {
    if budget == 0 {
        return DescentRun::default();
    }
    let trajectory = race::run(
        surface,
        start,
        &Racer {
            kind,
            hyper,
            schedule: Default::default(),
        },
        budget - 1,
        None,
    );
    let mut best = f64::INFINITY;
    let mut best_so_far: Vec<f64> = trajectory
        .losses
        .iter()
        .map(|&l| {
            if l < best {
                best = l;
            }
            best
        })
        .collect();
    // A path that stopped early has no better guesses to offer for the rest of the budget.
    best_so_far.resize(budget, best);
    let diverged = trajectory.diverged();
    DescentRun {
        points: trajectory.points,
        best_so_far,
        diverged,
    }
}

fn best_after(best_so_far: &[f64], k: usize) -> f64 {
    match k {
        0 => f64::NAN,
        k => best_so_far
            .get(k - 1)
            .or(best_so_far.last())
            .copied()
            .unwrap_or(f64::NAN),
    }
}

/// Which cells of a `segments × segments` grid over `view` contain at least one sample
/// (row-major, row 0 at y_min). Samples outside the view are ignored.
pub fn hit_cells(samples: &[Point], view: ViewRect, segments: usize) -> Vec<bool> {
    let mut hit = vec![false; segments * segments];
    if segments == 0 {
        return hit;
    }
    let cell = |v: f64, lo: f64, hi: f64| {
        let t = (v - lo) / (hi - lo);
        // The upper edge belongs to the last cell.
        (0.0..=1.0)
            .contains(&t)
            .then(|| ((t * segments as f64) as usize).min(segments - 1))
    };
    for p in samples {
        if let (Some(i), Some(j)) = (
            cell(p[0], view.x_min, view.x_max),
            cell(p[1], view.y_min, view.y_max),
        ) && let Some(h) = hit.get_mut(j * segments + i)
        {
            *h = true;
        }
    }
    hit
}

/// `base^exp` written out in full, in decimal. Exact for any size (schoolbook multiplication
/// on base-10⁹ limbs), so 10^30 really is a 1 followed by 30 zeros.
pub fn exact_power(base: u32, exp: u32) -> String {
    const LIMB: u64 = 1_000_000_000;
    // Little-endian limbs of 9 decimal digits each.
    let mut limbs: Vec<u64> = vec![1];
    for _ in 0..exp {
        let mut carry = 0u64;
        for limb in &mut limbs {
            let v = *limb * u64::from(base) + carry;
            *limb = v % LIMB;
            carry = v / LIMB;
        }
        while carry > 0 {
            limbs.push(carry % LIMB);
            carry /= LIMB;
        }
    }
    let mut out = String::new();
    for (i, limb) in limbs.iter().rev().enumerate() {
        if i == 0 {
            out.push_str(&limb.to_string());
        } else {
            out.push_str(&format!("{limb:09}"));
        }
    }
    out
}

/// log₁₀ of the number of grid guesses `segments^dims`.
pub fn grid_guesses_log10(segments: u32, dims: u32) -> f64 {
    f64::from(dims) * f64::from(segments).log10()
}

/// How many grid guesses `segments^dims` is, for people: every digit while it has at most
/// `max_digits` digits, otherwise as a power (`10^11935`, or `≈ 2.1×10^46` for other bases).
pub fn format_grid_guesses(segments: u32, dims: u32, max_digits: usize) -> String {
    let log = grid_guesses_log10(segments, dims);
    if log < max_digits as f64 {
        return group_thousands(&exact_power(segments, dims));
    }
    if segments == 10 {
        return format!("10^{dims}");
    }
    let exponent = log.floor();
    let mantissa = 10f64.powf(log - exponent);
    format!("≈ {mantissa:.1}×10^{exponent}")
}

/// "1000000" → "1,000,000".
pub fn group_thousands(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// log₁₀ of the fraction K / segments^dims of grid cells that K guesses could visit at best.
/// Minus infinity for K = 0; can exceed 0 when K is larger than the number of cells.
pub fn coverage_log10(k: u64, segments: u32, dims: u32) -> f64 {
    (k as f64).log10() - grid_guesses_log10(segments, dims)
}

/// Expected fraction of the `segments^dims` cells hit by K uniform random guesses,
/// 1 − (1 − 1/C)^K. Computed in log space, so it stays accurate (≈ K/C) for astronomic C.
pub fn expected_coverage(k: u64, segments: u32, dims: u32) -> f64 {
    let log_c = grid_guesses_log10(segments, dims);
    if log_c > 15.0 {
        // 1/C is below f64's resolution next to 1; the first-order term is exact enough.
        return 10f64.powf(coverage_log10(k, segments, dims)).min(1.0);
    }
    let c = 10f64.powf(log_c);
    -((k as f64) * (-1.0 / c).ln_1p()).exp_m1()
}

/// Number of decimal digits of `values^dims`, the count of grid guesses with `values` values per
/// axis: ⌊dims · log₁₀ values⌋ + 1. Powers of ten are counted in integers; otherwise the
/// logarithm is trusted only away from an integer, and near one (where rounding could flip the
/// floor) the power is written out exactly and its digits counted.
pub fn grid_guess_digits(values: u32, dims: u32) -> u64 {
    if values <= 1 {
        // 0^0 = 1^N = 1 and 0^N = 0: one digit either way.
        return 1;
    }
    let (mut rest, mut zeros) = (values, 0u64);
    while rest.is_multiple_of(10) {
        rest /= 10;
        zeros += 1;
    }
    if rest == 1 {
        return zeros * u64::from(dims) + 1;
    }
    let f = f64::from(dims) * f64::from(values).log10();
    // log10 is good to a few ulps, so f is good to ~1e-15 relative; 1e-9 leaves a wide margin.
    if (f - f.round()).abs() > 1e-9 * f.max(1.0) {
        f.floor() as u64 + 1
    } else {
        exact_power(values, dims).len() as u64
    }
}

/// Where the lesson opens: enough weights that guessing fails, a budget that is plenty in 2-D.
pub const DEFAULT_DIMS: u32 = 10;
pub const DEFAULT_BUDGET: usize = 1000;

/// Guesses are drawn from the box [−BOWL_BOX, BOWL_BOX]^N.
pub const BOWL_BOX: f64 = 2.0;
/// Loss per weight counted as "found it" in the N-weight race.
pub const GOOD_ENOUGH: f64 = 0.01;
/// Step size of descent on the bowl: below 1/c_max = 1, so every coordinate shrinks.
pub const BOWL_LR: f64 = 0.45;

/// The N-weight loss both methods race on as the dimension grows: L(w) = Σ cᵢ (wᵢ − tᵢ)².
/// The curvatures cᵢ are spread over [0.1, 1] for every N (condition number 10, as hard for
/// descent at N = 2 as at N = 10,000) and the best weights t lie inside the guessing box.
#[derive(Clone, Debug, PartialEq)]
pub struct Bowl {
    pub curvature: Vec<f64>,
    pub target: Vec<f64>,
}

impl Bowl {
    pub fn new(dims: usize) -> Self {
        // Golden-ratio steps fill [0, 1) evenly whatever N is, with no randomness.
        let spread = |i: usize, shift: f64| (i as f64 * 0.618_033_988_749_895 + shift).fract();
        Self {
            curvature: (0..dims).map(|i| 0.1 + 0.9 * spread(i, 0.5)).collect(),
            target: (0..dims).map(|i| 2.0 * spread(i, 0.25) - 1.0).collect(),
        }
    }

    pub fn dims(&self) -> usize {
        self.target.len()
    }

    /// Mean of cᵢ (wᵢ − tᵢ)² over the weights: L / N, comparable across N.
    pub fn loss_per_weight(&self, w: &[f64]) -> f64 {
        let sum: f64 = (self.curvature.iter().zip(&self.target).zip(w))
            .map(|((c, t), x)| c * (x - t) * (x - t))
            .sum();
        sum / self.dims().max(1) as f64
    }

    /// Where descent starts: a corner of the box, far from every target.
    pub fn start(&self) -> Vec<f64> {
        vec![-0.9 * BOWL_BOX; self.dims()]
    }
}

/// Best loss per weight after 1..=k uniform guesses in the box on `bowl`.
pub fn random_search_bowl(bowl: &Bowl, k: usize, seed: u64) -> Vec<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut guess = vec![0.0; bowl.dims()];
    let mut best = f64::INFINITY;
    (0..k)
        .map(|_| {
            for g in &mut guess {
                *g = rng.random_range(-BOWL_BOX..=BOWL_BOX);
            }
            best = best.min(bowl.loss_per_weight(&guess));
            best
        })
        .collect()
}

/// Best loss per weight after 1..=k evaluations of gradient descent on `bowl` (the start, then
/// k − 1 steps of w ← w − α ∇L with ∇L = 2c(w − t)).
pub fn descent_bowl(bowl: &Bowl, k: usize) -> Vec<f64> {
    let mut w = bowl.start();
    let mut best = f64::INFINITY;
    (0..k)
        .map(|step| {
            if step > 0 {
                for ((x, c), t) in w.iter_mut().zip(&bowl.curvature).zip(&bowl.target) {
                    *x -= BOWL_LR * 2.0 * c * (*x - t);
                }
            }
            best = best.min(bowl.loss_per_weight(&w));
            best
        })
        .collect()
}
