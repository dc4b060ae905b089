//! The "step anatomy" toggle on the landscape tab, driven through its real widgets: the glyphs
//! drawn at the Momentum and Nesterov heads are the core's decomposition of the step taken.

use descent::core::anatomy::step_anatomy;
use descent::core::optimizer::OptimizerKind;
use descent::ui::anatomy_glyph::{DrawnAnatomy, drawn_id};
use egui_kittest::kittest::Queryable;

#[test]
fn the_step_anatomy_toggle_draws_each_momentum_methods_step_decomposed() {
    let mut harness = crate::common::landscape_app([1280.0, 800.0]);
    assert!(!harness.state().landscape.lab.state.anatomy);
    harness.get_by_label("step anatomy").click();
    harness.run_steps(2);
    assert!(
        harness.state().landscape.lab.state.anatomy,
        "the checkbox turns it on"
    );
    for _ in 0..12 {
        harness.get_by_label("step ▶").click();
        harness.run_steps(1);
    }
    harness.run_steps(2);
    let drawn: DrawnAnatomy = harness
        .ctx
        .data(|d| d.get_temp(drawn_id()))
        .expect("glyphs drawn");
    let lab = &harness.state().landscape.lab;
    let step = lab.state.step;
    assert_eq!(step, 12);
    let kinds: Vec<OptimizerKind> = drawn.glyphs.iter().map(|(_, a)| a.kind).collect();
    assert_eq!(kinds, [OptimizerKind::Momentum, OptimizerKind::Nesterov]);
    assert!(drawn.magnification >= 1.0);
    for &(index, a) in &drawn.glyphs {
        let entry = &lab.state.entries[index];
        let t = lab.trajectories[index].as_ref().expect("racing");
        assert_eq!(Some(a), step_anatomy(t, &entry.racer, step));
        let sum = [a.momentum[0] + a.gradient[0], a.momentum[1] + a.gradient[1]];
        assert_eq!(a.step, sum);
        let head = t.points[step];
        assert_eq!(
            a.gradient_at, head,
            "{:?}: gradient at the drawn head",
            a.kind
        );
        if a.kind == OptimizerKind::Momentum {
            let next = t.points[step + 1];
            let err = (a.end()[0] - next[0]).hypot(a.end()[1] - next[1]);
            assert!(
                err < 1e-12,
                "the momentum glyph ends at the path's next point ({err})"
            );
        }
    }
}
