//! The "Why it's hard" tab: the chapter's other lessons. The climber in the dark (descent with
//! only a lit patch of the map), why not guess the weights (random search, 10 segments per axis),
//! candidate lines and their errors, one weight rippling through a network, why a perfect fit
//! can be a bad model (overfitting and validation), and why gradients come from backprop
//! rather than nudging each weight. Layout only; each lesson's state and drawing live in
//! `why_hard/`, its mathematics in core.

mod climber_map;
mod climber_panel;
mod climber_state;
mod cost_panel;
mod dimensions_cube;
mod dimensions_panel;
mod lines_panel;
mod lines_state;
mod overfit_panel;
mod ripple_panel;
mod search_map;
mod search_panel;
mod search_state;

pub use climber_state::ClimberState;
pub use cost_panel::{CostState, MAX_HIDDEN, MIN_HIDDEN, fmt_secs, numerical_time_text};
pub use dimensions_cube::TURN_PER_POINT;
pub use dimensions_panel::DimensionsState;
pub use lines_panel::LinesState;
pub use overfit_panel::{DegreeErrors, FitMethod, OverfitState, TestScore};
pub use ripple_panel::{MAX_NUDGE, RippleState};
pub use search_state::SearchState;

pub use crate::core::views::Lesson;

#[derive(Default)]
pub struct WhyHardView {
    pub lesson: Lesson,
    pub search: SearchState,
    pub overfit: OverfitState,
    pub cost: CostState,
    pub climber: ClimberState,
    pub dimensions: DimensionsState,
    pub lines: LinesState,
    pub ripple: RippleState,
}

impl WhyHardView {
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        // Here, not only in the controls: a sweep finishes while the side panel is hidden too.
        self.cost.poll();
        super::layout::side_panel(ui, "why_hard_controls", 380.0, |ui| match self.lesson {
            Lesson::Guessing => search_panel::search_controls_ui(ui, &mut self.search),
            Lesson::Overfitting => overfit_panel::overfit_controls_ui(ui, &mut self.overfit),
            Lesson::Backprop => cost_panel::cost_controls_ui(ui, &mut self.cost),
            Lesson::Climber => climber_panel::climber_controls_ui(ui, &mut self.climber),
            Lesson::Dimensions => {
                dimensions_panel::dimensions_controls_ui(ui, &mut self.dimensions)
            }
            Lesson::CandidateLines => lines_panel::lines_controls_ui(ui, &mut self.lines),
            Lesson::Ripple => ripple_panel::ripple_controls_ui(ui, &mut self.ripple),
        });
        let figures = egui::CentralPanel::default().show(ui, |ui| {
            // Above the figures, not in the side panel: the lessons stay one click away with the
            // controls hidden.
            self.lesson_picker_ui(ui);
            match self.lesson {
                Lesson::Guessing => search_panel::search_plots_ui(ui, &mut self.search),
                Lesson::Overfitting => overfit_panel::overfit_plots_ui(ui, &self.overfit),
                Lesson::Backprop => cost_panel::cost_plots_ui(ui, &self.cost),
                Lesson::Climber => climber_panel::climber_plots_ui(ui, &mut self.climber),
                Lesson::Dimensions => {
                    dimensions_panel::dimensions_plots_ui(ui, &mut self.dimensions)
                }
                Lesson::CandidateLines => lines_panel::lines_plots_ui(ui, &mut self.lines),
                Lesson::Ripple => ripple_panel::ripple_plots_ui(ui, &mut self.ripple),
            }
        });
        super::layout::record_figure(ui.ctx(), figures.response.rect);
    }

    fn lesson_picker_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.strong("Why it's hard:");
            for lesson in Lesson::ALL {
                ui.selectable_value(&mut self.lesson, lesson, lesson.label())
                    .on_hover_text(lesson.tooltip());
            }
        });
        ui.separator();
    }
}

/// A wrapped paragraph in the body size, for the lessons' explanations.
fn explain(ui: &mut egui::Ui, text: &str) {
    ui.add(egui::Label::new(egui::RichText::new(text).size(15.0)).wrap());
}

/// log₁₀(v − floor), kept finite when v reaches the floor exactly.
fn log_gap(v: f64, floor: f64) -> f64 {
    ((v - floor).max(0.0) + 1e-12).log10()
}
