//! A landscape from a typed formula: the formula, its window, and what is found out about it
//! numerically once (its local minima, the colour scale that suits it, whether it falls
//! without bound), so pictures and races read them for free.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{KnownPoint, Point, PointKind, ViewRect, symmetric_eigenvalues};
use crate::core::formula::{Formula, FormulaError, Jet};

/// The window a new formula is drawn in: wide enough for most hand-typed bowls and bumps.
pub const DEFAULT_VIEW: ViewRect = ViewRect {
    x_min: -5.0,
    x_max: 5.0,
    y_min: -5.0,
    y_max: 5.0,
};

/// Local minima marked at most (a Rastrigin-like egg crate has a hundred in view).
pub const MAX_MINIMA: usize = 64;
/// Newton starts per axis when searching for minima.
const STARTS_PER_AXIS: usize = 12;

/// What a scene stores: the text and the window (so a file can be written by hand).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    formula: String,
    #[serde(default = "default_view")]
    view: ViewRect,
}

fn default_view() -> ViewRect {
    DEFAULT_VIEW
}

/// Properties measured on the formula inside its window.
#[derive(Clone, Debug, PartialEq)]
struct Analysis {
    minima: Vec<KnownPoint>,
    log_color: bool,
    unbounded_below: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(try_from = "Spec", into = "Spec")]
pub struct FormulaSurface {
    formula: Formula,
    view: ViewRect,
    analysis: Arc<Analysis>,
}

