//! Images stored as their nonzero pixels, built once per dataset.
//!
//! About 81% of MNIST pixels are 0 and the first layer only needs the others, so a training
//! run that compacted every image again on every visit would spend a large share of each
//! epoch rediscovering the same zeros.

use crate::core::mnist::{Dataset, PIXELS};

/// Compressed sparse rows of a [`Dataset`]: image `i`'s nonzero pixels are entries
/// `starts[i]..starts[i + 1]` of `index` (pixel position, ascending) and `value` (the byte).
/// Pixels stay bytes (3 bytes per nonzero pixel, ~40% of the dense size) until a batch needs
/// them.
#[derive(Debug, Clone, Default)]
pub struct SparseImages {
    starts: Vec<usize>,
    index: Vec<u16>,
    value: Vec<u8>,
    labels: Vec<u8>,
    /// Addresses and length of the pixels and labels this was built from (see
    /// [`SparseImages::built_from`]).
    source: (usize, usize, usize),
}

impl SparseImages {
    /// # Panics
    /// If the dataset has more than `u32::MAX` nonzero pixels (over 20 million images).
    pub fn new(data: &Dataset) -> Self {
        let n = data.len();
        let nonzero = data.images.iter().map(|&p| usize::from(p != 0)).sum();
        let mut starts = Vec::with_capacity(n + 1);
        let (mut index, mut value) = (Vec::with_capacity(nonzero), Vec::with_capacity(nonzero));
        let (mut idx, mut val) = ([0u16; PIXELS], [0u8; PIXELS]);
        starts.push(0);
        for i in 0..n {
            // Branch-free compaction (nonzero pixels follow no predictable pattern), skipping
            // blank 16-pixel runs with one test; k <= j keeps the writes in bounds.
            let mut k = 0;
            for (c, chunk) in data.image(i).chunks(16).enumerate() {
                if chunk.iter().fold(0, |acc, &p| acc | p) == 0 {
                    continue;
                }
                for (j, &p) in chunk.iter().enumerate() {
                    idx[k] = (c * 16 + j) as u16;
                    val[k] = p;
                    k += usize::from(p != 0);
                }
            }
            index.extend_from_slice(&idx[..k]);
            value.extend_from_slice(&val[..k]);
            starts.push(index.len());
        }
        SparseImages {
            starts,
            index,
            value,
            labels: data.labels.clone(),
            source: identity(data),
        }
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    pub fn label(&self, i: usize) -> u8 {
        self.labels[i]
    }

    /// Positions (0..784) and bytes of image `i`'s nonzero pixels. Panics if `i >= len()`.
    pub fn image(&self, i: usize) -> (&[u16], &[u8]) {
        let range = self.starts[i]..self.starts[i + 1];
        (&self.index[range.clone()], &self.value[range])
    }

    /// Whether this was built from `data`'s current pixel buffer. A cheap identity check (a
    /// different or reallocated dataset fails it), not a content comparison: pixels edited in
    /// place after building are not noticed.
    pub fn built_from(&self, data: &Dataset) -> bool {
        self.source == identity(data) && self.labels.len() == data.len()
    }

    /// Bytes held, for memory budgeting.
    pub fn heap_bytes(&self) -> usize {
        self.starts.len() * std::mem::size_of::<usize>() + self.index.len() * 3 + self.labels.len()
    }
}

fn identity(data: &Dataset) -> (usize, usize, usize) {
    (
        data.images.as_ptr() as usize,
        data.images.len(),
        data.labels.as_ptr() as usize,
    )
}

const _: () = assert!(PIXELS <= u16::MAX as usize + 1);
