//! Claims about the landscapes: analytic derivatives agree with finite differences, the
//! documented stationary points are what they say, and the regression cost is the textbook one.

use descent::core::surface::{
    KnownPoint, Point, PointKind, Surface, SurfaceKind, ViewRect, symmetric_eigenvalues,
};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

const SAMPLES: usize = 250;
const TOLERANCE: f64 = 1e-6;

fn all_surfaces() -> Vec<Surface> {
    SurfaceKind::ALL.into_iter().map(Surface::new).collect()
}

/// |a − n| / max(1, |a|, |n|), over all components at once.
fn scaled_error(analytic: &[f64], numeric: &[f64]) -> f64 {
    let diff = analytic
        .iter()
        .zip(numeric)
        .map(|(a, n)| (a - n).abs())
        .fold(0.0, f64::max);
    let scale = analytic
        .iter()
        .chain(numeric)
        .map(|v| v.abs())
        .fold(1.0, f64::max);
    diff / scale
}

/// Fourth-order central difference of `f` along axis `axis` at `p`.
fn central<const N: usize>(
    f: impl Fn(Point) -> [f64; N],
    p: Point,
    axis: usize,
    h: f64,
) -> [f64; N] {
    let at = |k: f64| {
        let mut q = p;
        q[axis] += k * h;
        f(q)
    };
    let (p2, p1, m1, m2) = (at(2.0), at(1.0), at(-1.0), at(-2.0));
    std::array::from_fn(|i| (-p2[i] + 8.0 * p1[i] - 8.0 * m1[i] + m2[i]) / (12.0 * h))
}

/// Random points in the view, avoiding Ackley's non-differentiable cone tip at the origin.
fn sample_points(surface: &Surface, seed: u64) -> Vec<Point> {
    let view = surface.default_view();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(SAMPLES);
    while out.len() < SAMPLES {
        let p = [
            rng.random_range(view.x_min..=view.x_max),
            rng.random_range(view.y_min..=view.y_max),
        ];
        if surface.kind() == SurfaceKind::Ackley && p[0].hypot(p[1]) < 0.25 {
            continue;
        }
        out.push(p);
    }
    out
}

fn step(view: ViewRect) -> f64 {
    2e-4 * view.width().max(view.height())
}

#[test]
fn gradients_match_finite_differences_everywhere_in_view() {
    for surface in all_surfaces() {
        let h = step(surface.default_view());
        let mut worst = 0.0f64;
        for p in sample_points(&surface, 1) {
            let dx = central(|q| [surface.value(q)], p, 0, h)[0];
            let dy = central(|q| [surface.value(q)], p, 1, h)[0];
            let err = scaled_error(&surface.gradient(p), &[dx, dy]);
            assert!(
                err < TOLERANCE,
                "{}: gradient {:?} vs numeric {:?} at {p:?} (error {err:e})",
                surface.kind().name(),
                surface.gradient(p),
                [dx, dy]
            );
            worst = worst.max(err);
        }
        println!(
            "{:>16}: worst gradient error {worst:.1e}",
            surface.kind().name()
        );
    }
}

#[test]
fn hessians_match_finite_differences_of_the_gradient() {
    for surface in all_surfaces() {
        let h = step(surface.default_view());
        let mut worst = 0.0f64;
        for p in sample_points(&surface, 2) {
            let col_x = central(|q| surface.gradient(q), p, 0, h);
            let col_y = central(|q| surface.gradient(q), p, 1, h);
            let numeric = [col_x[0], col_y[0], col_x[1], col_y[1]];
            let a = surface.hessian(p);
            let err = scaled_error(&[a[0][0], a[0][1], a[1][0], a[1][1]], &numeric);
            assert!(
                err < TOLERANCE,
                "{}: hessian {a:?} vs numeric {numeric:?} at {p:?} (error {err:e})",
                surface.kind().name()
            );
            worst = worst.max(err);
        }
        println!(
            "{:>16}: worst hessian error {worst:.1e}",
            surface.kind().name()
        );
    }
}

