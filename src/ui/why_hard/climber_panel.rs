//! The climber in the dark: controls (surface, flashlight radius, step length) and the figure
//! (the actions, the readouts and the dark map with its legend).

use egui::{Color32, RichText};

use crate::core::surface::SurfaceKind;
use crate::ui::combo::enum_combo;
use crate::ui::fmt_num;

use super::climber_state::ClimberState;
use super::{LessonView, explain};

pub(super) const WALK_COLOR: Color32 = crate::ui::palette::ORANGE;
pub(super) const DESCENT_COLOR: Color32 = crate::ui::palette::SKY_BLUE;
pub(super) const SLOPE_COLOR: Color32 = crate::ui::palette::VERMILLION;

impl LessonView for ClimberState {
    fn controls_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("Climber in the dark");
        ui.horizontal(|ui| {
            ui.label("Surface");
            let mut kind = self.surface_kind;
            let surface = enum_combo(
                ui,
                "climber_surface",
                &mut kind,
                SurfaceKind::ALL,
                SurfaceKind::label,
                |k| Some(k.description()),
            )
            .on_hover_text("Surface: the mountain to walk down");
            if surface.changed() {
                self.set_surface(kind);
            }
        });
        let radius = self.radius_range();
        ui.add(egui::Slider::new(&mut self.climb.lit_radius, radius).text("flashlight radius"))
            .on_hover_text("How far around the climber the map is lit, in the map's units.");
        let step = self.step_range();
        ui.add(egui::Slider::new(&mut self.step_length, step).text("step length"))
            .on_hover_text("How far one step goes, in the map's units.");
        ui.separator();
        explain(
            ui,
            "Click the map to point the climber (towards the click), then take a step. The \
         class sees only the lit patch. \"Show the slope\" draws the steepest way down \
         there (−∇f). \"Lights on\" shows the whole map, your walk and gradient descent's \
         walk from the same start with the same step lengths.",
        );
    }

    fn figure_ui(&mut self, ui: &mut egui::Ui) {
        explain(
            ui,
            "At night on a mountain you see only what your flashlight lights. Which way is down? \
         Click on the map to choose a direction, then step.",
        );
        let texture = self.texture(ui.ctx());
        // The plot takes the map's own shape, so the lit disc is round on screen; the actions and
        // numbers go beside it when there is room, else above and below.
        let v = self.climb.view;
        let aspect = (v.width() / v.height()) as f32;
        let avail = ui.available_size();
        let column = 250.0;
        let beside = (avail.y * aspect).min(avail.x - column) >= 0.6 * avail.y * aspect;
        if beside {
            let height = (avail.y).min((avail.x - column) / aspect).max(120.0);
            ui.horizontal_top(|ui| {
                map_ui(ui, self, texture, egui::vec2(height * aspect, height));
                ui.vertical(|ui| {
                    actions_ui(ui, self);
                    ui.add_space(8.0);
                    readout_ui(ui, self);
                    if self.lights_on {
                        ui.add_space(8.0);
                        legend_ui(ui, self);
                    }
                });
            });
        } else {
            ui.horizontal_wrapped(|ui| actions_ui(ui, self));
            ui.horizontal_wrapped(|ui| readout_ui(ui, self));
            let legend_height = if self.lights_on { 70.0 } else { 0.0 };
            let avail = ui.available_size();
            let height = (avail.y - legend_height).min(avail.x / aspect).max(120.0);
            map_ui(ui, self, texture, egui::vec2(height * aspect, height));
            if self.lights_on {
                legend_ui(ui, self);
            }
        }
    }
}

fn map_ui(ui: &mut egui::Ui, s: &mut ClimberState, texture: egui::TextureId, size: egui::Vec2) {
    ui.allocate_ui(size, |ui| {
        ui.set_max_size(size);
        super::climber_map::map_ui(ui, s, texture);
    });
}

fn actions_ui(ui: &mut egui::Ui, s: &mut ClimberState) {
    let big = |t: &str| RichText::new(t).size(18.0);
    if ui
        .add_enabled(s.aim.is_some(), egui::Button::new(big("take a step")))
        .on_hover_text("One step of the chosen length towards the chosen direction.")
        .on_disabled_hover_text("First click the map to choose a direction.")
        .clicked()
    {
        s.step();
    }
    // Framed buttons that stay pressed: a bare toggle reads as plain text on a projector.
    let toggle = |ui: &mut egui::Ui, on: &mut bool, text: &str, hint: &str| {
        if ui
            .add(egui::Button::new(big(text)).selected(*on))
            .on_hover_text(hint)
            .clicked()
        {
            *on = !*on;
        }
    };
    toggle(
        ui,
        &mut s.show_slope,
        "show the slope",
        "Draw the steepest way down at the climber: the negative gradient −∇f.",
    );
    toggle(
        ui,
        &mut s.lights_on,
        "lights on",
        "Reveal the whole map, the walk so far and gradient descent's walk.",
    );
    if ui
        .button(big("reset"))
        .on_hover_text("Back to the start, lights off.")
        .clicked()
    {
        s.reset();
    }
}

fn readout_ui(ui: &mut egui::Ui, s: &ClimberState) {
    let strong = ui.visuals().strong_text_color();
    let big = |t: String| RichText::new(t).size(20.0).color(strong);
    ui.label(big(format!("step {}", s.climb.steps())));
    ui.label(big(format!("height f = {}", fmt_num(s.height()))))
        .on_hover_text("The loss at the climber's point.");
    ui.label(big(format!("slope ‖∇f‖ = {}", fmt_num(s.slope()))))
        .on_hover_text("How steep the ground is at the climber: the gradient's length.");
}

/// Beside the map, not on it: which line is whose, and where each walk ended.
fn legend_ui(ui: &mut egui::Ui, s: &ClimberState) {
    let descent = s.descent_path();
    let end = |path: &[[f64; 2]]| path.last().map(|&p| s.height_at(p)).unwrap_or(f64::NAN);
    let walk_end = end(&s.climb.path);
    let descent_end = end(&descent);
    {
        let entry = |ui: &mut egui::Ui, color: Color32, text: String| {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new("━━")
                        .size(20.0)
                        .color(crate::ui::palette::series(ui, color)),
                );
                ui.label(RichText::new(text).size(18.0).strong());
            });
        };
        entry(
            ui,
            WALK_COLOR,
            format!("your walk: height {}", fmt_num(walk_end)),
        );
        entry(
            ui,
            DESCENT_COLOR,
            format!("gradient descent: height {}", fmt_num(descent_end)),
        );
    }
}
