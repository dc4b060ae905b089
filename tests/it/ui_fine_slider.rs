//! Issue 17: a shift-drag on a log slider moves the learning rate ten times more finely than a
//! plain drag (which jumped from 0.01 to 0.07 in 16 px).

use descent::App;
use descent::core::optimizer::HyperParam;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, App> {
    crate::common::landscape_app([1280.0, 800.0])
}

/// Drags the selected optimizer's learning-rate slider `dx` points from its middle; returns the
/// learning rate before and after, and the slider's width.
fn drag_lr(shift: bool, dx: f32) -> (f64, f64, f32) {
    let mut harness = harness();
    let lr = |h: &Harness<'static, App>| {
        let lab = &h.state().landscape.lab;
        lab.state.entries[lab.state.selected].racer.hyper.lr
    };
    let rect = harness
        .get_by_role_and_label(Role::Slider, "learning rate α")
        .rect();
    // Grab the handle where it is, so a plain drag is a drag rather than a jump.
    let (lo, hi) = HyperParam::Lr.range();
    let before = lr(&harness);
    let t = ((before / lo).ln() / (hi / lo).ln()) as f32;
    let from = egui::pos2(rect.left() + t * rect.width(), rect.center().y);
    if shift {
        harness.event(egui::Event::ModifiersChanged(egui::Modifiers::SHIFT));
    }
    harness.hover_at(from);
    harness.run_steps(1);
    harness.drag_at(from);
    harness.run_steps(1);
    for i in 1..=4 {
        harness.hover_at(from + egui::vec2(dx * i as f32 / 4.0, 0.0));
        harness.run_steps(1);
    }
    harness.drop_at(from + egui::vec2(dx, 0.0));
    harness.run_steps(2);
    (before, lr(&harness), rect.width())
}

#[test]
fn shift_drag_moves_a_log_slider_ten_times_more_finely() {
    let (lo, hi) = HyperParam::Lr.range();
    let dx = 16.0;
    let (before, coarse, width) = drag_lr(false, dx);
    let (same_start, fine, _) = drag_lr(true, dx);
    assert_eq!(before, same_start);
    // A plain drag follows the pointer along the log axis (rounded to a tidy value): 16 px
    // span a factor (hi/lo)^(16/width), about 4 here.
    let fine_expected = before * (hi / lo).powf(0.1 * f64::from(dx / width));
    let ratio = |a: f64, b: f64| (a / b).ln().abs();
    assert!(coarse / before > 2.0, "plain drag: {before} → {coarse}");
    assert!(
        ratio(fine, fine_expected) < 0.02,
        "shift-drag: {before} → {fine}, expected {fine_expected}"
    );
    assert!(
        ratio(fine, before) * 5.0 < ratio(coarse, before),
        "the shift-drag moved {before} → {fine}, the plain one → {coarse}"
    );
}