fn assert_stationary(surface: &Surface, kp: &KnownPoint) {
    let name = surface.kind().name();
    let g = surface.gradient(kp.position);
    assert!(
        g[0].hypot(g[1]) < 1e-8,
        "{name}: gradient {g:?} at listed {:?} {:?}",
        kp.kind,
        kp.position
    );
    let v = surface.value(kp.position);
    assert!(
        (v - kp.value).abs() <= 1e-12 * kp.value.abs().max(1.0),
        "{name}: value {v} at {:?}, documented {}",
        kp.position,
        kp.value
    );
}

#[test]
fn listed_minima_are_stationary_with_documented_values_and_positive_curvature() {
    for surface in all_surfaces() {
        for kp in surface.known_points() {
            if kp.kind == PointKind::Saddle {
                continue;
            }
            assert_stationary(&surface, &kp);
            let [lo, _] = symmetric_eigenvalues(surface.hessian(kp.position));
            assert!(
                lo > 0.0,
                "{}: minimum at {:?} has curvature {lo}",
                surface.kind().name(),
                kp.position
            );
        }
    }
}

#[test]
fn listed_saddles_are_stationary_with_mixed_curvature() {
    let mut saddles = 0;
    for surface in all_surfaces() {
        for kp in surface.known_points() {
            if kp.kind != PointKind::Saddle {
                continue;
            }
            saddles += 1;
            assert_stationary(&surface, &kp);
            let [lo, hi] = symmetric_eigenvalues(surface.hessian(kp.position));
            if surface.kind() == SurfaceKind::MonkeySaddle {
                assert_eq!([lo, hi], [0.0, 0.0], "the monkey saddle is degenerate");
            } else {
                assert!(
                    lo < 0.0 && hi > 0.0,
                    "{}: saddle at {:?} has eigenvalues {lo}, {hi}",
                    surface.kind().name(),
                    kp.position
                );
            }
        }
    }
    // Beale 2, Himmelblau 4, saddle, monkey saddle, six-hump camel 7, Goldstein–Price 4.
    assert_eq!(saddles, 19);
}

#[test]
fn global_minima_are_lowest_in_view_and_lie_inside_it() {
    for surface in all_surfaces() {
        let view = surface.default_view();
        let points = surface.known_points();
        for kp in &points {
            assert!(view.contains(kp.position), "{:?} outside view", kp.position);
        }
        let globals: Vec<_> = points
            .iter()
            .filter(|k| k.kind == PointKind::GlobalMinimum)
            .collect();
        if matches!(
            surface.kind(),
            SurfaceKind::Saddle | SurfaceKind::MonkeySaddle
        ) {
            assert!(globals.is_empty());
            continue;
        }
        assert!(
            !globals.is_empty(),
            "{} lists no minimum",
            surface.kind().name()
        );
        let best = globals[0].value;
        assert!(globals.iter().all(|g| (g.value - best).abs() < 1e-12));
        for kp in &points {
            assert!(kp.value >= best - 1e-12);
        }
        let n = 200;
        for j in 0..=n {
            for i in 0..=n {
                let p = [
                    view.x_min + view.width() * i as f64 / n as f64,
                    view.y_min + view.height() * j as f64 / n as f64,
                ];
                assert!(
                    surface.value(p) >= best - 1e-9,
                    "{}: {p:?} is below the listed global minimum",
                    surface.kind().name()
                );
            }
        }
    }
}

#[test]
fn six_hump_camel_lists_two_global_and_four_local_minima() {
    let pts = Surface::new(SurfaceKind::SixHumpCamel).known_points();
    let count = |k| pts.iter().filter(|p| p.kind == k).count();
    assert_eq!(count(PointKind::GlobalMinimum), 2);
    assert_eq!(count(PointKind::LocalMinimum), 4);
    let gp = Surface::new(SurfaceKind::GoldsteinPrice).known_points();
    assert!(gp.contains(&KnownPoint {
        position: [0.0, -1.0],
        value: 3.0,
        kind: PointKind::GlobalMinimum
    }));
}

