//! Small image views for the MNIST tab: hidden units' weights, digits, the confusion matrix.

use egui::{Color32, ColorImage, Rect, Sense, TextureHandle, TextureOptions, Vec2, pos2, vec2};

use crate::core::mnist::SIDE;

/// A 28x28 greyscale digit (0 = black background, as MNIST) as an image.
pub fn digit_image(pixels: &[u8]) -> ColorImage {
    let rgba: Vec<Color32> = (0..SIDE * SIDE)
        .map(|i| Color32::from_gray(pixels.get(i).copied().unwrap_or(0)))
        .collect();
    ColorImage::new([SIDE, SIDE], rgba)
}

/// Incoming weights of one hidden unit: blue negative, red positive, scaled by the largest
/// magnitude among all units so units can be compared with each other.
pub fn weight_image(weights: &[f32], max_abs: f32) -> ColorImage {
    let scale = if max_abs > 0.0 { 1.0 / max_abs } else { 0.0 };
    let rgba: Vec<Color32> = (0..SIDE * SIDE)
        .map(|i| {
            let w = weights.get(i).copied().unwrap_or(0.0) * scale;
            let t = (w.abs().min(1.0) * 255.0) as u8;
            if w >= 0.0 {
                Color32::from_rgb(255, 255 - t, 255 - t)
            } else {
                Color32::from_rgb(255 - t, 255 - t, 255)
            }
        })
        .collect();
    ColorImage::new([SIDE, SIDE], rgba)
}

/// Keeps a texture per slot and re-uploads only when told the content changed.
#[derive(Default)]
pub struct Textures {
    slots: Vec<TextureHandle>,
}

impl Textures {
    pub fn set(&mut self, ctx: &egui::Context, index: usize, image: ColorImage) {
        if let Some(t) = self.slots.get_mut(index) {
            t.set(image, TextureOptions::NEAREST);
        } else {
            let t = ctx.load_texture(format!("mnist_img_{index}"), image, TextureOptions::NEAREST);
            self.slots.push(t);
        }
    }

    pub fn get(&self, index: usize) -> Option<&TextureHandle> {
        self.slots.get(index)
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}

/// Confusion matrix `[label][prediction]`, cells shaded by row-normalised count.
pub fn confusion_ui(ui: &mut egui::Ui, matrix: &[[u32; 10]; 10]) {
    let cell = ((ui.available_width() - 30.0) / 11.0)
        .min((ui.available_height() - 8.0) / 11.0)
        .clamp(16.0, 44.0);
    let size = vec2(cell * 11.0, cell * 11.0);
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    let painter = ui.painter_at(rect);
    let text = ui.visuals().text_color();
    let font = egui::FontId::proportional((cell * 0.42).clamp(10.0, 18.0));
    let at = |col: usize, row: usize| {
        Rect::from_min_size(
            pos2(
                rect.left() + col as f32 * cell,
                rect.top() + row as f32 * cell,
            ),
            Vec2::splat(cell),
        )
    };
    for d in 0..10 {
        painter.text(
            at(d + 1, 0).center(),
            egui::Align2::CENTER_CENTER,
            d.to_string(),
            font.clone(),
            text,
        );
        painter.text(
            at(0, d + 1).center(),
            egui::Align2::CENTER_CENTER,
            d.to_string(),
            font.clone(),
            text,
        );
    }
    for (label, row) in matrix.iter().enumerate() {
        let total = row.iter().sum::<u32>().max(1) as f32;
        for (pred, &count) in row.iter().enumerate() {
            let share = count as f32 / total;
            let base = if label == pred {
                crate::ui::palette::GREEN
            } else {
                crate::ui::palette::VERMILLION
            };
            let fill = base.gamma_multiply(share.sqrt());
            let r = at(pred + 1, label + 1).shrink(1.0);
            painter.rect_filled(r, 2.0, fill);
            if count > 0 {
                painter.text(
                    r.center(),
                    egui::Align2::CENTER_CENTER,
                    count.to_string(),
                    egui::FontId::proportional((cell * 0.32).clamp(8.0, 14.0)),
                    text,
                );
            }
        }
    }
}
