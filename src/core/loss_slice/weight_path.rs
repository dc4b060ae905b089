//! The weights a run passed through, kept for the plane of the training path (PCA): a bounded
//! number of snapshots, thinned evenly as the run grows, the initial weights always first.

/// Snapshots kept per run for the PCA; when full, every other one is dropped.
pub const MAX_SNAPSHOTS: usize = 96;

/// Weight snapshots of one run, thinned evenly as it grows; the first is the initial weights.
#[derive(Clone, Debug, Default)]
pub struct WeightPath {
    pub snapshots: Vec<Vec<f32>>,
    stride: usize,
    offered: usize,
    last_seen: u64,
}

impl WeightPath {
    pub fn starting_at(initial: Vec<f32>) -> Self {
        WeightPath {
            snapshots: vec![initial],
            stride: 1,
            offered: 0,
            last_seen: 0,
        }
    }

    /// Offers the weights after `examples_seen` training examples; keeps every `stride`-th.
    pub fn record(&mut self, params: &[f32], examples_seen: u64) {
        let fits = self
            .snapshots
            .first()
            .is_some_and(|s| s.len() == params.len());
        if !fits {
            return;
        }
        // A snapshot from before the latest Start (still queued) would splice two runs.
        if examples_seen < self.last_seen {
            self.snapshots.truncate(1);
            (self.stride, self.offered) = (1, 0);
        }
        self.last_seen = examples_seen;
        self.offered += 1;
        if self.offered.is_multiple_of(self.stride.max(1)) {
            self.snapshots.push(params.to_vec());
        }
        if self.snapshots.len() > MAX_SNAPSHOTS {
            let mut k = 0;
            self.snapshots.retain(|_| {
                k += 1;
                k % 2 == 1
            });
            self.stride = self.stride.max(1) * 2;
        }
    }
}
