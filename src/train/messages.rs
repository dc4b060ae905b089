//! What goes into the training thread (`Command`) and what comes out (`Progress`).

use std::sync::Arc;

use crate::core::gradcheck::GradientCheckReport;
use crate::core::mlp::{Mlp, Regularisation};
use crate::core::mnist::{CLASSES, MnistFiles};
use crate::core::optimizer::{Hyper, OptimizerKind};
use crate::core::training::{CurvePoint, EpochRecord, Pace, TrainConfig};

/// Instructions to the training thread. Each is handled between training chunks (within
/// ~20 ms while running), in the order sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Builds a fresh network and trainer from the config and starts training (replacing any
    /// current run). Sent before the data has loaded, it starts once loading finishes.
    Start(TrainConfig),
    Pause,
    Resume,
    /// Drops the current run (the data stays loaded).
    Reset,
    /// Changes optimizer hyperparameters of the current run; its optimizer state is kept.
    /// They must suit the run's optimizer (switching optimizer is `SetOptimizer`).
    SetHyper(Hyper),
    /// Switches the current run to another optimizer with these hyperparameters, in one
    /// step between batches: the new optimizer starts with fresh state (no momentum or
    /// averages carried over from the old one); the weights are kept.
    SetOptimizer {
        kind: OptimizerKind,
        hyper: Hyper,
    },
    SetRegularisation(Regularisation),
    /// Evaluates the current network on the test set, which is otherwise never touched.
    EvaluateTest,
    /// Compares backprop with central differences in f64 on a copy of the current network.
    GradientCheck {
        samples: usize,
    },
    /// Classroom pace (a run takes about `CLASSROOM_RUN_SECS` whatever its size, so a class
    /// can watch the curves move) or full speed. Takes effect from the next chunk; a new
    /// job trains at full speed until told otherwise.
    SetPace(Pace),
    /// Ends the thread (also sent by `TrainingJob`'s `Drop`).
    Stop,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JobState {
    /// No run in progress: data loading, nothing started yet, reset, finished or stopped.
    #[default]
    Idle,
    Running,
    Paused,
}

/// The network's state for drawing, sent a few times per second and at pauses/ends.
#[derive(Clone)]
pub struct NetSnapshot {
    /// A copy of the network, for predictions on a drawing pad or an image grid.
    pub mlp: Mlp<f32>,
    /// Incoming 784 weights (pixel order) of each first-hidden-layer unit.
    pub hidden_weights: Vec<Vec<f32>>,
    /// `confusion[label][predicted]` on the validation set at a recent evaluation (computed
    /// at most once per snapshot interval, so at most that much older than the last one).
    pub confusion: Option<[[u32; CLASSES]; CLASSES]>,
    /// Training throughput since the previous snapshot (0 when nothing was trained).
    pub examples_per_sec: f64,
    /// Training seconds of the last completed epoch (excluding evaluation and pauses).
    pub last_epoch_secs: Option<f64>,
    /// 1-based epoch with the lowest validation loss so far.
    pub best_epoch: Option<usize>,
    pub examples_seen: u64,
    pub epoch_f: f64,
    /// The dataset this run trains on (`Progress::DataLoaded`'s `dataset`): the confusion
    /// matrix and predictions belong to it and to no other.
    pub dataset: u64,
    /// The optimizer the run is using now, and its hyperparameters, as the job sees them.
    pub optimizer: OptimizerKind,
    pub hyper: Hyper,
    /// Steps the current optimizer has taken (restarts at 0 when the optimizer is switched).
    pub optimizer_steps: u64,
}

/// Leaves out the weights, which would print as ~24,000 numbers.
impl std::fmt::Debug for NetSnapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NetSnapshot")
            .field("sizes", &self.mlp.sizes())
            .field("examples_seen", &self.examples_seen)
            .field("epoch_f", &self.epoch_f)
            .field("examples_per_sec", &self.examples_per_sec)
            .field("last_epoch_secs", &self.last_epoch_secs)
            .field("best_epoch", &self.best_epoch)
            .field("dataset", &self.dataset)
            .field("optimizer", &self.optimizer)
            .field("hyper", &self.hyper)
            .field("optimizer_steps", &self.optimizer_steps)
            .finish_non_exhaustive()
    }
}

/// Messages from the training thread, in the order things happened.
#[derive(Debug, Clone)]
pub enum Progress {
    /// Sizes of the three sets, with the decoded files (shared, not copied) so the UI can
    /// show images. `train` is the largest training set a `train_size` can select.
    DataLoaded {
        train: usize,
        validation: usize,
        test: usize,
        files: Arc<MnistFiles>,
        /// A number never given to another load in this process (see `next_dataset_id`).
        dataset: u64,
    },
    /// Loading failed; the message names the offending file.
    DataError(String),
    /// A run began from these weights (its network's initial parameters, in `Mlp` order), so
    /// the window never rebuilds them itself. `State(Running)` follows.
    RunStarted {
        initial: Vec<f32>,
    },
    /// Acknowledges every state change (and every Pause/Resume/Reset, even when redundant).
    State(JobState),
    Point(CurvePoint),
    Snapshot(Box<NetSnapshot>),
    /// An epoch ended, as `descent train` would print it.
    EpochEnd(EpochRecord),
    /// Patience ran out; the best epoch's weights were restored. `Finished` follows.
    EarlyStopped {
        best_epoch: usize,
    },
    /// The run ended (all epochs, or early stopping); the network stays for evaluation.
    Finished,
    /// The loss became NaN or infinite; the run was stopped.
    Diverged {
        message: String,
    },
    TestResult {
        loss: f64,
        acc: f64,
    },
    GradientCheck(GradientCheckReport),
    /// A command could not be carried out (bad setting, nothing to evaluate, ...).
    Error(String),
}
