//! The many-point forward pass behind every slice: the loss and accuracy of
//! `center + a·d1 + b·d2` for many `(a, b)` over one data set.
//!
//! The first layer's pre-activations are linear in the weights, so per image they are
//! computed once for `center`, `d1` and `d2` (three sparse passes over the pixels), and each
//! point then costs `zc + a·zd1 + b·zd2` plus the small later layers. That makes a 41x41
//! grid cost about as much as a few dozen ordinary evaluations instead of 1,681.

use ndarray::{ArrayView1, ArrayView2};

use crate::core::mlp::{Activation, LayerSpan, Loss, Mlp, contiguous};
use crate::core::mnist::Dataset;

use super::SliceError;

/// Images handled between two looks at the cancel flag (and per projection buffer).
const CHUNK: usize = 128;

/// A plane (or, without `d2`, a line) through parameter space.
#[derive(Debug, Clone, Copy)]
pub struct Plane<'a> {
    pub center: &'a [f32],
    pub d1: &'a [f32],
    pub d2: Option<&'a [f32]>,
}

/// How to evaluate: worker threads, and a flag polled between image chunks.
#[derive(Clone, Copy)]
pub struct EvalOptions<'a> {
    pub threads: usize,
    pub cancel: &'a (dyn Fn() -> bool + Sync),
}

fn never() -> bool {
    false
}

impl Default for EvalOptions<'_> {
    fn default() -> Self {
        EvalOptions {
            threads: 2,
            cancel: &never,
        }
    }
}

/// Mean loss and accuracy at each `coords` point of `plane`, in the order given.
pub fn evaluate_points(
    mlp: &Mlp<f32>,
    plane: &Plane<'_>,
    coords: &[[f32; 2]],
    data: &Dataset,
    opts: &EvalOptions<'_>,
) -> Result<Vec<(f64, f64)>, SliceError> {
    let n = mlp.param_count();
    for v in [Some(plane.center), Some(plane.d1), plane.d2]
        .into_iter()
        .flatten()
    {
        if v.len() != n {
            return Err(SliceError::LengthMismatch {
                expected: n,
                actual: v.len(),
            });
        }
    }
    if data.is_empty() {
        return Err(SliceError::EmptyData);
    }
    let threads = opts.threads.clamp(1, coords.len().max(1));
    let per = coords.len().div_ceil(threads).max(1);
    let parts: Vec<Result<Vec<(f64, f64)>, SliceError>> = if threads == 1 {
        vec![Evaluator::new(mlp, plane).run(coords, data, opts.cancel)]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = coords
                .chunks(per)
                .map(|part| {
                    s.spawn(move || Evaluator::new(mlp, plane).run(part, data, opts.cancel))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or(Err(SliceError::WorkerPanicked)))
                .collect()
        })
    };
    let mut out = Vec::with_capacity(coords.len());
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}

struct Evaluator<'a> {
    plane: Plane<'a>,
    spans: Vec<LayerSpan>,
    activation: Activation,
    loss: Loss,
}

impl<'a> Evaluator<'a> {
    fn new(mlp: &Mlp<f32>, plane: &Plane<'a>) -> Self {
        Evaluator {
            plane: *plane,
            spans: mlp.layers().to_vec(),
            activation: mlp.activation(),
            loss: mlp.loss(),
        }
    }

