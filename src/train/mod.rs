//! The MNIST tab's background training job.
//!
//! Training runs on its own thread so the window never waits on the numerics: commands go in
//! over a channel, progress comes out over another, and `poll` never blocks. The thread also
//! decodes the MNIST files, so the window is interactive while they load. Dropping the
//! `TrainingJob` stops and joins the thread.

mod gradcheck;
mod messages;
mod run;
mod slice_job;
mod worker;

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

pub use gradcheck::{gradient_check, rel_error};
pub use messages::{
    Command, CurvePoint, GradientCheckReport, JobState, MnistFiles, NetSnapshot, Progress,
};
pub use slice_job::{SliceJob, SliceJobRequest, SliceProgress};
pub use worker::MAX_GRADIENT_CHECK_SAMPLES;

use crate::core::mnist;
use worker::{Msg, Wake, Worker};

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
    rx: Receiver<Progress>,
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
        let (worker_tx, rx) = mpsc::channel();
        let wake: Wake = Arc::new(Mutex::new(None));
        let worker = Worker::new(worker_rx, worker_tx, Arc::clone(&wake));
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
            rx,
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
        let _ = self.tx.send(Msg::Cmd(cmd));
    }

    /// Everything the thread has reported since the last call, without waiting.
    pub fn poll(&mut self) -> Vec<Progress> {
        let mut out = Vec::new();
        loop {
            match self.rx.try_recv() {
                Ok(p) => out.push(p),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    // The thread ended without a Stop from this handle: it panicked.
                    if self.thread.take().is_some() {
                        self.lost = Some("the training thread stopped unexpectedly".into());
                    }
                    break;
                }
            }
        }
        out.extend(self.lost.take().map(Progress::Error));
        out
    }
}

impl Drop for TrainingJob {
    fn drop(&mut self) {
        let _ = self.tx.send(Msg::Cmd(Command::Stop));
        if let Some(handle) = self.thread.take() {
            // Err means the thread panicked; there is nothing left to clean up.
            let _ = handle.join();
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
