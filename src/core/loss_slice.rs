//! The real loss landscape of the MLP: slices through its ~12,000-dimensional weight space.
//!
//! - A random plane through the current weights, spanned by two *filter-normalised* random
//!   directions (Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets"): each
//!   neuron's incoming weights in the direction (its column of the layer's weight matrix) are
//!   rescaled to the norm of that neuron's incoming weights in the network, biases are 0. Without this, a step of 1 would mean
//!   something different for every neuron, and scale-invariant changes would look like hills.
//! - The straight line from the initial to the current weights (Goodfellow et al. 2015),
//!   and a random filter-normalised line through the current weights.
//! - The plane of the training path: its top two principal components (`pca`), with the
//!   path projected onto it.

mod eval;
pub mod pca;
pub mod plan;
mod weight_path;

use ndarray::ArrayView1;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, RngExt, SeedableRng};

use super::contour::ContourMap;
use super::contour::Grid;
use super::mlp::Mlp;
use super::mnist::Dataset;
use super::surface::ViewRect;

pub use eval::{EvalOptions, Plane, evaluate_points};
pub use pca::{PcaPlane, pca_plane, pca_plane_cancellable};
pub use plan::{
    SliceMode, SliceRequest, SliceView, compute, compute_stage, prepare, prepare_cancellable,
    stages,
};
pub use weight_path::{MAX_SNAPSHOTS, WeightPath};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SliceError {
    #[error("a direction has {actual} entries but the network has {expected} parameters")]
    LengthMismatch { expected: usize, actual: usize },
    #[error("no images to evaluate the loss on")]
    EmptyData,
    #[error("invalid slice setting: {0}")]
    Invalid(String),
    #[error("the trajectory needs at least 2 weight snapshots that differ, got {0}")]
    TooFewSnapshots(usize),
    #[error("the computation was cancelled")]
    Cancelled,
    #[error("a worker thread of the slice computation panicked")]
    WorkerPanicked,
}

/// `n` evenly spaced values from `lo` to `hi` inclusive. The i-th is computed from the
/// fraction `i / (n − 1)`, so a grid of `2n − 1` points contains the `n`-point grid's values
/// bit for bit (coarse-to-fine refinement reuses them).
pub fn linspace(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    match n {
        0 => Vec::new(),
        1 => vec![(lo + hi) / 2.0],
        _ => (0..n)
            .map(|i| lo + (hi - lo) * (i as f64 / (n - 1) as f64))
            .collect(),
    }
}

/// Standard normal by Box-Muller (rand 0.10 has no normal distribution without rand_distr).
pub(crate) fn gaussian<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    let u1 = 1.0 - rng.random::<f64>();
    let u2 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A random direction in parameter space, filter-normalised against `mlp`'s weights: for
/// every neuron, the direction's incoming weights have the norm of the neuron's incoming
/// weights; biases are 0. A neuron whose weights are all 0 gets a 0 direction.
pub fn filter_normalized_direction<R: Rng + ?Sized>(mlp: &Mlp<f32>, rng: &mut R) -> Vec<f32> {
    let params = mlp.params();
    let mut d = vec![0.0f32; params.len()];
    for layer in mlp.layers() {
        let mut dw = layer.weights_mut(&mut d);
        // Drawn in storage order, row by row (the seeded planes depend on it).
        dw.iter_mut().for_each(|v| *v = gaussian(rng) as f32);
        // A unit's incoming weights are its column of the (n_in, n_out) matrix.
        for (mut d_col, w_col) in dw
            .columns_mut()
            .into_iter()
            .zip(layer.weights(params).columns())
        {
            let (w_norm, d_norm) = (norm(w_col), norm(d_col.view()));
            let scale = if d_norm > 0.0 { w_norm / d_norm } else { 0.0 };
            d_col.mapv_inplace(|v| (f64::from(v) * scale) as f32);
        }
    }
    d
}

/// Euclidean norm, summed in f64 from the first entry on.
fn norm(v: ArrayView1<'_, f32>) -> f64 {
    v.iter()
        .map(|&x| f64::from(x) * f64::from(x))
        .sum::<f64>()
        .sqrt()
}

/// Two filter-normalised directions drawn from `seed` (the same seed gives the same plane).
pub fn random_plane(mlp: &Mlp<f32>, seed: u64) -> (Vec<f32>, Vec<f32>) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let d1 = filter_normalized_direction(mlp, &mut rng);
    let d2 = filter_normalized_direction(mlp, &mut rng);
    (d1, d2)
}

/// Loss and accuracy on a grid: `loss[j * alphas.len() + i]` is at `(alphas[i], betas[j])`,
/// row 0 at the smallest beta (the layout of `contour::Grid`).
#[derive(Debug, Clone, PartialEq)]
pub struct Slice2d {
    pub alphas: Vec<f64>,
    pub betas: Vec<f64>,
    pub loss: Vec<f64>,
    pub acc: Vec<f64>,
}

impl Slice2d {
    /// `(loss, acc)` at column `i`, row `j`.
    pub fn at(&self, i: usize, j: usize) -> Option<(f64, f64)> {
        if i >= self.alphas.len() {
            return None;
        }
        let k = j * self.alphas.len() + i;
        Some((*self.loss.get(k)?, *self.acc.get(k)?))
    }

