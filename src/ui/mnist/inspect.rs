//! Looking inside the network: hidden units' weights, predictions on validation digits, the
//! confusion matrix, backprop vs numerical gradients, and a pad to draw digits on.

use egui::{Color32, Stroke, vec2};

use crate::core::mnist::{self, PIXELS};
use crate::train::{Command, NetSnapshot};

use super::pictures::{self, Textures};
use super::{Inspect, MnistView};

/// How many validation digits the predictions grid shows.
const GRID_DIGITS: usize = 24;
const GRADIENT_CHECK_SAMPLES: usize = 12;

#[derive(Default)]
pub struct InspectTextures {
    weights: Textures,
    digits: Textures,
    /// The dataset the digit grid was drawn from: another load redraws it.
    digits_for: Option<u64>,
    pad: Textures,
    version: u64,
}

impl InspectTextures {
    pub fn digits_dataset(&self) -> Option<u64> {
        self.digits_for
    }
}

pub fn inspect_ui(ui: &mut egui::Ui, view: &mut MnistView) {
    // Wraps onto a second row in a narrow window: every inner tab stays reachable.
    ui.horizontal_wrapped(|ui| {
        let tabs = [
            (Inspect::HiddenUnits, "hidden units", "Each hidden unit's 784 incoming weights as a 28x28 picture: red excites, blue inhibits"),
            (Inspect::Predictions, "predictions", "Validation digits with the network's guess; wrong guesses are outlined in red"),
            (Inspect::Confusion, "confusion matrix", "Rows: true digit, columns: predicted digit (validation set)"),
            (Inspect::GradientCheck, "gradient check", "Backprop against numerical derivatives: same answer, far cheaper"),
            (Inspect::Draw, "draw a digit", "Draw a digit and watch the network's probabilities"),
            (Inspect::LossLandscape, "loss landscape", "The real loss surface around the network's weights: random planes, the plane of the training path, 1-D lines"),
            (Inspect::Network, "network", "The 784-15-10 network drawn; with dropout on, the hidden units dropped for the latest mini-batch grey out"),
        ];
        for (tab, label, hint) in tabs {
            ui.selectable_value(&mut view.inspect, tab, label).on_hover_text(hint);
        }
    });
    ui.separator();
    refresh_textures(ui.ctx(), view);
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| match view.inspect {
            Inspect::HiddenUnits => hidden_units_ui(ui, view),
            Inspect::Predictions => predictions_ui(ui, view),
            Inspect::Confusion => {
                match view.current_snapshot().and_then(|s| s.confusion.as_ref()) {
                    Some(m) => pictures::confusion_ui(ui, m),
                    None => {
                        ui.label("Start training to fill the confusion matrix.");
                    }
                }
            }
            Inspect::GradientCheck => gradient_check_ui(ui, view),
            Inspect::Draw => draw_ui(ui, view),
            Inspect::LossLandscape => super::loss_slice_view::loss_slice_ui(ui, view),
            Inspect::Network => super::network_view::network_ui(ui, view),
        });
}

/// Validation digits: the last images of the training file (see `mnist::split`).
fn validation_digit(view: &MnistView, i: usize) -> Option<(&[u8], u8)> {
    let files = &view.run.data.as_ref()?.files;
    let n = files.train_file.len();
    let index = n - mnist::validation_len(n) + i;
    (index < n).then(|| {
        (
            files.train_file.image(index),
            files.train_file.labels[index],
        )
    })
}

fn refresh_textures(ctx: &egui::Context, view: &mut MnistView) {
    let dataset = view.dataset_id();
    if dataset.is_some() && view.textures.digits_for != dataset {
        for i in 0..GRID_DIGITS {
            let pixels = validation_digit(view, i)
                .map(|(p, _)| p.to_vec())
                .unwrap_or_default();
            view.textures
                .digits
                .set(ctx, i, pictures::digit_image(&pixels));
        }
        view.textures.digits_for = dataset;
    }
    if view.pad.changed || view.textures.pad.is_empty() {
        view.textures
            .pad
            .set(ctx, 0, pictures::digit_image(&view.pad.image));
        view.pad.changed = false;
    }
    let trained_on_this_data = view.current_snapshot().is_some();
    if view.textures.version != view.run.snapshot_version
        && trained_on_this_data
        && let Some(s) = &view.run.snapshot
    {
        let max_abs = s
            .hidden_weights
            .iter()
            .flatten()
            .fold(0.0f32, |m, w| m.max(w.abs()));
        for (i, w) in s.hidden_weights.iter().enumerate() {
            view.textures
                .weights
                .set(ctx, i, pictures::weight_image(w, max_abs));
        }
        view.textures.version = view.run.snapshot_version;
    }
}

fn hidden_units_ui(ui: &mut egui::Ui, view: &MnistView) {
    let Some(s) = view.current_snapshot() else {
        ui.label("Start training: the first layer's weights appear here and change as the network learns.");
        return;
    };
    let count = s.hidden_weights.len().min(view.textures.weights.len());
    // Two rows of units that fit the panel, however tall or wide the window is.
    let per_row = count.div_ceil(2).max(1) as f32;
    let side = ((ui.available_height() - 50.0) / 2.0)
        .min(ui.available_width() / per_row - 10.0)
        .clamp(32.0, 160.0);
    ui.label(
        "What each hidden unit looks for: red pixels raise its activation, blue ones lower it.",
    );
    ui.horizontal_wrapped(|ui| {
        for i in 0..count {
            if let Some(t) = view.textures.weights.get(i) {
                ui.add(egui::Image::new((t.id(), vec2(side, side))))
                    .on_hover_text(format!("hidden unit {}", i + 1));
            }
        }
    });
}

