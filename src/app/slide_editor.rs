//! Authoring a lecture in the app: a panel beside the tab (while not presenting) with the slide
//! list, the current slide's caption and notes in editable boxes, add (captures the active
//! tab), move, duplicate, delete and save. Every edit goes through core's lecture functions,
//! which read the result back as it will be saved, so the lecture is always a valid file.

use std::path::Path;

use crate::app::{App, SceneStatus, Tab};
use crate::core::lecture::{self, Lecture, LectureError};
use crate::core::views::TabView;

/// The editor's text boxes, loaded from the slide they edit.
#[derive(Debug)]
pub struct SlideEditor {
    pub open: bool,
    /// The slide the boxes hold (None: reload from the current slide).
    pub editing: Option<usize>,
    pub body: String,
    pub notes: String,
}

impl Default for SlideEditor {
    fn default() -> Self {
        Self {
            open: true,
            editing: None,
            body: String::new(),
            notes: String::new(),
        }
    }
}

/// What the teacher asked for in the panel this frame.
enum Edit {
    Show(usize),
    Add,
    Text,
    Move { from: usize, to: usize },
    Duplicate(usize),
    Delete(usize),
    Save,
    Close,
}

pub fn slide_editor_ui(ui: &mut egui::Ui, app: &mut App) {
    let Some(player) = app.lecture.as_mut().filter(|p| p.editor.open) else {
        return;
    };
    let current = player.current;
    if player.editor.editing != Some(current)
        && let Some(slide) = player.lecture.slides.get(current)
    {
        player.editor.body = slide.body.clone();
        player.editor.notes = slide.notes.clone();
        player.editor.editing = Some(current);
    }
    let mut asked = None;
    egui::Panel::right("slide_editor")
        .resizable(true)
        .default_size(320.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                asked = panel_ui(ui, player);
            });
        });
    if let Some(edit) = asked {
        app.apply_edit(edit);
    }
}

