//! Claims about the chapter's regression cost J(m, b) = (1/n) Σ (yᵢ − (m·xᵢ + b))².

use descent::core::regression::Regression;
use descent::core::surface::{Point, Surface, SurfaceKind, ViewRect};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

fn solve_normal_equations(points: &[Point]) -> Point {
    // [[Σx², Σx], [Σx, n]] (m, b) = (Σxy, Σy), by Cramer's rule.
    let n = points.len() as f64;
    let sx: f64 = points.iter().map(|p| p[0]).sum();
    let sy: f64 = points.iter().map(|p| p[1]).sum();
    let sxx: f64 = points.iter().map(|p| p[0] * p[0]).sum();
    let sxy: f64 = points.iter().map(|p| p[0] * p[1]).sum();
    let det = sxx * n - sx * sx;
    [(sxy * n - sx * sy) / det, (sxx * sy - sx * sxy) / det]
}

#[test]
fn ols_solves_the_normal_equations_and_zeroes_the_gradient() {
    let mut rng = StdRng::seed_from_u64(7);
    let mut datasets = vec![Regression::chapter_default()];
    for _ in 0..20 {
        let n = rng.random_range(2..30);
        let points = (0..n)
            .map(|_| [rng.random_range(-5.0..12.0), rng.random_range(-8.0..8.0)])
            .collect();
        datasets.push(Regression {
            points,
            source: None,
        });
    }
    for r in datasets {
        let ols = r.ols().expect("distinct x");
        let normal = solve_normal_equations(&r.points);
        assert!((ols[0] - normal[0]).abs() < 1e-9 && (ols[1] - normal[1]).abs() < 1e-9);
        let g = r.gradient(ols);
        assert!(g[0].hypot(g[1]) < 1e-10, "gradient {g:?} at OLS");
        let nudged = r.value([ols[0] + 1e-3, ols[1]]);
        assert!(nudged > r.value(ols));
    }
}

#[test]
fn chapter_default_is_a_natural_scatter_near_half_one() {
    let r = Regression::chapter_default();
    assert_eq!(r.points.len(), 7);
    assert!(r.points.iter().all(|p| (-3.0..=9.0).contains(&p[0])));
    let [m, b] = r.ols().unwrap();
    assert!(
        (m - 0.5).abs() < 0.15 && (b - 1.0).abs() < 0.15,
        "OLS ({m}, {b})"
    );
    assert!(
        (m - 0.5).abs() > 1e-3 || (b - 1.0).abs() > 1e-3,
        "should not be exact"
    );
    assert!(
        r.value([m, b]) > 0.01,
        "the points should not lie on a line"
    );
    let known = Surface::new(SurfaceKind::Regression).known_points();
    assert_eq!(known.len(), 1);
    assert_eq!(known[0].position, [m, b]);
    assert_eq!(
        Regression::default_view(),
        ViewRect {
            x_min: -2.0,
            x_max: 4.0,
            y_min: -6.0,
            y_max: 8.0
        }
    );
}

#[test]
fn batch_gradient_is_the_mean_over_the_batch() {
    let r = Regression::chapter_default();
    let mb = [1.7, -2.3];
    let all: Vec<usize> = (0..r.points.len()).collect();
    let full = r.batch_gradient(mb, &all);
    let g = r.gradient(mb);
    assert!((full[0] - g[0]).abs() < 1e-12 && (full[1] - g[1]).abs() < 1e-12);

    let subset = Regression {
        points: vec![r.points[1], r.points[4], r.points[4]],
        source: None,
    };
    let expected = subset.gradient(mb);
    let batch = r.batch_gradient(mb, &[1, 4, 4, 99]);
    assert!((batch[0] - expected[0]).abs() < 1e-12 && (batch[1] - expected[1]).abs() < 1e-12);
    assert_ne!(batch, g);
    assert_eq!(r.batch_gradient(mb, &[]), [0.0, 0.0]);
    assert_eq!(r.batch_gradient(mb, &[100]), [0.0, 0.0]);
}

#[test]
fn degenerate_datasets_do_not_panic() {
    let empty = Regression {
        points: vec![],
        source: None,
    };
    assert_eq!(empty.value([1.0, 2.0]), 0.0);
    assert_eq!(empty.gradient([1.0, 2.0]), [0.0, 0.0]);
    assert_eq!(empty.hessian(), [[0.0; 2]; 2]);
    assert_eq!(empty.ols(), None);
    assert!(Surface::Regression(empty).known_points().is_empty());
    let vertical = Regression {
        points: vec![[2.0, 1.0], [2.0, 5.0], [2.0, -1.0]],
        source: None,
    };
    assert_eq!(vertical.ols(), None);
    let two = Regression {
        points: vec![[0.0, 1.0], [2.0, 5.0]],
        source: None,
    };
    assert_eq!(two.ols(), Some([2.0, 1.0]));
}
