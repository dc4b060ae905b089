//! The top bar: tabs, scene files, projector options, help.

use std::path::PathBuf;

use crate::app::{App, SceneStatus, Tab};
use crate::ui::file_picker::Pick;

impl App {
    pub fn top_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.strong("descent");
            let mut shown = crate::ui::layout::controls_shown(ui.ctx());
            if ui
                .toggle_value(&mut shown, "☰ controls")
                .on_hover_text("Show or hide the side panel of controls: hidden, the figures get the whole window")
                .changed()
            {
                crate::ui::layout::set_controls_shown(ui.ctx(), shown);
            }
            ui.separator();
            for tab in Tab::ALL {
                let label = self.tab_mut(tab).label();
                let hint = self.tab_hint(tab);
                ui.selectable_value(&mut self.settings.tab, tab, label).on_hover_text(hint);
            }
            ui.separator();
            self.scene_ui(ui);
            ui.separator();
            self.lecture_ui(ui);
            ui.separator();
            self.projector_ui(ui);
            if ui.button("? help").on_hover_text("Keyboard shortcuts (?)").clicked() {
                self.help_open = !self.help_open;
            }
        });
        status_line_ui(ui, self.scene_status.as_ref());
    }

    fn scene_ui(&mut self, ui: &mut egui::Ui) {
        ui.add(egui::TextEdit::singleline(&mut self.settings.scene_path).desired_width(160.0))
            .on_hover_text("Scene file: the whole set-up of both tabs as readable JSON (you can also drop a scene file on the window)");
        let path = PathBuf::from(self.settings.scene_path.trim());
        if ui
            .button("open scene")
            .on_hover_text("Load the scene file named on the left")
            .clicked()
        {
            self.open_scene(&path);
        }
        if ui
            .button("save scene")
            .on_hover_text("Save the current set-up to the file named on the left")
            .clicked()
        {
            self.save_scene(&path);
        }
        if ui
            .button("open…")
            .on_hover_text("Choose a scene file to open")
            .clicked()
        {
            self.file_picker.open(ui.ctx(), Pick::OpenJson);
        }
        if ui
            .button("save as…")
            .on_hover_text("Choose where to save the scene")
            .clicked()
        {
            self.file_picker.open(ui.ctx(), Pick::SaveJson);
        }
        match self.file_picker.poll() {
            Some((Pick::OpenJson, path)) => {
                self.settings.scene_path = path.display().to_string();
                self.open_scene(&path);
            }
            Some((Pick::OpenLecture, path)) => {
                let source = path.display().to_string();
                self.start_lecture(crate::core::lecture::load(&path), &source);
            }
            Some((Pick::SaveJson, path)) => {
                self.settings.scene_path = path.display().to_string();
                self.save_scene(&path);
            }
            // Folders and data files are picked (and handled) by their tabs' own pickers.
            Some((Pick::Folder | Pick::OpenCsv, _)) | None => {}
        }
    }

    fn lecture_ui(&mut self, ui: &mut egui::Ui) {
        ui.menu_button("lecture…", |ui| {
            for (name, _) in crate::core::lecture::BUILTIN {
                if ui.button(name).on_hover_text("A shipped lecture").clicked() {
                    self.open_lecture(name);
                }
            }
            if ui
                .button("open file…")
                .on_hover_text("A lecture you wrote (Markdown; see the README, \"Lecture mode\")")
                .clicked()
            {
                self.file_picker.open(ui.ctx(), Pick::OpenLecture);
            }
        })
        .response
        .on_hover_text(
            "Give a lesson slide by slide, with live figures (keys: → next, ← back, Esc leave)",
        );
        if self.lecture.is_some()
            && ui
                .button("▶ present")
                .on_hover_text("Present the open lecture from the first slide (F5)")
                .clicked()
            && let Some(player) = self.lecture.as_mut()
        {
            player.presenting = true;
            self.show_slide(0);
        }
        if let Some(player) = self.lecture.as_mut() {
            ui.toggle_value(&mut player.editor.open, "✎ slides")
                .on_hover_text(
                    "The slide editor: captions and notes, add (captures this tab), move, duplicate, delete, save",
                );
        }
    }

    fn projector_ui(&mut self, ui: &mut egui::Ui) {
        if ui
            .button("A−")
            .on_hover_text("Smaller UI (ctrl −)")
            .clicked()
        {
            self.settings.zoom = (self.settings.zoom - 0.1).max(0.6);
            ui.ctx().set_zoom_factor(self.settings.zoom);
        }
        if ui
            .button("A+")
            .on_hover_text("Larger UI for projectors (ctrl +)")
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
            .on_hover_text("High-contrast light theme for bright rooms, or dark")
            .clicked()
        {
            self.settings.dark = !self.settings.dark;
        }
        ui.checkbox(&mut self.settings.thick_lines, "thick lines")
            .on_hover_text("Thicker optimizer paths, readable from the back of the room");
    }
}

/// The last scene operation on one line that is always there, so nothing below moves when a
/// message appears; a long path is cut short, with the whole of it on hover.
fn status_line_ui(ui: &mut egui::Ui, status: Option<&SceneStatus>) {
    let (text, color) = match status {
        Some(SceneStatus::Error(e)) => (
            format!("⚠ {e} — nothing was changed"),
            Some(ui.visuals().error_fg_color),
        ),
        Some(SceneStatus::Loaded(p)) => (format!("opened {p}"), None),
        Some(SceneStatus::Saved(p)) => (format!("saved {p}"), None),
        None => (String::new(), None),
    };
    let height = ui.text_style_height(&egui::TextStyle::Body);
    let width = ui.available_width();
    ui.allocate_ui_with_layout(
        egui::vec2(width, height),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_size(egui::vec2(width, height));
            let mut rich = egui::RichText::new(&text);
            if let Some(color) = color {
                rich = rich.color(color);
            }
            let label = ui.add(egui::Label::new(rich).truncate());
            if !text.is_empty() {
                label.on_hover_text(&text);
            }
        },
    );
}