#[test]
fn long_valley_has_condition_number_fifty() {
    let h = Surface::new(SurfaceKind::LongValley).hessian([3.0, -2.0]);
    let [lo, hi] = symmetric_eigenvalues(h);
    assert!(
        (lo - 1.0).abs() < 1e-12 && (hi - 50.0).abs() < 1e-12,
        "{lo}, {hi}"
    );
    assert!(
        h[0][1].abs() > 1.0,
        "the valley is tilted, not axis-aligned"
    );
}

#[test]
fn symmetric_eigenvalues_of_known_matrices() {
    let close =
        |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).abs() < 1e-12 && (a[1] - b[1]).abs() < 1e-12;
    assert!(close(
        symmetric_eigenvalues([[3.0, 0.0], [0.0, -2.0]]),
        [-2.0, 3.0]
    ));
    assert!(close(
        symmetric_eigenvalues([[2.0, 1.0], [1.0, 2.0]]),
        [1.0, 3.0]
    ));
    assert!(close(
        symmetric_eigenvalues([[0.0, 1.0], [1.0, 0.0]]),
        [-1.0, 1.0]
    ));
    assert!(close(symmetric_eigenvalues([[0.0; 2]; 2]), [0.0, 0.0]));
    assert!(close(
        symmetric_eigenvalues([[-4.0, 0.0], [0.0, -4.0]]),
        [-4.0, -4.0]
    ));
    let [lo, hi] = symmetric_eigenvalues([[1e8, 0.0], [0.0, 1e-8]]);
    assert!((lo - 1e-8).abs() < 1e-20 && hi == 1e8);
}

#[test]
fn names_round_trip_and_match_serde() {
    for kind in SurfaceKind::ALL {
        assert_eq!(SurfaceKind::from_name(kind.name()), Some(kind));
        let shouty = kind.name().to_uppercase().replace('-', "_");
        assert_eq!(SurfaceKind::from_name(&shouty), Some(kind));
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(json, format!("\"{}\"", kind.name()));
        assert!(!kind.label().is_empty() && !kind.formula().is_empty());
        assert!(kind.description().len() > 40);
        assert_eq!(Surface::new(kind).kind(), kind);
    }
    assert_eq!(
        SurfaceKind::from_name("six-hump camel"),
        Some(SurfaceKind::SixHumpCamel)
    );
    assert_eq!(SurfaceKind::from_name("rosenbrok"), None);
    assert_eq!(SurfaceKind::SixHumpCamel.label(), "Six-hump camel");
}

#[test]
fn surfaces_round_trip_through_json() {
    for surface in all_surfaces() {
        let json = serde_json::to_string(&surface).unwrap();
        let back: Surface = serde_json::from_str(&json).unwrap();
        assert_eq!(back, surface);
    }
}

#[test]
fn view_rect_geometry_and_divergence_test() {
    let v = ViewRect {
        x_min: -2.0,
        x_max: 2.0,
        y_min: -1.0,
        y_max: 3.0,
    };
    assert_eq!((v.width(), v.height(), v.center()), (4.0, 4.0, [0.0, 1.0]));
    assert!(v.contains([2.0, -1.0]) && !v.contains([2.1, 0.0]));
    assert!(!v.is_far_outside([5.0, 1.0], 2.0));
    assert!(v.is_far_outside([9.0, 1.0], 2.0));
    assert!(v.is_far_outside([0.0, -8.0], 2.0));
    assert!(v.is_far_outside([f64::NAN, 0.0], 2.0));
    assert!(v.is_far_outside([0.0, f64::INFINITY], 1e300));
}
