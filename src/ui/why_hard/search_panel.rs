//! Guessing vs descent: K random guesses against gradient descent with the same number of loss
//! evaluations, the 10×10 grid of the chapter's square-vs-cube figure, and 10^N for N weights.

use egui::{Color32, RichText, TextureHandle, TextureOptions};
use egui_plot::{Legend, Line, MarkerShape, Plot, PlotImage, PlotPoint, Points, Polygon, VLine};

use crate::core::gradient_cost::param_count;
use crate::core::lab::Landscape;
use crate::core::optimizer::{Hyper, OptimizerKind};
use crate::core::race;
use crate::core::search::{
    self, DescentRun, RandomSearch, coverage_log10, expected_coverage, format_grid_guesses,
};
use crate::core::surface::{PointKind, Surface, SurfaceKind, ViewRect};
use crate::ui::fmt_num;

use super::{explain, log_gap};

/// Largest budget on the K slider; both methods are computed once up to it and K picks a prefix.
pub const K_MAX: usize = 5000;
/// Cells per axis, as in the chapter.
pub const SEGMENTS: u32 = 10;
/// Grid counts are written out in full up to this many digits.
const MAX_DIGITS: usize = 30;

const RANDOM_COLOR: Color32 = Color32::from_rgb(0xF0, 0xE4, 0x42);
const DESCENT_COLOR: Color32 = Color32::from_rgb(0x56, 0xB4, 0xE9);

pub struct SearchState {
    pub surface_kind: SurfaceKind,
    /// Evaluation budget shared by both methods.
    pub k: usize,
    pub seed: u64,
    pub optimizer: OptimizerKind,
    pub lr: f64,
    /// Number of weights N for the grid-guess arithmetic.
    pub dims: u32,
    surface: Surface,
    view: ViewRect,
    landscape: Landscape,
    pub random: RandomSearch,
    pub descent: DescentRun,
    /// Loss of the best known point (the floor of the log plot).
    floor: f64,
    texture: Option<TextureHandle>,
    texture_stale: bool,
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
            k: 100,
            seed: 1,
            optimizer,
            lr: optimizer.default_hyper().lr,
            dims: 3,
            landscape: Landscape::compute(&surface, view, 200),
            surface,
            view,
            random: RandomSearch::default(),
            descent: DescentRun::default(),
            floor: f64::INFINITY,
            texture: None,
            texture_stale: true,
        };
        state.set_surface(kind);
        state
    }

    /// Weights of the chapter's 784-15-10 network, the N of its grid.
    pub fn mlp_dims() -> u32 {
        u32::try_from(param_count(&[784, 15, 10])).unwrap_or(u32::MAX)
    }

    pub fn set_surface(&mut self, kind: SurfaceKind) {
        self.surface_kind = kind;
        self.surface = Surface::new(kind);
        self.view = self.surface.default_view();
        self.landscape = Landscape::compute(&self.surface, self.view, 200);
        self.texture_stale = true;
        let known = self.surface.known_points();
        self.floor = known
            .iter()
            .filter(|p| p.kind == PointKind::GlobalMinimum)
            .map(|p| p.value)
            .fold(f64::INFINITY, f64::min);
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
        if !self.floor.is_finite() {
            let all = self
                .random
                .best_so_far
                .iter()
                .chain(&self.descent.best_so_far);
            self.floor = all.copied().fold(f64::INFINITY, f64::min);
        }
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

    /// The readout of the dimension control, e.g. "10^3 = 1,000".
    pub fn grid_text(&self) -> String {
        let count = format_grid_guesses(SEGMENTS, self.dims, MAX_DIGITS);
        if count.starts_with("10^") {
            count
        } else {
            format!("10^{} = {count}", self.dims)
        }
    }

    fn texture(&mut self, ctx: &egui::Context) -> egui::TextureId {
        if self.texture_stale || self.texture.is_none() {
            let size = [self.landscape.grid.nx, self.landscape.grid.ny];
            let image = egui::ColorImage::from_rgba_unmultiplied(size, &self.landscape.rgba);
            match &mut self.texture {
                Some(t) => t.set(image, TextureOptions::LINEAR),
                None => {
                    self.texture = Some(ctx.load_texture("why_hard_map", image, Default::default()))
                }
            }
            self.texture_stale = false;
        }
        self.texture.as_ref().map(|t| t.id()).unwrap_or_default()
    }
}

