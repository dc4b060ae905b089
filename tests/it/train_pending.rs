//! The background-answer type the panels share: the answer arrives once, a dead thread becomes
//! a message, and the slot empties when the answer is taken.

use std::time::{Duration, Instant};

use descent::train::{Pending, take_ready};

fn wait<T: Send + 'static>(slot: &mut Option<Pending<T>>) -> Result<T, String> {
    let start = Instant::now();
    loop {
        if let Some(result) = take_ready(slot) {
            return result;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "no answer");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn the_answer_arrives_once_and_wakes_the_window() {
    let (woke_tx, woke_rx) = std::sync::mpsc::channel();
    let mut slot = Some(Pending::spawn(
        "test",
        "the test work",
        move || {
            let _ = woke_tx.send(());
        },
        || Ok(6 * 7),
    ));
    assert_eq!(wait(&mut slot), Ok(42));
    assert!(slot.is_none(), "the slot empties once the answer is taken");
    assert!(
        woke_rx.recv_timeout(Duration::from_secs(5)).is_ok(),
        "wake ran"
    );
    assert!(take_ready(&mut slot).is_none());
}

#[test]
fn errors_and_dead_threads_become_messages() {
    let mut failing = Some(Pending::<u8>::spawn(
        "test",
        "the test work",
        || {},
        || Err("disk full".into()),
    ));
    assert_eq!(wait(&mut failing), Err("disk full".to_owned()));
    let mut dying = Some(Pending::<u8>::spawn(
        "test",
        "the test work",
        || {},
        || panic!("boom (expected by the test)"),
    ));
    assert_eq!(
        wait(&mut dying),
        Err("the test work stopped unexpectedly".to_owned())
    );
}
