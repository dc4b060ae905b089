//! Where each layer's matrices live in a flat parameter-shaped buffer, as ndarray views.
//!
//! The weights, a gradient and a loss-slice direction all share one layout: per layer, the
//! weight matrix of shape `(n_in, n_out)` stored input-major (row `i` holds input `i`'s
//! outgoing weights, so `weights[[i, j]]` connects input `i` to unit `j`), then the `n_out`
//! biases. Views give those blocks their shapes without copying, so one flat vector can still
//! be stepped by one optimizer.

use std::ops::Range;

use ndarray::Dimension;
use ndarray::{ArrayView, ArrayView1, ArrayView2, ArrayViewMut, ArrayViewMut1, ArrayViewMut2};

/// One layer's place in the flat buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayerSpan {
    pub n_in: usize,
    pub n_out: usize,
    /// Offset of the weight matrix.
    pub w: usize,
    /// Offset of the biases (right after the weights).
    pub b: usize,
}

/// The spans of a network with layer widths `sizes` (input first), in order.
pub fn layer_spans(sizes: &[usize]) -> Vec<LayerSpan> {
    let mut offset = 0;
    sizes
        .windows(2)
        .map(|pair| {
            let (n_in, n_out) = (pair[0], pair[1]);
            let span = LayerSpan {
                n_in,
                n_out,
                w: offset,
                b: offset + n_in * n_out,
            };
            offset = span.end();
            span
        })
        .collect()
}

// Reshaping a 1-D view costs ~1.5 ns where `ArrayView2::from_shape` costs ~10 (its general
// stride checks are not optimised away), and the passes build views for every example.
fn shaped<'a, T>(shape: (usize, usize), flat: &'a [T]) -> ArrayView2<'a, T> {
    let len = flat.len();
    ArrayView1::from(flat)
        .into_shape_with_order(shape)
        .unwrap_or_else(|e| panic!("{len} parameters do not fill a layer view: {e}"))
}

fn shaped_mut<'a, T>(shape: (usize, usize), flat: &'a mut [T]) -> ArrayViewMut2<'a, T> {
    let len = flat.len();
    ArrayViewMut1::from(flat)
        .into_shape_with_order(shape)
        .unwrap_or_else(|e| panic!("{len} parameters do not fill a layer view: {e}"))
}

impl LayerSpan {
    /// Flat offset just past the biases (where the next layer starts).
    pub fn end(&self) -> usize {
        self.b + self.n_out
    }

    /// The flat range of the layer's weights and biases.
    pub fn range(&self) -> Range<usize> {
        self.w..self.end()
    }

    /// The weight matrix, shape `(n_in, n_out)`. Panics if `flat` is too short.
    pub fn weights<'a, T>(&self, flat: &'a [T]) -> ArrayView2<'a, T> {
        shaped((self.n_in, self.n_out), &flat[self.w..self.b])
    }

    pub fn weights_mut<'a, T>(&self, flat: &'a mut [T]) -> ArrayViewMut2<'a, T> {
        shaped_mut((self.n_in, self.n_out), &mut flat[self.w..self.b])
    }

    /// The biases, length `n_out`.
    pub fn bias<'a, T>(&self, flat: &'a [T]) -> ArrayView1<'a, T> {
        ArrayView1::from(&flat[self.b..self.end()])
    }

    pub fn bias_mut<'a, T>(&self, flat: &'a mut [T]) -> ArrayViewMut1<'a, T> {
        ArrayViewMut1::from(&mut flat[self.b..self.end()])
    }

    /// The whole layer as one `(n_in + 1, n_out)` matrix: the weights, then the biases as a
    /// last row. The training kernels read weight rows a few lanes wider than `n_out` (see
    /// `pass::padded`); in this block the last weight row runs on into the biases.
    pub fn block<'a, T>(&self, flat: &'a [T]) -> ArrayView2<'a, T> {
        shaped((self.n_in + 1, self.n_out), &flat[self.range()])
    }

    pub fn block_mut<'a, T>(&self, flat: &'a mut [T]) -> ArrayViewMut2<'a, T> {
        shaped_mut((self.n_in + 1, self.n_out), &mut flat[self.range()])
    }
}

/// The memory behind a view of this module: they are all in standard (row-major) layout, so
/// the hand-tuned kernels can take them as plain slices.
pub fn contiguous<'a, T, D: Dimension>(view: ArrayView<'a, T, D>) -> &'a [T] {
    view.to_slice()
        .unwrap_or_else(|| panic!("a layer view of shape {:?} is not contiguous", view.shape()))
}

pub fn contiguous_mut<'a, T, D: Dimension>(view: ArrayViewMut<'a, T, D>) -> &'a mut [T] {
    view.into_slice()
        .unwrap_or_else(|| panic!("a mutable layer view is not contiguous"))
}
