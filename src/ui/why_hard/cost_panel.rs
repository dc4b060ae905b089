//! Backprop vs nudging each weight: counted operations and measured time of one gradient,
//! as the network grows, and how closely the two gradients agree.

use egui::{Color32, RichText};
use egui_plot::{Line, Plot, Points};

use crate::core::gradient_cost::{self, CostPlan, CostRow, growth_exponent};
use crate::core::search::group_thousands;

use super::{LessonView, explain};

/// Narrower layers are padded to the SIMD width and dominated by fixed costs per pass (loading
/// the image), which would hide how the arithmetic grows.
pub const MIN_HIDDEN: usize = 8;
/// Wider ones take too long to measure even for backprop's medians in a classroom.
pub const MAX_HIDDEN: usize = 256;

const FORWARD_COLOR: Color32 = crate::ui::palette::GREY;
const NUMERICAL_COLOR: Color32 = crate::ui::palette::VERMILLION;
const BACKPROP_COLOR: Color32 = crate::ui::palette::SKY_BLUE;

pub struct CostState {
    /// The widest hidden layer measured; the sweep doubles from [`MIN_HIDDEN`] up to it.
    pub max_hidden: usize,
    pub plan: CostPlan,
    pub seed: u64,
    pub rows: Vec<CostRow>,
    pub error: Option<String>,
    /// A sweep running on its own thread: numerical gradients of the wider networks take
    /// long enough that the window would freeze if they ran on the UI thread.
    pending: Option<crate::train::Pending<Vec<CostRow>>>,
}

impl Default for CostState {
    fn default() -> Self {
        Self {
            max_hidden: 64,
            plan: CostPlan::default(),
            seed: 1,
            rows: Vec::new(),
            error: None,
            pending: None,
        }
    }
}

impl CostState {
    /// 8, 16, 32, … up to `max_hidden` (included even when not a power of two).
    pub fn hidden_sizes(&self) -> Vec<usize> {
        let max = self.max_hidden.clamp(MIN_HIDDEN, MAX_HIDDEN);
        let mut sizes: Vec<usize> = std::iter::successors(Some(MIN_HIDDEN), |h| Some(h * 2))
            .take_while(|&h| h < max)
            .collect();
        sizes.push(max);
        sizes
    }

    /// Starts the timing sweep in the background (on demand only: it takes a moment).
    pub fn measure(&mut self, ctx: &egui::Context) {
        let (sizes, seed, plan, ctx) = (self.hidden_sizes(), self.seed, self.plan, ctx.clone());
        // A newer sweep replaces an older one; the older's answer is then dropped.
        self.pending = Some(crate::train::Pending::spawn(
            "gradient-cost",
            "the measurement",
            move || ctx.request_repaint(),
            move || gradient_cost::sweep(&sizes, seed, &plan).map_err(|e| e.to_string()),
        ));
    }

    pub fn measuring(&self) -> bool {
        self.pending.is_some()
    }

    /// Takes a finished sweep's result, if any.
    pub fn poll(&mut self) {
        match crate::train::take_ready(&mut self.pending) {
            Some(Ok(rows)) => {
                self.rows = rows;
                self.error = None;
            }
            Some(Err(e)) => self.error = Some(e),
            None => {}
        }
    }
}

impl LessonView for CostState {
    // Every frame, not only in the controls: a sweep finishes while another lesson is shown too.
    fn logic(&mut self) {
        self.poll();
    }

