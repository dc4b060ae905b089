//! Values of slide settings: each parser returns the message for its line.

use super::{LectureTab, SlideLayout, did_you_mean};
use crate::core::optimizer::OptimizerKind;
use crate::core::surface::{FormulaSurface, SurfaceKind};

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

/// `formula: x^2 + 10*y^2`; the message names the column within the formula.
pub(super) fn parse_formula(value: &str) -> Result<FormulaSurface, String> {
    FormulaSurface::parse(value.trim()).map_err(|e| format!("formula: {e}"))
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
