//! Overfitting and validation on one small demo: 11 noisy points, polynomials of degree 1…10
//! (exact least squares and gradient descent, with an L2 penalty λ), k-fold cross-validation
//! to choose degree and λ, and a test set that stays sealed until the end.

use egui::{Color32, RichText};
use egui_plot::{
    Bar, BarChart, Corner, Legend, Line, LineStyle, Plot, PlotBounds, PlotPoint, Points, Text,
    VLine,
};

pub use crate::core::polyfit::lesson::{
    DegreeErrors, FitMethod, MAX_DEGREE, OverfitLesson as OverfitState, TestScore,
};
use crate::core::polyfit::{self, X_RANGE};
use crate::ui::fmt_num;

use super::{LessonView, explain};

const EXACT_COLOR: Color32 = crate::ui::palette::ORANGE;
const GD_COLOR: Color32 = crate::ui::palette::SKY_BLUE;
const HELD_OUT_COLOR: Color32 = crate::ui::palette::PURPLE;
const CV_COLOR: Color32 = crate::ui::palette::GREEN;
/// Errors below this are drawn at it (the log plot's floor).
const ERROR_FLOOR: f64 = 1e-2;
const TEST_COLOR: Color32 = crate::ui::palette::VERMILLION;

impl LessonView for OverfitState {
    fn controls_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("Overfitting");
        let degree = ui
        .add(egui::Slider::new(&mut self.degree, 1..=MAX_DEGREE).text("polynomial degree"))
        .on_hover_text("Degree d: the curve has d + 1 coefficients. 10 is enough to pass through all 11 points.");
        let lambda = ui
        .add(
            egui::Slider::new(&mut self.lambda, 0.0..=10.0)
                .logarithmic(true)
                .smallest_positive(1e-5)
                .text("L2 penalty λ"),
        )
        .on_hover_text("Adds (λ/2)·Σ c_k² to the loss: big coefficients (wiggles) cost extra, so the curve stays smooth.");
        ui.checkbox(&mut self.show_gd, "show the gradient-descent fit")
            .on_hover_text("The same loss minimised by Adam from all-zero coefficients.");
        let steps = ui
            .add(
                egui::Slider::new(&mut self.gd.steps, 10..=20_000)
                    .logarithmic(true)
                    .text("GD steps"),
            )
            .on_hover_text(
                "Fewer steps: the wiggly directions have not been learned yet (early stopping).",
            );
        if degree.changed() || lambda.changed() || steps.changed() {
            self.refit();
        }
        ui.add_space(6.0);
        let noise = ui
            .add(egui::Slider::new(&mut self.noise, 0.0..=2.0).text("noise σ"))
            .on_hover_text("Standard deviation of the noise added to the true curve.");
        let new_data = ui
            .button("new data")
            .on_hover_text("Draw new noisy points (training, held-out and test).");
        if new_data.clicked() {
            self.seed += 1;
        }
        if noise.drag_stopped() || new_data.clicked() || (noise.changed() && !noise.dragged()) {
            self.regenerate();
        }
        ui.separator();
        ui.heading("Validation");
        let mut k = self.folds_k;
        if ui
        .add(egui::Slider::new(&mut k, 2..=self.demo.train.len()).text("folds k"))
        .on_hover_text("Split the 11 training points into k groups; each group is scored by a fit to the others. k = 11 is leave-one-out.")
        .changed()
    {
        self.set_folds(k);
    }
        if ui
            .button("choose degree and λ by cross-validation")
            .on_hover_text(
                "Tries degrees 1–10 with λ ∈ {0, 10⁻⁴, …, 1} and keeps the lowest mean fold error.",
            )
            .clicked()
        {
            self.choose_by_cross_validation();
        }
        if ui
            .button("evaluate on test")
            .on_hover_text(
                "Score the current setting on the sealed test points, once, at the very end.",
            )
            .clicked()
        {
            self.evaluate_on_test();
        }
    }

    fn figure_ui(&mut self, ui: &mut egui::Ui) {
        explain(
            ui,
            "Overfitting: with degree 10 the curve threads all 11 training points, so its training \
         error is zero, yet it swings wildly between them and misses new points from the same \
         truth. A straight line or gentle curve leaves some error on the training points and \
         predicts better. The L2 penalty λ charges for large coefficients, taming the wiggles.",
        );
        explain(
            ui,
            "Validation: in practice there are no fresh points to check against. k-fold \
         cross-validation holds each fold out in turn and scores a fit to the rest; choose the \
         degree and λ with the best mean fold score. Only then open the test set, once.",
        );
        let avail = ui.available_size();
        // Both rows shrink with the window, so the fold chart is not cut off at 1024×768.
        let bottom = (avail.y * 0.38).min(230.0);
        let h = (avail.y - bottom).max(150.0);
        let (w_fit, w_err) = (avail.x * 0.55 - 8.0, avail.x * 0.45 - 8.0);
        ui.horizontal_top(|ui| {
            ui.allocate_ui(egui::vec2(w_fit.max(120.0), h), |ui| fit_plot_ui(ui, self));
            ui.allocate_ui(egui::vec2(w_err.max(120.0), h), |ui| {
                error_plot_ui(ui, self)
            });
        });
        ui.horizontal_top(|ui| {
            ui.allocate_ui(egui::vec2(w_fit.max(120.0) * 0.6, bottom - 10.0), |ui| {
                folds_plot_ui(ui, self)
            });
            ui.vertical(|ui| readouts_ui(ui, self));
        });
    }
}

