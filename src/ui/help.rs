//! The keyboard-shortcut overlay (press ?).

/// The landscape's keys, shown above the tabs' number keys.
const RACE_SHORTCUTS: [(&str, &str); 3] = [
    ("space", "play / pause the race"),
    ("→  /  ←", "one step forward / back"),
    ("R", "reset the race to its start"),
];

const SHORTCUTS: [(&str, &str); 6] = [
    ("F  or  F11", "fullscreen"),
    ("ctrl +  /  ctrl −", "zoom the whole UI"),
    ("?  or  F1", "this help"),
    ("Esc", "close this help"),
    ("drop a .json file", "open a scene"),
    ("F5", "present the open lecture (→ ← B P Esc)"),
];

/// `tab_keys`: the tabs' number keys and their labels (from the app's list of tabs).
pub fn help_ui(ctx: &egui::Context, open: &mut bool, tab_keys: &(String, String)) {
    let mut still_open = *open;
    egui::Window::new("Keyboard shortcuts")
        .open(&mut still_open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts")
                .spacing([24.0, 8.0])
                .show(ui, |ui| {
                    let tabs = (tab_keys.0.as_str(), tab_keys.1.as_str());
                    let rows = RACE_SHORTCUTS.into_iter().chain([tabs]).chain(SHORTCUTS);
                    for (keys, action) in rows {
                        ui.label(egui::RichText::new(keys).strong().size(18.0));
                        ui.label(egui::RichText::new(action).size(18.0));
                        ui.end_row();
                    }
                });
        });
    *open = still_open && *open;
}
