//! The climber in the dark: the chapter opens with someone descending a mountain at night who
//! sees only the patch lit by a flashlight. The class walks a surface that way, one step of a
//! chosen length in a chosen direction, and afterwards compares its walk with gradient descent
//! taking steps of the same lengths from the same start.
//!
//! The walk stays on the map: a step that would leave the view stops at its edge (the mountain's
//! edge), so both walks can always be drawn.

use super::contour::ContourMap;
use super::race;
use super::surface::{Point, Surface, SurfaceKind, ViewRect};

/// The lesson opens on this surface, from the race's usual start.
pub const LESSON_SURFACE: SurfaceKind = SurfaceKind::Himmelblau;
/// Lit radius and step length the lesson starts with, as fractions of the map's width: the lit
/// patch is a small part of the map, and a step stays inside it.
pub const LIT_SHARE: f64 = 0.12;
pub const STEP_SHARE: f64 = 0.06;

/// One walk: where it started, every point reached, the length of each step taken, and the
/// radius the flashlight lights around the current point.
#[derive(Clone, Debug, PartialEq)]
pub struct Climb {
    pub view: ViewRect,
    /// `path[0]` is the start; `path[i]` is where step i left the climber.
    pub path: Vec<Point>,
    /// Length asked for at each step (the same lengths drive the comparison walk).
    pub step_lengths: Vec<f64>,
    /// Radius of the lit disc, in the map's units.
    pub lit_radius: f64,
}

impl Climb {
    pub fn new(view: ViewRect, start: Point, lit_radius: f64) -> Self {
        Self {
            view,
            path: vec![clamp_to(view, start)],
            step_lengths: Vec::new(),
            lit_radius,
        }
    }

    /// The walk the lesson starts with on `surface`: the race's usual start, lit radius
    /// [`LIT_SHARE`] of the map's width, no step taken.
    pub fn lesson_start(surface: &Surface) -> Self {
        let view = surface.default_view();
        Self::new(
            view,
            race::default_start(surface.kind()),
            LIT_SHARE * view.width(),
        )
    }

    /// The step length the lesson starts with: [`STEP_SHARE`] of the map's width.
    pub fn lesson_step_length(&self) -> f64 {
        STEP_SHARE * self.view.width()
    }

    pub fn position(&self) -> Point {
        self.path.last().copied().unwrap_or(self.view.center())
    }

    pub fn start(&self) -> Point {
        self.path.first().copied().unwrap_or(self.view.center())
    }

    pub fn steps(&self) -> usize {
        self.step_lengths.len()
    }

    /// Takes a step of `length` from the current point towards `target` (any point in that
    /// direction, e.g. a click on the lit disc's rim). Returns false, and does nothing, when the
    /// direction is undefined (target on the point) or the length is not positive and finite.
    pub fn step_toward(&mut self, target: Point, length: f64) -> bool {
        let Some(d) = direction(self.position(), target) else {
            return false;
        };
        self.step_in(d, length)
    }

    /// A step of `length` along the unit vector `d`.
    pub fn step_in(&mut self, d: Point, length: f64) -> bool {
        if !(length.is_finite() && length > 0.0 && d[0].is_finite() && d[1].is_finite()) {
            return false;
        }
        let p = self.position();
        self.path.push(clamp_to(
            self.view,
            [p[0] + length * d[0], p[1] + length * d[1]],
        ));
        self.step_lengths.push(length);
        true
    }

    /// Up to `steps` steps of `length`, each the steepest way down from where the climber
    /// stands (what the slope arrow shows); stops early on flat ground. Returns the steps taken.
    pub fn descend(&mut self, surface: &Surface, length: f64, steps: usize) -> usize {
        let mut taken = 0;
        while taken < steps {
            let Some(d) = downhill(surface, self.position()) else {
                break;
            };
            if !self.step_in(d, length) {
                break;
            }
            taken += 1;
        }
        taken
    }

    /// Back to the start, every step forgotten.
    pub fn reset(&mut self) {
        let start = self.start();
        self.path = vec![start];
        self.step_lengths.clear();
    }

    /// Whether the flashlight reaches `p` (the disc's rim included).
    pub fn can_see(&self, p: Point) -> bool {
        distance(self.position(), p) <= self.lit_radius
    }

    /// Gradient descent from the same start with the same step lengths: each step goes the
    /// asked length along −∇f (steepest descent with a fixed step length), so it differs from
    /// the class's walk only in the directions chosen. Stops early where the gradient vanishes.
    pub fn descent_path(&self, surface: &Surface) -> Vec<Point> {
        let mut path = vec![self.start()];
        for &length in &self.step_lengths {
            let p = path.last().copied().unwrap_or(self.start());
            let Some(d) = downhill(surface, p) else { break };
            path.push(clamp_to(
                self.view,
                [p[0] + length * d[0], p[1] + length * d[1]],
            ));
        }
        path
    }
}

