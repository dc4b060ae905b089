//! Lectures: a lesson as a sequence of live slides, written by hand in a Markdown file.
//!
//! ```text
//! lecture: 1
//! title: Optimizers
//! ---
//! scene: radford-beale
//! optimizers: sgd, adam
//! lr: sgd=0.001
//! autoplay: yes
//!
//! # The climber at night
//! You only feel the slope under your feet.
//!
//! Note:
//! Ask the class where the climber will end up.
//! ```
//!
//! The file starts with `lecture: 1` (the format version); slides are separated by lines of
//! three dashes. Each slide starts with its settings, one `key: value` per line, then a blank
//! line and the Markdown shown on screen; a `Note:` line starts the speaker notes. Loading
//! validates everything and resolves every slide to the exact state it shows, so a slide
//! always looks as written however the teacher played with the previous one.

mod edit;
mod overrides;
mod parse;
mod values;

pub use edit::{
    capture_header, capture_tab, save, to_markdown, with_slide_added, with_slide_deleted,
    with_slide_duplicated, with_slide_moved, with_text_edited,
};
pub use values::mnist_inline;

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::lab::LabState;
use super::optimizer::OptimizerKind;
use super::schedule::Schedule;
use super::surface::{FormulaSurface, Point, SurfaceKind};
use super::training::TrainConfig;
use super::views::TabView;

/// Bump when the format changes incompatibly.
pub const LECTURE_VERSION: u32 = 1;
/// Far beyond any lecture: a bigger file is a mistake (a dataset dropped on the window).
const MAX_FILE_BYTES: u64 = 2_000_000;

/// The lectures shipped inside the binary, by name.
pub const BUILTIN: [(&str, &str); 2] = [
    (
        "how-networks-are-trained",
        include_str!("../../assets/lectures/how-networks-are-trained.md"),
    ),
    (
        "optimizers",
        include_str!("../../assets/lectures/optimizers.md"),
    ),
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lecture {
    pub version: u32,
    pub title: String,
    pub slides: Vec<Slide>,
}

/// Which tab a slide shows (the app's tabs, named as in the file).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LectureTab {
    #[default]
    Landscape,
    Mnist,
    WhyHard,
}

impl LectureTab {
    pub const ALL: [LectureTab; 3] = [Self::Landscape, Self::Mnist, Self::WhyHard];

    pub fn name(self) -> &'static str {
        match self {
            Self::Landscape => "landscape",
            Self::Mnist => "mnist",
            Self::WhyHard => "why-hard",
        }
    }
}

/// How much of the app a slide shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SlideLayout {
    /// The figure fills the screen; the side panels are hidden.
    #[default]
    Figure,
    /// The tab as usual, with its controls.
    Panels,
}

/// Changes a slide makes to its scene, as written.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Overrides {
    pub surface: Option<SurfaceKind>,
    /// `formula: EXPR`: a typed landscape (in the default window) instead of a built-in.
    #[serde(default)]
    pub formula: Option<FormulaSurface>,
    pub start: Option<Point>,
    /// The optimizers racing; all others are switched off.
    pub optimizers: Option<Vec<OptimizerKind>>,
    /// Learning rates: for one optimizer, or (None) for every racing one.
    pub lr: Vec<(Option<OptimizerKind>, f64)>,
    /// Learning-rate schedules: for one optimizer, or (None) for every racing one.
    #[serde(default)]
    pub schedules: Vec<(Option<OptimizerKind>, Schedule)>,
    pub steps: Option<usize>,
    /// Regression only: `Some(Some(n))` mini-batches of n points, `Some(None)` the full batch.
    #[serde(default)]
    pub batch: Option<Option<usize>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Slide {
    /// The line of the file where the slide starts (1-based), for messages.
    pub line: usize,
    pub tab: LectureTab,
    /// The scene as written: a preset name or a path.
    pub scene: Option<String>,
    pub overrides: Overrides,
    pub autoplay: bool,
    /// Predict, then reveal: the race is hidden until the teacher reveals it.
    pub predict: bool,
    pub layout: SlideLayout,
    /// The lesson (why-hard) or inner view (MNIST) the slide shows; `None` leaves it as it is.
    #[serde(default)]
    pub view: Option<TabView>,
    /// The settings as written, in order (kept so a saved lecture reads as its author wrote it).
    #[serde(default)]
    pub header: Vec<(String, String)>,
    /// The first heading of the body (or its first line).
    pub title: String,
    /// Markdown shown on screen, the title included.
    pub body: String,
    /// Speaker notes, for the presenter only.
    pub notes: String,
    /// The landscape this slide shows: its scene (or the previous slide's) plus its overrides.
    pub landscape: LabState,
    /// The MNIST set-up from the slide's scene, if it has one.
    pub mnist: Option<TrainConfig>,
}

#[derive(Debug, thiserror::Error)]
pub enum LectureError {
    #[error("cannot read {path}: {reason}")]
    Io {
        path: String,
        reason: std::io::Error,
    },
    /// A problem with the file as a whole (empty, binary, too large, no slides).
    #[error("{file}: {what}")]
    File { file: String, what: String },
    /// A problem on one line.
    #[error("{file}:{line}: {what}")]
    At {
        file: String,
        line: usize,
        what: String,
    },
}

impl LectureError {
    /// The line the error is on, if it is on one.
    pub fn line(&self) -> Option<usize> {
        match self {
            Self::At { line, .. } => Some(*line),
            _ => None,
        }
    }
}

/// Parses a lecture. `file` names it in messages; scene paths are relative to `base_dir`.
pub fn parse(bytes: &[u8], file: &str, base_dir: Option<&Path>) -> Result<Lecture, LectureError> {
    parse::parse(bytes, file, base_dir)
}

/// Reads and parses a lecture file; a damaged one is refused with one line.
pub fn load(path: &Path) -> Result<Lecture, LectureError> {
    let shown = path.display().to_string();
    let io = |reason| LectureError::Io {
        path: shown.clone(),
        reason,
    };
    let bytes = std::fs::metadata(path).map_err(io)?.len();
    if bytes > MAX_FILE_BYTES {
        return Err(LectureError::File {
            file: shown,
            what: format!("too large for a lecture ({bytes} bytes)"),
        });
    }
    let data = std::fs::read(path).map_err(io)?;
    let name = path
        .file_name()
        .map_or(shown.clone(), |n| n.to_string_lossy().into_owned());
    parse(&data, &name, path.parent())
}

/// A shipped lecture by name ("optimizers"), else a file.
pub fn open(name_or_path: &str) -> Result<Lecture, LectureError> {
    match BUILTIN
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name_or_path.trim()))
    {
        Some((name, text)) => parse(text.as_bytes(), &format!("{name}.md"), None),
        None => load(Path::new(name_or_path)),
    }
}

/// Edit distance, for "did you mean" on names a teacher typed.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The closest of `names` to a misspelt `wanted`, if it is close enough to be a typo.
pub fn did_you_mean<'a>(wanted: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = wanted.to_ascii_lowercase();
    let limit = (wanted.chars().count() / 3).max(2);
    names
        .into_iter()
        .map(|n| (edit_distance(&wanted, &n.to_ascii_lowercase()), n))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

/// Elapsed time for the presenter's clock: "m:ss", or "h:mm:ss" from an hour on.
pub fn format_elapsed(seconds: f64) -> String {
    let total = if seconds.is_finite() && seconds > 0.0 {
        seconds as u64
    } else {
        0
    };
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}
