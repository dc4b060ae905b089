//! The MNIST tab's controls: data, network, optimizer, regularisation, run buttons.

use crate::core::mlp::{Activation, Loss};
use crate::core::mnist::param_count;
use crate::core::optimizer::OptimizerKind;
use crate::core::training::{CLASSROOM_RUN_SECS, Pace};
use crate::train::{Command, JobState};

use super::MnistView;

pub fn controls_ui(ui: &mut egui::Ui, view: &mut MnistView) {
    ui.heading("Train the MLP");
    data_ui(ui, view);
    ui.separator();
    run_buttons_ui(ui, view);
    ui.separator();
    network_ui(ui, view);
    ui.separator();
    optimizer_ui(ui, view);
    super::lr_find::lr_find_ui(ui, view);
    ui.separator();
    regularisation_ui(ui, view);
    ui.separator();
    test_ui(ui, view);
}

fn data_ui(ui: &mut egui::Ui, view: &mut MnistView) {
    match (&view.run.data, &view.run.data_error) {
        (_, Some(error)) => {
            ui.colored_label(ui.visuals().error_fg_color, format!("data: {error}"));
        }
        (Some(d), None) => {
            ui.label(format!(
                "{}: {} train · {} validation · {} test (held out)",
                d.files.train_file.name, d.train, d.validation, d.test
            ))
            .on_hover_text(
                "Validation images (the end of the training file) guide choices like when to stop; \
                 the test set is only used when you press 'evaluate on test', so it stays an honest \
                 estimate of accuracy on unseen digits.",
            );
        }
        (None, None) => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("loading MNIST…");
            });
        }
    }
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut view.data_dir_text)
                .hint_text("folder with IDX files")
                .desired_width(180.0),
        )
        .on_hover_text("Any folder with train-/t10k- images and labels in IDX format (gzipped or not), e.g. Fashion-MNIST");
        if ui.button("load folder").on_hover_text("Load the IDX dataset from the folder typed on the left").clicked() && !view.data_dir_text.trim().is_empty() {
            let dir = std::path::PathBuf::from(view.data_dir_text.trim());
            view.load_dir(ui.ctx(), dir);
        }
        if ui
            .button("browse…")
            .on_hover_text("Choose the dataset folder with the system's folder dialog")
            .clicked()
        {
            view.folder_picker.open(ui.ctx(), crate::ui::file_picker::Pick::Folder);
        }
        if let Some((_, dir)) = view.folder_picker.poll() {
            view.data_dir_text = dir.display().to_string();
            view.load_dir(ui.ctx(), dir);
        }
    });
}

pub(super) fn run_buttons_ui(ui: &mut egui::Ui, view: &mut MnistView) {
    let ctx = ui.ctx().clone();
    ui.horizontal(|ui| {
        if ui
            .button("▶ start")
            .on_hover_text("Train a fresh network with these settings (the previous run stays as a faded curve)")
            .clicked()
        {
            view.start(&ctx);
        }
        match view.run.state {
            JobState::Running => {
                if ui.button("▮▮ pause").on_hover_text("Pause training between mini-batches").clicked() {
                    view.send(&ctx, Command::Pause);
                }
            }
            JobState::Paused => {
                if ui.button("▶ resume").on_hover_text("Continue training where it paused").clicked() {
                    view.send(&ctx, Command::Resume);
                }
            }
            JobState::Idle => {}
        }
        if ui.button("↺ reset").on_hover_text("Stop and clear the current run").clicked() {
            view.reset(&ctx);
        }
    });
    pace_ui(ui, view);
    let status = match view.run.state {
        JobState::Running => "training",
        JobState::Paused => "paused",
        JobState::Idle => "idle",
    };
    ui.label(format!("{status} · epoch {} done", view.run.epochs_done));
    if let Some(s) = &view.run.snapshot {
        ui.label(format!(
            "{:.0} images/s{}",
            s.examples_per_sec,
            s.last_epoch_secs
                .map(|t| format!(" · last epoch {t:.2} s"))
                .unwrap_or_default()
        ))
        .on_hover_text("Throughput of the training thread and the training time of the last epoch");
    }
    if let Some(best) = view.run.early_stopped {
        ui.colored_label(
            crate::ui::palette::GREEN,
            format!("early stopping: restored epoch {best}'s weights"),
        );
    }
    if let Some(msg) = &view.run.diverged {
        ui.colored_label(ui.visuals().error_fg_color, format!("diverged: {msg}"));
    }
    if let Some(msg) = &view.message {
        ui.colored_label(ui.visuals().warn_fg_color, msg);
    }
}

