//! Candidate lines and their errors: the data with a line held by two handles and its residuals
//! (left), and the same line as one point (m, b) on the MSE contour (right). Dragging either
//! moves the other.

use egui::{Color32, RichText};
use egui_plot::{
    Line, LineStyle, MarkerShape, Plot, PlotBounds, PlotPoint, PlotResponse, Points, Text,
};

use crate::core::candidate_lines::{CandidateLine, LINE_VIEW, PARAM_VIEW, Preset};
use crate::core::surface::ViewRect;
use crate::ui::palette::{self, readable_on};

pub use super::lines_state::LinesState;
use super::{LessonView, explain};

/// How close (in screen points) the pointer must be to grab a handle or the line.
const GRAB_RADIUS_PX: f32 = 22.0;
const LINE_COLOR: Color32 = palette::ORANGE;
const RESIDUAL_COLOR: Color32 = Color32::from_rgb(0xE8, 0x30, 0x30);

/// What a drag on the data plot holds.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Grab {
    Handle(usize),
    /// The line itself, lifted by the pointer's vertical movement from this plot y.
    Line(f64),
}

impl LessonView for LinesState {
    fn controls_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("Candidate lines");
        explain(
            ui,
            "A line y = m·x + b is two numbers. Each red dash is one point's miss; square the \
         misses and average them to get the mean squared error (MSE). On the right the same \
         line is the point (m, b) on a map of the MSE: a better line sits lower in the bowl.",
        );
        ui.add_space(6.0);
        let mut line = self.line;
        let slope = crate::ui::slider::fine_slider(
            ui,
            &mut line.m,
            PARAM_VIEW.x_min..=PARAM_VIEW.x_max,
            false,
            |slider| slider.text("slope m"),
        )
        .on_hover_text(crate::ui::slider::HINT);
        let intercept = crate::ui::slider::fine_slider(
            ui,
            &mut line.b,
            PARAM_VIEW.y_min..=PARAM_VIEW.y_max,
            false,
            |slider| slider.text("intercept b"),
        )
        .on_hover_text(crate::ui::slider::HINT);
        if slope.changed() || intercept.changed() {
            self.set_line(line);
        }
    }

    fn figure_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Try a line:").strong());
            for preset in Preset::ALL {
                let l = preset.line();
                if ui
                    .selectable_label(self.preset == Some(preset), preset.label())
                    .on_hover_text(format!("m = {}, b = {}", l.m, l.b))
                    .clicked()
                {
                    self.choose(preset);
                }
            }
        });
        let ols_mse = self.ols().map(|l| l.mse(&self.data));
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!(
                    "m = {:.3}   b = {:.3}   MSE = {:.4}",
                    self.line.m,
                    self.line.b,
                    self.mse()
                ))
                .heading()
                .strong(),
            );
            if let Some(best) = ols_mse {
                ui.label(RichText::new(format!("(least squares: {best:.4})")).weak());
            }
        });
        let texture = self.texture(ui.ctx());
        let avail = ui.available_size();
        let w = (avail.x / 2.0 - 8.0).max(150.0);
        let caption_height = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
        let h = (avail.y - caption_height).max(180.0);
        ui.horizontal_top(|ui| {
            let column = egui::Layout::top_down(egui::Align::Min);
            ui.allocate_ui_with_layout(egui::vec2(w, avail.y), column, |ui| {
                ui.label(RichText::new("Drag a square handle or the line").strong());
                self.line_transform = Some(data_plot_ui(ui, self, h));
            });
            ui.allocate_ui_with_layout(egui::vec2(w, avail.y), column, |ui| {
                ui.label(RichText::new("The same line is a point on the MSE").strong());
                self.contour_transform = Some(contour_ui(ui, self, texture, h));
            });
        });
    }
}

/// A plot with fixed bounds that only we move.
fn fixed_plot<'a>(id: &str, view: ViewRect, height: f32) -> Plot<'a> {
    crate::ui::contour_plot::fixed_plot(id, view).height(height)
}

fn set_view(plot_ui: &mut egui_plot::PlotUi<'_>, view: ViewRect) {
    plot_ui.set_plot_bounds(PlotBounds::from_min_max(
        [view.x_min, view.y_min],
        [view.x_max, view.y_max],
    ));
}

fn data_plot_ui(ui: &mut egui::Ui, s: &mut LinesState, height: f32) -> egui_plot::PlotTransform {
    let bg = palette::plot_background(ui.visuals());
    let line = s.line;
    let v = LINE_VIEW;
    let response = fixed_plot("candidate_lines_data", v, height)
        .x_axis_label("x")
        .y_axis_label("y")
        .show(ui, |plot_ui| {
            set_view(plot_ui, v);
            for r in line.residuals(&s.data) {
                plot_ui.line(
                    Line::new("", vec![[r.x, r.y], [r.x, r.fit]])
                        .color(readable_on(RESIDUAL_COLOR, bg))
                        .style(LineStyle::dashed_dense())
                        .width(3.0)
                        .allow_hover(false),
                );
            }
            plot_ui.line(
                Line::new(
                    "the line",
                    vec![[v.x_min, line.at(v.x_min)], [v.x_max, line.at(v.x_max)]],
                )
                .color(readable_on(LINE_COLOR, bg))
                .width(3.5),
            );
            plot_ui.points(
                Points::new("data", s.data.points.clone())
                    .shape(MarkerShape::Circle)
                    .radius(7.0)
                    .filled(true)
                    .color(readable_on(Color32::from_rgb(225, 225, 225), bg)),
            );
            let handles = line.handles().to_vec();
            plot_ui.points(
                Points::new("", handles.clone())
                    .shape(MarkerShape::Square)
                    .radius(11.0)
                    .filled(true)
                    .color(readable_on(palette::INK, bg))
                    .allow_hover(false),
            );
            plot_ui.points(
                Points::new("handles (drag)", handles)
                    .shape(MarkerShape::Square)
                    .radius(8.0)
                    .filled(true)
                    .color(readable_on(LINE_COLOR, bg)),
            );
        });
    drag_line(ui, s, &response);
    response.transform
}

