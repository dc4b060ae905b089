//! The background slice job: coarse first, then finer, and a newer request cancels the
//! running one.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use descent::core::loss_slice::{SliceMode, SliceRequest, SliceView};
use descent::core::mlp::{Mlp, MlpConfig};
use descent::core::mnist::{self, Dataset};
use descent::train::{SliceJob, SliceJobRequest, SliceProgress};

fn validation() -> Arc<Dataset> {
    static DATA: OnceLock<Arc<Dataset>> = OnceLock::new();
    Arc::clone(DATA.get_or_init(|| {
        let (file, test) = mnist::load_bundled().expect("bundled MNIST");
        Arc::new(
            mnist::split(file, test, 100)
                .unwrap()
                .validation
                .subset(0..2000),
        )
    }))
}

fn request(resolution: usize, samples: usize) -> SliceJobRequest {
    SliceJobRequest {
        request: SliceRequest {
            resolution,
            ..SliceRequest::default()
        },
        mlp: Mlp::new(&MlpConfig::default()).unwrap(),
        data: Arc::new(validation().subset(0..samples)),
        threads: 2,
    }
}

/// Collects stages until `generation` sends its last one (or the timeout).
fn stages_of(job: &mut SliceJob, generation: u64, seen: &mut Vec<(u64, usize, bool)>) {
    let start = Instant::now();
    while !seen.iter().any(|s| s.0 == generation && s.2) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out: {seen:?}"
        );
        std::thread::sleep(Duration::from_millis(5));
        for p in job.poll() {
            match p {
                SliceProgress::Stage {
                    generation,
                    view,
                    last,
                    ..
                } => seen.push((generation, view.resolution(), last)),
                SliceProgress::Error { message, .. } => panic!("{message}"),
            }
        }
    }
}

#[test]
fn stages_arrive_coarse_to_fine() {
    let mut job = SliceJob::spawn();
    let g = job.request(request(41, 200));
    let mut seen = Vec::new();
    stages_of(&mut job, g, &mut seen);
    let sizes: Vec<usize> = seen.iter().map(|s| s.1).collect();
    assert_eq!(sizes, vec![11, 21, 41]);
    assert_eq!(
        seen.iter().filter(|s| s.2).count(),
        1,
        "only the 41x41 is last"
    );
}

#[test]
fn a_new_request_cancels_the_running_one() {
    let mut job = SliceJob::spawn();
    // Far too much work to finish before the second request arrives.
    let slow = job.request(request(201, 2000));
    std::thread::sleep(Duration::from_millis(50));
    let fast = job.request(request(21, 100));
    let start = Instant::now();
    let mut seen = Vec::new();
    stages_of(&mut job, fast, &mut seen);
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "the slow request did not stop"
    );
    assert!(
        !seen.iter().any(|s| s.0 == slow && s.2),
        "the cancelled request never finishes: {seen:?}"
    );
    let fast_sizes: Vec<usize> = seen.iter().filter(|s| s.0 == fast).map(|s| s.1).collect();
    assert_eq!(fast_sizes, vec![11, 21]);
    assert!(job.generation() >= fast);
    // cancel() alone also stops a request.
    let dropped = job.request(request(201, 2000));
    job.cancel();
    std::thread::sleep(Duration::from_millis(300));
    let late: Vec<u64> = job
        .poll()
        .into_iter()
        .filter_map(|p| match p {
            SliceProgress::Stage {
                generation,
                last: true,
                ..
            } => Some(generation),
            _ => None,
        })
        .collect();
    assert!(!late.contains(&dropped));
}

#[test]
fn trajectory_requests_need_a_path() {
    let mut job = SliceJob::spawn();
    let mut r = request(11, 50);
    r.request.mode = SliceMode::Trajectory;
    let g = job.request(r);
    let start = Instant::now();
    loop {
        assert!(start.elapsed() < Duration::from_secs(20));
        std::thread::sleep(Duration::from_millis(5));
        if let Some(p) = job.poll().into_iter().next() {
            match p {
                SliceProgress::Error {
                    generation,
                    message,
                } => {
                    assert_eq!(generation, g);
                    assert!(message.contains("snapshots"), "{message}");
                    break;
                }
                SliceProgress::Stage { view, .. } => {
                    panic!(
                        "no plane without a path: {:?}",
                        matches!(*view, SliceView::Plane { .. })
                    )
                }
            }
        }
    }
}
