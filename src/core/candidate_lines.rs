//! Candidate lines and their errors: a line y = m·x + b drawn over the regression data is also
//! one point (m, b) on the MSE landscape. The line is held by two handles at fixed x, so
//! dragging a handle up or down turns or lifts it; setting (m, b) moves both handles.

use crate::core::regression::Regression;
use crate::core::surface::{Point, ViewRect};

/// The x positions of the two handles: near both ends of the chapter's data, far enough apart
/// that a small drag does not swing the slope wildly.
pub const HANDLE_X: [f64; 2] = [-2.0, 8.0];

/// What the data plot shows (x, y).
pub const LINE_VIEW: ViewRect = ViewRect {
    x_min: -4.0,
    x_max: 10.0,
    y_min: -3.0,
    y_max: 8.0,
};

/// What the MSE contour shows (m, b): every preset, the OLS minimum, and most lines the handles
/// can reach inside the data plot.
pub const PARAM_VIEW: ViewRect = ViewRect {
    x_min: -1.0,
    x_max: 1.5,
    y_min: -3.0,
    y_max: 6.0,
};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CandidateLine {
    pub m: f64,
    pub b: f64,
}

/// One data point's vertical miss: the point (x, y) and the line's value there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Residual {
    pub x: f64,
    pub y: f64,
    pub fit: f64,
}

impl Residual {
    /// y − ŷ: positive when the point lies above the line.
    pub fn value(&self) -> f64 {
        self.y - self.fit
    }
}

impl CandidateLine {
    pub fn new(m: f64, b: f64) -> Self {
        Self { m, b }
    }

    /// The line through two points; None when they share an x (a vertical line has no m) or a
    /// coordinate is not finite.
    pub fn through(p: Point, q: Point) -> Option<Self> {
        let dx = q[0] - p[0];
        if dx == 0.0 || !(p.iter().chain(&q).all(|v| v.is_finite())) {
            return None;
        }
        let m = (q[1] - p[1]) / dx;
        Some(Self {
            m,
            b: p[1] - m * p[0],
        })
    }

    pub fn at(&self, x: f64) -> f64 {
        self.m * x + self.b
    }

    pub fn params(&self) -> Point {
        [self.m, self.b]
    }

    /// The two handles, on the line at [`HANDLE_X`].
    pub fn handles(&self) -> [Point; 2] {
        HANDLE_X.map(|x| [x, self.at(x)])
    }

    /// The line after handle `index` (0 or 1) moves to height `y`; the other handle stays.
    /// An unknown index or a non-finite y leaves the line as it is.
    pub fn with_handle(&self, index: usize, y: f64) -> Self {
        let mut handles = self.handles();
        let Some(h) = handles.get_mut(index) else {
            return *self;
        };
        h[1] = y;
        Self::through(handles[0], handles[1]).unwrap_or(*self)
    }

    /// Each point's residual against this line.
    pub fn residuals(&self, data: &Regression) -> Vec<Residual> {
        data.points
            .iter()
            .map(|p| Residual {
                x: p[0],
                y: p[1],
                fit: self.at(p[0]),
            })
            .collect()
    }

    /// The mean squared error the figure shows: the landscape's own J(m, b), so the number and
    /// the contour the point sits on cannot disagree.
    pub fn mse(&self, data: &Regression) -> f64 {
        data.value(self.params())
    }

    /// The same line with (m, b) kept inside `view` (the contour plot's edges).
    pub fn clamped(&self, view: ViewRect) -> Self {
        Self {
            m: self.m.clamp(view.x_min, view.x_max),
            b: self.b.clamp(view.y_min, view.y_max),
        }
    }
}

/// The chapter's three candidates, from a line that gets the trend backwards to one close to
/// the best.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    Poor,
    Better,
    Good,
}

impl Preset {
    pub const ALL: [Preset; 3] = [Preset::Poor, Preset::Better, Preset::Good];

    pub fn label(self) -> &'static str {
        match self {
            Preset::Poor => "poor",
            Preset::Better => "better",
            Preset::Good => "good",
        }
    }

    pub fn line(self) -> CandidateLine {
        match self {
            // Falls while the data rises.
            Preset::Poor => CandidateLine::new(-0.25, 3.5),
            // The right direction, too flat and too high.
            Preset::Better => CandidateLine::new(0.2, 2.0),
            // The "true" line the data was drawn around, a hair off least squares.
            Preset::Good => CandidateLine::new(0.5, 1.0),
        }
    }
}
