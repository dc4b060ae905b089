//! The climber in the dark, driven through its real widgets (egui_kittest + lavapipe): a click
//! on the rim picks the direction, "take a step" walks, the sliders set the light and the step,
//! "lights on" shows gradient descent's walk.

use descent::core::climber::{self, direction};
use descent::ui::why_hard::{Lesson, WhyHardView};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use egui_plot::PlotPoint;

fn harness() -> Harness<'static, WhyHardView> {
    crate::common::why_hard_harness(Lesson::Climber, [1280.0, 800.0], 1.0)
}

/// A real click (press and release) at a point of the map.
fn click_map(harness: &mut Harness<'static, WhyHardView>, p: [f64; 2]) {
    let transform = harness.state().climber.transform.expect("map drawn");
    let at = transform.position_from_point(&PlotPoint::new(p[0], p[1]));
    harness.hover_at(at);
    harness.run_steps(1);
    harness.drag_at(at);
    harness.run_steps(1);
    harness.drop_at(at);
    harness.run_steps(2);
}

#[test]
fn a_click_on_the_rim_and_a_step_walk_one_step_length_that_way() {
    let mut harness = harness();
    harness
        .get_by_role_and_label(Role::Slider, "flashlight radius")
        .set_value_accesskit(2.0);
    harness
        .get_by_role_and_label(Role::Slider, "step length")
        .set_value_accesskit(0.8);
    harness.run_steps(2);
    let (start, radius) = {
        let s = &harness.state().climber;
        assert_eq!(s.climb.lit_radius, 2.0);
        assert_eq!(s.step_length, 0.8);
        (s.climb.position(), s.climb.lit_radius)
    };
    // On the rim, 30° below east.
    let angle = -30f64.to_radians();
    let rim = [
        start[0] + radius * angle.cos(),
        start[1] + radius * angle.sin(),
    ];
    click_map(&mut harness, rim);
    harness.get_by_label("take a step").click();
    harness.run_steps(2);
    let s = &harness.state().climber;
    assert_eq!(s.climb.steps(), 1);
    let p = s.climb.position();
    assert!(
        (climber::distance(start, p) - 0.8).abs() < 1e-9,
        "one step length"
    );
    let d = direction(start, p).expect("moved");
    let taken = d[1].atan2(d[0]);
    assert!(
        (taken - angle).abs() < 1.5f64.to_radians(),
        "stepped at {}°",
        taken.to_degrees()
    );
    // The readout shows the new point's height and slope, computed by core.
    let surface = descent::core::surface::Surface::new(s.surface_kind);
    harness.get_by_label("step 1");
    harness.get_by_label(&format!(
        "height f = {}",
        descent::ui::fmt_num(climber::height(&surface, p))
    ));
    harness.get_by_label(&format!(
        "slope ‖∇f‖ = {}",
        descent::ui::fmt_num(climber::slope(&surface, p))
    ));
}

#[test]
fn lights_on_shows_gradient_descent_from_the_same_start_with_the_same_steps() {
    let mut harness = harness();
    assert!(
        harness
            .query_by_label_contains("gradient descent: height")
            .is_none()
    );
    let start = harness.state().climber.climb.position();
    // Three steps due north.
    click_map(&mut harness, [start[0], start[1] + 0.5]);
    for _ in 0..3 {
        harness.get_by_label("take a step").click();
        harness.run_steps(2);
    }
    harness.get_by_label("show the slope").click();
    harness.get_by_label("lights on").click();
    harness.run_steps(2);
    let s = &harness.state().climber;
    assert!(s.lights_on && s.show_slope);
    assert_eq!(s.climb.steps(), 3);
    let gd = s.descent_path();
    assert_eq!(gd.len(), 4);
    assert_eq!(gd[0], start);
    let end = s.height_at(*gd.last().expect("a point"));
    assert!(end < s.height_at(start), "descent went down");
    harness.get_by_label(&format!(
        "gradient descent: height {}",
        descent::ui::fmt_num(end)
    ));
    harness.get_by_label(&format!(
        "your walk: height {}",
        descent::ui::fmt_num(s.height())
    ));
    harness.get_by_label("reset").click();
    harness.run_steps(2);
    let s = &harness.state().climber;
    assert_eq!((s.climb.steps(), s.lights_on), (0, false));
    assert_eq!(s.climb.position(), start);
}

#[test]
fn stepping_needs_a_direction_first() {
    let mut harness = harness();
    harness.get_by_label("take a step").click();
    harness.run_steps(2);
    assert_eq!(harness.state().climber.climb.steps(), 0);
}