    fn controls_ui(&mut self, ui: &mut egui::Ui) {
        self.poll();
        ui.heading("Backprop vs nudging");
        ui.add(
        egui::Slider::new(&mut self.max_hidden, MIN_HIDDEN..=MAX_HIDDEN)
            .logarithmic(true)
            .text("largest hidden layer"),
    )
    .on_hover_text(format!(
        "Networks 784-h-10 with h = {MIN_HIDDEN}, {}, {}, … up to this width are measured. \
         Widths from {MIN_HIDDEN} to {MAX_HIDDEN}; a typed value outside is set to the nearest end.",
        2 * MIN_HIDDEN,
        4 * MIN_HIDDEN
    ));
        let sizes: Vec<String> = self.hidden_sizes().iter().map(|h| h.to_string()).collect();
        ui.label(format!(
            "hidden widths: {} (range {MIN_HIDDEN}–{MAX_HIDDEN})",
            sizes.join(", ")
        ));
        if ui
        .button("measure gradient cost")
        .on_hover_text("Computes one gradient both ways for each network and times it. Takes up to a few seconds.")
        .clicked()
    {
        self.measure(ui.ctx());
    }
        if self.measuring() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("measuring…");
            });
        }
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
    }

    fn figure_ui(&mut self, ui: &mut egui::Ui) {
        explain(
            ui,
            "To learn, every weight needs its slope ∂C/∂w. The obvious way nudges one weight up and \
         down and runs the network twice to see how the cost changes: two forward passes per \
         weight, so P weights cost 2P passes of P operations each, 2P² in all. Backpropagation \
         gets every slope from one forward and one backward pass, about 3P operations. Both give \
         the same numbers; only one is affordable for a network with millions of weights. \
         Times are medians of repeated runs on one example; a time marked ≈ is an estimate, \
         2P × the measured pass, because running it would take too long.",
        );
        if self.rows.is_empty() {
            ui.add_space(20.0);
            ui.label(
                RichText::new("Press \"measure gradient cost\" to run the comparison.").size(18.0),
            );
            return;
        }
        let avail = ui.available_size();
        // Two tables, each a header and a row per network, at the table's text size.
        let row_h = 34.0;
        let table_h = 2.0 * row_h * (self.rows.len() as f32 + 1.0) + 24.0;
        let plot_h = (avail.y - table_h).max(140.0);
        ui.allocate_ui(egui::vec2(avail.x, plot_h), |ui| time_plot_ui(ui, self));
        table_ui(ui, self);
    }
}

fn time_plot_ui(ui: &mut egui::Ui, s: &CostState) {
    let point = |r: &CostRow, secs: f64| [(r.ops.params as f64).log10(), secs.max(1e-12).log10()];
    let series = |f: &dyn Fn(&CostRow) -> f64| -> Vec<[f64; 2]> {
        s.rows.iter().map(|r| point(r, f(r))).collect()
    };
    let (measured, estimated): (Vec<&CostRow>, Vec<&CostRow>) =
        s.rows.iter().partition(|r| r.numerical_measured);
    let bg = crate::ui::palette::plot_background(ui.visuals());
    Plot::new("why_cost")
        .legend({
            let mut points = series(&|r| r.numerical_secs);
            points.extend(series(&|r| r.backprop_secs));
            points.extend(series(&|r| r.forward_secs));
            crate::ui::legend::legend_for(&points, &[])
        })
        .x_axis_label("log₁₀ P (weights and biases)")
        .y_axis_label("log₁₀ seconds per gradient")
        .allow_scroll(false)
        .show(ui, |plot_ui| {
            for (name, pts, color) in [
                (
                    "nudging (2 passes per weight)",
                    series(&|r| r.numerical_secs),
                    NUMERICAL_COLOR,
                ),
                ("backprop", series(&|r| r.backprop_secs), BACKPROP_COLOR),
                (
                    "one forward pass",
                    series(&|r| r.forward_secs),
                    FORWARD_COLOR,
                ),
            ] {
                plot_ui.line(Line::new(name, pts.clone()).color(color).width(3.0));
                plot_ui.points(
                    Points::new("", pts)
                        .radius(6.0)
                        .filled(true)
                        .color(color)
                        .allow_hover(false),
                );
            }
            // Estimated nudging times get a hollow ring, so the class sees which are guesses.
            for (name, rows, filled) in [
                ("nudging: measured", measured, true),
                ("nudging: ≈ estimated", estimated, false),
            ] {
                let pts: Vec<[f64; 2]> = rows.iter().map(|r| point(r, r.numerical_secs)).collect();
                plot_ui.points(
                    Points::new(name, pts)
                        .radius(9.0)
                        .filled(filled)
                        .color(crate::ui::palette::readable_on(NUMERICAL_COLOR, bg)),
                );
            }
        });
}

/// Seconds with a unit that keeps three significant digits readable.
pub fn fmt_secs(secs: f64) -> String {
    if secs >= 1.0 {
        format!("{secs:.2} s")
    } else if secs >= 1e-3 {
        format!("{:.1} ms", secs * 1e3)
    } else {
        format!("{:.1} µs", secs * 1e6)
    }
}

