//! The landscape tab: contour plot with the optimizer race, 3-D view, regression data,
//! timeline and loss curves. Layout only; each panel lives in its own file.

use crate::core::lab::{Lab, LabState, Layout};
use crate::core::presets::PRESETS;
use crate::core::surface::{Surface, SurfaceKind};

use super::combo::{EnumCombo, enum_combo};
use super::heatmap::HeatmapTexture;
use super::{contour_plot, loss_plot, race_panel, regression_plot, surface3d, timeline};

pub struct LandscapeView {
    pub lab: Lab,
    pub camera: surface3d::Camera,
    mesh_cache: surface3d::MeshCache,
    pub export: super::export_panel::ExportPanel,
    /// "Your own data": a CSV path or pasted x,y lines for the regression surface.
    pub data: super::data_panel::DataPanel,
    pub show_3d: bool,
    /// Path thickness multiplier (projector mode).
    pub line_scale: f32,
    /// Last message for the teacher (e.g. a refused value).
    pub message: Option<String>,
    /// The "formula…" box (its text may be mid-edit and invalid).
    pub formula: super::formula_box::FormulaBox,
    /// Where the contour plot was last drawn (lets tests aim real mouse drags at plot points).
    pub contour_transform: Option<egui_plot::PlotTransform>,
    /// Where the loss plot was last drawn; None while it is hidden.
    pub loss_transform: Option<egui_plot::PlotTransform>,
    /// Keyed by the lab's landscape version.
    heatmap: HeatmapTexture<u64>,
}

impl Default for LandscapeView {
    fn default() -> Self {
        Self::new(crate::core::presets::radford_beale())
    }
}

impl super::tab::AppTab for LandscapeView {
    fn label(&self) -> &'static str {
        "Landscape"
    }

    fn hint(&self) -> &'static str {
        "Optimizers racing downhill on loss landscapes"
    }

    fn logic(&mut self, ctx: &egui::Context, dt_secs: f64) {
        LandscapeView::logic(self, ctx, dt_secs);
    }

    /// Driving the race: play/pause, one step either way, back to the start.
    fn shortcuts(&mut self, ctx: &egui::Context) {
        let pressed = |key| ctx.input(|i| i.key_pressed(key));
        if pressed(egui::Key::Space) {
            self.lab.toggle_play();
        }
        if pressed(egui::Key::ArrowRight) {
            self.lab.step_forward();
        }
        if pressed(egui::Key::ArrowLeft) {
            self.lab.step_back();
        }
        if pressed(egui::Key::R) {
            self.lab.reset();
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui) {
        LandscapeView::ui(self, ui);
    }
}

impl LandscapeView {
    pub fn new(state: LabState) -> Self {
        Self {
            lab: Lab::new(state),
            camera: surface3d::Camera::default(),
            mesh_cache: surface3d::MeshCache::default(),
            export: super::export_panel::ExportPanel::default(),
            data: Default::default(),
            show_3d: true,
            line_scale: 1.0,
            message: None,
            formula: Default::default(),
            contour_transform: None,
            loss_transform: None,
            heatmap: HeatmapTexture::default(),
        }
    }

    /// Advances the animation; called every frame with the frame's duration.
    pub fn logic(&mut self, ctx: &egui::Context, dt_secs: f64) {
        self.lab.tick(dt_secs);
        if self.lab.playing {
            ctx.request_repaint();
        }
    }

    fn heatmap_texture(&mut self, ctx: &egui::Context) -> egui::TextureId {
        let landscape = &self.lab.landscape;
        let version = self.lab.landscape_version;
        self.heatmap
            .id(ctx, "heatmap", &landscape.grid, version, || {
                landscape.rgba.clone()
            })
    }

    /// The heatmap pixels the contour plot is drawing (top row first), once it has been drawn.
    pub fn drawn_heatmap(&self) -> Option<&egui::ColorImage> {
        self.heatmap.drawn()
    }

