//! The plane of a training path: the top two principal components of weight snapshots.
//!
//! With m snapshots of P parameters (m in the tens, P ≈ 12,000) the P×P covariance is out of
//! the question, but its nonzero eigenvalues are those of the m×m Gram matrix G = X Xᵀ of the
//! centred snapshots X: if G v = λ v then Xᵀ v is an eigenvector of XᵀX with the same λ.
//! G is diagonalised exactly by Jacobi rotations.

use ndarray::{Array1, Array2, ArrayView1, Axis};
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

use super::SliceError;

/// Two orthonormal directions through `origin` and the runs' paths projected onto them.
#[derive(Debug, Clone, PartialEq)]
pub struct PcaPlane {
    pub origin: Vec<f32>,
    /// Unit vectors: coordinates along them are distances in parameter space.
    pub d1: Vec<f32>,
    pub d2: Vec<f32>,
    /// Fraction of the snapshots' variance along d1 and d2.
    pub explained: [f64; 2],
    /// Per run, each snapshot's `((θ − origin)·d1, (θ − origin)·d2)`.
    pub paths: Vec<Vec<[f64; 2]>>,
}

/// PCA of all runs' snapshots together (so two runs share one plane), centred on their mean;
/// the plane passes through `origin` (the current weights). When the snapshots span a single
/// line, the second direction is a random one (from `seed`) orthogonal to the first.
pub fn pca_plane(runs: &[&[Vec<f32>]], origin: &[f32], seed: u64) -> Result<PcaPlane, SliceError> {
    pca_plane_cancellable(runs, origin, seed, &|| false)
}

/// `pca_plane`, asking `cancel` between snapshots: with a large network (millions of
/// weights) and ~100 snapshots the Gram matrix alone takes seconds, and a newer request or a
/// closing window must not wait for it. Returns `SliceError::Cancelled` when told to stop.
pub fn pca_plane_cancellable(
    runs: &[&[Vec<f32>]],
    origin: &[f32],
    seed: u64,
    cancel: &dyn Fn() -> bool,
) -> Result<PcaPlane, SliceError> {
    let check = || {
        if cancel() {
            Err(SliceError::Cancelled)
        } else {
            Ok(())
        }
    };
    let p = origin.len();
    let rows: Vec<&[f32]> = runs.iter().flat_map(|r| r.iter().map(|v| &v[..])).collect();
    if let Some(bad) = rows.iter().find(|r| r.len() != p) {
        return Err(SliceError::LengthMismatch {
            expected: p,
            actual: bad.len(),
        });
    }
    let m = rows.len();
    if m < 2 {
        return Err(SliceError::TooFewSnapshots(m));
    }
    // X: one centred snapshot per row, m × P.
    let mut snapshots = Array2::<f64>::zeros((m, p));
    for (mut row, r) in snapshots.rows_mut().into_iter().zip(&rows) {
        check()?;
        row.iter_mut().zip(*r).for_each(|(s, &x)| *s = f64::from(x));
    }
    let mean = snapshots
        .mean_axis(Axis(0))
        .ok_or(SliceError::TooFewSnapshots(m))?;
    let centred = snapshots - &mean;
    // G = X Xᵀ, m × m, a row at a time so a cancel is seen between rows.
    let mut gram = Array2::<f64>::zeros((m, m));
    for i in 0..m {
        check()?;
        gram.row_mut(i).assign(&centred.dot(&centred.row(i)));
    }
    let trace = gram.diag().sum();
    let (values, vectors) = jacobi_eigen(gram);
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let direction = |k: usize| -> Option<Array1<f64>> {
        let lambda = values[k];
        // Below this the "component" is rounding noise of the Gram matrix.
        if lambda.is_nan() || lambda <= 1e-12 * trace {
            return None;
        }
        // Xᵀ v: the P-long eigenvector of XᵀX with the same eigenvalue.
        let mut u = centred.t().dot(&vectors.column(k));
        normalise(&mut u).then_some(u)
    };
    check()?;
    let u1 = direction(order[0]).ok_or(SliceError::TooFewSnapshots(m))?;
    check()?;
    let (u2, lambda2) = match direction(order[1]) {
        Some(u2) => (u2, values[order[1]]),
        None => (orthogonal_random(u1.view(), seed), 0.0),
    };
    let explained = [values[order[0]] / trace, lambda2.max(0.0) / trace];
    let project = |r: &[f32]| {
        let d: Array1<f64> = r
            .iter()
            .zip(origin)
            .map(|(&x, &o)| f64::from(x) - f64::from(o))
            .collect();
        [d.dot(&u1), d.dot(&u2)]
    };
    let mut paths = Vec::with_capacity(runs.len());
    for r in runs {
        check()?;
        paths.push(r.iter().map(|v| project(v)).collect());
    }
    let to_f32 = |u: &Array1<f64>| u.iter().map(|&x| x as f32).collect();
    Ok(PcaPlane {
        origin: origin.to_vec(),
        d1: to_f32(&u1),
        d2: to_f32(&u2),
        explained,
        paths,
    })
}

/// Scales `u` to unit length; false if it has none.
fn normalise(u: &mut Array1<f64>) -> bool {
    let n = u.dot(u).sqrt();
    if n > 0.0 && n.is_finite() {
        u.mapv_inplace(|x| x / n);
        true
    } else {
        false
    }
}

fn orthogonal_random(u1: ArrayView1<f64>, seed: u64) -> Array1<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    loop {
        let mut v: Array1<f64> = u1.iter().map(|_| super::gaussian(&mut rng)).collect();
        let along = v.dot(&u1);
        v.scaled_add(-along, &u1);
        if normalise(&mut v) {
            return v;
        }
    }
}

/// Eigenvalues and eigenvectors (column k of the result) of the symmetric matrix `a`, by
/// cyclic Jacobi rotations (Numerical Recipes §11.1).
pub(crate) fn jacobi_eigen(mut a: Array2<f64>) -> (Array1<f64>, Array2<f64>) {
    let n = a.nrows();
    let mut v = Array2::<f64>::eye(n);
    let total: f64 = a.iter().map(|x| x * x).sum();
    for _sweep in 0..100 {
        let off: f64 = a
            .indexed_iter()
            .filter(|((i, j), _)| i != j)
            .map(|(_, x)| x * x)
            .sum();
        if off <= 1e-28 * total || off == 0.0 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[[p, q]];
                if apq == 0.0 {
                    continue;
                }
                let theta = (a[[q, q]] - a[[p, p]]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                rotate(&mut a, Axis(1), p, q, c, s);
                rotate(&mut a, Axis(0), p, q, c, s);
                rotate(&mut v, Axis(1), p, q, c, s);
            }
        }
    }
    (a.diag().to_owned(), v)
}

/// Rotates lanes p and q (columns for Axis(1), rows for Axis(0)) of `a` by (c, s).
fn rotate(a: &mut Array2<f64>, axis: Axis, p: usize, q: usize, c: f64, s: f64) {
    let (mut lane_p, mut lane_q) = a.multi_slice_mut(match axis {
        Axis(1) => (ndarray::s![.., p], ndarray::s![.., q]),
        _ => (ndarray::s![p, ..], ndarray::s![q, ..]),
    });
    ndarray::Zip::from(&mut lane_p)
        .and(&mut lane_q)
        .for_each(|xp, xq| {
            let (ap, aq) = (*xp, *xq);
            *xp = c * ap - s * aq;
            *xq = s * ap + c * aq;
        });
}
