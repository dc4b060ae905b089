//! Plain charts in the export look, for handout figures of tabs other than the landscape:
//! lines and dots on linear or log axes, and grouped bars on a log axis. Pixels only (image,
//! ab_glyph); the numbers come from core.

use image::RgbaImage;

use super::layout::{Theme, text, text_width};
use super::raster::{Mask, PxRect, fill_rect};

const FONT: f32 = 22.0;
const SMALL: f32 = 18.0;
const LINE_RADIUS: f32 = 2.2;
const DOT_RADIUS: f32 = 6.0;

/// Okabe–Ito colours: the app's plots use the same core palette.
pub use crate::core::palette::{GREEN, ORANGE, PURPLE, SKY_BLUE as SKY, VERMILLION};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Line,
    Dots,
}

/// Where the legend goes: the corner the data leave empty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Corner {
    #[default]
    TopRight,
    TopLeft,
    BottomRight,
    BottomLeft,
}

#[derive(Clone, Debug)]
pub struct Series {
    pub name: String,
    pub color: [u8; 3],
    pub mark: Mark,
    pub points: Vec<[f64; 2]>,
}

#[derive(Clone, Debug, Default)]
pub struct Chart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub log_y: bool,
    /// Fixed y range (in data units); None fits the data.
    pub y_range: Option<(f64, f64)>,
    pub series: Vec<Series>,
    pub legend: Corner,
    /// One unit as long on both axes (a map: a circle stays round); the axis with room to
    /// spare is widened about its middle. Linear axes only.
    pub equal_scale: bool,
}

/// Grouped bars: one group per label, one bar per series name, on a log axis (an exact 0 is
/// written as "0"; a group may have fewer values than names).
#[derive(Clone, Debug, Default)]
pub struct Bars {
    pub title: String,
    pub y_label: String,
    pub names: Vec<(String, [u8; 3])>,
    pub groups: Vec<(String, Vec<f64>)>,
    pub legend: Corner,
}

/// The plotting area inside `area`, leaving room for the title, tick labels and axis labels.
fn plot_rect(area: PxRect) -> PxRect {
    PxRect {
        x0: area.x0 + 110,
        y0: area.y0 + 84,
        x1: area.x1.saturating_sub(30),
        y1: area.y1.saturating_sub(80),
    }
}

struct Axis {
    lo: f64,
    hi: f64,
    log: bool,
}

impl Axis {
    fn fit(values: impl Iterator<Item = f64>, log: bool) -> Self {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values.filter(|v| v.is_finite() && (!log || *v > 0.0)) {
            let v = if log { v.log10() } else { v };
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if !lo.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        if hi - lo < 1e-12 {
            (lo, hi) = (lo - 0.5, hi + 0.5);
        }
        if log {
            (lo, hi) = (lo.floor(), hi.ceil());
        } else {
            let pad = 0.05 * (hi - lo);
            (lo, hi) = (lo - pad, hi + pad);
        }
        Self { lo, hi, log }
    }

    /// 0 at `lo`, 1 at `hi`; None for a value a log axis cannot show.
    fn unit(&self, v: f64) -> Option<f64> {
        let v = if self.log {
            (v > 0.0).then(|| v.log10())?
        } else {
            v
        };
        v.is_finite().then(|| (v - self.lo) / (self.hi - self.lo))
    }

    /// Tick positions (data units) and their labels.
    fn ticks(&self) -> Vec<(f64, String)> {
        if self.log {
            let (lo, hi) = (self.lo as i32, self.hi as i32);
            let every = ((hi - lo) / 6).max(1);
            return (lo..=hi)
                .step_by(every as usize)
                .map(|e| (10f64.powi(e), format!("1e{e}")))
                .collect();
        }
        let raw = (self.hi - self.lo) / 5.0;
        let mag = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|m| m * mag)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * mag);
        let first = (self.lo / step).ceil() as i64;
        let last = (self.hi / step).floor() as i64;
        (first..=last)
            .map(|i| {
                let v = i as f64 * step;
                let digits = (-step.log10().floor()).max(0.0) as usize;
                (v, format!("{v:.digits$}"))
            })
            .collect()
    }
}

