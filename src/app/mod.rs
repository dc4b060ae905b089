//! The application: tabs, persisted settings, scenes, keyboard shortcuts.

// The views that drive the whole app (its top bar, presenting a lecture) live with it, so the
// ui layer never imports the app.
pub mod presenter;
pub mod presenting;
pub mod slide_editor;
pub mod tabs;
pub mod top_bar;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::core::lab::LabState;
use crate::core::scene::{self, SCENE_VERSION, Scene};
use crate::core::training::{Pace, TrainConfig};
use crate::train::DataSource;
use crate::ui::landscape::LandscapeView;
use crate::ui::mnist::MnistView;
use crate::ui::why_hard::WhyHardView;

pub use tabs::Tab;

/// What survives a restart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub tab: Tab,
    /// UI zoom; above 1 for projectors.
    pub zoom: f32,
    pub dark: bool,
    /// Thicker paths and lines for projectors.
    pub thick_lines: bool,
    /// The scene file last opened or saved.
    pub scene_path: String,
    pub landscape: LabState,
    pub mnist: TrainConfig,
    /// The MNIST tab's classroom pace or full speed.
    pub mnist_pace: Pace,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            tab: Tab::Landscape,
            zoom: 1.25,
            dark: true,
            thick_lines: false,
            scene_path: "lesson.json".to_owned(),
            landscape: crate::core::presets::radford_beale(),
            mnist: TrainConfig::default(),
            mnist_pace: Pace::Classroom,
        }
    }
}

/// UI zoom range accepted from saved settings (egui's own zoom keys stay within it).
const ZOOM: std::ops::RangeInclusive<f32> = 0.2..=5.0;
/// Longest remembered scene path, in characters.
const MAX_PATH_CHARS: usize = 4096;

impl Settings {
    /// Saved settings pass the same checks as a scene file, since a corrupt or hand-edited
    /// state file is just as untrusted. Each part that fails is replaced by its default;
    /// returns the reasons, one per replaced part.
    pub fn validated(mut self) -> (Self, Vec<String>) {
        let defaults = Settings::default();
        let mut problems = Vec::new();
        if !ZOOM.contains(&self.zoom) {
            problems.push(format!("zoom {} is outside {ZOOM:?}", self.zoom));
            self.zoom = defaults.zoom;
        }
        if self.scene_path.chars().count() > MAX_PATH_CHARS {
            problems.push(format!(
                "scene path is longer than {MAX_PATH_CHARS} characters"
            ));
            self.scene_path = defaults.scene_path;
        }
        if let Err(e) = scene::validate_lab(&self.landscape) {
            problems.push(format!("landscape: {e}"));
            self.landscape = defaults.landscape;
        }
        if let Err(e) = scene::validate_mnist(&self.mnist) {
            problems.push(e.to_string());
            self.mnist = defaults.mnist;
        }
        (self, problems)
    }
}

/// The outcome of the last scene operation, shown in the top bar.
#[derive(Clone, Debug, PartialEq)]
pub enum SceneStatus {
    Saved(String),
    Loaded(String),
    Error(String),
}

pub struct App {
    pub settings: Settings,
    pub landscape: LandscapeView,
    pub mnist: MnistView,
    pub why_hard: WhyHardView,
    pub scene_status: Option<SceneStatus>,
    pub help_open: bool,
    /// Native file dialogs (scenes here; the MNIST tab asks through `pick_folder`).
    pub file_picker: crate::ui::file_picker::FilePicker,
    /// The lecture being given (or last given), if any.
    pub lecture: Option<presenting::LecturePlayer>,
    fullscreen: bool,
    last_frame: Option<f64>,
    /// First start (nothing saved): the window still has to be sized to the screen.
    size_window: bool,
}

