//! Loss-landscape slices in the background: a thread of its own computes a coarse grid first
//! (11x11, in a fraction of a second), sends it, then refines (21x21, 41x41), so the view fills
//! in quickly and sharpens. A newer request cancels the running one within one image chunk,
//! so changing a setting never queues up stale work. Neither the window nor training waits,
//! and dropping the job waits at most a frame (see `join_briefly`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Instant;

use crate::core::loss_slice::{
    EvalOptions, SliceError, SliceRequest, SliceView, compute_stage, prepare_cancellable, stages,
};
use crate::core::mlp::Mlp;
use crate::core::mnist::Dataset;

/// One slice to compute: around `mlp`'s weights, on `data`.
#[derive(Clone)]
pub struct SliceJobRequest {
    pub request: SliceRequest,
    pub mlp: Mlp<f32>,
    /// The images the loss is averaged over (a validation subset), shared, not copied.
    pub data: Arc<Dataset>,
    /// Worker threads for the grid (the machine's cores, at most 2 by default).
    pub threads: usize,
}

/// What the slice thread reports.
#[derive(Debug, Clone)]
pub enum SliceProgress {
    /// One stage finished. `generation` is the request's, from `SliceJob::request`.
    Stage {
        generation: u64,
        view: Arc<SliceView>,
        /// True for the requested resolution (no finer stage follows).
        last: bool,
        /// Seconds since the request started computing.
        secs: f64,
        samples: usize,
    },
    Error {
        generation: u64,
        message: String,
    },
}

type Wake = Arc<Mutex<Option<Box<dyn Fn() + Send>>>>;

/// Handle to the slice thread; dropping it cancels any work and lets the thread end.
pub struct SliceJob {
    tx: Option<Sender<(u64, SliceJobRequest)>>,
    rx: Receiver<SliceProgress>,
    latest: Arc<AtomicU64>,
    wake: Wake,
    thread: Option<JoinHandle<()>>,
}

impl SliceJob {
    pub fn spawn() -> Self {
        let (tx, worker_rx) = mpsc::channel();
        let (worker_tx, rx) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let wake: Wake = Arc::new(Mutex::new(None));
        let (l, w) = (Arc::clone(&latest), Arc::clone(&wake));
        let thread = std::thread::Builder::new()
            .name("loss-slice".into())
            .spawn(move || worker(worker_rx, worker_tx, l, w))
            .ok();
        SliceJob {
            tx: Some(tx),
            rx,
            latest,
            wake,
            thread,
        }
    }

    /// Sets a callback called after each message, e.g. `ctx.request_repaint()`.
    pub fn set_wake(&self, wake: impl Fn() + Send + 'static) {
        if let Ok(mut slot) = self.wake.lock() {
            *slot = Some(Box::new(wake));
        }
    }

    /// Starts computing `req`, cancelling whatever is running; returns its generation.
    pub fn request(&self, req: SliceJobRequest) -> u64 {
        let generation = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(tx) = &self.tx {
            // Fails only if the thread is gone; `poll` then reports nothing more.
            let _ = tx.send((generation, req));
        }
        generation
    }

    /// Abandons the running request (its remaining stages are never sent).
    pub fn cancel(&self) {
        self.latest.fetch_add(1, Ordering::SeqCst);
    }

    /// The newest generation; results of older ones are stale.
    pub fn generation(&self) -> u64 {
        self.latest.load(Ordering::SeqCst)
    }

    /// Everything reported since the last call, without waiting.
    pub fn poll(&mut self) -> Vec<SliceProgress> {
        let mut out = Vec::new();
        while let Ok(p) = self.rx.try_recv() {
            out.push(p);
        }
        out
    }
}

impl Drop for SliceJob {
    fn drop(&mut self) {
        self.cancel();
        self.tx = None;
        if let Some(handle) = self.thread.take() {
            super::join_briefly(handle);
        }
    }
}

fn worker(
    rx: Receiver<(u64, SliceJobRequest)>,
    tx: Sender<SliceProgress>,
    latest: Arc<AtomicU64>,
    wake: Wake,
) {
    let send = |p: SliceProgress| {
        if tx.send(p).is_ok()
            && let Ok(wake) = wake.lock()
            && let Some(wake) = wake.as_ref()
        {
            wake();
        }
    };
    while let Ok(mut next) = rx.recv() {
        // Only the newest queued request matters.
        while let Ok(newer) = rx.try_recv() {
            next = newer;
        }
        let (generation, job) = next;
        let current = || latest.load(Ordering::SeqCst) == generation;
        if !current() {
            continue;
        }
        let cancel = || !current();
        let opts = EvalOptions {
            threads: job.threads,
            cancel: &cancel,
        };
        let start = Instant::now();
        let prep = match prepare_cancellable(&job.request, &job.mlp, &cancel) {
            Ok(prep) => prep,
            Err(SliceError::Cancelled) => continue,
            Err(e) => {
                send(SliceProgress::Error {
                    generation,
                    message: e.to_string(),
                });
                continue;
            }
        };
        let all = stages(job.request.resolution);
        let mut previous: Option<Arc<SliceView>> = None;
        for (k, &n) in all.iter().enumerate() {
            match compute_stage(&prep, &job.mlp, n, previous.as_deref(), &job.data, &opts) {
                Ok(view) => {
                    let view = Arc::new(view);
                    send(SliceProgress::Stage {
                        generation,
                        view: Arc::clone(&view),
                        last: k + 1 == all.len(),
                        secs: start.elapsed().as_secs_f64(),
                        samples: job.data.len(),
                    });
                    previous = Some(view);
                }
                Err(SliceError::Cancelled) => break,
                Err(e) => {
                    send(SliceProgress::Error {
                        generation,
                        message: e.to_string(),
                    });
                    break;
                }
            }
        }
    }
}
