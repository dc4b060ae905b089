//! The top bar: tabs, scene files, projector options, help.

use std::path::PathBuf;

use crate::app::{App, SceneStatus, Tab};
use crate::ui::file_picker::Pick;

pub fn top_bar_ui(ui: &mut egui::Ui, app: &mut App) {
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
        let tabs = [
            (Tab::Landscape, "Landscape", "Optimizers racing downhill on loss landscapes (key 1)"),
            (Tab::Mnist, "MNIST", "Train the chapter's 784-15-10 network on handwritten digits, live (key 2)"),
            (
                Tab::WhyHard,
                "Why it's hard",
                "Random search vs gradient descent, overfitting and validation, backprop vs numerical gradients (key 3)",
            ),
        ];
        for (tab, label, hint) in tabs {
            ui.selectable_value(&mut app.settings.tab, tab, label).on_hover_text(hint);
        }
        ui.separator();
        scene_ui(ui, app);
        ui.separator();
        lecture_ui(ui, app);
        ui.separator();
        projector_ui(ui, app);
        if ui.button("? help").on_hover_text("Keyboard shortcuts (?)").clicked() {
            app.help_open = !app.help_open;
        }
    });
    status_line_ui(ui, app.scene_status.as_ref());
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

fn scene_ui(ui: &mut egui::Ui, app: &mut App) {
    ui.add(egui::TextEdit::singleline(&mut app.settings.scene_path).desired_width(160.0))
        .on_hover_text("Scene file: the whole set-up of both tabs as readable JSON (you can also drop a scene file on the window)");
    let path = PathBuf::from(app.settings.scene_path.trim());
    if ui
        .button("open scene")
        .on_hover_text("Load the scene file named on the left")
        .clicked()
    {
        app.open_scene(&path);
    }
    if ui
        .button("save scene")
        .on_hover_text("Save the current set-up to the file named on the left")
        .clicked()
    {
        app.save_scene(&path);
    }
    if ui
        .button("open…")
        .on_hover_text("Choose a scene file to open")
        .clicked()
    {
        app.file_picker.open(ui.ctx(), Pick::OpenJson);
    }
    if ui
        .button("save as…")
        .on_hover_text("Choose where to save the scene")
        .clicked()
    {
        app.file_picker.open(ui.ctx(), Pick::SaveJson);
    }
    match app.file_picker.poll() {
        Some((Pick::OpenJson, path)) => {
            app.settings.scene_path = path.display().to_string();
            app.open_scene(&path);
        }
        Some((Pick::OpenLecture, path)) => {
            let source = path.display().to_string();
            app.start_lecture(crate::core::lecture::load(&path), &source);
        }
        Some((Pick::SaveJson, path)) => {
            app.settings.scene_path = path.display().to_string();
            app.save_scene(&path);
        }
        // Folders and data files are picked (and handled) by their tabs' own pickers.
        Some((Pick::Folder | Pick::OpenCsv, _)) | None => {}
    }
}

fn lecture_ui(ui: &mut egui::Ui, app: &mut App) {
    ui.menu_button("lecture…", |ui| {
        for (name, _) in crate::core::lecture::BUILTIN {
            if ui.button(name).on_hover_text("A shipped lecture").clicked() {
                app.open_lecture(name);
            }
        }
        if ui
            .button("open file…")
            .on_hover_text("A lecture you wrote (Markdown; see the README, \"Lecture mode\")")
            .clicked()
        {
            app.file_picker.open(ui.ctx(), Pick::OpenLecture);
        }
    })
    .response
    .on_hover_text(
        "Give a lesson slide by slide, with live figures (keys: → next, ← back, Esc leave)",
    );
    if app.lecture.is_some()
        && ui
            .button("▶ present")
            .on_hover_text("Present the open lecture from the first slide (F5)")
            .clicked()
        && let Some(player) = app.lecture.as_mut()
    {
        player.presenting = true;
        app.show_slide(0);
    }
    if let Some(player) = app.lecture.as_mut() {
        ui.toggle_value(&mut player.editor.open, "✎ slides")
            .on_hover_text(
                "The slide editor: captions and notes, add (captures this tab), move, duplicate, delete, save",
            );
    }
}

fn projector_ui(ui: &mut egui::Ui, app: &mut App) {
    if ui
        .button("A−")
        .on_hover_text("Smaller UI (ctrl −)")
        .clicked()
    {
        app.settings.zoom = (app.settings.zoom - 0.1).max(0.6);
        ui.ctx().set_zoom_factor(app.settings.zoom);
    }
    if ui
        .button("A+")
        .on_hover_text("Larger UI for projectors (ctrl +)")
        .clicked()
    {
        app.settings.zoom = (app.settings.zoom + 0.1).min(3.0);
        ui.ctx().set_zoom_factor(app.settings.zoom);
    }
    let theme = if app.settings.dark {
        "☀ light theme"
    } else {
        "☾ dark theme"
    };
    if ui
        .button(theme)
        .on_hover_text("High-contrast light theme for bright rooms, or dark")
        .clicked()
    {
        app.settings.dark = !app.settings.dark;
    }
    ui.checkbox(&mut app.settings.thick_lines, "thick lines")
        .on_hover_text("Thicker optimizer paths, readable from the back of the room");
}
