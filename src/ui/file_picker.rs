//! Native file and folder dialogs, run on their own thread: the dialogs block until the user
//! answers, and the window must keep drawing meanwhile.

use std::path::PathBuf;

use crate::train::{Pending, take_ready};

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
    pending: Option<Pending<(Pick, Option<PathBuf>)>>,
}

impl FilePicker {
    pub fn is_open(&self) -> bool {
        self.pending.is_some()
    }

    pub fn open(&mut self, ctx: &egui::Context, pick: Pick) {
        if self.pending.is_some() {
            return;
        }
        let ctx = ctx.clone();
        let wake = move || ctx.request_repaint();
        self.pending = Some(Pending::spawn(
            "file dialog",
            "the file dialog",
            wake,
            move || {
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
                Ok((pick, chosen))
            },
        ));
    }

    /// The answer, once the user has chosen (None while waiting or when cancelled).
    pub fn poll(&mut self) -> Option<(Pick, PathBuf)> {
        // A failed dialog is as good as cancelled: the teacher can type the path instead.
        let (pick, chosen) = take_ready(&mut self.pending)?.ok()?;
        chosen.map(|path| (pick, path))
    }
}
