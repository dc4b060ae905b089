//! Series colours that read on both themes (#17): the light theme drew white and yellow series
//! on white. One function picks each colour's variant for the background it is drawn on.

use egui::Color32;

/// Aimed above WCAG's 3:1 for graphics: projectors wash colours out.
const TARGET: f32 = 4.0;

/// Colours of the figures' series (Okabe–Ito, as the optimizers'), named for what they show.
pub const SKY_BLUE: Color32 = Color32::from_rgb(0x56, 0xB4, 0xE9);
pub const ORANGE: Color32 = Color32::from_rgb(0xE6, 0x9F, 0x00);
pub const VERMILLION: Color32 = Color32::from_rgb(0xD5, 0x5E, 0x00);
pub const GREEN: Color32 = Color32::from_rgb(0x00, 0x9E, 0x73);
pub const PURPLE: Color32 = Color32::from_rgb(0xCC, 0x79, 0xA7);
pub const YELLOW: Color32 = Color32::from_rgb(0xF0, 0xE4, 0x42);
pub const GREY: Color32 = Color32::from_rgb(0x99, 0x99, 0x99);
/// The theme's ink: white on dark, turned dark on light.
pub const INK: Color32 = Color32::WHITE;

/// Every fixed series colour the figures use, for the contrast test.
pub const SERIES: [Color32; 8] = [
    SKY_BLUE, ORANGE, VERMILLION, GREEN, PURPLE, YELLOW, GREY, INK,
];

/// WCAG 2 relative luminance of an sRGB colour.
pub fn relative_luminance(c: Color32) -> f32 {
    let channel = |v: u8| {
        let s = f32::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

pub fn contrast_ratio(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `color` itself when it stands out from `background`; else mixed towards black (on a light
/// background) or white (on a dark one), in small steps, until it does. Hue stays close.
pub fn readable_on(color: Color32, background: Color32) -> Color32 {
    if contrast_ratio(color, background) >= TARGET {
        return color;
    }
    let toward = if relative_luminance(background) > 0.18 {
        Color32::BLACK
    } else {
        Color32::WHITE
    };
    (1..=20)
        .map(|i| lerp(color, toward, i as f32 / 20.0))
        .find(|c| contrast_ratio(*c, background) >= TARGET)
        .unwrap_or(toward)
}

fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}

/// The background plots are drawn on in a theme (egui_plot fills with `extreme_bg_color`).
pub fn plot_background(visuals: &egui::Visuals) -> Color32 {
    visuals.extreme_bg_color
}

/// A series colour as drawn on this ui's plots.
pub fn series(ui: &egui::Ui, color: Color32) -> Color32 {
    readable_on(color, plot_background(ui.visuals()))
}
