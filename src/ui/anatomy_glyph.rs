//! "Step anatomy" on the contour plot (the CS231n figure): at the Momentum and Nesterov heads,
//! the momentum step μ·v, the look-ahead point, the gradient step and the step they sum to, in
//! each racer's colour. The vectors are `core::anatomy`'s, magnified by one factor shared by
//! every glyph so they read at the plot's scale; a common factor keeps their sum exact.

use egui::{Color32, Pos2, RichText, TextStyle};
use egui_plot::{Line, PlotPoint, PlotUi, Points, Polygon, Text};

use crate::core::anatomy::{StepAnatomy, step_anatomy};
use crate::core::lab::Lab;
use crate::core::optimizer::OptimizerKind;
use crate::core::surface::Point;

use super::{color32, outline_color};

/// The longest drawn vector, as a share of the view's diagonal.
const TARGET_SHARE: f64 = 0.32;
const WIDTH: f32 = 3.5;

/// The glyphs drawn this frame, for tests (egui temp data under [`drawn_id`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DrawnAnatomy {
    /// How much the vectors are magnified on screen.
    pub magnification: f64,
    /// Entry index and its step anatomy (unscaled, as the core computed it).
    pub glyphs: Vec<(usize, StepAnatomy)>,
}

pub fn drawn_id() -> egui::Id {
    egui::Id::unique("drawn_step_anatomy")
}

/// Every enabled Momentum / Nesterov racer's anatomy at the timeline's step (only entry `only`'s
/// if given), and their common magnification: a 1-2-5 number so the longest vector is near
/// [`TARGET_SHARE`] of the view.
pub fn glyphs(lab: &Lab, only: Option<usize>) -> DrawnAnatomy {
    let step = lab.state.step;
    let glyphs: Vec<(usize, StepAnatomy)> = lab
        .state
        .entries
        .iter()
        .zip(&lab.trajectories)
        .enumerate()
        .filter(|(i, (e, _))| e.enabled && only.is_none_or(|o| o == *i))
        .filter_map(|(i, (e, t))| {
            let t = t.as_ref()?;
            Some((i, step_anatomy(t, &e.racer, step.min(t.steps()))?))
        })
        .collect();
    let longest = glyphs
        .iter()
        .flat_map(|(_, a)| [a.momentum, a.gradient, a.step])
        .map(|d| d[0].hypot(d[1]))
        .filter(|l| l.is_finite())
        .fold(0.0, f64::max);
    let v = lab.state.view;
    let target = TARGET_SHARE * v.width().hypot(v.height());
    let magnification = if longest > 0.0 {
        nice_floor(target / longest).max(1.0)
    } else {
        1.0
    };
    DrawnAnatomy {
        magnification,
        glyphs,
    }
}

/// The largest of 1, 2, 5 × 10ⁿ not above `x`.
fn nice_floor(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&c| c <= x)
        .unwrap_or(p)
}

/// Points the glyphs cover, so the legend can keep clear of them.
pub fn covered_points(drawn: &DrawnAnatomy) -> Vec<Point> {
    let k = drawn.magnification;
    drawn
        .glyphs
        .iter()
        .flat_map(|(_, a)| {
            let s = Scaled::new(a, k);
            [s.origin, s.look_ahead, s.gradient_tip, s.end]
        })
        .collect()
}

/// A glyph's points on screen: magnified about the head, which stays where the path is.
struct Scaled {
    origin: Point,
    look_ahead: Point,
    gradient_from: Point,
    gradient_tip: Point,
    end: Point,
}

impl Scaled {
    fn new(a: &StepAnatomy, k: f64) -> Self {
        let head = a.gradient_at;
        let at = |p: Point, d: Point| [p[0] + k * d[0], p[1] + k * d[1]];
        let origin = match a.kind {
            OptimizerKind::Nesterov => at(head, [-a.momentum[0], -a.momentum[1]]),
            _ => head,
        };
        Self {
            origin,
            look_ahead: at(origin, a.momentum),
            gradient_from: head,
            gradient_tip: at(head, a.gradient),
            end: at(origin, a.step),
        }
    }
}