fn frame(img: &mut RgbaImage, area: PxRect, plot: PxRect, theme: &Theme, title: &str, y: &str) {
    text(
        img,
        theme.text,
        area.x0 as f32 + 20.0,
        area.y0 as f32 + 12.0,
        FONT,
        title,
    );
    text(
        img,
        theme.muted,
        area.x0 as f32 + 20.0,
        plot.y0 as f32 - 32.0,
        SMALL,
        y,
    );
    let mut mask = Mask::new(img.width(), img.height(), area);
    let (x0, y0, x1, y1) = (
        plot.x0 as f32,
        plot.y0 as f32,
        plot.x1 as f32,
        plot.y1 as f32,
    );
    mask.polyline(&[[x0, y0], [x0, y1], [x1, y1]], 1.0);
    mask.paint(img, theme.muted, 1.0);
}

pub(super) fn draw_chart(img: &mut RgbaImage, area: PxRect, chart: &Chart, theme: &Theme) {
    let plot = plot_rect(area);
    frame(img, area, plot, theme, &chart.title, &chart.y_label);
    let all = || chart.series.iter().flat_map(|s| s.points.iter());
    let xs = Axis::fit(all().map(|p| p[0]), false);
    let ys = match chart.y_range {
        Some((lo, hi)) if chart.log_y => Axis {
            lo: lo.log10(),
            hi: hi.log10(),
            log: true,
        },
        Some((lo, hi)) => Axis { lo, hi, log: false },
        None => Axis::fit(all().map(|p| p[1]), chart.log_y),
    };
    let (w, h) = (plot.width() as f64, plot.height() as f64);
    let (mut xs, mut ys) = (xs, ys);
    if chart.equal_scale && !chart.log_y && w > 0.0 && h > 0.0 {
        let per_px = ((xs.hi - xs.lo) / w).max((ys.hi - ys.lo) / h);
        for (axis, px) in [(&mut xs, w), (&mut ys, h)] {
            let (mid, half) = ((axis.lo + axis.hi) / 2.0, per_px * px / 2.0);
            (axis.lo, axis.hi) = (mid - half, mid + half);
        }
    }
    let to_px = |p: [f64; 2]| -> Option<[f32; 2]> {
        let (u, v) = (xs.unit(p[0])?, ys.unit(p[1])?);
        Some([
            (plot.x0 as f64 + u * w) as f32,
            (plot.y1 as f64 - v * h) as f32,
        ])
    };
    let mut mask = Mask::new(img.width(), img.height(), area);
    y_grid(img, &mut mask, plot, &ys, theme);
    for (v, label) in xs.ticks() {
        let Some(u) = xs.unit(v) else { continue };
        let x = (plot.x0 as f64 + u * w) as f32;
        mask.segment([x, plot.y1 as f32], [x, plot.y1 as f32 + 6.0], 0.8);
        let left = x - text_width(SMALL, &label) / 2.0;
        text(img, theme.muted, left, plot.y1 as f32 + 10.0, SMALL, &label);
    }
    mask.paint(img, theme.muted, 0.5);
    let x_label_x = (plot.x0 + plot.x1) as f32 / 2.0 - text_width(SMALL, &chart.x_label) / 2.0;
    text(
        img,
        theme.muted,
        x_label_x,
        plot.y1 as f32 + 40.0,
        SMALL,
        &chart.x_label,
    );
    mask.set_clip(plot);
    for s in &chart.series {
        let px: Vec<[f32; 2]> = s.points.iter().filter_map(|&p| to_px(p)).collect();
        match s.mark {
            Mark::Line => mask.polyline(&px, LINE_RADIUS),
            Mark::Dots => px.iter().for_each(|&p| mask.disc(p, DOT_RADIUS)),
        }
        mask.paint(img, s.color, 1.0);
    }
    let names: Vec<_> = chart
        .series
        .iter()
        .map(|s| (s.name.clone(), s.color))
        .collect();
    legend(img, plot, &names, theme, chart.legend);
}

/// The y axis's gridlines into `mask` and its tick labels left of the plot.
fn y_grid(img: &mut RgbaImage, mask: &mut Mask, plot: PxRect, ys: &Axis, theme: &Theme) {
    let h = plot.height() as f64;
    for (v, label) in ys.ticks() {
        let Some(u) = ys.unit(v) else { continue };
        let y = (plot.y1 as f64 - u * h) as f32;
        mask.segment([plot.x0 as f32, y], [plot.x1 as f32, y], 0.4);
        let x = plot.x0 as f32 - 12.0 - text_width(SMALL, &label);
        text(img, theme.muted, x, y - SMALL / 2.0, SMALL, &label);
    }
}

