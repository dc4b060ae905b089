//! Overfitting in one dimension: polynomials of degree 1…10 fitted to 11 noisy points, by least
//! squares (exact) and by gradient descent, both with an optional L2 penalty, plus k-fold
//! cross-validation to choose the degree and the penalty.
//!
//! The objective is `J(c) = (1/n) Σ (yᵢ − p(xᵢ))² + (λ/2) Σ_{k≥1} c_k²`: the intercept c₀ is
//! not penalised, so a large λ shrinks the curve towards the data's mean, not towards y = 0.
//! Polynomials are written in t = x scaled to [−1, 1]: on the raw x range the powers x⁰…x¹⁰
//! differ by ten orders of magnitude and the normal equations would be hopelessly conditioned.

pub mod lesson;

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

use super::optimizer::{Hyper, Optimizer, OptimizerKind};
use super::surface::Point;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PolyfitError {
    #[error("no data points to fit")]
    NoData,
    #[error("a data point is not a finite number")]
    NonFinite,
    #[error("all x values are equal: no curve through them is better than another")]
    DegenerateX,
    #[error(
        "degree {degree} has {coeffs} coefficients but only {points} points: infinitely many \
         curves fit exactly (add an L2 penalty λ > 0 or lower the degree)"
    )]
    Underdetermined {
        degree: usize,
        coeffs: usize,
        points: usize,
    },
    #[error("k-fold needs 2 ≤ k ≤ n, got k = {k} for n = {n} points")]
    BadFolds { k: usize, n: usize },
}

/// A polynomial in t = (2x − lo − hi) / (hi − lo): `Σ coeffs[k]·tᵏ`.
#[derive(Debug, Clone, PartialEq)]
pub struct Poly {
    pub coeffs: Vec<f64>,
    pub x_lo: f64,
    pub x_hi: f64,
}

impl Poly {
    pub fn degree(&self) -> usize {
        self.coeffs.len().saturating_sub(1)
    }

    pub fn eval(&self, x: f64) -> f64 {
        let t = scale(x, self.x_lo, self.x_hi);
        self.coeffs.iter().rev().fold(0.0, |acc, &c| acc * t + c)
    }

    /// Mean squared error on `points` (0 for none).
    pub fn mse(&self, points: &[Point]) -> f64 {
        if points.is_empty() {
            return 0.0;
        }
        let sum: f64 = points
            .iter()
            .map(|p| (p[1] - self.eval(p[0])).powi(2))
            .sum();
        sum / points.len() as f64
    }

    /// `count` points of the curve across [a, b], for drawing.
    pub fn curve(&self, a: f64, b: f64, count: usize) -> Vec<Point> {
        let count = count.max(2);
        (0..count)
            .map(|i| {
                let x = a + (b - a) * i as f64 / (count - 1) as f64;
                [x, self.eval(x)]
            })
            .collect()
    }
}

fn scale(x: f64, lo: f64, hi: f64) -> f64 {
    (2.0 * x - lo - hi) / (hi - lo)
}

fn x_range(points: &[Point]) -> Result<(f64, f64), PolyfitError> {
    let first = points.first().ok_or(PolyfitError::NoData)?;
    let (lo, hi) = points.iter().fold((first[0], first[0]), |(lo, hi), p| {
        (lo.min(p[0]), hi.max(p[0]))
    });
    if points.iter().flatten().any(|v| !v.is_finite()) {
        return Err(PolyfitError::NonFinite);
    }
    if hi <= lo {
        return Err(PolyfitError::DegenerateX);
    }
    Ok((lo, hi))
}

/// Row of powers 1, t, t², … for one x.
fn powers(t: f64, n: usize) -> impl Iterator<Item = f64> {
    std::iter::successors(Some(1.0), move |p| Some(p * t)).take(n)
}

