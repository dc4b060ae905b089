//! The MNIST run's learning-rate schedule: the race's picker, sized in epochs (OneCycle in
//! optimizer steps).

use crate::core::training::TrainConfig;
use crate::train::JobState;
use crate::ui::schedule_controls::{ScheduleSpan, schedule_picker_ui};

use super::MnistView;

/// Optimizer steps in one epoch of `cfg` on `available` training images.
pub fn steps_per_epoch(cfg: &TrainConfig, available: usize) -> usize {
    cfg.train_size
        .min(available)
        .div_ceil(cfg.batch_size.max(1))
}

pub fn schedule_ui(ui: &mut egui::Ui, view: &mut MnistView) {
    let c = &view.config;
    let available = view.run.data.as_ref().map_or(c.train_size, |d| d.train);
    let span = ScheduleSpan {
        per_epoch: c.epochs,
        per_step: c.epochs * steps_per_epoch(c, available),
    };
    let next = schedule_picker_ui(
        ui,
        c.schedule,
        span,
        c.hyper.lr,
        "How the learning rate changes over the run (torch.optim.lr_scheduler): every schedule \
         counts epochs, except OneCycle, which counts optimizer steps. Takes effect at the next \
         ▶ start.",
    );
    match next {
        Some(Ok(schedule)) => {
            view.config.schedule = schedule;
            if view.run.state != JobState::Idle {
                view.message = Some("the new schedule takes effect at the next ▶ start".into());
            }
        }
        Some(Err(e)) => view.message = Some(e.to_string()),
        None => {}
    }
}
