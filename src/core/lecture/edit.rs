//! Writing lectures: slides captured from the app, and the file written back as Markdown a
//! teacher can keep editing by hand.

use std::path::Path;

use super::parse::preset_slug;
use super::{Lecture, LectureError, Slide};
use crate::core::lab::LabState;
use crate::core::presets::PRESETS;
use crate::core::surface::Surface;

/// The lecture as a file: the header, then each slide's settings, text and notes.
pub fn to_markdown(lecture: &Lecture) -> String {
    let mut out = format!("lecture: {}\n", lecture.version);
    if !lecture.title.is_empty() {
        out.push_str(&format!("title: {}\n", lecture.title));
    }
    for slide in &lecture.slides {
        out.push_str("---\n");
        out.push_str(&slide_markdown(slide));
    }
    out
}

fn slide_markdown(slide: &Slide) -> String {
    let mut out = String::new();
    for (key, value) in &slide.header {
        out.push_str(&format!("{key}: {value}\n"));
    }
    if !slide.body.is_empty() {
        out.push_str(&format!("\n{}\n", slide.body));
    }
    if !slide.notes.is_empty() {
        out.push_str(&format!("\nNote:\n{}\n", slide.notes));
    }
    out
}

/// Settings that reproduce a landscape set-up: the preset with the same surface (or the
/// surface by name), then the start, the racing optimizers, their learning rates and the
/// number of steps. Other hyperparameters come from that preset (or the previous slide), and
/// regression data points are the preset's.
pub fn capture_header(state: &LabState) -> Vec<(String, String)> {
    let mut header = vec![("tab", "landscape".to_owned())];
    let preset = PRESETS.iter().find(|p| p.state().surface == state.surface);
    match (preset, &state.surface) {
        (Some(p), _) => header.push(("scene", preset_slug(p.file).to_owned())),
        (None, Surface::Function(kind)) => header.push(("surface", kind.name().to_owned())),
        (None, Surface::Regression(_)) => header.push(("surface", "regression".to_owned())),
        (None, Surface::Formula(f)) => header.push(("formula", f.text().to_owned())),
    }
    // f64's Display is the shortest text that reads back as the same number.
    header.push(("start", format!("{}, {}", state.start[0], state.start[1])));
    let racing: Vec<_> = state.entries.iter().filter(|e| e.enabled).collect();
    let names: Vec<&str> = racing.iter().map(|e| e.racer.kind.name()).collect();
    header.push(("optimizers", names.join(", ")));
    let rates: Vec<String> = racing
        .iter()
        .map(|e| format!("{}={}", e.racer.kind.name(), e.racer.hyper.lr))
        .collect();
    header.push(("lr", rates.join(", ")));
    header.push(("steps", state.max_steps.to_string()));
    if matches!(state.surface, Surface::Regression(_)) && state.stochastic {
        header.push(("batch", state.batch_size.to_string()));
    }
    if state.anatomy {
        header.push(("anatomy", "yes".to_owned()));
    }
    header.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// The lecture with a new slide after slide `after` (0-based), validated by reading the result
/// back exactly as it will be saved. On an error the lecture is unchanged.
pub fn with_slide_added(
    lecture: &Lecture,
    after: usize,
    header: Vec<(String, String)>,
    body: &str,
    base_dir: Option<&Path>,
) -> Result<Lecture, LectureError> {
    let mut edited = lecture.clone();
    let new = Slide {
        header,
        body: body.trim().to_owned(),
        notes: String::new(),
        ..lecture
            .slides
            .get(after)
            .cloned()
            .ok_or_else(|| LectureError::File {
                file: "lecture".into(),
                what: format!("there is no slide {}", after + 1),
            })?
    };
    edited.slides.insert(after + 1, new);
    super::parse(to_markdown(&edited).as_bytes(), "lecture", base_dir)
}

pub fn save(path: &Path, lecture: &Lecture) -> Result<(), LectureError> {
    std::fs::write(path, to_markdown(lecture)).map_err(|reason| LectureError::Io {
        path: path.display().to_string(),
        reason,
    })
}