pub fn search_controls_ui(ui: &mut egui::Ui, s: &mut SearchState) {
    ui.heading("Guessing vs descent");
    ui.horizontal(|ui| {
        ui.label("Surface");
        let current = s.surface_kind;
        egui::ComboBox::from_id_salt("why_surface")
            .selected_text(current.label())
            .show_ui(ui, |ui| {
                for kind in SurfaceKind::ALL {
                    if ui
                        .selectable_label(kind == current, kind.label())
                        .on_hover_text(kind.description())
                        .clicked()
                        && kind != current
                    {
                        s.set_surface(kind);
                    }
                }
            })
            .response
            .on_hover_text("Surface: the loss both methods try to minimise");
    });
    ui.add(
        egui::Slider::new(&mut s.k, 1..=K_MAX)
            .logarithmic(true)
            .text("budget K (evaluations)"),
    )
    .on_hover_text(
        "K loss evaluations for each method: K random guesses, or a start plus K − 1 \
         gradient steps (one loss-and-gradient evaluation each).",
    );
    ui.horizontal(|ui| {
        if ui
            .button("new guesses")
            .on_hover_text("Draw a fresh set of random guesses (next seed).")
            .clicked()
        {
            s.seed += 1;
            s.recompute();
        }
        ui.label(format!("seed {}", s.seed));
    });
    ui.horizontal(|ui| {
        ui.label("Descent");
        let current = s.optimizer;
        egui::ComboBox::from_id_salt("why_optimizer")
            .selected_text(current.label())
            .show_ui(ui, |ui| {
                for kind in OptimizerKind::ALL {
                    if ui
                        .selectable_label(kind == current, kind.label())
                        .on_hover_text(kind.description())
                        .clicked()
                        && kind != current
                    {
                        s.optimizer = kind;
                        s.lr = kind.default_hyper().lr;
                        s.recompute();
                    }
                }
            })
            .response
            .on_hover_text("Descent: the optimizer racing the random guesses");
    });
    let lr = ui
        .add(
            egui::Slider::new(&mut s.lr, 1e-5..=1.0)
                .logarithmic(true)
                .text("learning rate α"),
        )
        .on_hover_text("Step size of gradient descent.");
    if lr.changed() {
        s.recompute();
    }
    ui.separator();
    ui.strong("Dimensions");
    ui.add(
        egui::Slider::new(&mut s.dims, 1..=SearchState::mlp_dims())
            .logarithmic(true)
            .text("dimensions N"),
    )
    .on_hover_text(
        "How many weights the guesses must choose. A grid with 10 values per weight needs 10^N guesses.",
    );
    ui.horizontal(|ui| {
        for n in [2, 3] {
            if ui
                .button(format!("N = {n}"))
                .on_hover_text(format!(
                    "{n} parameters: 10^{n} grid guesses at 10 segments per axis"
                ))
                .clicked()
            {
                s.dims = n;
            }
        }
        let mlp = SearchState::mlp_dims();
        if ui
            .button("784-15-10 network")
            .on_hover_text(format!(
                "The chapter's MNIST network has {mlp} weights and biases."
            ))
            .clicked()
        {
            s.dims = mlp;
        }
    });
}