/// Draws every glyph on one plot with one magnification, or only entry `only`'s (one of the
/// side-by-side plots, magnified for its own plot: the caption gives each plot's factor).
pub fn draw(plot_ui: &mut PlotUi<'_>, lab: &Lab, only: Option<usize>) {
    let drawn = glyphs(lab, only);
    let k = drawn.magnification;
    let mut placed = Vec::new();
    for &(index, a) in &drawn.glyphs {
        let Some(entry) = lab.state.entries.get(index) else {
            continue;
        };
        let (color, rim) = (color32(entry.color), outline_color(entry.color));
        let s = Scaled::new(&a, k);
        // The step first and widest, so the parts drawn over it stay visible.
        arrow(plot_ui, s.origin, s.end, color, rim, WIDTH + 2.0);
        arrow(plot_ui, s.origin, s.look_ahead, color, rim, WIDTH);
        arrow(plot_ui, s.gradient_from, s.gradient_tip, color, rim, WIDTH);
        // Heavy ball: complete the parallelogram, gradient step from the look-ahead point.
        if a.kind == OptimizerKind::Momentum {
            plot_ui.line(
                Line::new("", vec![s.look_ahead, s.end])
                    .color(color)
                    .width(1.5)
                    .style(egui_plot::LineStyle::dashed_dense())
                    .allow_hover(false),
            );
        }
        plot_ui.points(
            Points::new("", vec![s.look_ahead])
                .radius(7.0)
                .filled(false)
                .color(color)
                .allow_hover(false),
        );
        let mid = |p: Point, q: Point| [(p[0] + q[0]) / 2.0, (p[1] + q[1]) / 2.0];
        let away = |p: Point, q: Point| [q[0] - p[0], q[1] - p[1]];
        // Beside the arrow p→q's middle, on the side away from `avoid`.
        let beside = |p: Point, q: Point, avoid: Point| {
            let (m, n) = (mid(p, q), [p[1] - q[1], q[0] - p[0]]);
            let toward = (avoid[0] - m[0]) * n[0] + (avoid[1] - m[1]) * n[1];
            let n = if toward > 0.0 { [-n[0], -n[1]] } else { n };
            (m, n)
        };
        if a.kind == OptimizerKind::Nesterov {
            // First, as it matters most: opposite both arrows meeting at the look-ahead point.
            let (back, on) = (
                away(s.look_ahead, s.origin),
                away(s.look_ahead, s.gradient_tip),
            );
            let toward = [-(back[0] + on[0]), -(back[1] + on[1])];
            label(
                plot_ui,
                &mut placed,
                s.look_ahead,
                toward,
                "look-ahead",
                color,
            );
        }
        let (at, side) = beside(s.origin, s.look_ahead, s.end);
        label(plot_ui, &mut placed, at, side, "μv", color);
        let (at, side) = beside(s.gradient_from, s.gradient_tip, s.origin);
        label(plot_ui, &mut placed, at, side, "−η∇f", color);
        label(
            plot_ui,
            &mut placed,
            s.end,
            away(s.origin, s.end),
            "step",
            color,
        );
    }
    if !drawn.glyphs.is_empty() {
        let v = lab.state.view;
        plot_ui.text(
            Text::new(
                "",
                PlotPoint::new((v.x_min + v.x_max) / 2.0, v.y_min),
                RichText::new(format!("step anatomy: arrows ×{k}"))
                    .text_style(TextStyle::Body)
                    .strong()
                    .background_color(Color32::from_black_alpha(170)),
            )
            .anchor(egui::Align2::CENTER_BOTTOM)
            .color(Color32::WHITE),
        );
    }
    if only.is_none() {
        plot_ui.ctx().data_mut(|d| d.insert_temp(drawn_id(), drawn));
    }
}

