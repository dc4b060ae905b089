//! The landscape tab driven through its real widgets, headless (egui_kittest + lavapipe).

use descent::App;
use descent::app::Settings;
use descent::core::surface::SurfaceKind;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, App> {
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .wgpu()
        .build_eframe(|cc| App::with_settings(&cc.egui_ctx, Settings::default()));
    harness.run_steps(3);
    harness
}

#[test]
fn dragging_on_the_contour_plot_moves_the_start_and_restarts_the_race() {
    let mut harness = harness();
    harness.get_by_label("step ▶").click();
    harness.run_steps(2);
    assert_eq!(harness.state().landscape.lab.state.step, 1);

    let Some(transform) = harness.state().landscape.contour_transform else {
        panic!("contour plot was not drawn");
    };
    let from = transform.position_from_point(&egui_plot::PlotPoint::new(-2.0, 2.0));
    let to = transform.position_from_point(&egui_plot::PlotPoint::new(1.5, -1.0));
    harness.hover_at(from);
    harness.run_steps(1);
    harness.drag_at(from);
    harness.run_steps(1);
    harness.hover_at(from + (to - from) * 0.5);
    harness.run_steps(1);
    harness.hover_at(to);
    harness.run_steps(1);
    harness.drop_at(to);
    harness.run_steps(2);

    let lab = &harness.state().landscape.lab;
    let [x, y] = lab.state.start;
    let tolerance = 0.05 * lab.state.view.width();
    assert!(
        (x - 1.5).abs() < tolerance && (y + 1.0).abs() < tolerance,
        "start is ({x}, {y})"
    );
    assert_eq!(lab.state.step, 0, "moving the start restarts the race");
    for t in lab.trajectories.iter().flatten() {
        assert_eq!(
            t.points[0], lab.state.start,
            "every path starts at the new start"
        );
    }
}

#[test]
fn moving_the_learning_rate_slider_recomputes_the_path_and_keeps_a_ghost() {
    let mut harness = harness();
    let selected = harness.state().landscape.lab.state.selected;
    let before = harness.state().landscape.lab.trajectories[selected].clone();
    harness
        .get_by_role_and_label(Role::Slider, "learning rate α")
        .set_value_accesskit(0.002);
    harness.run_steps(2);
    let lab = &harness.state().landscape.lab;
    let entry = lab.state.entries[selected];
    assert!(
        (entry.racer.hyper.lr - 0.002).abs() < 1e-12,
        "lr is {}",
        entry.racer.hyper.lr
    );
    assert_ne!(
        lab.trajectories[selected], before,
        "the path was recomputed"
    );
    let ghost = lab.ghosts[selected]
        .as_ref()
        .expect("the old path stays as a ghost");
    assert_eq!(Some(ghost), before.as_ref().map(|t| &t.points));
}

#[test]
fn play_advances_the_timeline_and_space_pauses_it() {
    let mut harness = harness();
    harness.get_by_label("▶ play").click();
    harness.run_steps(20);
    let step = harness.state().landscape.lab.state.step;
    assert!(step > 0, "playing moved the timeline");
    assert!(harness.state().landscape.lab.playing);
    harness.key_press(egui::Key::Space);
    harness.run_steps(2);
    assert!(!harness.state().landscape.lab.playing, "space pauses");
    harness.key_press(egui::Key::ArrowRight);
    harness.run_steps(1);
    let after = harness.state().landscape.lab.state.step;
    harness.key_press(egui::Key::R);
    harness.run_steps(1);
    assert!(after > 0);
    assert_eq!(harness.state().landscape.lab.state.step, 0, "R resets");
}

#[test]
fn choosing_a_preset_switches_the_surface() {
    let mut harness = harness();
    harness.get_by_value("choose…").click();
    harness.run_steps(2);
    harness.get_by_label("Distill: banana").click();
    harness.run_steps(2);
    assert_eq!(
        harness.state().landscape.lab.state.surface.kind(),
        SurfaceKind::Banana
    );

    harness.get_by_value("choose…").click();
    harness.run_steps(2);
    harness.get_by_label("Linear regression (7 points)").click();
    harness.run_steps(3);
    assert_eq!(
        harness.state().landscape.lab.state.surface.kind(),
        SurfaceKind::Regression
    );
    // The regression preset shows the data plot and the stochastic switch.
    harness
        .get_by_label("stochastic (mini-batch) gradients")
        .click();
    harness.run_steps(2);
    assert!(harness.state().landscape.lab.state.stochastic);
}

#[test]
fn snapshot_of_the_radford_beale_race() {
    let mut harness = harness();
    harness.state_mut().landscape.lab.set_step(120);
    harness.run_steps(3);
    harness.snapshot("landscape_beale");
}
