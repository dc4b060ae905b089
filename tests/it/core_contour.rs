//! Claims about the picture pipeline: grid layout, contour levels, isoline geometry and
//! heatmap pixel order.

use std::time::Instant;

use descent::core::contour::{ColorScale, Grid, heatmap_rgba, isolines, levels};
use descent::core::surface::{Surface, SurfaceKind, ViewRect};

fn square(half: f64) -> ViewRect {
    ViewRect {
        x_min: -half,
        x_max: half,
        y_min: -half,
        y_max: half,
    }
}

/// x² + y² sampled by hand (no Surface has exactly this shape).
fn paraboloid(view: ViewRect, n: usize) -> Grid {
    let d = view.width() / (n - 1) as f64;
    let mut values = Vec::new();
    for j in 0..n {
        for i in 0..n {
            let (x, y) = (view.x_min + i as f64 * d, view.y_min + j as f64 * d);
            values.push(x * x + y * y);
        }
    }
    Grid {
        nx: n,
        ny: n,
        view,
        values,
    }
}

#[test]
fn grid_is_row_major_from_the_bottom_with_inclusive_endpoints() {
    let surface = Surface::new(SurfaceKind::Rosenbrock);
    let view = surface.default_view();
    let g = Grid::sample(&surface, view, 5, 9);
    assert_eq!(g.values.len(), 45);
    assert_eq!(g.values[0], surface.value([view.x_min, view.y_min]));
    assert_eq!(g.values[4], surface.value([view.x_max, view.y_min]));
    assert_eq!(g.values[44], surface.value([view.x_max, view.y_max]));
    // row j = 2, column i = 3
    let (dx, dy) = (view.width() / 4.0, view.height() / 8.0);
    let expected = surface.value([view.x_min + 3.0 * dx, view.y_min + 2.0 * dy]);
    assert!((g.values[2 * 5 + 3] - expected).abs() < 1e-12);
}

#[test]
fn min_max_ignores_non_finite_values() {
    let g = Grid {
        nx: 2,
        ny: 2,
        view: square(1.0),
        values: vec![f64::NAN, 3.0, f64::INFINITY, -2.0],
    };
    assert_eq!(g.min_max(), (-2.0, 3.0));
}

#[test]
fn linear_levels_are_evenly_spaced_strictly_inside_the_range() {
    let l = levels(0.0, 10.0, 4, false);
    assert_eq!(l, vec![2.0, 4.0, 6.0, 8.0]);
}

#[test]
fn log_levels_are_geometric_when_the_minimum_is_positive() {
    let l = levels(1.0, 1e4, 7, true);
    assert_eq!(l.len(), 7);
    assert!(l.windows(2).all(|w| w[0] < w[1]));
    assert!(l[0] > 1.0 && l[6] < 1e4);
    let ratio = l[1] / l[0];
    assert!((ratio - 10f64.powf(0.5)).abs() < 1e-9, "ratio {ratio}");
    for w in l.windows(2) {
        assert!((w[1] / w[0] - ratio).abs() < 1e-9);
    }
}

#[test]
fn log_levels_shift_a_non_positive_minimum_and_stay_ascending() {
    for (min, max) in [(0.0, 2500.0), (-1.03, 5.0), (-50.0, -10.0)] {
        let l = levels(min, max, 12, true);
        assert_eq!(l.len(), 12);
        assert!(l.windows(2).all(|w| w[0] < w[1]), "{l:?}");
        assert!(l[0] > min && l[11] < max);
        // Geometric in the shifted values v − offset, offset = min − (max − min)·10⁻⁶.
        let offset = min - (max - min) * 1e-6;
        let r0 = (l[1] - offset) / (l[0] - offset);
        for w in l.windows(2) {
            let r = (w[1] - offset) / (w[0] - offset);
            assert!((r - r0).abs() < 1e-6 * r0, "{r} vs {r0}");
        }
    }
}

#[test]
fn degenerate_level_requests() {
    assert!(levels(0.0, 1.0, 0, false).is_empty());
    assert!(levels(f64::NAN, 1.0, 5, true).is_empty());
    assert!(levels(0.0, f64::INFINITY, 5, false).is_empty());
    assert!(levels(2.0, 1.0, 5, false).is_empty());
    assert_eq!(levels(4.0, 4.0, 5, true), vec![4.0]);
}

