//! The keyboard-shortcut overlay (press ?).

const SHORTCUTS: [(&str, &str); 10] = [
    ("space", "play / pause the race"),
    ("→  /  ←", "one step forward / back"),
    ("R", "reset the race to its start"),
    ("1  /  2  /  3", "Landscape / MNIST / Why it's hard"),
    ("F  or  F11", "fullscreen"),
    ("ctrl +  /  ctrl −", "zoom the whole UI"),
    ("?  or  F1", "this help"),
    ("Esc", "close this help"),
    ("drop a .json file", "open a scene"),
    ("F5", "present the open lecture (→ ← B P Esc)"),
];

pub fn help_ui(ctx: &egui::Context, open: &mut bool) {
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
                    for (keys, action) in SHORTCUTS {
                        ui.label(egui::RichText::new(keys).strong().size(18.0));
                        ui.label(egui::RichText::new(action).size(18.0));
                        ui.end_row();
                    }
                });
        });
    *open = still_open && *open;
}
