//! Loss and accuracy curves against epochs: training (running average) and validation, the
//! overfitting gap shaded, the best epoch marked, earlier runs faded behind.

use egui::Color32;
use egui_plot::{FilledArea, Line, LineStyle, Plot, VLine};

use crate::core::training::overfitting_since;
use crate::train::CurvePoint;

use super::MnistView;

use crate::ui::palette::{self, readable_on};

const TRAIN: Color32 = palette::SKY_BLUE;
const VALIDATION: Color32 = palette::ORANGE;
const GAP: Color32 = palette::VERMILLION;
const LR: Color32 = palette::PURPLE;
// The series' names, in the plots' legends and in the row above short plots alike.
const TRAIN_NAME: &str = "training (running)";
const VALIDATION_NAME: &str = "validation";
const GAP_NAME: &str = "gap: validation − training";
/// Below this height (points) a legend inside each plot would cover most of its curves (a
/// 1024×768 projector at the default zoom): one legend row above both plots instead.
const INLINE_LEGEND_MIN_HEIGHT: f32 = 300.0;

fn train_points(curve: &[CurvePoint], f: impl Fn(&CurvePoint) -> f64) -> Vec<[f64; 2]> {
    curve.iter().map(|p| [p.epoch_f, f(p)]).collect()
}

fn val_points(curve: &[CurvePoint], f: impl Fn(&CurvePoint) -> Option<f64>) -> Vec<[f64; 2]> {
    curve
        .iter()
        .filter_map(|p| Some([p.epoch_f, f(p)?]))
        .collect()
}

pub fn curves_ui(ui: &mut egui::Ui, view: &MnistView) {
    let overfit = overfitting_since(&view.run.curve);
    let headline = match (view.run.curve.last(), overfit) {
        (None, _) => "Press ▶ start: the curves appear here as the network trains.".to_owned(),
        (Some(_), Some(epoch)) => format!(
            "Overfitting: validation loss has been rising since epoch {epoch:.1} while training loss keeps falling."
        ),
        (Some(p), None) => format!(
            "epoch {:.2} · training loss {:.4} · validation accuracy {}",
            p.epoch_f,
            p.train_loss,
            view.run
                .curve
                .iter()
                .rev()
                .find_map(|p| p.val_acc)
                .map_or("—".into(), |a| format!("{:.2}%", a * 100.0))
        ),
    };
    let color = if overfit.is_some() {
        GAP
    } else {
        ui.visuals().text_color()
    };
    ui.label(egui::RichText::new(headline).size(18.0).color(color));
    let best_epoch = view.run.snapshot.as_ref().and_then(|s| s.best_epoch);
    let show_lr = lr_varies(&view.run.curve)
        || view.config.schedule != crate::core::schedule::Schedule::Constant;
    let lr_height = if show_lr {
        (ui.available_height() * 0.2).max(80.0)
    } else {
        0.0
    };
    let mut height = ui.available_height() - lr_height;
    let inline_legend = height >= INLINE_LEGEND_MIN_HEIGHT;
    if !inline_legend {
        let top = ui.cursor().top();
        crate::ui::legend::legend_row_ui(ui, &legend_entries(ui, view, best_epoch));
        height -= ui.cursor().top() - top;
    }
    ui.columns(2, |cols| {
        plot(
            &mut cols[0],
            "mnist_loss",
            "loss",
            height,
            view,
            best_epoch,
            |p| p.train_loss,
            |p| p.val_loss,
            true,
            inline_legend,
        );
        plot(
            &mut cols[1],
            "mnist_accuracy",
            "accuracy",
            height,
            view,
            best_epoch,
            |p| p.train_acc,
            |p| p.val_acc,
            false,
            inline_legend,
        );
    });
    if show_lr {
        lr_plot(ui, view, lr_height);
    }
}

/// Where validation is above training: (epoch, training, validation).
fn gap_points(
    curve: &[CurvePoint],
    train: impl Fn(&CurvePoint) -> f64,
    val: impl Fn(&CurvePoint) -> Option<f64>,
) -> Vec<(f64, f64, f64)> {
    curve
        .iter()
        .filter_map(|p| Some((p.epoch_f, train(p), val(p)?)))
        .filter(|(_, t, v)| v > t)
        .collect()
}

/// The plots' legend entries, for the row drawn above them when they are short (the same
/// names and colours the plots' own legends show).
fn legend_entries(
    ui: &egui::Ui,
    view: &MnistView,
    best_epoch: Option<usize>,
) -> Vec<(String, Color32)> {
    let bg = palette::plot_background(ui.visuals());
    let mut entries = vec![
        (TRAIN_NAME.to_owned(), readable_on(TRAIN, bg)),
        (VALIDATION_NAME.to_owned(), readable_on(VALIDATION, bg)),
    ];
    if gap_points(&view.run.curve, |p| p.train_loss, |p| p.val_loss).len() > 1 {
        let shade = readable_on(GAP, bg).gamma_multiply(0.6);
        entries.push((GAP_NAME.to_owned(), shade));
    }
    if let Some(best) = best_epoch {
        entries.push((best_label(best), readable_on(palette::GREEN, bg)));
    }
    if !view.run.ghosts.is_empty() {
        let faded = readable_on(TRAIN, bg).gamma_multiply(0.35);
        entries.push((ghosts_label(view.run.ghosts.len()), faded));
    }
    entries
}

