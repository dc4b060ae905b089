//! "Your own data": load (x, y) points for the regression surface from a CSV file (typed path
//! or the system's file dialog) or from pasted "x,y" lines. A refused file or paste leaves the
//! race as it was and says why in one line.

use std::path::Path;

use crate::core::lab::Lab;
use crate::core::points_csv::{self, PointsError};
use crate::core::regression::Regression;
use crate::core::surface::Surface;

use super::file_picker::{FilePicker, Pick};

#[derive(Default)]
pub struct DataPanel {
    /// The CSV path as typed (or as chosen in the dialog).
    pub path_text: String,
    /// Pasted "x,y" lines.
    pub paste_text: String,
    picker: FilePicker,
}

impl DataPanel {
    /// Loads the CSV file at `path` and races on it; on error nothing changes.
    pub fn load_file(&mut self, lab: &mut Lab, path: &Path) -> Result<(), PointsError> {
        use_data(lab, points_csv::load_dataset(path))
    }

    /// Races on the pasted lines, then empties the box (the data now lives in the race, and
    /// thousands of lines there would be laid out every frame). On error nothing changes: the
    /// text stays for fixing.
    pub fn load_paste(&mut self, lab: &mut Lab) -> Result<(), PointsError> {
        use_data(lab, points_csv::paste_dataset(&self.paste_text))?;
        self.paste_text.clear();
        Ok(())
    }
}

fn use_data(lab: &mut Lab, data: Result<Regression, PointsError>) -> Result<(), PointsError> {
    lab.load_data(data?);
    Ok(())
}

/// The panel; returns the message to show (a refusal, or None after a successful load).
pub fn data_panel_ui(
    ui: &mut egui::Ui,
    panel: &mut DataPanel,
    lab: &mut Lab,
) -> Option<Option<String>> {
    let mut outcome = None;
    let report =
        |r: Result<(), PointsError>| Some(r.err().map(|e| format!("data not loaded: {e}")));
    egui::CollapsingHeader::new("your own data (x, y)")
        .id_salt("own_data")
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("file");
                ui.add(
                    egui::TextEdit::singleline(&mut panel.path_text)
                        .hint_text("data.csv")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id)
                .on_hover_text(
                    "Path of a CSV file: two numeric columns x,y (header optional), up to 10,000 rows",
                );
            });
            ui.horizontal(|ui| {
                if ui
                    .button("load csv")
                    .on_hover_text("Race on the (x, y) points of the file typed above")
                    .clicked()
                    && !panel.path_text.trim().is_empty()
                {
                    let path = std::path::PathBuf::from(panel.path_text.trim());
                    outcome = report(panel.load_file(lab, &path));
                }
                if ui
                    .button("browse…")
                    .on_hover_text("Choose a CSV file with the system's file dialog")
                    .clicked()
                {
                    panel.picker.open(ui.ctx(), Pick::OpenCsv);
                }
            });
            if let Some((_, path)) = panel.picker.poll() {
                panel.path_text = path.display().to_string();
                outcome = report(panel.load_file(lab, &path));
            }
            let label = ui.label("or paste x,y lines");
            // A pasted class list can be thousands of lines: keep the box a few lines tall.
            egui::ScrollArea::vertical()
                .id_salt("paste_scroll")
                .max_height(90.0)
                .show(ui, |ui| {
                    ui.add(
                        egui::TextEdit::multiline(&mut panel.paste_text)
                            .hint_text("1.0, 2.1\n2.0, 3.9")
                            .desired_rows(3)
                            .desired_width(f32::INFINITY)
                            .code_editor(),
                    )
                    .labelled_by(label.id)
                    .on_hover_text(
                        "Paste \"x,y\" lines (commas, tabs from a spreadsheet, or semicolons)",
                    );
                });
            if ui
                .button("use pasted data")
                .on_hover_text("Race on the pasted (x, y) points")
                .clicked()
            {
                outcome = report(panel.load_paste(lab));
            }
            data_summary_ui(ui, lab);
        });
    outcome
}

/// What is loaded: its name, how many points and the least-squares line.
fn data_summary_ui(ui: &mut egui::Ui, lab: &Lab) {
    let Surface::Regression(data) = &lab.state.surface else {
        return;
    };
    let name = data.source.as_deref().unwrap_or("the chapter's data");
    ui.label(format!("{name}: n = {}", data.points.len()));
    if let Some([m, b]) = data.ols() {
        ui.label(format!(
            "least squares: y = {}·x {} {}",
            fmt(m),
            if b < 0.0 { "−" } else { "+" },
            fmt(b.abs())
        ));
    }
}

/// Four significant digits, whatever the data's scale.
fn fmt(v: f64) -> String {
    crate::core::format::loss(v)
}