#[test]
fn paraboloid_isolines_are_circles_of_the_right_radius() {
    let n = 101;
    let grid = paraboloid(square(2.0), n);
    let spacing = 4.0 / (n - 1) as f64;
    let radii = [0.5, 1.0, 1.5, 1.9];
    let lv: Vec<f64> = radii.iter().map(|r| r * r).collect();
    let lines = isolines(&grid, &lv);
    assert_eq!(lines.len(), radii.len());
    for (iso, r) in lines.iter().zip(radii) {
        assert_eq!(iso.level, r * r);
        assert_eq!(iso.lines.len(), 1, "one closed curve at radius {r}");
        let ring = &iso.lines[0];
        assert_eq!(ring.first(), ring.last(), "closed");
        // Linear interpolation of x² across a cell errs by at most spacing²/(8r) in radius.
        for p in ring {
            let err = (p[0].hypot(p[1]) - r).abs();
            assert!(
                err < spacing * spacing / r,
                "point {p:?} is {err} off radius {r}"
            );
        }
        // It goes all the way round.
        let mut quadrants = [false; 4];
        for p in ring {
            quadrants[(p[0] >= 0.0) as usize * 2 + (p[1] >= 0.0) as usize] = true;
        }
        assert_eq!(quadrants, [true; 4]);
    }
}

#[test]
fn isolines_leaving_the_grid_are_cut_at_its_edge() {
    let view = square(1.0);
    let grid = paraboloid(view, 51);
    // Radius 1.2 crosses the square's sides; only four arcs near the corners lie inside.
    let iso = &isolines(&grid, &[1.44])[0];
    assert_eq!(iso.lines.len(), 4, "{:?}", iso.lines.len());
    for line in &iso.lines {
        for p in line {
            assert!(view.contains(*p), "{p:?} outside the grid");
            assert!((p[0].hypot(p[1]) - 1.2).abs() < 0.01);
        }
    }
}

#[test]
fn isolines_tolerate_non_finite_samples_and_tiny_grids() {
    let mut grid = paraboloid(square(2.0), 41);
    grid.values[0] = f64::NAN;
    grid.values[40] = f64::INFINITY;
    let iso = isolines(&grid, &[1.0]);
    assert!(
        iso[0]
            .lines
            .iter()
            .flatten()
            .all(|p| p[0].is_finite() && p[1].is_finite())
    );
    assert_eq!(iso[0].lines.len(), 1);
    let tiny = Grid {
        nx: 1,
        ny: 3,
        view: square(1.0),
        values: vec![0.0, 1.0, 2.0],
    };
    let iso = isolines(&tiny, &[0.5]);
    assert_eq!(iso.len(), 1);
    assert!(iso[0].lines.is_empty());
}

#[test]
fn color_scale_normalises_linearly_or_logarithmically() {
    let lin = ColorScale {
        min: 0.0,
        max: 10.0,
        log: false,
    };
    assert_eq!(lin.normalise(0.0), 0.0);
    assert_eq!(lin.normalise(10.0), 1.0);
    assert_eq!(lin.normalise(2.5), 0.25);
    assert_eq!(lin.normalise(-5.0), 0.0);
    assert_eq!(lin.normalise(50.0), 1.0);
    assert_eq!(lin.normalise(f64::NAN), 1.0);
    let log = ColorScale {
        min: 1.0,
        max: 1e4,
        log: true,
    };
    assert!((log.normalise(100.0) - 0.5).abs() < 1e-12);
    assert!((log.normalise(10.0) - 0.25).abs() < 1e-12);
    assert_eq!(log.normalise(f64::NAN), 1.0);
    assert_eq!(log.normalise(f64::NEG_INFINITY), 0.0);
    let shifted = ColorScale {
        min: 0.0,
        max: 1e6,
        log: true,
    };
    assert_eq!(shifted.normalise(0.0), 0.0);
    // Shifted by −(max − min)·10⁻⁶ = −1: 10³ is halfway in decades, though 0.1% of the range.
    assert!(
        (shifted.normalise(1e3) - 0.5).abs() < 1e-3,
        "{}",
        shifted.normalise(1e3)
    );
    assert_ne!(lin.rgb(0.0), lin.rgb(10.0));
    assert_eq!(lin.rgb(0.0), [68, 1, 84], "viridis starts dark purple");
}

