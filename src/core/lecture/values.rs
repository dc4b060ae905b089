//! Values of slide settings: each parser returns the message for its line.

use super::{LectureTab, SlideLayout, did_you_mean};
use crate::core::optimizer::OptimizerKind;
use crate::core::surface::SurfaceKind;
use crate::core::training::TrainConfig;
use crate::core::views::{Lesson, MnistView, TabView};

const MAX_STEPS: usize = 100_000;

pub(super) fn parse_tab(value: &str) -> Result<LectureTab, String> {
    let wanted = value.trim().to_ascii_lowercase().replace(['_', ' '], "-");
    LectureTab::ALL
        .into_iter()
        .find(|t| t.name() == wanted)
        .ok_or_else(|| unknown("tab", value, LectureTab::ALL.iter().map(|t| t.name())))
}

pub(super) fn parse_layout(value: &str) -> Result<SlideLayout, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "figure" => Ok(SlideLayout::Figure),
        "panels" => Ok(SlideLayout::Panels),
        _ => Err(unknown("layout", value, ["figure", "panels"])),
    }
}

pub(super) fn parse_bool(key: &str, value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" | "on" => Ok(true),
        "no" | "false" | "off" => Ok(false),
        _ => Err(format!("{key} must be yes or no, got '{value}'")),
    }
}

pub(super) fn parse_surface(value: &str) -> Result<SurfaceKind, String> {
    SurfaceKind::from_name(value)
        .ok_or_else(|| unknown("surface", value, SurfaceKind::ALL.iter().map(|k| k.name())))
}

pub(super) fn parse_optimizer(value: &str) -> Result<OptimizerKind, String> {
    OptimizerKind::from_name(value).ok_or_else(|| {
        unknown(
            "optimizer",
            value,
            OptimizerKind::ALL.iter().map(|k| k.name()),
        )
    })
}

pub(super) fn parse_optimizers(value: &str) -> Result<Vec<OptimizerKind>, String> {
    let kinds = value
        .split([',', ' '])
        .filter(|s| !s.trim().is_empty())
        .map(parse_optimizer)
        .collect::<Result<Vec<_>, _>>()?;
    if kinds.is_empty() {
        return Err("optimizers needs at least one name, e.g. 'optimizers: sgd, adam'".into());
    }
    Ok(kinds)
}

/// `view:` names a lesson on why-hard slides and an inner view on MNIST slides.
pub(super) fn parse_view(tab: LectureTab, value: &str) -> Result<TabView, String> {
    let wanted = value.trim().to_ascii_lowercase().replace(['_', ' '], "-");
    match tab {
        LectureTab::WhyHard => Lesson::ALL
            .into_iter()
            .find(|l| l.name() == wanted)
            .map(TabView::Lesson)
            .ok_or_else(|| unknown("lesson", value, Lesson::ALL.iter().map(|l| l.name()))),
        LectureTab::Mnist => MnistView::ALL
            .into_iter()
            .find(|v| v.name() == wanted)
            .map(TabView::Mnist)
            .ok_or_else(|| unknown("MNIST view", value, MnistView::ALL.iter().map(|v| v.name()))),
        LectureTab::Landscape => {
            Err("view applies to why-hard and mnist slides, not tab: landscape".into())
        }
    }
}

pub(super) fn parse_number(what: &str, text: &str) -> Result<f64, String> {
    let v: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{what}: '{}' is not a number", text.trim()))?;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(format!("{what}: '{}' is not a finite number", text.trim()))
    }
}

pub(super) fn parse_point(value: &str) -> Result<[f64; 2], String> {
    let parts: Vec<&str> = value.split(',').collect();
    let [x, y] = parts.as_slice() else {
        return Err(format!("start must be two numbers 'x, y', got '{value}'"));
    };
    Ok([parse_number("start", x)?, parse_number("start", y)?])
}

/// `lr: 0.01` (every racing optimizer) or `lr: sgd=0.001, adam=0.05`.
pub(super) fn parse_lr(value: &str) -> Result<Vec<(Option<OptimizerKind>, f64)>, String> {
    let mut out = Vec::new();
    for part in value.split(',').filter(|p| !p.trim().is_empty()) {
        let (kind, number) = match part.split_once('=') {
            Some((name, number)) => (Some(parse_optimizer(name)?), number),
            None => (None, part),
        };
        let lr = parse_number("lr", number)?;
        if lr <= 0.0 {
            return Err(format!("lr must be positive, got {lr}"));
        }
        out.push((kind, lr));
    }
    if out.is_empty() {
        return Err("lr needs a value, e.g. 'lr: 0.01' or 'lr: sgd=0.001, adam=0.05'".into());
    }
    Ok(out)
}

pub(super) fn parse_steps(value: &str) -> Result<usize, String> {
    match value.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_STEPS).contains(&n) => Ok(n),
        _ => Err(format!(
            "steps must be a whole number 1..={MAX_STEPS}, got '{value}'"
        )),
    }
}

pub(super) fn unknown<'a>(
    what: &str,
    value: &str,
    names: impl IntoIterator<Item = &'a str> + Clone,
) -> String {
    match did_you_mean(value.trim(), names.clone()) {
        Some(m) => format!("unknown {what} '{}' (did you mean {m}?)", value.trim()),
        None => format!(
            "unknown {what} '{}' (choose one of: {})",
            value.trim(),
            names.into_iter().collect::<Vec<_>>().join(", ")
        ),
    }
}

/// `mnist: {"epochs": 3, "hidden": [30]}`: the MNIST set-up as the fields that differ from the
/// chapter's (`TrainConfig::default()`); `mnist: default` is the chapter's set-up itself.
pub(super) fn parse_mnist(value: &str) -> Result<TrainConfig, String> {
    let value = value.trim();
    let config: TrainConfig = if value.eq_ignore_ascii_case("default") {
        TrainConfig::default()
    } else {
        serde_json::from_str(value).map_err(|e| {
            format!("mnist: {e} (write the settings that differ, e.g. {{\"epochs\": 3}})")
        })?
    };
    crate::core::scene::validate_mnist(&config).map_err(|e| e.to_string())?;
    Ok(config)
}

/// The inverse of `parse_mnist`: only the fields that differ from the chapter's set-up, on one
/// line (a whole sub-object such as the optimizer's hyperparameters when any of it differs).
pub fn mnist_inline(config: &TrainConfig) -> String {
    let (Ok(serde_json::Value::Object(ours)), Ok(serde_json::Value::Object(chapter))) = (
        serde_json::to_value(config),
        serde_json::to_value(TrainConfig::default()),
    ) else {
        return "default".to_owned();
    };
    let differs: serde_json::Map<String, serde_json::Value> = ours
        .into_iter()
        .filter(|(k, v)| chapter.get(k) != Some(v))
        .collect();
    if differs.is_empty() {
        return "default".to_owned();
    }
    serde_json::Value::Object(differs).to_string()
}
