//! Loss against step for every racer, on a log axis, with the timeline's position marked.

use egui_plot::{Legend, Line, Plot, VLine};

use crate::core::lab::Lab;

use super::color32;

/// Floor added before taking logs so a path that reaches the minimum exactly stays finite.
const LOG_EPS: f64 = 1e-12;

pub fn loss_plot_ui(ui: &mut egui::Ui, lab: &Lab, style: super::PathStyle) {
    let floor = lab.loss_floor();
    let y_label = match floor {
        Some(_) => "log₁₀(loss − min)",
        None => "loss",
    };
    let transform = |loss: f64| match floor {
        Some(min) => ((loss - min).max(0.0) + LOG_EPS).log10(),
        None => loss,
    };
    Plot::new("loss_plot")
        .legend(Legend::default())
        .x_axis_label("step")
        // Steps of 1, 5, 25…: egui_plot's default powers of ten leave most x ticks unlabelled.
        .x_grid_spacer(egui_plot::log_grid_spacer(5))
        .y_grid_spacer(egui_plot::log_grid_spacer(5))
        .y_axis_label(y_label)
        .allow_scroll(false)
        .show(ui, |plot_ui| {
            for (entry, t) in lab.state.entries.iter().zip(&lab.trajectories) {
                let Some(t) = t.as_ref().filter(|_| !style.hidden) else {
                    continue;
                };
                let pts: Vec<[f64; 2]> = t
                    .losses
                    .iter()
                    .enumerate()
                    .map(|(i, &l)| [i as f64, transform(l)])
                    .collect();
                plot_ui.line(
                    Line::new(entry.racer.kind.label(), pts)
                        .color(color32(entry.color))
                        .width(2.5),
                );
            }
            plot_ui.vline(
                VLine::new("", lab.state.step as f64)
                    .color(egui::Color32::GRAY)
                    .width(1.5),
            );
        });
}
