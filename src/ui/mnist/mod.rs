//! The MNIST tab: train the chapter's 784-15-10 network live and watch it learn, then overfit.
//! All numerics run in the background job (`crate::train`); this view drains its progress in
//! `logic` into its `RunRecord` (GUI-free, `crate::train::record`) and draws.

mod controls;
pub mod curves;
pub mod draw_pad;
mod inspect;
mod loss_slice_plot;
pub mod loss_slice_view;
pub mod lr_find;
pub mod network_view;
pub mod pictures;
mod schedule;

use crate::core::optimizer::OptimizerKind;
use crate::core::training::{Pace, TrainConfig};
use crate::train::{
    Applied, Command, DataSource, JobState, NetSnapshot, Progress, RunRecord, TrainingJob,
};

/// The inner view below the curves (named in core so lectures can choose it).
pub use crate::core::views::MnistView as Inspect;

/// Which dataset each cache was filled from (`None`: empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheKeys {
    pub digit_grid: Option<u64>,
    pub snapshot: Option<u64>,
    pub loss_slice_sample: Option<u64>,
    pub loss_slice_view: Option<u64>,
}

pub struct MnistView {
    pub config: TrainConfig,
    /// Classroom pace (the default, so a class can follow) or full speed.
    pub pace: Pace,
    job: Option<TrainingJob>,
    source: DataSource,
    /// The data and runs as the job reported them.
    pub run: RunRecord,
    /// The status line: the job's errors, bad settings, the CSV export's result.
    pub message: Option<String>,
    pub inspect: Inspect,
    pub pad: draw_pad::DrawPad,
    /// The "loss landscape" sub-tab (the MNIST loss slice, not the Landscape tab): slices of the
    /// real loss surface around the network's weights, computed in the background.
    pub loss_slice: loss_slice_view::LossSliceState,
    /// "find lr": the learning-rate range test, run in the background.
    pub lr_find: lr_find::LrFindPanel,
    /// Text of the hidden-layers field ("15" or "100,30").
    pub hidden_text: String,
    pub data_dir_text: String,
    pub folder_picker: crate::ui::file_picker::FilePicker,
    textures: inspect::InspectTextures,
    /// The training-curves CSV being written in the background.
    csv_export: Option<crate::ui::export_panel::WriteJob>,
    /// Start a run as soon as the data is loaded (a lecture slide with `autoplay: yes`).
    pub autostart: bool,
}

impl MnistView {
    pub fn new(config: TrainConfig, source: DataSource) -> Self {
        Self {
            hidden_text: hidden_text(&config.hidden),
            config,
            pace: Pace::Classroom,
            job: None,
            source,
            run: RunRecord::default(),
            message: None,
            inspect: Inspect::default(),
            pad: draw_pad::DrawPad::default(),
            loss_slice: loss_slice_view::LossSliceState::default(),
            lr_find: lr_find::LrFindPanel::default(),
            data_dir_text: String::new(),
            folder_picker: Default::default(),
            textures: inspect::InspectTextures::default(),
            csv_export: None,
            autostart: false,
        }
    }

    /// The view training at `pace` (before its job starts).
    pub fn with_pace(mut self, pace: Pace) -> Self {
        self.pace = pace;
        self
    }

    /// Takes a scene's configuration; the next start uses it.
    pub fn set_config(&mut self, config: TrainConfig) {
        self.hidden_text = hidden_text(&config.hidden);
        self.config = config;
    }

    /// The job (and MNIST decoding) starts on first use, off the UI thread.
    fn job(&mut self, ctx: &egui::Context) -> &TrainingJob {
        self.job.get_or_insert_with(|| {
            let job = TrainingJob::spawn(self.source.clone());
            let ctx = ctx.clone();
            job.set_wake(move || ctx.request_repaint());
            job.send(Command::SetPace(self.pace));
            job
        })
    }

    /// Switches between classroom pace and full speed, from the next chunk of the run.
    pub fn set_pace(&mut self, ctx: &egui::Context, pace: Pace) {
        self.pace = pace;
        self.send(ctx, Command::SetPace(pace));
    }

    pub fn send(&mut self, ctx: &egui::Context, cmd: Command) {
        self.job(ctx).send(cmd);
    }

    /// Loads another IDX dataset folder (e.g. Fashion-MNIST); the current data stays until it loads.
    pub fn load_dir(&mut self, ctx: &egui::Context, dir: std::path::PathBuf) {
        self.load(ctx, DataSource::Dir(dir));
    }

    /// Switches to another dataset with a new job (the old run ends); the current data and
    /// pictures stay until the new data arrives, then everything drawn from them is replaced.
    pub fn load(&mut self, ctx: &egui::Context, source: DataSource) {
        self.source = source;
        self.job = None;
        self.run.new_job();
        self.job(ctx);
    }

    /// Picks another optimizer with its own default hyperparameters. During a run the job
    /// switches to it in one step (fresh optimizer state), so the run, the sliders and the
    /// label never disagree.
    pub fn set_optimizer(&mut self, ctx: &egui::Context, kind: OptimizerKind) {
        if kind == self.config.optimizer {
            return;
        }
        let mut hyper = kind.default_hyper();
        if kind == OptimizerKind::Sgd {
            hyper.lr = 0.5; // the chapter's learning rate for this network
        }
        (self.config.optimizer, self.config.hyper) = (kind, hyper);
        if self.run.state != JobState::Idle {
            self.run.optimizer_switched(kind, hyper.lr);
            self.send(ctx, Command::SetOptimizer { kind, hyper });
        }
    }

