//! The inner loops over a layer's nonzero inputs, where nearly all training time goes.
//!
//! Weights are input-major, so each nonzero input owns one contiguous row. Rows are handled
//! in blocks of `BLOCK` lanes held in fixed-size arrays: the compiler then keeps a block in
//! registers and emits plain SSE2 (4 x f32) arithmetic for it, with no trip-count checks.
//! Rows are read `padded(n)` wide (see `pass::padded`), so a row may run a few lanes into the
//! next one (the last row into the biases, or up to the end of the slice); those lanes'
//! results are ignored, and gradient writes add `x * 0` there.

use crate::core::optimizer::Scalar;

const BLOCK: usize = 16;

#[inline(always)]
fn block<T>(s: &[T], start: usize) -> &[T; BLOCK] {
    s[start..]
        .first_chunk()
        .unwrap_or_else(|| panic!("row block at {start} runs past {} weights", s.len()))
}

#[inline(always)]
fn block_mut<T>(s: &mut [T], start: usize) -> &mut [T; BLOCK] {
    let len = s.len();
    s[start..]
        .first_chunk_mut()
        .unwrap_or_else(|| panic!("row block at {start} runs past {len} gradients"))
}

#[inline(always)]
pub(super) fn axpy<T: Scalar>(y: &mut [T], x: T, row: &[T]) {
    let n = y.len().min(row.len());
    let (y, row) = (&mut y[..n], &row[..n]);
    for k in 0..n {
        y[k] = y[k] + x * row[k];
    }
}

/// True when the CPU has AVX2: the same loops then run 8 lanes wide instead of SSE2's 4.
/// No FMA is enabled, so both paths perform identical IEEE operations in the same order and
/// training stays bit-for-bit reproducible across machines.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn avx2() -> bool {
    std::arch::is_x86_feature_detected!("avx2")
}

/// `z += Σ_k x[k] · w[i_k * stride ..][..z.len()]`: the weighted sum of the rows of the
/// nonzero inputs `(i_k, x_k)`.
pub(super) fn add_rows<T: Scalar>(z: &mut [T], w: &[T], stride: usize, idx: &[u32], x: &[T]) {
    #[cfg(target_arch = "x86_64")]
    if avx2() {
        // SAFETY: AVX2 support was just checked at run time.
        return unsafe { add_rows_avx2(z, w, stride, idx, x) };
    }
    add_rows_portable(z, w, stride, idx, x);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn add_rows_avx2<T: Scalar>(z: &mut [T], w: &[T], stride: usize, idx: &[u32], x: &[T]) {
    add_rows_portable(z, w, stride, idx, x);
}

#[inline(always)]
fn add_rows_portable<T: Scalar>(z: &mut [T], w: &[T], stride: usize, idx: &[u32], x: &[T]) {
    let mut off = 0;
    while off + BLOCK <= z.len() {
        let sum = sum_rows_block(w, stride, off, idx, x);
        for (zk, s) in block_mut(z, off).iter_mut().zip(sum) {
            *zk = *zk + s;
        }
        off += BLOCK;
    }
    if off < z.len() {
        let tail = &mut z[off..];
        for (&i, &xk) in idx.iter().zip(x) {
            let start = i as usize * stride + off;
            axpy(tail, xk, &w[start..]);
        }
    }
}

/// One `BLOCK`-lane slice (lanes `off..off + BLOCK`) of the sum of rows.
#[inline(always)]
fn sum_rows_block<T: Scalar>(
    w: &[T],
    stride: usize,
    off: usize,
    idx: &[u32],
    x: &[T],
) -> [T; BLOCK] {
    // Two accumulators, so one row's additions need not wait for the previous row's.
    let (mut a, mut b) = ([T::zero(); BLOCK], [T::zero(); BLOCK]);
    let (idx2, x2) = (idx.chunks_exact(2), x.chunks_exact(2));
    let (idx_rest, x_rest) = (idx2.remainder(), x2.remainder());
    for (i, x) in idx2.zip(x2) {
        let r0 = block(w, i[0] as usize * stride + off);
        let r1 = block(w, i[1] as usize * stride + off);
        for k in 0..BLOCK {
            a[k] = a[k] + x[0] * r0[k];
            b[k] = b[k] + x[1] * r1[k];
        }
    }
    if let (Some(&i), Some(&x)) = (idx_rest.first(), x_rest.first()) {
        let r = block(w, i as usize * stride + off);
        for k in 0..BLOCK {
            a[k] = a[k] + x * r[k];
        }
    }
    for k in 0..BLOCK {
        a[k] = a[k] + b[k];
    }
    a
}

/// `g[i_k * stride ..][..d.len()] += x_k · d` for every nonzero input: the outer product of
/// the inputs and the layer's deltas, added to the weight gradient.
pub(super) fn add_outer<T: Scalar>(g: &mut [T], stride: usize, d: &[T], idx: &[u32], x: &[T]) {
    #[cfg(target_arch = "x86_64")]
    if avx2() {
        // SAFETY: AVX2 support was just checked at run time.
        return unsafe { add_outer_avx2(g, stride, d, idx, x) };
    }
    add_outer_portable(g, stride, d, idx, x);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn add_outer_avx2<T: Scalar>(g: &mut [T], stride: usize, d: &[T], idx: &[u32], x: &[T]) {
    add_outer_portable(g, stride, d, idx, x);
}

#[inline(always)]
fn add_outer_portable<T: Scalar>(g: &mut [T], stride: usize, d: &[T], idx: &[u32], x: &[T]) {
    let mut off = 0;
    while off + BLOCK <= d.len() {
        let db = *block(d, off);
        for (&i, &xk) in idx.iter().zip(x) {
            let gb = block_mut(g, i as usize * stride + off);
            for k in 0..BLOCK {
                gb[k] = gb[k] + xk * db[k];
            }
        }
        off += BLOCK;
    }
    if off < d.len() {
        let tail = &d[off..];
        for (&i, &xk) in idx.iter().zip(x) {
            let start = i as usize * stride + off;
            axpy(&mut g[start..], xk, tail);
        }
    }
}
