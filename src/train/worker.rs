//! The job thread's loop: commands between training chunks, blocking when there is no work.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::messages::{Command, JobState, Progress};
use super::queue::ProgressQueue;
use super::run::{Outcome, Run};
use crate::core::mnist::{self, MnistFiles, validation_len};
use crate::core::training::{Pace, TrainConfig};

/// Largest gradient check honoured; each sampled parameter costs two forward passes and the
/// thread does not look at commands meanwhile (only at the cancel flag).
pub const MAX_GRADIENT_CHECK_SAMPLES: usize = 1000;

pub(super) type Wake = Arc<Mutex<Option<Box<dyn Fn() + Send>>>>;
pub(super) type Outbox = Arc<Mutex<ProgressQueue>>;

/// What the job thread receives: the caller's commands, and the loader's result on the same
/// channel so one blocking `recv` waits for either.
pub(super) enum Msg {
    /// Boxed: a `Start` carries a whole training config.
    Cmd(Box<Command>),
    Data(Result<Arc<MnistFiles>, String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Data {
    Loading,
    Failed,
    Ready,
}

pub(super) struct Worker {
    rx: Receiver<Msg>,
    outbox: Outbox,
    cancel: Arc<AtomicBool>,
    wake: Wake,
    /// The loaded data's number from `next_dataset_id`.
    dataset: u64,
    data: Data,
    files: Option<Arc<MnistFiles>>,
    /// A Start that arrived while the data was still loading.
    pending_start: Option<TrainConfig>,
    run: Option<Run>,
    /// Classroom pace or full speed.
    pace: Pace,
    /// While throttled: when the next chunk may start.
    resume_at: Option<Instant>,
}

impl Worker {
    pub(super) fn new(
        rx: Receiver<Msg>,
        outbox: Outbox,
        cancel: Arc<AtomicBool>,
        wake: Wake,
    ) -> Self {
        Worker {
            rx,
            outbox,
            cancel,
            wake,
            dataset: 0,
            data: Data::Loading,
            files: None,
            pending_start: None,
            run: None,
            pace: Pace::FullSpeed,
            resume_at: None,
        }
    }

    /// Runs until `Stop` or until the `TrainingJob` is gone.
    pub(super) fn run(mut self) {
        loop {
            if self.cancel.load(Ordering::SeqCst) {
                return;
            }
            let training = self.run.as_ref().is_some_and(Run::running);
            let wait = self
                .resume_at
                .map(|t| t.saturating_duration_since(Instant::now()))
                .filter(|d| !d.is_zero());
            let msg = if training && let Some(wait) = wait {
                // Throttled: sleep until the next chunk is due, but wake for any command.
                match self.rx.recv_timeout(wait) {
                    Ok(msg) => Some(msg),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            } else if training {
                match self.rx.try_recv() {
                    Ok(msg) => Some(msg),
                    Err(TryRecvError::Empty) => None,
                    Err(TryRecvError::Disconnected) => return,
                }
            } else {
                match self.rx.recv() {
                    Ok(msg) => Some(msg),
                    Err(_) => return,
                }
            };
            match msg {
                Some(Msg::Cmd(cmd)) if matches!(*cmd, Command::Stop) => return,
                Some(Msg::Cmd(cmd)) => self.command(*cmd),
                Some(Msg::Data(result)) => self.data_arrived(result),
                None => self.train_chunk(),
            }
        }
    }

    fn emit(&self, p: Progress) {
        deliver(&self.outbox, &self.wake, p);
    }

    fn state(&self) -> JobState {
        match &self.run {
            Some(run) if run.running() => JobState::Running,
            Some(run) if run.paused && !run.finished => JobState::Paused,
            _ => JobState::Idle,
        }
    }

    fn train_chunk(&mut self) {
        if self.resume_at.is_some_and(|t| t > Instant::now()) {
            return;
        }
        let Some(run) = self.run.as_mut() else { return };
        let (outbox, wake) = (&self.outbox, &self.wake);
        let started = Instant::now();
        let before = run.examples_seen();
        let limit = self.pace.examples_per_sec(run.train_len(), run.epochs());
        // A paced chunk holds about 1/20 s of examples, so the curves still move smoothly.
        let budget = limit.map(|rate| (rate / 20.0).max(1.0) as u64);
        let outcome = run.chunk(budget, &mut |p| deliver(outbox, wake, p));
        self.resume_at = limit.map(|rate| {
            let done = run.examples_seen().saturating_sub(before) as f64;
            started + Duration::from_secs_f64(done / rate)
        });
        match outcome {
            Outcome::Continue => {}
            Outcome::Finished => self.emit(Progress::State(JobState::Idle)),
            Outcome::Diverged => {
                // A diverged network is NaN; keeping it would only invite evaluating garbage.
                self.run = None;
                self.emit(Progress::State(JobState::Idle));
            }
        }
    }

    fn data_arrived(&mut self, result: Result<Arc<MnistFiles>, String>) {
        match result {
            Ok(files) => {
                let n = files.train_file.len();
                let validation = validation_len(n);
                self.dataset = super::next_dataset_id();
                self.emit(Progress::DataLoaded {
                    train: n - validation,
                    validation,
                    test: files.test.len(),
                    files: Arc::clone(&files),
                    dataset: self.dataset,
                });
                self.files = Some(files);
                self.data = Data::Ready;
                if let Some(cfg) = self.pending_start.take() {
                    self.start(cfg);
                }
            }
            Err(message) => {
                self.data = Data::Failed;
                self.pending_start = None;
                self.emit(Progress::DataError(message));
                self.emit(Progress::State(JobState::Idle));
            }
        }
    }

    fn start(&mut self, cfg: TrainConfig) {
        if let Err(e) = cfg.validate() {
            return self.emit(Progress::Error(e.to_string()));
        }
        let files = match (self.data, &self.files) {
            (Data::Ready, Some(files)) => Arc::clone(files),
            (Data::Loading, _) => {
                self.pending_start = Some(cfg);
                return;
            }
            _ => {
                let msg = "cannot start: the MNIST data failed to load".to_string();
                return self.emit(Progress::Error(msg));
            }
        };
        let splits =
            match mnist::split(files.train_file.clone(), files.test.clone(), cfg.train_size) {
                Ok(splits) => splits,
                Err(e) => return self.emit(Progress::Error(e.to_string())),
            };
        match Run::new(cfg, splits, self.dataset) {
            Ok(run) => {
                let initial = run.params().to_vec();
                self.run = Some(run);
                self.emit(Progress::RunStarted { initial });
                self.emit(Progress::State(JobState::Running));
            }
            Err(e) => self.emit(Progress::Error(e.to_string())),
        }
    }

    fn command(&mut self, cmd: Command) {
        match cmd {
            Command::Start(cfg) => self.start(cfg),
            Command::Pause => {
                if let Some(run) = self.run.as_mut().filter(|r| r.running()) {
                    run.paused = true;
                    let snapshot = run.snapshot();
                    self.emit(snapshot);
                }
                self.emit(Progress::State(self.state()));
            }
            Command::Resume => {
                if let Some(run) = self.run.as_mut().filter(|r| r.paused && !r.finished) {
                    run.resume();
                }
                self.emit(Progress::State(self.state()));
            }
            Command::Reset => {
                self.run = None;
                self.pending_start = None;
                self.emit(Progress::State(JobState::Idle));
            }
            // Without a run there is nothing to change: the next Start carries its settings.
            Command::SetHyper(hyper) => {
                if let Some(Err(e)) = self.run.as_mut().map(|r| r.set_hyper(hyper)) {
                    self.emit(Progress::Error(e.to_string()));
                }
            }
            Command::SetOptimizer { kind, hyper } => {
                if let Some(run) = self.run.as_mut() {
                    match run.set_optimizer(kind, hyper) {
                        // The next snapshot would come up to 150 ms later; the label follows it.
                        Ok(()) => {
                            let snapshot = run.snapshot();
                            self.emit(snapshot);
                        }
                        Err(e) => self.emit(Progress::Error(e.to_string())),
                    }
                }
            }
            Command::SetRegularisation(reg) => {
                if let Some(Err(e)) = self.run.as_mut().map(|r| r.set_regularisation(reg)) {
                    self.emit(Progress::Error(e.to_string()));
                }
            }
            Command::EvaluateTest => match &self.run {
                Some(run) => self.emit(run.evaluate_test()),
                None => self.emit(no_network("evaluate")),
            },
            Command::GradientCheck { samples } => {
                let samples = samples.min(MAX_GRADIENT_CHECK_SAMPLES);
                let cancel = Arc::clone(&self.cancel);
                let cancelled = move || cancel.load(Ordering::Relaxed);
                match self
                    .run
                    .as_ref()
                    .map(|r| r.gradient_check(samples, &cancelled))
                {
                    Some(Ok(Some(report))) => self.emit(Progress::GradientCheck(report)),
                    // Cancelled: the job is being dropped and nobody is reading.
                    Some(Ok(None)) => {}
                    Some(Err(e)) => self.emit(Progress::Error(e)),
                    None => self.emit(no_network("check gradients of")),
                }
            }
            Command::SetPace(pace) => {
                self.pace = pace;
                self.resume_at = None;
            }
            Command::Stop => {}
        }
    }
}

/// Queues `p` and wakes the receiver's event loop.
fn deliver(outbox: &Outbox, wake: &Wake, p: Progress) {
    outbox
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(p);
    if let Ok(wake) = wake.lock()
        && let Some(wake) = wake.as_ref()
    {
        wake();
    }
}

fn no_network(action: &str) -> Progress {
    Progress::Error(format!("no network to {action}: start training first"))
}
