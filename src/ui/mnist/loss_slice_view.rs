//! "Loss landscape" inspect tab: the real loss surface of the MLP around its current weights,
//! sliced along a random plane, the plane of the training path, or 1-D lines. Slices are
//! computed by a `SliceJob` on its own thread, coarse first, and redrawn as they sharpen.

use std::sync::Arc;

use crate::core::loss_slice::{SliceMode, SliceRequest, SliceView, WeightPath};
use crate::core::mnist::{self, Dataset};
use crate::train::{MnistFiles, NetSnapshot, SliceJob, SliceJobRequest, SliceProgress};

use super::MnistView;
use super::loss_slice_plot;

const GRID_CHOICES: [usize; 5] = [11, 21, 41, 61, 81];

/// The tab's settings, the slice job and its latest result.
pub struct LossSliceState {
    pub mode: SliceMode,
    pub resolution: usize,
    pub range: f64,
    pub samples: usize,
    /// Recompute after this many epochs of training (0: only on "refresh now").
    pub refresh_epochs: f64,
    pub seed: u64,
    /// Trajectory mode: put the previous run's path on the same plane.
    pub compare_previous: bool,
    job: Option<SliceJob>,
    generation: u64,
    /// Latest stage of the newest request.
    pub view: Option<Arc<SliceView>>,
    pub view_final: bool,
    pub secs: f64,
    pub samples_used: usize,
    pub error: Option<String>,
    /// Bumped with every new `view` (the heatmap texture follows it).
    pub version: u64,
    pub current: WeightPath,
    pub previous: Option<WeightPath>,
    initial: Option<Vec<f32>>,
    /// The validation sample: the dataset it came from, its size, the images.
    data: Option<(u64, usize, Arc<Dataset>)>,
    /// The dataset of the newest request, and of the slice shown.
    requested_dataset: u64,
    view_dataset: Option<u64>,
    requested_at: Option<f64>,
    dirty: bool,
    pub(super) plot: loss_slice_plot::PlotCache,
}

impl Default for LossSliceState {
    fn default() -> Self {
        LossSliceState {
            mode: SliceMode::RandomPlane,
            resolution: 41,
            range: 1.0,
            samples: 2000,
            refresh_epochs: 1.0,
            seed: 1,
            compare_previous: true,
            job: None,
            generation: 0,
            view: None,
            view_final: false,
            secs: 0.0,
            samples_used: 0,
            error: None,
            version: 0,
            current: WeightPath::default(),
            previous: None,
            initial: None,
            data: None,
            requested_dataset: 0,
            view_dataset: None,
            requested_at: None,
            dirty: false,
            plot: loss_slice_plot::PlotCache::default(),
        }
    }
}

impl LossSliceState {
    /// A new run begins from `initial` (sent by the job): its path starts there, and the
    /// last run's path is kept for comparison.
    pub fn run_started(&mut self, initial: Vec<f32>) {
        let old = std::mem::replace(&mut self.current, WeightPath::starting_at(initial.clone()));
        if old.snapshots.len() >= 2 {
            self.previous = Some(old);
        }
        self.initial = Some(initial);
        self.requested_at = None;
    }

    /// Another dataset was loaded: the slice, the paths and the sample all belong to the
    /// old one, and any slice still being computed is abandoned.
    pub fn data_replaced(&mut self) {
        if let Some(job) = &self.job {
            job.cancel();
            // Stages of the old request still in the channel are then ignored.
            self.generation = job.generation();
        }
        self.view = None;
        self.view_dataset = None;
        self.view_final = false;
        self.error = None;
        self.version += 1;
        self.current = WeightPath::default();
        self.previous = None;
        self.initial = None;
        self.data = None;
        self.requested_at = None;
    }

    /// The dataset the validation sample was taken from.
    pub fn sample_dataset(&self) -> Option<u64> {
        self.data.as_ref().map(|d| d.0)
    }

    /// The dataset of the slice on screen.
    pub fn view_dataset(&self) -> Option<u64> {
        self.view.as_ref().and(self.view_dataset)
    }

    /// The images the slices average over (for tests and readouts).
    pub fn sample(&self) -> Option<&Arc<Dataset>> {
        self.data.as_ref().map(|d| &d.2)
    }

