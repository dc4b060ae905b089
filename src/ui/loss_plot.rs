//! Loss against step for every racer, on a log axis, with the timeline's position marked; under
//! it, once any racer has a schedule, a small plot of the scheduled racers' learning rates.

use egui_plot::{Line, Plot, PlotTransform, VLine};

use crate::core::lab::Lab;
use crate::core::schedule::Schedule;

use super::color32;
use super::palette::readable_on;

/// Floor added before taking logs so a path that reaches the minimum exactly stays finite.
const LOG_EPS: f64 = 1e-12;

/// Height of the learning-rate plot, in points: small, the loss stays the main curve.
const LR_PLOT_HEIGHT: f32 = 64.0;

/// The x-axis (step) is shared: zooming or hovering one plot moves the other.
const STEP_AXIS: &str = "race_steps";

/// The curve drawn for racer `index`: steps 0 to the timeline's step (the whole curve once the
/// race has ended), so the plot never tells who wins before the paths do. None when the racer
/// is off, and while the class predicts.
pub fn shown_curve(lab: &Lab, index: usize) -> Option<Vec<[f64; 2]>> {
    if lab.predicting() {
        return None;
    }
    let t = lab.trajectories.get(index)?.as_ref()?;
    let transform = plotted(lab);
    Some(
        t.losses
            .iter()
            .take(lab.state.step.saturating_add(1))
            .enumerate()
            .map(|(i, &l)| [i as f64, transform(l)])
            .collect(),
    )
}

/// What the y axis shows for a loss: log₁₀ of the gap to the known minimum, or the loss itself.
fn plotted(lab: &Lab) -> impl Fn(f64) -> f64 {
    let floor = lab.loss_floor();
    move |loss: f64| match floor {
        Some(min) => ((loss - min).max(0.0) + LOG_EPS).log10(),
        None => loss,
    }
}

/// The y range of the whole race, so the axis stays still while the curves grow (at step 0 it
/// would otherwise span an arbitrary ±125).
fn race_y_range(lab: &Lab) -> Option<(f64, f64)> {
    let transform = plotted(lab);
    let ys = lab
        .trajectories
        .iter()
        .flatten()
        .flat_map(|t| t.losses.iter().map(|&l| transform(l)))
        .filter(|y| y.is_finite());
    ys.fold(None, |r, y| match r {
        None => Some((y, y)),
        Some((lo, hi)) => Some((f64::min(lo, y), f64::max(hi, y))),
    })
}

/// Racer `index`'s learning rate for steps 0 to the timeline's step, the last being the lr of
/// the step the head takes next (as the inspector shows it). None when the racer is off, and
/// while the class predicts.
pub fn shown_lrs(lab: &Lab, index: usize) -> Option<Vec<[f64; 2]>> {
    if lab.predicting() {
        return None;
    }
    let t = lab.trajectories.get(index)?.as_ref()?;
    Some(
        t.lrs
            .iter()
            .take(lab.state.step.saturating_add(1))
            .enumerate()
            .map(|(i, &lr)| [i as f64, lr])
            .collect(),
    )
}

/// Whether the learning-rate plot is drawn: some racing optimizer has a schedule.
pub fn lr_plot_shown(lab: &Lab) -> bool {
    !lab.predicting()
        && lab
            .state
            .entries
            .iter()
            .any(|e| e.enabled && e.racer.schedule != Schedule::Constant)
}

/// Returns where the plot was drawn (tests look at its pixels); None while the class predicts.
pub fn loss_plot_ui(ui: &mut egui::Ui, lab: &Lab) -> Option<PlotTransform> {
    if lab.predicting() {
        // No empty plot either: its axes would keep the last race's range.
        ui.label("The loss curves are hidden until the reveal.");
        return None;
    }
    let y_label = match lab.loss_floor() {
        Some(_) => "log₁₀(loss − min)",
        None => "loss",
    };
    let background = super::palette::plot_background(ui.visuals());
    let curves: Vec<Vec<[f64; 2]>> = (0..lab.state.entries.len())
        .map(|i| shown_curve(lab, i).unwrap_or_default())
        .collect();
    let all: Vec<[f64; 2]> = curves.iter().flatten().copied().collect();
    let shown = curves.iter().filter(|c| !c.is_empty()).count();
    let with_lr = lr_plot_shown(lab);
    let mut plot = Plot::new("loss_plot");
    if with_lr {
        plot = plot.height((ui.available_height() - LR_PLOT_HEIGHT - 8.0).max(LR_PLOT_HEIGHT));
    }
    // A legend taller than the plot would cover all of it; the contour plot's names the colours.
    let row = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    if ui.available_height() > 2.2 * row * shown as f32 {
        plot = plot.legend(super::legend::legend_for(
            &all,
            &[[
                lab.state.max_steps as f64,
                all.first().map_or(0.0, |p| p[1]),
            ]],
        ));
    }
    let y_range = race_y_range(lab);
    let response = plot
        .link_axis(egui::Id::unique(STEP_AXIS), [true, false])
        .link_cursor(egui::Id::unique(STEP_AXIS), [true, false])
        .x_axis_label("step")
        // The whole race's width from the start, so the axis does not grow as the curves do.
        .include_x(0.0)
        .include_x(lab.state.max_steps as f64)
        .include_y(y_range.map_or(0.0, |r| r.0))
        .include_y(y_range.map_or(1.0, |r| r.1))
        // Steps of 1, 5, 25…: egui_plot's default powers of ten leave most x ticks unlabelled.
        .x_grid_spacer(egui_plot::log_grid_spacer(5))
        .y_grid_spacer(egui_plot::log_grid_spacer(5))
        .y_axis_label(y_label)
        .allow_scroll(false)
        .show(ui, |plot_ui| {
            for (entry, pts) in lab.state.entries.iter().zip(curves) {
                if pts.is_empty() {
                    continue;
                }
                plot_ui.line(
                    Line::new(entry.label(), pts)
                        .color(readable_on(color32(entry.color), background))
                        .width(2.5),
                );
            }
            plot_ui.vline(
                VLine::new("", lab.state.step as f64)
                    .color(egui::Color32::GRAY)
                    .width(1.5),
            );
        });
    if with_lr {
        lr_plot_ui(ui, lab);
    }
    Some(response.transform)
}

fn lr_plot_ui(ui: &mut egui::Ui, lab: &Lab) {
    Plot::new("lr_plot")
        .height(LR_PLOT_HEIGHT)
        .link_axis(egui::Id::unique(STEP_AXIS), [true, false])
        .link_cursor(egui::Id::unique(STEP_AXIS), [true, false])
        .include_x(0.0)
        .include_x(lab.state.max_steps as f64)
        .include_y(0.0)
        .x_grid_spacer(egui_plot::log_grid_spacer(5))
        .y_axis_label("lr")
        .allow_scroll(false)
        .show(ui, |plot_ui| {
            // Constant rates would only be flat lines setting the scale for the scheduled ones.
            let scheduled = lab
                .state
                .entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.racer.schedule != Schedule::Constant);
            for (index, entry) in scheduled {
                let Some(pts) = shown_lrs(lab, index) else {
                    continue;
                };
                plot_ui.line(
                    Line::new(entry.label(), pts)
                        .color(color32(entry.color))
                        .width(2.0),
                );
            }
            plot_ui.vline(
                VLine::new("", lab.state.step as f64)
                    .color(egui::Color32::GRAY)
                    .width(1.5),
            );
        });
}
