//! "Predict, then reveal" and the loss plot through the real UI: nothing on screen may tell
//! the class who wins before the race has been run in front of them.

use descent::App;
use descent::core::optimizer::OptimizerKind;
use descent::ui::loss_plot::shown_curve;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, App> {
    crate::common::landscape_app([1400.0, 900.0])
}

fn index_of(harness: &Harness<'static, App>, kind: OptimizerKind) -> usize {
    let lab = &harness.state().landscape.lab;
    lab.state
        .entries
        .iter()
        .position(|e| e.racer.kind == kind && e.enabled)
        .unwrap_or_else(|| panic!("{kind:?} is not racing"))
}

/// Labels that give the race away: a divergence badge and the inspector's head readouts.
const LEAKS: [&str; 4] = [
    "diverged at step",
    "step 150:",
    "gradient ∇",
    "Hessian eigenvalues",
];

#[test]
fn predict_mode_shows_no_badge_readout_or_loss_curve() {
    let mut harness = harness();
    let sgd = index_of(&harness, OptimizerKind::Sgd);
    {
        let lab = &mut harness.state_mut().landscape.lab;
        let mut hyper = lab.state.entries[sgd].racer.hyper;
        hyper.lr = 5.0;
        lab.set_hyper(sgd, hyper).expect("a valid learning rate");
        // Inspect a racer that runs all 150 steps (a diverged one stops earlier).
        lab.state.selected = lab
            .state
            .entries
            .iter()
            .position(|e| e.racer.kind == OptimizerKind::Adam)
            .unwrap_or(0);
        lab.set_step(150);
    }
    harness.run_steps(2);
    assert!(
        harness.state().landscape.lab.trajectories[sgd]
            .as_ref()
            .is_some_and(|t| t.diverged())
    );
    for leak in LEAKS {
        assert!(
            harness.query_by_label_contains(leak).is_some(),
            "'{leak}' is shown outside predict mode"
        );
    }
    assert!(harness.state().landscape.loss_transform.is_some());

    harness.get_by_label("predict, then reveal").click();
    harness.run_steps(2);
    for leak in LEAKS {
        assert!(
            harness.query_by_label_contains(leak).is_none(),
            "'{leak}' is shown while the class predicts"
        );
    }
    assert!(
        harness.state().landscape.loss_transform.is_none(),
        "the loss plot is drawn while the class predicts"
    );
    harness.get_by_label("The loss curves are hidden until the reveal.");
    assert_eq!(harness.state().landscape.lab.state.step, 0);
}

#[test]
fn playing_waits_for_the_reveal_which_races_from_step_0() {
    let mut harness = harness();
    harness.get_by_label("predict, then reveal").click();
    harness.run_steps(2);
    harness.get_by_label("▶ play").click();
    harness.key_press(egui::Key::Space);
    harness.key_press(egui::Key::ArrowRight);
    harness.run_steps(30);
    let lab = &harness.state().landscape.lab;
    assert_eq!(lab.state.step, 0, "the race ran while hidden");
    assert!(!lab.playing);

    harness.get_by_label("reveal!").click();
    harness.run_steps(1);
    let lab = &harness.state().landscape.lab;
    assert!(!lab.predicting());
    assert!(lab.playing, "the reveal plays the race");
    assert!(
        lab.state.step <= 1,
        "the reveal starts at step {}",
        lab.state.step
    );
    let mut frames = 0;
    while harness.state().landscape.lab.state.step < 5 {
        frames += 1;
        assert!(frames < 300, "the race does not advance after the reveal");
        harness.run_steps(1);
    }
    let lab = &harness.state().landscape.lab;
    assert!(lab.playing && lab.state.step < lab.state.max_steps);
}

/// Pixels of `rgb` inside the loss plot.
fn loss_plot_pixels(harness: &mut Harness<'static, App>, rgb: [u8; 3]) -> usize {
    let Some(transform) = harness.state().landscape.loss_transform else {
        panic!("loss plot not drawn");
    };
    let scale = harness.ctx.pixels_per_point();
    let frame = *transform.frame();
    let image = harness.render().expect("render");
    image
        .enumerate_pixels()
        .filter(|(x, y, _)| frame.contains(egui::pos2(*x as f32 / scale, *y as f32 / scale)))
        .filter(|(_, _, p)| p.0[..3] == rgb)
        .count()
}

#[test]
fn the_loss_plot_draws_each_curve_up_to_the_current_step_only() {
    let mut harness = harness();
    let adam = index_of(&harness, OptimizerKind::Adam);
    let color = harness.state().landscape.lab.state.entries[adam].color;
    harness.get_by_label("↺ reset").click();
    harness.run_steps(2);
    let at_start = loss_plot_pixels(&mut harness, color);
    for _ in 0..3 {
        harness.get_by_label("step ▶").click();
        harness.run_steps(1);
    }
    harness.run_steps(1);
    let lab = &harness.state().landscape.lab;
    assert_eq!(lab.state.step, 3);
    for (index, t) in lab.trajectories.iter().enumerate() {
        let Some(t) = t else { continue };
        let curve = shown_curve(lab, index).expect("a racing optimizer has a curve");
        assert_eq!(curve.len(), t.losses.len().min(4), "entry {index}");
        assert!(curve.iter().all(|p| p[0] <= 3.0));
    }

    let max_steps = harness.state().landscape.lab.state.max_steps;
    harness.state_mut().landscape.lab.set_step(max_steps);
    harness.run_steps(2);
    let lab = &harness.state().landscape.lab;
    for (index, t) in lab.trajectories.iter().enumerate() {
        let Some(t) = t else { continue };
        let curve = shown_curve(lab, index).expect("a racing optimizer has a curve");
        assert_eq!(
            curve.len(),
            t.losses.len(),
            "the ended race shows entry {index} in full"
        );
    }
    let at_end = loss_plot_pixels(&mut harness, color);
    assert!(
        at_start * 4 < at_end,
        "Adam's curve already drawn at step 0: {at_start} pixels there, {at_end} at the end"
    );
}