fn fit_plot_ui(ui: &mut egui::Ui, s: &OverfitState) {
    let (lo, hi) = X_RANGE;
    let ys = s.demo.train.iter().map(|p| p[1]);
    let (y_lo, y_hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
        (a.min(y), b.max(y))
    });
    let bg = crate::ui::palette::plot_background(ui.visuals());
    Plot::new("why_fit")
        .legend(Legend::default().background_alpha(0.85))
        .x_axis_label("x")
        .y_axis_label("y")
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show(ui, |plot_ui| {
            plot_ui.set_plot_bounds(PlotBounds::from_min_max(
                [lo - 0.3, y_lo - 2.0],
                // Headroom for the legend above the data.
                [hi + 0.3, y_hi + 4.0],
            ));
            let truth: Vec<[f64; 2]> = (0..=100)
                .map(|i| lo + (hi - lo) * f64::from(i) / 100.0)
                .map(|x| [x, polyfit::truth(x)])
                .collect();
            plot_ui.line(
                Line::new("truth", truth)
                    .color(crate::ui::palette::readable_on(Color32::GRAY, bg))
                    .style(LineStyle::dashed_loose())
                    .width(2.0),
            );
            plot_ui.points(
                Points::new("held-out points", s.demo.held_out.clone())
                    .radius(4.0)
                    .color(crate::ui::palette::readable_on(HELD_OUT_COLOR, bg)),
            );
            if s.test.is_some() {
                plot_ui.points(
                    Points::new("test points", s.demo.test.clone())
                        .radius(4.0)
                        .shape(egui_plot::MarkerShape::Square)
                        .color(crate::ui::palette::readable_on(TEST_COLOR, bg)),
                );
            }
            if let Some(poly) = s.fit(FitMethod::LeastSquares) {
                let name = format!("least squares, degree {}", poly.degree());
                plot_ui.line(
                    Line::new(name, poly.curve(lo, hi, 400))
                        .color(crate::ui::palette::readable_on(EXACT_COLOR, bg))
                        .width(3.0),
                );
            }
            if s.show_gd
                && let Some(poly) = s.fit(FitMethod::GradientDescent)
            {
                let name = format!("gradient descent, {} steps", s.gd.steps);
                plot_ui.line(
                    Line::new(name, poly.curve(lo, hi, 400))
                        .color(crate::ui::palette::readable_on(GD_COLOR, bg))
                        .width(3.0),
                );
            }
            plot_ui.points(
                Points::new("training points", s.demo.train.clone())
                    .radius(7.0)
                    .filled(true)
                    .color(crate::ui::palette::readable_on(Color32::WHITE, bg)),
            );
        });
}

