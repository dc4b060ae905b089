//! The landscape tab driven through its real widgets, headless (egui_kittest + lavapipe).

use descent::App;
use descent::core::contour::{ColorScale, Grid};
use descent::core::surface::SurfaceKind;
use egui::Color32;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, App> {
    crate::common::landscape_app([1280.0, 800.0])
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

/// Every 17th pixel of the drawn heatmap against the colour of the surface's own value there
/// (on a colour scale computed afresh from the surface, not the lab's cached one).
fn heatmap_mismatches(view: &descent::ui::landscape::LandscapeView) -> usize {
    let image = view.drawn_heatmap().expect("the heatmap was drawn");
    let lab = &view.lab;
    let surface = &lab.state.surface;
    let [nx, ny] = image.size;
    let v = lab.state.view;
    let fresh = Grid::sample(surface, v, nx, ny);
    let scale = ColorScale::for_grid(&fresh, surface.kind().log_color());
    let (dx, dy) = (v.width() / (nx - 1) as f64, v.height() / (ny - 1) as f64);
    let mut mismatches = 0;
    for row in (0..ny).step_by(17) {
        for col in (0..nx).step_by(17) {
            // Image rows run top (y_max) to bottom.
            let j = ny - 1 - row;
            let value = surface.value([v.x_min + col as f64 * dx, v.y_min + j as f64 * dy]);
            let [r, g, b] = scale.rgb(value);
            if image.pixels[row * nx + col] != Color32::from_rgb(r, g, b) {
                mismatches += 1;
            }
        }
    }
    mismatches
}

/// Issue 10: after the second load the heatmap and the 3-D mesh stayed Beale's.
#[test]
fn the_drawn_heatmap_and_mesh_follow_three_loaded_presets() {
    let mut harness = harness();
    let mut previous: Option<Vec<Color32>> = None;
    for name in [
        "Radford: Beale",
        "Distill: banana",
        "Radford: saddle point",
        "Linear regression (7 points)",
    ] {
        harness.get_by_value("choose…").click();
        harness.run_steps(2);
        harness.get_by_label(name).click();
        harness.run_steps(3);
        let view = &harness.state().landscape;
        assert_eq!(heatmap_mismatches(view), 0, "heatmap after loading {name}");
        assert_eq!(
            view.drawn_mesh_version(),
            Some(view.lab.landscape_version),
            "3-D mesh after loading {name}"
        );
        let pixels = view.drawn_heatmap().map(|i| i.pixels.clone());
        assert_ne!(pixels, previous, "{name} looks like the preset before it");
        previous = pixels;
    }
}

#[test]
fn snapshot_of_the_radford_beale_race() {
    let mut harness = harness();
    harness.state_mut().landscape.lab.set_step(120);
    harness.run_steps(3);
    harness.snapshot("landscape_beale");
}
