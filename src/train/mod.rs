//! The MNIST tab's background training job.
//!
//! Training runs on its own thread so the window never waits on the numerics: commands go in
//! over a channel, progress comes out through a bounded queue (see `queue`), and `poll` never
//! blocks. The thread also decodes the MNIST files, so the window is interactive while they
//! load. Dropping the `TrainingJob` cancels the thread's work and returns within a frame.

mod lr_find_job;
mod messages;
mod pending;
mod queue;
mod record;
mod run;
mod slice_job;
mod worker;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

// The plain data types live in core (export uses them without the thread); re-exported
// here because they are what the job's messages carry.
pub use crate::core::gradcheck::{GradientCheckReport, gradient_check, rel_error};
pub use crate::core::mnist::MnistFiles;
pub use crate::core::training::{CurvePoint, EpochRecord};
pub use lr_find_job::{LrFindJob, LrFindOutcome};
pub use messages::{Command, JobState, NetSnapshot, Progress};
pub use pending::{Pending, take_ready};
pub use queue::{POINT_CAPACITY, ProgressQueue};
pub use record::{Applied, DataInfo, Ghost, MAX_GHOSTS, RunRecord, run_label};
pub use slice_job::{SliceJob, SliceJobRequest, SliceProgress};
pub use worker::MAX_GRADIENT_CHECK_SAMPLES;

use crate::core::mnist;
use worker::{Msg, Outbox, Wake, Worker};

/// Longest a `Drop` waits for a thread to see its cancel flag: one frame at 60 Hz. A thread
/// still busy after that (inside one huge batch) is left to finish on its own.
const JOIN_WAIT: Duration = Duration::from_millis(16);

/// A new number for every dataset loaded in this process, so that pictures computed from
/// one dataset are never taken for another's (0 is never handed out).
pub fn next_dataset_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Joins `handle` if it ends within `JOIN_WAIT`, else detaches it: the UI thread never
/// waits longer than a frame for background work.
pub(crate) fn join_briefly(handle: JoinHandle<()>) {
    let deadline = Instant::now() + JOIN_WAIT;
    while !handle.is_finished() {
        if Instant::now() >= deadline {
            return;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    // Err means the thread panicked; there is nothing left to clean up.
    let _ = handle.join();
}

/// Where the job gets its data.
#[derive(Debug, Clone)]
pub enum DataSource {
    /// The MNIST copy compiled into the binary (from `assets/mnist`).
    Bundled,
    /// A directory with the four standard IDX files (MNIST or Fashion-MNIST).
    Dir(PathBuf),
    /// Already decoded (tests, or a dataset the caller built).
    Loaded(Arc<MnistFiles>),
}

/// Handle to the training thread.
pub struct TrainingJob {
    tx: Sender<Msg>,
    outbox: Outbox,
    /// Set on drop; the thread checks it between chunks and inside long computations.
    cancel: Arc<AtomicBool>,
    wake: Wake,
    thread: Option<JoinHandle<()>>,
    /// Reported once by `poll` if the thread could not start or ended unexpectedly.
    lost: Option<String>,
}

impl TrainingJob {
    /// Starts the thread and begins loading `data`; `Progress::DataLoaded` (or `DataError`)
    /// arrives when it is ready. Commands sent meanwhile are queued (a `Start` waits for it).
    pub fn spawn(data: DataSource) -> Self {
        let (tx, worker_rx) = mpsc::channel();
        let outbox: Outbox = Arc::new(Mutex::new(ProgressQueue::default()));
        let cancel = Arc::new(AtomicBool::new(false));
        let wake: Wake = Arc::new(Mutex::new(None));
        let worker = Worker::new(
            worker_rx,
            Arc::clone(&outbox),
            Arc::clone(&cancel),
            Arc::clone(&wake),
        );
        let spawned = std::thread::Builder::new()
            .name("mnist-training".into())
            .spawn(move || worker.run());
        let (thread, lost) = match spawned {
            Ok(handle) => (Some(handle), None),
            Err(e) => (None, Some(format!("cannot start the training thread: {e}"))),
        };
        load(data, &tx);
        TrainingJob {
            tx,
            outbox,
            cancel,
            wake,
            thread,
            lost,
        }
    }

    /// Sets a callback the thread calls after each message, e.g. `ctx.request_repaint()`, so
    /// an idle UI wakes up to show progress.
    pub fn set_wake(&self, wake: impl Fn() + Send + 'static) {
        if let Ok(mut slot) = self.wake.lock() {
            *slot = Some(Box::new(wake));
        }
    }

    pub fn send(&self, cmd: Command) {
        // Fails only if the thread has ended; `poll` reports that.
        let _ = self.tx.send(Msg::Cmd(Box::new(cmd)));
    }

    /// Everything the thread has reported since the last call, without waiting. Of the
    /// snapshots sent meanwhile only the newest is returned.
    pub fn poll(&mut self) -> Vec<Progress> {
        // Checked before draining, so that everything the thread sent before it ended is read.
        let ended = self.thread.as_ref().is_some_and(JoinHandle::is_finished);
        let mut out = self.queue().drain();
        // The thread ends by itself only on a Stop from `Drop`: this one panicked.
        if ended && self.thread.take().is_some() {
            self.lost = Some("the training thread stopped unexpectedly".into());
        }
        out.extend(self.lost.take().map(Progress::Error));
        out
    }

    /// Messages waiting to be polled (the snapshot slot counts as one).
    pub fn queued(&self) -> usize {
        self.queue().len()
    }

    /// Snapshots the thread replaced before anyone polled them.
    pub fn snapshots_replaced(&self) -> u64 {
        self.queue().snapshots_replaced()
    }

    /// A panic while the lock was held cannot leave the queue half-updated in a way that
    /// matters to a reader, so a poisoned lock is simply used.
    fn queue(&self) -> std::sync::MutexGuard<'_, ProgressQueue> {
        self.outbox.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for TrainingJob {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::SeqCst);
        let _ = self.tx.send(Msg::Cmd(Box::new(Command::Stop)));
        if let Some(handle) = self.thread.take() {
            join_briefly(handle);
        }
    }
}

/// Decodes on a separate loader thread so that a Stop during the (second-long) decode is not
/// held up by it; the loader then finishes on its own and its result is discarded.
fn load(data: DataSource, tx: &Sender<Msg>) {
    let dir = match data {
        DataSource::Loaded(files) => {
            let _ = tx.send(Msg::Data(Ok(files)));
            return;
        }
        DataSource::Bundled => None,
        DataSource::Dir(dir) => Some(dir),
    };
    let loader_tx = tx.clone();
    let spawned = std::thread::Builder::new()
        .name("mnist-loader".into())
        .spawn(move || {
            let result = mnist::load_dir_or_bundled(dir.as_deref())
                .map(|(train_file, test)| Arc::new(MnistFiles { train_file, test }))
                .map_err(|e| e.to_string());
            let _ = loader_tx.send(Msg::Data(result));
        });
    if let Err(e) = spawned {
        let _ = tx.send(Msg::Data(Err(format!(
            "cannot start the loader thread: {e}"
        ))));
    }
}