fn error_plot_ui(ui: &mut egui::Ui, s: &OverfitState) {
    let series = |f: &dyn Fn(&DegreeErrors) -> Option<f64>| -> Vec<[f64; 2]> {
        s.errors
            .iter()
            // Floored at 10⁻²: the interpolant's training error is 0 up to rounding (≈ 10⁻²⁴),
            // which would squash every other point into a flat line.
            .filter_map(|e| f(e).map(|v| [e.degree as f64, v.max(ERROR_FLOOR).log10()]))
            .collect()
    };
    let bg = crate::ui::palette::plot_background(ui.visuals());
    Plot::new("why_errors")
        .x_axis_label("degree")
        .legend(
            Legend::default()
                .position(Corner::LeftBottom)
                .background_alpha(0.85),
        )
        .y_axis_label("log₁₀ mean squared error (floor −2)")
        .allow_scroll(false)
        .include_y(-2.0)
        .include_y(1.0)
        .show(ui, |plot_ui| {
            let mut add = |name: &str, pts: Vec<[f64; 2]>, color: Color32| {
                plot_ui.line(Line::new(name, pts.clone()).color(color).width(3.0));
                plot_ui.points(
                    Points::new("", pts)
                        .radius(5.0)
                        .filled(true)
                        .color(color)
                        .allow_hover(false),
                );
            };
            add(
                "training",
                series(&|e| e.train),
                crate::ui::palette::readable_on(Color32::WHITE, bg),
            );
            add(
                "held-out",
                series(&|e| e.held_out),
                crate::ui::palette::readable_on(HELD_OUT_COLOR, bg),
            );
            add(
                &format!("{}-fold CV", s.folds_k),
                series(&|e| e.cv),
                CV_COLOR,
            );
            plot_ui.vline(
                VLine::new("current degree", s.degree as f64)
                    .color(crate::ui::palette::readable_on(EXACT_COLOR, bg))
                    .width(1.5),
            );
        });
}

fn folds_plot_ui(ui: &mut egui::Ui, s: &OverfitState) {
    let bars: Vec<Bar> =
        s.cv.folds
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| Bar::new(i as f64 + 1.0, v).width(0.7)))
            .collect();
    let bg = crate::ui::palette::plot_background(ui.visuals());
    Plot::new("why_folds")
        .x_axis_label("fold")
        .y_axis_label("fold MSE")
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .include_y(0.0)
        .show(ui, |plot_ui| {
            if bars.is_empty() {
                plot_ui.text(Text::new(
                    "",
                    PlotPoint::new(0.0, 0.0),
                    RichText::new("no fold can be fitted:\ntoo few points for this degree")
                        .size(16.0)
                        .color(ui_warn()),
                ));
            }
            plot_ui.bar_chart(
                BarChart::new("fold scores", bars)
                    .color(crate::ui::palette::readable_on(CV_COLOR, bg)),
            );
        });
}

fn ui_warn() -> Color32 {
    Color32::from_rgb(0xFF, 0xB0, 0x40)
}

fn readouts_ui(ui: &mut egui::Ui, s: &OverfitState) {
    let strong = ui.visuals().strong_text_color();
    let big = |t: String| RichText::new(t).size(18.0).color(strong);
    match &s.exact_fit {
        Ok(poly) => {
            ui.label(big(format!(
                "degree {}, λ {}: training MSE {}, held-out MSE {}",
                poly.degree(),
                fmt_num(s.lambda),
                fmt_num(poly.mse(&s.demo.train)),
                fmt_num(poly.mse(&s.demo.held_out))
            )));
        }
        Err(e) => {
            ui.colored_label(ui.visuals().warn_fg_color, e.to_string());
        }
    }
    if let Some(Ok(gd)) = s.show_gd.then_some(&s.gd_fit) {
        ui.label(big(format!(
            "gradient descent: training MSE {}, held-out MSE {}",
            fmt_num(gd.mse(&s.demo.train)),
            fmt_num(gd.mse(&s.demo.held_out))
        )));
    }
    let folds: Vec<String> =
        s.cv.folds
            .iter()
            .map(|f| f.map_or("—".to_owned(), fmt_num))
            .collect();
    ui.label(big(format!(
        "{}-fold CV: mean {}  (folds: {})",
        s.folds_k,
        s.cv.mean
            .map_or("— (a fold cannot be fitted)".to_owned(), fmt_num),
        folds.join(", ")
    )))
    .on_hover_text("Each fold's MSE when the curve is fitted to the other folds.");
    if let Some(c) = &s.chosen {
        ui.label(big(format!(
            "cross-validation chose degree {}, λ {}",
            c.degree,
            fmt_num(c.lambda)
        )));
    }
    match s.test {
        None => {
            ui.label(big(
                "test score: sealed (press \"evaluate on test\")".to_owned()
            ));
        }
        Some(t) => {
            ui.label(
                big(format!(
                    "test MSE {} (degree {}, λ {})",
                    fmt_num(t.mse),
                    t.degree,
                    fmt_num(t.lambda)
                ))
                .color(crate::ui::palette::readable_on(
                    TEST_COLOR,
                    ui.visuals().panel_fill,
                )),
            );
            if t.degree != s.degree || t.lambda != s.lambda {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "The test set has been seen: tuning further against it makes its score optimistic.",
                );
            }
        }
    }
}
