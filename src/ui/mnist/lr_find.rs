//! The MNIST tab's "find lr": the learning-rate range test run in the background on a copy of
//! the starting network, its loss plotted against the learning rate (log axis) with the
//! suggestion marked, and a button putting the suggestion on the learning-rate slider.

use std::sync::Arc;

use egui::Color32;
use egui_plot::{AxisHints, Line, Plot, VLine};

use crate::core::format;
use crate::core::lr_find::{LrFindEnd, LrFindSettings};
use crate::train::{Command, JobState, LrFindJob, LrFindOutcome};

use super::MnistView;

const RAW: Color32 = crate::ui::palette::SKY_BLUE;
const SMOOTHED: Color32 = crate::ui::palette::ORANGE;
const SUGGESTION: Color32 = crate::ui::palette::GREEN;

/// Highest learning rate the MNIST tab's slider offers: the sweep's last, so any suggestion fits.
pub const SLIDER_MAX_LR: f64 = 10.0;

#[derive(Default)]
pub struct LrFindPanel {
    job: Option<LrFindJob>,
    outcome: Option<LrFindOutcome>,
    error: Option<String>,
}

impl LrFindPanel {
    pub fn running(&self) -> bool {
        self.job.is_some()
    }

    /// The finished sweep, if any.
    pub fn outcome(&self) -> Option<&LrFindOutcome> {
        self.outcome.as_ref()
    }

    fn poll(&mut self) {
        if let Some(done) = self.job.as_mut().and_then(LrFindJob::poll) {
            self.job = None;
            match done {
                Ok(outcome) => self.outcome = Some(outcome),
                Err(e) => self.error = Some(e),
            }
        }
    }
}

/// Starts a sweep for the tab's current settings (what ▶ start would train).
pub fn start(ctx: &egui::Context, view: &mut MnistView) {
    let Some(files) = view.run.data.as_ref().map(|d| Arc::clone(&d.files)) else {
        view.lr_find.error = Some("the data has not loaded yet".to_owned());
        return;
    };
    let mut config = view.config.clone();
    match crate::core::mlp::parse_hidden(&view.hidden_text) {
        Ok(hidden) => config.hidden = hidden,
        Err(e) => {
            view.lr_find.error = Some(format!("hidden layers: {e}"));
            return;
        }
    }
    if let Err(e) = config.validate() {
        view.lr_find.error = Some(e.to_string());
        return;
    }
    let ctx = ctx.clone();
    view.lr_find.error = None;
    view.lr_find.job = Some(LrFindJob::spawn(
        config,
        files,
        LrFindSettings::default(),
        move || ctx.request_repaint(),
    ));
}

/// Puts the suggestion on the learning-rate slider (and on the running network, as moving the
/// slider would).
pub fn apply(ctx: &egui::Context, view: &mut MnistView, lr: f64) {
    view.config.hyper.lr = lr;
    let running = view.run.state != JobState::Idle;
    if running && view.config.hyper.validate(view.config.optimizer).is_ok() {
        let hyper = view.config.hyper;
        view.send(ctx, Command::SetHyper(hyper));
    }
}

pub fn lr_find_ui(ui: &mut egui::Ui, view: &mut MnistView) {
    view.lr_find.poll();
    let ctx = ui.ctx().clone();
    ui.horizontal(|ui| {
        let button = ui
            .add_enabled(
                !view.lr_find.running() && view.run.data.is_some(),
                egui::Button::new("find lr"),
            )
            .on_hover_text(
                "Trains a copy of the starting network for up to 300 batches while the \
                 learning rate grows from 0.000001 to 10, and plots the loss. \
                 Your run is not touched",
            );
        if button.clicked() {
            start(&ctx, view);
        }
        if view.lr_find.running() {
            ui.spinner();
            ui.label("sweeping…");
        }
    });
    if let Some(e) = &view.lr_find.error {
        ui.colored_label(ui.visuals().error_fg_color, format!("find lr: {e}"));
    }
    let Some(outcome) = view.lr_find.outcome.clone() else {
        return;
    };
    let suggested = outcome.result.suggested_lr();
    let same_optimizer = outcome.config.optimizer == view.config.optimizer;
    ui.horizontal(|ui| match suggested {
        Some(lr) => {
            ui.label(format!("loss falls fastest at lr {}", format::loss(lr)));
            let use_it = ui
                .add_enabled(same_optimizer, egui::Button::new("use it"))
                .on_hover_text("Sets the learning-rate slider to the suggestion")
                .on_disabled_hover_text("Found for another optimizer: find lr again");
            if use_it.clicked() {
                apply(&ctx, view, lr);
            }
        }
        None => {
            ui.label("the loss never fell: no suggestion");
        }
    });
    let why = match outcome.result.end {
        LrFindEnd::Exceeded => "stopped at 4× the lowest loss",
        LrFindEnd::NotFinite => "stopped when the loss overflowed",
        LrFindEnd::Completed => "reached lr 10",
    };
    ui.weak(format!(
        "{} · {} batches in {:.2} s, {why}",
        outcome.config.optimizer.label(),
        outcome.result.points.len(),
        outcome.seconds
    ));
    plot(ui, &outcome, suggested);
}

fn plot(ui: &mut egui::Ui, outcome: &LrFindOutcome, suggested: Option<f64>) {
    let points = &outcome.result.points;
    let raw: Vec<[f64; 2]> = points.iter().map(|p| [p.lr.log10(), p.loss]).collect();
    let smoothed: Vec<[f64; 2]> = points.iter().map(|p| [p.lr.log10(), p.smoothed]).collect();
    Plot::new("mnist_lr_find")
        .height(150.0)
        .custom_x_axes(vec![
            AxisHints::new_x()
                .label("learning rate (log scale)")
                .formatter(|mark, _| {
                    // Only the powers of ten are labelled; between them the axis is logarithmic.
                    let rounded = mark.value.round();
                    match (mark.value - rounded).abs() < 1e-9 {
                        true => power_of_ten(rounded as i32),
                        false => String::new(),
                    }
                })
                // A decade is ~40 points wide here; labels are short enough to fit each one.
                .label_spacing(28.0..=40.0),
        ])
        .y_axis_label("loss")
        .allow_scroll(false)
        .show(ui, |plot_ui| {
            plot_ui.line(Line::new("loss", raw).color(RAW.gamma_multiply(0.5)));
            plot_ui.line(Line::new("smoothed", smoothed).color(SMOOTHED).width(2.5));
            if let Some(lr) = suggested {
                plot_ui.vline(
                    VLine::new(format!("suggested lr {}", format::loss(lr)), lr.log10())
                        .color(SUGGESTION)
                        .width(2.0),
                );
            }
        });
}

/// "10⁻⁶", "1", "10": short enough that every decade of the narrow plot gets its label.
fn power_of_ten(exponent: i32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    match exponent {
        0 => "1".to_owned(),
        1 => "10".to_owned(),
        e => {
            let sign = if e < 0 { "⁻" } else { "" };
            let digits: String = e
                .unsigned_abs()
                .to_string()
                .bytes()
                .map(|b| DIGITS[usize::from(b - b'0')])
                .collect();
            format!("10{sign}{digits}")
        }
    }
}
