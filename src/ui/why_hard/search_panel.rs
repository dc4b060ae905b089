//! Guessing vs descent: K random guesses against gradient descent with the same number of loss
//! evaluations as the number of weights N grows (the main control), a 2-D map with the 10×10
//! grid of the chapter's square-vs-cube figure, and 10^N for N weights.

use egui::{Color32, RichText};
use egui_plot::{HLine, Legend, Line, LineStyle, Plot, VLine};

use crate::core::optimizer::OptimizerKind;
use crate::core::search::{GOOD_ENOUGH, coverage_log10, expected_coverage};
use crate::core::surface::SurfaceKind;
use crate::ui::combo::enum_combo;
use crate::ui::fmt_num;

use super::search_state::{SearchState, nth_best};
use super::{LessonView, explain, log_gap};

/// Largest budget on the K slider; both methods are computed once up to it and K picks a prefix.
pub const K_MAX: usize = 5000;
/// Cells per axis, as in the chapter.
pub const SEGMENTS: u32 = 10;

pub(super) const RANDOM_COLOR: Color32 = crate::ui::palette::YELLOW;
pub(super) const DESCENT_COLOR: Color32 = crate::ui::palette::SKY_BLUE;

impl LessonView for SearchState {
    fn controls_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("Guessing vs descent");
        ui.add(
            egui::Slider::new(&mut self.dims, 1..=SearchState::mlp_dims())
                .logarithmic(true)
                .text("dimensions N"),
        )
        .on_hover_text(
            "How many weights the guesses must choose. Guessing works with 2; every added weight \
         makes the space 10 times larger per 10 values. A grid with 10 values per weight needs \
         10^N guesses.",
        );
        ui.horizontal_wrapped(|ui| {
            for n in [2, 10, 100] {
                if ui
                    .button(format!("N = {n}"))
                    .on_hover_text(format!(
                        "{n} weights: 10^{n} grid guesses at 10 values per weight"
                    ))
                    .clicked()
                {
                    self.dims = n;
                }
            }
            let mlp = SearchState::mlp_dims();
            if ui
                .button("784-15-10 network")
                .on_hover_text(format!(
                    "The chapter's MNIST network has {mlp} weights and biases."
                ))
                .clicked()
            {
                self.dims = mlp;
            }
        });
        ui.add(
            egui::Slider::new(&mut self.k, 1..=K_MAX)
                .logarithmic(true)
                .text("budget K (evaluations)"),
        )
        .on_hover_text(
            "K loss evaluations for each method: K random guesses, or a start plus K − 1 \
         gradient steps (one loss-and-gradient evaluation each).",
        );
        ui.horizontal(|ui| {
            if ui
                .button("new guesses")
                .on_hover_text("Draw a fresh set of random guesses (next seed).")
                .clicked()
            {
                self.seed += 1;
                self.recompute();
            }
            ui.label(format!("seed {}", self.seed));
        });
        self.sync_race();
        ui.separator();
        ui.strong("The 2-D map");
        ui.horizontal(|ui| {
            ui.label("Surface");
            let mut kind = self.surface_kind;
            let surface = enum_combo(
                ui,
                "why_surface",
                &mut kind,
                SurfaceKind::ALL,
                SurfaceKind::label,
                |k| Some(k.description()),
            )
            .on_hover_text("Surface: the 2-D loss both methods try to minimise on the map");
            if surface.changed() {
                self.set_surface(kind);
            }
        });
        ui.horizontal(|ui| {
            ui.label("Descent");
            let mut kind = self.optimizer;
            let optimizer = enum_combo(
                ui,
                "why_optimizer",
                &mut kind,
                OptimizerKind::ALL,
                OptimizerKind::label,
                |k| Some(k.description()),
            )
            .on_hover_text("Descent: the optimizer racing the random guesses on the map");
            if optimizer.changed() {
                self.optimizer = kind;
                self.lr = kind.default_hyper().lr;
                self.recompute();
            }
        });
        let lr = ui
            .add(
                egui::Slider::new(&mut self.lr, 1e-5..=1.0)
                    .logarithmic(true)
                    .text("learning rate α"),
            )
            .on_hover_text("Step size of gradient descent on the 2-D map.");
        if lr.changed() {
            self.recompute();
        }
    }

    fn figure_ui(&mut self, ui: &mut egui::Ui) {
        self.sync_race();
        explain(
            ui,
            "Why not guess? Throw K random guesses and keep the best; descent gets the same K \
         evaluations, but each one also says which way is downhill. With 2 weights guessing \
         works: a thousand guesses cover the map. Each added weight multiplies the space to \
         search, so guesses land ever further from the bottom, while descent needs about the \
         same number of steps whatever N is. A network has thousands of weights.",
        );
        let texture = self.texture(ui.ctx());
        let avail = ui.available_size();
        let readout_height = 230.0;
        let plot_h = (avail.y - readout_height).max(200.0);
        let w = (avail.x / 2.0 - 8.0).max(120.0);
        ui.horizontal_top(|ui| {
            ui.allocate_ui(egui::vec2(w, plot_h), |ui| race_plot_ui(ui, self));
            ui.allocate_ui(egui::vec2(w, plot_h), |ui| {
                super::search_map::map_ui(ui, self, texture)
            });
        });
        dimension_readout_ui(ui, self);
    }
}

