//! What the app and the CLI ask for (`SliceRequest`), and computing it coarse-to-fine:
//! `prepare` fixes the directions and ranges once, `compute_stage` evaluates one resolution.

use super::eval::EvalOptions;
use super::{
    Line1d, Slice2d, SliceError, interpolation_line, linspace, pca_plane_cancellable, random_plane,
    slice_1d, slice_2d,
};
use crate::core::mlp::Mlp;
use crate::core::mnist::Dataset;

/// Largest grid side accepted (201² points is already ~25x the default 41²).
pub const MAX_RESOLUTION: usize = 201;
/// Largest |α| of the random slices, in filter-normalised units (1 = a whole network's norm).
pub const MAX_RANGE: f64 = 100.0;
/// The Goodfellow line runs from α = −0.5 (before the initial weights) to 1.5 (past the
/// current ones).
pub const INTERPOLATION_RANGE: (f64, f64) = (-0.5, 1.5);
/// Margin around the projected training path, as a fraction of its extent.
const PATH_MARGIN: f64 = 0.2;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SliceMode {
    /// Two filter-normalised random directions through the current weights.
    #[default]
    RandomPlane,
    /// The top two principal components of the training path.
    Trajectory,
    /// 1-D: initial → current weights, and a random filter-normalised line.
    Lines,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SliceRequest {
    pub mode: SliceMode,
    /// Final grid points per axis; 1-D lines get `2·(resolution − 1) + 1` points.
    pub resolution: usize,
    /// Random plane and line: α, β ∈ [−range, range]. Trajectory mode sizes the grid to the
    /// path instead.
    pub range: f64,
    /// Seed of the random directions.
    pub seed: u64,
    /// Lines mode: the run's initial weights (None leaves out the Goodfellow line).
    pub initial: Option<Vec<f32>>,
    /// Trajectory mode: weight snapshots of each run, the current run first.
    pub runs: Vec<Vec<Vec<f32>>>,
}

impl Default for SliceRequest {
    fn default() -> Self {
        SliceRequest {
            mode: SliceMode::RandomPlane,
            resolution: 41,
            range: 1.0,
            seed: 1,
            initial: None,
            runs: Vec::new(),
        }
    }
}

impl SliceRequest {
    pub fn validate(&self) -> Result<(), SliceError> {
        if !(3..=MAX_RESOLUTION).contains(&self.resolution) {
            return Err(SliceError::Invalid(format!(
                "the grid needs 3 to {MAX_RESOLUTION} points per side, got {}",
                self.resolution
            )));
        }
        if !(self.range.is_finite() && self.range > 0.0 && self.range <= MAX_RANGE) {
            return Err(SliceError::Invalid(format!(
                "the range must be above 0 and at most {MAX_RANGE}, got {}",
                self.range
            )));
        }
        Ok(())
    }
}

/// Directions and ranges, fixed for all stages of one request.
#[derive(Clone, Debug)]
pub struct Prepared {
    mode: SliceMode,
    center: Vec<f32>,
    d1: Vec<f32>,
    d2: Vec<f32>,
    x: (f64, f64),
    y: (f64, f64),
    paths: Vec<Vec<[f64; 2]>>,
    explained: Option<[f64; 2]>,
    initial: Option<Vec<f32>>,
}

/// One stage's result.
#[derive(Clone, Debug, PartialEq)]
pub enum SliceView {
    Plane {
        slice: Slice2d,
        /// Projected training paths (trajectory mode), in the grid's coordinates.
        paths: Vec<Vec<[f64; 2]>>,
        /// Variance fraction along the two principal components (trajectory mode).
        explained: Option<[f64; 2]>,
    },
    Lines {
        random: Line1d,
        interpolation: Option<Line1d>,
    },
}

impl SliceView {
    /// Grid points per axis (for lines: of the random line).
    pub fn resolution(&self) -> usize {
        match self {
            SliceView::Plane { slice, .. } => slice.alphas.len(),
            SliceView::Lines { random, .. } => random.alphas.len(),
        }
    }
}

/// Resolutions to compute, coarse to fine, ending at `resolution`. Each halves the previous
/// grid spacing where possible (41 → 11, 21, 41), so finer grids reuse coarser values.
pub fn stages(resolution: usize) -> Vec<usize> {
    let mut out = vec![resolution];
    let mut n = resolution;
    while n > 1 && (n - 1).is_multiple_of(2) && (n - 1) / 2 + 1 >= 9 {
        n = (n - 1) / 2 + 1;
        out.push(n);
    }
    if out.len() == 1 && resolution > 15 {
        out.push(11);
    }
    out.reverse();
    out
}

/// Chooses the directions and ranges of `request` around `mlp`'s current weights.
pub fn prepare(request: &SliceRequest, mlp: &Mlp<f32>) -> Result<Prepared, SliceError> {
    prepare_cancellable(request, mlp, &|| false)
}

/// `prepare`, giving up with `SliceError::Cancelled` when `cancel` says so (the training-path
/// PCA can take seconds on a large network).
pub fn prepare_cancellable(
    request: &SliceRequest,
    mlp: &Mlp<f32>,
    cancel: &dyn Fn() -> bool,
) -> Result<Prepared, SliceError> {
    request.validate()?;
    let center = mlp.params().to_vec();
    let r = request.range;
    let (d1, d2) = random_plane(mlp, request.seed);
    let mut prep = Prepared {
        mode: request.mode,
        center,
        d1,
        d2,
        x: (-r, r),
        y: (-r, r),
        paths: Vec::new(),
        explained: None,
        initial: request.initial.clone(),
    };
    if request.mode == SliceMode::Trajectory {
        let runs: Vec<&[Vec<f32>]> = request.runs.iter().map(|r| &r[..]).collect();
        let plane = pca_plane_cancellable(&runs, &prep.center, request.seed, cancel)?;
        (prep.x, prep.y) = path_bounds(&plane.paths);
        prep.d1 = plane.d1;
        prep.d2 = plane.d2;
        prep.paths = plane.paths;
        prep.explained = Some(plane.explained);
    }
    Ok(prep)
}

/// A box around all path points and the origin, each side at least a quarter of the other.
fn path_bounds(paths: &[Vec<[f64; 2]>]) -> ((f64, f64), (f64, f64)) {
    let pts = paths.iter().flatten().chain(std::iter::once(&[0.0, 0.0]));
    let (mut x, mut y) = ((0.0f64, 0.0f64), (0.0f64, 0.0f64));
    for p in pts.filter(|p| p[0].is_finite() && p[1].is_finite()) {
        x = (x.0.min(p[0]), x.1.max(p[0]));
        y = (y.0.min(p[1]), y.1.max(p[1]));
    }
    let size = (x.1 - x.0).max(y.1 - y.0).max(1e-6);
    let widen = |(lo, hi): (f64, f64)| {
        let half = ((hi - lo).max(0.25 * size) / 2.0) * (1.0 + 2.0 * PATH_MARGIN);
        let mid = (lo + hi) / 2.0;
        (mid - half, mid + half)
    };
    (widen(x), widen(y))
}

/// Evaluates `prep` at resolution `n`, reusing a coarser `previous` plane's values.
pub fn compute_stage(
    prep: &Prepared,
    mlp: &Mlp<f32>,
    n: usize,
    previous: Option<&SliceView>,
    data: &Dataset,
    opts: &EvalOptions<'_>,
) -> Result<SliceView, SliceError> {
    match prep.mode {
        SliceMode::RandomPlane | SliceMode::Trajectory => {
            let known = match previous {
                Some(SliceView::Plane { slice, .. }) => Some(slice),
                _ => None,
            };
            let alphas = linspace(prep.x.0, prep.x.1, n);
            let betas = linspace(prep.y.0, prep.y.1, n);
            let slice = slice_2d(
                mlp,
                &prep.center,
                &prep.d1,
                &prep.d2,
                &alphas,
                &betas,
                data,
                known,
                opts,
            )?;
            Ok(SliceView::Plane {
                slice,
                paths: prep.paths.clone(),
                explained: prep.explained,
            })
        }
        SliceMode::Lines => {
            let m = 2 * (n.max(2) - 1) + 1;
            let alphas = linspace(prep.x.0, prep.x.1, m);
            let random = slice_1d(mlp, &prep.center, &prep.d1, &alphas, data, opts)?;
            let interpolation = match &prep.initial {
                Some(initial) => {
                    let (lo, hi) = INTERPOLATION_RANGE;
                    let alphas = linspace(lo, hi, m);
                    Some(interpolation_line(
                        mlp,
                        initial,
                        &prep.center,
                        &alphas,
                        data,
                        opts,
                    )?)
                }
                None => None,
            };
            Ok(SliceView::Lines {
                random,
                interpolation,
            })
        }
    }
}

/// Everything at once at the final resolution (the CLI's path).
pub fn compute(
    request: &SliceRequest,
    mlp: &Mlp<f32>,
    data: &Dataset,
    opts: &EvalOptions<'_>,
) -> Result<SliceView, SliceError> {
    let prep = prepare(request, mlp)?;
    compute_stage(&prep, mlp, request.resolution, None, data, opts)
}
