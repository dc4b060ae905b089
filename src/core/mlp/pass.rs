//! The per-example forward and backward passes (the hot loops).

use ndarray::{Array2, ArrayView1, ArrayViewMut2};
use rand::{Rng, RngExt};

use super::kernel::{add_outer, add_rows, axpy};
use super::{Activation, Loss, Mlp, Regularisation, cast, contiguous, contiguous_mut};
use crate::core::optimizer::Scalar;

/// Scratch buffers for one example; reused across examples so training allocates nothing.
#[derive(Debug, Clone)]
pub(super) struct Workspace<T> {
    /// `pixel / 255` for every byte value, so conversion is a table lookup.
    lut: Vec<T>,
    /// The input as pixel indices and values: the first `n_input` entries are the nonzero
    /// pixels (all pixels when noise is on). Fixed length, so filling it never allocates.
    input_idx: Vec<u32>,
    input_val: Vec<T>,
    n_input: usize,
    /// The first layer's weight gradient, shape `(n_in, padded(n))` instead of `(n_in, n)`
    /// (when those differ). Adding a padded row right after its overlapping neighbour makes the
    /// CPU wait for the earlier store (a failed store-to-load forward), which for 784-15-10
    /// cost a third of the epoch. Only used for batches of `PADDED_GRAD_MIN_BATCH` or more,
    /// as copying it out costs a pass over the weights; all zero outside a batch.
    first_grad: Array2<T>,
    first_grad_live: bool,
    /// A sparse image expanded back to all its pixels (only when input noise needs them).
    dense: Vec<u8>,
    /// Output of every layer (hidden ones after dropout); the last is the network output.
    /// Buffers are `padded(n)` long; only the first `n` entries are meaningful.
    acts: Vec<Vec<T>>,
    /// Per hidden layer: activation derivative times dropout mask.
    dact: Vec<Vec<T>>,
    /// Per hidden layer: which units the last forward pass kept (its dropout mask), valid
    /// when `kept_live` (the pass was a training pass with dropout on).
    kept: Vec<Vec<bool>>,
    kept_live: bool,
    /// Per layer: d(loss)/d(pre-activation), already divided by the batch size. The padding
    /// tail stays 0, which is what makes the padded gradient rows below harmless.
    delta: Vec<Vec<T>>,
    z_out: Vec<T>,
    /// log Σ exp(z_out), for a cross-entropy that cannot overflow or hit ln(0).
    lse: T,
}

impl<T: Scalar> Default for Workspace<T> {
    fn default() -> Self {
        Workspace {
            lut: Vec::new(),
            input_idx: Vec::new(),
            input_val: Vec::new(),
            n_input: 0,
            dense: Vec::new(),
            first_grad: Array2::zeros((0, 0)),
            first_grad_live: false,
            acts: Vec::new(),
            dact: Vec::new(),
            kept: Vec::new(),
            kept_live: false,
            delta: Vec::new(),
            z_out: Vec::new(),
            lse: T::zero(),
        }
    }
}

impl<T: Scalar> Workspace<T> {
    pub(super) fn new(sizes: &[usize]) -> Self {
        let layers = &sizes[1..];
        Workspace {
            lut: (0..256).map(|p| cast(p as f64 / 255.0)).collect(),
            input_idx: vec![0; sizes[0]],
            input_val: vec![T::zero(); sizes[0]],
            n_input: 0,
            dense: vec![0; sizes[0]],
            first_grad: Array2::zeros((0, 0)),
            first_grad_live: false,
            acts: layers.iter().map(|&n| vec![T::zero(); padded(n)]).collect(),
            dact: layers.iter().map(|&n| vec![T::zero(); n]).collect(),
            kept: layers[..layers.len() - 1]
                .iter()
                .map(|&n| vec![true; n])
                .collect(),
            kept_live: false,
            delta: layers.iter().map(|&n| vec![T::zero(); padded(n)]).collect(),
            z_out: vec![T::zero(); sizes[sizes.len() - 1]],
            lse: T::zero(),
        }
    }

