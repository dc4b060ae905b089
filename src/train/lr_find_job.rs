//! The learning-rate finder in the background: one sweep per job, on a thread of its own, so
//! neither the window nor a training run waits for it. It trains a fresh network built from
//! the configuration, never the run's. Dropping the job cancels the sweep within a batch.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::thread::JoinHandle;
use std::time::Instant;

use crate::core::lr_find::{self, LrFindError, LrFindResult, LrFindSettings};
use crate::core::mnist;
use crate::core::mnist::MnistFiles;
use crate::core::training::TrainConfig;

/// A finished sweep and what it was run for.
#[derive(Debug, Clone, PartialEq)]
pub struct LrFindOutcome {
    pub config: TrainConfig,
    pub result: LrFindResult,
    /// Time of the sweep alone (not splitting the data).
    pub seconds: f64,
}

/// Handle to one sweep's thread.
pub struct LrFindJob {
    rx: Receiver<Result<LrFindOutcome, String>>,
    cancel: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// Set when the thread could not start; reported by the next `poll`.
    failed: Option<String>,
}

impl LrFindJob {
    /// Starts a sweep with `config` on the training part of `files` (the same split as a run's);
    /// `wake` is called when it ends, e.g. `ctx.request_repaint()`.
    pub fn spawn(
        config: TrainConfig,
        files: Arc<MnistFiles>,
        settings: LrFindSettings,
        wake: impl Fn() + Send + 'static,
    ) -> Self {
        let (tx, rx) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let spawned = std::thread::Builder::new()
            .name("lr-find".into())
            .spawn(move || {
                let cancelled = || flag.load(Ordering::Relaxed);
                let outcome = sweep(config, &files, &settings, &cancelled);
                if !matches!(outcome, Err(LrFindError::Cancelled)) {
                    let _ = tx.send(outcome.map_err(|e| e.to_string()));
                    wake();
                }
            });
        let (thread, failed) = match spawned {
            Ok(handle) => (Some(handle), None),
            Err(e) => (None, Some(format!("cannot start the lr finder: {e}"))),
        };
        LrFindJob {
            rx,
            cancel,
            thread,
            failed,
        }
    }

    /// The sweep's outcome once it has ended (then taken: later calls give `None`).
    pub fn poll(&mut self) -> Option<Result<LrFindOutcome, String>> {
        if let Some(e) = self.failed.take() {
            return Some(Err(e));
        }
        match self.rx.try_recv() {
            Ok(outcome) => {
                // The thread is done; nothing more will come, and its end is not a loss.
                self.thread = None;
                Some(outcome)
            }
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => self
                .thread
                .take()
                .map(|_| Err("the lr finder stopped unexpectedly".to_owned())),
        }
    }
}

impl Drop for LrFindJob {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::SeqCst);
        if let Some(handle) = self.thread.take() {
            super::join_briefly(handle);
        }
    }
}

fn sweep(
    config: TrainConfig,
    files: &MnistFiles,
    settings: &LrFindSettings,
    cancelled: &dyn Fn() -> bool,
) -> Result<LrFindOutcome, LrFindError> {
    let splits = mnist::split(
        files.train_file.clone(),
        files.test.clone(),
        config.train_size,
    )?;
    let start = Instant::now();
    let result = lr_find::lr_find(&config, &splits.train, settings, cancelled)?;
    Ok(LrFindOutcome {
        config,
        result,
        seconds: start.elapsed().as_secs_f64(),
    })
}
