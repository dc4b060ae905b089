//! Play / pause / step / reset, speed, and the scrubber that moves through the race.

use crate::core::lab::Lab;

pub fn timeline_ui(ui: &mut egui::Ui, lab: &mut Lab) {
    if lab.predicting() {
        // The race waits at the start until the reveal plays it.
        ui.disable();
    }
    ui.horizontal_wrapped(|ui| {
        let play_label = if lab.playing {
            "▮▮ pause"
        } else {
            "▶ play"
        };
        if ui
            .button(play_label)
            .on_hover_text("Animate the race (space)")
            .clicked()
        {
            lab.toggle_play();
        }
        if ui
            .button("◀ back")
            .on_hover_text("One step back (←)")
            .clicked()
        {
            lab.step_back();
        }
        if ui
            .button("step ▶")
            .on_hover_text("One optimizer step forward (→)")
            .clicked()
        {
            lab.step_forward();
        }
        if ui
            .button("↺ reset")
            .on_hover_text("Back to the start point (R)")
            .clicked()
        {
            lab.reset();
        }
        // A nested slider does not wrap by itself: start a row when it would not fit.
        let slider_room = ui.spacing().slider_width + 120.0;
        if ui.available_size_before_wrap().x < slider_room {
            ui.end_row();
        }
        let mut speed = lab.state.steps_per_second;
        ui.add(
            egui::Slider::new(&mut speed, 1.0..=500.0)
                .logarithmic(true)
                .text("steps/s"),
        )
        .on_hover_text("Animation speed: optimizer steps shown per second");
        lab.state.steps_per_second = speed;
        let mut max_steps = lab.state.max_steps;
        if ui.available_size_before_wrap().x < 100.0 {
            ui.end_row();
        }
        if ui
            .add(
                egui::DragValue::new(&mut max_steps)
                    .range(1..=100_000)
                    .prefix("steps: "),
            )
            .on_hover_text("Length of the race (number of optimizer steps computed)")
            .changed()
        {
            lab.set_max_steps(max_steps);
        }
    });
    let mut step = lab.state.step;
    let max = lab.state.max_steps;
    // Room for the value box and the label, so the scrubber never runs past the window.
    let width = ui.available_width();
    ui.spacing_mut().slider_width = (width - 175.0).max(60.0);
    if ui
        .add(egui::Slider::new(&mut step, 0..=max).text("step"))
        .on_hover_text("Timeline: drag to move back and forth through the race")
        .changed()
    {
        lab.playing = false;
        lab.set_step(step);
    }
}
