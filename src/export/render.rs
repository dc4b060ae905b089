//! One frame of the race as an image, in the look of the app's contour view (and of Radford's
//! animations): heatmap, translucent white contours, white diamond minima, coloured paths with a
//! dark outline and a head dot, a legend panel, a title bar with the step counter.
//!
//! Everything that does not move (heatmap, contours, minima, title, panel) is drawn once into a
//! background that every frame of a GIF copies; the layout therefore depends only on the lab and
//! the style, never on the step, so nothing shifts between frames.

use image::{Rgba, RgbaImage};

use super::FrameStyle;
use super::layout::{
    BLACK, CONTOUR_ALPHA, DIVERGED_RED, Layout, Theme, WHITE, label, outline, racers, text,
    text_width, theme,
};
use super::raster::{Mask, fill_rect};
use crate::core::lab::Lab;
use crate::core::race::Status;
use crate::core::surface::{PointKind, Surface};

/// Where the surface is undefined: a neutral mid grey, apart from every viridis colour.
const HOLE: [u8; 4] = [128, 128, 128, 255];

/// Fractional grid index `f` as (lower index, upper index, weight of the upper).
fn split(f: f64, n: usize) -> (usize, usize, f32) {
    let last = n.saturating_sub(1);
    if !f.is_finite() || last == 0 {
        return (0, 0, 0.0);
    }
    let f = f.clamp(0.0, last as f64);
    let i0 = f.floor() as usize;
    (i0, (i0 + 1).min(last), (f - i0 as f64) as f32)
}

/// Draws frames of one lab at one style; the static background is drawn once.
pub(super) struct Renderer<'a> {
    lab: &'a Lab,
    layout: Layout,
    theme: Theme,
    background: RgbaImage,
    mask: Mask,
}

impl<'a> Renderer<'a> {
    pub(super) fn new(lab: &'a Lab, style: &FrameStyle) -> Self {
        let layout = Layout::new(lab, style);
        let theme = theme(style.dark);
        let c = theme.chrome;
        let background =
            RgbaImage::from_pixel(style.width, style.height, Rgba([c[0], c[1], c[2], 255]));
        let mask = Mask::new(style.width, style.height, layout.plot);
        let mut r = Self {
            lab,
            layout,
            theme,
            background,
            mask,
        };
        let mut bg = std::mem::take(&mut r.background);
        r.heatmap(&mut bg);
        r.contours(&mut bg);
        r.known_points(&mut bg);
        r.title(&mut bg);
        r.background = bg;
        r
    }

    pub(super) fn frame(&mut self, step: usize) -> RgbaImage {
        let mut img = self.background.clone();
        let step = step.min(self.lab.state.max_steps);
        self.paths(&mut img, step);
        // Under the heads: a slow optimizer's head must not vanish beneath the start marker.
        self.start(&mut img);
        self.heads(&mut img, step);
        self.legend(&mut img, step);
        self.step_counter(&mut img, step);
        img
    }

    /// Flat colours of the frames, which a GIF palette must reproduce exactly.
    pub(super) fn key_colors(&self) -> Vec<[u8; 3]> {
        let t = &self.theme;
        let mut colors = vec![
            WHITE,
            BLACK,
            DIVERGED_RED,
            t.chrome,
            t.text,
            t.muted,
            t.alarm,
        ];
        for (_, color, _) in racers(self.lab) {
            colors.push(color);
            colors.push(outline(color).0);
        }
        colors
    }

