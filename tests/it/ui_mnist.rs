//! The MNIST tab driven through its widgets, training a small real subset in the background.

use std::time::Duration;

use crate::common::{mnist_app, run_until, save_screenshot, small_mnist};
use descent::App;
use descent::train::{DataSource, JobState};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Generous: the training thread shares two cores with the rest of the test run.
const LIMIT: Duration = Duration::from_secs(60);

fn harness() -> Harness<'static, App> {
    mnist_app([1400.0, 900.0], small_mnist())
}

#[test]
fn start_pause_resume_and_reset_drive_the_training_thread() {
    let mut harness = harness();
    // At full speed the default run could end before "pause" is clicked.
    harness.state_mut().mnist.config.epochs = 1000;
    harness.get_by_label("▶ start").click();
    run_until(&mut harness, LIMIT, |app| {
        app.mnist
            .run
            .curve
            .iter()
            .filter(|p| p.val_loss.is_some())
            .count()
            >= 2
    });
    assert_eq!(harness.state().mnist.run.state, JobState::Running);
    let first = harness.state().mnist.run.curve[0].train_loss;
    assert!(first.is_finite() && first > 0.0);

    harness.get_by_label("▮▮ pause").click();
    run_until(&mut harness, LIMIT, |app| {
        app.mnist.run.state == JobState::Paused
    });
    let seen = harness.state().mnist.run.curve.len();
    std::thread::sleep(Duration::from_millis(200));
    harness.run_steps(2);
    assert_eq!(
        harness.state().mnist.run.curve.len(),
        seen,
        "no points arrive while paused"
    );

    harness.get_by_label("▶ resume").click();
    run_until(&mut harness, LIMIT, |app| app.mnist.run.curve.len() > seen);

    harness.get_by_label("↺ reset").click();
    run_until(&mut harness, LIMIT, |app| {
        app.mnist.run.state == JobState::Idle
    });
    harness.run_steps(2);
    assert!(
        harness.state().mnist.run.curve.is_empty(),
        "reset clears the curves"
    );
}

#[test]
fn a_second_run_keeps_the_first_as_a_ghost() {
    let mut harness = harness();
    harness.get_by_label("full speed").click();
    harness.get_by_label("▶ start").click();
    run_until(&mut harness, LIMIT, |app| {
        app.mnist.run.curve.iter().any(|p| p.val_loss.is_some())
    });
    harness.get_by_label("▶ start").click();
    harness.run_steps(2);
    assert_eq!(harness.state().mnist.run.ghosts.len(), 1);
    assert!(!harness.state().mnist.run.ghosts[0].curve.is_empty());
}

#[test]
fn the_test_set_is_only_evaluated_on_request() {
    let mut harness = harness();
    harness.state_mut().mnist.config.epochs = 1000;
    harness.get_by_label("▶ start").click();
    run_until(&mut harness, LIMIT, |app| app.mnist.run.snapshot.is_some());
    assert!(harness.state().mnist.run.test_result.is_none());
    harness.get_by_label("evaluate on test").click();
    run_until(&mut harness, LIMIT, |app| {
        app.mnist.run.test_result.is_some()
    });
    let (_, acc) = harness.state().mnist.run.test_result.unwrap_or_default();
    assert!((0.0..=1.0).contains(&acc));
}

#[test]
fn gradient_check_panel_compares_backprop_with_numerical_gradients() {
    let mut harness = harness();
    harness.get_by_label("▶ start").click();
    run_until(&mut harness, LIMIT, |app| app.mnist.run.snapshot.is_some());
    harness.get_by_label("gradient check").click();
    harness.run_steps(2);
    harness.get_by_label("run gradient check").click();
    run_until(&mut harness, LIMIT, |app| {
        app.mnist.run.gradient_check.is_some()
    });
    let Some(report) = harness.state().mnist.run.gradient_check.as_ref() else {
        unreachable!()
    };
    assert!(
        report.max_rel_error < 1e-6,
        "max relative error {}",
        report.max_rel_error
    );
    assert_eq!(report.param_count, 11_935);
    assert!(report.estimated_numerical_secs > 100.0 * report.backprop_secs);
    harness.get_by_label_contains("an estimate, not run");
}

#[test]
fn drawing_a_digit_shows_the_networks_probabilities() {
    let mut harness = harness();
    harness.get_by_label("▶ start").click();
    run_until(&mut harness, LIMIT, |app| app.mnist.run.snapshot.is_some());
    harness.get_by_label("draw a digit").click();
    harness.run_steps(2);
    let pad = harness
        .get_by_label("Draw a digit here with the mouse")
        .rect();
    let a = pad.center_top() + egui::vec2(0.0, 0.15 * pad.height());
    let b = pad.center_bottom() - egui::vec2(0.0, 0.15 * pad.height());
    harness.hover_at(a);
    harness.run_steps(1);
    harness.drag_at(a);
    harness.run_steps(1);
    for t in [0.25, 0.5, 0.75, 1.0] {
        harness.hover_at(a + (b - a) * t);
        harness.run_steps(1);
    }
    harness.drop_at(b);
    harness.run_steps(2);
    let image = &harness.state().mnist.pad.image;
    assert!(
        image.iter().filter(|&&p| p > 100).count() > 20,
        "the stroke reached the 28x28 input"
    );
    let bars = harness.get_all_by_label_contains("%").count();
    assert!(
        bars >= 10,
        "ten probability bars are shown, found {bars} labels with %"
    );
}

#[test]
#[ignore = "writes screenshots/mnist.png: run on purpose"]
fn render_mnist_screenshot() {
    let mut harness = mnist_app([1600.0, 1000.0], DataSource::Bundled);
    harness.get_by_label("▶ start").click();
    run_until(&mut harness, LIMIT, |app| {
        app.mnist
            .run
            .curve
            .iter()
            .filter(|p| p.val_loss.is_some())
            .count()
            >= 8
    });
    harness.get_by_label("▮▮ pause").click();
    run_until(&mut harness, LIMIT, |app| {
        app.mnist.run.state == JobState::Paused
    });
    harness.run_steps(3);
    save_screenshot(&mut harness, "mnist");
}
