//! What is known about the training job's data and runs, built from its `Progress` messages:
//! the loaded data, the current run's curves and latest network, its outcome, and earlier
//! runs kept as ghosts. GUI-free, so it is tested by feeding it messages without a window.

use std::sync::Arc;

use super::{CurvePoint, GradientCheckReport, JobState, MnistFiles, NetSnapshot, Progress};
use crate::core::optimizer::OptimizerKind;
use crate::core::training::TrainConfig;

/// Earlier runs kept as faded curves for comparison.
pub const MAX_GHOSTS: usize = 4;

/// One finished (or abandoned) run's curves, drawn faded behind the current one.
#[derive(Debug, Clone)]
pub struct Ghost {
    pub label: String,
    pub curve: Vec<CurvePoint>,
}

#[derive(Debug, Clone)]
pub struct DataInfo {
    /// Never the same for two loads: every picture drawn from the data is keyed by it.
    pub id: u64,
    pub train: usize,
    pub validation: usize,
    pub test: usize,
    pub files: Arc<MnistFiles>,
}

/// What a message means for a consumer that keeps its own state about the run (the loss
/// slice): everything else `apply` records by itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Applied {
    /// Recorded (or dropped); nothing more to do.
    Done,
    /// A run began from these weights.
    RunStarted(Vec<f32>),
    /// `snapshot` holds a new network.
    NewSnapshot,
    /// Another dataset replaced the loaded one: the run was retired with its job.
    DataReplaced,
    /// The job could not carry out a command.
    Error(String),
}

#[derive(Debug, Default)]
pub struct RunRecord {
    pub data: Option<DataInfo>,
    pub data_error: Option<String>,
    pub state: JobState,
    pub curve: Vec<CurvePoint>,
    /// Earlier runs, oldest first, at most `MAX_GHOSTS`.
    pub ghosts: Vec<Ghost>,
    pub snapshot: Option<Box<NetSnapshot>>,
    /// Bumped with every snapshot so textures are refreshed only then.
    pub snapshot_version: u64,
    /// After a reset, the run's messages already queued before the thread saw the reset are
    /// dropped until the thread confirms it is idle, so reset leaves the curves empty.
    discarding_until_idle: bool,
    pub epochs_done: usize,
    pub early_stopped: Option<usize>,
    pub diverged: Option<String>,
    pub test_result: Option<(f64, f64)>,
    pub gradient_check: Option<GradientCheckReport>,
    /// The current run's legend label (see `run_label`); it goes with its curve into a ghost.
    pub run_label: String,
}

impl RunRecord {
    /// Records one message from the job, in the order received.
    pub fn apply(&mut self, p: Progress) -> Applied {
        if self.discarding_until_idle {
            match p {
                Progress::State(JobState::Idle) => self.discarding_until_idle = false,
                Progress::Point(_)
                | Progress::Snapshot(_)
                | Progress::EpochEnd(_)
                | Progress::EarlyStopped { .. }
                | Progress::Finished
                | Progress::Diverged { .. }
                | Progress::TestResult { .. } => return Applied::Done,
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
                let replaced = self.data.as_ref().is_some_and(|d| d.id != dataset);
                if replaced {
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
                if replaced {
                    return Applied::DataReplaced;
                }
            }
            Progress::DataError(e) => self.data_error = Some(e),
            Progress::RunStarted { initial } => return Applied::RunStarted(initial),
            Progress::State(s) => self.state = s,
            Progress::Point(point) => self.curve.push(point),
            Progress::Snapshot(snapshot) => {
                self.snapshot = Some(snapshot);
                self.snapshot_version += 1;
                return Applied::NewSnapshot;
            }
            Progress::EpochEnd(record) => self.epochs_done = record.epoch,
            Progress::EarlyStopped { best_epoch } => self.early_stopped = Some(best_epoch),
            Progress::Finished => {}
            Progress::Diverged { message } => self.diverged = Some(message),
            Progress::TestResult { loss, acc } => self.test_result = Some((loss, acc)),
            Progress::GradientCheck(report) => self.gradient_check = Some(report),
            Progress::Error(e) => return Applied::Error(e),
        }
        Applied::Done
    }

    /// A run with `config` is being started: the current curves become a ghost and the
    /// outcome of the last run is cleared.
    pub fn start(&mut self, config: &TrainConfig) {
        self.retire_curve();
        self.run_label = run_label(config);
        self.clear_outcome();
    }

    /// The run was reset: its curves and network go (no ghost), and what the job sent before
    /// it saw the reset is dropped until it reports `State(Idle)`.
    pub fn reset(&mut self) {
        self.discarding_until_idle = true;
        self.curve.clear();
        self.snapshot = None;
        self.clear_outcome();
    }

    /// A new job replaces the old one: nothing of the old one is left to discard.
    pub fn new_job(&mut self) {
        self.discarding_until_idle = false;
        self.data_error = None;
    }

    /// The running job switched optimizer: the label says so from here on.
    pub fn optimizer_switched(&mut self, kind: OptimizerKind, lr: f64) {
        self.run_label
            .push_str(&format!(" → {} lr {}", kind.label(), lr));
    }

    /// The dataset a picture drawn now would come from (None before any has loaded).
    pub fn dataset_id(&self) -> Option<u64> {
        self.data.as_ref().map(|d| d.id)
    }

    /// The snapshot, if it was trained on the data now loaded.
    pub fn current_snapshot(&self) -> Option<&NetSnapshot> {
        let s = self.snapshot.as_deref()?;
        (Some(s.dataset) == self.dataset_id()).then_some(s)
    }

    /// Another dataset arrived: the old run ended with its job, and nothing computed from it
    /// (network, predictions, confusion matrix, gradient check) may stay on screen.
    fn data_replaced(&mut self) {
        self.retire_curve();
        self.state = JobState::Idle;
        self.snapshot = None;
        self.snapshot_version += 1;
        self.gradient_check = None;
        self.clear_outcome();
    }

    fn clear_outcome(&mut self) {
        self.epochs_done = 0;
        self.diverged = None;
        self.early_stopped = None;
        self.test_result = None;
    }

    /// The current curves become a ghost.
    fn retire_curve(&mut self) {
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

/// A short description of a run for the ghost legend, e.g. "SGD lr 0.5, batch 32".
pub fn run_label(c: &TrainConfig) -> String {
    let mut label = format!(
        "{} lr {}, batch {}",
        c.optimizer.label(),
        c.hyper.lr,
        c.batch_size
    );
    if c.train_size < 50_000 {
        label.push_str(&format!(", {} images", c.train_size));
    }
    if c.dropout > 0.0 {
        label.push_str(&format!(", dropout {}", c.dropout));
    }
    if c.l2 > 0.0 {
        label.push_str(&format!(", L2 {}", c.l2));
    }
    label
}
