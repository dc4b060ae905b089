//! Presenting a lecture: one slide at a time, driven by the keys a presentation clicker sends.
//! The figure is the app's real state, so the teacher can still drag and tune on a slide.

use egui::{Color32, Key, Modifiers};
use egui_commonmark::{CommonMarkCache, CommonMarkViewer};

use crate::app::{App, SceneStatus, Tab};
use crate::core::lecture::{self, Lecture, LectureError, LectureTab, Slide, SlideLayout};
use crate::core::views::TabView;

/// Caption sizes: legible from the back of a classroom.
const CAPTION_BODY: f32 = 28.0;
const CAPTION_HEADING: f32 = 44.0;

pub struct LecturePlayer {
    pub lecture: Lecture,
    /// The file (or shipped name) it came from, for the status line.
    pub source: String,
    pub current: usize,
    pub presenting: bool,
    /// The screen is black (B or .), so the class looks at the teacher.
    pub blackout: bool,
    /// Digits typed so far for "number, then Enter".
    pub typed: String,
    /// When the presentation started (egui time), for the presenter's clock.
    pub started: Option<f64>,
    /// Where "save lecture" writes: the file it came from, or NAME.md for a shipped one.
    pub save_path: String,
    /// The presenter window's shared state, while it is open (P).
    pub presenter: Option<super::presenter::Shared>,
    /// The slide editor beside the tab, while not presenting.
    pub editor: super::slide_editor::SlideEditor,
    markdown: CommonMarkCache,
}

impl LecturePlayer {
    pub fn new(lecture: Lecture, source: String) -> Self {
        let save_path = if source.ends_with(".md") {
            source.clone()
        } else {
            format!("{source}.md")
        };
        Self {
            save_path,
            lecture,
            source,
            current: 0,
            presenting: true,
            blackout: false,
            typed: String::new(),
            started: None,
            presenter: None,
            editor: Default::default(),
            markdown: CommonMarkCache::default(),
        }
    }

    pub fn slide(&self) -> Option<&Slide> {
        self.lecture.slides.get(self.current)
    }

    pub fn len(&self) -> usize {
        self.lecture.slides.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lecture.slides.is_empty()
    }
}

/// What a key press asks of the app.
enum Action {
    Show(usize),
    Reveal,
    Leave,
}

/// Lecture keys. Returns true when a presentation is running, so the tabs' own shortcuts
/// (Space plays, arrows step) stand down.
pub fn lecture_keys(ctx: &egui::Context, app: &mut App) -> bool {
    // Taken before any widget sees them: a focused button must not eat Space or Enter.
    let take = |key| ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key));
    let Some(player) = app.lecture.as_mut() else {
        return false;
    };
    if !player.presenting {
        if take(Key::F5) {
            player.presenting = true;
            app.show_slide(0);
            return true;
        }
        return false;
    }
    if ctx.text_edit_focused() {
        return true; // typing into a field on a "panels" slide
    }
    let current = player.current;
    let Some(action) = player_keys(player, &take) else {
        return true;
    };
    match action {
        // Moving to another slide shows it as written; the current one keeps the teacher's
        // changes (a clicker's extra press on the last slide must not undo them).
        Action::Show(index) if index != current => app.show_slide(index),
        Action::Show(_) => {}
        Action::Reveal => app.landscape.lab.reveal(),
        Action::Leave => player_leave(app),
    }
    true
}

fn player_leave(app: &mut App) {
    if let Some(player) = app.lecture.as_mut() {
        player.presenting = false;
        player.blackout = false;
    }
}

fn player_keys(player: &mut LecturePlayer, take: &impl Fn(Key) -> bool) -> Option<Action> {
    let last = player.len().saturating_sub(1);
    let mut action = None;
    for (i, key) in (0u8..).zip(DIGITS) {
        if take(key) {
            player.typed.push(char::from(b'0' + i));
        }
    }
    if take(Key::Enter) && !player.typed.is_empty() {
        let n: usize = player.typed.parse().unwrap_or(0);
        player.typed.clear();
        action = Some(Action::Show(n.clamp(1, last + 1) - 1));
    }
    if take(Key::B) || take(Key::Period) {
        player.blackout = !player.blackout;
    }
    if take(Key::PageDown) || take(Key::ArrowRight) || take(Key::Space) {
        action = Some(Action::Show((player.current + 1).min(last)));
    }
    if take(Key::PageUp) || take(Key::ArrowLeft) {
        action = Some(Action::Show(player.current.saturating_sub(1)));
    }
    if take(Key::Home) || take(Key::F5) {
        action = Some(Action::Show(0));
    }
    if take(Key::End) {
        action = Some(Action::Show(last));
    }
    if take(Key::R) {
        action = Some(Action::Reveal);
    }
    if take(Key::P) {
        player.presenter = match player.presenter.take() {
            Some(_) => None,
            None => Some(Default::default()),
        };
    }
    if take(Key::Escape) {
        if player.blackout || !player.typed.is_empty() {
            player.blackout = false;
            player.typed.clear();
        } else {
            action = Some(Action::Leave);
        }
    }
    if matches!(action, Some(Action::Show(_))) {
        player.blackout = false;
    }
    action
}

