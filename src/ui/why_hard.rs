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

/// One lesson of the tab, implemented by the lesson's state: its controls in the side panel and
/// its figure in the centre. A new lesson is one file in `why_hard/` implementing this, its
/// variant in core's `Lesson` (name, label, hint for lectures), its field in `WhyHardView` and
/// one line in `WhyHardView::lesson_mut`.
pub trait LessonView {
    /// Runs every frame for every lesson, shown or not (e.g. collecting a background job).
    fn logic(&mut self) {}
    fn controls_ui(&mut self, ui: &mut egui::Ui);
    fn figure_ui(&mut self, ui: &mut egui::Ui);
}

/// The lessons' states stay typed fields, so tests reach them directly (`view.climber`).
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
    /// The lessons' registration list: which state draws each lesson.
    pub fn lesson_mut(&mut self, lesson: Lesson) -> &mut dyn LessonView {
        match lesson {
            Lesson::Guessing => &mut self.search,
            Lesson::Overfitting => &mut self.overfit,
            Lesson::Backprop => &mut self.cost,
            Lesson::Climber => &mut self.climber,
            Lesson::Dimensions => &mut self.dimensions,
            Lesson::CandidateLines => &mut self.lines,
            Lesson::Ripple => &mut self.ripple,
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui) {
        for lesson in Lesson::ALL {
            self.lesson_mut(lesson).logic();
        }
        let shown = self.lesson;
        super::layout::side_panel(ui, "why_hard_controls", 380.0, |ui| {
            self.lesson_mut(shown).controls_ui(ui);
        });
        let figures = egui::CentralPanel::default().show(ui, |ui| {
            // Above the figures, not in the side panel: the lessons stay one click away with the
            // controls hidden.
            self.lesson_picker_ui(ui);
            let lesson = self.lesson;
            self.lesson_mut(lesson).figure_ui(ui);
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

impl super::tab::AppTab for WhyHardView {
    fn label(&self) -> &'static str {
        "Why it's hard"
    }

    fn hint(&self) -> &'static str {
        "Random search vs gradient descent, overfitting and validation, backprop vs numerical gradients"
    }

    fn ui(&mut self, ui: &mut egui::Ui) {
        WhyHardView::ui(self, ui);
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
