//! The MNIST curves' legend stays off the curves: on a 1024×768 projector the plots are short,
//! so one row above both names the series once; at 1920×1080 each plot keeps its own legend.

use std::time::Duration;

use descent::train::JobState;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::run_until;

const LIMIT: Duration = Duration::from_secs(120);

/// A window of `size` physical pixels at the default zoom, after a one-epoch run.
fn after_a_run(size: [f32; 2]) -> Harness<'static, descent::App> {
    let mut harness = crate::ui_projector::projector(size, 1.25, true);
    harness.state_mut().settings.tab = descent::app::Tab::Mnist;
    harness.run_steps(2);
    harness.state_mut().mnist.config.epochs = 1;
    harness.get_by_label("▶ start").click();
    run_until(&mut harness, LIMIT, |app| {
        app.mnist.run.epochs_done == 1 && app.mnist.run.state == JobState::Idle
    });
    harness.run_steps(3);
    harness
}

#[test]
fn a_short_plot_gets_one_legend_row_a_tall_one_its_own_legend() {
    let short = after_a_run([1024.0, 768.0]);
    // Named once (the row), and the row sits above the plots: left of and level with nothing
    // but other row entries, right under the headline.
    assert_eq!(short.query_all_by_label("validation").count(), 1);
    assert_eq!(short.query_all_by_label("training (running)").count(), 1);
    let headline = short.get_by_label_contains("validation accuracy").rect();
    let row = short.get_by_label("validation").rect();
    assert!(
        row.top() >= headline.bottom() && row.top() - headline.bottom() < 30.0,
        "legend row {row:?} is not right under the headline {headline:?}"
    );
    let tall = after_a_run([1920.0, 1080.0]);
    // One legend in each of the two plots.
    assert_eq!(tall.query_all_by_label("validation").count(), 2);
}