fn drag_line(ui: &egui::Ui, s: &mut LinesState, response: &PlotResponse<()>) {
    let r = &response.response;
    let t = &response.transform;
    let grab_id = ui.make_persistent_id("candidate_line_grab");
    // Where the button went down, not where the drag was recognised (a few points later):
    // a quick drag would otherwise start outside the handle it began on.
    if r.drag_started()
        && let Some(pos) = ui
            .input(|i| i.pointer.press_origin())
            .or(r.interact_pointer_pos())
    {
        let screen = |p: [f64; 2]| t.position_from_point(&PlotPoint::new(p[0], p[1]));
        let nearest = s
            .line
            .handles()
            .iter()
            .enumerate()
            .map(|(i, &h)| (i, screen(h).distance(pos)))
            .filter(|(_, d)| *d < GRAB_RADIUS_PX)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| Grab::Handle(i));
        let at = t.value_from_position(pos);
        let on_line = (screen([at.x, s.line.at(at.x)]).y - pos.y).abs() < GRAB_RADIUS_PX;
        let grab = nearest.or(on_line.then_some(Grab::Line(at.y)));
        ui.data_mut(|d| d.insert_temp(grab_id, grab));
    }
    let grab: Option<Grab> = ui.data(|d| d.get_temp(grab_id)).flatten();
    if r.dragged()
        && let (Some(grab), Some(pos)) = (grab, r.interact_pointer_pos())
    {
        let y = t.value_from_position(pos).y;
        match grab {
            Grab::Handle(i) => s.set_line(s.line.with_handle(i, y)),
            Grab::Line(from_y) => {
                s.set_line(CandidateLine::new(s.line.m, s.line.b + y - from_y));
                ui.data_mut(|d| d.insert_temp(grab_id, Some(Grab::Line(y))));
            }
        }
    }
    if r.drag_stopped() {
        ui.data_mut(|d| d.remove::<Option<Grab>>(grab_id));
    }
}

/// Black or white, whichever reads on the map's colour at `p`.
fn ink_on_map(s: &LinesState, p: [f64; 2]) -> Color32 {
    let [r, g, b] = s.landscape.scale.rgb(s.data.value(p));
    // Near 0.18 black and white have the same contrast.
    if palette::relative_luminance(Color32::from_rgb(r, g, b)) > 0.18 {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

/// A label on the contour, in the body size and bold to read over the colours. Its colour goes
/// on the text itself: a strong label's own colour would win over the plot item's.
fn figure_label(text: &str) -> RichText {
    RichText::new(text)
        .text_style(egui::TextStyle::Body)
        .strong()
}

fn contour_ui(
    ui: &mut egui::Ui,
    s: &mut LinesState,
    texture: egui::TextureId,
    height: f32,
) -> egui_plot::PlotTransform {
    let v = PARAM_VIEW;
    let ols = s.ols();
    let response = fixed_plot("candidate_lines_mse", v, height)
        .show_grid(false)
        .x_axis_label("m (slope)")
        .y_axis_label("b (intercept)")
        .show(ui, |plot_ui| {
            set_view(plot_ui, v);
            crate::ui::heatmap::plot_heatmap(plot_ui, texture, &s.landscape.grid);
            for iso in &s.landscape.isolines {
                for line in &iso.lines {
                    plot_ui.line(
                        Line::new("", line.clone())
                            .color(Color32::from_white_alpha(110))
                            .width(1.0)
                            .allow_hover(false),
                    );
                }
            }
            for preset in Preset::ALL {
                let [m, b] = preset.line().params();
                plot_ui.points(
                    Points::new("", vec![[m, b]])
                        .radius(5.0)
                        .filled(true)
                        .color(Color32::from_white_alpha(200))
                        .allow_hover(false),
                );
                // Left of the marker, clear of the big dot when the line is this preset.
                plot_ui.text(
                    Text::new(
                        "",
                        PlotPoint::new(m, b),
                        figure_label(&format!("{}      ", preset.label()))
                            .color(ink_on_map(s, [m, b])),
                    )
                    .anchor(egui::Align2::RIGHT_CENTER),
                );
            }
            if let Some(best) = ols {
                plot_ui.points(
                    Points::new("", vec![best.params()])
                        .shape(MarkerShape::Diamond)
                        .radius(8.0)
                        .filled(true)
                        .color(Color32::WHITE)
                        .allow_hover(false),
                );
                plot_ui.text(
                    Text::new(
                        "",
                        PlotPoint::new(best.m, best.b),
                        figure_label("    least squares").color(ink_on_map(s, best.params())),
                    )
                    // Below right: "good" sits left of it.
                    .anchor(egui::Align2::LEFT_TOP),
                );
            }
            let here = vec![s.line.params()];
            plot_ui.points(
                Points::new("", here.clone())
                    .radius(11.0)
                    .filled(true)
                    .color(Color32::BLACK)
                    .allow_hover(false),
            );
            plot_ui.points(
                Points::new("", here)
                    .radius(8.0)
                    .filled(true)
                    .color(LINE_COLOR)
                    .allow_hover(false),
            );
        });
    let r = &response.response;
    if (r.clicked() || r.dragged())
        && let Some(pos) = r.interact_pointer_pos()
    {
        let p = response.transform.value_from_position(pos);
        s.set_line(CandidateLine::new(p.x, p.y));
    }
    response.transform
}