impl App {
    pub fn new(cc: &eframe::CreationContext<'_>) -> Self {
        // A state file that does not even parse (e.g. an unknown field) is replaced whole.
        let saved: Option<Settings> = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY));
        let first_start = saved.is_none();
        let (settings, problems) = saved.unwrap_or_default().validated();
        let mut app = Self::with_settings(&cc.egui_ctx, settings);
        app.size_window = first_start;
        if !problems.is_empty() {
            let message = format!("saved settings reset: {}", problems.join("; "));
            app.scene_status = Some(SceneStatus::Error(message));
        }
        app
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
            mnist: MnistView::new(settings.mnist.clone(), data).with_pace(settings.mnist_pace),
            why_hard: WhyHardView::default(),
            settings,
            scene_status: None,
            help_open: false,
            file_picker: Default::default(),
            lecture: None,
            fullscreen: false,
            last_frame: None,
            size_window: false,
        }
    }

    /// The current set-up of both tabs as a scene.
    pub fn scene(&self) -> Scene {
        Scene {
            version: SCENE_VERSION,
            name: String::new(),
            landscape: Some(self.landscape.lab.state.clone()),
            mnist: Some(self.mnist.config.clone()),
        }
    }

    /// Applies a validated scene; the parts it lacks stay as they are.
    pub fn apply_scene(&mut self, scene: Scene) {
        if let Some(state) = scene.landscape {
            self.landscape.lab.load(state);
            self.settings.tab = Tab::Landscape;
        }
        if let Some(config) = scene.mnist {
            self.mnist.set_config(config);
        }
    }

    /// Opens a scene file. On any error the current state is left untouched.
    pub fn open_scene(&mut self, path: &Path) {
        self.scene_status = Some(match scene::load(path) {
            Ok(scene) => {
                self.apply_scene(scene);
                self.settings.scene_path = path.display().to_string();
                SceneStatus::Loaded(full_path(path))
            }
            Err(e) => SceneStatus::Error(e.to_string()),
        });
    }

    pub fn save_scene(&mut self, path: &Path) {
        self.scene_status = Some(match scene::save(path, &self.scene()) {
            Ok(()) => SceneStatus::Saved(full_path(path)),
            Err(e) => SceneStatus::Error(e.to_string()),
        });
    }

    fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<std::path::PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if let Some(path) = dropped.last() {
            self.open_scene(path);
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        if ctx.memory(|m| m.focused().is_some()) {
            return; // typing into a field, not driving the race
        }
        let pressed = |key| ctx.input(|i| i.key_pressed(key));
        if pressed(egui::Key::Questionmark) || pressed(egui::Key::F1) {
            self.help_open = !self.help_open;
        }
        if pressed(egui::Key::Escape) {
            self.help_open = false;
        }
        if pressed(egui::Key::F) || pressed(egui::Key::F11) {
            self.fullscreen = !self.fullscreen;
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(self.fullscreen));
        }
        self.tab_shortcuts(ctx);
    }
}

/// The whole path of a file the app read or wrote: a relative one depends on where the app
/// was started, which the teacher cannot see.
pub fn full_path(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// egui's built-in fonts lack many of the chapter's symbols (∇, ←, √, ⊙ …): add DejaVu Sans as
/// a fallback, bundled so every machine renders them the same.
pub fn install_fonts(ctx: &egui::Context) {
    const DEJAVU: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
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

/// Light theme with stronger contrast than egui's default, for washed-out projectors.
pub fn visuals(dark: bool) -> egui::Visuals {
    if dark {
        return egui::Visuals::dark();
    }
    let mut v = egui::Visuals::light();
    v.override_text_color = Some(egui::Color32::BLACK);
    v.widgets.noninteractive.fg_stroke.color = egui::Color32::BLACK;
    v.extreme_bg_color = egui::Color32::WHITE;
    v
}

impl eframe::App for App {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        let now = ctx.input(|i| i.time);
        let dt_secs = self.last_frame.map_or(0.0, |t| (now - t).clamp(0.0, 0.25));
        self.last_frame = Some(now);
        if self.size_window && crate::ui::layout::size_first_window(ctx) {
            self.size_window = false;
        }
        ctx.set_visuals(visuals(self.settings.dark));
        // Ctrl +/- (egui's own zoom keys) should also persist.
        self.settings.zoom = ctx.zoom_factor();
        self.landscape.line_scale = if self.settings.thick_lines { 1.8 } else { 1.0 };
        self.dropped_files(ctx);
        if !presenting::lecture_keys(ctx, self) {
            self.shortcuts(ctx);
        }
        if let Some(player) = self.lecture.as_mut().filter(|p| p.presenting) {
            player.started.get_or_insert(now);
        }
        for tab in Tab::ALL {
            self.tab_mut(tab).logic(ctx, dt_secs);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        crate::ui::layout::begin_frame(ui.ctx());
        if self.presenting() {
            presenting::present_ui(ui, self);
            return;
        }
        egui::Panel::top("top_bar").show(ui, |ui| self.top_bar_ui(ui));
        slide_editor::slide_editor_ui(ui, self);
        self.shown_tab().ui(ui);
        let tab_keys = self.tab_keys_help();
        crate::ui::help::help_ui(ui.ctx(), &mut self.help_open, &tab_keys);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.settings.landscape = self.landscape.lab.state.clone();
        self.settings.mnist = self.mnist.config.clone();
        self.settings.mnist_pace = self.mnist.pace;
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
}