/// Height of the surface at `p`: the loss.
pub fn height(surface: &Surface, p: Point) -> f64 {
    surface.value(p)
}

/// Steepness at `p`: the length of the gradient ‖∇f(p)‖.
pub fn slope(surface: &Surface, p: Point) -> f64 {
    let g = surface.gradient(p);
    g[0].hypot(g[1])
}

/// The unit vector of steepest descent, −∇f/‖∇f‖; None on flat ground or a non-finite gradient.
pub fn downhill(surface: &Surface, p: Point) -> Option<Point> {
    let g = surface.gradient(p);
    direction([0.0, 0.0], [-g[0], -g[1]])
}

/// The unit vector from `from` towards `to`; None when they coincide or are not finite.
pub fn direction(from: Point, to: Point) -> Option<Point> {
    let (dx, dy) = (to[0] - from[0], to[1] - from[1]);
    let n = dx.hypot(dy);
    (n.is_finite() && n > 0.0).then(|| [dx / n, dy / n])
}

pub fn distance(a: Point, b: Point) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

fn clamp_to(view: ViewRect, p: Point) -> Point {
    [
        p[0].clamp(view.x_min, view.x_max),
        p[1].clamp(view.y_min, view.y_max),
    ]
}

/// The heat map as the class sees it: pixels whose centre the flashlight does not reach are
/// painted `night`, one flat colour (dimming the colours instead would still show where the
/// valleys are). Same layout as `ContourMap::rgba` (top row first).
pub fn lit_rgba(landscape: &ContourMap, centre: Point, radius: f64, night: [u8; 3]) -> Vec<u8> {
    let grid = &landscape.grid;
    let (dx, dy) = grid.spacing();
    let mut rgba = landscape.rgba.clone();
    for (index, pixel) in rgba.chunks_exact_mut(4).enumerate() {
        let (i, row) = (index % grid.nx.max(1), index / grid.nx.max(1));
        // Image rows run from y_max down.
        let j = grid.ny.saturating_sub(1).saturating_sub(row);
        let p = [
            grid.view.x_min + i as f64 * dx,
            grid.view.y_min + j as f64 * dy,
        ];
        if distance(p, centre) > radius {
            pixel[..3].copy_from_slice(&night);
        }
    }
    rgba
}

/// The parts of polylines that lie inside the disc: each line is cut where it leaves the disc
/// (at the crossing, found exactly), so contour lines end on the rim.
pub fn clip_to_disc(lines: &[Vec<Point>], centre: Point, radius: f64) -> Vec<Vec<Point>> {
    let inside = |p: Point| distance(p, centre) <= radius;
    let mut out = Vec::new();
    for line in lines {
        let mut current: Vec<Point> = Vec::new();
        for pair in line.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            match (inside(a), inside(b)) {
                (true, true) => {
                    if current.is_empty() {
                        current.push(a);
                    }
                    current.push(b);
                }
                (true, false) => {
                    if current.is_empty() {
                        current.push(a);
                    }
                    current.extend(crossings(a, b, centre, radius).last());
                    out.push(std::mem::take(&mut current));
                }
                (false, true) => {
                    current = crossings(a, b, centre, radius)
                        .first()
                        .into_iter()
                        .copied()
                        .collect();
                    current.push(b);
                }
                (false, false) => {
                    let c = crossings(a, b, centre, radius);
                    if c.len() == 2 {
                        out.push(c);
                    }
                }
            }
        }
        if current.len() > 1 {
            out.push(current);
        }
    }
    out.retain(|l| l.len() > 1);
    out
}

/// Where the segment a→b crosses the circle, in order from a.
fn crossings(a: Point, b: Point, centre: Point, radius: f64) -> Vec<Point> {
    let d = [b[0] - a[0], b[1] - a[1]];
    let f = [a[0] - centre[0], a[1] - centre[1]];
    let qa = d[0] * d[0] + d[1] * d[1];
    let qb = 2.0 * (f[0] * d[0] + f[1] * d[1]);
    let qc = f[0] * f[0] + f[1] * f[1] - radius * radius;
    let disc = qb * qb - 4.0 * qa * qc;
    if qa == 0.0 || disc < 0.0 {
        return Vec::new();
    }
    let root = disc.sqrt();
    [(-qb - root) / (2.0 * qa), (-qb + root) / (2.0 * qa)]
        .into_iter()
        .filter(|t| (0.0..=1.0).contains(t))
        .map(|t| [a[0] + t * d[0], a[1] + t * d[1]])
        .collect()
}
