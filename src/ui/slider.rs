//! Sliders with fine control (#17): a log slider 100 points wide spans decades, so a small
//! movement jumped the learning rate from 0.01 to 0.07. Holding shift while dragging moves the
//! value ten times slower, from where it was; clicking the number lets the teacher type one.

use std::ops::RangeInclusive;

use crate::core::optimizer::{Hyper, HyperParam, OptimizerKind};

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

/// The sliders of the hyperparameters `kind` uses (the lab's racers and the MNIST run share
/// them): shift-drag, the parameter's hint, and under OneCycle a disabled lr slider, since its
/// max_lr sets the lr and a live slider would promise an effect it has not. `lr_max` replaces
/// the lr's usual top; `clamping` says whether a typed value may leave the range. Returns
/// whether a value changed.
pub fn hyper_sliders_ui(
    ui: &mut egui::Ui,
    kind: OptimizerKind,
    hyper: &mut Hyper,
    one_cycle: bool,
    lr_max: Option<f64>,
    clamping: egui::SliderClamping,
) -> bool {
    let mut changed = false;
    for p in HyperParam::ALL.into_iter().filter(|p| kind.uses(*p)) {
        let mut value = hyper.get(p);
        let (lo, hi) = p.range();
        let hi = match (p, lr_max) {
            (HyperParam::Lr, Some(max)) => max,
            _ => hi,
        };
        let lr_off = one_cycle && p == HyperParam::Lr;
        let response = ui
            .add_enabled_ui(!lr_off, |ui| {
                fine_slider(ui, &mut value, lo..=hi, p.log_scale(), |s| {
                    s.clamping(clamping).text(p.label())
                })
            })
            .inner;
        if response
            .on_hover_text(format!("{} {HINT}", p.description()))
            .on_disabled_hover_text(super::schedule_controls::ONECYCLE_LR_NOTE)
            .changed()
        {
            hyper.set(p, value);
            changed = true;
        }
    }
    changed
}
