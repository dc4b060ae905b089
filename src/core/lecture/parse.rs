//! The lecture file format: line-oriented, so every message can name its line.

use std::path::Path;

use super::overrides::apply_overrides;
use super::values::{
    parse_batch, parse_bool, parse_formula, parse_layout, parse_lr, parse_mnist, parse_optimizers,
    parse_point, parse_schedules, parse_steps, parse_surface, parse_tab, parse_view, unknown,
};
use super::{
    LECTURE_VERSION, Lecture, LectureError, LectureTab, Overrides, Slide, SlideLayout, did_you_mean,
};
use crate::core::lab::LabState;
use crate::core::presets::{self, PRESETS};
use crate::core::scene;

const SLIDE_KEYS: [&str; 16] = [
    "tab",
    "view",
    "mnist",
    "scene",
    "surface",
    "formula",
    "start",
    "optimizers",
    "lr",
    "schedule",
    "steps",
    "batch",
    "autoplay",
    "predict",
    "layout",
    "anatomy",
];

/// One line of the file with its 1-based number.
type Line<'a> = (usize, &'a str);

pub(super) struct Ctx<'a> {
    file: &'a str,
    base_dir: Option<&'a Path>,
}

impl Ctx<'_> {
    pub(super) fn at(&self, line: usize, what: impl Into<String>) -> LectureError {
        LectureError::At {
            file: self.file.to_owned(),
            line,
            what: what.into(),
        }
    }

    fn whole(&self, what: impl Into<String>) -> LectureError {
        LectureError::File {
            file: self.file.to_owned(),
            what: what.into(),
        }
    }
}

pub fn parse(bytes: &[u8], file: &str, base_dir: Option<&Path>) -> Result<Lecture, LectureError> {
    let cx = Ctx { file, base_dir };
    if bytes.contains(&0) {
        return Err(cx.whole("is a binary file, not a lecture"));
    }
    let text =
        std::str::from_utf8(bytes).map_err(|_| cx.whole("is not UTF-8 text, not a lecture"))?;
    if text.trim().is_empty() {
        return Err(cx.whole("is empty"));
    }
    let sections = split_sections(text);
    let mut sections = sections.into_iter();
    let (title, version_line) = lecture_header(&cx, sections.next().unwrap_or_default())?;
    let mut slides: Vec<Slide> = Vec::new();
    for section in sections {
        if section.iter().all(|(_, l)| l.trim().is_empty()) {
            continue; // a trailing or doubled separator
        }
        let previous = slides.last();
        slides.push(slide(&cx, &section, previous)?);
    }
    if slides.is_empty() {
        return Err(cx.at(
            version_line,
            "the lecture has no slides (start each slide with a line of three dashes: ---)",
        ));
    }
    Ok(Lecture {
        version: LECTURE_VERSION,
        title,
        slides,
    })
}

/// Splits at `---` lines outside fenced code blocks.
fn split_sections(text: &str) -> Vec<Vec<Line<'_>>> {
    let mut sections = vec![Vec::new()];
    let mut fenced = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            fenced = !fenced;
        }
        if !fenced && trimmed == "---" {
            sections.push(Vec::new());
        } else if let Some(last) = sections.last_mut() {
            last.push((i + 1, line));
        }
    }
    sections
}

/// `key: value` with a simple key, or None for a line of text.
fn key_value(line: &str) -> Option<(String, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim();
    let simple = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    (simple && !line.starts_with(char::is_whitespace))
        .then(|| (key.to_ascii_lowercase(), value.trim()))
}