/// Best loss per weight against K, log-log, for both methods at N weights (and guessing at
/// N = 2 for contrast), with the "good enough" level.
fn race_plot_ui(ui: &mut egui::Ui, s: &SearchState) {
    // Log-spaced K so the curve has the same detail at K = 10 and K = 5000.
    let ks: Vec<usize> = {
        let mut ks: Vec<usize> = (0..=300)
            .map(|i| (10f64.powf(i as f64 / 300.0 * (K_MAX as f64).log10())).round() as usize)
            .collect();
        ks.dedup();
        ks
    };
    let curve = |best: &[f64]| -> Vec<[f64; 2]> {
        ks.iter()
            .map(|&k| [(k as f64).log10(), log_gap(nth_best(best, k), 0.0)])
            .filter(|p| p[1].is_finite())
            .collect()
    };
    let n = s.dims;
    let bg = crate::ui::palette::plot_background(ui.visuals());
    Plot::new("why_race")
        .legend(Legend::default().background_alpha(0.85))
        .x_axis_label("log₁₀ K (evaluations)")
        .y_axis_label("log₁₀ best loss per weight")
        .allow_scroll(false)
        .show(ui, |plot_ui| {
            plot_ui.line(
                Line::new("guessing, N = 2", curve(&s.race_random_2d))
                    .color(crate::ui::palette::readable_on(Color32::GRAY, bg))
                    .style(LineStyle::dashed_loose())
                    .width(2.0),
            );
            plot_ui.line(
                Line::new(format!("guessing, N = {n}"), curve(&s.race_random))
                    .color(crate::ui::palette::readable_on(RANDOM_COLOR, bg))
                    .width(3.0),
            );
            plot_ui.line(
                Line::new(format!("descent, N = {n}"), curve(&s.race_descent))
                    .color(crate::ui::palette::readable_on(DESCENT_COLOR, bg))
                    .width(3.0),
            );
            plot_ui.hline(
                HLine::new("good enough", GOOD_ENOUGH.log10())
                    .color(crate::ui::palette::readable_on(
                        crate::ui::palette::GREEN,
                        bg,
                    ))
                    .width(1.5),
            );
            plot_ui.vline(
                VLine::new("budget K", (s.k as f64).log10())
                    .color(crate::ui::palette::readable_on(Color32::GRAY, bg))
                    .width(1.5),
            );
        });
}

fn dimension_readout_ui(ui: &mut egui::Ui, s: &SearchState) {
    let strong = ui.visuals().strong_text_color();
    let big = |t: String| RichText::new(t).size(18.0).color(strong);
    let (random, descent) = (s.race_best_random(), s.race_best_descent());
    let verdict = |v: f64| {
        if v <= GOOD_ENOUGH {
            "found it"
        } else {
            "not yet"
        }
    };
    ui.label(
        RichText::new(format!(
            "N = {} weights, K = {}: best guess {} ({}), descent {} ({})",
            s.dims,
            s.k,
            fmt_num(random),
            verdict(random),
            fmt_num(descent),
            verdict(descent)
        ))
        .size(20.0)
        .strong(),
    )
    .on_hover_text(format!(
        "Loss per weight on a bowl with N weights (Σ cᵢ(wᵢ − tᵢ)² / N, guesses in [−2, 2]^N). \
         Good enough: {GOOD_ENOUGH}."
    ));
    ui.label(big(format!(
        "With N = 2 the same K guesses reach {} ({}).",
        fmt_num(s.race_best_random_2d()),
        verdict(s.race_best_random_2d())
    )));
    ui.horizontal_wrapped(|ui| {
        ui.label(big(format!(
            "2-D map, K = {}:  random {}   descent {}",
            s.k,
            fmt_num(s.best_random()),
            fmt_num(s.best_descent())
        )))
        .on_hover_text(
            "Lowest loss each method has seen on the map within the same number of evaluations.",
        );
        if s.descent.diverged {
            ui.colored_label(ui.visuals().warn_fg_color, "(descent diverged: lower α)");
        }
    });
    let hit = s.hit_cells().iter().filter(|&&h| h).count();
    let k = s.k as u64;
    ui.label(big(format!(
        "On the map K = {} guesses hit {hit} of the 100 squares (expected {:.0}); in 3-D \
         they could reach at most {} of 1,000 cubes.",
        s.k,
        100.0 * expected_coverage(k, SEGMENTS, 2),
        s.k.min(1000),
    )))
    .on_hover_text("Shaded squares contain at least one guess. Random guesses collide, so K guesses hit fewer than K squares.");
    ui.separator();
    ui.label(
        RichText::new(format!(
            "N = {} weights: grid guesses {}",
            s.dims,
            s.grid_text()
        ))
        .size(22.0)
        .strong(),
    )
    .on_hover_text("10 values per weight, every combination: 10 × 10 × … (N times). The digits are counted exactly.");
    let log_cov = coverage_log10(k, SEGMENTS, s.dims);
    let fraction = if log_cov >= 0.0 {
        "all of it".to_owned()
    } else if log_cov > -4.0 {
        format!("{:.3}%", 100.0 * 10f64.powf(log_cov))
    } else {
        format!("10^{log_cov:.0}")
    };
    ui.label(big(format!(
        "K = {} guesses cover at most K / 10^{} = {fraction} of the grid.",
        s.k, s.dims
    )))
    .on_hover_text("Coverage is K / 10^N at best; it falls tenfold with every added weight.");
}