/// Exact minimiser of J by Householder QR on the stacked system
/// `[A; √(nλ/2)·E] c ≈ [y; 0]` (E = identity without the intercept row), which avoids squaring
/// the condition number as the normal equations would.
pub fn least_squares(points: &[Point], degree: usize, lambda: f64) -> Result<Poly, PolyfitError> {
    let (lo, hi) = x_range(points)?;
    let m = degree + 1;
    let n = points.len();
    let ridge = (n as f64 * lambda.max(0.0) / 2.0).sqrt();
    let extra = if ridge > 0.0 { degree } else { 0 };
    if n + extra < m {
        return Err(PolyfitError::Underdetermined {
            degree,
            coeffs: m,
            points: n,
        });
    }
    // Row-major augmented matrix [A | y].
    let rows = n + extra;
    let mut a = vec![0.0; rows * (m + 1)];
    for (r, p) in points.iter().enumerate() {
        let row = &mut a[r * (m + 1)..(r + 1) * (m + 1)];
        for (cell, v) in row.iter_mut().zip(powers(scale(p[0], lo, hi), m)) {
            *cell = v;
        }
        row[m] = p[1];
    }
    for k in 1..=extra {
        a[(n + k - 1) * (m + 1) + k] = ridge;
    }
    let coeffs = householder_solve(&mut a, rows, m).ok_or(PolyfitError::Underdetermined {
        degree,
        coeffs: m,
        points: n,
    })?;
    Ok(Poly {
        coeffs,
        x_lo: lo,
        x_hi: hi,
    })
}

/// Solves min ‖A c − y‖ for a row-major `rows × (cols + 1)` augmented matrix, in place.
/// None when A is (numerically) rank deficient.
fn householder_solve(a: &mut [f64], rows: usize, cols: usize) -> Option<Vec<f64>> {
    let w = cols + 1;
    let mut max_diag = 0.0f64;
    for k in 0..cols {
        let norm = (k..rows).map(|r| a[r * w + k].powi(2)).sum::<f64>().sqrt();
        if norm == 0.0 {
            return None;
        }
        let alpha = if a[k * w + k] > 0.0 { -norm } else { norm };
        // v = x − αe₁ stored in column k below the diagonal; H = I − 2vvᵀ/vᵀv.
        let mut v: Vec<f64> = (k..rows).map(|r| a[r * w + k]).collect();
        v[0] -= alpha;
        let vv: f64 = v.iter().map(|x| x * x).sum();
        for j in k..w {
            let dot: f64 = v
                .iter()
                .enumerate()
                .map(|(i, vi)| vi * a[(k + i) * w + j])
                .sum();
            let f = 2.0 * dot / vv;
            for (i, vi) in v.iter().enumerate() {
                a[(k + i) * w + j] -= f * vi;
            }
        }
        max_diag = max_diag.max(alpha.abs());
    }
    let mut c = vec![0.0; cols];
    for k in (0..cols).rev() {
        let d = a[k * w + k];
        if d.abs() <= 1e-12 * max_diag {
            return None;
        }
        let s: f64 = (k + 1..cols).map(|j| a[k * w + j] * c[j]).sum();
        c[k] = (a[k * w + cols] - s) / d;
    }
    c.iter().all(|v| v.is_finite()).then_some(c)
}

/// Settings of the gradient-descent fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GdSettings {
    pub kind: OptimizerKind,
    pub lr: f64,
    pub steps: usize,
}

impl Default for GdSettings {
    fn default() -> Self {
        Self {
            kind: OptimizerKind::Adam,
            lr: 0.05,
            steps: 2000,
        }
    }
}

/// Minimises the same J by `core::optimizer` from c = 0. With few steps the high-order
/// coefficients (the flat directions of J) have barely moved, so GD's curve is smoother
/// than the exact fit: stopping early is a regulariser too.
pub fn gradient_descent(
    points: &[Point],
    degree: usize,
    lambda: f64,
    settings: GdSettings,
) -> Result<Poly, PolyfitError> {
    let (lo, hi) = x_range(points)?;
    let m = degree + 1;
    let rows: Vec<Vec<f64>> = points
        .iter()
        .map(|p| powers(scale(p[0], lo, hi), m).collect())
        .collect();
    let hyper = Hyper {
        lr: settings.lr,
        ..settings.kind.default_hyper()
    };
    let mut optimizer = Optimizer::<f64>::new(settings.kind, hyper, m);
    let mut c = vec![0.0; m];
    let mut grad = vec![0.0; m];
    let scale_n = 2.0 / points.len() as f64;
    for _ in 0..settings.steps {
        grad.fill(0.0);
        for (row, p) in rows.iter().zip(points) {
            let r: f64 = row.iter().zip(&c).map(|(a, b)| a * b).sum::<f64>() - p[1];
            for (g, a) in grad.iter_mut().zip(row) {
                *g += scale_n * r * a;
            }
        }
        // The L2 term by hand rather than weight_decay, to leave the intercept unpenalised.
        for (g, ck) in grad.iter_mut().zip(&c).skip(1) {
            *g += lambda * ck;
        }
        optimizer.step(&mut c, &grad);
    }
    Ok(Poly {
        coeffs: c,
        x_lo: lo,
        x_hi: hi,
    })
}

