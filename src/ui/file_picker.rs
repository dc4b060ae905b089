//! Native file and folder dialogs, run on their own thread: the dialogs block until the user
//! answers, and the window must keep drawing meanwhile.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    Folder,
    OpenJson,
    SaveJson,
    OpenLecture,
    OpenCsv,
}

#[derive(Default)]
pub struct FilePicker {
    pending: Option<(Pick, Receiver<Option<PathBuf>>)>,
}

impl FilePicker {
    pub fn is_open(&self) -> bool {
        self.pending.is_some()
    }

    pub fn open(&mut self, ctx: &egui::Context, pick: Pick) {
        if self.pending.is_some() {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let dialog = rfd::FileDialog::new();
            let chosen = match pick {
                Pick::Folder => dialog.set_title("Folder with IDX files").pick_folder(),
                Pick::OpenJson => dialog.add_filter("descent scene", &["json"]).pick_file(),
                Pick::OpenLecture => dialog.add_filter("descent lecture", &["md"]).pick_file(),
                Pick::OpenCsv => dialog
                    .add_filter("x,y data", &["csv", "tsv", "txt"])
                    .pick_file(),
                Pick::SaveJson => dialog
                    .add_filter("descent scene", &["json"])
                    .set_file_name("lesson.json")
                    .save_file(),
            };
            // The picker may be gone if the app closed meanwhile: nothing to deliver then.
            let _ = tx.send(chosen);
            ctx.request_repaint();
        });
        self.pending = Some((pick, rx));
    }

    /// The answer, once the user has chosen (None while waiting or when cancelled).
    pub fn poll(&mut self) -> Option<(Pick, PathBuf)> {
        let (pick, rx) = self.pending.as_ref()?;
        let pick = *pick;
        match rx.try_recv() {
            Ok(chosen) => {
                self.pending = None;
                chosen.map(|path| (pick, path))
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.pending = None;
                None
            }
        }
    }
}