pub fn search_plots_ui(ui: &mut egui::Ui, s: &mut SearchState) {
    explain(
        ui,
        "Why not guess? Throw K random guesses at the landscape and keep the best one. Gradient \
         descent gets the same K evaluations but each one also tells it which way is downhill, so \
         every step builds on the last. In two dimensions guessing is not hopeless: 100 guesses \
         already land in most of the 100 squares. But a grid with 10 values per weight has 10^N \
         cells, and a network has thousands of weights.",
    );
    let texture = s.texture(ui.ctx());
    let avail = ui.available_size();
    let readout_height = 190.0;
    let plot_h = (avail.y - readout_height).max(200.0);
    let w = (avail.x / 2.0 - 8.0).max(200.0);
    ui.horizontal_top(|ui| {
        ui.allocate_ui(egui::vec2(w, plot_h), |ui| map_ui(ui, s, texture));
        ui.allocate_ui(egui::vec2(w, plot_h), |ui| best_loss_plot_ui(ui, s));
    });
    dimension_readout_ui(ui, s);
}

fn map_ui(ui: &mut egui::Ui, s: &SearchState, texture: egui::TextureId) {
    let v = s.view;
    let k = s.k.min(s.random.samples.len());
    Plot::new("why_map")
        .legend(Legend::default().background_alpha(0.85))
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_grid(false)
        .default_x_bounds(v.x_min, v.x_max)
        .default_y_bounds(v.y_min, v.y_max)
        .set_margin_fraction(egui::Vec2::ZERO)
        .show(ui, |plot_ui| {
            let center = PlotPoint::new(v.center()[0], v.center()[1]);
            let size = egui::vec2(v.width() as f32, v.height() as f32);
            plot_ui.image(PlotImage::new("", texture, center, size));
            let n = SEGMENTS as usize;
            let (dx, dy) = (v.width() / n as f64, v.height() / n as f64);
            for (index, _) in s.hit_cells().iter().enumerate().filter(|(_, h)| **h) {
                let (i, j) = ((index % n) as f64, (index / n) as f64);
                let (x0, y0) = (v.x_min + i * dx, v.y_min + j * dy);
                let corners = vec![[x0, y0], [x0 + dx, y0], [x0 + dx, y0 + dy], [x0, y0 + dy]];
                plot_ui.polygon(
                    Polygon::new("", corners)
                        .fill_color(Color32::from_white_alpha(60))
                        .stroke(egui::Stroke::NONE)
                        .allow_hover(false),
                );
            }
            for i in 0..=n {
                let x = v.x_min + i as f64 * dx;
                let y = v.y_min + i as f64 * dy;
                for pts in [
                    vec![[x, v.y_min], [x, v.y_max]],
                    vec![[v.x_min, y], [v.x_max, y]],
                ] {
                    plot_ui.line(
                        Line::new("", pts)
                            .color(Color32::from_white_alpha(150))
                            .width(1.0)
                            .allow_hover(false),
                    );
                }
            }
            plot_ui.points(
                Points::new("random guesses", s.random.samples[..k].to_vec())
                    .radius(3.0)
                    .filled(true)
                    .color(RANDOM_COLOR),
            );
            let path: Vec<[f64; 2]> = s.descent.points.iter().take(k).copied().collect();
            if let Some(&head) = path.last() {
                plot_ui.line(Line::new("", path.clone()).color(Color32::BLACK).width(5.0));
                plot_ui.line(
                    Line::new("gradient descent", path)
                        .color(DESCENT_COLOR)
                        .width(3.0),
                );
                plot_ui.points(
                    Points::new("", vec![head])
                        .radius(7.0)
                        .filled(true)
                        .color(DESCENT_COLOR)
                        .allow_hover(false),
                );
            }
            if let Some(best) = best_guess(&s.random, k) {
                plot_ui.points(
                    Points::new("best guess", vec![best])
                        .shape(MarkerShape::Diamond)
                        .radius(10.0)
                        .filled(true)
                        .color(Color32::from_rgb(0xE6, 0x9F, 0x00)),
                );
            }
        });
}

