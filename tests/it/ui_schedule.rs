//! The race tab's schedule controls, driven through the real widgets (egui_kittest + lavapipe).

use descent::core::optimizer::OptimizerKind;
use descent::core::schedule::Schedule;
use egui_kittest::kittest::Queryable;

#[test]
fn choosing_a_schedule_in_the_menu_reruns_the_race_and_the_inspector_shows_the_lr() {
    let mut harness = crate::common::landscape_app([1280.0, 900.0]);
    let index = crate::common::racer_index(&harness, OptimizerKind::Adam);
    harness.state_mut().landscape.lab.state.selected = index;
    harness.run_steps(2);
    harness.get_by_label("lr schedule").click();
    harness.run_steps(2);
    harness.get_by_label("cosine").click();
    harness.run_steps(3);
    let lab = &harness.state().landscape.lab;
    let racer = lab.state.entries[index].racer;
    assert_eq!(
        racer.schedule,
        Schedule::Cosine {
            t_max: lab.state.max_steps as u64,
            eta_min: 0.0
        }
    );
    let t = lab.trajectories[index].as_ref().expect("path");
    assert_eq!(
        t.lrs,
        racer.schedule.lrs(racer.kind, racer.hyper.lr, t.steps())
    );
    assert!(
        lab.ghosts[index].is_some(),
        "the constant-lr path stays as a ghost"
    );
    // The schedule's sliders and spec are on screen, and the head's lr in the inspector.
    assert!(
        harness
            .query_all_by_label("T_max (half period)")
            .next()
            .is_some()
    );
    harness.get_by_label_contains("cosine:t_max=");
    harness.state_mut().landscape.lab.set_step(150);
    harness.run_steps(2);
    let lr = harness.state().landscape.lab.trajectories[index]
        .as_ref()
        .and_then(|t| t.lr_at(150))
        .expect("lr at 150");
    harness.get_by_label(&format!("lr at the head = {}", descent::ui::fmt_num(lr)));
}
