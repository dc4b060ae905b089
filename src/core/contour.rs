//! Turning a surface into pictures: a sampled grid, contour levels, isolines (marching
//! squares via the `contour` crate) and a perceptual colour scale for the heatmap.

use contour::ContourBuilder;

use crate::core::surface::{Point, Surface, ViewRect};

mod grid;
pub use grid::Grid;

/// How many orders of magnitude a log scale shows at most. Beyond this the lowest levels
/// would be invisibly small rings around the minimum.
const LOG_DYNAMIC_RANGE: f64 = 1e6;

/// Log scale over [min, max]: values are shifted by `offset` and mapped geometrically
/// between `lo = min − offset` and `hi = max − offset`.
///
/// If min > 0 and max/min ≤ 10⁶ there is no shift (a true log scale). Otherwise (min ≤ 0,
/// or a huge ratio such as a grid that almost touches a zero minimum) the values are
/// shifted so that min maps to (max − min)/10⁶, i.e. the scale covers six decades above
/// the minimum.
struct LogMap {
    offset: f64,
    lo: f64,
    hi: f64,
}

impl LogMap {
    fn new(min: f64, max: f64) -> LogMap {
        let offset = if min > 0.0 && max / min <= LOG_DYNAMIC_RANGE {
            0.0
        } else {
            min - (max - min) / LOG_DYNAMIC_RANGE
        };
        LogMap {
            offset,
            lo: min - offset,
            hi: max - offset,
        }
    }

    /// Position of v in [0, 1] on the log scale (unclamped; −∞ below the shifted minimum).
    fn position(&self, v: f64) -> f64 {
        let shifted = v - self.offset;
        if shifted > 0.0 {
            (shifted / self.lo).ln() / (self.hi / self.lo).ln()
        } else {
            f64::NEG_INFINITY
        }
    }

    fn value_at(&self, t: f64) -> f64 {
        self.lo * (self.hi / self.lo).powf(t) + self.offset
    }
}

/// Level values for contour lines: log-spaced between min and max when `log`, else linear;
/// skips non-finite; returns ascending levels.
///
/// The `count` levels split [min, max] into `count + 1` equal steps (equal ratios of the
/// shifted values when `log`), so every level lies strictly inside the range and draws a
/// visible line. For `log`, values are shifted as described on [`LogMap`]: unshifted when
/// 0 < min and max/min ≤ 10⁶; otherwise min is mapped to (max − min)·10⁻⁶. If min == max
/// the single level `min` is returned; non-finite or reversed bounds give no levels.
pub fn levels(min: f64, max: f64, count: usize, log: bool) -> Vec<f64> {
    if count == 0 || !min.is_finite() || !max.is_finite() || min > max {
        return Vec::new();
    }
    if min == max {
        return vec![min];
    }
    let fraction = |k: usize| k as f64 / (count + 1) as f64;
    let mut out: Vec<f64> = if log {
        let map = LogMap::new(min, max);
        (1..=count).map(|k| map.value_at(fraction(k))).collect()
    } else {
        (1..=count)
            .map(|k| min + (max - min) * fraction(k))
            .collect()
    };
    out.retain(|v| v.is_finite());
    out.dedup();
    out
}

/// Isolines: for each level, polylines in plot coordinates (x,y), via the `contour` crate (marching squares; ContourBuilder::lines with x_origin/x_step etc.).
#[derive(Clone, Debug, PartialEq)]
pub struct Isoline {
    pub level: f64,
    pub lines: Vec<Vec<Point>>,
}

