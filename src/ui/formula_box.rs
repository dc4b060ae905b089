//! "Formula…": the box where the teacher types f(x, y), its inline error, and its window.
//! A formula that does not parse leaves the race on the last one that did.

use crate::core::lab::Lab;
use crate::core::surface::{FormulaSurface, Surface, ViewRect};

/// What the box holds between frames: the text being typed may be invalid, the lab's never is.
#[derive(Default)]
pub struct FormulaBox {
    pub text: String,
    /// The parser's message for `text` ("unknown function 'foo' at 1"), if it was refused.
    pub error: Option<String>,
    /// The formula the lab had when `text` was last synchronised with it.
    shown: Option<String>,
}

/// Accessible name of the text box (tests type into it by this name).
pub const FORMULA_LABEL: &str = "f(x, y) =";

pub fn formula_ui(ui: &mut egui::Ui, state: &mut FormulaBox, lab: &mut Lab) {
    let Surface::Formula(current) = &lab.state.surface else {
        return;
    };
    let current = current.clone();
    // A preset, scene or lecture slide replaced the formula: show the new one.
    if state.shown.as_deref() != Some(current.text()) {
        state.text = current.text().to_owned();
        state.error = None;
        state.shown = Some(current.text().to_owned());
    }
    let response = ui
        .horizontal(|ui| {
            let label = ui.label(egui::RichText::new(FORMULA_LABEL).monospace());
            ui.add(
                egui::TextEdit::singleline(&mut state.text)
                    .font(egui::TextStyle::Monospace)
                    .desired_width(f32::INFINITY)
                    .hint_text("x^2 + 10*y^2"),
            )
            .labelled_by(label.id)
            .on_hover_text(
                "Type f(x, y): numbers, x, y, pi, e, + − * / ^, parentheses and sin cos tan exp \
                 ln log sqrt abs tanh sinh cosh, e.g. sin(x)*cos(y) + 0.1*(x^2 + y^2)",
            )
        })
        .inner;
    if response.changed() {
        apply(state, lab, current.view());
    }
    if let Some(error) = &state.error {
        ui.label(egui::RichText::new(error).color(ui.visuals().error_fg_color))
            .on_hover_text("The race stays on the last formula that was valid.");
    }
    window_ui(ui, state, lab, &current);
}

/// Parses the box; a valid formula goes to the lab, an invalid one only shows its error.
fn apply(state: &mut FormulaBox, lab: &mut Lab, view: ViewRect) {
    match FormulaSurface::new(&state.text, view) {
        Ok(formula) => {
            state.error = None;
            state.shown = Some(formula.text().to_owned());
            lab.set_formula(formula);
        }
        Err(e) => state.error = Some(e.to_string()),
    }
}

/// The window the formula is drawn, searched for minima, and raced in.
fn window_ui(ui: &mut egui::Ui, state: &mut FormulaBox, lab: &mut Lab, current: &FormulaSurface) {
    let mut view = current.view();
    let mut changed = false;
    let speed = 0.01 * view.width().max(view.height());
    ui.horizontal(|ui| {
        // Compact enough for the side panel at a projector's zoom: "window x -5 to 5, y -5 to 5".
        ui.spacing_mut().item_spacing.x = 4.0;
        ui.label("window");
        let pairs = [
            ("x", &mut view.x_min, &mut view.x_max),
            (", y", &mut view.y_min, &mut view.y_max),
        ];
        for (axis, lo, hi) in pairs {
            let from = ui.label(axis);
            let name = axis.trim_start_matches(", ");
            changed |= drag(ui, lo, speed, from.id, &format!("{name} min"));
            let to = ui.label("to");
            changed |= drag(ui, hi, speed, to.id, &format!("{name} max"));
        }
    });
    if changed && view.width() > 0.0 && view.height() > 0.0 {
        // The window belongs to the formula as entered, not to a half-typed edit.
        if let Ok(formula) = FormulaSurface::new(current.text(), view) {
            state.shown = Some(formula.text().to_owned());
            lab.set_formula(formula);
        }
    }
}

fn drag(ui: &mut egui::Ui, value: &mut f64, speed: f64, label: egui::Id, name: &str) -> bool {
    ui.add(egui::DragValue::new(value).speed(speed).max_decimals(2))
        .labelled_by(label)
        .on_hover_text(format!(
            "{name} of the formula's window (double-click the plot to return to it)"
        ))
        .changed()
}