    /// The landscape's heatmap resampled bilinearly onto the plot area.
    fn heatmap(&self, img: &mut RgbaImage) {
        let land = &self.lab.landscape;
        let (nx, ny) = (land.grid.nx, land.grid.ny);
        let plot = self.layout.plot;
        if nx == 0 || ny == 0 || land.rgba.len() != nx * ny * 4 {
            fill_rect(img, plot, [128, 128, 128], 1.0);
            return;
        }
        let (view, gv) = (self.lab.state.view, land.grid.view);
        // Grid samples sit on the view's edges (inclusive), and `rgba` is top row first.
        let cols: Vec<_> = (0..plot.width())
            .map(|i| {
                let x = view.x_min + (f64::from(i) + 0.5) / f64::from(plot.width()) * view.width();
                split((x - gv.x_min) / gv.width() * (nx - 1) as f64, nx)
            })
            .collect();
        for j in 0..plot.height() {
            let y = view.y_max - (f64::from(j) + 0.5) / f64::from(plot.height()) * view.height();
            let (r0, r1, ty) = split((gv.y_max - y) / gv.height() * (ny - 1) as f64, ny);
            for (i, &(c0, c1, tx)) in cols.iter().enumerate() {
                let at = |r: usize, c: usize, k: usize| f32::from(land.rgba[(r * nx + c) * 4 + k]);
                // A hole (undefined f) shows the page, as in the app.
                let nearest = (
                    if ty < 0.5 { r0 } else { r1 },
                    if tx < 0.5 { c0 } else { c1 },
                );
                if at(nearest.0, nearest.1, 3) == 0.0 {
                    img.put_pixel(plot.x0 + i as u32, plot.y0 + j, Rgba(HOLE));
                    continue;
                }
                let mut px = [0u8, 0, 0, 255];
                for (k, v) in px.iter_mut().take(3).enumerate() {
                    let top = at(r0, c0, k) * (1.0 - tx) + at(r0, c1, k) * tx;
                    let bottom = at(r1, c0, k) * (1.0 - tx) + at(r1, c1, k) * tx;
                    *v = (top * (1.0 - ty) + bottom * ty).round() as u8;
                }
                img.put_pixel(plot.x0 + i as u32, plot.y0 + j, Rgba(px));
            }
        }
    }

    fn contours(&mut self, img: &mut RgbaImage) {
        let radius = (0.8 * self.layout.s).max(0.6);
        let view = self.lab.state.view;
        for iso in &self.lab.landscape.isolines {
            for line in &iso.lines {
                let pts: Vec<[f32; 2]> =
                    line.iter().map(|&p| self.layout.to_px(&view, p)).collect();
                self.mask.polyline(&pts, radius);
            }
        }
        self.mask.paint(img, WHITE, CONTOUR_ALPHA);
    }

    /// White diamonds on minima, white crosses on saddles, each with a dark rim and a name.
    fn known_points(&mut self, img: &mut RgbaImage) {
        let s = self.layout.s;
        let view = self.lab.state.view;
        let regression = matches!(self.lab.state.surface, Surface::Regression(_));
        for known in self.lab.state.surface.known_points() {
            let c = self.layout.to_px(&view, known.position);
            if !self.layout.plot.contains(c) {
                continue;
            }
            let r = 9.0 * s;
            let name = match known.kind {
                PointKind::Saddle => {
                    let arm = 0.75 * r;
                    for (rim, width) in [(true, 2.6 * s), (false, 1.6 * s)] {
                        self.mask.segment(
                            [c[0] - arm, c[1] - arm],
                            [c[0] + arm, c[1] + arm],
                            width,
                        );
                        self.mask.segment(
                            [c[0] - arm, c[1] + arm],
                            [c[0] + arm, c[1] - arm],
                            width,
                        );
                        let (rgb, a) = if rim { (BLACK, 0.7) } else { (WHITE, 1.0) };
                        self.mask.paint(img, rgb, a);
                    }
                    "saddle"
                }
                kind => {
                    self.mask.diamond(c, r + 1.5 * s);
                    self.mask.paint(img, BLACK, 0.7);
                    self.mask.diamond(c, r);
                    self.mask.paint(img, WHITE, 1.0);
                    match kind {
                        _ if regression => "OLS minimum",
                        PointKind::LocalMinimum => "local min",
                        _ => "min",
                    }
                }
            };
            let size = self.layout.small_font;
            label(img, WHITE, c[0] + r + 3.0 * s, c[1] - r - size, size, name);
        }
    }

    fn title(&self, img: &mut RgbaImage) {
        let l = &self.layout;
        let size = l.title_font;
        let y = l.bar.y0 as f32 + (l.bar.height() as f32 - 1.17 * size) / 2.0;
        let name = self.lab.state.surface.title();
        text(img, self.theme.text, l.pad, y, size, &name);
    }

    fn step_counter(&self, img: &mut RgbaImage, step: usize) {
        let l = &self.layout;
        let size = l.title_font;
        let counter = format!("step {step} / {}", self.lab.state.max_steps);
        let x = l.bar.x1 as f32 - l.pad - text_width(size, &counter);
        let y = l.bar.y0 as f32 + (l.bar.height() as f32 - 1.17 * size) / 2.0;
        text(img, self.theme.text, x, y, size, &counter);
    }