    pub fn record(&mut self, snapshot: &NetSnapshot) {
        self.current
            .record(snapshot.mlp.params(), snapshot.examples_seen);
    }

    fn job(&mut self, ctx: &egui::Context) -> &SliceJob {
        self.job.get_or_insert_with(|| {
            let job = SliceJob::spawn();
            let ctx = ctx.clone();
            job.set_wake(move || ctx.request_repaint());
            job
        })
    }

    fn validation(&mut self, dataset: u64, files: &MnistFiles) -> Arc<Dataset> {
        let n = files.train_file.len();
        let val_start = n - mnist::validation_len(n);
        let take = self.samples.clamp(1, (n - val_start).max(1));
        match &self.data {
            Some((id, k, d)) if *id == dataset && *k == take => Arc::clone(d),
            _ => {
                let end = (val_start + take).min(n);
                let d = Arc::new(files.train_file.subset(val_start..end));
                self.data = Some((dataset, take, Arc::clone(&d)));
                d
            }
        }
    }

    /// Asks for a new slice around `snapshot`'s weights (cancelling any running one), on the
    /// validation images of `files`, which must be the dataset `snapshot.dataset`.
    pub fn refresh(&mut self, ctx: &egui::Context, snapshot: &NetSnapshot, files: &MnistFiles) {
        let data = self.validation(snapshot.dataset, files);
        self.requested_dataset = snapshot.dataset;
        let mut runs = vec![self.current.snapshots.clone()];
        if self.compare_previous
            && let Some(prev) = &self.previous
            && prev.snapshots.first().map(Vec::len) == Some(snapshot.mlp.param_count())
        {
            runs.push(prev.snapshots.clone());
        }
        // The path ends at the weights being sliced, recorded or not.
        runs[0].push(snapshot.mlp.params().to_vec());
        let request = SliceRequest {
            mode: self.mode,
            resolution: self.resolution,
            range: self.range,
            seed: self.seed,
            initial: self
                .initial
                .clone()
                .filter(|i| i.len() == snapshot.mlp.param_count()),
            runs: if self.mode == SliceMode::Trajectory {
                runs
            } else {
                Vec::new()
            },
        };
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(2));
        self.generation = self.job(ctx).request(SliceJobRequest {
            request,
            mlp: snapshot.mlp.clone(),
            data,
            threads,
        });
        self.requested_at = Some(snapshot.epoch_f);
        self.dirty = false;
        self.error = None;
        self.view_final = false;
    }

    fn poll(&mut self) {
        let Some(job) = self.job.as_mut() else { return };
        for p in job.poll() {
            match p {
                SliceProgress::Stage {
                    generation,
                    view,
                    last,
                    secs,
                    samples,
                } if generation == self.generation => {
                    self.view = Some(view);
                    self.view_dataset = Some(self.requested_dataset);
                    (self.view_final, self.secs, self.samples_used) = (last, secs, samples);
                    self.version += 1;
                }
                SliceProgress::Error {
                    generation,
                    message,
                } if generation == self.generation => self.error = Some(message),
                _ => {}
            }
        }
    }

    /// Whether a slice is being computed for the newest request.
    pub fn busy(&self) -> bool {
        self.generation > 0 && !self.view_final && self.error.is_none()
    }

    /// Grid points per side of the newest slice shown (0 before the first arrives).
    pub fn resolution_shown(&self) -> usize {
        self.view.as_ref().map_or(0, |v| v.resolution())
    }

    /// Refreshes on a settings change, on first view, and every `refresh_epochs` of training.
    fn auto_refresh(&mut self, ctx: &egui::Context, view: &MnistView) {
        let (Some(s), Some(d)) = (view.current_snapshot(), &view.run.data) else {
            return;
        };
        let due = match self.requested_at {
            None => true,
            Some(at) => self.refresh_epochs > 0.0 && s.epoch_f >= at + self.refresh_epochs,
        };
        if self.dirty || due {
            let (s, files) = (s.clone(), Arc::clone(&d.files));
            self.refresh(ctx, &s, &files);
        }
    }
}

