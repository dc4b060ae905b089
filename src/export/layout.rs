//! The look of an export frame: colours, fonts and where everything goes. The layout depends
//! only on the lab and the style, never on the step, so every frame of a GIF shares it.

use std::sync::LazyLock;

use ab_glyph::{FontRef, PxScale};
use image::{Rgba, RgbaImage};
use imageproc::drawing::{draw_text_mut, text_size};

use super::FrameStyle;
use super::raster::PxRect;
use crate::core::lab::Lab;
use crate::core::race::Trajectory;
use crate::core::surface::{Point, ViewRect};

pub(super) static FONT: LazyLock<Option<FontRef<'static>>> = LazyLock::new(|| {
    FontRef::try_from_slice(include_bytes!("../../assets/fonts/DejaVuSans.ttf")).ok()
});

pub(super) use crate::core::palette::{ALARM_RED as DIVERGED_RED, BLACK, WHITE};
/// The app's contour lines: white at alpha 110.
pub(super) const CONTOUR_ALPHA: f32 = 110.0 / 255.0;
/// Reserved width for the legend's loss line, so the panel does not resize between frames.
const WIDEST_LOSS: &str = "loss −0.0001234";

pub(super) struct Theme {
    pub(super) chrome: [u8; 3],
    pub(super) text: [u8; 3],
    pub(super) muted: [u8; 3],
    /// "diverged" in the legend: the app's red, darker on white to keep its contrast.
    pub(super) alarm: [u8; 3],
}

pub(super) fn theme(dark: bool) -> Theme {
    if dark {
        Theme {
            chrome: [27, 27, 27],
            text: [240, 240, 240],
            muted: [175, 175, 175],
            alarm: DIVERGED_RED,
        }
    } else {
        Theme {
            chrome: [255, 255, 255],
            text: [25, 25, 25],
            muted: [90, 90, 90],
            alarm: [200, 30, 30],
        }
    }
}

/// The app's rule (one in core): a dark outline, except a light one under very dark paths.
pub(super) fn outline(rgb: [u8; 3]) -> ([u8; 3], f32) {
    let o = crate::core::palette::outline(rgb);
    (o.rgb, o.alpha)
}

/// Shown optimizers: (entry index, colour, trajectory).
pub(super) fn racers(lab: &Lab) -> Vec<(usize, [u8; 3], &Trajectory)> {
    lab.state
        .entries
        .iter()
        .zip(&lab.trajectories)
        .enumerate()
        .filter_map(|(i, (e, t))| match t {
            Some(t) if e.enabled => Some((i, e.color, t)),
            _ => None,
        })
        .collect()
}

pub(super) fn text_width(size: f32, s: &str) -> f32 {
    FONT.as_ref()
        .map_or(0.0, |f| text_size(PxScale::from(size), f, s).0 as f32)
}

/// Draws `s` with its top-left corner at (x, y); clipped to the image.
pub(super) fn text(img: &mut RgbaImage, rgb: [u8; 3], x: f32, y: f32, size: f32, s: &str) {
    if let Some(font) = FONT.as_ref() {
        let color = Rgba([rgb[0], rgb[1], rgb[2], 255]);
        let (x, y) = (x.round() as i32, y.round() as i32);
        draw_text_mut(img, color, x, y, PxScale::from(size), font, s);
    }
}

/// Text over the heatmap: a dark drop shadow keeps it readable on light colours.
pub(super) fn label(img: &mut RgbaImage, rgb: [u8; 3], x: f32, y: f32, size: f32, s: &str) {
    let d = (size / 14.0).max(1.0);
    text(img, BLACK, x + d, y + d, size, s);
    text(img, rgb, x, y, size, s);
}

/// Where everything goes.
pub(super) struct Layout {
    /// UI scale: 1 at 800×600.
    pub(super) s: f32,
    pub(super) bar: PxRect,
    pub(super) plot: PxRect,
    pub(super) panel: PxRect,
    pub(super) title_font: f32,
    pub(super) name_font: f32,
    pub(super) small_font: f32,
    pub(super) row: f32,
    pub(super) pad: f32,
    pub(super) swatch: f32,
}

impl Layout {
    pub(super) fn new(lab: &Lab, style: &FrameStyle) -> Self {
        let (w, h) = (style.width, style.height);
        let s = (w as f32 / 800.0).min(h as f32 / 600.0).max(0.25);
        let bar_h = ((40.0 * s).round() as u32).clamp(1, (h / 3).max(1)).min(h);
        let pad = 10.0 * s;
        let swatch = 30.0 * s;
        let mut name_font = 20.0 * s;
        let widest = racers(lab)
            .iter()
            .map(|&(i, _, t)| {
                let name = &lab.state.entries[i].label();
                let second = t
                    .status
                    .describe()
                    .unwrap_or_else(|| WIDEST_LOSS.to_owned());
                text_width(name_font, name).max(text_width(0.75 * name_font, &second))
            })
            .fold(0.0, f32::max);
        let panel_w = ((widest + swatch + 3.0 * pad).ceil() as u32).min(w * 2 / 5);
        let plot = PxRect {
            x0: 0,
            y0: bar_h,
            x1: w - panel_w,
            y1: h,
        };
        // Many optimizers on a short frame: shrink the rows rather than run off the bottom.
        let count = racers(lab).len().max(1) as f32;
        let mut row = 2.4 * name_font;
        let room = (plot.height() as f32 - 2.0 * pad).max(1.0);
        if row * count > room {
            row = room / count;
            name_font = row / 2.4;
        }
        Self {
            s,
            bar: PxRect {
                x0: 0,
                y0: 0,
                x1: w,
                y1: bar_h,
            },
            panel: PxRect {
                x0: plot.x1,
                y0: bar_h,
                x1: w,
                y1: h,
            },
            plot,
            title_font: 0.65 * bar_h as f32,
            name_font,
            small_font: 0.75 * name_font,
            row,
            pad,
            swatch,
        }
    }

    /// Plane coordinates to pixels (y up in the plane, down in the image). Far-away points
    /// are clamped so that f32 arithmetic on them stays exact enough and finite.
    pub(super) fn to_px(&self, view: &ViewRect, q: Point) -> [f32; 2] {
        let p = self.plot;
        let fx = (q[0] - view.x_min) / view.width();
        let fy = (view.y_max - q[1]) / view.height();
        let x = f64::from(p.x0) + fx * f64::from(p.width());
        let y = f64::from(p.y0) + fy * f64::from(p.height());
        [x.clamp(-1e6, 1e6) as f32, y.clamp(-1e6, 1e6) as f32]
    }
}

/// Where a point of the plane lands in a frame (pixel coordinates, may lie outside the plot).
pub(super) fn point_to_pixel(lab: &Lab, style: &FrameStyle, p: Point) -> [f32; 2] {
    Layout::new(lab, style).to_px(&lab.state.view, p)
}
