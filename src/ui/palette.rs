//! Series colours that read on both themes (#17): the light theme drew white and yellow series
//! on white. One function picks each colour's variant for the background it is drawn on.

use egui::Color32;

use crate::core::palette::{self as core, Rgb};

/// Aimed above WCAG's 3:1 for graphics: projectors wash colours out.
const TARGET: f32 = 4.0;

/// An egui colour of a core palette entry (const, so the named colours below stay constants).
pub const fn rgb(c: Rgb) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

fn to_rgb(c: Color32) -> Rgb {
    [c.r(), c.g(), c.b()]
}

/// Colours of the figures' series (Okabe–Ito, as the optimizers'), from the core palette the
/// exports use too.
pub const SKY_BLUE: Color32 = rgb(core::SKY_BLUE);
pub const ORANGE: Color32 = rgb(core::ORANGE);
pub const VERMILLION: Color32 = rgb(core::VERMILLION);
pub const GREEN: Color32 = rgb(core::GREEN);
pub const PURPLE: Color32 = rgb(core::PURPLE);
pub const YELLOW: Color32 = rgb(core::YELLOW);
pub const GREY: Color32 = rgb(core::GREY);
/// "diverged", a wrong guess.
pub const ALARM_RED: Color32 = rgb(core::ALARM_RED);
/// The theme's ink: white on dark, turned dark on light.
pub const INK: Color32 = Color32::WHITE;

/// Every fixed series colour the figures use, for the contrast test.
pub const SERIES: [Color32; 8] = [
    SKY_BLUE, ORANGE, VERMILLION, GREEN, PURPLE, YELLOW, GREY, INK,
];

/// WCAG 2 relative luminance of an (opaque) colour.
pub fn relative_luminance(c: Color32) -> f32 {
    core::relative_luminance(to_rgb(c))
}

pub fn contrast_ratio(a: Color32, b: Color32) -> f32 {
    core::contrast_ratio(to_rgb(a), to_rgb(b))
}

/// `color` itself when it stands out from `background`; else mixed towards black (on a light
/// background) or white (on a dark one), in small steps, until it does. Hue stays close.
pub fn readable_on(color: Color32, background: Color32) -> Color32 {
    rgb(core::readable_on(to_rgb(color), to_rgb(background), TARGET))
}

/// The rim under a coloured path (the core rule the exports draw with too).
pub fn outline_color(path: Rgb) -> Color32 {
    let o = core::outline(path);
    let alpha = (o.alpha * 255.0).round() as u8;
    Color32::from_rgba_unmultiplied(o.rgb[0], o.rgb[1], o.rgb[2], alpha)
}

/// The background plots are drawn on in a theme (egui_plot fills with `extreme_bg_color`).
pub fn plot_background(visuals: &egui::Visuals) -> Color32 {
    visuals.extreme_bg_color
}

/// A series colour as drawn on this ui's plots.
pub fn series(ui: &egui::Ui, color: Color32) -> Color32 {
    readable_on(color, plot_background(ui.visuals()))
}
