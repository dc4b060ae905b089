//! Sliders with fine control (#17): a log slider 100 points wide spans decades, so a small
//! movement jumped the learning rate from 0.01 to 0.07. Holding shift while dragging moves the
//! value ten times slower, from where it was; clicking the number lets the teacher type one.

use std::ops::RangeInclusive;

/// How much slower a shift-drag moves the value than a plain drag.
pub const FINE: f64 = 0.1;

/// The hint added to a fine slider's own.
pub const HINT: &str = "Shift-drag for fine steps; click the number to type a value.";

/// A slider over `range` (logarithmic or not) whose shift-drags move `FINE` times as far.
pub fn fine_slider(
    ui: &mut egui::Ui,
    value: &mut f64,
    range: RangeInclusive<f64>,
    logarithmic: bool,
    slider: impl FnOnce(egui::Slider<'_>) -> egui::Slider<'_>,
) -> egui::Response {
    let before = *value;
    let (lo, hi) = (*range.start(), *range.end());
    let width = f64::from(ui.spacing().slider_width).max(1.0);
    let response = ui.add(slider(
        egui::Slider::new(value, range).logarithmic(logarithmic),
    ));
    let shift = ui.input(|i| i.modifiers.shift);
    // Whenever the slider took the pointer's position (pressing, dragging, releasing), a
    // shift-drag replaces that with a small step from the old value.
    if shift && response.interact_pointer_pos().is_some() {
        let fraction = f64::from(response.drag_delta().x) / width * FINE;
        *value = fine_step(before, fraction, lo, hi, logarithmic);
    }
    response
}

/// `value` moved by `fraction` of the slider's length: along the log axis for a log slider.
pub fn fine_step(value: f64, fraction: f64, lo: f64, hi: f64, logarithmic: bool) -> f64 {
    if logarithmic && value > 0.0 && lo > 0.0 {
        value * (hi / lo).powf(fraction)
    } else {
        value + (hi - lo) * fraction
    }
}
