//! The square with its 100 guesses and the cube with its 1,000, drawn with egui's painter. The
//! cube turns when dragged (orthographic, nearer guesses drawn larger and brighter).

use egui::{Color32, Pos2, Rect, Sense, Stroke, pos2, vec2};

use super::dimensions_panel::{DimensionsState, SEGMENTS};

/// Radians turned per point dragged.
pub const TURN_PER_POINT: f32 = 0.01;

const DOT: Color32 = crate::ui::palette::SKY_BLUE;

pub(super) fn square_ui(ui: &mut egui::Ui, s: &DimensionsState, side: f32) {
    let (response, painter) = ui.allocate_painter(vec2(side, side), Sense::hover());
    // Room for the axis names inside the square's own area.
    let rect = response.rect.shrink((side * 0.06).max(22.0));
    painter.rect_filled(response.rect, 4.0, ui.visuals().extreme_bg_color);
    let line = Stroke::new(1.5, ui.visuals().weak_text_color());
    let n = SEGMENTS as usize;
    for i in 0..=n {
        let t = i as f32 / n as f32;
        let x = rect.left() + t * rect.width();
        let y = rect.top() + t * rect.height();
        painter.line_segment([pos2(x, rect.top()), pos2(x, rect.bottom())], line);
        painter.line_segment([pos2(rect.left(), y), pos2(rect.right(), y)], line);
    }
    let color = crate::ui::palette::series(ui, DOT);
    let radius = (rect.width() / n as f32 * 0.18).max(2.0);
    for p in &s.square {
        if let [x, y] = p[..] {
            let at = pos2(
                rect.left() + x as f32 * rect.width(),
                rect.bottom() - y as f32 * rect.height(),
            );
            painter.circle_filled(at, radius, color);
        }
    }
    axis_labels(ui, &painter, rect, &["weight 1", "weight 2"]);
}

fn axis_labels(ui: &egui::Ui, painter: &egui::Painter, rect: Rect, names: &[&str]) {
    let font = egui::FontId::proportional(15.0);
    let color = ui.visuals().text_color();
    if let Some(x) = names.first() {
        painter.text(
            rect.center_bottom() + vec2(0.0, 2.0),
            egui::Align2::CENTER_TOP,
            *x,
            font.clone(),
            color,
        );
    }
    if let Some(y) = names.get(1) {
        painter.text(
            rect.left_top() - vec2(0.0, 2.0),
            egui::Align2::LEFT_BOTTOM,
            *y,
            font,
            color,
        );
    }
}

/// Rotation by yaw about the vertical, then pitch towards the viewer; returns (x, up, depth)
/// for a point of [−1, 1]³ (depth grows towards the viewer).
pub fn rotate(yaw: f32, pitch: f32, p: [f32; 3]) -> (f32, f32, f32) {
    let (s, c) = yaw.sin_cos();
    let x = p[0] * c - p[1] * s;
    let y = p[0] * s + p[1] * c;
    let (sp, cp) = pitch.sin_cos();
    let up = y * sp + p[2] * cp;
    let toward_viewer = -y * cp + p[2] * sp;
    (x, up, toward_viewer)
}

pub(super) fn cube_ui(ui: &mut egui::Ui, s: &mut DimensionsState, side: f32) {
    let (response, painter) = ui.allocate_painter(vec2(side, side), Sense::drag());
    if response.dragged() {
        let d = response.drag_delta();
        s.yaw -= d.x * TURN_PER_POINT;
        s.pitch = (s.pitch + d.y * TURN_PER_POINT).clamp(-1.5, 1.5);
    }
    let rect = response.rect;
    painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
    // The cube's diagonal (2√3) fits the square whatever the angle.
    let scale = 0.95 * side / (2.0 * 3f32.sqrt());
    let centre = rect.center();
    let (yaw, pitch) = (s.yaw, s.pitch);
    let screen = |p: [f32; 3]| -> (Pos2, f32) {
        let (x, up, depth) = rotate(yaw, pitch, p);
        (pos2(centre.x + x * scale, centre.y - up * scale), depth)
    };
    let edge = Stroke::new(2.0, ui.visuals().weak_text_color());
    for (a, b) in cube_edges() {
        painter.line_segment([screen(a).0, screen(b).0], edge);
    }
    let color = crate::ui::palette::series(ui, DOT);
    let bg = ui.visuals().extreme_bg_color;
    let mut dots: Vec<(Pos2, f32)> = s
        .cube
        .iter()
        .filter_map(|p| match p[..] {
            [x, y, z] => Some(screen([
                2.0 * x as f32 - 1.0,
                2.0 * y as f32 - 1.0,
                2.0 * z as f32 - 1.0,
            ])),
            _ => None,
        })
        .collect();
    // Far dots first, so near ones cover them.
    dots.sort_by(|a, b| a.1.total_cmp(&b.1));
    let base = (2.0 * scale / SEGMENTS as f32 * 0.14).max(1.5);
    for (at, depth) in dots {
        // depth ∈ [−√3, √3]: far dots fade into the background.
        let near = ((depth / 3f32.sqrt() + 1.0) / 2.0).clamp(0.0, 1.0);
        let tint = lerp(bg, color, 0.35 + 0.65 * near);
        painter.circle_filled(at, base * (0.75 + 0.5 * near), tint);
    }
    painter.text(
        rect.left_top() + vec2(6.0, 4.0),
        egui::Align2::LEFT_TOP,
        "drag to turn",
        egui::FontId::proportional(15.0),
        ui.visuals().weak_text_color(),
    );
}

fn cube_edges() -> Vec<([f32; 3], [f32; 3])> {
    let mut edges = Vec::with_capacity(12);
    for a in [-1.0f32, 1.0] {
        for b in [-1.0f32, 1.0] {
            edges.push(([-1.0, a, b], [1.0, a, b]));
            edges.push(([a, -1.0, b], [a, 1.0, b]));
            edges.push(([a, b, -1.0], [a, b, 1.0]));
        }
    }
    edges
}

fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}