    /// Path widths: ≥ 3 px core, so the race reads on a projector.
    fn stroke(&self) -> (f32, f32) {
        let core = (2.0 * self.layout.s).max(1.5);
        (core, core + (1.5 * self.layout.s).max(1.0))
    }

    /// Every path up to `step`: outline, then colour.
    fn paths(&mut self, img: &mut RgbaImage, step: usize) {
        let view = self.lab.state.view;
        let (core, rim) = self.stroke();
        let racers = racers(self.lab);
        for &(_, color, t) in &racers {
            let shown = (step + 1).min(t.points.len());
            let pts: Vec<[f32; 2]> = t.points[..shown]
                .iter()
                .map(|&p| self.layout.to_px(&view, p))
                .collect();
            let (rim_rgb, rim_alpha) = outline(color);
            self.mask.polyline(&pts, rim);
            self.mask.paint(img, rim_rgb, rim_alpha);
            self.mask.polyline(&pts, core);
            self.mask.paint(img, color, 1.0);
        }
    }

    fn heads(&mut self, img: &mut RgbaImage, step: usize) {
        let view = self.lab.state.view;
        let head_r = 7.0 * self.layout.s;
        for &(_, color, t) in &racers(self.lab) {
            let head = self.layout.to_px(&view, t.point_at(step));
            let (rim_rgb, rim_alpha) = outline(color);
            self.mask.disc(head, head_r + 2.0 * self.layout.s);
            self.mask.paint(img, rim_rgb, rim_alpha);
            self.mask.disc(head, head_r);
            self.mask.paint(img, color, 1.0);
            let flag = if t.in_hole() {
                "✖ hole"
            } else {
                "✖ diverged"
            };
            let flagged = t.diverged() || t.in_hole();
            if flagged && step >= t.steps() && self.layout.plot.contains(head) {
                let x = head[0] + head_r + 2.0 * self.layout.s;
                label(img, DIVERGED_RED, x, head[1], self.layout.small_font, flag);
            }
        }
    }

    fn start(&mut self, img: &mut RgbaImage) {
        let s = self.layout.s;
        let c = self
            .layout
            .to_px(&self.lab.state.view, self.lab.state.start);
        self.mask.disc(c, 9.0 * s);
        self.mask.paint(img, BLACK, 1.0);
        self.mask.disc(c, 6.0 * s);
        self.mask.paint(img, WHITE, 1.0);
        if self.layout.plot.contains(c) {
            let size = self.layout.small_font;
            let x = c[0] - 9.0 * s - text_width(size, "start ");
            label(img, WHITE, x, c[1] - 9.0 * s - size, size, "start");
        }
    }

    /// Colour swatch, name, and the current loss (or where it diverged) per optimizer.
    fn legend(&mut self, img: &mut RgbaImage, step: usize) {
        let l = &self.layout;
        let (panel, pad, swatch, row) = (l.panel, l.pad, l.swatch, l.row);
        let (name_font, small_font) = (l.name_font, l.small_font);
        let (core, rim) = self.stroke();
        self.mask.set_clip(panel);
        for (n, &(i, color, t)) in racers(self.lab).iter().enumerate() {
            let top = panel.y0 as f32 + pad + n as f32 * row;
            let x = panel.x0 as f32 + pad;
            let mid = top + 0.6 * name_font;
            let (rim_rgb, rim_alpha) = outline(color);
            self.mask.segment([x, mid], [x + swatch, mid], rim);
            self.mask.paint(img, rim_rgb, rim_alpha);
            self.mask.segment([x, mid], [x + swatch, mid], core);
            self.mask.paint(img, color, 1.0);
            let tx = x + swatch + pad;
            let name = &self.lab.state.entries[i].label();
            text(img, self.theme.text, tx, top, name_font, name);
            let second_y = top + 1.2 * name_font;
            match t.status.describe().filter(|_| step >= t.steps()) {
                Some(msg) => {
                    // Escaping down an unbounded surface is the lesson, not an alarm.
                    let color = match t.status {
                        Status::Escaped { .. } => self.theme.text,
                        _ => self.theme.alarm,
                    };
                    text(img, color, tx, second_y, small_font, &msg);
                }
                None => {
                    let msg = format!("loss {}", crate::core::format::loss(t.loss_at(step)));
                    text(img, self.theme.muted, tx, second_y, small_font, &msg);
                }
            }
        }
        self.mask.set_clip(self.layout.plot);
    }
}
