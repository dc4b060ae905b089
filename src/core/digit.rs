//! Turns a digit drawn with the mouse into the 28x28 image the network expects, prepared the
//! way MNIST's digits were: the ink's bounding box scaled to fit 20x20 (keeping its aspect
//! ratio, anti-aliased), then placed in the 28x28 frame so its centre of mass is the centre.

use super::mnist::{PIXELS, SIDE};

/// Side of the high-resolution raster strokes are painted on before downsampling.
const RASTER: usize = 112;
/// MNIST fits each digit's bounding box into a 20x20 box.
const BOX: f64 = 20.0;

/// A stroke: points in canvas coordinates (0..1 on both axes, y downwards).
pub type Stroke = Vec<[f64; 2]>;

/// Paints strokes with a round brush (radius as a fraction of the canvas) onto a square raster.
fn paint(strokes: &[Stroke], brush: f64) -> Vec<f64> {
    let mut ink = vec![0.0; RASTER * RASTER];
    let r = brush * RASTER as f64;
    let mut dab = |cx: f64, cy: f64| {
        let lo_x = (cx - r).floor().max(0.0) as usize;
        let hi_x = ((cx + r).ceil().max(0.0) as usize).min(RASTER - 1);
        let lo_y = (cy - r).floor().max(0.0) as usize;
        let hi_y = ((cy + r).ceil().max(0.0) as usize).min(RASTER - 1);
        for y in lo_y..=hi_y {
            for x in lo_x..=hi_x {
                let d = (x as f64 + 0.5 - cx).hypot(y as f64 + 0.5 - cy);
                // Soft edge one raster pixel wide, like a pen on paper.
                let v = (r + 0.5 - d).clamp(0.0, 1.0);
                if let Some(p) = ink.get_mut(y * RASTER + x) {
                    *p = f64::max(*p, v);
                }
            }
        }
    };
    for stroke in strokes {
        let scaled: Vec<[f64; 2]> = stroke
            .iter()
            .filter(|p| p.iter().all(|v| v.is_finite()))
            .map(|p| [p[0] * RASTER as f64, p[1] * RASTER as f64])
            .collect();
        if let [only] = scaled.as_slice() {
            dab(only[0], only[1]);
        }
        for pair in scaled.windows(2) {
            let [a, b] = [pair[0], pair[1]];
            let steps = ((b[0] - a[0]).hypot(b[1] - a[1]) / (0.5 * r.max(0.5)))
                .ceil()
                .max(1.0);
            for i in 0..=steps as usize {
                let t = i as f64 / steps;
                dab(a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]));
            }
        }
    }
    ink
}

/// The 28x28 u8 image (0 = background, 255 = ink) of the drawn digit; all zero if nothing was drawn.
pub fn mnist_image(strokes: &[Stroke], brush: f64) -> Vec<u8> {
    let ink = paint(strokes, brush);
    let mut out = vec![0.0f64; PIXELS];
    let inked = |i: &usize| ink.get(*i).is_some_and(|v| *v > 0.0);
    let rows: Vec<usize> = (0..RASTER)
        .filter(|y| (0..RASTER).any(|x| inked(&(y * RASTER + x))))
        .collect();
    let cols: Vec<usize> = (0..RASTER)
        .filter(|x| (0..RASTER).any(|y| inked(&(y * RASTER + x))))
        .collect();
    let (Some(&y0), Some(&y1), Some(&x0), Some(&x1)) =
        (rows.first(), rows.last(), cols.first(), cols.last())
    else {
        return vec![0; PIXELS];
    };
    let (w, h) = ((x1 - x0 + 1) as f64, (y1 - y0 + 1) as f64);
    let scale = BOX / w.max(h);
    // Area resampling: raster pixel (x, y) covers the square [x, x+1) × [y, y+1), which lands on
    // [sx, sx + scale) × [sy, sy + scale) in the 28x28 frame; its ink is shared among the target
    // pixels it overlaps, in proportion to the overlap. Each target pixel thus gets the mean ink
    // over its own area, whether the stroke is shrunk (many raster pixels per target) or
    // enlarged (one raster pixel spread over several targets, with no empty stripes between).
    let mut small = vec![0.0f64; PIXELS];
    for y in y0..=y1 {
        for x in x0..=x1 {
            let v = ink.get(y * RASTER + x).copied().unwrap_or(0.0);
            if v == 0.0 {
                continue;
            }
            let sx = (x - x0) as f64 * scale;
            let sy = (y - y0) as f64 * scale;
            for (iy, oy) in overlaps(sy, sy + scale) {
                for (ix, ox) in overlaps(sx, sx + scale) {
                    small[iy * SIDE + ix] += v * ox * oy;
                }
            }
        }
    }
    let total: f64 = small.iter().sum();
    let (mut cx, mut cy) = (0.0, 0.0);
    for (i, v) in small.iter().enumerate() {
        cx += (i % SIDE) as f64 * v;
        cy += (i / SIDE) as f64 * v;
    }
    let (cx, cy) = (cx / total, cy / total);
    let dx = (13.5 - cx).round() as isize;
    let dy = (13.5 - cy).round() as isize;
    for (i, v) in small.iter().enumerate() {
        let x = (i % SIDE) as isize + dx;
        let y = (i / SIDE) as isize + dy;
        if (0..SIDE as isize).contains(&x) && (0..SIDE as isize).contains(&y) {
            out[y as usize * SIDE + x as usize] = *v;
        }
    }
    let peak = out.iter().copied().fold(0.0, f64::max);
    out.iter()
        .map(|v| {
            if peak > 0.0 {
                (v / peak * 255.0).round() as u8
            } else {
                0
            }
        })
        .collect()
}

/// The target pixels (indices below `SIDE`) that the interval [a, b) overlaps, each with the
/// length of the overlap.
fn overlaps(a: f64, b: f64) -> impl Iterator<Item = (usize, f64)> {
    let first = a.floor().max(0.0) as usize;
    let last = (b.ceil().max(0.0) as usize).min(SIDE);
    (first..last).filter_map(move |i| {
        let len = b.min(i as f64 + 1.0) - a.max(i as f64);
        (len > 0.0).then_some((i, len))
    })
}