    /// The dropout mask of the last forward pass's first hidden layer (true = kept), if that
    /// pass dropped units.
    pub(super) fn dropout_mask(&self) -> Option<&[bool]> {
        self.kept
            .first()
            .filter(|_| self.kept_live)
            .map(Vec::as_slice)
    }

    pub(super) fn output(&self) -> &[T] {
        &self.acts[self.acts.len() - 1][..self.z_out.len()]
    }

    /// Routes this batch's first-layer weight gradient to the padded buffer if worthwhile.
    pub(super) fn begin_batch(&mut self, sizes: &[usize], batch: usize) {
        let n = sizes[1];
        self.first_grad_live = padded(n) != n && batch >= PADDED_GRAD_MIN_BATCH;
        if self.first_grad_live && self.first_grad.is_empty() {
            self.first_grad = Array2::zeros((sizes[0], padded(n)));
        }
    }

    /// Moves the padded first-layer gradient into `grad_w` (shape `(n_in, n)`) and zeroes it.
    pub(super) fn end_batch(&mut self, grad_w: ArrayViewMut2<'_, T>) {
        if !self.first_grad_live {
            return;
        }
        let (n, np) = (grad_w.ncols(), self.first_grad.ncols());
        // Row copies of plain slices: this runs once per batch over every first-layer weight.
        let padded_rows = contiguous_mut(self.first_grad.view_mut()).chunks_exact_mut(np);
        for (g, row) in contiguous_mut(grad_w).chunks_exact_mut(n).zip(padded_rows) {
            g.copy_from_slice(&row[..n]);
            row.fill(T::zero());
        }
        self.first_grad_live = false;
    }

    /// Makes `image` the input: its nonzero pixels, or all of them plus noise when `rng` is
    /// given (training) and input noise is on.
    fn load_image<R: Rng + ?Sized>(
        &mut self,
        image: &[u8],
        rng: Option<&mut R>,
        reg: &Regularisation,
    ) {
        let image = &image[..image.len().min(self.input_idx.len())];
        let (idx, val) = (&mut self.input_idx, &mut self.input_val);
        self.n_input = match rng {
            Some(r) if reg.input_noise > 0.0 => {
                for (i, &p) in image.iter().enumerate() {
                    idx[i] = i as u32;
                    val[i] = self.lut[p as usize] + cast(reg.input_noise * gaussian(r));
                }
                image.len()
            }
            _ => {
                // Branch-free compaction: ~19% of pixels are nonzero in no predictable
                // pattern, so a filter would mispredict constantly. k <= i keeps it in bounds.
                // Whole blank 16-pixel runs (the borders) are skipped with one test.
                let mut k = 0;
                for (c, chunk) in image.chunks(16).enumerate() {
                    if chunk.iter().fold(0, |acc, &p| acc | p) == 0 {
                        continue;
                    }
                    for (j, &p) in chunk.iter().enumerate() {
                        idx[k] = (c * 16 + j) as u32;
                        val[k] = self.lut[p as usize];
                        k += (p != 0) as usize;
                    }
                }
                k
            }
        };
    }
}

pub(super) fn argmax<T: Scalar>(v: &[T]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}

/// Rows are processed `padded(n)` wide so the inner loop is whole 4-lane chunks the compiler
/// turns into SIMD. A padded row read runs `padded(n) - n` (≤ 3) entries into the next row or
/// the biases (kernels get the layer's `(n_in + 1, n)` block and stop at its end); those
/// extra outputs are ignored, and a padded gradient write adds `x * 0` there, a no-op.
pub(super) fn padded(n: usize) -> usize {
    n.div_ceil(LANES) * LANES
}

const LANES: usize = 4;

/// Smallest batch whose first-layer gradient is accumulated in `Workspace::first_grad`.
const PADDED_GRAD_MIN_BATCH: usize = 4;

/// Standard normal by Box-Muller (rand 0.10 ships no normal distribution without rand_distr).
fn gaussian<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    let u1 = 1.0 - rng.random::<f64>();
    let u2 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

