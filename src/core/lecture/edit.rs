//! Writing lectures: slides captured from the app, and the file written back as Markdown a
//! teacher can keep editing by hand.

use std::path::Path;

use super::parse::preset_slug;
use super::values::{mnist_inline, schedule_inline};
use super::{Lecture, LectureError, LectureTab, Slide};
use crate::core::lab::LabState;
use crate::core::presets::PRESETS;
use crate::core::schedule::Schedule;
use crate::core::surface::Surface;
use crate::core::training::TrainConfig;
use crate::core::views::TabView;

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
    // Scenes may share a surface (the lr-decay scene races on the regression scene's data):
    // take the one whose racers are there to switch on, schedules included if possible.
    let same_surface: Vec<_> = PRESETS
        .iter()
        .map(|p| (p, p.state()))
        .filter(|(_, s)| s.surface == state.surface)
        .collect();
    let with_racers = |schedules: bool| {
        same_surface
            .iter()
            .find(|(_, s)| has_racers(s, state, schedules))
    };
    let chosen = with_racers(true)
        .or_else(|| with_racers(false))
        .or(same_surface.first());
    // Without a scene the racers start from constant rates.
    let schedules_from_scene = match chosen {
        Some((_, scene)) => has_racers(scene, state, true),
        None => state
            .entries
            .iter()
            .all(|e| e.racer.schedule == Schedule::Constant),
    };
    let preset = chosen.map(|(p, _)| p);
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
    if !schedules_from_scene {
        let schedules: Vec<String> = racing
            .iter()
            .map(|e| {
                format!(
                    "{}={}",
                    e.racer.kind.name(),
                    schedule_inline(&e.racer.schedule)
                )
            })
            .collect();
        header.push(("schedule", schedules.join(", ")));
    }
    header.push(("steps", state.max_steps.to_string()));
    if matches!(state.surface, Surface::Regression(_)) && state.stochastic {
        header.push(("batch", state.batch_size.to_string()));
    }
    if state.anatomy {
        header.push(("anatomy", "yes".to_owned()));
    }
    header.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// Whether `preset` has, in order, an entry of the same kind (and schedule, when `schedules`)
/// for each of `state`'s racers: a slide names its racers by kind.
fn has_racers(preset: &LabState, state: &LabState, schedules: bool) -> bool {
    let mut entries = preset.entries.iter();
    state.entries.iter().filter(|e| e.enabled).all(|racer| {
        entries.any(|e| {
            e.racer.kind == racer.racer.kind
                && (!schedules || e.racer.schedule == racer.racer.schedule)
        })
    })
}

/// Settings that reproduce what the active tab shows: the landscape as `capture_header` does;
/// an MNIST slide's inner view and its set-up where it differs from the chapter's; a why-hard
/// slide's lesson.
pub fn capture_tab(
    tab: LectureTab,
    view: Option<TabView>,
    landscape: &LabState,
    mnist: &TrainConfig,
) -> Vec<(String, String)> {
    let mut header = match tab {
        LectureTab::Landscape => return capture_header(landscape),
        LectureTab::Mnist | LectureTab::WhyHard => vec![("tab".to_owned(), tab.name().to_owned())],
    };
    let view = match (tab, view) {
        (LectureTab::WhyHard, Some(TabView::Lesson(lesson))) => Some(lesson.name()),
        (LectureTab::Mnist, Some(TabView::Mnist(inner))) => Some(inner.name()),
        _ => None,
    };
    if let Some(name) = view {
        header.push(("view".to_owned(), name.to_owned()));
    }
    if tab == LectureTab::Mnist {
        header.push(("mnist".to_owned(), mnist_inline(mnist)));
    }
    header
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
    let template = slide_at(lecture, after)?;
    let new = Slide {
        header,
        body: body.trim().to_owned(),
        notes: String::new(),
        ..template.clone()
    };
    let mut slides: Vec<Edited> = originals(lecture);
    slides.insert(after + 1, (new, None));
    rebuild(lecture, slides, base_dir)
}

