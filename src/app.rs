//! The application: tabs, persisted settings, keyboard shortcuts.

use serde::{Deserialize, Serialize};

use crate::core::lab::LabState;
use crate::core::training::TrainConfig;
use crate::train::DataSource;
use crate::ui::landscape::LandscapeView;
use crate::ui::mnist::MnistView;
use crate::ui::why_hard::WhyHardView;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tab {
    #[default]
    Landscape,
    Mnist,
    WhyHard,
}

/// What survives a restart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub tab: Tab,
    /// UI zoom; above 1 for projectors.
    pub zoom: f32,
    pub dark: bool,
    pub landscape: LabState,
    pub mnist: TrainConfig,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            tab: Tab::Landscape,
            zoom: 1.25,
            dark: true,
            landscape: crate::core::presets::radford_beale(),
            mnist: TrainConfig::default(),
        }
    }
}

pub struct App {
    pub settings: Settings,
    pub landscape: LandscapeView,
    pub mnist: MnistView,
    pub why_hard: WhyHardView,
    last_frame: Option<f64>,
}

impl App {
    pub fn new(cc: &eframe::CreationContext<'_>) -> Self {
        let settings: Settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        Self::with_settings(&cc.egui_ctx, settings)
    }

    pub fn with_settings(ctx: &egui::Context, settings: Settings) -> Self {
        Self::with_data(ctx, settings, DataSource::Bundled)
    }

    /// Like `with_settings`, training on the given data (tests use a small dataset).
    pub fn with_data(ctx: &egui::Context, settings: Settings, data: DataSource) -> Self {
        install_fonts(ctx);
        ctx.set_zoom_factor(settings.zoom);
        Self {
            landscape: LandscapeView::new(settings.landscape.clone()),
            mnist: MnistView::new(settings.mnist.clone(), data),
            why_hard: WhyHardView::default(),
            settings,
            last_frame: None,
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        if ctx.memory(|m| m.focused().is_some()) {
            return; // typing into a field, not driving the race
        }
        ctx.input(|i| {
            if i.key_pressed(egui::Key::Num1) {
                self.settings.tab = Tab::Landscape;
            }
            if i.key_pressed(egui::Key::Num2) {
                self.settings.tab = Tab::Mnist;
            }
            if i.key_pressed(egui::Key::Num3) {
                self.settings.tab = Tab::WhyHard;
            }
        });
        if self.settings.tab != Tab::Landscape {
            return;
        }
        let lab = &mut self.landscape.lab;
        ctx.input(|i| {
            if i.key_pressed(egui::Key::Space) {
                lab.toggle_play();
            }
            if i.key_pressed(egui::Key::ArrowRight) {
                lab.step_forward();
            }
            if i.key_pressed(egui::Key::ArrowLeft) {
                lab.step_back();
            }
            if i.key_pressed(egui::Key::R) {
                lab.reset();
            }
        });
    }

    fn top_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.strong("descent");
            ui.separator();
            ui.selectable_value(&mut self.settings.tab, Tab::Landscape, "Landscape")
                .on_hover_text("Optimizers racing downhill on loss landscapes (key 1)");
            ui.selectable_value(&mut self.settings.tab, Tab::Mnist, "MNIST")
                .on_hover_text(
                    "Train the chapter's 784-15-10 network on handwritten digits, live (key 2)",
                );
            ui.separator();
            if ui.button("A−").on_hover_text("Smaller UI").clicked() {
                self.settings.zoom = (self.settings.zoom - 0.1).max(0.6);
                ui.ctx().set_zoom_factor(self.settings.zoom);
            }
            if ui
                .button("A+")
                .on_hover_text("Larger UI, for projectors")
                .clicked()
            {
                self.settings.zoom = (self.settings.zoom + 0.1).min(3.0);
                ui.ctx().set_zoom_factor(self.settings.zoom);
            }
            let theme = if self.settings.dark {
                "☀ light theme"
            } else {
                "☾ dark theme"
            };
            if ui
                .button(theme)
                .on_hover_text("Switch light/dark theme")
                .clicked()
            {
                self.settings.dark = !self.settings.dark;
            }
        });
    }
}

/// egui's built-in fonts lack many of the chapter's symbols (∇, ←, √, ⊙ …): add DejaVu Sans as
/// a fallback, bundled so every machine renders them the same.
pub fn install_fonts(ctx: &egui::Context) {
    const DEJAVU: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "dejavu".to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(DEJAVU)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("dejavu".to_owned());
    }
    ctx.set_fonts(fonts);
}

impl eframe::App for App {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        let now = ctx.input(|i| i.time);
        let dt_secs = self.last_frame.map_or(0.0, |t| (now - t).clamp(0.0, 0.25));
        self.last_frame = Some(now);
        ctx.set_visuals(if self.settings.dark {
            egui::Visuals::dark()
        } else {
            egui::Visuals::light()
        });
        self.shortcuts(ctx);
        self.landscape.logic(ctx, dt_secs);
        self.mnist.logic(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::Panel::top("top_bar").show(ui, |ui| self.top_bar_ui(ui));
        match self.settings.tab {
            Tab::Landscape => self.landscape.ui(ui),
            Tab::Mnist => self.mnist.ui(ui),
            Tab::WhyHard => self.why_hard.ui(ui),
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings.landscape = self.landscape.lab.state.clone();
        self.settings.mnist = self.mnist.config.clone();
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
}