#[test]
fn heatmap_is_top_row_first() {
    let surface = Surface::new(SurfaceKind::Rosenbrock);
    let view = surface.default_view();
    let (nx, ny) = (30, 20);
    let grid = Grid::sample(&surface, view, nx, ny);
    let scale = ColorScale::for_grid(&grid, true);
    let rgba = heatmap_rgba(&grid, &scale);
    assert_eq!(rgba.len(), nx * ny * 4);
    let pixel = |row: usize, col: usize| {
        let k = (row * nx + col) * 4;
        [rgba[k], rgba[k + 1], rgba[k + 2], rgba[k + 3]]
    };
    let top_left = scale.rgb(surface.value([view.x_min, view.y_max]));
    let bottom_left = scale.rgb(surface.value([view.x_min, view.y_min]));
    assert_ne!(
        top_left, bottom_left,
        "the test needs distinguishable corners"
    );
    assert_eq!(pixel(0, 0), [top_left[0], top_left[1], top_left[2], 255]);
    assert_eq!(pixel(ny - 1, 0)[..3], bottom_left);
}

#[test]
fn sampling_and_contouring_a_256_grid_draws_lines_for_every_surface() {
    for kind in SurfaceKind::ALL {
        let surface = Surface::new(kind);
        let start = Instant::now();
        let grid = Grid::sample(&surface, surface.default_view(), 256, 256);
        let sampled = start.elapsed();
        let (min, max) = grid.min_max();
        let lv = levels(min, max, 12, kind.log_color());
        let iso = isolines(&grid, &lv);
        let contoured = start.elapsed() - sampled;
        let rgba = heatmap_rgba(&grid, &ColorScale::for_grid(&grid, kind.log_color()));
        let total = start.elapsed();
        let segments: usize = iso.iter().flat_map(|i| &i.lines).map(|l| l.len()).sum();
        println!(
            "{:>16}: sample {:>6.2?}  12 isolines {:>6.2?} ({segments} pts)  total {:>6.2?}",
            kind.name(),
            sampled,
            contoured,
            total
        );
        assert_eq!(lv.len(), 12);
        assert!(segments > 0, "{} drew no contours", kind.name());
        assert_eq!(rgba.len(), 256 * 256 * 4);
    }
}

#[test]
fn simplify_keeps_the_shape_within_tolerance_and_drops_collinear_points() {
    use descent::core::contour::simplify;
    let straight: Vec<[f64; 2]> = (0..100).map(|i| [i as f64, 2.0 * i as f64]).collect();
    assert_eq!(simplify(&straight, 1e-9), vec![[0.0, 0.0], [99.0, 198.0]]);
    let circle: Vec<[f64; 2]> = (0..=400)
        .map(|i| {
            let t = i as f64 / 400.0 * std::f64::consts::TAU;
            [t.cos(), t.sin()]
        })
        .collect();
    let tolerance = 1e-3;
    let simple = simplify(&circle, tolerance);
    assert!(
        simple.len() < circle.len() / 3,
        "{} of {} points kept",
        simple.len(),
        circle.len()
    );
    assert_eq!(simple.first(), circle.first());
    assert_eq!(simple.last(), circle.last());
    // Every dropped point lies within the tolerance of the simplified polyline.
    let dist_to_segment = |p: [f64; 2], a: [f64; 2], b: [f64; 2]| {
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let t = (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
        (p[0] - a[0] - t * dx).hypot(p[1] - a[1] - t * dy)
    };
    for p in &circle {
        let d = simple
            .windows(2)
            .map(|w| dist_to_segment(*p, w[0], w[1]))
            .fold(f64::INFINITY, f64::min);
        assert!(
            d <= tolerance * 1.0001,
            "point {p:?} is {d} from the simplified line"
        );
    }
}

/// Each heatmap pixel is centred on its grid sample: the image covers half a cell beyond the
/// sampled view, so the darkest pixel sits where the sampled minimum is.
#[test]
fn heatmap_pixels_are_centred_on_their_samples() {
    let view = ViewRect {
        x_min: -2.0,
        x_max: 3.0,
        y_min: -1.0,
        y_max: 1.0,
    };
    let grid = Grid::sample(&Surface::new(SurfaceKind::Himmelblau), view, 11, 5);
    let b = grid.pixel_bounds();
    // Pixel k of n over [lo, lo + width] is centred where sample k of n over the view lies.
    let check =
        |axis: &str, n: usize, (lo, width): (f64, f64), (view_lo, view_width): (f64, f64)| {
            for k in 0..n {
                let centre = lo + (k as f64 + 0.5) * width / n as f64;
                let sample = view_lo + k as f64 * view_width / (n - 1) as f64;
                assert!(
                    (centre - sample).abs() < 1e-12,
                    "{axis} {k}: {centre} vs {sample}"
                );
            }
        };
    check(
        "column",
        grid.nx,
        (b.x_min, b.width()),
        (view.x_min, view.width()),
    );
    check(
        "row",
        grid.ny,
        (b.y_min, b.height()),
        (view.y_min, view.height()),
    );
}
