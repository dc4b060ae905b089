//! The climber in the dark: the walk, what the flashlight shows, and gradient descent from the
//! same start, checked against central differences and plain geometry.

use descent::core::climber::{
    Climb, clip_to_disc, direction, distance, downhill, height, lit_rgba, slope,
};
use descent::core::contour::ContourMap;
use descent::core::race::default_start;
use descent::core::surface::{Surface, SurfaceKind};

const KINDS: [SurfaceKind; 4] = [
    SurfaceKind::Himmelblau,
    SurfaceKind::Rosenbrock,
    SurfaceKind::SixHumpCamel,
    SurfaceKind::Booth,
];

/// ∇f by central differences of the height alone.
fn central_gradient(surface: &Surface, p: [f64; 2]) -> [f64; 2] {
    let h = 1e-6;
    let f = |q: [f64; 2]| height(surface, q);
    [
        (f([p[0] + h, p[1]]) - f([p[0] - h, p[1]])) / (2.0 * h),
        (f([p[0], p[1] + h]) - f([p[0], p[1] - h])) / (2.0 * h),
    ]
}

#[test]
fn the_slope_readout_matches_central_differences() {
    for kind in KINDS {
        let surface = Surface::new(kind);
        let v = surface.default_view();
        for (a, b) in [(0.2, 0.3), (0.7, 0.6), (0.45, 0.9), (0.9, 0.1)] {
            let p = [v.x_min + a * v.width(), v.y_min + b * v.height()];
            let g = central_gradient(&surface, p);
            let expected = g[0].hypot(g[1]);
            let shown = slope(&surface, p);
            assert!(
                (shown - expected).abs() <= 1e-5 * expected.max(1.0),
                "{kind:?} at {p:?}: {shown} vs {expected}"
            );
            let d = downhill(&surface, p).expect("not flat here");
            assert!((d[0] + g[0] / expected).abs() < 1e-5, "{kind:?}: {d:?}");
            assert!((d[1] + g[1] / expected).abs() < 1e-5, "{kind:?}: {d:?}");
            let small = 1e-4 * v.width();
            assert!(
                height(&surface, [p[0] + small * d[0], p[1] + small * d[1]]) < height(&surface, p),
                "{kind:?}: a small step along −∇f goes down"
            );
        }
    }
}

#[test]
fn a_step_goes_its_length_towards_the_click_and_bad_steps_change_nothing() {
    let surface = Surface::new(SurfaceKind::Himmelblau);
    let view = surface.default_view();
    let mut climb = Climb::new(view, [0.0, 0.0], 1.0);
    assert!(climb.step_toward([3.0, 4.0], 0.5));
    let p = climb.position();
    assert!(
        (p[0] - 0.3).abs() < 1e-12 && (p[1] - 0.4).abs() < 1e-12,
        "{p:?}"
    );
    assert_eq!(climb.steps(), 1);
    let before = climb.clone();
    assert!(
        !climb.step_toward(p, 0.5),
        "a click on the point picks no direction"
    );
    assert!(!climb.step_toward([9.0, 9.0], 0.0));
    assert!(!climb.step_toward([9.0, 9.0], f64::NAN));
    assert_eq!(climb, before, "refused steps leave the walk alone");
    // The map's edge stops the walk.
    assert!(climb.step_toward([100.0, 0.4], 50.0));
    assert_eq!(climb.position(), [view.x_max, 0.4]);
    climb.reset();
    assert_eq!(climb.path, vec![[0.0, 0.0]]);
    assert_eq!(climb.steps(), 0);
}

#[test]
fn the_flashlight_shows_the_disc_and_its_rim_only() {
    let view = Surface::new(SurfaceKind::Himmelblau).default_view();
    let climb = Climb::new(view, [1.0, 1.0], 0.5);
    assert!(climb.can_see([1.0, 1.0]));
    assert!(climb.can_see([1.5, 1.0]), "the rim is lit");
    assert!(climb.can_see([1.3, 1.3]));
    assert!(!climb.can_see([1.4, 1.4]));
    assert!(!climb.can_see([1.0, 1.51]));
}