pub(super) fn draw_bars(img: &mut RgbaImage, area: PxRect, bars: &Bars, theme: &Theme) {
    let plot = plot_rect(area);
    frame(img, area, plot, theme, &bars.title, &bars.y_label);
    let values = bars.groups.iter().flat_map(|(_, v)| v.iter().copied());
    // The smallest bar still shows: the axis starts a decade below it.
    let lowest = values
        .clone()
        .filter(|v| *v > 0.0)
        .fold(f64::INFINITY, f64::min);
    let ys = Axis::fit(values.chain([lowest / 10.0]), true);
    let h = plot.height() as f64;
    let mut mask = Mask::new(img.width(), img.height(), area);
    y_grid(img, &mut mask, plot, &ys, theme);
    mask.paint(img, theme.muted, 0.5);
    let groups = bars.groups.len().max(1) as u32;
    let slot = plot.width() / groups;
    let per = bars.names.len().max(1) as u32;
    let bar_w = (slot * 7 / 10) / per;
    for (g, (label, values)) in bars.groups.iter().enumerate() {
        let left = plot.x0 + g as u32 * slot + slot * 3 / 20;
        for (b, (&v, (_, color))) in values.iter().zip(&bars.names).enumerate() {
            let x0 = left + b as u32 * bar_w;
            // A log axis has no 0: an exact 0 is written where its bar would stand.
            if v == 0.0 {
                let x = x0 as f32 + (bar_w.saturating_sub(4) as f32 - text_width(FONT, "0")) / 2.0;
                text(img, theme.text, x, plot.y1 as f32 - FONT - 6.0, FONT, "0");
                continue;
            }
            let Some(u) = ys.unit(v) else { continue };
            let top = (plot.y1 as f64 - u.clamp(0.0, 1.0) * h) as u32;
            let r = PxRect {
                x0,
                y0: top,
                x1: x0 + bar_w.saturating_sub(4),
                y1: plot.y1,
            };
            fill_rect(img, r, *color, 1.0);
        }
        let x = (left + slot * 7 / 20) as f32 - text_width(SMALL, label) / 2.0;
        text(img, theme.muted, x, plot.y1 as f32 + 10.0, SMALL, label);
    }
    legend(img, plot, &bars.names, theme, bars.legend);
}

/// Names with their colours in the plot's top-right corner, on a panel.
fn legend(
    img: &mut RgbaImage,
    plot: PxRect,
    names: &[(String, [u8; 3])],
    theme: &Theme,
    corner: Corner,
) {
    if names.is_empty() {
        return;
    }
    let row = SMALL * 1.5;
    let widest = names
        .iter()
        .map(|(n, _)| text_width(SMALL, n))
        .fold(0.0, f32::max);
    let w = (widest + 60.0) as u32;
    let h = (row * names.len() as f32 + 16.0) as u32;
    let x0 = match corner {
        Corner::TopLeft | Corner::BottomLeft => plot.x0 + 10,
        Corner::TopRight | Corner::BottomRight => plot.x1.saturating_sub(w + 10),
    };
    let y0 = match corner {
        Corner::TopLeft | Corner::TopRight => plot.y0 + 10,
        Corner::BottomLeft | Corner::BottomRight => plot.y1.saturating_sub(h + 10),
    };
    let panel = PxRect {
        x0,
        y0,
        x1: x0 + w,
        y1: y0 + h,
    };
    fill_rect(img, panel, theme.chrome, 0.85);
    for (i, (name, color)) in names.iter().enumerate() {
        let y = panel.y0 as f32 + 8.0 + row * i as f32;
        let swatch = PxRect {
            x0: panel.x0 + 10,
            y0: (y + 4.0) as u32,
            x1: panel.x0 + 38,
            y1: (y + 4.0 + SMALL * 0.7) as u32,
        };
        fill_rect(img, swatch, *color, 1.0);
        text(img, theme.text, panel.x0 as f32 + 48.0, y, SMALL, name);
    }
}
