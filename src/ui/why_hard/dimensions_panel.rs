//! Ten segments per axis: the square's 100 guesses beside the cube's 1,000 (drag to turn), and
//! for N weights 10^N guesses with the time a fast computer would take to try them.

use egui::RichText;

use crate::core::dimensions::{
    GUESSES_PER_SEC, grid_guesses_text, grid_points, rate_words, search_time_words,
};
use crate::core::search::group_thousands;

use super::search_state::{MAX_DIGITS, SearchState};
use super::{LessonView, dimensions_cube, explain};

/// Segments per axis, as in the chapter.
pub const SEGMENTS: u32 = 10;

pub struct DimensionsState {
    /// The number of weights N.
    pub dims: u32,
    /// How many guesses the imagined computer tries per second.
    pub per_sec: f64,
    /// The cube's orientation (radians), turned by dragging.
    pub yaw: f32,
    pub pitch: f32,
    /// One guess per cell: the centres of the square's 100 cells and the cube's 1,000.
    pub square: Vec<Vec<f64>>,
    pub cube: Vec<Vec<f64>>,
}

impl Default for DimensionsState {
    fn default() -> Self {
        Self {
            dims: 3,
            per_sec: GUESSES_PER_SEC,
            yaw: -0.6,
            pitch: 0.45,
            square: grid_points(SEGMENTS as usize, 2),
            cube: grid_points(SEGMENTS as usize, 3),
        }
    }
}

impl DimensionsState {
    /// "10^3 = 1,000" or "10^11935, a number with 11,936 digits".
    pub fn count_text(&self) -> String {
        grid_guesses_text(SEGMENTS, self.dims, MAX_DIGITS)
    }

    /// How long all the guesses take at `per_sec`, in words.
    pub fn time_text(&self) -> String {
        search_time_words(SEGMENTS, self.dims, self.per_sec)
    }
}

impl LessonView for DimensionsState {
    fn controls_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("10 segments per axis");
        ui.add(
            egui::Slider::new(&mut self.per_sec, 1e3..=1e18)
                .logarithmic(true)
                // "1e9", not "1000000000"; typing "1e9" parses back.
                .custom_formatter(|v, _| format!("{v:.1e}"))
                .text("guesses per second"),
        )
        .on_hover_text("How fast the imagined computer tries guesses. 10^9 is a fast laptop.");
        ui.separator();
        explain(
            ui,
            "Cut each weight's range into 10 pieces and try the middle of every piece. One weight: \
         10 guesses. Two: 10 × 10 = 100, the square. Three: 1,000, the cube. Each new weight \
         multiplies the count by 10, so N weights need 10^N guesses.",
        );
    }

    fn figure_ui(&mut self, ui: &mut egui::Ui) {
        explain(
            ui,
            "Guessing on a grid: 10 values per weight. Every added weight makes the grid 10 times \
         larger.",
        );
        let mlp = SearchState::mlp_dims();
        ui.horizontal_wrapped(|ui| {
            ui.add(
                egui::Slider::new(&mut self.dims, 1..=mlp)
                    .logarithmic(true)
                    .text("dimensions N"),
            )
            .on_hover_text("The number of weights to guess.");
            for n in [1, 2, 3, 10, 100] {
                if ui
                    .button(RichText::new(format!("N = {n}")).size(17.0))
                    .on_hover_text(format!("{n} weights"))
                    .clicked()
                {
                    self.dims = n;
                }
            }
            if ui
                .button(RichText::new("784-15-10 network").size(17.0))
                .on_hover_text(format!(
                    "The chapter's MNIST network: {mlp} weights and biases."
                ))
                .clicked()
            {
                self.dims = mlp;
            }
        });
        // The numbers go above the figures, or beside them when that leaves the figures larger
        // (a wide, short figure area such as a lecture slide's).
        let avail = ui.available_size();
        // A caption may wrap to two lines under a small figure.
        let (caption, texts_height, column) = (56.0, 130.0, 300.0);
        let stacked = (avail.x / 2.0 - 12.0).min(avail.y - texts_height - caption);
        let beside = ((avail.x - column) / 2.0 - 18.0).min(avail.y - caption);
        if beside > stacked {
            ui.horizontal_top(|ui| {
                figures_ui(ui, self, beside.max(120.0));
                ui.vertical(|ui| {
                    ui.set_max_width(column - 12.0);
                    numbers_ui(ui, self, mlp);
                });
            });
        } else {
            numbers_ui(ui, self, mlp);
            figures_ui(ui, self, stacked.max(120.0));
        }
    }
}

fn numbers_ui(ui: &mut egui::Ui, s: &DimensionsState, mlp: u32) {
    let strong = ui.visuals().strong_text_color();
    ui.label(
        RichText::new(format!(
            "Guesses for N = {} weights: {}",
            s.dims,
            s.count_text()
        ))
        .size(22.0)
        .strong()
        .color(strong),
    );
    ui.label(
        RichText::new(format!(
            "At {} guesses a second: {}",
            rate_words(s.per_sec),
            s.time_text()
        ))
        .size(20.0)
        .color(strong),
    );
    if s.dims != mlp {
        ui.label(
            RichText::new(format!(
                "The 784-15-10 network ({} weights): 10^{mlp} guesses, {}",
                group_thousands(&mlp.to_string()),
                search_time_words(SEGMENTS, mlp, s.per_sec)
            ))
            .size(17.0)
            .color(strong),
        );
    }
}

fn figures_ui(ui: &mut egui::Ui, s: &mut DimensionsState, side: f32) {
    let strong = ui.visuals().strong_text_color();
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_max_width(side);
            dimensions_cube::square_ui(ui, s, side);
            ui.label(
                RichText::new(format!("2 weights: 10 × 10 = {} guesses", s.square.len()))
                    .size(18.0)
                    .color(strong),
            );
        });
        ui.add_space(12.0);
        ui.vertical(|ui| {
            ui.set_max_width(side);
            dimensions_cube::cube_ui(ui, s, side);
            ui.label(
                RichText::new(format!(
                    "3 weights: 10 × 10 × 10 = {} guesses",
                    group_thousands(&s.cube.len().to_string())
                ))
                .size(18.0)
                .color(strong),
            );
        });
    });
}