/// Classroom pace or full speed: one click either way, kept across restarts.
fn pace_ui(ui: &mut egui::Ui, view: &mut MnistView) {
    let mut pace = view.pace;
    ui.horizontal(|ui| {
        let secs = CLASSROOM_RUN_SECS;
        ui.selectable_value(&mut pace, Pace::Classroom, Pace::Classroom.label())
            .on_hover_text(format!(
                "Epochs paced so a whole run takes about {secs:.0} s, whatever its size: slow \
                 enough for the class to watch the curves move"
            ));
        ui.selectable_value(&mut pace, Pace::FullSpeed, Pace::FullSpeed.label())
            .on_hover_text(
                "Train as fast as this CPU allows (an epoch takes a fraction of a second)",
            );
    });
    if pace != view.pace {
        view.set_pace(ui.ctx(), pace);
    }
}

fn network_ui(ui: &mut egui::Ui, view: &mut MnistView) {
    ui.strong("Network");
    ui.horizontal(|ui| {
        ui.label("hidden layers");
        ui.add(egui::TextEdit::singleline(&mut view.hidden_text).desired_width(80.0))
            .on_hover_text("Widths of the hidden layers, comma-separated: 15 is the chapter's network, 100,30 a deeper one");
    });
    if let Ok(hidden) = crate::core::mlp::parse_hidden(&view.hidden_text) {
        let sizes: Vec<String> = std::iter::once(784)
            .chain(hidden.iter().copied())
            .chain(std::iter::once(10))
            .map(|n| n.to_string())
            .collect();
        ui.label(format!(
            "{} — {} parameters",
            sizes.join("-"),
            param_count(&hidden)
        ))
        .on_hover_text("Every weight and bias is a parameter gradient descent must tune");
    }
    let c = &mut view.config;
    ui.horizontal(|ui| {
        ui.label("activation");
        for a in Activation::ALL {
            ui.selectable_value(&mut c.activation, a, a.name())
                .on_hover_text("The hidden units' squashing function: sigmoid as in the chapter, tanh, or ReLU");
        }
    });
    ui.horizontal(|ui| {
        ui.label("loss");
        ui.selectable_value(&mut c.loss, Loss::CrossEntropy, "softmax + cross-entropy")
            .on_hover_text("Outputs become probabilities; the loss is −log p(correct digit)");
        ui.selectable_value(&mut c.loss, Loss::Mse, "MSE")
            .on_hover_text(
                "The chapter's squared error between sigmoid outputs and the one-hot label",
            );
    });
    ui.add(egui::Slider::new(&mut c.seed, 0..=100).text("seed"))
        .on_hover_text(
            "Seed of the initial weights and the shuffling: the same seed gives the same run",
        );
}

