//! Export from the app: a PNG of the race at the current step, an animated GIF (with
//! progress), and CSVs of the paths or the training curves. Every file is written (and
//! fsynced) on a thread of its own, so a slow disk never freezes the window.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::core::lab::{Lab, LabState};
use crate::export::{self, ExportError, FrameStyle};
use crate::train::{Pending, take_ready};

const GIF_FRAMES: usize = 60;

/// One file being written atomically (see `export::write_atomically`) on its own thread.
pub struct WriteJob {
    path: PathBuf,
    pending: Option<Pending<()>>,
}

impl WriteJob {
    /// Starts writing `path` with `write`; `wake` runs when it is done (e.g. a repaint).
    pub fn spawn(
        path: PathBuf,
        wake: impl Fn() + Send + 'static,
        write: impl FnOnce(&mut dyn Write) -> Result<(), ExportError> + Send + 'static,
    ) -> Self {
        let target = path.clone();
        let pending = Pending::spawn("export", "the export", wake, move || {
            export::write_atomically(&target, write).map_err(|e| format!("{e:#}"))
        });
        WriteJob {
            path,
            pending: Some(pending),
        }
    }

    /// `None` while writing; then once "wrote <path>" or the error.
    pub fn poll(&mut self) -> Option<Result<String, String>> {
        let result = take_ready(&mut self.pending)?;
        Some(result.map(|()| format!("wrote {}", self.path.display())))
    }
}

/// A GIF being written on its own thread.
struct GifJob {
    done: Arc<AtomicUsize>,
    write: WriteJob,
}

pub struct ExportPanel {
    /// File name without extension; the button picks .png / .gif / .csv.
    pub base_name: String,
    pub status: Option<Result<String, String>>,
    gif: Option<GifJob>,
    /// PNG and CSV files being written.
    writes: Vec<WriteJob>,
}

impl Default for ExportPanel {
    fn default() -> Self {
        Self {
            base_name: "race".to_owned(),
            status: None,
            gif: None,
            writes: Vec::new(),
        }
    }
}

impl ExportPanel {
    pub fn exporting(&self) -> bool {
        self.gif.is_some()
    }

    /// Whether a PNG or CSV is still being written.
    pub fn writing(&self) -> bool {
        !self.writes.is_empty()
    }

    fn path(&self, ext: &str) -> PathBuf {
        PathBuf::from(format!("{}.{ext}", self.base_name.trim()))
    }

    /// Writes a PNG of the race at `state`'s current step, in the background.
    pub fn start_png(&mut self, ctx: &egui::Context, state: LabState, dark: bool) {
        let ctx = ctx.clone();
        let job = WriteJob::spawn(
            self.path("png"),
            move || ctx.request_repaint(),
            move |out| {
                let lab = Lab::new(state);
                let style = FrameStyle {
                    dark,
                    ..FrameStyle::default()
                };
                export::export_png(&lab, lab.state.step, &style, out)
            },
        );
        self.writes.push(job);
    }

    /// Writes every optimizer's path as CSV, in the background.
    pub fn start_csv(&mut self, ctx: &egui::Context, state: LabState) {
        let ctx = ctx.clone();
        let job = WriteJob::spawn(
            self.path("csv"),
            move || ctx.request_repaint(),
            move |out| export::trajectories_csv(&Lab::new(state), out),
        );
        self.writes.push(job);
    }

    /// Starts the GIF export; the state is copied so the teacher can keep working.
    pub fn start_gif(&mut self, ctx: &egui::Context, state: LabState, dark: bool) {
        let done = Arc::new(AtomicUsize::new(0));
        let (counter, ctx) = (Arc::clone(&done), ctx.clone());
        let wake = ctx.clone();
        let write = WriteJob::spawn(
            self.path("gif"),
            move || wake.request_repaint(),
            move |out| {
                let lab = Lab::new(state);
                let style = FrameStyle {
                    dark,
                    ..FrameStyle::default()
                };
                let mut progress = |k: usize, _total: usize| {
                    counter.store(k, Ordering::Relaxed);
                    ctx.request_repaint();
                };
                export::export_gif(&lab, GIF_FRAMES, &style, out, &mut progress)
            },
        );
        self.gif = Some(GifJob { done, write });
    }

    /// Collects finished exports into `status`; never waits.
    pub fn poll(&mut self) {
        let mut i = 0;
        while i < self.writes.len() {
            match self.writes[i].poll() {
                Some(result) => {
                    self.status = Some(result);
                    self.writes.remove(i);
                }
                None => i += 1,
            }
        }
        if let Some(result) = self.gif.as_mut().and_then(|job| job.write.poll()) {
            self.gif = None;
            self.status = Some(result);
        }
    }
}

pub fn export_ui(ui: &mut egui::Ui, panel: &mut ExportPanel, lab: &Lab) {
    panel.poll();
    ui.horizontal(|ui| {
        ui.label("export");
        ui.add(egui::TextEdit::singleline(&mut panel.base_name).desired_width(90.0))
            .on_hover_text("File name (without extension) for the exports, in the folder descent was started from");
    });
    let dark = ui.visuals().dark_mode;
    ui.horizontal(|ui| {
        if ui
            .button("PNG")
            .on_hover_text("This step of the race as an image, in the Radford look")
            .clicked()
        {
            panel.start_png(ui.ctx(), lab.state.clone(), dark);
        }
        let gif = ui.add_enabled(!panel.exporting(), egui::Button::new("GIF"));
        if gif
            .on_hover_text("The whole race as an animated GIF (60 frames)")
            .clicked()
        {
            panel.start_gif(ui.ctx(), lab.state.clone(), dark);
        }
        if ui
            .button("CSV")
            .on_hover_text("Every optimizer's path: optimizer,step,x,y,loss")
            .clicked()
        {
            panel.start_csv(ui.ctx(), lab.state.clone());
        }
    });
    if panel.writing() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("writing…");
        });
    }
    if let Some(job) = &panel.gif {
        let done = job.done.load(Ordering::Relaxed);
        ui.add(
            egui::ProgressBar::new(done as f32 / GIF_FRAMES as f32)
                .text(format!("GIF frame {done}/{GIF_FRAMES}")),
        );
    }
    match &panel.status {
        Some(Ok(msg)) => {
            ui.label(msg);
        }
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        None => {}
    }
}
