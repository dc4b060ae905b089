//! The race tab's learning-rate plot: drawn under the loss plot once a racer has a schedule,
//! each racer's lr up to the timeline's step.

use descent::App;
use descent::core::optimizer::OptimizerKind;
use descent::core::schedule::Schedule;
use descent::ui::loss_plot::{lr_plot_shown, shown_lrs};
use egui_kittest::Harness;

fn loss_plot_height(harness: &Harness<'static, App>) -> f32 {
    let transform = harness
        .state()
        .landscape
        .loss_transform
        .expect("loss plot drawn");
    transform.frame().height()
}

#[test]
fn a_schedule_adds_an_lr_plot_that_follows_the_timeline() {
    let mut harness = crate::common::landscape_app([1280.0, 900.0]);
    assert!(
        !lr_plot_shown(&harness.state().landscape.lab),
        "constant lr: no plot"
    );
    let alone = loss_plot_height(&harness);

    let index = crate::common::racer_index(&harness, OptimizerKind::Adam);
    let lab = &mut harness.state_mut().landscape.lab;
    let schedule = Schedule::Step {
        step_size: 10,
        gamma: 0.5,
    };
    lab.set_schedule(index, schedule).unwrap();
    lab.set_step(25);
    harness.run_steps(3);
    let lab = &harness.state().landscape.lab;
    assert!(lr_plot_shown(lab));
    let base = lab.state.entries[index].racer.hyper.lr;
    // StepLR by hand: the lr halves every 10 steps; steps 0..=25, the last the head's next.
    let want: Vec<[f64; 2]> = (0..=25)
        .map(|k| [f64::from(k), base * 0.5f64.powi(k / 10)])
        .collect();
    let got = shown_lrs(lab, index).unwrap();
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g[0], w[0]);
        assert!((g[1] - w[1]).abs() <= 1e-12 * w[1], "{g:?} vs {w:?}");
    }
    let shared = loss_plot_height(&harness);
    assert!(
        shared < alone - 50.0,
        "the loss plot makes room: {alone} → {shared}"
    );
}