fn optimizer_ui(ui: &mut egui::Ui, view: &mut MnistView) {
    ui.strong("Gradient descent");
    let ctx = ui.ctx().clone();
    let mut kind = view.config.optimizer;
    let picked = crate::ui::combo::enum_combo(
        ui,
        "mnist_optimizer",
        &mut kind,
        OptimizerKind::ALL,
        |k| k.label(),
        |k| Some(k.description()),
    )
    .on_hover_text("Optimizer: the same implementations as the landscape tab. Switching during a run starts the new one afresh from the current weights");
    if picked.changed() {
        view.set_optimizer(&ctx, kind);
    }
    // What the job reports it is running, so a rejected change cannot go unnoticed.
    if view.run.state != JobState::Idle
        && let Some(s) = view.current_snapshot()
    {
        ui.label(format!(
            "this run: {} · lr {} · {} steps",
            s.optimizer.label(),
            s.hyper.lr,
            s.optimizer_steps
        ))
        .on_hover_text("The optimizer the training thread is using now; its step count restarts when you switch");
    }
    let kind = view.config.optimizer;
    let before = view.config.hyper;
    let one_cycle = view.config.schedule_per_step();
    let c = &mut view.config;
    crate::ui::slider::hyper_sliders_ui(
        ui,
        c.optimizer,
        &mut c.hyper,
        one_cycle,
        Some(super::lr_find::SLIDER_MAX_LR),
        egui::SliderClamping::Always,
    );
    super::schedule::schedule_ui(ui, view);
    let c = &mut view.config;
    ui.add(egui::Slider::new(&mut c.batch_size, 1..=c.train_size.max(1)).logarithmic(true).text("batch size"))
        .on_hover_text("Examples per gradient step: 1 is stochastic GD, a few dozen is mini-batch GD, the whole training set is batch GD");
    ui.add(
        egui::Slider::new(&mut c.epochs, 1..=200)
            .logarithmic(true)
            .text("epochs"),
    )
    .on_hover_text("Passes over the training set");
    ui.add(
        egui::Slider::new(&mut c.train_size, 500..=50_000)
            .logarithmic(true)
            .text("training images"),
    )
    .on_hover_text("Fewer training images make overfitting easy to provoke: try 1,000");
    if c.optimizer == kind
        && c.hyper != before
        && view.run.state != JobState::Idle
        && c.hyper.validate(c.optimizer).is_ok()
    {
        let hyper = c.hyper;
        view.send(&ctx, Command::SetHyper(hyper));
    }
    if ui
        .button("overfitting demo")
        .on_hover_text(
            "The chapter's network on only 1,000 images for 50 epochs at lr 2: training loss \
             keeps falling while validation loss turns up after a few epochs. Press ▶ start.",
        )
        .clicked()
    {
        view.set_config(crate::core::training::TrainConfig::overfitting_demo());
    }
}

fn regularisation_ui(ui: &mut egui::Ui, view: &mut MnistView) {
    ui.strong("Against overfitting");
    let ctx = ui.ctx().clone();
    let before = view.config.regularisation();
    let c = &mut view.config;
    ui.add(egui::Slider::new(&mut c.l2, 0.0..=0.01).text("L2 λ"))
        .on_hover_text("Weight decay: adds λ/2·Σw² to the loss, pulling weights toward zero");
    ui.add(egui::Slider::new(&mut c.l1, 0.0..=0.001).text("L1 λ"))
        .on_hover_text("Adds λ·Σ|w|: drives unneeded weights to exactly zero");
    ui.add(egui::Slider::new(&mut c.dropout, 0.0..=0.8).text("dropout"))
        .on_hover_text("Each training step randomly switches off this fraction of hidden units, so no unit can rely on another");
    ui.add(egui::Slider::new(&mut c.noise, 0.0..=0.5).text("input noise σ"))
        .on_hover_text("Gaussian noise added to the pixels during training: the network must learn shapes, not exact pixels");
    let mut early = c.patience.is_some();
    let mut patience = c.patience.unwrap_or(3);
    ui.horizontal(|ui| {
        ui.checkbox(&mut early, "early stopping")
            .on_hover_text("Stop when validation loss has not improved for 'patience' epochs, and restore the best weights");
        ui.add_enabled(early, egui::Slider::new(&mut patience, 1..=20).text("patience"));
    });
    c.patience = early.then_some(patience);
    let after = c.regularisation();
    if after != before && view.run.state != JobState::Idle {
        view.send(&ctx, Command::SetRegularisation(after));
    }
}

fn test_ui(ui: &mut egui::Ui, view: &mut MnistView) {
    ui.strong("Test set");
    ui.label(
        "Held out: tuning settings until the test score looks good would overfit them to the test \
         set too. Evaluate it once, at the end.",
    );
    let ctx = ui.ctx().clone();
    if ui
        .button("evaluate on test")
        .on_hover_text("Accuracy on the 10,000 test images the network has never seen")
        .clicked()
    {
        view.send(&ctx, Command::EvaluateTest);
    }
    if ui
        .add_enabled(
            !view.exporting_curves(),
            egui::Button::new("export curves (CSV)"),
        )
        .on_hover_text("Write this run's training and validation curves to training_curves.csv")
        .clicked()
    {
        view.export_curves(&ctx, "training_curves.csv".into());
    }
    if let Some((loss, acc)) = view.run.test_result {
        ui.label(
            egui::RichText::new(format!(
                "test accuracy {:.2}% (loss {loss:.4})",
                acc * 100.0
            ))
            .strong(),
        );
    }
}