/// Contour lines of the grid at each level. Closed curves come back closed (first point ==
/// last point); curves leaving the grid are cut at its edge, since the `contour` crate would
/// otherwise close them along a border half a cell outside the data.
///
/// Non-finite samples are treated as the grid's finite maximum (divergent regions are "high").
/// A grid narrower than 2×2 has no cells and yields empty lines.
pub fn isolines(grid: &Grid, levels: &[f64]) -> Vec<Isoline> {
    let empty = || {
        levels
            .iter()
            .map(|&level| Isoline {
                level,
                lines: Vec::new(),
            })
            .collect()
    };
    if grid.nx < 2 || grid.ny < 2 || grid.values.len() != grid.nx * grid.ny {
        return empty();
    }
    let (lo, hi) = grid.min_max();
    let values: Vec<f64> = grid
        .values
        .iter()
        .map(|&v| match v {
            v if v.is_finite() => v,
            v if v == f64::NEG_INFINITY => lo,
            _ => hi,
        })
        .collect();
    let (dx, dy) = grid.spacing();
    // The crate puts sample i at cell coordinate i + 0.5.
    let builder = ContourBuilder::new(grid.nx, grid.ny, true)
        .x_origin(grid.view.x_min - 0.5 * dx)
        .y_origin(grid.view.y_min - 0.5 * dy)
        .x_step(dx)
        .y_step(dy);
    let Ok(lines) = builder.lines(&values, levels) else {
        return empty();
    };
    let inside = |p: &Point| {
        p[0] >= grid.view.x_min - 0.25 * dx
            && p[0] <= grid.view.x_max + 0.25 * dx
            && p[1] >= grid.view.y_min - 0.25 * dy
            && p[1] <= grid.view.y_max + 0.25 * dy
    };
    levels
        .iter()
        .zip(lines)
        .map(|(&level, line)| {
            let mut out = Vec::new();
            for ring in line.geometry().0.iter() {
                let pts: Vec<Point> = ring.0.iter().map(|c| [c.x, c.y]).collect();
                split_at_border(&pts, &inside, &mut out);
            }
            Isoline { level, lines: out }
        })
        .collect()
}

/// Keeps the runs of a closed ring that lie inside the grid, each as its own polyline.
fn split_at_border(ring: &[Point], inside: &impl Fn(&Point) -> bool, out: &mut Vec<Vec<Point>>) {
    let Some(first_out) = ring.iter().position(|p| !inside(p)) else {
        if ring.len() >= 2 {
            out.push(ring.to_vec());
        }
        return;
    };
    // The ring repeats its first point at the end; walk it once, starting outside, so no
    // inside run is split in two by the wrap-around.
    let n = if ring.len() > 1 && ring.first() == ring.last() {
        ring.len() - 1
    } else {
        ring.len()
    };
    let mut run: Vec<Point> = Vec::new();
    for k in 0..=n {
        let p = ring[(first_out + k) % n];
        if inside(&p) {
            run.push(p);
        } else if !run.is_empty() {
            if run.len() >= 2 {
                out.push(std::mem::take(&mut run));
            } else {
                run.clear();
            }
        }
    }
}

/// Map a value to a colour using a perceptual colormap (colorous::VIRIDIS or similar): t = normalised (log-normalised when `log`) position in [min,max].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ColorScale {
    pub min: f64,
    pub max: f64,
    pub log: bool,
}

impl ColorScale {
    pub fn for_grid(grid: &Grid, log: bool) -> Self {
        let (min, max) = grid.min_max();
        ColorScale { min, max, log }
    }

    /// Position of v in the scale, clamped to [0, 1]. NaN maps to 1 (drawn like the highest,
    /// divergent values); a degenerate scale (min ≥ max, or non-finite bounds) maps
    /// everything else to 0. Log scales use the same shift as [`levels`].
    pub fn normalise(&self, v: f64) -> f64 {
        if v.is_nan() {
            return 1.0;
        }
        if !(self.min.is_finite() && self.max.is_finite()) || self.min >= self.max {
            return 0.0;
        }
        let t = if self.log {
            LogMap::new(self.min, self.max).position(v)
        } else {
            (v - self.min) / (self.max - self.min)
        };
        if t.is_nan() { 1.0 } else { t.clamp(0.0, 1.0) }
    }

    /// Viridis colour of v.
    pub fn rgb(&self, v: f64) -> [u8; 3] {
        colormap(self.normalise(v))
    }

    /// Viridis colour of an already normalised position t ∈ [0, 1].
    pub fn rgb_at(&self, t: f64) -> [u8; 3] {
        colormap(t)
    }
}