/// The nudging time as shown: "≈ …" when it is the estimate rather than a measurement.
pub fn numerical_time_text(r: &CostRow) -> String {
    if r.numerical_measured {
        fmt_secs(r.numerical_secs)
    } else {
        format!("≈ {}", fmt_secs(r.numerical_secs))
    }
}

fn table_ui(ui: &mut egui::Ui, s: &CostState) {
    let strong = ui.visuals().strong_text_color();
    let text = |t: String| RichText::new(t).size(16.0);
    let count = |n: u64| group_thousands(&n.to_string());
    // Two tables of five or six columns, one under the other, rather than ten columns that
    // ran past a 1024×768 window (#17): operations counted, then time measured.
    egui::Grid::new("why_cost_table")
        .striped(true)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            for h in [
                "network",
                "weights P",
                "ops: backprop",
                "ops: nudging",
                "ratio",
            ] {
                ui.label(text(h.to_owned()).strong());
            }
            ui.end_row();
            for r in &s.rows {
                ui.label(text(format!("784-{}-10", r.hidden)).color(strong));
                ui.label(text(count(r.ops.params)).color(strong));
                ui.label(text(count(r.ops.backprop)).color(strong));
                ui.label(text(count(r.ops.numerical)).color(strong));
                ui.label(text(format!(
                    "{:.0}×",
                    r.ops.numerical as f64 / r.ops.backprop as f64
                )));
                ui.end_row();
            }
        });
    ui.add_space(8.0);
    let bg = ui.visuals().panel_fill;
    let colored = |t: String, c: Color32| text(t).color(crate::ui::palette::readable_on(c, bg));
    egui::Grid::new("why_cost_time_table")
        .striped(true)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            for h in ["network", "one pass", "time: backprop", "time: nudging", "ratio", "differ"] {
                ui.label(text(h.to_owned()).strong());
            }
            ui.end_row();
            for r in &s.rows {
                ui.label(text(format!("784-{}-10", r.hidden)).color(strong));
                ui.label(colored(fmt_secs(r.forward_secs), FORWARD_COLOR));
                ui.label(colored(fmt_secs(r.backprop_secs), BACKPROP_COLOR));
                ui.label(colored(numerical_time_text(r), NUMERICAL_COLOR))
                    .on_hover_text(if r.numerical_measured {
                        "Measured: every weight nudged up and down, timed."
                    } else {
                        "Estimate: 2P × the measured forward pass (running it would take too long)."
                    });
                ui.label(text(format!("{:.0}×", r.numerical_secs / r.backprop_secs.max(1e-12))));
                ui.label(text(format!("{:.0e}", r.max_rel_diff)))
                    .on_hover_text(format!(
                        "max |nudging − backprop| / max |backprop| over {} weights: the two agree to rounding",
                        r.compared
                    ));
                ui.end_row();
            }
        });
    if let (Some(first), Some(last)) = (s.rows.first(), s.rows.last())
        && s.rows.len() > 1
    {
        let grow = |a: f64, b: f64| if a > 0.0 { b / a } else { f64::NAN };
        let exponent = |f: &dyn Fn(&CostRow) -> f64| {
            growth_exponent((first.ops.params, f(first)), (last.ops.params, f(last)))
        };
        ui.label(
            RichText::new(format!(
                "P grew {:.1}×: one pass {:.1}×, backprop {:.1}×, nudging {:.0}× (time ∝ P^{:.1}; backprop ∝ P^{:.1}).",
                grow(first.ops.params as f64, last.ops.params as f64),
                grow(first.forward_secs, last.forward_secs),
                grow(first.backprop_secs, last.backprop_secs),
                grow(first.numerical_secs, last.numerical_secs),
                exponent(&|r| r.numerical_secs),
                exponent(&|r| r.backprop_secs),
            ))
            .size(18.0)
            .color(strong),
        )
        .on_hover_text("Medians of repeated runs with std::time::Instant on this machine. Each pass also has fixed costs (loading the image), so the smallest networks grow a little slower than the counts.");
    }
}