impl<T: Scalar> Mlp<T> {
    /// Fills `ws` for one image. `rng` = training mode (dropout and input noise active).
    pub(super) fn forward<R: Rng + ?Sized>(
        &self,
        ws: &mut Workspace<T>,
        image: &[u8],
        mut rng: Option<&mut R>,
        reg: &Regularisation,
    ) {
        ws.load_image(image, rng.as_deref_mut(), reg);
        self.forward_loaded(ws, rng, reg);
    }

    /// `forward` for an image given as its nonzero pixels.
    pub(super) fn forward_sparse<R: Rng + ?Sized>(
        &self,
        ws: &mut Workspace<T>,
        (idx, val): (&[u16], &[u8]),
        mut rng: Option<&mut R>,
        reg: &Regularisation,
    ) {
        match rng.as_deref_mut() {
            // Noise makes every pixel nonzero: rebuild the dense image so the noise is drawn
            // exactly as for a dense input.
            Some(r) if reg.input_noise > 0.0 => {
                let mut dense = std::mem::take(&mut ws.dense);
                dense.fill(0);
                for (&i, &p) in idx.iter().zip(val) {
                    dense[usize::from(i)] = p;
                }
                ws.load_image(&dense, Some(r), reg);
                ws.dense = dense;
            }
            _ => {
                let m = idx.len().min(ws.input_idx.len());
                for (k, (&i, &p)) in idx[..m].iter().zip(&val[..m]).enumerate() {
                    ws.input_idx[k] = u32::from(i);
                    ws.input_val[k] = ws.lut[usize::from(p)];
                }
                ws.n_input = m;
            }
        }
        self.forward_loaded(ws, rng, reg);
    }

    /// The layers, from the input already loaded into `ws`.
    fn forward_loaded<R: Rng + ?Sized>(
        &self,
        ws: &mut Workspace<T>,
        mut rng: Option<&mut R>,
        reg: &Regularisation,
    ) {
        let last = self.layers.len() - 1;
        let keep = cast::<T>(1.0 / (1.0 - reg.dropout));
        ws.kept_live = rng.is_some() && reg.dropout > 0.0;
        for (l, layer) in self.layers.iter().enumerate() {
            let (n, np) = (layer.n_out, padded(layer.n_out));
            let (prev, rest) = ws.acts.split_at_mut(l);
            let z_pad = &mut rest[0][..np];
            z_pad[..n].copy_from_slice(contiguous(layer.bias(&self.params)));
            // Weight rows are read `np` wide; the layer's (n_in + 1, n) block lets the last
            // one run on into the biases (`axpy` stops where the slice does).
            let w = contiguous(layer.block(&self.params));
            if l == 0 {
                let m = ws.n_input;
                add_rows(z_pad, w, n, &ws.input_idx[..m], &ws.input_val[..m]);
            } else {
                for (i, &x) in prev[l - 1][..layer.n_in].iter().enumerate() {
                    if x != T::zero() {
                        axpy(z_pad, x, &w[i * n..]);
                    }
                }
            }
            let z = &mut z_pad[..n];
            if l < last {
                let dact = &mut ws.dact[l];
                activate(self.activation, z, dact);
                if let Some(r) = rng.as_deref_mut().filter(|_| reg.dropout > 0.0) {
                    let kept = ws.kept[l].iter_mut();
                    for ((a, d), k) in z.iter_mut().zip(dact.iter_mut()).zip(kept) {
                        *k = r.random::<f64>() >= reg.dropout;
                        let m = if *k { keep } else { T::zero() };
                        *a = *a * m;
                        *d = *d * m;
                    }
                }
            } else {
                ws.z_out.copy_from_slice(z);
                match self.loss {
                    Loss::CrossEntropy => {
                        let m = z.iter().fold(T::neg_infinity(), |m, &v| m.max(v));
                        let mut s = T::zero();
                        for v in z.iter_mut() {
                            *v = (*v - m).exp();
                            s = s + *v;
                        }
                        z.iter_mut().for_each(|v| *v = *v / s);
                        ws.lse = m + s.ln();
                    }
                    Loss::Mse => z.iter_mut().for_each(|v| *v = sigmoid(*v)),
                }
            }
        }
    }

