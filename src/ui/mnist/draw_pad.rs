//! A pad where a student draws a digit; the network's probabilities update as they draw.

use egui::{Color32, Pos2, Sense, Stroke, vec2};

use crate::core::digit::{self, Stroke as DigitStroke};

/// Brush radius as a fraction of the pad: about a pen stroke in a 28x28 MNIST digit.
const BRUSH: f64 = 0.035;

#[derive(Default)]
pub struct DrawPad {
    strokes: Vec<DigitStroke>,
    /// The 28x28 image the network sees, recomputed when the drawing changes.
    pub image: Vec<u8>,
    pub changed: bool,
}

impl DrawPad {
    pub fn clear(&mut self) {
        self.strokes.clear();
        self.image = vec![0; 784];
        self.changed = true;
    }

    pub fn is_empty(&self) -> bool {
        self.strokes.is_empty()
    }

    /// Adds a stroke in pad coordinates (0..1); used by the pad itself and by tests.
    pub fn add_stroke(&mut self, stroke: DigitStroke) {
        self.strokes.push(stroke);
        self.image = digit::mnist_image(&self.strokes, BRUSH);
        self.changed = true;
    }

    pub fn pad_ui(&mut self, ui: &mut egui::Ui, side: f32) {
        let (response, painter) = ui.allocate_painter(vec2(side, side), Sense::drag());
        let response = response.on_hover_text("Draw a digit here with the mouse");
        let rect = response.rect;
        painter.rect_filled(rect, 4.0, Color32::BLACK);
        painter.rect_stroke(
            rect,
            4.0,
            Stroke::new(1.0, Color32::GRAY),
            egui::StrokeKind::Inside,
        );
        let to_unit = |p: Pos2| {
            [
                f64::from((p.x - rect.left()) / rect.width()),
                f64::from((p.y - rect.top()) / rect.height()),
            ]
        };
        if response.drag_started() {
            self.strokes.push(Vec::new());
        }
        if response.dragged()
            && let (Some(p), Some(stroke)) =
                (response.interact_pointer_pos(), self.strokes.last_mut())
        {
            stroke.push(to_unit(p));
            self.image = digit::mnist_image(&self.strokes, BRUSH);
            self.changed = true;
        }
        let width = BRUSH as f32 * 2.0 * side;
        for stroke in &self.strokes {
            let pts: Vec<Pos2> = stroke
                .iter()
                .map(|p| {
                    rect.left_top() + vec2(p[0] as f32 * rect.width(), p[1] as f32 * rect.height())
                })
                .collect();
            if let [only] = pts.as_slice() {
                painter.circle_filled(*only, width / 2.0, Color32::WHITE);
            }
            painter.add(egui::Shape::line(pts, Stroke::new(width, Color32::WHITE)));
        }
        if self.strokes.is_empty() {
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "draw a digit",
                egui::FontId::proportional(18.0),
                Color32::GRAY,
            );
        }
    }
}
