//! A learning-rate schedule picker: a menu, the schedule's arguments as sliders, and its spec
//! text. The race (per optimizer) and the MNIST tab share it.

use crate::core::lab::Lab;
use crate::core::schedule::{KnobKind, Schedule, ScheduleError};

use super::combo::EnumCombo;
use super::fmt_num;

/// How long the schedule's counts run: `counted` of its steps for OneCycle, `epochs` (or race
/// steps) for the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScheduleSpan {
    /// What the non-OneCycle schedules count: race steps or epochs.
    pub per_epoch: usize,
    /// Optimizer steps of the whole run (OneCycle's `total_steps`).
    pub per_step: usize,
}

impl ScheduleSpan {
    fn of(&self, name: &str) -> usize {
        if name == "onecycle" {
            self.per_step
        } else {
            self.per_epoch
        }
    }
}

/// The picker for `current`; returns the schedule chosen or edited this frame (or why it
/// was refused). `lr` is the optimizer's lr, where a new OneCycle peaks.
pub fn schedule_picker_ui(
    ui: &mut egui::Ui,
    current: Schedule,
    span: ScheduleSpan,
    lr: f64,
    hover: &str,
) -> Option<Result<Schedule, ScheduleError>> {
    let mut next = None;
    let mut name = current.name();
    let picked = EnumCombo::labelled("lr schedule")
        .show(ui, &mut name, Schedule::NAMES, |n| n, |_| None)
        .on_hover_text(hover);
    if picked.changed() {
        next = Some(Schedule::for_race(name, span.of(name), lr));
    }
    let len = span.of(current.name()).max(1) as f64;
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
                let hi = len.max(value);
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
    if current != Schedule::Constant {
        ui.label(egui::RichText::new(current.to_string()).monospace().small())
            .on_hover_text("The same schedule as a --schedule flag or in a scene file.");
    }
    next
}

/// Why the lr slider is off: OneCycle's max_lr sets the learning rate.
pub const ONECYCLE_LR_NOTE: &str = "OneCycle sets the learning rate itself (from max_lr), so this slider has no effect: \
     change max_lr below, or pick another schedule.";

/// The selected racer's schedule; returns a message when a value was refused.
pub fn schedule_controls_ui(ui: &mut egui::Ui, lab: &mut Lab, index: usize) -> Option<String> {
    let entry = lab.state.entries.get(index).copied()?;
    let steps = lab.state.max_steps;
    let span = ScheduleSpan {
        per_epoch: steps,
        per_step: steps,
    };
    let next = schedule_picker_ui(
        ui,
        entry.racer.schedule,
        span,
        entry.racer.hyper.lr,
        "How the learning rate changes over the race (torch.optim.lr_scheduler).",
    );
    match next {
        Some(Ok(schedule)) => lab.set_schedule(index, schedule).err(),
        Some(Err(e)) => Some(e.to_string()),
        None => None,
    }
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
