//! The training thread's outbox. A window that stops polling (minimised, or busy) must not make
//! it grow without limit: each snapshot holds a copy of the whole network (~26 MB at 4,096
//! hidden units), so only the newest is kept, in one slot. Training-curve points arrive 20 times
//! a second for as long as a run lasts, so beyond a cap every other one is dropped (the curve
//! is thinned, not cut). Everything else (states, validation points, epoch ends, results) is a
//! handful per epoch or per command and is kept in full.

use std::collections::VecDeque;

use super::messages::{NetSnapshot, Progress};

/// Training-only points kept unread before thinning: ~25 s of a run at 20 points a second.
pub const POINT_CAPACITY: usize = 512;

/// Progress waiting to be read, in the order it happened.
#[derive(Debug)]
pub struct ProgressQueue {
    /// Every message except snapshots, with its sequence number.
    events: VecDeque<(u64, Progress)>,
    /// The newest snapshot and the sequence number of the first event after it.
    snapshot: Option<(u64, Box<NetSnapshot>)>,
    next_seq: u64,
    training_points: usize,
    point_capacity: usize,
    /// Snapshots overwritten before anyone read them.
    replaced: u64,
    /// Training-only points dropped by thinning.
    thinned: u64,
}

impl Default for ProgressQueue {
    fn default() -> Self {
        Self::with_point_capacity(POINT_CAPACITY)
    }
}

impl ProgressQueue {
    /// At least two points are kept, so thinning always leaves a curve.
    pub fn with_point_capacity(capacity: usize) -> Self {
        ProgressQueue {
            events: VecDeque::new(),
            snapshot: None,
            next_seq: 0,
            training_points: 0,
            point_capacity: capacity.max(2),
            replaced: 0,
            thinned: 0,
        }
    }

    pub fn push(&mut self, p: Progress) {
        match p {
            Progress::Snapshot(s) => {
                if self.snapshot.is_some() {
                    self.replaced += 1;
                }
                self.snapshot = Some((self.next_seq, s));
            }
            p => {
                if is_training_point(&p) {
                    self.training_points += 1;
                }
                self.events.push_back((self.next_seq, p));
                self.next_seq += 1;
                if self.training_points > self.point_capacity {
                    self.thin();
                }
            }
        }
    }

    /// Drops every other training-only point; validation points and all else stay.
    fn thin(&mut self) {
        let mut k = 0usize;
        let before = self.events.len();
        self.events.retain(|(_, p)| {
            if !is_training_point(p) {
                return true;
            }
            k += 1;
            k.is_multiple_of(2)
        });
        let dropped = before - self.events.len();
        self.training_points -= dropped;
        self.thinned += dropped as u64;
    }

    /// Everything queued, oldest first, the newest snapshot in its place; the queue is empty
    /// afterwards.
    pub fn drain(&mut self) -> Vec<Progress> {
        let mut out = Vec::with_capacity(self.events.len() + 1);
        let mut snapshot = self.snapshot.take();
        for (seq, p) in self.events.drain(..) {
            if snapshot.as_ref().is_some_and(|(at, _)| *at <= seq)
                && let Some((_, s)) = snapshot.take()
            {
                out.push(Progress::Snapshot(s));
            }
            out.push(p);
        }
        out.extend(snapshot.map(|(_, s)| Progress::Snapshot(s)));
        self.training_points = 0;
        out
    }

    /// Messages waiting, counting the snapshot slot as one.
    pub fn len(&self) -> usize {
        self.events.len() + usize::from(self.snapshot.is_some())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Snapshots overwritten unread since the queue was made.
    pub fn snapshots_replaced(&self) -> u64 {
        self.replaced
    }

    /// Training-only points dropped by thinning since the queue was made.
    pub fn points_thinned(&self) -> u64 {
        self.thinned
    }
}

fn is_training_point(p: &Progress) -> bool {
    matches!(p, Progress::Point(c) if c.val_loss.is_none())
}
