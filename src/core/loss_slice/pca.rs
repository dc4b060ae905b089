//! The plane of a training path: the top two principal components of weight snapshots.
//!
//! With m snapshots of P parameters (m in the tens, P ≈ 12,000) the P×P covariance is out of
//! the question, but its nonzero eigenvalues are those of the m×m Gram matrix G = X Xᵀ of the
//! centred snapshots X: if G v = λ v then Xᵀ v is an eigenvector of XᵀX with the same λ.
//! G is diagonalised exactly by Jacobi rotations.

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
    let mut mean = vec![0.0f64; p];
    for r in &rows {
        check()?;
        mean.iter_mut()
            .zip(*r)
            .for_each(|(s, &x)| *s += f64::from(x));
    }
    mean.iter_mut().for_each(|s| *s /= m as f64);
    let mut centred: Vec<Vec<f64>> = Vec::with_capacity(m);
    for r in &rows {
        check()?;
        centred.push(
            r.iter()
                .zip(&mean)
                .map(|(&x, mu)| f64::from(x) - mu)
                .collect(),
        );
    }
    let mut gram = vec![0.0f64; m * m];
    for i in 0..m {
        check()?;
        for j in 0..=i {
            let g = dot(&centred[i], &centred[j]);
            (gram[i * m + j], gram[j * m + i]) = (g, g);
        }
    }
    let trace: f64 = (0..m).map(|i| gram[i * m + i]).sum();
    let (values, vectors) = jacobi_eigen(gram, m);
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let direction = |k: usize| -> Option<Vec<f64>> {
        let lambda = values[k];
        // Below this the "component" is rounding noise of the Gram matrix.
        if lambda.is_nan() || lambda <= 1e-12 * trace {
            return None;
        }
        let mut u = vec![0.0f64; p];
        for (i, row) in centred.iter().enumerate() {
            let c = vectors[i * m + k];
            u.iter_mut().zip(row).for_each(|(s, &x)| *s += c * x);
        }
        normalise(&mut u).then_some(u)
    };
    check()?;
    let u1 = direction(order[0]).ok_or(SliceError::TooFewSnapshots(m))?;
    check()?;
    let (u2, lambda2) = match direction(order[1]) {
        Some(u2) => (u2, values[order[1]]),
        None => (orthogonal_random(&u1, seed), 0.0),
    };
    let explained = [values[order[0]] / trace, lambda2.max(0.0) / trace];
    let project = |r: &[f32]| {
        let d: Vec<f64> = r
            .iter()
            .zip(origin)
            .map(|(&x, &o)| f64::from(x) - f64::from(o))
            .collect();
        [dot(&d, &u1), dot(&d, &u2)]
    };
    let mut paths = Vec::with_capacity(runs.len());
    for r in runs {
        check()?;
        paths.push(r.iter().map(|v| project(v)).collect());
    }
    let to_f32 = |u: &[f64]| u.iter().map(|&x| x as f32).collect();
    Ok(PcaPlane {
        origin: origin.to_vec(),
        d1: to_f32(&u1),
        d2: to_f32(&u2),
        explained,
        paths,
    })
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Scales `u` to unit length; false if it has none.
fn normalise(u: &mut [f64]) -> bool {
    let n = dot(u, u).sqrt();
    if n > 0.0 && n.is_finite() {
        u.iter_mut().for_each(|x| *x /= n);
        true
    } else {
        false
    }
}

fn orthogonal_random(u1: &[f64], seed: u64) -> Vec<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    loop {
        let mut v: Vec<f64> = u1.iter().map(|_| super::gaussian(&mut rng)).collect();
        let along = dot(&v, u1);
        v.iter_mut().zip(u1).for_each(|(x, &u)| *x -= along * u);
        if normalise(&mut v) {
            return v;
        }
    }
}

/// Eigenvalues and eigenvectors (column k of the row-major `n×n` result) of the symmetric
/// matrix `a`, by cyclic Jacobi rotations (Numerical Recipes §11.1).
pub(crate) fn jacobi_eigen(mut a: Vec<f64>, n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0.0f64; n * n];
    (0..n).for_each(|i| v[i * n + i] = 1.0);
    let total: f64 = a.iter().map(|x| x * x).sum();
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum();
        if off <= 1e-28 * total || off == 0.0 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq == 0.0 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i * n + i]).collect(), v)
}
