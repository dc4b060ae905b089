//! The colours every picture uses, named for what they show, and the rules that adapt them
//! (outlines under paths, contrast against a background). GUI-free so the app and the exported
//! frames and handouts draw with the same values; the ui turns them into its own colour type.

/// An opaque sRGB colour.
pub type Rgb = [u8; 3];

// Okabe–Ito: distinguishable with the common colour-vision deficiencies.
pub const ORANGE: Rgb = [0xE6, 0x9F, 0x00];
pub const SKY_BLUE: Rgb = [0x56, 0xB4, 0xE9];
/// Okabe–Ito's bluish green.
pub const GREEN: Rgb = [0x00, 0x9E, 0x73];
pub const YELLOW: Rgb = [0xF0, 0xE4, 0x42];
pub const BLUE: Rgb = [0x00, 0x72, 0xB2];
pub const VERMILLION: Rgb = [0xD5, 0x5E, 0x00];
/// Okabe–Ito's reddish purple.
pub const PURPLE: Rgb = [0xCC, 0x79, 0xA7];
pub const WHITE: Rgb = [0xFF, 0xFF, 0xFF];
pub const BLACK: Rgb = [0, 0, 0];
pub const GREY: Rgb = [0x99, 0x99, 0x99];
pub const BROWN: Rgb = [0x8B, 0x45, 0x13];
/// From Paul Tol's light scheme, for an eleventh racer.
pub const LIME: Rgb = [0xBB, 0xCC, 0x33];
/// "diverged", "wrong guess": a red that reads on the dark theme.
pub const ALARM_RED: Rgb = [255, 90, 90];

/// The racers' colours, in `OptimizerKind::ALL` order: Okabe–Ito first, then extras.
pub const OPTIMIZERS: [Rgb; 11] = [
    ORANGE, SKY_BLUE, GREEN, YELLOW, BLUE, VERMILLION, PURPLE, WHITE, GREY, BROWN, LIME,
];

/// The rim drawn under a coloured path so it stays visible on any part of the colormap.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outline {
    pub rgb: Rgb,
    /// Opacity in 0..=1.
    pub alpha: f32,
}

/// A dark, slightly see-through rim, except a light one under very dark paths.
pub fn outline(path: Rgb) -> Outline {
    let luma = 0.299 * f32::from(path[0]) + 0.587 * f32::from(path[1]) + 0.114 * f32::from(path[2]);
    if luma < 60.0 {
        Outline {
            rgb: [235, 235, 235],
            alpha: 1.0,
        }
    } else {
        Outline {
            rgb: BLACK,
            alpha: 200.0 / 255.0,
        }
    }
}

/// WCAG 2 relative luminance of an sRGB colour.
pub fn relative_luminance(c: Rgb) -> f32 {
    let channel = |v: u8| {
        let s = f32::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])
}

/// WCAG 2 contrast ratio, 1 (none) to 21 (black on white).
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f32 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Whether a background is light enough that text on it should be dark.
pub fn is_light(background: Rgb) -> bool {
    relative_luminance(background) > 0.18
}

/// `color` itself when it reaches `target` contrast against `background`; else mixed towards
/// black (on a light background) or white (on a dark one), in twentieths, until it does. The
/// hue stays close, so a series keeps its identity in both themes.
pub fn readable_on(color: Rgb, background: Rgb, target: f32) -> Rgb {
    if contrast_ratio(color, background) >= target {
        return color;
    }
    let toward = if is_light(background) { BLACK } else { WHITE };
    (1..=20)
        .map(|i| mix(color, toward, i as f32 / 20.0))
        .find(|c| contrast_ratio(*c, background) >= target)
        .unwrap_or(toward)
}

/// `a` moved a fraction `t` of the way to `b`, per channel.
pub fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    let m = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    [m(a[0], b[0]), m(a[1], b[1]), m(a[2], b[2])]
}
