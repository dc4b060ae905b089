//! The list of racing optimizers and the detail controls of the selected one.

use crate::core::inspect::inspect;
use crate::core::lab::Lab;
use crate::core::race::Status;
use crate::core::schedule::Schedule;
use crate::core::stability::NO_FIXED_BOUND;

use super::{color32, fmt_num};

/// Returns a message when an entered value was refused.
pub fn race_panel_ui(ui: &mut egui::Ui, lab: &mut Lab) -> Option<String> {
    ui.heading("Optimizers");
    ui.label("Tick to race, click a name to tune it.");
    for index in 0..lab.state.entries.len() {
        entry_row_ui(ui, lab, index);
    }
    ui.separator();
    let message = selected_controls_ui(ui, lab);
    ui.separator();
    if lab.predicting() {
        ui.label("The inspector is hidden until the reveal.");
    } else {
        inspector_ui(ui, lab);
    }
    message
}

fn entry_row_ui(ui: &mut egui::Ui, lab: &mut Lab, index: usize) {
    let Some(entry) = lab.state.entries.get(index).copied() else {
        return;
    };
    let kind = entry.racer.kind;
    ui.horizontal(|ui| {
        let mut enabled = entry.enabled;
        if ui
            .checkbox(&mut enabled, "")
            .on_hover_text(format!("Race {}", kind.label()))
            .changed()
        {
            lab.set_enabled(index, enabled);
        }
        let mut color = entry.color;
        if ui
            .color_edit_button_srgb(&mut color)
            .on_hover_text(format!(
                "{}'s colour on the plots, legend and exports",
                kind.label()
            ))
            .changed()
            && let Some(e) = lab.state.entries.get_mut(index)
        {
            e.color = color;
        }
        let selected = lab.state.selected == index;
        // Colour names read well on the dark theme; on the light one the swatch carries the colour.
        let text = egui::RichText::new(entry.label()).strong();
        let text = if ui.visuals().dark_mode {
            text.color(color32(entry.color))
        } else {
            text
        };
        if ui
            .selectable_label(selected, text)
            .on_hover_text(kind.description())
            .clicked()
        {
            lab.state.selected = index;
        }
        ui.label(format!("lr {}", fmt_num(entry.racer.hyper.lr)));
        // Badges tell the outcome: none while the class predicts.
        if let Some(Some(t)) = lab.trajectories.get(index).filter(|_| !lab.predicting())
            && let Some(text) = t.status.describe()
        {
            match t.status {
                Status::Escaped { .. } => ui.label(text).on_hover_text(
                    "This surface has no bottom: the path left the view going downhill and would \
                     slide on forever, so it stops there. That is escaping, not an unstable step.",
                ),
                Status::Hole { .. } => ui
                    .colored_label(ui.visuals().error_fg_color, text)
                    .on_hover_text(
                        "The step landed where the formula is undefined or infinite (a hole in \
                         the map, e.g. ln of a negative number): the path stops there.",
                    ),
                _ => ui
                    .colored_label(ui.visuals().error_fg_color, text)
                    .on_hover_text(
                        "A step produced NaN/∞ or left the view by 100×: the path stops there. \
                     Lower the learning rate.",
                    ),
            };
        }
    });
}

fn selected_controls_ui(ui: &mut egui::Ui, lab: &mut Lab) -> Option<String> {
    let index = lab.state.selected;
    let entry = lab.state.entries.get(index).copied()?;
    let kind = entry.racer.kind;
    ui.label(
        egui::RichText::new(kind.label())
            .heading()
            .color(color32(entry.color)),
    );
    ui.label(kind.description());
    let mut hyper = entry.racer.hyper;
    let one_cycle = matches!(entry.racer.schedule, Schedule::OneCycle(_));
    let mut changed = super::slider::hyper_sliders_ui(
        ui,
        kind,
        &mut hyper,
        one_cycle,
        None,
        egui::SliderClamping::Never,
    );
    if ui
        .button("defaults")
        .on_hover_text("torch.optim's default hyperparameters for this optimizer")
        .clicked()
    {
        hyper = kind.default_hyper();
        changed = true;
    }
    if changed && let Err(e) = lab.set_hyper(index, hyper) {
        return Some(e);
    }
    super::schedule_controls::schedule_controls_ui(ui, lab, index)
}

