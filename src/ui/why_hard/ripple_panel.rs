//! One weight ripples through the network: a 3-4-4-2 network drawn as circles and lines. Click
//! a first-layer line to pick its weight, nudge it with the slider, and every neuron that
//! changes lights up by how much (computed by two forward passes in core, not animated).

use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Sense, Stroke, pos2, vec2};

use crate::core::ripple::{self, Connection, INPUT, Network, Ripple, SIZES};
use crate::ui::palette::{self, readable_on};

use super::{LessonView, explain};

const POSITIVE: Color32 = palette::SKY_BLUE;
// Okabe–Ito's vermillion: reads as orange, and the legend says so.
const NEGATIVE: Color32 = palette::VERMILLION;
const LIT: Color32 = palette::YELLOW;
const UNCHANGED: Color32 = Color32::from_rgb(0x80, 0x80, 0x80);
/// Room beside the network for the inputs' values (left) and the outputs' (right).
const LEFT_MARGIN: f32 = 110.0;
const RIGHT_MARGIN: f32 = 190.0;
/// How close (in screen points) a click must be to a line to pick it.
const PICK_RADIUS_PX: f32 = 14.0;
/// The nudge slider's reach.
pub const MAX_NUDGE: f64 = 2.0;

pub struct RippleState {
    pub seed: u64,
    pub net: Network,
    pub selected: Connection,
    /// Δw added to the selected weight.
    pub delta: f64,
    pub ripple: Ripple,
    /// Where the network was drawn last frame (tests aim clicks with it).
    pub network_rect: Option<Rect>,
}

impl Default for RippleState {
    fn default() -> Self {
        let net = Network::from_seed(ripple::LESSON_SEED);
        let selected = ripple::LESSON_CONNECTION;
        let delta = ripple::LESSON_NUDGE;
        Self {
            seed: ripple::LESSON_SEED,
            ripple: Ripple::compute(&net, &INPUT, selected, delta),
            net,
            selected,
            delta,
            network_rect: None,
        }
    }
}

impl RippleState {
    pub fn recompute(&mut self) {
        self.ripple = Ripple::compute(&self.net, &INPUT, self.selected, self.delta);
    }

    pub fn select(&mut self, c: Connection) {
        self.selected = c;
        self.recompute();
    }

    pub fn new_weights(&mut self) {
        self.seed += 1;
        self.net = Network::from_seed(self.seed);
        self.recompute();
    }

    /// Where neuron `index` of `layer` was drawn last frame.
    pub fn node_position(&self, layer: usize, index: usize) -> Option<Pos2> {
        self.network_rect.map(|r| node_position(r, layer, index))
    }

    /// The middle of a first-layer line as drawn last frame.
    pub fn connection_midpoint(&self, c: Connection) -> Option<Pos2> {
        let (a, b) = (self.node_position(0, c.from)?, self.node_position(1, c.to)?);
        Some(a.lerp(b, 0.5))
    }
}

/// Neurons of a layer spread evenly over the height; layers evenly over the width between the
/// margins.
fn node_position(rect: Rect, layer: usize, index: usize) -> Pos2 {
    let columns = (SIZES.len() - 1) as f32;
    let left = rect.left() + LEFT_MARGIN;
    let width = (rect.width() - LEFT_MARGIN - RIGHT_MARGIN).max(1.0);
    let count = SIZES.get(layer).copied().unwrap_or(1) as f32;
    let x = left + width * layer as f32 / columns;
    let y = rect.top() + rect.height() * (index as f32 + 1.0) / (count + 1.0);
    pos2(x, y)
}

impl LessonView for RippleState {
    fn controls_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("One weight ripples");
        explain(
            ui,
            "Pick one weight of the first layer and nudge it. Only the neuron that weight feeds \
         changes in the first hidden layer; it feeds every neuron of the next layer, and they \
         feed both outputs. So the loss depends on each weight through everything after it, \
         which is what backprop walks back through.",
        );
        ui.add_space(6.0);
        if ui
            .button("new weights")
            .on_hover_text("Draw the network's weights again from the next seed.")
            .clicked()
        {
            self.new_weights();
        }
        ui.label(format!("seed {}", self.seed));
    }

    fn figure_ui(&mut self, ui: &mut egui::Ui) {
        let weight = self
            .net
            .first_layer_weight(self.selected)
            .unwrap_or(f64::NAN);
        ui.label(
            RichText::new(format!(
                "w (x{} → h{}) = {:.3} → {:.3}",
                self.selected.from + 1,
                self.selected.to + 1,
                weight,
                weight + self.delta
            ))
            .heading()
            .strong(),
        );
        ui.horizontal(|ui| {
            // Long enough to nudge finely, leaving room for the number and the name.
            ui.spacing_mut().slider_width = (ui.available_width() - 150.0).clamp(100.0, 400.0);
            let slider = crate::ui::slider::fine_slider(
                ui,
                &mut self.delta,
                -MAX_NUDGE..=MAX_NUDGE,
                false,
                |sl| sl.text("nudge Δw"),
            )
            .on_hover_text(crate::ui::slider::HINT);
            if slider.changed() {
                self.recompute();
            }
        });
        let legend_height = 2.0 * ui.text_style_height(&egui::TextStyle::Body) + 12.0;
        let avail = ui.available_size();
        let (rect, response) = ui.allocate_exact_size(
            vec2(avail.x, (avail.y - legend_height).max(120.0)),
            Sense::click(),
        );
        let response =
            response.on_hover_text("Click a line of the first layer to pick its weight.");
        self.network_rect = Some(rect);
        if response.clicked()
            && let Some(pos) = response.interact_pointer_pos()
            && let Some(c) = pick(rect, pos)
        {
            self.select(c);
        }
        draw_network(ui, self, rect);
        ui.label(
            RichText::new(
                "Lines: blue positive, orange negative, thicker is bigger. Circles: the change \
             (new − old); brighter changed more, grey did not change.",
            )
            .size(15.0),
        );
    }
}