fn probability_bars_ui(ui: &mut egui::Ui, probs: &[f32; 10], highlight: Option<usize>) {
    let best = probs
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, _)| i);
    for (digit, p) in probs.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(digit.to_string())
                    .monospace()
                    .size(18.0),
            );
            let color = if Some(digit) == highlight || Some(digit) == best {
                crate::ui::palette::GREEN
            } else {
                crate::ui::palette::SKY_BLUE
            };
            ui.add(
                egui::ProgressBar::new(*p)
                    .desired_width(220.0)
                    .fill(color)
                    .text(format!("{:.1}%", p * 100.0)),
            );
        });
    }
}

fn predictions_ui(ui: &mut egui::Ui, view: &MnistView) {
    let Some(s) = view.current_snapshot() else {
        ui.label("Start training to see the network's guesses on validation digits.");
        return;
    };
    // Two rows of twelve that fit the panel: label height ~24, gaps ~12.
    let columns = GRID_DIGITS / 2;
    let side = (ui.available_width() / columns as f32 - 14.0)
        .min((ui.available_height() - 2.0 * 36.0) / 2.0)
        .clamp(32.0, 110.0);
    egui::Grid::new("predictions")
        .spacing([10.0, 6.0])
        .show(ui, |ui| {
            for i in 0..GRID_DIGITS {
                if i > 0 && i % columns == 0 {
                    ui.end_row();
                }
                let (Some((pixels, label)), Some(t)) =
                    (validation_digit(view, i), view.textures.digits.get(i))
                else {
                    continue;
                };
                let probs = s.mlp.predict_probs(pixels);
                let (pred, p) = probs
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1.total_cmp(b.1))
                    .map_or((0, 0.0), |(i, p)| (i, *p));
                let wrong = pred != usize::from(label);
                ui.vertical(|ui| {
                    let r = ui.add(egui::Image::new((t.id(), vec2(side, side))));
                    if wrong {
                        ui.painter().rect_stroke(
                            r.rect.expand(2.0),
                            2.0,
                            Stroke::new(3.0, Color32::from_rgb(255, 70, 70)),
                            egui::StrokeKind::Outside,
                        );
                    }
                    let text =
                        egui::RichText::new(format!("{pred} ({:.0}%)", p * 100.0)).size(16.0);
                    let text = if wrong {
                        text.color(crate::ui::palette::ALARM_RED).strong()
                    } else {
                        text
                    };
                    ui.label(text).on_hover_text(format!("true digit: {label}"));
                });
            }
        });
}

fn gradient_check_ui(ui: &mut egui::Ui, view: &mut MnistView) {
    ui.label(
        "Backpropagation computes all gradients in one backward pass. A numerical derivative \
         needs two forward passes per weight: (L(w+h) − L(w−h)) / 2h.",
    );
    let ctx = ui.ctx().clone();
    if ui.button("run gradient check").on_hover_text("Compare backprop with central differences (in f64) on sampled weights of the current network").clicked() {
        view.send(&ctx, Command::GradientCheck { samples: GRADIENT_CHECK_SAMPLES });
    }
    let Some(r) = &view.run.gradient_check else {
        return;
    };
    ui.label(egui::RichText::new(format!(
        "one backprop pass: {:.3} ms (measured) · numerical gradient of all {} parameters: 2 × {} passes × {:.3} ms (measured pass) ≈ {:.2} s, an estimate, not run  →  backprop ≈ {:.0}× faster",
        r.backprop_secs * 1e3,
        r.param_count,
        r.param_count,
        r.forward_secs * 1e3,
        r.estimated_numerical_secs,
        r.estimated_numerical_secs / r.backprop_secs.max(1e-12)
    )).strong());
    ui.label(format!(
        "largest relative error {:.2e} (batch of {} images)",
        r.max_rel_error, r.batch_size
    ));
    egui::Grid::new("gradcheck").striped(true).show(ui, |ui| {
        for h in ["parameter", "backprop", "numerical", "relative error"] {
            ui.strong(h);
        }
        ui.end_row();
        for (index, backprop, numerical, err) in &r.rows {
            ui.label(index.to_string());
            ui.label(format!("{backprop:+.6e}"));
            ui.label(format!("{numerical:+.6e}"));
            ui.label(format!("{err:.1e}"));
            ui.end_row();
        }
    });
}

fn draw_ui(ui: &mut egui::Ui, view: &mut MnistView) {
    let side = (ui.available_height() - 10.0).clamp(120.0, 300.0);
    ui.horizontal_top(|ui| {
        view.pad.pad_ui(ui, side);
        ui.vertical(|ui| {
            ui.label("what the network sees (28x28)");
            if let Some(t) = view.textures.pad.get(0) {
                ui.add(egui::Image::new((t.id(), vec2(112.0, 112.0))));
            }
            if ui
                .button("clear")
                .on_hover_text("Wipe the pad and draw another digit")
                .clicked()
            {
                view.pad.clear();
            }
        });
        ui.vertical(|ui| {
            match (
                view.current_snapshot(),
                view.pad.image.len() == PIXELS && !view.pad.is_empty(),
            ) {
                (Some(s), true) => probability_bars_ui(ui, &predict(s, &view.pad.image), None),
                (None, _) => {
                    ui.label("Train the network first.");
                }
                (Some(_), false) => {
                    ui.label("Draw a digit on the black pad.");
                }
            }
        });
    });
}

fn predict(s: &NetSnapshot, image: &[u8]) -> [f32; 10] {
    s.mlp.predict_probs(image)
}
