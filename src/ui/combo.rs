//! One combo box for choosing among a few values (an enum's variants, a list of sizes), so every
//! picker behaves the same: the current value's label on the button, one entry per option with
//! its own tooltip, and a response that says whether the value changed.

/// A combo box showing `label(*current)` that sets `current` to the option clicked. `hint`
/// gives an option's tooltip (`None`: none). The returned response is `changed()` only when
/// the value changed (clicking the current option again is no change), so callers recompute
/// only then; hover text added to it describes the whole box.
pub fn enum_combo<T, S>(
    ui: &mut egui::Ui,
    id_salt: impl egui::AsIdSalt,
    current: &mut T,
    options: impl IntoIterator<Item = T>,
    label: impl Fn(T) -> S,
    hint: impl Fn(T) -> Option<&'static str>,
) -> egui::Response
where
    T: Copy + PartialEq,
    S: Into<String>,
{
    EnumCombo::new(id_salt).show(ui, current, options, label, hint)
}

/// `enum_combo` with extras some pickers need: a label beside the box, a longer list.
pub struct EnumCombo<'a> {
    combo: egui::ComboBox<'a>,
}

impl<'a> EnumCombo<'a> {
    pub fn new(id_salt: impl egui::AsIdSalt) -> Self {
        Self {
            combo: egui::ComboBox::from_id_salt(id_salt),
        }
    }

    /// With `text` to the right of the box, naming it (also for screen readers and tests).
    pub fn labelled(text: &'a str) -> Self {
        Self {
            combo: egui::ComboBox::from_label(text),
        }
    }

    /// How tall the open list may grow, in points, before it scrolls.
    pub fn height(self, points: f32) -> Self {
        Self {
            combo: self.combo.height(points),
        }
    }

    /// Draws the box; see `enum_combo`.
    pub fn show<T, S>(
        self,
        ui: &mut egui::Ui,
        current: &mut T,
        options: impl IntoIterator<Item = T>,
        label: impl Fn(T) -> S,
        hint: impl Fn(T) -> Option<&'static str>,
    ) -> egui::Response
    where
        T: Copy + PartialEq,
        S: Into<String>,
    {
        let before = *current;
        let mut picked = None;
        let mut response = self
            .combo
            .selected_text(label(before).into())
            .show_ui(ui, |ui| {
                for option in options {
                    let mut entry = ui.selectable_label(option == before, label(option).into());
                    if let Some(text) = hint(option) {
                        entry = entry.on_hover_text(text);
                    }
                    if entry.clicked() {
                        picked = Some(option);
                    }
                }
            })
            .response;
        if let Some(option) = picked.filter(|&o| o != before) {
            *current = option;
            response.mark_changed();
        }
        response
    }
}
