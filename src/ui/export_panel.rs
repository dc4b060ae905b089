//! Export from the app: a PNG of the race at the current step, an animated GIF (in the
//! background, with progress), and CSVs of the paths or the training curves.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};

use crate::core::lab::{Lab, LabState};
use crate::export::{self, FrameStyle};

const GIF_FRAMES: usize = 60;

/// A GIF being written on its own thread.
struct GifJob {
    done: Arc<AtomicUsize>,
    rx: Receiver<Result<PathBuf, String>>,
}

pub struct ExportPanel {
    /// File name without extension; the button picks .png / .gif / .csv.
    pub base_name: String,
    pub status: Option<Result<String, String>>,
    gif: Option<GifJob>,
}

impl Default for ExportPanel {
    fn default() -> Self {
        Self {
            base_name: "race".to_owned(),
            status: None,
            gif: None,
        }
    }
}

impl ExportPanel {
    pub fn exporting(&self) -> bool {
        self.gif.is_some()
    }

    fn path(&self, ext: &str) -> PathBuf {
        PathBuf::from(format!("{}.{ext}", self.base_name.trim()))
    }

    fn finish(&mut self, result: anyhow::Result<()>, path: &std::path::Path) {
        self.status = Some(match result {
            Ok(()) => Ok(format!("wrote {}", path.display())),
            Err(e) => Err(format!("{e:#}")),
        });
    }

    /// Starts the GIF export; the state is copied so the teacher can keep working.
    pub fn start_gif(&mut self, ctx: &egui::Context, state: LabState, dark: bool) {
        let path = self.path("gif");
        let done = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = std::sync::mpsc::channel();
        let (counter, ctx) = (Arc::clone(&done), ctx.clone());
        std::thread::spawn(move || {
            let lab = Lab::new(state);
            let style = FrameStyle {
                dark,
                ..FrameStyle::default()
            };
            let result = export::write_atomically(&path, |out| {
                let mut progress = |k: usize, _total: usize| {
                    counter.store(k, Ordering::Relaxed);
                    ctx.request_repaint();
                };
                export::export_gif(&lab, GIF_FRAMES, &style, out, &mut progress)
            });
            // The panel may be gone (app closing): then nobody needs the result.
            let _ = tx.send(result.map(|()| path).map_err(|e| format!("{e:#}")));
            ctx.request_repaint();
        });
        self.gif = Some(GifJob { done, rx });
    }

    fn poll(&mut self) {
        let Some(job) = &self.gif else { return };
        let result = match job.rx.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Err("the export stopped unexpectedly".to_owned()),
        };
        self.gif = None;
        self.status = Some(result.map(|p| format!("wrote {}", p.display())));
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
            let path = panel.path("png");
            let style = FrameStyle {
                dark,
                ..FrameStyle::default()
            };
            let result = export::write_atomically(&path, |out| {
                export::export_png(lab, lab.state.step, &style, out)
            });
            panel.finish(result, &path);
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
            let path = panel.path("csv");
            let result = export::write_atomically(&path, |out| export::trajectories_csv(lab, out));
            panel.finish(result, &path);
        }
    });
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