    /// The loss as a contour grid (for isolines and the heatmap).
    pub fn loss_grid(&self) -> Grid {
        let first_last = |v: &[f64]| (v.first().copied(), v.last().copied());
        let ((x0, x1), (y0, y1)) = (first_last(&self.alphas), first_last(&self.betas));
        Grid {
            nx: self.alphas.len(),
            ny: self.betas.len(),
            view: ViewRect {
                x_min: x0.unwrap_or(0.0),
                x_max: x1.unwrap_or(0.0),
                y_min: y0.unwrap_or(0.0),
                y_max: y1.unwrap_or(0.0),
            },
            values: self.loss.clone(),
        }
    }

    /// Heatmap and contour lines of the loss, drawn as the 2-D lab draws its surfaces, with
    /// log-spaced colours and levels: the basin around trained weights is where the detail is.
    pub fn contour_map(&self) -> ContourMap {
        ContourMap::from_grid(self.loss_grid(), true)
    }

    /// The loss at the grid point nearest the origin (the current weights), and whether that
    /// point is exactly the origin: a plane fitted to a training path need not pass through it.
    pub fn loss_near_origin(&self) -> Option<(f64, bool)> {
        let nearest = |v: &[f64]| (0..v.len()).min_by(|&a, &b| v[a].abs().total_cmp(&v[b].abs()));
        let (i, j) = (nearest(&self.alphas)?, nearest(&self.betas)?);
        let exact = self.alphas[i] == 0.0 && self.betas[j] == 0.0;
        Some((self.at(i, j)?.0, exact))
    }
}

/// Loss and accuracy along a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line1d {
    pub alphas: Vec<f64>,
    pub loss: Vec<f64>,
    pub acc: Vec<f64>,
}

/// The loss and accuracy of `center + α·d1 + β·d2` for every `(alphas[i], betas[j])`.
/// Values already in `known` (same α and β, e.g. a coarser grid) are copied, not recomputed.
#[allow(clippy::too_many_arguments)]
pub fn slice_2d(
    mlp: &Mlp<f32>,
    center: &[f32],
    d1: &[f32],
    d2: &[f32],
    alphas: &[f64],
    betas: &[f64],
    data: &Dataset,
    known: Option<&Slice2d>,
    opts: &EvalOptions<'_>,
) -> Result<Slice2d, SliceError> {
    let index_in = |v: &[f64], x: f64| v.iter().position(|&y| y == x);
    let mut loss = vec![f64::NAN; alphas.len() * betas.len()];
    let mut acc = loss.clone();
    let mut todo = Vec::new();
    let mut coords = Vec::new();
    for (j, &b) in betas.iter().enumerate() {
        for (i, &a) in alphas.iter().enumerate() {
            let old = known.and_then(|k| k.at(index_in(&k.alphas, a)?, index_in(&k.betas, b)?));
            match old {
                Some((l, c)) => (loss[j * alphas.len() + i], acc[j * alphas.len() + i]) = (l, c),
                None => {
                    todo.push(j * alphas.len() + i);
                    coords.push([a as f32, b as f32]);
                }
            }
        }
    }
    let plane = Plane {
        center,
        d1,
        d2: Some(d2),
    };
    let values = evaluate_points(mlp, &plane, &coords, data, opts)?;
    for (k, (l, c)) in todo.into_iter().zip(values) {
        (loss[k], acc[k]) = (l, c);
    }
    Ok(Slice2d {
        alphas: alphas.to_vec(),
        betas: betas.to_vec(),
        loss,
        acc,
    })
}

/// The loss and accuracy of `center + α·dir` for every α.
pub fn slice_1d(
    mlp: &Mlp<f32>,
    center: &[f32],
    dir: &[f32],
    alphas: &[f64],
    data: &Dataset,
    opts: &EvalOptions<'_>,
) -> Result<Line1d, SliceError> {
    let coords: Vec<[f32; 2]> = alphas.iter().map(|&a| [a as f32, 0.0]).collect();
    let plane = Plane {
        center,
        d1: dir,
        d2: None,
    };
    let values = evaluate_points(mlp, &plane, &coords, data, opts)?;
    Ok(Line1d {
        alphas: alphas.to_vec(),
        loss: values.iter().map(|v| v.0).collect(),
        acc: values.iter().map(|v| v.1).collect(),
    })
}

/// Goodfellow et al.'s line `θ(α) = θ₀ + α·(θ − θ₀)`: α = 0 is `initial`, α = 1 `current`.
pub fn interpolation_line(
    mlp: &Mlp<f32>,
    initial: &[f32],
    current: &[f32],
    alphas: &[f64],
    data: &Dataset,
    opts: &EvalOptions<'_>,
) -> Result<Line1d, SliceError> {
    if initial.len() != current.len() {
        return Err(SliceError::LengthMismatch {
            expected: current.len(),
            actual: initial.len(),
        });
    }
    let dir: Vec<f32> = current.iter().zip(initial).map(|(c, i)| c - i).collect();
    slice_1d(mlp, initial, &dir, alphas, data, opts)
}