/// Slide `index` with a new caption (its Markdown, title included) and speaker notes.
pub fn with_text_edited(
    lecture: &Lecture,
    index: usize,
    body: &str,
    notes: &str,
    base_dir: Option<&Path>,
) -> Result<Lecture, LectureError> {
    slide_at(lecture, index)?;
    let mut slides = originals(lecture);
    if let Some((slide, _)) = slides.get_mut(index) {
        slide.body = body.trim().to_owned();
        slide.notes = notes.trim().to_owned();
    }
    rebuild(lecture, slides, base_dir)
}

/// Slide `from` moved to position `to` (both 0-based); the others keep their order.
pub fn with_slide_moved(
    lecture: &Lecture,
    from: usize,
    to: usize,
    base_dir: Option<&Path>,
) -> Result<Lecture, LectureError> {
    slide_at(lecture, from)?;
    slide_at(lecture, to)?;
    let mut slides = originals(lecture);
    let moved = slides.remove(from);
    slides.insert(to, moved);
    rebuild(lecture, slides, base_dir)
}

/// A copy of slide `index` right after it.
pub fn with_slide_duplicated(
    lecture: &Lecture,
    index: usize,
    base_dir: Option<&Path>,
) -> Result<Lecture, LectureError> {
    let copy = slide_at(lecture, index)?.clone();
    let mut slides = originals(lecture);
    slides.insert(index + 1, (copy.clone(), Some(copy)));
    rebuild(lecture, slides, base_dir)
}

/// The lecture without slide `index`; the last slide of a lecture cannot be deleted.
pub fn with_slide_deleted(
    lecture: &Lecture,
    index: usize,
    base_dir: Option<&Path>,
) -> Result<Lecture, LectureError> {
    slide_at(lecture, index)?;
    if lecture.slides.len() <= 1 {
        return Err(whole("a lecture needs at least one slide"));
    }
    let mut slides = originals(lecture);
    slides.remove(index);
    rebuild(lecture, slides, base_dir)
}

/// A slide as it will be written, and the slide it must still look like (None: a new one).
type Edited = (Slide, Option<Slide>);

fn originals(lecture: &Lecture) -> Vec<Edited> {
    lecture
        .slides
        .iter()
        .map(|s| (s.clone(), Some(s.clone())))
        .collect()
}

fn slide_at(lecture: &Lecture, index: usize) -> Result<&Slide, LectureError> {
    lecture
        .slides
        .get(index)
        .ok_or_else(|| whole(format!("there is no slide {}", index + 1)))
}

fn whole(what: impl Into<String>) -> LectureError {
    LectureError::File {
        file: "lecture".into(),
        what: what.into(),
    }
}

/// Settings a slide inherits from the one before it when it does not write them.
/// The settings `capture_header` writes (a pinned slide's own are replaced by them).
const LANDSCAPE_KEYS: [&str; 11] = [
    "scene",
    "surface",
    "formula",
    "start",
    "optimizers",
    "lr",
    "schedule",
    "steps",
    "batch",
    "anatomy",
    "tab",
];

