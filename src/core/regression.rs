//! The chapter's running example: fitting a line y ≈ m·x + b by minimising the mean
//! squared error J(m, b) = (1/n) Σ (yᵢ − (m·xᵢ + b))². The parameters (m, b) are the
//! landscape's (x, y) axes.

use serde::{Deserialize, Serialize};

use crate::core::surface::{Point, ViewRect};

/// A dataset of (xᵢ, yᵢ) pairs. An empty dataset has cost 0 and gradient 0 everywhere.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regression {
    pub points: Vec<Point>,
}

impl Regression {
    /// Seven points scattered around y = 0.5x + 1 with hand-picked noise, so the least-squares
    /// line (m ≈ 0.485, b ≈ 1.029) is close to, but visibly not exactly, the "true" one.
    pub fn chapter_default() -> Self {
        Regression {
            points: vec![
                [-2.5, 0.15],
                [-0.8, 0.05],
                [1.2, 1.9],
                [2.9, 2.25],
                [4.6, 3.75],
                [6.3, 3.55],
                [8.4, 5.3],
            ],
        }
    }

    /// Mean squared error of the line (m, b).
    pub fn value(&self, mb: Point) -> f64 {
        if self.points.is_empty() {
            return 0.0;
        }
        let sum: f64 = self
            .points
            .iter()
            .map(|&p| {
                let r = residual(p, mb);
                r * r
            })
            .sum();
        sum / self.points.len() as f64
    }

    /// ∇J = −(2/n) Σ rᵢ·(xᵢ, 1), with rᵢ = yᵢ − (m·xᵢ + b).
    pub fn gradient(&self, mb: Point) -> Point {
        mean_gradient(self.points.iter().copied(), mb)
    }

    /// Mean gradient over the given subset (mini-batch gradient descent). Indices out of range
    /// are ignored; repeated indices count repeatedly, as in sampling with replacement.
    /// An empty (or entirely out-of-range) batch gives 0.
    pub fn batch_gradient(&self, mb: Point, indices: &[usize]) -> Point {
        mean_gradient(
            indices.iter().filter_map(|&i| self.points.get(i).copied()),
            mb,
        )
    }

    /// Constant, since J is quadratic: (2/n)·[[Σx², Σx], [Σx, n]].
    pub fn hessian(&self) -> [[f64; 2]; 2] {
        if self.points.is_empty() {
            return [[0.0; 2]; 2];
        }
        let n = self.points.len() as f64;
        let sx: f64 = self.points.iter().map(|p| p[0]).sum();
        let sxx: f64 = self.points.iter().map(|p| p[0] * p[0]).sum();
        let k = 2.0 / n;
        [[k * sxx, k * sx], [k * sx, k * n]]
    }

    /// Ordinary least squares (m, b) in closed form; None if fewer than 2 distinct x,
    /// when infinitely many lines fit equally well.
    ///
    /// Uses centred sums, which stay accurate when the x values sit far from 0.
    pub fn ols(&self) -> Option<Point> {
        let first_x = self.points.first()?[0];
        if self.points.iter().all(|p| p[0] == first_x) {
            return None;
        }
        let n = self.points.len() as f64;
        let mean_x = self.points.iter().map(|p| p[0]).sum::<f64>() / n;
        let mean_y = self.points.iter().map(|p| p[1]).sum::<f64>() / n;
        let (mut sxx, mut sxy) = (0.0, 0.0);
        for p in &self.points {
            let dx = p[0] - mean_x;
            sxx += dx * dx;
            sxy += dx * (p[1] - mean_y);
        }
        // Non-finite data has no meaningful fit either.
        if !sxx.is_finite() || sxx <= 0.0 || !sxy.is_finite() {
            return None;
        }
        let m = sxy / sxx;
        Some([m, mean_y - m * mean_x])
    }

    /// m ∈ [−2, 4], b ∈ [−6, 8].
    pub fn default_view() -> ViewRect {
        ViewRect {
            x_min: -2.0,
            x_max: 4.0,
            y_min: -6.0,
            y_max: 8.0,
        }
    }
}

fn residual(p: Point, mb: Point) -> f64 {
    p[1] - (mb[0] * p[0] + mb[1])
}

fn mean_gradient(points: impl Iterator<Item = Point>, mb: Point) -> Point {
    let mut count = 0usize;
    let mut g = [0.0; 2];
    for p in points {
        let r = residual(p, mb);
        g[0] += -2.0 * r * p[0];
        g[1] += -2.0 * r;
        count += 1;
    }
    if count == 0 {
        return [0.0; 2];
    }
    let n = count as f64;
    [g[0] / n, g[1] / n]
}