    fn run(
        &self,
        coords: &[[f32; 2]],
        data: &Dataset,
        cancel: &(dyn Fn() -> bool + Sync),
    ) -> Result<Vec<(f64, f64)>, SliceError> {
        let first = self.spans[0];
        let n1 = first.n_out;
        let tail_start = first.end();
        let (c, d1) = (self.plane.center, self.plane.d1);
        let d2 = self.plane.d2;
        // The first layer's (784, n1) weight matrices along center, d1 and d2.
        let (wc, w1) = (first.weights(c), first.weights(d1));
        let w2 = d2.map(|d2| first.weights(d2));
        let lut: Vec<f32> = (0..256).map(|p| (p as f64 / 255.0) as f32).collect();
        let mut sums = vec![(0.0f64, 0usize); coords.len()];
        // Per image of the chunk: first-layer pre-activations along center, d1, d2.
        let mut proj = vec![0.0f32; CHUNK * 3 * n1];
        // The parameters at one point; only the later layers' (from `tail_start`) are used.
        let mut point = vec![0.0f32; c.len()];
        let widest = self.spans.iter().map(|s| s.n_out).max().unwrap_or(0);
        let (mut act, mut next) = (vec![0.0f32; widest], vec![0.0f32; widest]);
        let mut start = 0;
        while start < data.len() {
            if cancel() {
                return Err(SliceError::Cancelled);
            }
            let end = (start + CHUNK).min(data.len());
            for (k, i) in (start..end).enumerate() {
                let p = &mut proj[k * 3 * n1..(k + 1) * 3 * n1];
                let (pc, rest) = p.split_at_mut(n1);
                let (p1, p2) = rest.split_at_mut(n1);
                pc.copy_from_slice(contiguous(first.bias(c)));
                p1.copy_from_slice(contiguous(first.bias(d1)));
                match d2 {
                    Some(d2) => p2.copy_from_slice(contiguous(first.bias(d2))),
                    None => p2.fill(0.0),
                }
                for (px, &v) in data.image(i).iter().enumerate() {
                    if v == 0 {
                        continue;
                    }
                    let x = lut[v as usize];
                    axpy(pc, x, contiguous(wc.row(px)));
                    axpy(p1, x, contiguous(w1.row(px)));
                    if let Some(w2) = &w2 {
                        axpy(p2, x, contiguous(w2.row(px)));
                    }
                }
            }
            for (&[a, b], sum) in coords.iter().zip(sums.iter_mut()) {
                for (k, w) in point.iter_mut().enumerate().skip(tail_start) {
                    *w = c[k] + a * d1[k] + d2.map_or(0.0, |d2| b * d2[k]);
                }
                let later: Vec<_> = (self.spans[1..].iter())
                    .map(|s| (s.weights(&point), s.bias(&point)))
                    .collect();
                for (k, i) in (start..end).enumerate() {
                    let p = &proj[k * 3 * n1..(k + 1) * 3 * n1];
                    for j in 0..n1 {
                        act[j] = p[j] + a * p[n1 + j] + b * p[2 * n1 + j];
                    }
                    let (loss, ok) = self.rest_of_pass(&later, &mut act, &mut next, data.labels[i]);
                    sum.0 += f64::from(loss);
                    sum.1 += ok as usize;
                }
            }
            start = end;
        }
        let n = data.len() as f64;
        Ok(sums
            .into_iter()
            .map(|(l, c)| (l / n, c as f64 / n))
            .collect())
    }

    /// From the first layer's pre-activations in `z` to the example's loss and correctness,
    /// with the later layers' weights and biases in `later`.
    fn rest_of_pass(
        &self,
        later: &[(ArrayView2<'_, f32>, ArrayView1<'_, f32>)],
        z: &mut Vec<f32>,
        next: &mut Vec<f32>,
        label: u8,
    ) -> (f32, bool) {
        let last = self.spans.len() - 1;
        for (l, span) in self.spans.iter().enumerate() {
            if l > 0 {
                let (w, b) = &later[l - 1];
                let out = &mut next[..span.n_out];
                out.copy_from_slice(contiguous(b.view()));
                let rows = contiguous(w.view()).chunks_exact(span.n_out);
                for (row, &x) in rows.zip(&z[..span.n_in]) {
                    if x != 0.0 {
                        axpy(out, x, row);
                    }
                }
                std::mem::swap(z, next);
            }
            if l < last {
                z[..span.n_out]
                    .iter_mut()
                    .for_each(|v| *v = activate(self.activation, *v));
            }
        }
        output_loss(self.loss, &z[..self.spans[last].n_out], label)
    }
}

#[inline(always)]
fn axpy(y: &mut [f32], x: f32, row: &[f32]) {
    let n = y.len().min(row.len());
    let (y, row) = (&mut y[..n], &row[..n]);
    for k in 0..n {
        y[k] += x * row[k];
    }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

fn activate(act: Activation, z: f32) -> f32 {
    match act {
        Activation::Sigmoid => sigmoid(z),
        Activation::Tanh => z.tanh(),
        Activation::Relu => z.max(0.0),
    }
}

/// The same cost as `Mlp::evaluate`: `log Σ exp z − z_label` (softmax cross-entropy), or
/// `½ Σ (σ(z) − onehot)²`. Softmax and sigmoid preserve order, so the argmax is taken on `z`.
fn output_loss(loss: Loss, z: &[f32], label: u8) -> (f32, bool) {
    let label = label as usize;
    let mut best = 0;
    for (k, &v) in z.iter().enumerate() {
        if v > z[best] {
            best = k;
        }
    }
    let value = match loss {
        Loss::CrossEntropy => {
            let m = z.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
            let s: f32 = z.iter().map(|&v| (v - m).exp()).sum();
            m + s.ln() - z.get(label).copied().unwrap_or(f32::NAN)
        }
        Loss::Mse => z.iter().enumerate().fold(0.0, |s, (k, &v)| {
            let e = sigmoid(v) - if k == label { 1.0 } else { 0.0 };
            s + 0.5 * e * e
        }),
    };
    (value, best == label)
}