const DIGITS: [Key; 10] = [
    Key::Num0,
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// The slide: caption strip on top, the figure below, a thin progress bar at the bottom.
pub fn present_ui(ui: &mut egui::Ui, app: &mut App) {
    let ctx = ui.ctx().clone();
    super::presenter::presenter_sync(&ctx, app);
    let App {
        lecture,
        landscape,
        mnist,
        why_hard,
        ..
    } = app;
    let Some(player) = lecture.as_mut() else {
        return;
    };
    if player.blackout {
        egui::CentralPanel::default()
            .frame(egui::Frame::new().fill(Color32::BLACK))
            .show(ui, |_| {});
        return;
    }
    let Some(slide) = player.lecture.slides.get(player.current) else {
        return;
    };
    let (tab, layout) = (slide.tab, slide.layout);
    let predicting = tab == LectureTab::Landscape && landscape.lab.predicting();
    let mut reveal = false;
    egui::Panel::bottom("lecture_progress")
        .show_separator_line(false)
        .show(ui, |ui| progress_ui(ui, player));
    egui::Panel::top("lecture_caption").show(ui, |ui| {
        ui.horizontal_top(|ui| {
            let body = slide.body.clone();
            ui.vertical(|ui| {
                ui.set_max_width(ui.available_width() - 200.0);
                caption_ui(ui, &mut player.markdown, &body);
            });
            if predicting {
                let button =
                    egui::Button::new(egui::RichText::new("reveal (R)").size(CAPTION_BODY));
                reveal = ui.add(button).on_hover_text("Show the race").clicked();
            }
        });
    });
    if reveal {
        landscape.lab.reveal();
    }
    match (tab, layout) {
        (LectureTab::Landscape, SlideLayout::Figure) => landscape.figure_ui(ui),
        (LectureTab::Landscape, SlideLayout::Panels) => landscape.ui(ui),
        // The run buttons stay above the curves when the controls are hidden.
        (LectureTab::Mnist, SlideLayout::Figure) => {
            crate::ui::layout::without_controls(ui, |ui| mnist.ui(ui));
        }
        (LectureTab::Mnist, SlideLayout::Panels) => mnist.ui(ui),
        // A lesson's controls are part of its figure (the climber's light, the lines' presets).
        (LectureTab::WhyHard, _) => why_hard.ui(ui),
    }
}

fn caption_ui(ui: &mut egui::Ui, cache: &mut CommonMarkCache, body: &str) {
    // Full-strength text: egui's default grey washes out on a projector.
    ui.visuals_mut().override_text_color = Some(ui.visuals().strong_text_color());
    let style = ui.style_mut();
    for (text_style, size) in [
        (egui::TextStyle::Body, CAPTION_BODY),
        (egui::TextStyle::Heading, CAPTION_HEADING),
        (egui::TextStyle::Button, CAPTION_BODY),
        (egui::TextStyle::Monospace, CAPTION_BODY),
    ] {
        if let Some(font) = style.text_styles.get_mut(&text_style) {
            font.size = size;
        }
    }
    CommonMarkViewer::new().show(ui, cache, body);
}

/// "3 / 9" and a thin bar: where we are in the lecture, readable at a glance.
fn progress_ui(ui: &mut egui::Ui, player: &LecturePlayer) {
    let total = player.len().max(1);
    let shown = player.current + 1;
    ui.horizontal(|ui| {
        let counter = if player.typed.is_empty() {
            format!("{shown} / {total}")
        } else {
            format!("go to {}… (Enter)", player.typed)
        };
        ui.label(egui::RichText::new(counter).size(20.0));
        ui.label(
            egui::RichText::new("→ next · ← back · B black · P presenter view · Esc leave")
                .size(14.0)
                .weak(),
        );
    });
    let (rect, _) =
        ui.allocate_exact_size(egui::vec2(ui.available_width(), 6.0), egui::Sense::hover());
    let done = rect.width() * shown as f32 / total as f32;
    let painter = ui.painter();
    painter.rect_filled(rect, 0.0, ui.visuals().faint_bg_color);
    let filled = egui::Rect::from_min_size(rect.min, egui::vec2(done, rect.height()));
    painter.rect_filled(filled, 0.0, ui.visuals().selection.bg_fill);
}

/// Opening, moving through and authoring a lecture.
impl App {
    /// Opens a shipped lecture by name, or a lecture file, and starts presenting it.
    pub fn open_lecture(&mut self, name_or_path: &str) {
        self.start_lecture(lecture::open(name_or_path), name_or_path);
    }

    /// Starts presenting a loaded lecture at its first slide. On an error nothing changes
    /// (a lecture already open stays open) and the top bar says why.
    pub fn start_lecture(&mut self, loaded: Result<Lecture, LectureError>, source: &str) {
        match loaded {
            Ok(lecture) => {
                let player = LecturePlayer::new(lecture, source.to_owned());
                self.lecture = Some(player);
                self.show_slide(0);
                self.scene_status = Some(SceneStatus::Loaded(source.to_owned()));
            }
            Err(e) => self.scene_status = Some(SceneStatus::Error(e.to_string())),
        }
    }

    /// Shows a slide of the open lecture as written: its tab, scene and overrides.
    pub fn show_slide(&mut self, index: usize) {
        let Some(player) = self.lecture.as_mut() else {
            return;
        };
        let Some(slide) = player.lecture.slides.get(index) else {
            return;
        };
        player.current = index;
        self.settings.tab = Tab::of_lecture(slide.tab);
        let lab = &mut self.landscape.lab;
        lab.load(slide.landscape.clone());
        lab.set_predicting(slide.predict);
        lab.playing = slide.autoplay && !slide.predict;
        if let Some(config) = &slide.mnist {
            self.mnist.set_config(config.clone());
        }
        self.mnist.autostart = slide.tab == LectureTab::Mnist && slide.autoplay;
        match slide.view {
            Some(TabView::Lesson(lesson)) => self.why_hard.lesson = lesson,
            Some(TabView::Mnist(view)) => self.mnist.inspect = view,
            None => {}
        }
        self.landscape.message = None;
    }

    /// True while a lecture is on screen (the top bar and panels make way for the slide).
    pub fn presenting(&self) -> bool {
        self.lecture.as_ref().is_some_and(|p| p.presenting)
    }
}
