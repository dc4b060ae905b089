//! Anti-aliased thick shapes for the export frames.
//!
//! imageproc's anti-aliased lines are one pixel wide and its circles are aliased, but a frame
//! shown on a projector needs thick, smooth strokes. Shapes are first accumulated as coverage in
//! a [`Mask`] (taking the maximum, so the overlapping joints of a polyline are not painted twice
//! and a translucent stroke stays evenly translucent), then the mask is painted once in a colour.

use image::RgbaImage;

/// A pixel rectangle `[x0, x1) × [y0, y1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PxRect {
    pub x0: u32,
    pub y0: u32,
    pub x1: u32,
    pub y1: u32,
}

impl PxRect {
    pub fn width(&self) -> u32 {
        self.x1.saturating_sub(self.x0)
    }

    pub fn height(&self) -> u32 {
        self.y1.saturating_sub(self.y0)
    }

    pub fn contains(&self, p: [f32; 2]) -> bool {
        (self.x0 as f32..=self.x1 as f32).contains(&p[0])
            && (self.y0 as f32..=self.y1 as f32).contains(&p[1])
    }
}

/// Coverage in [0, 1] per pixel of an image, limited to a clip rectangle.
pub struct Mask {
    width: u32,
    clip: PxRect,
    coverage: Vec<f32>,
    /// The part of the mask that holds anything, so painting and clearing stay local.
    dirty: Option<PxRect>,
}

impl Mask {
    pub fn new(width: u32, height: u32, clip: PxRect) -> Self {
        let mut mask = Self {
            width,
            clip,
            coverage: vec![0.0; width as usize * height as usize],
            dirty: None,
        };
        mask.set_clip(clip);
        mask
    }

    /// Limits later shapes to `clip` (within the image).
    pub fn set_clip(&mut self, clip: PxRect) {
        let height = (self.coverage.len() / self.width.max(1) as usize) as u32;
        self.clip = PxRect {
            x0: clip.x0.min(self.width),
            y0: clip.y0.min(height),
            x1: clip.x1.min(self.width),
            y1: clip.y1.min(height),
        };
    }

    /// Pixels whose centres lie within `reach` of the box spanned by `lo`..`hi`, clipped.
    fn area(&self, lo: [f32; 2], hi: [f32; 2], reach: f32) -> Option<PxRect> {
        let c = self.clip;
        let clamp = |v: f32, min: u32, max: u32| -> u32 {
            if v.is_nan() {
                min
            } else {
                v.clamp(min as f32, max as f32) as u32
            }
        };
        let r = PxRect {
            x0: clamp((lo[0] - reach).floor(), c.x0, c.x1),
            y0: clamp((lo[1] - reach).floor(), c.y0, c.y1),
            x1: clamp((hi[0] + reach).ceil() + 1.0, c.x0, c.x1),
            y1: clamp((hi[1] + reach).ceil() + 1.0, c.y0, c.y1),
        };
        (r.width() > 0 && r.height() > 0).then_some(r)
    }

    /// Sets coverage `f(pixel centre)` over `r`, keeping the larger of old and new.
    fn fill(&mut self, r: PxRect, f: impl Fn([f32; 2]) -> f32) {
        for y in r.y0..r.y1 {
            let row = y as usize * self.width as usize;
            for x in r.x0..r.x1 {
                let cov = f([x as f32 + 0.5, y as f32 + 0.5]);
                if cov > 0.0 {
                    let cell = &mut self.coverage[row + x as usize];
                    *cell = cell.max(cov.min(1.0));
                }
            }
        }
        self.dirty = Some(match self.dirty {
            None => r,
            Some(d) => PxRect {
                x0: d.x0.min(r.x0),
                y0: d.y0.min(r.y0),
                x1: d.x1.max(r.x1),
                y1: d.y1.max(r.y1),
            },
        });
    }

    /// A segment of half-width `radius` with round caps.
    pub fn segment(&mut self, a: [f32; 2], b: [f32; 2], radius: f32) {
        if !(a.iter().chain(&b).all(|v| v.is_finite()) && radius > 0.0) {
            return;
        }
        let lo = [a[0].min(b[0]), a[1].min(b[1])];
        let hi = [a[0].max(b[0]), a[1].max(b[1])];
        let Some(r) = self.area(lo, hi, radius + 1.0) else {
            return;
        };
        let d = [b[0] - a[0], b[1] - a[1]];
        let len2 = d[0] * d[0] + d[1] * d[1];
        self.fill(r, |p| {
            let ap = [p[0] - a[0], p[1] - a[1]];
            let t = if len2 > 0.0 {
                ((ap[0] * d[0] + ap[1] * d[1]) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let dist = (ap[0] - t * d[0]).hypot(ap[1] - t * d[1]);
            radius + 0.5 - dist
        });
    }

    pub fn polyline(&mut self, points: &[[f32; 2]], radius: f32) {
        match points {
            [single] => self.disc(*single, radius),
            _ => {
                for pair in points.windows(2) {
                    self.segment(pair[0], pair[1], radius);
                }
            }
        }
    }

    pub fn disc(&mut self, c: [f32; 2], radius: f32) {
        self.segment(c, c, radius);
    }

    /// A square standing on its corner, `radius` from centre to corner.
    pub fn diamond(&mut self, c: [f32; 2], radius: f32) {
        if !(c.iter().all(|v| v.is_finite()) && radius > 0.0) {
            return;
        }
        let Some(r) = self.area(c, c, radius + 1.0) else {
            return;
        };
        self.fill(r, |p| {
            // Signed distance to the nearest edge (exact along the edges).
            let l1 = (p[0] - c[0]).abs() + (p[1] - c[1]).abs();
            0.5 - (l1 - radius) * std::f32::consts::FRAC_1_SQRT_2
        });
    }

    /// Blends `rgb` at `alpha` × coverage onto the image and clears the mask.
    pub fn paint(&mut self, img: &mut RgbaImage, rgb: [u8; 3], alpha: f32) {
        let Some(r) = self.dirty.take() else {
            return;
        };
        for y in r.y0..r.y1 {
            let row = y as usize * self.width as usize;
            for x in r.x0..r.x1 {
                let cell = &mut self.coverage[row + x as usize];
                let a = *cell * alpha;
                *cell = 0.0;
                if a > 0.0
                    && let Some(px) = img.get_pixel_mut_checked(x, y)
                {
                    blend(&mut px.0, rgb, a);
                }
            }
        }
    }
}

/// `dst ← dst·(1−a) + rgb·a` on an opaque pixel.
pub fn blend(dst: &mut [u8; 4], rgb: [u8; 3], a: f32) {
    let a = a.clamp(0.0, 1.0);
    for (d, s) in dst.iter_mut().zip(rgb) {
        *d = (f32::from(*d) * (1.0 - a) + f32::from(s) * a).round() as u8;
    }
    dst[3] = 255;
}

/// A translucent filled rectangle (panels behind text).
pub fn fill_rect(img: &mut RgbaImage, r: PxRect, rgb: [u8; 3], alpha: f32) {
    for y in r.y0..r.y1.min(img.height()) {
        for x in r.x0..r.x1.min(img.width()) {
            blend(&mut img.get_pixel_mut(x, y).0, rgb, alpha);
        }
    }
}