/// What the selected optimizer sees at its head: gradient, velocity, effective step and the
/// curvature that limits the learning rate.
fn inspector_ui(ui: &mut egui::Ui, lab: &Lab) {
    let index = lab.state.selected;
    let (Some(entry), Some(Some(t))) = (lab.state.entries.get(index), lab.trajectories.get(index))
    else {
        ui.label("Enable the selected optimizer to inspect its head.");
        return;
    };
    let step = lab.state.step.min(t.steps());
    // With a schedule, the bound and lr·λmax are those of the lr the next step uses.
    let racer = crate::core::race::racer_at(&entry.racer, step);
    let at = inspect(&lab.state.surface, &racer, t.point_at(step));
    let p = at.point;
    ui.label(format!(
        "step {step}: ({}, {})  loss {}",
        fmt_num(p[0]),
        fmt_num(p[1]),
        fmt_num(at.loss)
    ));
    super::schedule_controls::lr_now_ui(ui, lab, index);
    let g = at.gradient;
    ui.label(format!(
        "gradient ∇ = ({}, {})",
        fmt_num(g[0]),
        fmt_num(g[1])
    ))
    .on_hover_text("The red arrow points along −∇, the steepest way down.");
    // With mini-batches the step follows a batch's gradient, not the full one above.
    let used = t.gradients.get(step).copied();
    if let Some(b) = used.filter(|_| lab.state.mini_batch().is_some()) {
        ui.label(format!(
            "mini-batch gradient = ({}, {})",
            fmt_num(b[0]),
            fmt_num(b[1])
        ))
        .on_hover_text("The gradient of this step's batch of points, which the step follows.");
    }
    if let Some(Some(v)) = t.velocities.get(step) {
        ui.label(format!(
            "velocity / 1st moment = ({}, {})",
            fmt_num(v[0]),
            fmt_num(v[1])
        ))
        .on_hover_text(
            "The blue arrow: the running average of past gradients that momentum follows.",
        );
    }
    if let (Some(u), Some(d)) = (used, t.step_vector(step)) {
        let eff = |i: usize| {
            if u[i] == 0.0 {
                f64::NAN
            } else {
                (d[i] / -u[i]).abs()
            }
        };
        ui.label(format!(
            "effective lr per axis = ({}, {})",
            fmt_num(eff(0)),
            fmt_num(eff(1))
        ))
        .on_hover_text(
            "|Δθ / ∇| on each axis: adaptive methods give each parameter its own step size.",
        );
    }
    let [l1, l2] = at.eigenvalues;
    ui.label(format!(
        "Hessian eigenvalues λ = {}, {}",
        fmt_num(l1),
        fmt_num(l2)
    ))
    .on_hover_text("Curvature along the two principal directions. Mixed signs: a saddle.");
    let hint = "On a bowl with curvature λ a fixed step is stable only while lr·λ stays below a \
                bound set by the update rule: 2 for SGD, 2 + 2β for momentum, 2(1+β)/(1+2β) for \
                Nesterov; weight decay lowers it by lr·wd. Adaptive methods rescale their steps, so no fixed \
                bound applies.";
    let product = fmt_num(at.lr_lambda_max);
    match at.stable_below {
        Some(limit) => {
            let text = format!("lr·λmax = {product} (stable below {})", fmt_num(limit));
            if at.too_large() {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("⚠ {text}: too large, it will oscillate or diverge here"),
                )
                .on_hover_text(hint);
            } else {
                ui.label(text).on_hover_text(hint);
            }
        }
        None => {
            ui.label(format!("lr·λmax = {product}: {NO_FIXED_BOUND}"))
                .on_hover_text(hint);
        }
    }
}
