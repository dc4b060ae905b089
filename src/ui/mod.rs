//! Thin egui views: they draw the core's state and forward input to it.

pub mod anatomy_glyph;
pub mod combo;
pub mod contour_plot;
pub mod data_panel;
pub mod export_panel;
pub mod file_picker;
pub mod formula_box;
pub mod heatmap;
pub mod help;
pub mod landscape;
pub mod layout;
pub mod legend;
pub mod loss_plot;
pub mod mnist;
pub mod palette;
pub mod race_panel;
pub mod regression_plot;
pub mod schedule_controls;
pub mod slider;
pub mod surface3d;
pub mod tab;
pub mod timeline;
pub mod why_hard;

use egui::Color32;

/// How the racing paths are drawn: projector thickness, and hidden for "predict, then reveal".
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PathStyle {
    pub width_scale: f32,
    pub hidden: bool,
}

pub fn color32(rgb: [u8; 3]) -> Color32 {
    palette::rgb(rgb)
}

pub use palette::outline_color;

/// Formats a number compactly for readouts (scientific when tiny or huge).
pub fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e5).contains(&a) {
        format!("{v:.3e}")
    } else {
        format!("{v:.4}")
    }
}
