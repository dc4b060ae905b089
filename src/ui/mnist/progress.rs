//! What the training job reports, applied to the view's state: the curves, the latest
//! network, the run's outcome, and what a new dataset or run makes stale.

use super::{DataInfo, Ghost, MAX_GHOSTS, MnistView};
use crate::train::{JobState, Progress};

impl MnistView {
    pub(super) fn apply(&mut self, p: Progress) {
        if self.discarding_until_idle {
            match p {
                Progress::State(JobState::Idle) => self.discarding_until_idle = false,
                Progress::Point(_)
                | Progress::Snapshot(_)
                | Progress::EpochEnd(_)
                | Progress::EarlyStopped { .. }
                | Progress::Finished
                | Progress::Diverged { .. }
                | Progress::TestResult { .. } => return,
                _ => {}
            }
        }
        match p {
            Progress::DataLoaded {
                train,
                validation,
                test,
                files,
                dataset,
            } => {
                if self.data.as_ref().is_some_and(|d| d.id != dataset) {
                    self.data_replaced();
                }
                self.data = Some(DataInfo {
                    id: dataset,
                    train,
                    validation,
                    test,
                    files,
                });
                self.data_error = None;
            }
            Progress::DataError(e) => self.data_error = Some(e),
            Progress::RunStarted { initial } => self.landscape.run_started(initial),
            Progress::State(s) => self.state = s,
            Progress::Point(point) => self.curve.push(point),
            Progress::Snapshot(snapshot) => {
                self.landscape.record(&snapshot);
                self.snapshot = Some(snapshot);
                self.snapshot_version += 1;
            }
            Progress::EpochEnd(record) => self.epochs_done = record.epoch,
            Progress::EarlyStopped { best_epoch } => self.early_stopped = Some(best_epoch),
            Progress::Finished => {}
            Progress::Diverged { message } => self.diverged = Some(message),
            Progress::TestResult { loss, acc } => self.test_result = Some((loss, acc)),
            Progress::GradientCheck(report) => self.gradient_check = Some(report),
            Progress::Error(e) => self.message = Some(e),
        }
    }

    /// Another dataset arrived: the old run ended with its job, and nothing computed from it
    /// (network, predictions, confusion matrix, gradient check, landscape) may stay on screen.
    pub(super) fn data_replaced(&mut self) {
        self.retire_curve();
        self.state = JobState::Idle;
        self.snapshot = None;
        self.snapshot_version += 1;
        self.gradient_check = None;
        self.epochs_done = 0;
        self.diverged = None;
        self.early_stopped = None;
        self.test_result = None;
        self.landscape.data_replaced();
    }

    /// The current curves become a ghost.
    pub(super) fn retire_curve(&mut self) {
        if !self.curve.is_empty() {
            let curve = std::mem::take(&mut self.curve);
            self.ghosts.push(Ghost {
                label: std::mem::take(&mut self.run_label),
                curve,
            });
            if self.ghosts.len() > MAX_GHOSTS {
                self.ghosts.remove(0);
            }
        }
    }
}
