//! Ten segments per axis, driven through its real widgets: the N slider rewrites 10^N and the
//! time in words, the rate slider changes the time, a drag turns the cube.

use descent::core::dimensions::search_time_words;
use descent::ui::why_hard::{Lesson, WhyHardView};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, WhyHardView> {
    crate::common::why_hard_harness(Lesson::Dimensions, [1280.0, 800.0], 1.0)
}

#[test]
fn the_square_and_cube_count_their_guesses() {
    let harness = harness();
    harness.get_by_label("2 weights: 10 × 10 = 100 guesses");
    harness.get_by_label("3 weights: 10 × 10 × 10 = 1,000 guesses");
    harness.get_by_label("Guesses for N = 3 weights: 10^3 = 1,000");
    harness.get_by_label("At 1,000,000,000 guesses a second: 1 microsecond");
}

#[test]
fn the_dimension_slider_rewrites_the_count_and_the_time() {
    let mut harness = harness();
    harness
        .get_by_role_and_label(Role::Slider, "dimensions N")
        .set_value_accesskit(15.0);
    harness.run_steps(2);
    assert_eq!(harness.state().dimensions.dims, 15);
    harness.get_by_label("Guesses for N = 15 weights: 10^15 = 1,000,000,000,000,000");
    harness.get_by_label("At 1,000,000,000 guesses a second: 12 days");
    harness.get_by_label("784-15-10 network").click();
    harness.run_steps(2);
    assert_eq!(harness.state().dimensions.dims, 11935);
    harness.get_by_label("Guesses for N = 11935 weights: 10^11935, a number with 11,936 digits");
    let words = search_time_words(10, 11935, 1e9);
    assert!(words.starts_with("3.2×10^11918 years"), "{words}");
    harness.get_by_label(&format!("At 1,000,000,000 guesses a second: {words}"));
    // A computer a billion times faster saves nine zeros and no more.
    harness
        .get_by_role_and_label(Role::Slider, "guesses per second")
        .set_value_accesskit(1e18);
    harness.run_steps(2);
    let faster = search_time_words(10, 11935, 1e18);
    assert!(faster.starts_with("3.2×10^11909 years"), "{faster}");
    harness.get_by_label(&format!("At 10^18 guesses a second: {faster}"));
}

#[test]
fn dragging_the_cube_turns_it() {
    let mut harness = harness();
    let (yaw, pitch) = {
        let s = &harness.state().dimensions;
        (s.yaw, s.pitch)
    };
    let hint = harness
        .get_by_label("3 weights: 10 × 10 × 10 = 1,000 guesses")
        .rect();
    // The cube sits just above its caption.
    let from = hint.left_top() + egui::vec2(60.0, -80.0);
    let dx = 50.0;
    harness.hover_at(from);
    harness.run_steps(1);
    harness.drag_at(from);
    harness.run_steps(1);
    for i in 1..=5 {
        harness.hover_at(from + egui::vec2(dx * i as f32 / 5.0, 0.0));
        harness.run_steps(1);
    }
    harness.drop_at(from + egui::vec2(dx, 0.0));
    harness.run_steps(2);
    let s = &harness.state().dimensions;
    let turned = yaw - s.yaw;
    let expected = dx * descent::ui::why_hard::TURN_PER_POINT;
    assert!(
        (turned - expected).abs() < 0.05 * expected,
        "turned {turned} rad, expected {expected}"
    );
    assert!(
        (s.pitch - pitch).abs() < 1e-6,
        "a level drag keeps the tilt"
    );
}
