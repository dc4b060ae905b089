//! One answer computed on a thread of its own: spawn, then poll every frame until it arrives.
//! The window keeps drawing meanwhile; a thread that dies or cannot start becomes an error
//! message instead of a wait that never ends.

use std::sync::mpsc::{self, Receiver, TryRecvError};

/// A result on its way from a background thread.
pub struct Pending<T> {
    rx: Receiver<Result<T, String>>,
    /// Said when the thread ends without an answer (it panicked): "the export stopped".
    what: &'static str,
}

impl<T: Send + 'static> Pending<T> {
    /// Runs `work` on a thread named `name`, then `wake` (e.g. a repaint). `what` names the
    /// work in the message shown should the thread fail: "the export".
    pub fn spawn(
        name: &str,
        what: &'static str,
        wake: impl Fn() + Send + 'static,
        work: impl FnOnce() -> Result<T, String> + Send + 'static,
    ) -> Self {
        let (tx, rx) = mpsc::channel();
        let failed = tx.clone();
        let spawned = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                // The receiver may be gone (the app closed, or a newer request replaced it):
                // then nobody needs the answer.
                let _ = tx.send(work());
                wake();
            });
        if let Err(e) = spawned {
            let _ = failed.send(Err(format!("cannot start {what}: {e}")));
        }
        Self { rx, what }
    }

    /// `None` while waiting; then the answer, once.
    pub fn poll(&mut self) -> Option<Result<T, String>> {
        match self.rx.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                Some(Err(format!("{} stopped unexpectedly", self.what)))
            }
        }
    }
}

/// Polls an optional pending answer, clearing it once the answer has come.
pub fn take_ready<T: Send + 'static>(slot: &mut Option<Pending<T>>) -> Option<Result<T, String>> {
    let result = slot.as_mut()?.poll()?;
    *slot = None;
    Some(result)
}