/// "+0.031", or "0" for a neuron that did not change at all.
fn fmt_change(c: f64) -> String {
    if c == 0.0 {
        "0".to_owned()
    } else if c.abs() < 1e-3 {
        format!("{c:+.0e}")
    } else {
        format!("{c:+.3}")
    }
}

/// `font`, or smaller down to 11 points when the text would overflow `width` (only in a window
/// far smaller than a projector's, where the circles shrink).
fn fitting_font(ui: &egui::Ui, text: &str, font: &FontId, width: f32) -> FontId {
    let galley_width = |f: &FontId| {
        ui.fonts_mut(|fonts| {
            fonts
                .layout_no_wrap(text.to_owned(), f.clone(), Color32::BLACK)
                .size()
                .x
        })
    };
    let natural = galley_width(font);
    if natural <= width || natural <= 0.0 {
        return font.clone();
    }
    FontId::new((font.size * width / natural).max(11.0), font.family.clone())
}

/// The first-layer line nearest to `pos`, if close enough.
fn pick(rect: Rect, pos: Pos2) -> Option<Connection> {
    let mut best: Option<(Connection, f32)> = None;
    for from in 0..SIZES[0] {
        for to in 0..SIZES[1] {
            let a = node_position(rect, 0, from);
            let b = node_position(rect, 1, to);
            let d = distance_to_segment(pos, a, b);
            if d < PICK_RADIUS_PX && best.is_none_or(|(_, bd)| d < bd) {
                best = Some((Connection { from, to }, d));
            }
        }
    }
    best.map(|(c, _)| c)
}

fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = if ab.length_sq() > 0.0 {
        ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    p.distance(a + ab * t)
}

fn draw_network(ui: &egui::Ui, s: &RippleState, rect: Rect) {
    let painter = ui.painter_at(rect);
    let bg = ui.visuals().panel_fill;
    let ink = ui.visuals().strong_text_color();
    let font = FontId::proportional(ui.text_style_height(&egui::TextStyle::Body).max(15.0));
    let most = *SIZES.iter().max().unwrap_or(&1) as f32;
    // Big enough for "+0.385" at body size inside; a gap of a sixth of the spacing between.
    let radius = (rect.height() / (most + 1.0) * 0.42).clamp(14.0, 40.0);
    let nudged = s.net.nudged(s.selected, s.delta);
    // Lines first, so the circles sit on top of them.
    for (l, layer) in nudged.weights.iter().enumerate() {
        for ((j, i), &w) in layer.indexed_iter() {
            let (a, b) = (node_position(rect, l, i), node_position(rect, l + 1, j));
            let width = 1.0 + 4.0 * (w.abs() as f32).min(2.0);
            let selected = l == 0 && s.selected == (Connection { from: i, to: j });
            if selected {
                painter.line_segment([a, b], Stroke::new(width + 10.0, ink));
            }
            let color = readable_on(if w >= 0.0 { POSITIVE } else { NEGATIVE }, bg);
            painter.line_segment([a, b], Stroke::new(width, color.gamma_multiply(0.85)));
        }
    }
    let headings = ["inputs", "hidden 1", "hidden 2", "outputs"];
    for (l, &count) in SIZES.iter().enumerate() {
        let top = node_position(rect, l, 0);
        if let Some(h) = headings.get(l) {
            painter.text(
                pos2(top.x, rect.top() + 2.0),
                Align2::CENTER_TOP,
                *h,
                font.clone(),
                ink,
            );
        }
        for j in 0..count {
            let p = node_position(rect, l, j);
            if l == 0 {
                painter.circle(p, radius, bg, Stroke::new(2.5, ink));
                let x = INPUT.get(j).copied().unwrap_or(f64::NAN);
                painter.text(
                    p - vec2(radius + 8.0, 0.0),
                    Align2::RIGHT_CENTER,
                    format!("x{} = {x:.1}", j + 1),
                    font.clone(),
                    ink,
                );
                continue;
            }
            let glow = s.ripple.glow(l, j) as f32;
            let fill = if glow > 0.0 {
                UNCHANGED.lerp_to_gamma(LIT, 0.35 + 0.65 * glow)
            } else {
                UNCHANGED
            };
            painter.circle(p, radius, fill, Stroke::new(2.5, ink));
            let change = s.ripple.change_of(l, j);
            painter.text(
                p,
                Align2::CENTER_CENTER,
                fmt_change(change),
                fitting_font(ui, &fmt_change(change), &font, 2.0 * radius - 4.0),
                Color32::BLACK,
            );
            if l == SIZES.len() - 1 {
                let before = s.ripple.before.get(l).and_then(|a| a.get(j)).copied();
                let after = s.ripple.after.get(l).and_then(|a| a.get(j)).copied();
                if let (Some(before), Some(after)) = (before, after) {
                    painter.text(
                        p + vec2(radius + 10.0, 0.0),
                        Align2::LEFT_CENTER,
                        format!("y{}: {before:.3} → {after:.3}\nΔ = {change:+.4}", j + 1),
                        font.clone(),
                        ink,
                    );
                }
            }
        }
    }
}
