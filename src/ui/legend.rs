//! Legends where the data is not (#17): the corner of the plot with the fewest points.

use egui_plot::{Corner, Legend};

/// Share of the plot's width and height a legend box is taken to cover.
const BOX: [f64; 2] = [0.4, 0.45];

/// The corner whose legend-sized box holds the fewest of `points` (the data's own bounds, widened
/// by `include`, are the plot's); ties go to the top right, then top left.
pub fn emptiest_corner(points: &[[f64; 2]], include: &[[f64; 2]]) -> Corner {
    let all = || {
        points
            .iter()
            .chain(include)
            .filter(|p| p[0].is_finite() && p[1].is_finite())
    };
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for p in all() {
        for i in 0..2 {
            lo[i] = lo[i].min(p[i]);
            hi[i] = hi[i].max(p[i]);
        }
    }
    if !(lo[0] < hi[0] && lo[1] < hi[1]) {
        return Corner::RightTop;
    }
    let count = |right: bool, top: bool| {
        points
            .iter()
            .filter(|p| {
                let fx = (p[0] - lo[0]) / (hi[0] - lo[0]);
                let fy = (p[1] - lo[1]) / (hi[1] - lo[1]);
                let in_x = if right {
                    fx >= 1.0 - BOX[0]
                } else {
                    fx <= BOX[0]
                };
                let in_y = if top {
                    fy >= 1.0 - BOX[1]
                } else {
                    fy <= BOX[1]
                };
                in_x && in_y
            })
            .count()
    };
    [
        (Corner::RightTop, count(true, true)),
        (Corner::LeftTop, count(false, true)),
        (Corner::RightBottom, count(true, false)),
        (Corner::LeftBottom, count(false, false)),
    ]
    .into_iter()
    .min_by_key(|(_, n)| *n)
    .map_or(Corner::RightTop, |(corner, _)| corner)
}

/// A legend in the emptiest corner, mostly opaque so a stray point under it does not confuse.
pub fn legend_for(points: &[[f64; 2]], include: &[[f64; 2]]) -> Legend {
    Legend::default()
        .position(emptiest_corner(points, include))
        .background_alpha(0.85)
}

/// A legend as one wrapped row of line samples and names, for plots too short to hold one
/// inside without covering most of their data.
pub fn legend_row_ui(ui: &mut egui::Ui, entries: &[(String, egui::Color32)]) {
    ui.horizontal_wrapped(|ui| {
        for (name, color) in entries {
            let size = egui::vec2(24.0, ui.text_style_height(&egui::TextStyle::Body));
            let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
            let y = rect.center().y;
            ui.painter().line_segment(
                [egui::pos2(rect.left(), y), egui::pos2(rect.right(), y)],
                egui::Stroke::new(3.0, *color),
            );
            ui.label(name);
            ui.add_space(12.0);
        }
    });
}