fn best_guess(r: &RandomSearch, k: usize) -> Option<[f64; 2]> {
    let best = r.best_after(k);
    let index = r.losses.iter().take(k).position(|&l| l == best)?;
    r.samples.get(index).copied()
}

fn best_loss_plot_ui(ui: &mut egui::Ui, s: &SearchState) {
    // Log-spaced K so the curve has the same detail at K = 10 and K = 5000.
    let ks: Vec<usize> = {
        let mut ks: Vec<usize> = (0..=300)
            .map(|i| (10f64.powf(i as f64 / 300.0 * (K_MAX as f64).log10())).round() as usize)
            .collect();
        ks.dedup();
        ks
    };
    let curve = |f: &dyn Fn(usize) -> f64| -> Vec<[f64; 2]> {
        ks.iter()
            .map(|&k| [(k as f64).log10(), log_gap(f(k), s.floor)])
            .filter(|p| p[1].is_finite())
            .collect()
    };
    Plot::new("why_best_loss")
        .legend(Legend::default().background_alpha(0.85))
        .x_axis_label("log₁₀ K (evaluations)")
        .y_axis_label("log₁₀(best loss − minimum)")
        .allow_scroll(false)
        .show(ui, |plot_ui| {
            plot_ui.line(
                Line::new("random search", curve(&|k| s.random.best_after(k)))
                    .color(RANDOM_COLOR)
                    .width(3.0),
            );
            plot_ui.line(
                Line::new("gradient descent", curve(&|k| s.descent.best_after(k)))
                    .color(DESCENT_COLOR)
                    .width(3.0),
            );
            plot_ui.vline(
                VLine::new("budget K", (s.k as f64).log10())
                    .color(Color32::GRAY)
                    .width(1.5),
            );
        });
}

fn dimension_readout_ui(ui: &mut egui::Ui, s: &SearchState) {
    let strong = ui.visuals().strong_text_color();
    let big = |t: String| RichText::new(t).size(18.0).color(strong);
    ui.horizontal_wrapped(|ui| {
        ui.label(big(format!(
            "Best after K = {}:  random {}   descent {}",
            s.k,
            fmt_num(s.best_random()),
            fmt_num(s.best_descent())
        )))
        .on_hover_text("Lowest loss each method has seen within the same number of evaluations.");
        if s.descent.diverged {
            ui.colored_label(ui.visuals().warn_fg_color, "(descent diverged: lower α)");
        }
    });
    let hit = s.hit_cells().iter().filter(|&&h| h).count();
    let k = s.k as u64;
    ui.label(big(format!(
        "2-D: K = {} guesses hit {hit} of the 100 squares (expected {:.0}).",
        s.k,
        100.0 * expected_coverage(k, SEGMENTS, 2)
    )))
    .on_hover_text("Shaded squares contain at least one guess. Random guesses collide, so K guesses hit fewer than K squares.");
    ui.label(big(format!(
        "3-D: the same K guesses can reach at most {} of 1,000 cubes (expected {:.1}%).",
        s.k.min(1000),
        100.0 * expected_coverage(k, SEGMENTS, 3)
    )));
    ui.separator();
    ui.label(
        RichText::new(format!(
            "N = {} weights: grid guesses {}",
            s.dims,
            s.grid_text()
        ))
        .size(22.0)
        .strong(),
    )
    .on_hover_text("10 values per weight, every combination: 10 × 10 × … (N times).");
    let log_cov = coverage_log10(k, SEGMENTS, s.dims);
    let fraction = if log_cov >= 0.0 {
        "all of it".to_owned()
    } else if log_cov > -4.0 {
        format!("{:.3}%", 100.0 * 10f64.powf(log_cov))
    } else {
        format!("10^{log_cov:.0}")
    };
    ui.label(big(format!(
        "K = {} guesses cover at most K / 10^{} = {fraction} of the grid.",
        s.k, s.dims
    )))
    .on_hover_text("Coverage is K / 10^N at best; it falls tenfold with every added weight.");
}
