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
