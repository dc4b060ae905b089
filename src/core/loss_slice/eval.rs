//! The many-point forward pass behind every slice: the loss and accuracy of
//! `center + a·d1 + b·d2` for many `(a, b)` over one data set.
//!
//! The first layer's pre-activations are linear in the weights, so per image they are
//! computed once for `center`, `d1` and `d2` (three sparse passes over the pixels), and each
//! point then costs `zc + a·zd1 + b·zd2` plus the small later layers. That makes a 41x41
//! grid cost about as much as a few dozen ordinary evaluations instead of 1,681.

use crate::core::mlp::{Activation, Loss, Mlp};
use crate::core::mnist::Dataset;

use super::SliceError;

/// Images handled between two looks at the cancel flag (and per projection buffer).
const CHUNK: usize = 128;

/// Where one layer lives in the flat parameter vector (layout documented in `core::mlp`:
/// input-major weights `w[i * n_out + j]`, then the `n_out` biases).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LayerSpan {
    pub n_in: usize,
    pub n_out: usize,
    pub w: usize,
    pub b: usize,
}

pub(crate) fn layer_spans(sizes: &[usize]) -> Vec<LayerSpan> {
    let mut offset = 0;
    sizes
        .windows(2)
        .map(|pair| {
            let span = LayerSpan {
                n_in: pair[0],
                n_out: pair[1],
                w: offset,
                b: offset + pair[0] * pair[1],
            };
            offset += pair[0] * pair[1] + pair[1];
            span
        })
        .collect()
}

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
            spans: layer_spans(mlp.sizes()),
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
        let tail_start = first.b + n1;
        let (c, d1) = (self.plane.center, self.plane.d1);
        let d2 = self.plane.d2;
        let lut: Vec<f32> = (0..256).map(|p| (p as f64 / 255.0) as f32).collect();
        let mut sums = vec![(0.0f64, 0usize); coords.len()];
        // Per image of the chunk: first-layer pre-activations along center, d1, d2.
        let mut proj = vec![0.0f32; CHUNK * 3 * n1];
        let mut tail = vec![0.0f32; c.len() - tail_start];
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
                pc.copy_from_slice(&c[first.b..first.b + n1]);
                p1.copy_from_slice(&d1[first.b..first.b + n1]);
                match d2 {
                    Some(d2) => p2.copy_from_slice(&d2[first.b..first.b + n1]),
                    None => p2.fill(0.0),
                }
                for (px, &v) in data.image(i).iter().enumerate() {
                    if v == 0 {
                        continue;
                    }
                    let x = lut[v as usize];
                    let row = first.w + px * n1..first.w + (px + 1) * n1;
                    axpy(pc, x, &c[row.clone()]);
                    axpy(p1, x, &d1[row.clone()]);
                    if let Some(d2) = d2 {
                        axpy(p2, x, &d2[row]);
                    }
                }
            }
            for (&[a, b], sum) in coords.iter().zip(sums.iter_mut()) {
                for (t, w) in tail.iter_mut().enumerate() {
                    let k = tail_start + t;
                    *w = c[k] + a * d1[k] + d2.map_or(0.0, |d2| b * d2[k]);
                }
                for (k, i) in (start..end).enumerate() {
                    let p = &proj[k * 3 * n1..(k + 1) * 3 * n1];
                    for j in 0..n1 {
                        act[j] = p[j] + a * p[n1 + j] + b * p[2 * n1 + j];
                    }
                    let (loss, ok) =
                        self.rest_of_pass(&tail, tail_start, &mut act, &mut next, data.labels[i]);
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
    /// with the later layers' parameters in `tail` (which starts at flat offset `tail_start`).
    fn rest_of_pass(
        &self,
        tail: &[f32],
        tail_start: usize,
        z: &mut Vec<f32>,
        next: &mut Vec<f32>,
        label: u8,
    ) -> (f32, bool) {
        let last = self.spans.len() - 1;
        for (l, span) in self.spans.iter().enumerate() {
            if l > 0 {
                let (w, b) = (span.w - tail_start, span.b - tail_start);
                let out = &mut next[..span.n_out];
                out.copy_from_slice(&tail[b..b + span.n_out]);
                for (i, &x) in z[..span.n_in].iter().enumerate() {
                    if x != 0.0 {
                        axpy(out, x, &tail[w + i * span.n_out..w + (i + 1) * span.n_out]);
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
