//! The 2-D contour view: heatmap, contour lines, known minima/saddles, and the racing paths.
//! Dragging or clicking moves the start point; the mouse wheel zooms; double-click resets.

use egui::Color32;
use egui_plot::{
    Arrows, Line, MarkerShape, Plot, PlotBounds, PlotPoint, PlotTransform, PlotUi, Points, Text,
};

use crate::core::lab::Lab;
use crate::core::surface::{PointKind, ViewRect};

use super::{PathStyle, color32, outline_color};

/// Line widths in points; generous so paths read on a projector.
const PATH_WIDTH: f32 = 3.0;
const HEAD_RADIUS: f32 = 7.0;

/// Returns the plot's screen↔plot transform (tests use it to aim real mouse drags).
pub fn contour_plot_ui(
    ui: &mut egui::Ui,
    lab: &mut Lab,
    texture: egui::TextureId,
    style: PathStyle,
) -> PlotTransform {
    let view = lab.state.view;
    let corners = [[view.x_min, view.y_min], [view.x_max, view.y_max]];
    let response = base_plot("contour_plot", view)
        .legend(super::legend::legend_for(&marked_points(lab), &corners))
        .show(ui, |plot_ui| {
            set_view(plot_ui, view);
            draw_landscape(plot_ui, lab, texture);
            draw_ghosts(plot_ui, lab, style);
            for index in 0..lab.state.entries.len() {
                draw_path(plot_ui, lab, index, true, style);
            }
            // The anatomy glyphs replace the selected head's arrows, which would clutter them.
            if !style.hidden && lab.state.anatomy {
                super::anatomy_glyph::draw(plot_ui, lab, None);
            } else if !style.hidden {
                draw_arrows(plot_ui, lab);
            }
            draw_start(plot_ui, lab);
        });
    handle_input(ui, lab, &response);
    response.transform
}

/// One small plot per enabled optimizer, same axes and the same start.
pub fn small_multiples_ui(
    ui: &mut egui::Ui,
    lab: &mut Lab,
    texture: egui::TextureId,
    style: PathStyle,
) {
    let enabled: Vec<usize> = (0..lab.state.entries.len())
        .filter(|&i| lab.state.entries.get(i).is_some_and(|e| e.enabled))
        .collect();
    let count = enabled.len().max(1);
    let columns = (count as f32).sqrt().ceil() as usize;
    let rows = count.div_ceil(columns);
    let avail = ui.available_size();
    let cell = egui::vec2(avail.x / columns as f32 - 6.0, avail.y / rows as f32 - 26.0);
    let view = lab.state.view;
    egui::Grid::new("small_multiples")
        .spacing([6.0, 2.0])
        .show(ui, |ui| {
            for (n, &index) in enabled.iter().enumerate() {
                ui.vertical(|ui| {
                    if let Some(e) = lab.state.entries.get(index) {
                        ui.label(
                            egui::RichText::new(e.label())
                                .strong()
                                .color(color32(e.color)),
                        );
                    }
                    let response = base_plot(("multiple", index), view)
                        .width(cell.x.max(80.0))
                        .height(cell.y.max(80.0))
                        .show(ui, |plot_ui| {
                            set_view(plot_ui, view);
                            draw_landscape(plot_ui, lab, texture);
                            draw_path(plot_ui, lab, index, false, style);
                            if !style.hidden && lab.state.anatomy {
                                super::anatomy_glyph::draw(plot_ui, lab, Some(index));
                            }
                            draw_start(plot_ui, lab);
                        });
                    handle_input(ui, lab, &response);
                });
                if (n + 1) % columns == 0 {
                    ui.end_row();
                }
            }
        });
}

/// A label on a figure in the body size, bold to read over the colour map.
fn figure_label(text: &str) -> egui::RichText {
    egui::RichText::new(text)
        .text_style(egui::TextStyle::Body)
        .strong()
}

/// Everything the contour plot marks: the paths so far, the start and the known points. The
/// legend keeps clear of them.
fn marked_points(lab: &Lab) -> Vec<[f64; 2]> {
    let mut points = vec![lab.state.start];
    points.extend(lab.state.surface.known_points().iter().map(|k| k.position));
    if !lab.predicting() {
        for t in lab.trajectories.iter().flatten() {
            let shown = lab.state.step.min(t.steps()) + 1;
            points.extend(t.points.iter().take(shown).copied());
        }
        if lab.state.anatomy {
            points.extend(super::anatomy_glyph::covered_points(
                &super::anatomy_glyph::glyphs(lab, None),
            ));
        }
    }
    points
}