fn panel_ui(ui: &mut egui::Ui, player: &mut super::presenting::LecturePlayer) -> Option<Edit> {
    let mut asked = None;
    let current = player.current;
    let total = player.len();
    ui.horizontal(|ui| {
        ui.strong(format!("edit slides · {} / {total}", current + 1));
        if ui
            .small_button("×")
            .on_hover_text("Close the slide editor (✎ slides in the top bar opens it again)")
            .clicked()
        {
            asked = Some(Edit::Close);
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("editor_slides")
        .max_height(150.0)
        .show(ui, |ui| {
            for (i, slide) in player.lecture.slides.iter().enumerate() {
                let text = format!("{}. {} ({})", i + 1, slide.title, slide.tab.name());
                if ui.selectable_label(i == current, text).clicked() {
                    asked = Some(Edit::Show(i));
                }
            }
        });
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(current > 0, egui::Button::new("move up"))
            .on_hover_text("Swap this slide with the one before it")
            .clicked()
        {
            asked = Some(Edit::Move {
                from: current,
                to: current - 1,
            });
        }
        if ui
            .add_enabled(current + 1 < total, egui::Button::new("move down"))
            .on_hover_text("Swap this slide with the one after it")
            .clicked()
        {
            asked = Some(Edit::Move {
                from: current,
                to: current + 1,
            });
        }
        if ui
            .button("duplicate")
            .on_hover_text("A copy of this slide right after it")
            .clicked()
        {
            asked = Some(Edit::Duplicate(current));
        }
        if ui
            .add_enabled(total > 1, egui::Button::new("delete"))
            .on_hover_text("Remove this slide (a lecture keeps at least one)")
            .clicked()
        {
            asked = Some(Edit::Delete(current));
        }
        if ui
            .button("+ slide")
            .on_hover_text(format!(
                "The active tab as it is now becomes a new slide after slide {}",
                current + 1
            ))
            .clicked()
        {
            asked = Some(Edit::Add);
        }
    });
    let editor = &mut player.editor;
    let label = ui.label("caption (Markdown; the first # heading is the title)");
    let caption = egui::TextEdit::multiline(&mut editor.body)
        .desired_rows(6)
        .desired_width(f32::INFINITY)
        .code_editor();
    if ui.add(caption).labelled_by(label.id).changed() {
        asked = Some(Edit::Text);
    }
    let label = ui.label("speaker notes (presenter view only)");
    let notes = egui::TextEdit::multiline(&mut editor.notes)
        .desired_rows(4)
        .desired_width(f32::INFINITY);
    if ui.add(notes).labelled_by(label.id).changed() {
        asked = Some(Edit::Text);
    }
    ui.separator();
    ui.horizontal(|ui| {
        ui.add(egui::TextEdit::singleline(&mut player.save_path).desired_width(150.0))
            .on_hover_text("Lecture file to save to");
        if ui
            .button("save lecture")
            .on_hover_text("Write the lecture (readable Markdown) to the file named on the left")
            .clicked()
        {
            asked = Some(Edit::Save);
        }
    });
    asked
}

/// Authoring: each edit replaces the lecture with core's validated result, or changes nothing
/// and says why in the status line.
impl App {
    fn apply_edit(&mut self, edit: Edit) {
        let Some(player) = self.lecture.as_mut() else {
            return;
        };
        let base = Path::new(&player.save_path).parent().map(Path::to_path_buf);
        let base = base.as_deref();
        let lec = &player.lecture;
        let current = player.current;
        let (result, show): (Result<Lecture, LectureError>, usize) = match edit {
            Edit::Show(i) => return self.show_slide(i),
            Edit::Add => return self.add_slide(),
            Edit::Save => return self.save_lecture(),
            Edit::Close => {
                player.editor.open = false;
                return;
            }
            Edit::Text => {
                let (body, notes) = (&player.editor.body, &player.editor.notes);
                match lecture::with_text_edited(lec, current, body, notes, base) {
                    // The figure keeps the teacher's changes: only the words changed.
                    Ok(edited) => {
                        player.lecture = edited;
                        self.scene_status = None;
                    }
                    Err(e) => self.scene_status = Some(SceneStatus::Error(e.to_string())),
                }
                return;
            }
            Edit::Move { from, to } => (lecture::with_slide_moved(lec, from, to, base), to),
            Edit::Duplicate(i) => (lecture::with_slide_duplicated(lec, i, base), i + 1),
            Edit::Delete(i) => {
                let next = i.min(lec.slides.len().saturating_sub(2));
                (lecture::with_slide_deleted(lec, i, base), next)
            }
        };
        self.replace_lecture(result, show);
    }

    fn replace_lecture(&mut self, result: Result<Lecture, LectureError>, show: usize) {
        let Some(player) = self.lecture.as_mut() else {
            return;
        };
        match result {
            Ok(edited) => {
                player.lecture = edited;
                player.editor.editing = None;
                self.scene_status = None;
                self.show_slide(show);
            }
            Err(e) => self.scene_status = Some(SceneStatus::Error(e.to_string())),
        }
    }

    /// "Add slide": the active tab as it is now becomes a new slide after the current one.
    pub fn add_slide(&mut self) {
        let Some(player) = self.lecture.as_mut() else {
            return;
        };
        let tab = self.settings.tab;
        let view = match tab {
            Tab::Landscape => None,
            Tab::Mnist => Some(TabView::Mnist(self.mnist.inspect)),
            Tab::WhyHard => Some(TabView::Lesson(self.why_hard.lesson)),
        };
        let header = lecture::capture_tab(
            tab.lecture_tab(),
            view,
            &self.landscape.lab.state,
            &self.mnist.config,
        );
        let base = Path::new(&player.save_path).parent().map(Path::to_path_buf);
        let body = "# New slide\n- what the class should notice";
        let added = lecture::with_slide_added(
            &player.lecture,
            player.current,
            header,
            body,
            base.as_deref(),
        );
        let next = player.current + 1;
        player.editor.open = true;
        self.replace_lecture(added, next);
        if self.scene_status.is_none() {
            self.scene_status = Some(SceneStatus::Loaded(format!(
                "added slide {} (edit its caption and notes on the right)",
                next + 1
            )));
        }
    }

    /// Writes the open lecture to its file.
    pub fn save_lecture(&mut self) {
        let Some(player) = self.lecture.as_ref() else {
            return;
        };
        let path = Path::new(&player.save_path);
        self.scene_status = Some(match lecture::save(path, &player.lecture) {
            Ok(()) => SceneStatus::Saved(player.save_path.clone()),
            Err(e) => SceneStatus::Error(e.to_string()),
        });
    }
}