/// Writes the edited slides and reads them back, as they will be saved. A slide that leaves
/// its tab or landscape to the slide before it would change when its neighbour changes, so such
/// a slide gets them written out (only when needed: the file stays as its author wrote it).
/// Text that reads back differently (a line `---` or `Note:` in a caption) is refused.
fn rebuild(
    lecture: &Lecture,
    mut slides: Vec<Edited>,
    base_dir: Option<&Path>,
) -> Result<Lecture, LectureError> {
    pin_tabs(&mut slides);
    let mut pinned = false;
    loop {
        let edited = Lecture {
            slides: slides.iter().map(|(s, _)| s.clone()).collect(),
            ..lecture.clone()
        };
        let back = super::parse(to_markdown(&edited).as_bytes(), "lecture", base_dir)?;
        let same_text = back.slides.len() == edited.slides.len()
            && back
                .slides
                .iter()
                .zip(&edited.slides)
                .all(|(b, e)| b.body == e.body && b.notes == e.notes);
        if !same_text {
            return Err(whole(
                "a slide's caption or notes cannot contain a line '---' or 'Note:' \
                 (they start a new slide or the notes)",
            ));
        }
        let mut changed = Vec::new();
        for (i, (now, (_, was))) in back.slides.iter().zip(&slides).enumerate() {
            let Some(was) = was else { continue };
            let tab_moved = now.tab != was.tab;
            let landscape_moved =
                was.tab == LectureTab::Landscape && !same_race(&now.landscape, &was.landscape);
            if tab_moved || landscape_moved {
                changed.push((i, was.clone()));
            }
        }
        if changed.is_empty() {
            return Ok(back);
        }
        if pinned {
            let (i, was) = &changed[0];
            return Err(whole(format!(
                "this would change slide {} ('{}'), which builds on the slide before it",
                i + 1,
                was.title
            )));
        }
        for (i, was) in changed {
            if let Some((slide, _)) = slides.get_mut(i) {
                pin(slide, &was);
            }
        }
        pinned = true;
    }
}

/// A slide that leaves its tab to the slide before it gets it written out where the slide before
/// it now has another tab (the file would not even read back otherwise: its landscape settings
/// would land on a why-hard slide).
fn pin_tabs(slides: &mut [Edited]) {
    let mut previous = LectureTab::Landscape;
    for (slide, was) in slides.iter_mut() {
        let written = slide
            .header
            .iter()
            .find(|(k, _)| k == "tab")
            .and_then(|(_, v)| super::values::parse_tab(v).ok());
        previous = match (written, was) {
            (Some(tab), _) => tab,
            (None, Some(was)) => {
                if was.tab != previous {
                    let tab = ("tab".to_owned(), was.tab.name().to_owned());
                    slide.header.insert(0, tab);
                }
                was.tab
            }
            (None, None) => previous,
        };
    }
}

/// The same race on screen: surface, start, view, steps and the racing optimizers with their
/// hyperparameters and colours (the switched-off ones' settings are not shown).
fn same_race(a: &LabState, b: &LabState) -> bool {
    let racing = |s: &LabState| {
        s.entries
            .iter()
            .filter(|e| e.enabled)
            .map(|e| (e.racer.kind, e.racer.hyper, e.color))
            .collect::<Vec<_>>()
    };
    (a.surface == b.surface)
        && (a.start, a.view, a.max_steps, a.layout) == (b.start, b.view, b.max_steps, b.layout)
        && (a.stochastic, a.batch_size, a.seed) == (b.stochastic, b.batch_size, b.seed)
        && racing(a) == racing(b)
}

/// Writes out the tab and (on landscape slides) the landscape `was` showed.
fn pin(slide: &mut Slide, was: &Slide) {
    let keep = |k: &str| !LANDSCAPE_KEYS.contains(&k);
    let mut header: Vec<(String, String)> = vec![("tab".to_owned(), was.tab.name().to_owned())];
    if was.tab == LectureTab::Landscape {
        header.extend(
            capture_header(&was.landscape)
                .into_iter()
                .filter(|(k, _)| k != "tab"),
        );
        header.extend(slide.header.iter().filter(|(k, _)| keep(k)).cloned());
    } else {
        header.extend(slide.header.iter().filter(|(k, _)| k != "tab").cloned());
    }
    slide.header = header;
}

pub fn save(path: &Path, lecture: &Lecture) -> Result<(), LectureError> {
    std::fs::write(path, to_markdown(lecture)).map_err(|reason| LectureError::Io {
        path: path.display().to_string(),
        reason,
    })
}
