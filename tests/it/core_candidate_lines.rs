//! Candidate lines: the MSE the figure shows, its residuals, the handles that hold the line, and
//! the chapter's three candidates, each checked against a computation of its own.

use descent::core::candidate_lines::{CandidateLine, HANDLE_X, PARAM_VIEW, Preset};
use descent::core::regression::Regression;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// MSE expanded into sums: (Σy² − 2mΣxy − 2bΣy + m²Σx² + 2mbΣx + n·b²) / n. No residual is ever
/// formed, so it shares nothing with the core's loop but the data.
fn mse_from_sums(points: &[[f64; 2]], m: f64, b: f64) -> f64 {
    let n = points.len() as f64;
    let sum = |f: &dyn Fn(&[f64; 2]) -> f64| points.iter().map(f).sum::<f64>();
    let (sx, sy) = (sum(&|p| p[0]), sum(&|p| p[1]));
    let (sxx, sxy, syy) = (
        sum(&|p| p[0] * p[0]),
        sum(&|p| p[0] * p[1]),
        sum(&|p| p[1] * p[1]),
    );
    (syy - 2.0 * m * sxy - 2.0 * b * sy + m * m * sxx + 2.0 * m * b * sx + n * b * b) / n
}

#[test]
fn the_mse_shown_equals_the_closed_form_from_sums() {
    let data = Regression::chapter_default();
    let mut rng = StdRng::seed_from_u64(3);
    for _ in 0..200 {
        let line = CandidateLine::new(rng.random_range(-1.0..1.5), rng.random_range(-3.0..6.0));
        let shown = line.mse(&data);
        let by_sums = mse_from_sums(&data.points, line.m, line.b);
        assert!(
            (shown - by_sums).abs() < 1e-10 * by_sums.max(1.0),
            "{line:?}: {shown} vs {by_sums}"
        );
    }
    // One by hand: the flat line y = 0 misses each point by its own y.
    let flat = CandidateLine::new(0.0, 0.0);
    let mean_y2 = data.points.iter().map(|p| p[1] * p[1]).sum::<f64>() / 7.0;
    assert!((flat.mse(&data) - mean_y2).abs() < 1e-12);
}

#[test]
fn the_residuals_are_the_vertical_misses_and_average_to_the_mse() {
    let data = Regression::chapter_default();
    let line = Preset::Better.line();
    let residuals = line.residuals(&data);
    assert_eq!(residuals.len(), data.points.len());
    for (r, p) in residuals.iter().zip(&data.points) {
        assert_eq!((r.x, r.y), (p[0], p[1]));
        assert!((r.fit - (0.2 * p[0] + 2.0)).abs() < 1e-12);
        assert!((r.value() - (p[1] - r.fit)).abs() < 1e-15);
    }
    let mean_square = residuals.iter().map(|r| r.value().powi(2)).sum::<f64>() / 7.0;
    assert!((mean_square - line.mse(&data)).abs() < 1e-12);
}

#[test]
fn the_handles_lie_on_the_line_and_moving_one_keeps_the_other() {
    let line = CandidateLine::new(0.3, 1.2);
    let [h0, h1] = line.handles();
    assert_eq!([h0[0], h1[0]], HANDLE_X);
    assert!((h0[1] - (0.3 * HANDLE_X[0] + 1.2)).abs() < 1e-12);
    let moved = line.with_handle(1, 5.0);
    // Through (−2, 0.6) and (8, 5): slope 4.4 / 10.
    assert!((moved.m - 0.44).abs() < 1e-12, "{moved:?}");
    assert!(
        (moved.at(HANDLE_X[0]) - h0[1]).abs() < 1e-12,
        "the other handle stays"
    );
    assert!((moved.at(HANDLE_X[1]) - 5.0).abs() < 1e-12);
    assert_eq!(line.with_handle(2, 5.0), line, "no third handle");
    assert_eq!(
        line.with_handle(0, f64::NAN),
        line,
        "a NaN drag changes nothing"
    );
    assert_eq!(
        CandidateLine::through([1.0, 2.0], [1.0, 3.0]),
        None,
        "vertical"
    );
}

#[test]
fn poor_better_good_have_falling_errors_and_good_is_near_least_squares() {
    let data = Regression::chapter_default();
    let mse: Vec<f64> = Preset::ALL.iter().map(|p| p.line().mse(&data)).collect();
    assert!(mse[0] > mse[1] && mse[1] > mse[2], "{mse:?}");
    let [m, b] = data.ols().expect("fit");
    let best = data.value([m, b]);
    assert!(
        mse[2] > best && mse[2] < 1.05 * best,
        "good {} vs best {best}",
        mse[2]
    );
    // Every candidate and the minimum are on the contour plot.
    for [m, b] in Preset::ALL
        .map(|p| p.line().params())
        .into_iter()
        .chain([[m, b]])
    {
        assert!((PARAM_VIEW.x_min..=PARAM_VIEW.x_max).contains(&m));
        assert!((PARAM_VIEW.y_min..=PARAM_VIEW.y_max).contains(&b));
    }
    let far = CandidateLine::new(9.0, -9.0).clamped(PARAM_VIEW);
    assert_eq!(far.params(), [PARAM_VIEW.x_max, PARAM_VIEW.y_min]);
}

/// A lecture slide opens either new lesson by its name.
#[test]
fn a_slide_opens_the_candidate_lines_and_ripple_lessons() {
    use descent::core::views::{Lesson, TabView};
    let text = "lecture: 1\n---\ntab: why-hard\nview: candidate-lines\n\n# A\n---\ntab: why-hard\nview: ripple\n\n# B\n";
    let lecture = descent::core::lecture::parse(text.as_bytes(), "t.md", None).expect("valid");
    let views: Vec<_> = lecture.slides.iter().map(|s| s.view).collect();
    assert_eq!(
        views,
        [
            Some(TabView::Lesson(Lesson::CandidateLines)),
            Some(TabView::Lesson(Lesson::Ripple))
        ]
    );
}