    /// Writes the current run's curves to `path` in the background; `message` reports it.
    pub fn export_curves(&mut self, ctx: &egui::Context, path: std::path::PathBuf) {
        let curve = self.run.curve.clone();
        let ctx = ctx.clone();
        self.csv_export = Some(crate::ui::export_panel::WriteJob::spawn(
            path,
            move || ctx.request_repaint(),
            move |out| crate::export::training_csv(&curve, out),
        ));
        self.message = Some("writing the curves…".to_owned());
    }

    /// Whether the curves CSV is still being written.
    pub fn exporting_curves(&self) -> bool {
        self.csv_export.is_some()
    }

    fn poll_export(&mut self) {
        if let Some(result) = self.csv_export.as_mut().and_then(|job| job.poll()) {
            self.csv_export = None;
            self.message = Some(result.unwrap_or_else(|e| e));
        }
    }

    /// Drains the job's progress; never blocks.
    pub fn logic(&mut self, ctx: &egui::Context) {
        self.poll_export();
        let progress = match self.job.as_mut() {
            Some(job) => job.poll(),
            None => {
                self.job(ctx);
                return;
            }
        };
        for p in progress {
            self.apply(p);
        }
        if self.autostart && self.run.data.is_some() {
            self.autostart = false;
            self.start(ctx);
        }
    }

    /// Starts a new run; the current curves become a ghost.
    pub fn start(&mut self, ctx: &egui::Context) {
        let hidden = match crate::core::mlp::parse_hidden(&self.hidden_text) {
            Ok(hidden) => hidden,
            Err(e) => {
                self.message = Some(format!("hidden layers: {e}"));
                return;
            }
        };
        self.config.hidden = hidden;
        if let Err(e) = self.config.validate() {
            self.message = Some(e.to_string());
            return;
        }
        self.run.start(&self.config);
        self.message = None;
        let config = self.config.clone();
        self.send(ctx, Command::Start(config));
    }

    /// Records a message from the job; the loss slice and the status line follow it.
    fn apply(&mut self, p: Progress) {
        match self.run.apply(p) {
            Applied::Done => {}
            Applied::RunStarted(initial) => self.loss_slice.run_started(initial),
            Applied::NewSnapshot => {
                if let Some(snapshot) = &self.run.snapshot {
                    self.loss_slice.record(snapshot);
                }
            }
            Applied::DataReplaced => self.loss_slice.data_replaced(),
            Applied::Error(e) => self.message = Some(e),
        }
    }

    /// The dataset a picture drawn now would come from (None before any has loaded).
    pub fn dataset_id(&self) -> Option<u64> {
        self.run.dataset_id()
    }

    /// The snapshot, if it was trained on the data now loaded.
    pub fn current_snapshot(&self) -> Option<&NetSnapshot> {
        self.run.current_snapshot()
    }

    /// The dataset each cached picture was made from, for checking that none is stale.
    pub fn cache_keys(&self) -> CacheKeys {
        CacheKeys {
            digit_grid: self.textures.digits_dataset(),
            snapshot: self.run.snapshot.as_ref().map(|s| s.dataset),
            loss_slice_sample: self.loss_slice.sample_dataset(),
            loss_slice_view: self.loss_slice.view_dataset(),
        }
    }

    pub fn reset(&mut self, ctx: &egui::Context) {
        self.send(ctx, Command::Reset);
        self.run.reset();
    }

    pub fn ui(&mut self, ui: &mut egui::Ui) {
        crate::ui::layout::side_panel(ui, "mnist_controls", 380.0, |ui| {
            controls::controls_ui(ui, self)
        });
        // Sized by the window, not by its content, so pictures have room to grow.
        let inspect_height = (ui.available_height() * 0.42).max(220.0);
        let inspector = egui::Panel::bottom("mnist_inspect")
            .resizable(false)
            .exact_size(inspect_height)
            .show(ui, |ui| inspect::inspect_ui(ui, self));
        let curves = egui::CentralPanel::default().show(ui, |ui| {
            // With the side panel hidden (narrow windows) the run stays one click away.
            if !crate::ui::layout::controls_shown(ui.ctx()) {
                controls::run_buttons_ui(ui, self);
            }
            curves::curves_ui(ui, self)
        });
        // The curves and the inspector's pictures are both this tab's figures.
        let figures = curves.response.rect.union(inspector.response.rect);
        crate::ui::layout::record_figure(ui.ctx(), figures);
    }
}

fn hidden_text(hidden: &[usize]) -> String {
    hidden
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl crate::ui::tab::AppTab for MnistView {
    fn label(&self) -> &'static str {
        "MNIST"
    }

    fn hint(&self) -> &'static str {
        "Train the chapter's 784-15-10 network on handwritten digits, live"
    }

    fn logic(&mut self, ctx: &egui::Context, _dt_secs: f64) {
        MnistView::logic(self, ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui) {
        MnistView::ui(self, ui);
    }
}
