//! A surface sampled on a regular lattice: what the heatmaps and contour lines are made from.

use crate::core::surface::{Surface, ViewRect};

/// Values of a surface on a regular lattice covering `view`, endpoints included.
///
/// Row-major: `values[j * nx + i]` is the value at
/// (x_min + i·dx, y_min + j·dy), with row j = 0 at the bottom (y_min).
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    pub nx: usize,
    pub ny: usize,
    pub view: ViewRect,
    pub values: Vec<f64>,
}

impl Grid {
    pub fn sample(surface: &Surface, view: ViewRect, nx: usize, ny: usize) -> Grid {
        let dx = step(view.x_min, view.x_max, nx);
        let dy = step(view.y_min, view.y_max, ny);
        // Regression on loaded data: O(1) per sample instead of a sum over up to 10,000 points.
        let quadratic = match surface {
            Surface::Regression(data) => Some(data.quadratic()),
            _ => None,
        };
        let mut values = Vec::with_capacity(nx * ny);
        for j in 0..ny {
            let y = view.y_min + j as f64 * dy;
            for i in 0..nx {
                let p = [view.x_min + i as f64 * dx, y];
                values.push(quadratic.map_or_else(|| surface.value(p), |q| q.value(p)));
            }
        }
        Grid {
            nx,
            ny,
            view,
            values,
        }
    }

    /// Smallest and largest finite value; (NaN, NaN) if there is none.
    pub fn min_max(&self) -> (f64, f64) {
        self.values
            .iter()
            .filter(|v| v.is_finite())
            .fold((f64::NAN, f64::NAN), |(lo, hi), &v| (lo.min(v), hi.max(v)))
    }

    /// Spacing between adjacent samples along x and y.
    pub fn spacing(&self) -> (f64, f64) {
        (
            step(self.view.x_min, self.view.x_max, self.nx),
            step(self.view.y_min, self.view.y_max, self.ny),
        )
    }

    /// The rectangle a heatmap of this grid covers when each of its pixels is centred on its
    /// sample: half a cell beyond the sampled view on every side (stretching the image over the
    /// view itself would misplace the edge pixels by half a cell).
    pub fn pixel_bounds(&self) -> ViewRect {
        let (dx, dy) = self.spacing();
        ViewRect {
            x_min: self.view.x_min - dx / 2.0,
            x_max: self.view.x_max + dx / 2.0,
            y_min: self.view.y_min - dy / 2.0,
            y_max: self.view.y_max + dy / 2.0,
        }
    }
}

/// Inclusive endpoints: n samples span n − 1 intervals. A single sample sits at `lo`.
fn step(lo: f64, hi: f64, n: usize) -> f64 {
    if n > 1 {
        (hi - lo) / (n - 1) as f64
    } else {
        0.0
    }
}