pub fn loss_slice_ui(ui: &mut egui::Ui, view: &mut MnistView) {
    let ctx = ui.ctx().clone();
    let mut state = std::mem::take(&mut view.loss_slice);
    state.poll();
    state.auto_refresh(&ctx, view);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(290.0);
            controls_ui(ui, &mut state, view);
        });
        ui.separator();
        ui.vertical(|ui| loss_slice_plot::plot_ui(ui, &mut state));
    });
    view.loss_slice = state;
}

fn controls_ui(ui: &mut egui::Ui, state: &mut LossSliceState, view: &MnistView) {
    let before = (state.mode, state.resolution, state.range, state.samples);
    let (seed, compare) = (state.seed, state.compare_previous);
    ui.horizontal_wrapped(|ui| {
        let modes = [
            (SliceMode::RandomPlane, "random plane", "Two random directions through the current weights, each neuron's direction scaled to that neuron's weight norm (Li et al. 2018)"),
            (SliceMode::Trajectory, "training path", "The plane of the two principal components of the weights along the training path, with the path drawn on it"),
            (SliceMode::Lines, "1-D lines", "Loss along the straight line from the initial to the current weights (Goodfellow et al. 2015), and along a random direction"),
        ];
        for (mode, label, hint) in modes {
            ui.selectable_value(&mut state.mode, mode, label)
                .on_hover_text(hint);
        }
    });
    egui::Grid::new("slice_settings").num_columns(2).show(ui, |ui| {
        ui.label("grid").on_hover_text("Points per side: the coarse 11x11 grid comes first, finer ones replace it");
        crate::ui::combo::enum_combo(ui, "slice_grid", &mut state.resolution, GRID_CHOICES, |n| format!("{n}x{n}"), |_| None)
            .on_hover_text("Grid points per side of the slice");
        ui.end_row();
        ui.label("range ±").on_hover_text("α and β run from −range to +range. 1 = a step as long as every neuron's own weights (not used by the training-path plane, which fits the path)");
        let fitted = state.mode == SliceMode::Trajectory;
        ui.add_enabled(
            !fitted,
            egui::DragValue::new(&mut state.range).range(0.05..=20.0).speed(0.02),
        );
        ui.end_row();
        ui.label("images").on_hover_text("Validation images the loss is averaged over at every grid point: more is smoother but slower");
        ui.add(egui::DragValue::new(&mut state.samples).range(100..=10_000).speed(50));
        ui.end_row();
        ui.label("refresh every").on_hover_text("Recompute automatically after this many epochs of training (0: only on \"refresh now\")");
        ui.add(egui::DragValue::new(&mut state.refresh_epochs).range(0.0..=20.0).speed(0.05).suffix(" epochs"));
        ui.end_row();
    });
    if state.mode == SliceMode::Trajectory {
        ui.checkbox(&mut state.compare_previous, "show the previous run")
            .on_hover_text("Put the previous run's path on the same plane (PCA of both runs' weights together)");
    }
    ui.horizontal(|ui| {
        if ui
            .button("⟳ refresh now")
            .on_hover_text("Slice the landscape around the current weights now")
            .clicked()
        {
            state.dirty = true;
        }
        if state.mode != SliceMode::Trajectory
            && ui
                .button("new directions")
                .on_hover_text("Draw two other random directions")
                .clicked()
        {
            state.seed = state.seed.wrapping_add(1);
        }
    });
    if before != (state.mode, state.resolution, state.range, state.samples)
        || (seed, compare) != (state.seed, state.compare_previous)
    {
        state.dirty = true;
    }
    ui.add_space(4.0);
    if view.current_snapshot().is_none() {
        ui.label("Start training: the landscape around the network's weights appears here.");
    } else if let Some(e) = &state.error {
        ui.colored_label(egui::Color32::from_rgb(255, 120, 100), e);
    } else if state.busy() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!(
                "sharpening… ({0}x{0} so far)",
                state.resolution_shown()
            ));
        });
    } else if state.view.is_some() {
        let n = state.resolution_shown();
        ui.label(format!(
            "{n}x{n} points, each averaged over {} validation images, in {:.2} s",
            state.samples_used, state.secs
        ));
    }
}
