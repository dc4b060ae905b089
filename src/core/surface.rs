//! Two-dimensional loss landscapes: the classic optimisation test functions plus the
//! chapter's linear-regression cost, each with analytic gradient and Hessian.

mod catalogue;
mod custom;
mod functions;

pub use custom::{FormulaSurface, FormulaSurfaceError, spans_decades};

use serde::{Deserialize, Serialize};

use crate::core::regression::Regression;

/// A point in the plane: for test functions `(x, y)`, for regression `(m, b)`.
pub type Point = [f64; 2];

/// An axis-aligned rectangle of the plane (inclusive bounds).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewRect {
    pub x_min: f64,
    pub x_max: f64,
    pub y_min: f64,
    pub y_max: f64,
}

impl ViewRect {
    pub fn width(&self) -> f64 {
        self.x_max - self.x_min
    }

    pub fn height(&self) -> f64 {
        self.y_max - self.y_min
    }

    pub fn center(&self) -> Point {
        [
            0.5 * (self.x_min + self.x_max),
            0.5 * (self.y_min + self.y_max),
        ]
    }

    pub fn contains(&self, p: Point) -> bool {
        (self.x_min..=self.x_max).contains(&p[0]) && (self.y_min..=self.y_max).contains(&p[1])
    }

    /// true if p is farther than `factor` view-sizes from the view centre (divergence test) or non-finite
    ///
    /// Measured per axis in units of that axis' extent, so a tall narrow view does not
    /// flag points that are merely beyond its short side.
    pub fn is_far_outside(&self, p: Point, factor: f64) -> bool {
        if !(p[0].is_finite() && p[1].is_finite()) {
            return true;
        }
        let c = self.center();
        // A degenerate (zero-size) view would otherwise divide by zero.
        let w = self.width().abs().max(f64::MIN_POSITIVE);
        let h = self.height().abs().max(f64::MIN_POSITIVE);
        (p[0] - c[0]).abs() / w > factor || (p[1] - c[1]).abs() / h > factor
    }
}

/// What a listed stationary point is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointKind {
    GlobalMinimum,
    LocalMinimum,
    Saddle,
}

/// A documented stationary point of a surface, with its exact (or 16-digit) value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KnownPoint {
    pub position: Point,
    pub value: f64,
    pub kind: PointKind,
}

/// Which landscape. Serialised in kebab-case, matching [`SurfaceKind::name`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SurfaceKind {
    Regression,
    Beale,
    Rosenbrock,
    Himmelblau,
    Saddle,
    MonkeySaddle,
    Rastrigin,
    Ackley,
    SixHumpCamel,
    GoldsteinPrice,
    Booth,
    Banana,
    LongValley,
    /// Typed by the teacher: not in [`SurfaceKind::ALL`] (the built-ins), and a
    /// [`Surface::Formula`] carries the formula itself.
    Formula,
}

impl SurfaceKind {
    pub const ALL: [SurfaceKind; 13] = [
        SurfaceKind::Regression,
        SurfaceKind::Beale,
        SurfaceKind::Rosenbrock,
        SurfaceKind::Himmelblau,
        SurfaceKind::Saddle,
        SurfaceKind::MonkeySaddle,
        SurfaceKind::Rastrigin,
        SurfaceKind::Ackley,
        SurfaceKind::SixHumpCamel,
        SurfaceKind::GoldsteinPrice,
        SurfaceKind::Booth,
        SurfaceKind::Banana,
        SurfaceKind::LongValley,
    ];

    /// Stable identifier used by the CLI and in saved settings.
    pub fn name(self) -> &'static str {
        match self {
            SurfaceKind::Regression => "regression",
            SurfaceKind::Beale => "beale",
            SurfaceKind::Rosenbrock => "rosenbrock",
            SurfaceKind::Himmelblau => "himmelblau",
            SurfaceKind::Saddle => "saddle",
            SurfaceKind::MonkeySaddle => "monkey-saddle",
            SurfaceKind::Rastrigin => "rastrigin",
            SurfaceKind::Ackley => "ackley",
            SurfaceKind::SixHumpCamel => "six-hump-camel",
            SurfaceKind::GoldsteinPrice => "goldstein-price",
            SurfaceKind::Booth => "booth",
            SurfaceKind::Banana => "banana",
            SurfaceKind::LongValley => "long-valley",
            SurfaceKind::Formula => "formula",
        }
    }

    /// Case-insensitive; accepts `_` (and spaces) in place of `-`.
    pub fn from_name(s: &str) -> Option<Self> {
        let wanted: String = s
            .trim()
            .chars()
            .map(|c| match c {
                '_' | ' ' => '-',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        Self::ALL.into_iter().find(|k| k.name() == wanted)
    }

    /// Display name, e.g. "Six-hump camel".
    pub fn label(self) -> &'static str {
        catalogue::label(self)
    }

    /// The definition, in Unicode maths.
    pub fn formula(self) -> &'static str {
        catalogue::formula(self)
    }

    /// What this landscape teaches, in a sentence or two.
    pub fn description(self) -> &'static str {
        catalogue::description(self)
    }

    /// true when the loss has no lower bound (x² − y², x³ − 3xy²): a path can slide down
    /// forever, which is escaping, not diverging.
    pub fn unbounded_below(self) -> bool {
        matches!(self, SurfaceKind::Saddle | SurfaceKind::MonkeySaddle)
    }

    /// true when the value range spans orders of magnitude (so colour/contours should be log-scaled).
    ///
    /// Every surface whose minimum is 0 (or 3, for Goldstein–Price) and which climbs to
    /// hundreds or more inside its view: on a linear scale its basin would be one flat colour.
    pub fn log_color(self) -> bool {
        matches!(
            self,
            SurfaceKind::Regression
                | SurfaceKind::Beale
                | SurfaceKind::Rosenbrock
                | SurfaceKind::Himmelblau
                | SurfaceKind::GoldsteinPrice
                | SurfaceKind::Booth
                | SurfaceKind::Banana
                | SurfaceKind::LongValley
        )
    }
}