/// A short label at body size on a dark backing, readable over any part of the colour map,
/// placed on the side of `at` that `toward` points to (in plot coordinates).
/// A label that would cover one already `placed` moves a little further that way, or is left out.
fn label(
    plot_ui: &mut PlotUi<'_>,
    placed: &mut Vec<egui::Rect>,
    at: Point,
    toward: Point,
    text: &str,
    color: Color32,
) {
    let pick = |v: f64| {
        if v > 0.38 {
            egui::Align::Min
        } else if v < -0.38 {
            egui::Align::Max
        } else {
            egui::Align::Center
        }
    };
    let n = toward[0].hypot(toward[1]);
    let (x, y) = if n > 0.0 && n.is_finite() {
        (toward[0] / n, toward[1] / n)
    } else {
        (1.0, 1.0)
    };
    // Plot y grows upwards, screen y downwards: text above a point is anchored at its bottom.
    let anchor = egui::Align2([pick(x), pick(-y)]);
    let font = plot_ui
        .ctx()
        .global_style()
        .text_styles
        .get(&TextStyle::Body)
        .map_or(16.0, |f| f.size);
    // A generous estimate of the label's box (the plot lays the text out itself).
    let size = egui::vec2(0.62 * font * (text.chars().count() + 2) as f32, 1.3 * font);
    let step = egui::vec2(x as f32, -y as f32) * (0.8 * size.y);
    let mut pos = plot_ui.screen_from_plot(PlotPoint::new(at[0], at[1]));
    let free = |p: Pos2| {
        !placed
            .iter()
            .any(|r| r.intersects(anchor.anchor_size(p, size)))
    };
    // Two nudges at most: a label further off than that names the wrong arrow, so it is left
    // out (where two glyphs coincide, e.g. at the first step, the other's label stands).
    let Some(found) = (0..3).map(|i| pos + step * i as f32).find(|&p| free(p)) else {
        return;
    };
    pos = found;
    placed.push(anchor.anchor_size(pos, size));
    plot_ui.text(
        Text::new(
            "",
            plot_ui.plot_from_screen(pos),
            RichText::new(format!(" {text} "))
                .text_style(TextStyle::Body)
                .strong()
                .background_color(Color32::from_black_alpha(170)),
        )
        .anchor(anchor)
        .color(color),
    );
}

/// A thick arrow: outlined shaft and a filled head sized in screen points, so it keeps its
/// shape whatever the plot's aspect ratio.
fn arrow(plot_ui: &mut PlotUi<'_>, from: Point, to: Point, color: Color32, rim: Color32, w: f32) {
    let a = plot_ui.screen_from_plot(PlotPoint::new(from[0], from[1]));
    let b = plot_ui.screen_from_plot(PlotPoint::new(to[0], to[1]));
    let d = b - a;
    let length = d.length();
    if !(length.is_finite() && length > 1.0) {
        return;
    }
    let dir = d / length;
    let head = (4.5 * w).min(0.6 * length);
    let base = b - dir * head;
    let normal = egui::vec2(-dir.y, dir.x) * (0.55 * head);
    let plot = |p: egui::Pos2| {
        let q = plot_ui.plot_from_screen(p);
        [q.x, q.y]
    };
    let shaft = vec![from, plot(base)];
    let tip = vec![plot(b), plot(base + normal), plot(base - normal)];
    plot_ui.line(
        Line::new("", shaft.clone())
            .color(rim)
            .width(w + 2.5)
            .allow_hover(false),
    );
    plot_ui.line(
        Line::new("", shaft)
            .color(color)
            .width(w)
            .allow_hover(false),
    );
    plot_ui.polygon(
        Polygon::new("", tip)
            .fill_color(color)
            .stroke(egui::Stroke::new(1.5, rim))
            .allow_hover(false),
    );
}