/// A plot over `view` whose bounds only we move (our wheel zoom, our drags): the plot's own
/// view changes are off. Shared by the figures drawn over a fixed window.
pub fn fixed_plot<'a>(id: impl egui::AsIdSalt, view: ViewRect) -> Plot<'a> {
    Plot::new(id)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        // Steps of 1, 5, 25…: egui_plot's default powers of ten leave most x ticks unlabelled.
        .x_grid_spacer(egui_plot::log_grid_spacer(5))
        // Short tick labels ("-3", "0.5") fit closer together than egui_plot's default allows.
        .custom_x_axes(vec![
            egui_plot::AxisHints::new_x().label_spacing(28.0..=48.0),
        ])
        .default_x_bounds(view.x_min, view.x_max)
        .default_y_bounds(view.y_min, view.y_max)
        .set_margin_fraction(egui::Vec2::ZERO)
}

fn base_plot<'a>(id: impl egui::AsIdSalt, view: ViewRect) -> Plot<'a> {
    fixed_plot(id, view).show_grid(false)
}

fn set_view(plot_ui: &mut PlotUi<'_>, view: ViewRect) {
    plot_ui.set_plot_bounds(PlotBounds::from_min_max(
        [view.x_min, view.y_min],
        [view.x_max, view.y_max],
    ));
}

fn handle_input(ui: &egui::Ui, lab: &mut Lab, response: &egui_plot::PlotResponse<()>) {
    let r = &response.response;
    let pointer = r.interact_pointer_pos().or_else(|| r.hover_pos());
    if (r.clicked() || r.dragged())
        && let Some(pos) = r.interact_pointer_pos()
    {
        let p = response.transform.value_from_position(pos);
        lab.set_start([p.x, p.y]);
    }
    if r.double_clicked() {
        let default = lab.state.surface.default_view();
        lab.set_view(default);
    }
    let scroll = if r.hovered() {
        ui.input(|i| i.smooth_scroll_delta.y)
    } else {
        0.0
    };
    if scroll != 0.0
        && let Some(pos) = pointer
    {
        let c = response.transform.value_from_position(pos);
        let factor = (-f64::from(scroll) * 0.002).exp();
        let v = lab.state.view;
        lab.set_view(ViewRect {
            x_min: c.x + (v.x_min - c.x) * factor,
            x_max: c.x + (v.x_max - c.x) * factor,
            y_min: c.y + (v.y_min - c.y) * factor,
            y_max: c.y + (v.y_max - c.y) * factor,
        });
    }
}

fn draw_landscape(plot_ui: &mut PlotUi<'_>, lab: &Lab, texture: egui::TextureId) {
    super::heatmap::plot_heatmap(plot_ui, texture, &lab.landscape.grid);
    for iso in &lab.landscape.isolines {
        for line in &iso.lines {
            let pts: Vec<[f64; 2]> = line.clone();
            plot_ui.line(
                Line::new("", pts)
                    .color(Color32::from_white_alpha(110))
                    .width(1.0)
                    .allow_hover(false),
            );
        }
    }
    let known_points = lab.state.surface.known_points();
    // A typed egg crate can have dozens of minima: mark them all, name only the lowest.
    let crowded = known_points.len() > 8;
    let view = lab.state.view;
    for known in known_points {
        let (shape, label) = match known.kind {
            PointKind::GlobalMinimum => (MarkerShape::Diamond, "min"),
            PointKind::LocalMinimum => (MarkerShape::Diamond, "local min"),
            PointKind::Saddle => (MarkerShape::Cross, "saddle"),
        };
        plot_ui.points(
            Points::new("", vec![known.position])
                .shape(shape)
                .radius(8.0)
                .filled(true)
                .color(Color32::WHITE)
                .allow_hover(false),
        );
        let label = if matches!(
            lab.state.surface,
            crate::core::surface::Surface::Regression(_)
        ) {
            "OLS minimum"
        } else {
            label
        };
        if crowded && known.kind != PointKind::GlobalMinimum {
            continue;
        }
        // Below right of the marker; "start" sits above left of its own, so they do not meet.
        // Near the right edge the label goes to the left so it is not cut off.
        let near_right = known.position[0] > view.x_max - 0.3 * view.width();
        let (anchor, text) = if near_right {
            (egui::Align2::RIGHT_TOP, format!("{label}  "))
        } else {
            (egui::Align2::LEFT_TOP, format!("  {label}"))
        };
        plot_ui.text(
            Text::new(
                "",
                PlotPoint::new(known.position[0], known.position[1]),
                figure_label(&text),
            )
            .anchor(anchor)
            .color(Color32::WHITE),
        );
    }
}