    /// Loss of the last forward pass against `label`, whether its argmax is right, and (if
    /// `train`) the output delta times `scale` (= 1/batch size).
    pub(super) fn output_loss(
        &self,
        ws: &mut Workspace<T>,
        label: usize,
        scale: T,
        train: bool,
    ) -> (T, bool) {
        let last = self.layers.len() - 1;
        let out = &ws.acts[last][..ws.z_out.len()];
        let correct = argmax(out) == label;
        let target = |k: usize| if k == label { T::one() } else { T::zero() };
        let loss = match self.loss {
            Loss::CrossEntropy => ws.lse - ws.z_out.get(label).copied().unwrap_or_else(T::nan),
            Loss::Mse => {
                let half = cast::<T>(0.5);
                (out.iter().enumerate()).fold(T::zero(), |s, (k, &a)| {
                    s + half * (a - target(k)) * (a - target(k))
                })
            }
        };
        if train {
            let delta = &mut ws.delta[last];
            for (k, (d, &a)) in delta.iter_mut().zip(out).enumerate() {
                *d = match self.loss {
                    Loss::CrossEntropy => (a - target(k)) * scale,
                    Loss::Mse => (a - target(k)) * a * (T::one() - a) * scale,
                };
            }
        }
        (loss, correct)
    }

    /// Accumulates the last example's parameter gradient into `grad`.
    pub(super) fn backward(&self, ws: &mut Workspace<T>, grad: &mut [T]) {
        for (l, layer) in self.layers.iter().enumerate().rev() {
            let (n, np) = (layer.n_out, padded(layer.n_out));
            let (lower, upper) = ws.delta.split_at_mut(l);
            let d_pad = &upper[0][..np];
            let d = &d_pad[..n];
            layer
                .bias_mut(grad)
                .zip_mut_with(&ArrayView1::from(d), |g, &dv| *g = *g + dv);
            // As in `forward`: gradient rows are written `np` wide (the extra lanes add
            // `x * 0`), so the kernels get the whole (n_in + 1, n) block.
            let gw = contiguous_mut(layer.block_mut(grad));
            if l == 0 {
                let (idx, x) = (&ws.input_idx[..ws.n_input], &ws.input_val[..ws.n_input]);
                if ws.first_grad_live {
                    add_outer(contiguous_mut(ws.first_grad.view_mut()), np, d_pad, idx, x);
                } else {
                    add_outer(gw, n, d_pad, idx, x);
                }
                continue;
            }
            let w = layer.weights(&self.params);
            let n_in = layer.n_in;
            let prev = &mut lower[l - 1][..n_in];
            let inputs = ws.acts[l - 1][..n_in].iter().zip(&ws.dact[l - 1]);
            let rows = contiguous(w).chunks_exact(n);
            for (i, (((&x, &da), dp), row)) in inputs.zip(prev.iter_mut()).zip(rows).enumerate() {
                if x != T::zero() {
                    axpy(&mut gw[i * n..], x, d_pad);
                }
                let back = row
                    .iter()
                    .zip(d)
                    .fold(T::zero(), |s, (&wv, &dv)| s + wv * dv);
                *dp = back * da;
            }
        }
    }
}

fn sigmoid<T: Scalar>(z: T) -> T {
    T::one() / (T::one() + (-z).exp())
}

/// Applies the nonlinearity in place and stores its derivative (from the output value).
fn activate<T: Scalar>(act: Activation, z: &mut [T], dact: &mut [T]) {
    for (v, d) in z.iter_mut().zip(dact.iter_mut()) {
        let (a, da) = match act {
            Activation::Sigmoid => {
                let a = sigmoid(*v);
                (a, a * (T::one() - a))
            }
            Activation::Tanh => {
                let a = v.tanh();
                (a, T::one() - a * a)
            }
            Activation::Relu if *v > T::zero() => (*v, T::one()),
            Activation::Relu => (T::zero(), T::zero()),
        };
        *v = a;
        *d = da;
    }
}