    /// The landscape version the cached 3-D mesh was built from, once it has been drawn.
    pub fn drawn_mesh_version(&self) -> Option<u64> {
        self.mesh_cache.landscape_version()
    }

    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let texture = self.heatmap_texture(ui.ctx());
        super::layout::side_panel(ui, "landscape_controls", 360.0, |ui| {
            self.setup_ui(ui);
            ui.separator();
            if let Some(msg) = race_panel::race_panel_ui(ui, &mut self.lab) {
                self.message = Some(msg);
            }
        });
        // Only the timeline's controls: the loss curves are a figure and share the central area.
        egui::Panel::bottom("landscape_timeline")
            .resizable(false)
            .show(ui, |ui| timeline::timeline_ui(ui, &mut self.lab));
        let figures = egui::CentralPanel::default().show(ui, |ui| {
            // One line kept for the message, so the plots do not jump when one appears.
            let message = self.message.as_deref().unwrap_or_default();
            ui.add(
                egui::Label::new(egui::RichText::new(message).color(ui.visuals().warn_fg_color))
                    .truncate(),
            );
            let loss_height = (ui.available_height() * 0.3).max(90.0);
            let plots_height = (ui.available_height() - loss_height - 6.0).max(120.0);
            let width = ui.available_width();
            ui.allocate_ui(egui::vec2(width, plots_height), |ui| {
                ui.set_max_height(plots_height);
                self.plots_ui(ui, texture);
            });
            ui.allocate_ui(egui::vec2(width, loss_height), |ui| {
                self.loss_transform = loss_plot::loss_plot_ui(ui, &self.lab);
            });
        });
        super::layout::record_figure(ui.ctx(), figures.response.rect);
    }

    /// The figure alone, for lecture slides: no controls, timeline or loss curves.
    pub fn figure_ui(&mut self, ui: &mut egui::Ui) {
        let texture = self.heatmap_texture(ui.ctx());
        egui::CentralPanel::default().show(ui, |ui| self.plots_ui(ui, texture));
    }

    pub fn path_style(&self) -> super::PathStyle {
        super::PathStyle {
            width_scale: self.line_scale,
            hidden: self.lab.predicting(),
        }
    }

    fn plots_ui(&mut self, ui: &mut egui::Ui, texture: egui::TextureId) {
        let style = self.path_style();
        let is_regression = matches!(self.lab.state.surface, Surface::Regression(_));
        // The contour plot is the main view: it gets a larger share than the side views.
        let side_panels = usize::from(self.show_3d) + usize::from(is_regression);
        let full = ui.available_size();
        let unit = full.x / (1.5 + side_panels as f32) - 8.0;
        let size = egui::vec2(unit.max(120.0), full.y.max(120.0));
        let main_size = egui::vec2((1.5 * unit).max(160.0), full.y.max(120.0));
        ui.horizontal_top(|ui| {
            if self.show_3d {
                ui.allocate_ui(size, |ui| {
                    surface3d::surface3d_ui(
                        ui,
                        &self.lab,
                        &mut self.camera,
                        &mut self.mesh_cache,
                        style,
                    )
                });
            }
            ui.allocate_ui(main_size, |ui| match self.lab.state.layout {
                Layout::Overlay => {
                    self.contour_transform = Some(contour_plot::contour_plot_ui(
                        ui,
                        &mut self.lab,
                        texture,
                        style,
                    ));
                }
                Layout::SmallMultiples => {
                    contour_plot::small_multiples_ui(ui, &mut self.lab, texture, style)
                }
            });
            if is_regression {
                ui.allocate_ui(size, |ui| {
                    regression_plot::regression_plot_ui(ui, &mut self.lab, style)
                });
            }
        });
    }

    fn setup_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("Landscape");
        ui.horizontal(|ui| {
            ui.label("Preset");
            // A menu of lessons to load, not a value: no entry is ever the current one, so the
            // box always reads "choose…".
            let preset = |i: Option<usize>| i.and_then(|i| PRESETS.get(i));
            let mut chosen = None;
            enum_combo(
                ui,
                "preset",
                &mut chosen,
                (0..PRESETS.len()).map(Some),
                |i| preset(i).map_or("choose…", |p| p.name),
                |i| preset(i).map(|p| p.description),
            )
            .on_hover_text("Preset: a ready-made lesson (surface, start point, tuned optimizers)");
            if let Some(p) = preset(chosen) {
                self.lab.load(p.state());
                self.message = None;
            }
        });
        let current = self.lab.state.surface.kind();
        ui.horizontal(|ui| {
            ui.label("Surface");
            let mut kind = current;
            // Every surface and "Formula…" at the end without scrolling the list.
            let surface = EnumCombo::new("surface")
                .height(480.0)
                .show(
                    ui,
                    &mut kind,
                    SurfaceKind::ALL.into_iter().chain([SurfaceKind::Formula]),
                    SurfaceKind::label,
                    |k| Some(k.description()),
                )
                .on_hover_text("Surface: the loss landscape the optimizers descend");
            if surface.changed() {
                self.lab.set_surface(kind);
            }
        });
        if current == SurfaceKind::Formula {
            super::formula_box::formula_ui(ui, &mut self.formula, &mut self.lab);
        } else {
            ui.label(egui::RichText::new(current.formula()).monospace())
                .on_hover_text(current.description());
        }
        let start = self.lab.state.start;
        ui.label(format!(
            "start ({:.3}, {:.3}) — drag or click on the contour plot",
            start[0], start[1]
        ));
        ui.horizontal(|ui| {
            let mut overlay = self.lab.state.layout == Layout::Overlay;
            if ui
                .toggle_value(&mut overlay, "one plot")
                .on_hover_text("All optimizers on one plot (the Radford figures).")
                .changed()
            {
                self.lab.state.layout = Layout::Overlay;
            }
            let mut multiples = !overlay;
            if ui
                .toggle_value(&mut multiples, "side by side")
                .on_hover_text("One small plot per optimizer, same axes: compare paths without clutter.")
                .changed()
            {
                self.lab.state.layout = if multiples { Layout::SmallMultiples } else { Layout::Overlay };
            }
            ui.checkbox(&mut self.show_3d, "3-D view")
                .on_hover_text("The surface as a 3-D bowl (drag to rotate, scroll to zoom), as in the chapter's MSE figure.");
        });
        ui.checkbox(&mut self.lab.state.anatomy, "step anatomy")
            .on_hover_text("At the Momentum and Nesterov heads: the momentum step μv, the look-ahead point, the gradient step and the step they add up to (CS231n's figure). Nesterov takes its gradient at the look-ahead point, Momentum where it stands.");
        if let Some(message) = super::data_panel::data_panel_ui(ui, &mut self.data, &mut self.lab) {
            self.message = message;
        }
        if matches!(self.lab.state.surface, Surface::Regression(_)) {
            self.stochastic_ui(ui);
        }
        self.predict_ui(ui);
        super::export_panel::export_ui(ui, &mut self.export, &self.lab);
    }

    /// "Predict, then reveal": the race waits hidden at step 0 so the class can guess the winner
    /// first; the reveal plays it from the start.
    fn predict_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let mut predicting = self.lab.predicting();
            if ui
                .checkbox(&mut predicting, "predict, then reveal")
                .on_hover_text("Hide the race (paths, loss curves, readouts) and hold it at the start: let the class predict which optimizer wins, then reveal")
                .changed()
            {
                self.lab.set_predicting(predicting);
            }
            if predicting
                && ui
                    .button(egui::RichText::new("reveal!").strong())
                    .on_hover_text("Show the race and play it from the start")
                    .clicked()
            {
                self.lab.reveal();
            }
        });
    }

    fn stochastic_ui(&mut self, ui: &mut egui::Ui) {
        let n = match &self.lab.state.surface {
            Surface::Regression(data) => data.points.len().max(1),
            Surface::Function(_) | Surface::Formula(_) => 1,
        };
        let mut stochastic = self.lab.state.stochastic;
        let mut batch = self.lab.state.batch_size.min(n);
        let a = ui
            .checkbox(&mut stochastic, "stochastic (mini-batch) gradients")
            .on_hover_text(
                "Each step uses the mean gradient of a random mini-batch of K points instead of all n: \
                 K = n is batch gradient descent, K = 1 is stochastic gradient descent (SGD).",
            );
        let b = ui
            .add_enabled(
                stochastic,
                // Logarithmic for loaded data, so K = 1…10 stays reachable among 10,000.
                egui::Slider::new(&mut batch, 1..=n)
                    .logarithmic(n > 100)
                    .text("batch size K"),
            )
            .on_hover_text("Mini-batch size K: smaller batches give noisier, jerkier paths.");
        if a.changed() || b.changed() {
            self.lab.set_stochastic(stochastic, batch);
        }
    }
}