fn draw_ghosts(plot_ui: &mut PlotUi<'_>, lab: &Lab, style: PathStyle) {
    if style.hidden {
        return;
    }
    for (index, ghost) in lab.ghosts.iter().enumerate() {
        let (Some(points), Some(entry)) = (ghost, lab.state.entries.get(index)) else {
            continue;
        };
        if !entry.enabled {
            continue;
        }
        let shown = (lab.state.step + 1).min(points.len());
        let pts: Vec<[f64; 2]> = points.get(..shown).unwrap_or_default().to_vec();
        let faded = color32(entry.color).gamma_multiply(0.45);
        plot_ui.line(
            Line::new("", pts)
                .color(faded)
                .width(2.0)
                .style(egui_plot::LineStyle::dashed_loose())
                .allow_hover(false),
        );
    }
}

/// Path up to the timeline's step, with a dark outline and a head marker.
fn draw_path(plot_ui: &mut PlotUi<'_>, lab: &Lab, index: usize, named: bool, style: PathStyle) {
    if style.hidden {
        return;
    }
    let width = PATH_WIDTH * style.width_scale;
    let radius = HEAD_RADIUS * style.width_scale.sqrt();
    let (Some(entry), Some(Some(t))) = (lab.state.entries.get(index), lab.trajectories.get(index))
    else {
        return;
    };
    let shown = (lab.state.step + 1).min(t.points.len());
    let pts: Vec<[f64; 2]> = t.points.get(..shown).unwrap_or_default().to_vec();
    let head = t.point_at(lab.state.step);
    let color = color32(entry.color);
    let name = if named { entry.label() } else { String::new() };
    plot_ui.line(
        Line::new("", pts.clone())
            .color(outline_color(entry.color))
            .width(width + 2.5)
            .allow_hover(false),
    );
    plot_ui.line(Line::new(name.clone(), pts).color(color).width(width));
    plot_ui.points(
        Points::new("", vec![head])
            .radius(radius + 2.0)
            .filled(true)
            .color(outline_color(entry.color))
            .allow_hover(false),
    );
    plot_ui.points(
        Points::new(name, vec![head])
            .radius(radius)
            .filled(true)
            .color(color),
    );
    let flag = if t.in_hole() {
        "✖ hole"
    } else {
        "✖ diverged"
    };
    if (t.diverged() || t.in_hole()) && lab.state.step >= t.steps() {
        plot_ui.text(
            Text::new("", PlotPoint::new(head[0], head[1]), flag)
                .anchor(egui::Align2::LEFT_TOP)
                .color(super::palette::ALARM_RED),
        );
    }
}

/// At the selected head: −gradient (red), velocity (blue), and the step actually taken.
fn draw_arrows(plot_ui: &mut PlotUi<'_>, lab: &Lab) {
    let index = lab.state.selected;
    let Some(Some(t)) = lab.trajectories.get(index) else {
        return;
    };
    let step = lab.state.step.min(t.steps());
    let p = t.point_at(step);
    let v = lab.state.view;
    // Directions only: gradient magnitudes span orders of magnitude, the readout gives them.
    let length = 0.12 * v.width().hypot(v.height());
    let arrow = |d: [f64; 2]| {
        let n = d[0].hypot(d[1]);
        (n > 0.0 && n.is_finite()).then(|| [p[0] + d[0] / n * length, p[1] + d[1] / n * length])
    };
    let mut add = |tip: Option<[f64; 2]>, color: Color32| {
        if let Some(tip) = tip {
            plot_ui.arrows(
                Arrows::new("", vec![p], vec![tip])
                    .color(color)
                    .tip_length(14.0)
                    .allow_hover(false),
            );
        }
    };
    if let Some(g) = t.gradients.get(step) {
        add(arrow([-g[0], -g[1]]), Color32::from_rgb(255, 60, 60));
    }
    if let Some(Some(vel)) = t.velocities.get(step) {
        add(arrow([-vel[0], -vel[1]]), Color32::from_rgb(70, 140, 255));
    }
    if let Some(d) = t.step_vector(step) {
        add(Some([p[0] + d[0], p[1] + d[1]]), Color32::WHITE);
    }
}

/// A white dot in a black ring: readable on every colour of the heat map.
pub fn ringed_dot(plot_ui: &mut PlotUi<'_>, p: [f64; 2]) {
    for (radius, color) in [(9.0, Color32::BLACK), (6.0, Color32::WHITE)] {
        plot_ui.points(
            Points::new("", vec![p])
                .radius(radius)
                .filled(true)
                .color(color)
                .allow_hover(false),
        );
    }
}

fn draw_start(plot_ui: &mut PlotUi<'_>, lab: &Lab) {
    let s = lab.state.start;
    ringed_dot(plot_ui, s);
    plot_ui.text(
        Text::new("", PlotPoint::new(s[0], s[1]), figure_label("start  "))
            .anchor(egui::Align2::RIGHT_BOTTOM)
            .color(Color32::WHITE),
    );
}
