//! The "lr-decay" scene: the same SGD with and without a decaying learning rate, on noisy
//! gradients. The decayed one must settle clearly nearer the minimum.

use std::path::Path;

use descent::core::lab::Lab;
use descent::core::race::Trajectory;
use descent::core::scene;
use descent::core::schedule::Schedule;
use descent::core::surface::{Point, PointKind};

fn distance(a: Point, b: Point) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// Root-mean-square distance to `min` over the last `n` points: one lucky final step cannot
/// make a bouncing path look settled.
fn rms_tail(t: &Trajectory, min: Point, n: usize) -> f64 {
    let tail = &t.points[t.points.len().saturating_sub(n)..];
    let sum: f64 = tail.iter().map(|&p| distance(p, min).powi(2)).sum();
    (sum / tail.len() as f64).sqrt()
}

#[test]
fn the_decayed_sgd_ends_much_nearer_the_minimum_than_the_constant_one() {
    let scene = scene::load_named_or_path(Path::new("lr-decay")).expect("bundled scene");
    let state = scene.landscape.expect("landscape");
    let lab = Lab::new(state);
    let s = &lab.state;
    assert!(s.stochastic, "the contrast needs noisy gradients");
    let [constant, decayed] = [0, 1].map(|i| &s.entries[i]);
    assert_eq!(constant.racer.kind, decayed.racer.kind, "same optimizer");
    assert_eq!(constant.racer.hyper, decayed.racer.hyper, "same settings");
    assert_eq!(constant.racer.schedule, Schedule::Constant);
    assert!(matches!(decayed.racer.schedule, Schedule::Cosine { .. }));
    assert_ne!(
        constant.label(),
        decayed.label(),
        "the legend tells them apart"
    );

    let min = s
        .surface
        .known_points()
        .iter()
        .find(|k| k.kind == PointKind::GlobalMinimum)
        .expect("least-squares minimum")
        .position;
    let [tc, td] = [0, 1].map(|i| lab.trajectories[i].as_ref().expect("both race"));
    assert_eq!(tc.steps(), s.max_steps);
    assert_eq!(td.steps(), s.max_steps);
    let end = |t: &Trajectory| distance(t.point_at(s.max_steps), min);
    let (end_c, end_d) = (end(tc), end(td));
    let (rms_c, rms_d) = (rms_tail(tc, min, 50), rms_tail(td, min, 50));
    eprintln!(
        "final distance: constant {end_c:.4}, decayed {end_d:.4}; \
         rms over last 50: constant {rms_c:.4}, decayed {rms_d:.4}"
    );
    assert!(end_c > 10.0 * end_d, "final: {end_c} vs {end_d}");
    assert!(rms_c > 10.0 * rms_d, "last 50 steps: {rms_c} vs {rms_d}");
}
