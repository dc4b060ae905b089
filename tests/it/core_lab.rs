//! The lab's bookkeeping that views rely on.

use std::collections::HashSet;

use descent::core::lab::Lab;
use descent::core::presets::PRESETS;
use descent::core::surface::SurfaceKind;

/// Views cache the heatmap and the 3-D mesh by landscape version, so a version seen once must
/// never come back: not after a load (which rebuilds the lab), a zoom or a surface switch.
#[test]
fn landscape_versions_never_repeat_across_loads_and_changes() {
    let mut lab = Lab::new(PRESETS[0].state());
    let mut seen = HashSet::new();
    let mut record = |lab: &Lab, what: &str| {
        assert!(
            seen.insert(lab.landscape_version),
            "version {} came back after {what}",
            lab.landscape_version
        );
    };
    record(&lab, "new");
    for round in 0..3 {
        for preset in &PRESETS {
            lab.load(preset.state());
            record(&lab, &format!("loading {} (round {round})", preset.name));
        }
    }
    let mut view = lab.state.view;
    view.x_max += 1.0;
    lab.set_view(view);
    record(&lab, "a zoom");
    lab.set_surface(SurfaceKind::Saddle);
    record(&lab, "a surface switch");
    let other = Lab::new(PRESETS[0].state());
    record(&other, "a second lab");
}

/// While the class predicts, nothing moves the race off step 0; the reveal plays it from there.
#[test]
fn predicting_holds_the_race_at_step_0_until_the_reveal() {
    let mut lab = Lab::new(PRESETS[0].state());
    lab.set_step(120);
    lab.set_predicting(true);
    assert_eq!(lab.state.step, 0, "entering predict mode rewinds the race");
    lab.toggle_play();
    lab.tick(1.0);
    lab.step_forward();
    lab.set_step(50);
    lab.set_max_steps(400);
    assert_eq!(lab.state.step, 0);
    assert!(!lab.playing);

    lab.load(PRESETS[2].state());
    assert!(lab.predicting(), "a load keeps the class predicting");
    assert_eq!(lab.state.step, 0);

    lab.reveal();
    assert!(!lab.predicting() && lab.playing);
    assert_eq!(lab.state.step, 0);
    lab.tick(1.0);
    let rate = lab.state.steps_per_second;
    assert_eq!(
        lab.state.step,
        rate.min(lab.state.max_steps as f64) as usize
    );
}