/// The ground truth of the demo: a gentle curve on x ∈ [0, 10].
pub fn truth(x: f64) -> f64 {
    1.0 + 0.9 * x - 0.06 * x * x
}

/// X range of the demo.
pub const X_RANGE: (f64, f64) = (0.0, 10.0);

/// The demo's data: 11 evenly spaced training points, fresh held-out points, and a test set
/// for the very end, all with Gaussian noise of standard deviation `noise` around [`truth`].
#[derive(Debug, Clone, PartialEq)]
pub struct Demo {
    pub train: Vec<Point>,
    pub held_out: Vec<Point>,
    pub test: Vec<Point>,
}

impl Demo {
    pub fn new(seed: u64, noise: f64) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let (lo, hi) = X_RANGE;
        let mut noisy = |x: f64| [x, truth(x) + noise * gaussian(&mut rng)];
        let train = (0..11)
            .map(|i| noisy(lo + (hi - lo) * i as f64 / 10.0))
            .collect();
        let mut fresh = |count: usize| -> Vec<Point> {
            (0..count)
                .map(|_| {
                    let x = rng.random_range(lo..hi);
                    [x, truth(x) + noise * gaussian(&mut rng)]
                })
                .collect()
        };
        let held_out = fresh(40);
        let test = fresh(40);
        Self {
            train,
            held_out,
            test,
        }
    }
}

/// Standard normal by Box–Muller (rand 0.10 has no normal distribution without rand_distr).
pub fn gaussian(rng: &mut StdRng) -> f64 {
    let u1: f64 = 1.0 - rng.random_range(0.0..1.0); // (0, 1]: ln is finite
    let u2: f64 = rng.random_range(0.0..1.0);
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Splits indices 0..n into k shuffled folds whose sizes differ by at most 1.
pub fn kfold(n: usize, k: usize, seed: u64) -> Result<Vec<Vec<usize>>, PolyfitError> {
    if k < 2 || k > n {
        return Err(PolyfitError::BadFolds { k, n });
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut StdRng::seed_from_u64(seed));
    let mut folds = vec![Vec::with_capacity(n.div_ceil(k)); k];
    for (i, index) in order.into_iter().enumerate() {
        folds[i % k].push(index);
    }
    Ok(folds)
}

/// Each fold's validation MSE (None where the fit is impossible, e.g. too few points for the
/// degree) and their mean over the folds that could be scored.
#[derive(Debug, Clone, PartialEq)]
pub struct CvScore {
    pub degree: usize,
    pub lambda: f64,
    pub folds: Vec<Option<f64>>,
    pub mean: Option<f64>,
}

/// k-fold cross-validation of the exact fit: train on k − 1 folds, score on the one left out.
pub fn cross_validate(
    points: &[Point],
    degree: usize,
    lambda: f64,
    folds: &[Vec<usize>],
) -> CvScore {
    let scores: Vec<Option<f64>> = folds
        .iter()
        .map(|fold| {
            let (mut valid, mut train) = (Vec::new(), Vec::new());
            for (i, p) in points.iter().enumerate() {
                if fold.contains(&i) {
                    valid.push(*p);
                } else {
                    train.push(*p);
                }
            }
            least_squares(&train, degree, lambda)
                .ok()
                .map(|poly| poly.mse(&valid))
        })
        .collect();
    let scored: Vec<f64> = scores.iter().flatten().copied().collect();
    // A mean over only some folds would flatter the setting; require all of them.
    let mean = (scored.len() == scores.len() && !scored.is_empty())
        .then(|| scored.iter().sum::<f64>() / scored.len() as f64);
    CvScore {
        degree,
        lambda,
        folds: scores,
        mean,
    }
}

/// Scores every (degree, λ) pair and returns all scores and the index of the best mean.
pub fn select(
    points: &[Point],
    degrees: &[usize],
    lambdas: &[f64],
    folds: &[Vec<usize>],
) -> (Vec<CvScore>, Option<usize>) {
    let scores: Vec<CvScore> = degrees
        .iter()
        .flat_map(|&d| lambdas.iter().map(move |&l| (d, l)))
        .map(|(d, l)| cross_validate(points, d, l, folds))
        .collect();
    let best = scores
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.mean.map(|m| (i, m)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i);
    (scores, best)
}

/// The λ values the validation search tries (0 and a log grid).
pub const LAMBDA_GRID: [f64; 6] = [0.0, 1e-4, 1e-3, 1e-2, 1e-1, 1.0];