fn best_label(epoch: usize) -> String {
    format!("best epoch ({epoch})")
}

/// The one legend entry for all earlier runs.
fn ghosts_label(count: usize) -> String {
    match count {
        1 => "earlier run".to_owned(),
        n => format!("earlier runs ({n})"),
    }
}

/// Whether the run's learning rate changed (a schedule, or the slider moved mid-run).
fn lr_varies(curve: &[CurvePoint]) -> bool {
    curve
        .first()
        .is_some_and(|a| curve.iter().any(|p| p.lr != a.lr))
}

/// The learning rate against epochs, on the loss curves' x axis.
fn lr_plot(ui: &mut egui::Ui, view: &MnistView, height: f32) {
    let bg = palette::plot_background(ui.visuals());
    let points: Vec<[f64; 2]> = view.run.curve.iter().map(|p| [p.epoch_f, p.lr]).collect();
    Plot::new("mnist_lr")
        .height(height - 8.0)
        .x_axis_label("epochs")
        .x_grid_spacer(egui_plot::log_grid_spacer(5))
        .y_axis_label("lr")
        .include_y(0.0)
        .legend(crate::ui::legend::legend_for(&points, &[[0.0, 0.0]]))
        .show(ui, |plot_ui| {
            plot_ui.line(
                Line::new(
                    format!("learning rate ({})", view.config.schedule.name()),
                    points,
                )
                .color(readable_on(LR, bg))
                .width(2.5),
            );
        });
}

#[expect(clippy::too_many_arguments)]
fn plot(
    ui: &mut egui::Ui,
    id: &str,
    y_label: &str,
    height: f32,
    view: &MnistView,
    best_epoch: Option<usize>,
    train: impl Fn(&CurvePoint) -> f64 + Copy,
    val: impl Fn(&CurvePoint) -> Option<f64> + Copy,
    shade_gap: bool,
    legend: bool,
) {
    let bg = palette::plot_background(ui.visuals());
    let (train_c, val_c, gap_c) = (
        readable_on(TRAIN, bg),
        readable_on(VALIDATION, bg),
        readable_on(GAP, bg),
    );
    let mut points = train_points(&view.run.curve, train);
    points.extend(val_points(&view.run.curve, val));
    for ghost in &view.run.ghosts {
        points.extend(train_points(&ghost.curve, train));
        points.extend(val_points(&ghost.curve, val));
    }
    let plot = Plot::new(id);
    let plot = if legend {
        plot.legend(crate::ui::legend::legend_for(&points, &[[0.0, 0.0]]))
    } else {
        plot
    };
    plot.height(height - 30.0)
        .x_axis_label("epochs")
        // Steps of 1, 5, 25…: egui_plot's default powers of ten leave most x ticks unlabelled.
        .x_grid_spacer(egui_plot::log_grid_spacer(5))
        .y_axis_label(y_label)
        .include_y(0.0)
        .show(ui, |plot_ui| {
            // One legend entry for all earlier runs: egui_plot merges items of the same name.
            let name = ghosts_label(view.run.ghosts.len());
            for (i, ghost) in view.run.ghosts.iter().enumerate() {
                let alpha = 0.25 + 0.1 * i as f32;
                plot_ui.line(
                    Line::new(name.clone(), train_points(&ghost.curve, train))
                        .color(train_c.gamma_multiply(alpha))
                        .width(1.5),
                );
                plot_ui.line(
                    Line::new(name.clone(), val_points(&ghost.curve, val))
                        .color(val_c.gamma_multiply(alpha))
                        .width(1.5)
                        .style(LineStyle::dashed_loose()),
                );
            }
            if shade_gap {
                let gap = gap_points(&view.run.curve, train, val);
                if gap.len() > 1 {
                    let xs: Vec<f64> = gap.iter().map(|g| g.0).collect();
                    let lo: Vec<f64> = gap.iter().map(|g| g.1).collect();
                    let hi: Vec<f64> = gap.iter().map(|g| g.2).collect();
                    plot_ui.add(
                        FilledArea::new(GAP_NAME, &xs, &lo, &hi)
                            .fill_color(gap_c.gamma_multiply(0.25)),
                    );
                }
            }
            plot_ui.line(
                Line::new(TRAIN_NAME, train_points(&view.run.curve, train))
                    .color(train_c)
                    .width(2.5),
            );
            plot_ui.line(
                Line::new(VALIDATION_NAME, val_points(&view.run.curve, val))
                    .color(val_c)
                    .width(3.0),
            );
            if let Some(best) = best_epoch {
                plot_ui.vline(
                    VLine::new(best_label(best), best as f64)
                        .color(readable_on(palette::GREEN, bg))
                        .width(2.0),
                );
            }
        });
}
