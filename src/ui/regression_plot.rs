//! The data behind the regression bowl: draggable points, the OLS line, and each optimizer's
//! current line f(x) = m·x + b.

use egui::Color32;
use egui_plot::{Legend, Line, LineStyle, MarkerShape, Plot, Points};

use crate::core::lab::Lab;
use crate::core::surface::Surface;

use super::color32;

/// How close (in screen points) the pointer must be to grab a data point.
const GRAB_RADIUS_PX: f32 = 18.0;

pub fn regression_plot_ui(ui: &mut egui::Ui, lab: &mut Lab, style: super::PathStyle) {
    let Surface::Regression(data) = &lab.state.surface else {
        return;
    };
    let points = data.points.clone();
    let ols = data.ols();
    let (x_lo, x_hi) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p[0]), hi.max(p[0]))
        });
    let (x_lo, x_hi) = if x_lo < x_hi {
        let pad = 0.05 * (x_hi - x_lo);
        (x_lo - pad, x_hi + pad)
    } else {
        (-5.0, 10.0)
    };
    // Loaded data is named with its count; many points get smaller markers so they stay apart.
    // The file name goes under the x axis: in the legend it would be clipped on a narrow plot.
    let (data_label, x_label) = match &data.source {
        Some(name) => (
            format!("data, n = {}", points.len()),
            format!("x   ({name})"),
        ),
        None => ("data (drag me)".to_owned(), "x".to_owned()),
    };
    let radius = match points.len() {
        0..=50 => 8.0,
        51..=500 => 3.0,
        _ => 2.0,
    };
    let line_at = |m: f64, b: f64| vec![[x_lo, m * x_lo + b], [x_hi, m * x_hi + b]];
    let drag_id = ui.make_persistent_id("dragged_point");
    let bg = crate::ui::palette::plot_background(ui.visuals());
    let response = Plot::new("regression_data")
        // Top left stays clear: the data and fitted lines rise to the right.
        .legend(Legend::default().position(egui_plot::Corner::LeftTop))
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .x_axis_label(x_label)
        // Steps of 1, 5, 25…: egui_plot's default powers of ten leave most x ticks unlabelled.
        .x_grid_spacer(egui_plot::log_grid_spacer(5))
        .y_axis_label("y")
        .show(ui, |plot_ui| {
            if let Some([m, b]) = ols {
                plot_ui.line(
                    Line::new("least squares (OLS)", line_at(m, b))
                        .color(crate::ui::palette::readable_on(Color32::GRAY, bg))
                        .style(LineStyle::dashed_loose())
                        .width(2.0),
                );
            }
            for (index, (entry, t)) in lab.state.entries.iter().zip(&lab.trajectories).enumerate() {
                let Some(t) = t.as_ref().filter(|_| !style.hidden) else {
                    continue;
                };
                let [m, b] = t.point_at(lab.state.step);
                // Unnamed, so off this plot's legend: the contour plot's legend gives the same
                // colours, and nine entries here would cover the data.
                plot_ui.line(
                    Line::new("", line_at(m, b))
                        .id(("regression_line", index))
                        .color(crate::ui::palette::readable_on(color32(entry.color), bg))
                        .width(2.5),
                );
            }
            plot_ui.points(
                Points::new(data_label.as_str(), points.clone())
                    .shape(MarkerShape::Circle)
                    .radius(radius)
                    .filled(true)
                    .color(crate::ui::palette::readable_on(
                        Color32::from_rgb(230, 230, 230),
                        bg,
                    )),
            );
        });
    let r = &response.response;
    let transform = &response.transform;
    if r.drag_started()
        && let Some(pos) = r.interact_pointer_pos()
    {
        let nearest = points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    i,
                    transform
                        .position_from_point(&egui_plot::PlotPoint::new(p[0], p[1]))
                        .distance(pos),
                )
            })
            .filter(|(_, d)| *d < GRAB_RADIUS_PX)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i);
        ui.data_mut(|d| d.insert_temp(drag_id, nearest));
    }
    let grabbed: Option<usize> = ui.data(|d| d.get_temp(drag_id)).flatten();
    if r.dragged()
        && let (Some(index), Some(pos)) = (grabbed, r.interact_pointer_pos())
    {
        let p = transform.value_from_position(pos);
        lab.move_data_point(index, [p.x, p.y]);
    }
    if r.drag_stopped() {
        ui.data_mut(|d| d.remove::<Option<usize>>(drag_id));
    }
}
