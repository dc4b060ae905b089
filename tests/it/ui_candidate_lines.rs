//! The candidate-lines lesson driven through its real widgets, headless: preset buttons, a drag
//! of a handle and of the line on the data plot, a drag on the MSE contour, the slope slider.
//! Each checks the number on screen against the MSE computed here from the residuals.

use descent::core::candidate_lines::{HANDLE_X, Preset};
use descent::core::regression::Regression;
use descent::ui::why_hard::{Lesson, WhyHardView};
use egui::Pos2;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use egui_plot::{PlotPoint, PlotTransform};

fn harness() -> Harness<'static, WhyHardView> {
    crate::common::why_hard_harness(Lesson::CandidateLines, [1280.0, 800.0], 1.0)
}

/// (1/n) Σ (yᵢ − m·xᵢ − b)², written out here.
fn mse_by_hand(m: f64, b: f64) -> f64 {
    let points = Regression::chapter_default().points;
    let n = points.len() as f64;
    points
        .iter()
        .map(|p| (p[1] - m * p[0] - b).powi(2))
        .sum::<f64>()
        / n
}

/// The readout shows the state's line and this MSE, to the digits it prints.
fn assert_readout(harness: &Harness<'static, WhyHardView>) {
    let line = harness.state().lines.line;
    let expected = mse_by_hand(line.m, line.b);
    assert!((harness.state().lines.mse() - expected).abs() < 1e-12);
    harness.get_by_label_contains(&format!("MSE = {expected:.4}"));
}

fn drag(harness: &mut Harness<'static, WhyHardView>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.run_steps(1);
    harness.drag_at(from);
    harness.run_steps(1);
    for k in 1..=4 {
        harness.hover_at(from + (to - from) * (k as f32 / 4.0));
        harness.run_steps(1);
    }
    harness.drop_at(to);
    harness.run_steps(2);
}

fn screen(t: &PlotTransform, x: f64, y: f64) -> Pos2 {
    t.position_from_point(&PlotPoint::new(x, y))
}

#[test]
fn the_preset_buttons_try_the_chapters_three_lines() {
    let mut harness = harness();
    let mut errors = Vec::new();
    for preset in Preset::ALL {
        harness.get_by_label(preset.label()).click();
        harness.run_steps(2);
        assert_eq!(harness.state().lines.line, preset.line());
        assert_readout(&harness);
        errors.push(harness.state().lines.mse());
    }
    assert!(errors[0] > errors[1] && errors[1] > errors[2], "{errors:?}");
}

#[test]
fn dragging_a_handle_turns_the_line_about_the_other_handle() {
    let mut harness = harness();
    let before = harness.state().lines.line;
    let t = harness
        .state()
        .lines
        .line_transform
        .expect("data plot drawn");
    let [left, right] = before.handles();
    drag(
        &mut harness,
        screen(&t, right[0], right[1]),
        screen(&t, right[0], 6.0),
    );
    let line = harness.state().lines.line;
    let pixel = 14.0 / f64::from(t.frame().height()); // a point's worth of y, generously
    assert!(
        (line.at(HANDLE_X[1]) - 6.0).abs() < pixel,
        "right handle at {}",
        line.at(HANDLE_X[1])
    );
    assert!(
        (line.at(HANDLE_X[0]) - left[1]).abs() < 1e-9,
        "the left handle stays"
    );
    assert!(line.m > before.m, "the line turned up");
    assert_eq!(harness.state().lines.preset, None);
    assert_readout(&harness);
}

#[test]
fn dragging_the_line_lifts_it_without_turning_it() {
    let mut harness = harness();
    harness.get_by_label("better").click();
    harness.run_steps(2);
    let before = harness.state().lines.line;
    let t = harness
        .state()
        .lines
        .line_transform
        .expect("data plot drawn");
    let x = 3.0;
    drag(
        &mut harness,
        screen(&t, x, before.at(x)),
        screen(&t, x, before.at(x) - 2.0),
    );
    let line = harness.state().lines.line;
    assert!((line.m - before.m).abs() < 1e-9, "slope kept");
    assert!((line.b - (before.b - 2.0)).abs() < 0.1, "b {}", line.b);
    assert_readout(&harness);
}

#[test]
fn dragging_on_the_contour_moves_the_line() {
    let mut harness = harness();
    let t = harness
        .state()
        .lines
        .contour_transform
        .expect("contour drawn");
    drag(&mut harness, screen(&t, -0.5, 4.0), screen(&t, 0.8, -0.5));
    let line = harness.state().lines.line;
    let tol_m = 3.0 * 2.5 / f64::from(t.frame().width());
    let tol_b = 3.0 * 9.0 / f64::from(t.frame().height());
    assert!(
        (line.m - 0.8).abs() < tol_m && (line.b + 0.5).abs() < tol_b,
        "{line:?}"
    );
    // The handles are on the new line: the data plot follows.
    let [left, right] = line.handles();
    assert!((left[1] - (0.8 * HANDLE_X[0] - 0.5)).abs() < 10.0 * tol_m + tol_b);
    assert!(right[1] > left[1]);
    assert_readout(&harness);
}

#[test]
fn the_slope_slider_moves_the_line_and_its_error() {
    let mut harness = harness();
    let b = harness.state().lines.line.b;
    // The side panel starts shown at this width.
    harness
        .get_by_role_and_label(Role::Slider, "slope m")
        .set_value_accesskit(0.25);
    harness.run_steps(2);
    let line = harness.state().lines.line;
    assert!((line.m - 0.25).abs() < 1e-9 && line.b == b, "{line:?}");
    assert_readout(&harness);
}