fn lecture_header(cx: &Ctx, lines: Vec<Line>) -> Result<(String, usize), LectureError> {
    let mut version = None;
    let mut title = String::new();
    for (n, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let expected = || {
            cx.at(
                n,
                "a lecture starts with 'lecture: 1' (the format version), then a line ---",
            )
        };
        let (key, value) = key_value(line).ok_or_else(expected)?;
        match key.as_str() {
            "lecture" => {
                let found: u32 = value.parse().map_err(|_| {
                    cx.at(
                        n,
                        format!("lecture version must be a number, got '{value}'"),
                    )
                })?;
                if found != LECTURE_VERSION {
                    return Err(cx.at(
                        n,
                        format!(
                            "lecture format version {found} is not supported \
                             (this descent reads version {LECTURE_VERSION})"
                        ),
                    ));
                }
                version = Some(n);
            }
            "title" => title = value.to_owned(),
            other => {
                let hint = did_you_mean(other, ["lecture", "title"])
                    .map(|m| format!(" (did you mean {m}?)"))
                    .unwrap_or_default();
                return Err(cx.at(n, format!("unknown lecture setting '{other}'{hint}")));
            }
        }
    }
    let line = version.ok_or_else(|| {
        cx.at(
            1,
            "a lecture starts with 'lecture: 1' (the format version), then a line ---",
        )
    })?;
    Ok((title, line))
}

fn slide(cx: &Ctx, lines: &[Line], previous: Option<&Slide>) -> Result<Slide, LectureError> {
    let first = lines
        .iter()
        .position(|(_, l)| !l.trim().is_empty())
        .unwrap_or(0);
    let lines = &lines[first..];
    let start_line = lines.first().map_or(1, |(n, _)| *n);
    let header_len = lines
        .iter()
        .position(|(_, l)| key_value(l).is_none_or(|(k, _)| k == "note" || k == "notes"))
        .unwrap_or(lines.len());
    let (header, rest) = lines.split_at(header_len);

    let mut s = Slide {
        line: start_line,
        tab: previous.map_or(LectureTab::Landscape, |p| p.tab),
        scene: None,
        overrides: Overrides::default(),
        autoplay: false,
        predict: false,
        layout: SlideLayout::Figure,
        view: None,
        header: Vec::new(),
        title: String::new(),
        body: String::new(),
        notes: String::new(),
        landscape: previous.map_or_else(presets::radford_beale, |p| p.landscape.clone()),
        // Carried through slides of other tabs, so an MNIST slide builds on the last one.
        mnist: previous.and_then(|p| p.mnist.clone()),
    };
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut landscape_keys = None;
    let mut view = None;
    let mut mnist_line = None;
    let mut anatomy = None;
    for &(n, line) in header {
        let Some((key, value)) = key_value(line) else {
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            return Err(cx.at(
                n,
                format!("'{key}' is set twice on this slide (first on line {first})"),
            ));
        }
        seen.push((key.clone(), n));
        s.header.push((key.clone(), value.to_owned()));
        let bad = |what: String| cx.at(n, what);
        match key.as_str() {
            "tab" => s.tab = parse_tab(value).map_err(bad)?,
            // Resolved after the loop: which names are valid depends on the tab.
            "view" => view = Some((n, value.to_owned())),
            // After the loop too: it changes the scene's set-up, wherever the scene is named.
            "mnist" => mnist_line = Some((n, value.to_owned())),
            "scene" => {
                let (state, mnist) = resolve_scene(cx, n, value)?;
                if let Some(state) = state {
                    s.landscape = state;
                }
                if mnist.is_some() {
                    s.mnist = mnist;
                }
                s.scene = Some(value.to_owned());
            }
            "surface" => s.overrides.surface = Some(parse_surface(value).map_err(bad)?),
            "formula" => s.overrides.formula = Some(parse_formula(value).map_err(bad)?),
            "start" => s.overrides.start = Some(parse_point(value).map_err(bad)?),
            "optimizers" => s.overrides.optimizers = Some(parse_optimizers(value).map_err(bad)?),
            "lr" => s.overrides.lr = parse_lr(value).map_err(bad)?,
            "schedule" => s.overrides.schedules = parse_schedules(value).map_err(bad)?,
            "steps" => s.overrides.steps = Some(parse_steps(value).map_err(bad)?),
            "batch" => s.overrides.batch = Some(parse_batch(value).map_err(bad)?),
            "autoplay" => s.autoplay = parse_bool(&key, value).map_err(bad)?,
            "predict" => s.predict = parse_bool(&key, value).map_err(bad)?,
            "layout" => s.layout = parse_layout(value).map_err(bad)?,
            "anatomy" => anatomy = Some(parse_bool(&key, value).map_err(bad)?),
            other => {
                let hint = did_you_mean(other, SLIDE_KEYS)
                    .map(|m| format!(" (did you mean {m}?)"))
                    .unwrap_or_else(|| {
                        format!(
                            " (settings are {}; leave a blank line before the slide's text)",
                            SLIDE_KEYS.join(", ")
                        )
                    });
                return Err(cx.at(n, format!("unknown setting '{other}'{hint}")));
            }
        }
        if !["tab", "view", "mnist", "layout", "autoplay", "scene"].contains(&key.as_str()) {
            landscape_keys.get_or_insert(n);
        }
    }
    if let Some(n) = landscape_keys
        && s.tab != LectureTab::Landscape
    {
        return Err(cx.at(
            n,
            format!(
                "this setting applies to landscape slides, not tab: {}",
                s.tab.name()
            ),
        ));
    }
    if let Some((n, value)) = mnist_line {
        if s.tab != LectureTab::Mnist {
            return Err(cx.at(
                n,
                format!("mnist applies to mnist slides, not tab: {}", s.tab.name()),
            ));
        }
        // Builds on the slide's scene, else on the last MNIST set-up, as landscapes do.
        let base = s.mnist.clone().unwrap_or_default();
        s.mnist = Some(parse_mnist(&value, &base).map_err(|what| cx.at(n, what))?);
    }
    if let Some((n, value)) = view {
        s.view = Some(parse_view(s.tab, &value).map_err(|what| cx.at(n, what))?);
    }
    apply_overrides(cx, &seen, &s.overrides, &mut s.landscape)?;
    // Like predict, the glyphs belong to the slide that asks for them (or to its scene).
    match anatomy {
        Some(on) => s.landscape.anatomy = on,
        None if s.scene.is_none() => s.landscape.anatomy = false,
        None => {}
    }
    body(rest, &mut s);
    Ok(s)
}

