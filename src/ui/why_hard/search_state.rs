//! The guessing lesson's state: both methods computed once up to the largest budget, the 2-D
//! map's landscape and texture, and what changes when N, K or the surface move.

use crate::core::contour::ContourMap;
use crate::core::dimensions::grid_guesses_text;
use crate::core::gradient_cost::param_count;
use crate::core::optimizer::{Hyper, OptimizerKind};
use crate::core::race;
use crate::core::search::{self, Bowl, DEFAULT_BUDGET, DEFAULT_DIMS, DescentRun, RandomSearch};
use crate::core::surface::{Surface, SurfaceKind, ViewRect};
use crate::ui::heatmap::HeatmapTexture;

use super::search_panel::{K_MAX, SEGMENTS};

/// Grid counts are written out in full up to this many digits.
pub(super) const MAX_DIGITS: usize = 30;

pub struct SearchState {
    pub surface_kind: SurfaceKind,
    /// Evaluation budget shared by both methods.
    pub k: usize,
    pub seed: u64,
    pub optimizer: OptimizerKind,
    pub lr: f64,
    /// Number of weights N: of the race on the N-weight bowl and of the grid-guess arithmetic.
    pub dims: u32,
    /// The N-weight race (best loss per weight after each evaluation), computed for
    /// `race_dims`; recomputed when N or the seed changes.
    race_dims: Option<(u32, u64)>,
    pub race_random: Vec<f64>,
    pub race_descent: Vec<f64>,
    /// Guessing with 2 weights, drawn beside the N-weight curves for contrast.
    pub(super) race_random_2d: Vec<f64>,
    surface: Surface,
    pub(super) view: ViewRect,
    pub(super) landscape: ContourMap,
    pub random: RandomSearch,
    pub descent: DescentRun,
    /// Keyed by the surface the map shows.
    texture: HeatmapTexture<SurfaceKind>,
}

impl Default for SearchState {
    fn default() -> Self {
        Self::new(SurfaceKind::Rosenbrock)
    }
}

impl SearchState {
    pub fn new(kind: SurfaceKind) -> Self {
        let optimizer = OptimizerKind::Momentum;
        let surface = Surface::new(kind);
        let view = surface.default_view();
        let mut state = Self {
            surface_kind: kind,
            k: DEFAULT_BUDGET,
            seed: 1,
            optimizer,
            lr: optimizer.default_hyper().lr,
            dims: DEFAULT_DIMS,
            race_dims: None,
            race_random: Vec::new(),
            race_descent: Vec::new(),
            race_random_2d: Vec::new(),
            landscape: ContourMap::compute(&surface, view, 200),
            surface,
            view,
            random: RandomSearch::default(),
            descent: DescentRun::default(),
            texture: HeatmapTexture::default(),
        };
        state.set_surface(kind);
        state.sync_race();
        state
    }

    /// Recomputes the N-weight race if N or the seed moved since it was last run.
    pub fn sync_race(&mut self) {
        if self.race_dims == Some((self.dims, self.seed)) {
            return;
        }
        let bowl = Bowl::new(self.dims as usize);
        self.race_random = search::random_search_bowl(&bowl, K_MAX, self.seed);
        self.race_descent = search::descent_bowl(&bowl, K_MAX);
        self.race_random_2d = search::random_search_bowl(&Bowl::new(2), K_MAX, self.seed);
        self.race_dims = Some((self.dims, self.seed));
    }

    /// Best loss per weight of K guesses at N weights.
    pub fn race_best_random(&self) -> f64 {
        nth_best(&self.race_random, self.k)
    }

    /// Best loss per weight of descent after K evaluations at N weights.
    pub fn race_best_descent(&self) -> f64 {
        nth_best(&self.race_descent, self.k)
    }

    /// Best loss per weight of K guesses at N = 2.
    pub fn race_best_random_2d(&self) -> f64 {
        nth_best(&self.race_random_2d, self.k)
    }

    /// Weights of the chapter's 784-15-10 network, the N of its grid.
    pub fn mlp_dims() -> u32 {
        u32::try_from(param_count(&[784, 15, 10])).unwrap_or(u32::MAX)
    }

    pub fn set_surface(&mut self, kind: SurfaceKind) {
        self.surface_kind = kind;
        self.surface = Surface::new(kind);
        self.view = self.surface.default_view();
        self.landscape = ContourMap::compute(&self.surface, self.view, 200);
        self.recompute();
    }

    /// Reruns both searches up to [`K_MAX`] (K itself only selects a prefix).
    pub fn recompute(&mut self) {
        self.random = search::random_search(&self.surface, self.view, K_MAX, self.seed);
        let hyper = Hyper {
            lr: self.lr,
            ..self.optimizer.default_hyper()
        };
        let start = race::default_start(self.surface_kind);
        self.descent =
            search::descent_with_budget(&self.surface, start, self.optimizer, hyper, K_MAX);
    }

    pub fn best_random(&self) -> f64 {
        self.random.best_after(self.k)
    }

    pub fn best_descent(&self) -> f64 {
        self.descent.best_after(self.k)
    }

    /// Cells of the 10×10 grid hit by the first K guesses.
    pub fn hit_cells(&self) -> Vec<bool> {
        let shown = self.k.min(self.random.samples.len());
        search::hit_cells(&self.random.samples[..shown], self.view, SEGMENTS as usize)
    }

    /// The readout of the dimension control, e.g. "10^3 = 1,000", or for large N
    /// "10^11935, a number with 11,936 digits" (the digits counted by `grid_guess_digits`).
    pub fn grid_text(&self) -> String {
        grid_guesses_text(SEGMENTS, self.dims, MAX_DIGITS)
    }

    pub(super) fn texture(&mut self, ctx: &egui::Context) -> egui::TextureId {
        let landscape = &self.landscape;
        self.texture.id(
            ctx,
            "why_hard_map",
            &landscape.grid,
            self.surface_kind,
            || landscape.rgba.clone(),
        )
    }
}

/// The best value after `k` evaluations (NaN for k = 0 or no data).
pub(super) fn nth_best(best: &[f64], k: usize) -> f64 {
    match k {
        0 => f64::NAN,
        k => best.get(k - 1).or(best.last()).copied().unwrap_or(f64::NAN),
    }
}
