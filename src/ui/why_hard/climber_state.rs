//! The climber lesson's state: the surface, the walk so far, the chosen direction and step
//! length, the switches, and the map's texture (redrawn when the lit disc moves).

use egui_plot::PlotTransform;

use crate::core::climber::{self, Climb};
use crate::core::contour::ContourMap;
use crate::core::surface::{Point, Surface, SurfaceKind};
use crate::ui::heatmap::HeatmapTexture;

/// The map outside the lit disc: near black, not black, so the map's extent still shows.
const NIGHT: [u8; 3] = [14, 16, 22];

pub struct ClimberState {
    pub surface_kind: SurfaceKind,
    pub(super) surface: Surface,
    pub climb: Climb,
    pub step_length: f64,
    /// The direction picked by a click on the rim (a unit vector), kept for the next steps.
    pub aim: Option<Point>,
    pub show_slope: bool,
    pub lights_on: bool,
    /// The last frame's plot transform: tests aim their clicks with it.
    pub transform: Option<PlotTransform>,
    pub(super) landscape: ContourMap,
    /// Keyed by what it shows: the lit centre and radius, or None for the whole map.
    texture: HeatmapTexture<Option<(Point, f64)>>,
}

impl Default for ClimberState {
    fn default() -> Self {
        Self::new(climber::LESSON_SURFACE)
    }
}

impl ClimberState {
    pub fn new(kind: SurfaceKind) -> Self {
        let surface = Surface::new(kind);
        let view = surface.default_view();
        let climb = Climb::lesson_start(&surface);
        Self {
            surface_kind: kind,
            step_length: climb.lesson_step_length(),
            climb,
            aim: None,
            show_slope: false,
            lights_on: false,
            transform: None,
            landscape: ContourMap::compute(&surface, view, 240),
            surface,
            texture: HeatmapTexture::default(),
        }
    }

    /// A new surface starts a new walk from its usual start, lights off.
    pub fn set_surface(&mut self, kind: SurfaceKind) {
        *self = Self {
            show_slope: self.show_slope,
            ..Self::new(kind)
        };
    }

    /// Slider ranges for the lit radius and the step length, in the map's units.
    pub fn radius_range(&self) -> std::ops::RangeInclusive<f64> {
        let w = self.climb.view.width();
        0.03 * w..=0.4 * w
    }

    pub fn step_range(&self) -> std::ops::RangeInclusive<f64> {
        let w = self.climb.view.width();
        0.01 * w..=0.25 * w
    }

    /// Picks the direction from the current point towards `target` (a click); a click on the
    /// point itself picks nothing.
    pub fn aim_at(&mut self, target: Point) {
        if let Some(d) = climber::direction(self.climb.position(), target) {
            self.aim = Some(d);
        }
    }

    /// One step of the chosen length in the chosen direction; false when none is chosen.
    pub fn step(&mut self) -> bool {
        match self.aim {
            Some(d) => self.climb.step_in(d, self.step_length),
            None => false,
        }
    }

    /// Back to the start in the dark.
    pub fn reset(&mut self) {
        self.climb.reset();
        self.aim = None;
        self.lights_on = false;
    }

    pub fn height(&self) -> f64 {
        climber::height(&self.surface, self.climb.position())
    }

    pub fn slope(&self) -> f64 {
        climber::slope(&self.surface, self.climb.position())
    }

    pub fn downhill(&self) -> Option<Point> {
        climber::downhill(&self.surface, self.climb.position())
    }

    /// Gradient descent from the same start with the class's step lengths.
    pub fn descent_path(&self) -> Vec<Point> {
        self.climb.descent_path(&self.surface)
    }

    pub fn height_at(&self, p: Point) -> f64 {
        climber::height(&self.surface, p)
    }

    pub(super) fn texture(&mut self, ctx: &egui::Context) -> egui::TextureId {
        let key = (!self.lights_on).then(|| (self.climb.position(), self.climb.lit_radius));
        let landscape = &self.landscape;
        self.texture
            .id(ctx, "why_climber_map", &landscape.grid, key, || match key {
                Some((centre, radius)) => climber::lit_rgba(landscape, centre, radius, NIGHT),
                None => landscape.rgba.clone(),
            })
    }
}