fn colormap(t: f64) -> [u8; 3] {
    let c = colorous::VIRIDIS.eval_continuous(if t.is_nan() { 1.0 } else { t.clamp(0.0, 1.0) });
    [c.r, c.g, c.b]
}

/// RGBA pixels (nx*ny*4) for a heatmap image, TOP row first (image order, i.e. row y_max first).
/// Samples where the surface is undefined or infinite are holes: fully transparent.
pub fn heatmap_rgba(grid: &Grid, scale: &ColorScale) -> Vec<u8> {
    let mut rgba = Vec::with_capacity(grid.nx * grid.ny * 4);
    for j in (0..grid.ny).rev() {
        for i in 0..grid.nx {
            let v = grid
                .values
                .get(j * grid.nx + i)
                .copied()
                .unwrap_or(f64::NAN);
            if v.is_finite() {
                let [r, g, b] = scale.rgb(v);
                rgba.extend_from_slice(&[r, g, b, 255]);
            } else {
                rgba.extend_from_slice(&[0, 0, 0, 0]);
            }
        }
    }
    rgba
}

/// Douglas–Peucker simplification: drops points closer than `tolerance` to the polyline through
/// their neighbours. Marching squares emits a point per grid cell; most lie on straight-enough
/// stretches, and every point costs the UI tessellation work on every frame.
pub fn simplify(line: &[Point], tolerance: f64) -> Vec<Point> {
    if line.len() < 3 || tolerance.is_nan() || tolerance <= 0.0 {
        return line.to_vec();
    }
    let mut keep = vec![false; line.len()];
    keep[0] = true;
    keep[line.len() - 1] = true;
    let mut stack = vec![(0, line.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let (pa, pb) = (line[a], line[b]);
        let (dx, dy) = (pb[0] - pa[0], pb[1] - pa[1]);
        let len = dx.hypot(dy);
        let distance = |p: &Point| {
            if len == 0.0 {
                (p[0] - pa[0]).hypot(p[1] - pa[1])
            } else {
                ((p[0] - pa[0]) * dy - (p[1] - pa[1]) * dx).abs() / len
            }
        };
        let farthest = (a + 1..b)
            .map(|i| (i, distance(&line[i])))
            .max_by(|x, y| x.1.total_cmp(&y.1));
        if let Some((i, d)) = farthest
            && d > tolerance
        {
            keep[i] = true;
            stack.push((a, i));
            stack.push((i, b));
        }
    }
    line.iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

/// Number of contour levels.
pub const CONTOUR_LEVELS: usize = 16;

/// A 2-D function drawn as a map: its sampled grid, the colour scale, the heatmap pixels and the
/// contour lines. The Landscape tab's surface, the lessons' maps and the MNIST loss slice are all
/// drawn from one.
pub struct ContourMap {
    pub grid: Grid,
    pub scale: ColorScale,
    pub isolines: Vec<Isoline>,
    /// Heatmap pixels, top row first.
    pub rgba: Vec<u8>,
}

impl ContourMap {
    pub fn compute(surface: &Surface, view: ViewRect, size: usize) -> Self {
        let grid = Grid::sample(surface, view, size, size);
        let mut landscape = Self::from_grid(grid, surface.log_color());
        // A thousandth of the view is well under a pixel on any projector.
        let tolerance = 1e-3 * view.width().hypot(view.height());
        for iso in &mut landscape.isolines {
            for line in &mut iso.lines {
                *line = simplify(line, tolerance);
            }
        }
        landscape
    }

    /// Colours and `CONTOUR_LEVELS` contour lines of any sampled grid (the 2-D lab's
    /// surfaces, the MNIST loss slice), log-spaced when `log`.
    pub fn from_grid(grid: Grid, log: bool) -> Self {
        let scale = ColorScale::for_grid(&grid, log);
        let (min, max) = grid.min_max();
        let isolines = isolines(&grid, &levels(min, max, CONTOUR_LEVELS, log));
        let rgba = heatmap_rgba(&grid, &scale);
        Self {
            grid,
            scale,
            isolines,
            rgba,
        }
    }
}
