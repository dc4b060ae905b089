//! The "Learning-rate decay" preset driven through the real widgets: chosen from the preset menu
//! and scrubbed to the end with the timeline slider, the decayed SGD's head sits far nearer the
//! minimum than the constant one's, and the legend names them apart.

use descent::core::schedule::Schedule;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

#[test]
fn the_lr_decay_preset_ends_with_the_decayed_sgd_near_the_minimum() {
    let mut harness = crate::common::landscape_app([1280.0, 800.0]);
    harness.get_by_value("choose…").click();
    harness.run_steps(2);
    harness.get_by_label("Learning-rate decay").click();
    harness.run_steps(3);
    let max = harness.state().landscape.lab.state.max_steps;
    harness
        .get_by_role_and_label(Role::Slider, "step")
        .set_value_accesskit(max as f64);
    harness.run_steps(3);
    // The decayed one is named apart (in the optimizer list and over its plot).
    assert!(harness.query_all_by_label("SGD + cosine decay").count() >= 2);

    let lab = &harness.state().landscape.lab;
    assert_eq!(lab.state.step, max, "the timeline slider moved to the end");
    let min = lab.state.surface.known_points()[0].position;
    let distance = |i: usize| {
        let t = lab.trajectories[i].as_ref().expect("racing");
        let p = t.point_at(lab.state.step);
        (p[0] - min[0]).hypot(p[1] - min[1])
    };
    let schedules: Vec<Schedule> = lab.state.entries.iter().map(|e| e.racer.schedule).collect();
    assert_eq!(schedules[0], Schedule::Constant);
    assert!(matches!(schedules[1], Schedule::Cosine { .. }));
    let (constant, decayed) = (distance(0), distance(1));
    assert!(
        constant > 10.0 * decayed,
        "constant lr ends {constant} from the minimum, decayed {decayed}"
    );
}