/// Equal formulas in equal windows are the same surface (the analysis follows from them).
impl PartialEq for FormulaSurface {
    fn eq(&self, other: &Self) -> bool {
        self.formula == other.formula && self.view == other.view
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FormulaSurfaceError {
    #[error("{0}")]
    Formula(#[from] FormulaError),
    #[error("the formula's view must be finite with x_min < x_max and y_min < y_max")]
    View,
}

impl TryFrom<Spec> for FormulaSurface {
    type Error = FormulaSurfaceError;

    fn try_from(spec: Spec) -> Result<Self, Self::Error> {
        Self::new(&spec.formula, spec.view)
    }
}

impl From<FormulaSurface> for Spec {
    fn from(s: FormulaSurface) -> Self {
        Spec {
            formula: s.formula.text().to_owned(),
            view: s.view,
        }
    }
}

impl FormulaSurface {
    /// Parses `text` and analyses it inside `view`.
    pub fn new(text: &str, view: ViewRect) -> Result<Self, FormulaSurfaceError> {
        let formula: Formula = text.parse()?;
        let corners = [view.x_min, view.x_max, view.y_min, view.y_max];
        let valid = corners.iter().all(|v| v.is_finite())
            && view.width() > 0.0
            && view.height() > 0.0
            && view.width().is_finite()
            && view.height().is_finite();
        if !valid {
            return Err(FormulaSurfaceError::View);
        }
        let analysis = Arc::new(analyse(&formula, view));
        Ok(Self {
            formula,
            view,
            analysis,
        })
    }

    /// What "formula…" starts with: an elongated bowl.
    pub const EXAMPLE: &str = "x^2 + 10*y^2";

    /// [`Self::EXAMPLE`] in the default window (the plane f = 0 if it ever failed to parse).
    pub fn example() -> Self {
        Self::parse(Self::EXAMPLE).unwrap_or_else(|_| {
            let formula = Formula::zero();
            let analysis = Arc::new(analyse(&formula, DEFAULT_VIEW));
            Self {
                formula,
                view: DEFAULT_VIEW,
                analysis,
            }
        })
    }

    /// A formula in the default window.
    pub fn parse(text: &str) -> Result<Self, FormulaError> {
        Self::new(text, DEFAULT_VIEW).map_err(|e| match e {
            FormulaSurfaceError::Formula(f) => f,
            // DEFAULT_VIEW is valid; kept total anyway.
            FormulaSurfaceError::View => FormulaError {
                message: e.to_string(),
                position: 1,
            },
        })
    }

    pub fn formula(&self) -> &Formula {
        &self.formula
    }

    pub fn text(&self) -> &str {
        self.formula.text()
    }

    pub fn view(&self) -> ViewRect {
        self.view
    }

    pub fn value(&self, p: Point) -> f64 {
        self.formula.value(p)
    }

    pub fn jet(&self, p: Point) -> Jet {
        self.formula.jet(p)
    }

    /// The local minima found in the window, lowest first; the lowest are marked global.
    pub fn minima(&self) -> &[KnownPoint] {
        &self.analysis.minima
    }

    pub fn log_color(&self) -> bool {
        self.analysis.log_color
    }

    pub fn unbounded_below(&self) -> bool {
        self.analysis.unbounded_below
    }

    /// The start a new race uses: up and to the left of the centre, on a slope of most bowls;
    /// if f is undefined there, the nearest point of a 21×21 lattice where it is defined.
    pub fn default_start(&self) -> Point {
        let v = self.view;
        let c = v.center();
        let preferred = [c[0] - 0.35 * v.width(), c[1] + 0.3 * v.height()];
        let defined = |p: Point| {
            let jet = self.jet(p);
            jet.value.is_finite() && jet.gradient.iter().all(|g| g.is_finite())
        };
        if defined(preferred) {
            return preferred;
        }
        let n = 21;
        let t = |k: usize| k as f64 / (n - 1) as f64;
        let distance = |p: &Point| (p[0] - preferred[0]).hypot(p[1] - preferred[1]);
        (0..n * n)
            .map(|k| {
                [
                    v.x_min + t(k % n) * v.width(),
                    v.y_min + t(k / n) * v.height(),
                ]
            })
            .filter(|&p| defined(p))
            .min_by(|a, b| distance(a).total_cmp(&distance(b)))
            .unwrap_or(preferred)
    }
}

fn analyse(formula: &Formula, view: ViewRect) -> Analysis {
    let (min, max) = finite_range(formula, view, 64);
    Analysis {
        minima: find_minima(formula, view),
        log_color: spans_decades(min, max),
        unbounded_below: falls_outside(formula, view, min),
    }
}

/// Smallest and largest finite value on an n×n lattice over `view` (NaN, NaN if none).
fn finite_range(formula: &Formula, view: ViewRect, n: usize) -> (f64, f64) {
    let mut range = (f64::NAN, f64::NAN);
    for j in 0..n {
        for i in 0..n {
            let t = |k: usize| k as f64 / (n - 1) as f64;
            let p = [
                view.x_min + t(i) * view.width(),
                view.y_min + t(j) * view.height(),
            ];
            let v = formula.value(p);
            if v.is_finite() {
                range = (range.0.min(v), range.1.max(v));
            }
        }
    }
    range
}

/// The rule the built-in surfaces follow for a log colour scale: never negative in view, and
/// climbing to a hundred times its floor (or to 100 above a zero floor), so on a linear scale
/// the basin would be one flat colour.
pub fn spans_decades(min: f64, max: f64) -> bool {
    min.is_finite() && max.is_finite() && min >= 0.0 && max >= 100.0 * min.max(1.0)
}

/// true when the formula goes lower just outside the window (where a race counts a downhill
/// exit as escaping, one view size from the centre) than anywhere inside it: a surface like
/// x² − y² that a path can slide down for ever.
fn falls_outside(formula: &Formula, view: ViewRect, min_inside: f64) -> bool {
    let c = view.center();
    let (hw, hh) = (view.width(), view.height());
    let samples = 64;
    let lowest_outside = (0..samples)
        .flat_map(|k| {
            let t = -1.0 + 2.0 * k as f64 / (samples - 1) as f64;
            [
                [c[0] + t * hw, c[1] - hh],
                [c[0] + t * hw, c[1] + hh],
                [c[0] - hw, c[1] + t * hh],
                [c[0] + hw, c[1] + t * hh],
            ]
        })
        .map(|p| formula.value(p))
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, f64::min);
    min_inside.is_finite() && lowest_outside < min_inside
}

/// Multi-start Newton from a grid of starts, each step made a descent step (the Hessian
/// shifted until positive definite) with a backtracking line search; the ends that are
/// stationary with a positive-definite Hessian are local minima, merged when they coincide.
fn find_minima(formula: &Formula, view: ViewRect) -> Vec<KnownPoint> {
    let size = view.width().hypot(view.height());
    let mut found: Vec<KnownPoint> = Vec::new();
    for j in 0..STARTS_PER_AXIS {
        for i in 0..STARTS_PER_AXIS {
            let t = |k: usize| (k as f64 + 0.5) / STARTS_PER_AXIS as f64;
            let start = [
                view.x_min + t(i) * view.width(),
                view.y_min + t(j) * view.height(),
            ];
            let Some(p) = descend(formula, start, size) else {
                continue;
            };
            if !view.contains(p) {
                continue;
            }
            // Within a ten-thousandth of the window is one point (a flat bottom such as x⁴'s
            // stops each descent at a slightly different place); the lowest is kept.
            let value = formula.value(p);
            let same = |k: &&mut KnownPoint| {
                (k.position[0] - p[0]).hypot(k.position[1] - p[1]) < 1e-4 * size
            };
            match found.iter_mut().find(same) {
                Some(k) if value < k.value => {
                    k.position = p;
                    k.value = value;
                }
                Some(_) => {}
                None => found.push(KnownPoint {
                    position: p,
                    value,
                    kind: PointKind::LocalMinimum,
                }),
            }
        }
    }
    found.sort_by(|a, b| a.value.total_cmp(&b.value));
    found.truncate(MAX_MINIMA);
    if let Some(lowest) = found.first().map(|k| k.value) {
        let tolerance = 1e-9 * (1.0 + lowest.abs());
        for k in &mut found {
            if k.value <= lowest + tolerance {
                k.kind = PointKind::GlobalMinimum;
            }
        }
    }
    found
}

/// Where the descent from `start` settles, if it settles at a strict local minimum.
fn descend(formula: &Formula, start: Point, size: f64) -> Option<Point> {
    let mut p = start;
    for _ in 0..200 {
        let jet = formula.jet(p);
        let finite = jet.value.is_finite()
            && jet.gradient.iter().all(|g| g.is_finite())
            && jet.hessian.iter().flatten().all(|h| h.is_finite());
        if !finite {
            return None;
        }
        let [g0, g1] = jet.gradient;
        let [lo, hi] = symmetric_eigenvalues(jet.hessian);
        // Flat-bottomed minima (x⁴) are approached too slowly for the step test below.
        if g0.hypot(g1) * size <= 1e-12 * (1.0 + jet.value.abs()) {
            return (lo >= 0.0).then_some(p);
        }
        let h = jet.hessian;
        // Shift the Hessian until it is safely positive definite: Newton where it already is.
        let floor = 1e-8 * (1.0 + hi.abs());
        let shift = if lo > floor { 0.0 } else { floor - lo };
        let (a, b, d) = (h[0][0] + shift, 0.5 * (h[0][1] + h[1][0]), h[1][1] + shift);
        let det = a * d - b * b;
        if det.is_nan() || det <= 0.0 {
            return None;
        }
        let step = [-(d * g0 - b * g1) / det, -(a * g1 - b * g0) / det];
        let slope = g0 * step[0] + g1 * step[1];
        let mut t = 1.0;
        let mut next = [p[0] + step[0], p[1] + step[1]];
        // Armijo backtracking; a NaN value (a hole) also counts as "not lower".
        let lower = |q: Point, t: f64| formula.value(q) <= jet.value + 1e-4 * t * slope;
        while !lower(next, t) && t > 1e-12 {
            t *= 0.5;
            next = [p[0] + t * step[0], p[1] + t * step[1]];
        }
        let moved = (t * step[0]).hypot(t * step[1]);
        if moved > 10.0 * size {
            return None;
        }
        p = next;
        if moved <= 1e-12 * size {
            // Stationary (to rounding) and curving up: flat-bottomed minima such as x⁴ count.
            let end = formula.jet(p);
            let [lo, _] = symmetric_eigenvalues(end.hessian);
            let gradient = end.gradient[0].hypot(end.gradient[1]);
            let stationary = gradient * size <= 1e-6 * (1.0 + end.value.abs());
            return (lo >= 0.0 && stationary).then_some(p);
        }
    }
    None
}
