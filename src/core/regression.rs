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
    /// Where loaded data came from (a file name, or "pasted data"), shown with the data; None
    /// for the chapter's own points. Loaded data gets its own view around its least-squares
    /// minimum (the chapter's view could be far from it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
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
            source: None,
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

    /// The view to show this data in: the chapter's for the chapter's data (also once its
    /// points are dragged), [`Self::fitted_view`] for loaded data.
    pub fn home_view(&self) -> ViewRect {
        match &self.source {
            Some(_) => self.fitted_view().unwrap_or_else(Self::default_view),
            None => Self::default_view(),
        }
    }

    /// A view that holds the least-squares minimum (m*, b*) and the origin (the flat line, where
    /// a race on loaded data starts), each with a margin of the data's own scale: s_y/s_x in m,
    /// and in b s_y plus the b that a change of m drags along (the valley's tilt is −x̄).
    /// None without an OLS fit.
    pub fn fitted_view(&self) -> Option<ViewRect> {
        let [m, b] = self.ols()?;
        let n = self.points.len() as f64;
        let mean_x = self.points.iter().map(|p| p[0]).sum::<f64>() / n;
        let mean_y = self.points.iter().map(|p| p[1]).sum::<f64>() / n;
        let spread = |axis: usize, mean: f64| {
            (self
                .points
                .iter()
                .map(|p| (p[axis] - mean).powi(2))
                .sum::<f64>()
                / n)
                .sqrt()
        };
        let (s_x, s_y) = (spread(0, mean_x), spread(1, mean_y));
        let positive = |h: f64| if h > 0.0 && h.is_finite() { h } else { 1.0 };
        let margin_m = positive((s_y / s_x).max(0.5 * m.abs()));
        let margin_b = positive(s_y.max(0.5 * b.abs()) + margin_m * mean_x.abs());
        let view = ViewRect {
            x_min: m.min(0.0) - margin_m,
            x_max: m.max(0.0) + margin_m,
            y_min: b.min(0.0) - margin_b,
            y_max: b.max(0.0) + margin_b,
        };
        let usable = [view.x_min, view.x_max, view.y_min, view.y_max]
            .iter()
            .all(|v| v.is_finite())
            && view.width() > 0.0
            && view.height() > 0.0;
        usable.then_some(view)
    }

    /// Where a race on this data starts: the flat line y = 0 (m = b = 0), the usual untrained
    /// start, unless that is almost at the minimum; then a point up the bowl's side. None for the
    /// chapter's data, which has its lesson's start.
    pub fn loaded_start(&self) -> Option<Point> {
        self.source.as_ref()?;
        let view = self.fitted_view()?;
        let [m, b] = self.ols()?;
        let near = m.abs() < 0.1 * view.width() && b.abs() < 0.1 * view.height();
        Some(if near {
            [m - 0.3 * view.width(), b + 0.3 * view.height()]
        } else {
            [0.0, 0.0]
        })
    }

    /// J in closed form from the data's centred moments, for evaluating many (m, b) at O(1)
    /// each (the landscape's grid). With c = b + m·x̄ − ȳ the cross terms vanish:
    /// J = s_yy − 2m·s_xy + m²·s_xx + c².
    pub fn quadratic(&self) -> Quadratic {
        if self.points.is_empty() {
            return Quadratic::default();
        }
        let n = self.points.len() as f64;
        let mean_x = self.points.iter().map(|p| p[0]).sum::<f64>() / n;
        let mean_y = self.points.iter().map(|p| p[1]).sum::<f64>() / n;
        let (mut s_xx, mut s_xy, mut s_yy) = (0.0, 0.0, 0.0);
        for p in &self.points {
            let (dx, dy) = (p[0] - mean_x, p[1] - mean_y);
            s_xx += dx * dx;
            s_xy += dx * dy;
            s_yy += dy * dy;
        }
        Quadratic {
            mean_x,
            mean_y,
            s_xx: s_xx / n,
            s_xy: s_xy / n,
            s_yy: s_yy / n,
        }
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

/// The mean squared error as a quadratic in (m, b): see [`Regression::quadratic`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Quadratic {
    mean_x: f64,
    mean_y: f64,
    s_xx: f64,
    s_xy: f64,
    s_yy: f64,
}

impl Quadratic {
    pub fn value(&self, mb: Point) -> f64 {
        let [m, b] = mb;
        let c = b + m * self.mean_x - self.mean_y;
        self.s_yy - 2.0 * m * self.s_xy + m * m * self.s_xx + c * c
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