/// A landscape the optimisers can run on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Surface {
    /// A closed-form test function. Never holds [`SurfaceKind::Regression`] when built via
    /// [`Surface::new`]; if constructed that way anyway it behaves as the chapter's default
    /// regression.
    Function(SurfaceKind),
    /// The mean-squared-error cost of fitting a line to a dataset.
    Regression(Regression),
    /// f(x, y) as typed, with its window (validated when a scene is read).
    Formula(FormulaSurface),
}

impl Surface {
    pub fn new(kind: SurfaceKind) -> Self {
        match kind {
            SurfaceKind::Regression => Surface::Regression(Regression::chapter_default()),
            SurfaceKind::Formula => Surface::Formula(FormulaSurface::example()),
            other => Surface::Function(other),
        }
    }

    pub fn kind(&self) -> SurfaceKind {
        match self {
            Surface::Function(k) => *k,
            Surface::Regression(_) => SurfaceKind::Regression,
            Surface::Formula(_) => SurfaceKind::Formula,
        }
    }

    pub fn value(&self, p: Point) -> f64 {
        match self {
            Surface::Function(SurfaceKind::Regression) => Regression::chapter_default().value(p),
            Surface::Function(k) => functions::jet(*k, p).value,
            Surface::Regression(r) => r.value(p),
            Surface::Formula(f) => f.value(p),
        }
    }

    /// Analytic gradient. For Ackley, whose cone tip at the origin is not differentiable,
    /// the gradient there is defined as 0 (the minimum).
    pub fn gradient(&self, p: Point) -> Point {
        match self {
            Surface::Function(SurfaceKind::Regression) => Regression::chapter_default().gradient(p),
            Surface::Function(k) => functions::jet(*k, p).gradient,
            Surface::Regression(r) => r.gradient(p),
            Surface::Formula(f) => f.formula().gradient(p),
        }
    }

    /// Analytic Hessian. For Ackley at exactly the origin only the (finite) cosine term's
    /// Hessian is returned, since the exponential-of-radius term's curvature is unbounded there.
    pub fn hessian(&self, p: Point) -> [[f64; 2]; 2] {
        match self {
            Surface::Function(SurfaceKind::Regression) => Regression::chapter_default().hessian(),
            Surface::Function(k) => functions::jet(*k, p).hessian,
            Surface::Regression(r) => r.hessian(),
            Surface::Formula(f) => f.jet(p).hessian,
        }
    }

    pub fn default_view(&self) -> ViewRect {
        match self {
            Surface::Function(SurfaceKind::Regression) => Regression::default_view(),
            Surface::Regression(r) => r.home_view(),
            Surface::Function(k) => catalogue::default_view(*k),
            Surface::Formula(f) => f.view(),
        }
    }

    /// All documented minima and saddles (no maxima). Regression: its OLS minimum, if defined.
    pub fn known_points(&self) -> Vec<KnownPoint> {
        let regression_min = |r: &Regression| {
            r.ols()
                .map(|mb| KnownPoint {
                    position: mb,
                    value: r.value(mb),
                    kind: PointKind::GlobalMinimum,
                })
                .into_iter()
                .collect()
        };
        match self {
            Surface::Function(SurfaceKind::Regression) => {
                regression_min(&Regression::chapter_default())
            }
            Surface::Function(k) => catalogue::known_points(*k),
            Surface::Regression(r) => regression_min(r),
            Surface::Formula(f) => f.minima().to_vec(),
        }
    }

    /// Log colour scale: the built-ins' choice, or measured on a formula in its window.
    pub fn log_color(&self) -> bool {
        match self {
            Surface::Formula(f) => f.log_color(),
            other => other.kind().log_color(),
        }
    }

    /// See [`SurfaceKind::unbounded_below`]; measured for a formula.
    pub fn unbounded_below(&self) -> bool {
        match self {
            Surface::Formula(f) => f.unbounded_below(),
            other => other.kind().unbounded_below(),
        }
    }

    /// A title for figures: the built-in's name, or the formula as typed.
    pub fn title(&self) -> String {
        match self {
            Surface::Formula(f) => format!("f(x,y) = {}", f.text()),
            other => other.kind().label().to_owned(),
        }
    }
}

/// eigenvalues of a symmetric 2x2 matrix, ascending
///
/// The off-diagonal is taken as the mean of the two entries. The smaller-magnitude root is
/// recovered from the determinant to avoid cancellation when the eigenvalues differ hugely.
pub fn symmetric_eigenvalues(h: [[f64; 2]; 2]) -> [f64; 2] {
    let a = h[0][0];
    let c = h[1][1];
    let b = 0.5 * (h[0][1] + h[1][0]);
    let mean = 0.5 * (a + c);
    let radius = (0.5 * (a - c)).hypot(b);
    let big = if mean >= 0.0 {
        mean + radius
    } else {
        mean - radius
    };
    let small = if big != 0.0 {
        (a * c - b * b) / big
    } else {
        0.0
    };
    if big <= small {
        [big, small]
    } else {
        [small, big]
    }
}
