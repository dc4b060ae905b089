//! The inspector panel shows the core's bound and status words, as drawn by the real UI.

use descent::App;
use descent::core::inspect::inspect;
use descent::core::optimizer::OptimizerKind;
use descent::core::presets;
use descent::ui::fmt_num;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, App> {
    crate::common::landscape_app([1400.0, 1400.0])
}

fn select(harness: &mut Harness<'static, App>, kind: OptimizerKind, lr: f64) {
    let lab = &mut harness.state_mut().landscape.lab;
    let index = lab
        .state
        .entries
        .iter()
        .position(|e| e.racer.kind == kind)
        .expect("the preset races this optimizer");
    lab.state.selected = index;
    lab.set_enabled(index, true);
    let mut hyper = lab.state.entries[index].racer.hyper;
    hyper.lr = lr;
    lab.set_hyper(index, hyper).expect("a valid lr");
    harness.run_steps(2);
}

#[test]
fn nesterov_on_the_long_valley_shows_its_own_bound_and_the_warning() {
    let mut harness = harness();
    harness
        .state_mut()
        .landscape
        .lab
        .load(presets::long_valley());
    select(&mut harness, OptimizerKind::Nesterov, 0.03);
    let lab = &harness.state().landscape.lab;
    let entry = lab.state.entries[lab.state.selected];
    let at = inspect(&lab.state.surface, &entry.racer, lab.state.start);
    let bound = at.stable_below.expect("Nesterov has a bound");
    let text = format!(
        "⚠ lr·λmax = {} (stable below {})",
        fmt_num(at.lr_lambda_max),
        fmt_num(bound)
    );
    harness.get_by_label_contains(&text);
    assert!(
        harness
            .query_by_label_contains("stable below 3.8")
            .is_none()
    );
}

#[test]
fn adam_says_plainly_that_no_fixed_bound_applies() {
    let mut harness = harness();
    select(&mut harness, OptimizerKind::Adam, 0.01);
    harness.get_by_label_contains("no fixed bound (step size adapts)");
    assert!(harness.query_by_label_contains("stable below").is_none());
}

#[test]
fn the_saddle_preset_says_escaped_not_diverged() {
    let mut harness = harness();
    harness
        .state_mut()
        .landscape
        .lab
        .load(presets::radford_saddle());
    harness.run_steps(2);
    let escaped = harness.state().landscape.lab.trajectories.iter().flatten();
    let escaped = escaped.filter(|t| t.escaped()).count();
    let shown = harness
        .query_all_by_label_contains("escaped (loss → −∞) at step")
        .count();
    assert!(escaped >= 2, "the preset's paths escape ({escaped})");
    assert_eq!(shown, escaped, "one badge per escaped path");
    assert!(
        harness
            .query_by_label_contains("diverged at step")
            .is_none()
    );
}
