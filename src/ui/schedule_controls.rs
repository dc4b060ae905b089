//! The selected optimizer's learning-rate schedule: a menu, its arguments as sliders, and the lr
//! in force at the timeline's step.

use crate::core::lab::Lab;
use crate::core::schedule::{KnobKind, Schedule};

use super::fmt_num;

/// Returns a message when a value was refused.
pub fn schedule_controls_ui(ui: &mut egui::Ui, lab: &mut Lab, index: usize) -> Option<String> {
    let entry = lab.state.entries.get(index).copied()?;
    let current = entry.racer.schedule;
    let mut next = None;
    egui::ComboBox::from_label("lr schedule")
        .selected_text(current.name())
        .show_ui(ui, |ui| {
            for name in Schedule::NAMES {
                if ui.selectable_label(current.name() == name, name).clicked()
                    && name != current.name()
                {
                    next = Some(Schedule::for_race(
                        name,
                        lab.state.max_steps,
                        entry.racer.hyper.lr,
                    ));
                }
            }
        })
        .response
        .on_hover_text("How the learning rate changes over the race (torch.optim.lr_scheduler).");
    let race_len = lab.state.max_steps.max(1) as f64;
    for knob in current.knobs() {
        let Some(mut value) = current.knob(knob.key) else {
            continue;
        };
        let changed = match knob.kind {
            KnobKind::Flag => {
                let mut on = value >= 0.5;
                let r = ui.checkbox(&mut on, knob.label);
                value = if on { 1.0 } else { 0.0 };
                r.on_hover_text(knob.help).changed()
            }
            KnobKind::Count => {
                let hi = race_len.max(value);
                ui.add(
                    egui::Slider::new(&mut value, 1.0..=hi)
                        .integer()
                        .text(knob.label),
                )
                .on_hover_text(knob.help)
                .changed()
            }
            KnobKind::Real { log } => ui
                .add(
                    egui::Slider::new(&mut value, knob.range.0..=knob.range.1)
                        .logarithmic(log)
                        .clamping(egui::SliderClamping::Never)
                        .text(knob.label),
                )
                .on_hover_text(knob.help)
                .changed(),
        };
        if changed {
            next = Some(current.with_knob(knob.key, value));
        }
    }
    let message = match next {
        Some(Ok(schedule)) => lab.set_schedule(index, schedule).err(),
        Some(Err(e)) => Some(e.to_string()),
        None => None,
    };
    if current != Schedule::Constant {
        ui.label(egui::RichText::new(current.to_string()).monospace().small())
            .on_hover_text("The same schedule for `descent trace --schedule` and scene files.");
    }
    message
}

/// The lr the selected racer uses at the timeline's step (None when it is not racing).
pub fn lr_now(lab: &Lab, index: usize) -> Option<f64> {
    let t = lab.trajectories.get(index)?.as_ref()?;
    t.lr_at(lab.state.step)
}

pub fn lr_now_ui(ui: &mut egui::Ui, lab: &Lab, index: usize) {
    if let Some(lr) = lr_now(lab, index) {
        ui.label(format!("lr at the head = {}", fmt_num(lr)))
            .on_hover_text(
                "The learning rate of the step taken from the head: the schedule's value there.",
            );
    }
}