fn body(rest: &[Line], s: &mut Slide) {
    let notes_at = rest
        .iter()
        .position(|(_, l)| key_value(l).is_some_and(|(k, _)| k == "note" || k == "notes"));
    let (text, notes) = rest.split_at(notes_at.unwrap_or(rest.len()));
    let join = |lines: &[Line]| lines.iter().map(|(_, l)| *l).collect::<Vec<_>>().join("\n");
    s.body = join(text).trim().to_owned();
    if let Some(((_, first), more)) = notes.split_first() {
        let after = first.split_once(':').map_or("", |(_, v)| v.trim());
        s.notes = format!("{after}\n{}", join(more)).trim().to_owned();
    }
    s.title = s
        .body
        .lines()
        .find(|l| l.trim_start().starts_with('#'))
        .or_else(|| s.body.lines().find(|l| !l.trim().is_empty()))
        .map(|l| l.trim().trim_start_matches('#').trim().to_owned())
        .unwrap_or_default();
}

/// A preset's short name: its file name without `.json` ("radford-beale").
pub fn preset_slug(file: &str) -> &str {
    file.strip_suffix(".json").unwrap_or(file)
}

type SceneParts = (Option<LabState>, Option<crate::core::training::TrainConfig>);

/// A preset by short or display name, else a scene file (relative to the lecture).
fn resolve_scene(cx: &Ctx, n: usize, value: &str) -> Result<SceneParts, LectureError> {
    let preset = PRESETS.iter().find(|p| {
        preset_slug(p.file).eq_ignore_ascii_case(value) || p.name.eq_ignore_ascii_case(value)
    });
    if let Some(p) = preset {
        return Ok((Some(p.state()), None));
    }
    let looks_like_path = value.ends_with(".json") || value.contains(['/', '\\']);
    if !looks_like_path {
        let msg = unknown("preset", value, PRESETS.iter().map(|p| preset_slug(p.file)));
        return Err(cx.at(n, msg));
    }
    let path = match cx.base_dir {
        Some(dir) => dir.join(value),
        None => Path::new(value).to_path_buf(),
    };
    let scene = scene::load(&path).map_err(|e| cx.at(n, format!("scene {value}: {e}")))?;
    Ok((scene.landscape, scene.mnist))
}