#[test]
fn the_dark_map_keeps_colours_inside_the_disc_and_dims_the_rest() {
    let surface = Surface::new(SurfaceKind::Himmelblau);
    let view = surface.default_view(); // [−5, 5]²
    let landscape = ContourMap::compute(&surface, view, 101); // a sample every 0.1
    let centre = [1.0, -2.0];
    let rgba = lit_rgba(&landscape, centre, 1.0, [0, 0, 0]);
    assert_eq!(rgba.len(), landscape.rgba.len());
    let pixel = |img: &[u8], x: f64, y: f64| {
        let i = ((x - view.x_min) / 0.1).round() as usize;
        let row = ((view.y_max - y) / 0.1).round() as usize;
        let k = 4 * (row * 101 + i);
        img[k..k + 4].to_vec()
    };
    for (x, y) in [(1.0, -2.0), (1.5, -2.0), (1.0, -1.1), (0.4, -2.5)] {
        assert_eq!(
            pixel(&rgba, x, y),
            pixel(&landscape.rgba, x, y),
            "lit at ({x}, {y})"
        );
    }
    for (x, y) in [(3.0, -2.0), (1.0, 0.0), (-4.0, 4.0), (1.8, -1.2)] {
        assert_eq!(pixel(&rgba, x, y)[..3], [0, 0, 0], "dark at ({x}, {y})");
    }
    let lit = rgba.chunks_exact(4).filter(|p| p[..3] != [0, 0, 0]).count();
    // π r² / cell area ≈ 314 samples of the 10,201.
    assert!((290..=340).contains(&lit), "{lit} lit samples");
}

#[test]
fn contour_lines_are_cut_on_the_rim() {
    let centre = [0.0, 0.0];
    let line = vec![[-2.0, 0.5], [0.0, 0.5], [2.0, 0.5]];
    let inside = vec![[-0.1, 0.0], [0.1, 0.0]];
    let outside = vec![[3.0, 3.0], [4.0, 3.0]];
    let clipped = clip_to_disc(&[line, inside.clone(), outside], centre, 1.0);
    assert_eq!(clipped.len(), 2, "{clipped:?}");
    let chord = &clipped[0];
    let half = 0.75f64.sqrt();
    assert!((chord[0][0] + half).abs() < 1e-12 && (chord[0][1] - 0.5).abs() < 1e-12);
    assert_eq!(chord[1], [0.0, 0.5]);
    assert!((chord[2][0] - half).abs() < 1e-12);
    assert_eq!(clipped[1], inside, "a line inside stays whole");
    // A segment passing through with both ends outside keeps its chord.
    let through = clip_to_disc(&[vec![[-2.0, 0.0], [2.0, 0.0]]], centre, 1.0);
    assert_eq!(through, vec![vec![[-1.0, 0.0], [1.0, 0.0]]]);
    for l in clip_to_disc(
        &[vec![[-3.0, -1.0], [0.2, 0.1], [0.5, 3.0], [-0.5, 0.5]]],
        [0.0, 0.3],
        0.8,
    ) {
        for p in l {
            assert!(distance(p, [0.0, 0.3]) <= 0.8 + 1e-12, "{p:?}");
        }
    }
}

#[test]
fn gradient_descent_takes_the_same_steps_from_the_same_start_and_ends_lower() {
    for kind in KINDS {
        let surface = Surface::new(kind);
        let view = surface.default_view();
        let start = default_start(kind);
        let mut climb = Climb::new(view, start, 0.1 * view.width());
        // A class that keeps walking east, with steps of two sizes.
        for i in 0..12 {
            let length = if i < 6 { 0.02 } else { 0.01 } * view.width();
            assert!(climb.step_in([1.0, 0.0], length));
        }
        let gd = climb.descent_path(&surface);
        assert_eq!(gd.len(), climb.path.len(), "{kind:?}");
        assert_eq!(gd[0], climb.start());
        for (i, w) in gd.windows(2).enumerate() {
            let asked = climb.step_lengths[i];
            assert!(
                (distance(w[0], w[1]) - asked).abs() < 1e-9 * view.width(),
                "{kind:?} step {i}"
            );
            let d = direction(w[0], w[1]).expect("moved");
            let down = downhill(&surface, w[0]).expect("not flat");
            assert!((d[0] - down[0]).abs() < 1e-9 && (d[1] - down[1]).abs() < 1e-9);
        }
        let end = |p: &[[f64; 2]]| height(&surface, *p.last().expect("a point"));
        assert!(
            end(&gd) < end(&climb.path),
            "{kind:?}: following the slope ends lower than walking east"
        );
        assert!(end(&gd) < height(&surface, start), "{kind:?}");
        assert_eq!(gd, climb.descent_path(&surface), "deterministic");
    }
}

/// A lecture slide opens the two new lessons by name.
#[test]
fn slides_open_the_climber_and_the_dimensions_lessons() {
    use descent::core::views::{Lesson, TabView};
    let text = "lecture: 1\n---\ntab: why-hard\nview: climber\n\n# A\n---\ntab: why-hard\nview: dimensions\n\n# B\n";
    let lec =
        descent::core::lecture::parse(text.as_bytes(), "lecture.md", None).expect("valid lecture");
    let views: Vec<_> = lec.slides.iter().map(|s| s.view).collect();
    assert_eq!(
        views,
        [
            Some(TabView::Lesson(Lesson::Climber)),
            Some(TabView::Lesson(Lesson::Dimensions))
        ]
    );
    assert_eq!(Lesson::Climber.name(), "climber");
    assert_eq!(Lesson::Dimensions.name(), "dimensions");
}
