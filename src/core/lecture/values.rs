//! Values of slide settings: each parser returns the message for its line.

use super::{LectureTab, SlideLayout, did_you_mean};
use crate::core::optimizer::OptimizerKind;
use crate::core::schedule::Schedule;
use crate::core::surface::{FormulaSurface, SurfaceKind};
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

/// The keys `mnist:` takes, as `key=value` pairs separated by commas.
const MNIST_KEYS: [&str; 16] = [
    "activation",
    "loss",
    "l1",
    "seed",
    "schedule",
    "train-size",
    "epochs",
    "batch",
    "lr",
    "momentum",
    "optimizer",
    "hidden",
    "l2",
    "dropout",
    "noise",
    "patience",
];

/// `mnist: train-size=1000, epochs=40, l2=0.001` changes those settings of `base`; the result
/// is validated as the MNIST tab validates its own settings. Hidden layers are written with
/// `/` between widths (`hidden=100/30`) and a schedule's parameters with `;`
/// (`schedule=step:step_size=5;gamma=0.5`), as commas separate the settings.
pub(super) fn parse_mnist(value: &str, base: &TrainConfig) -> Result<TrainConfig, String> {
    let mut config = base.clone();
    for part in value.split(',').filter(|p| !p.trim().is_empty()) {
        let Some((key, v)) = part.split_once('=') else {
            return Err(format!(
                "mnist settings are key=value pairs, e.g. 'train-size=1000, epochs=40'; got '{}'",
                part.trim()
            ));
        };
        let key = key.trim().to_ascii_lowercase().replace('_', "-");
        let whole = |what: &str| -> Result<usize, String> {
            v.trim()
                .parse::<usize>()
                .map_err(|_| format!("{what} must be a whole number, got '{}'", v.trim()))
        };
        let what = format!("mnist {key}");
        match key.as_str() {
            "train-size" => config.train_size = whole("train-size")?,
            "epochs" => config.epochs = whole("epochs")?,
            "batch" => config.batch_size = whole("batch")?,
            "patience" => config.patience = Some(whole("patience")?),
            "lr" => config.hyper.lr = parse_number(&what, v)?,
            "momentum" => config.hyper.momentum = parse_number(&what, v)?,
            "l2" => config.l2 = parse_number(&what, v)?,
            "l1" => config.l1 = parse_number(&what, v)?,
            "seed" => {
                config.seed = v
                    .trim()
                    .parse()
                    .map_err(|_| format!("seed must be a whole number, got '{}'", v.trim()))?
            }
            "activation" => {
                config.activation = crate::core::mlp::Activation::from_name(v).ok_or_else(|| {
                    unknown(
                        "activation",
                        v,
                        crate::core::mlp::Activation::ALL.iter().map(|a| a.name()),
                    )
                })?
            }
            "loss" => {
                config.loss = crate::core::mlp::Loss::from_name(v)
                    .ok_or_else(|| format!("unknown loss '{}'", v.trim()))?
            }
            "schedule" => {
                config.schedule = v
                    .trim()
                    .replace(';', ",")
                    .parse()
                    .map_err(|e| format!("mnist schedule: {e}"))?
            }
            "dropout" => config.dropout = parse_number(&what, v)?,
            "noise" => config.noise = parse_number(&what, v)?,
            "optimizer" => {
                let kind = parse_optimizer(v)?;
                let lr = config.hyper.lr;
                config.optimizer = kind;
                config.hyper = crate::core::optimizer::Hyper {
                    lr,
                    ..kind.default_hyper()
                };
            }
            "hidden" => {
                config.hidden = crate::core::mlp::parse_hidden(&v.replace('/', ","))
                    .map_err(|e| format!("mnist hidden: {e}"))?;
            }
            other => return Err(unknown("mnist setting", other, MNIST_KEYS)),
        }
    }
    config.validate().map_err(|e| format!("mnist: {e}"))?;
    Ok(config)
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

/// `schedule: cosine:t_max=300` (every racing optimizer) or, per racer,
/// `schedule: sgd=constant, sgd=cosine:t_max=600;eta_min=0`: a schedule's own commas are
/// written as `;`, as commas separate the racers.
pub(super) fn parse_schedules(
    value: &str,
) -> Result<Vec<(Option<OptimizerKind>, Schedule)>, String> {
    let mut out = Vec::new();
    for part in value.split(',').filter(|p| !p.trim().is_empty()) {
        // A name before '=' is an optimizer's; a spec's own '=' comes after its ':'.
        let (kind, spec) = match part.split_once('=') {
            Some((name, spec)) if !name.contains(':') => (Some(parse_optimizer(name)?), spec),
            _ => (None, part),
        };
        let schedule = spec
            .trim()
            .replace(';', ",")
            .parse()
            .map_err(|e| format!("schedule: {e}"))?;
        out.push((kind, schedule));
    }
    if out.is_empty() {
        return Err(
            "schedule needs a value, e.g. 'schedule: cosine:t_max=300' or 'schedule: sgd=step:step_size=100;gamma=0.5'"
                .into(),
        );
    }
    Ok(out)
}

/// A schedule as a slide writes it (its commas as `;`).
pub(super) fn schedule_inline(schedule: &Schedule) -> String {
    schedule.to_string().replace(',', ";")
}

/// `batch: 1` (stochastic), `batch: 3` (mini-batches) or `batch: all` (batch gradient descent).
pub(super) fn parse_batch(value: &str) -> Result<Option<usize>, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "all" | "full" => Ok(None),
        v => match v.parse::<usize>() {
            Ok(n) if n >= 1 => Ok(Some(n)),
            _ => Err(format!(
                "batch must be a number of points (1 for stochastic) or 'all', got '{value}'"
            )),
        },
    }
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

/// The inverse of `parse_mnist`: the whole set-up as `key=value` pairs, so the slide shows
/// exactly this set-up whatever the slides before it set (the optimizer first: it resets the
/// other hyperparameters to its defaults).
pub fn mnist_inline(c: &TrainConfig) -> String {
    let hidden: Vec<String> = c.hidden.iter().map(|h| h.to_string()).collect();
    let hidden = if hidden.is_empty() {
        "none".to_owned()
    } else {
        hidden.join("/")
    };
    let mut parts = vec![
        format!("optimizer={}", c.optimizer.name()),
        format!("lr={}", c.hyper.lr),
        format!("momentum={}", c.hyper.momentum),
        format!("batch={}", c.batch_size),
        format!("epochs={}", c.epochs),
        format!("train-size={}", c.train_size),
        format!("hidden={hidden}"),
        format!("activation={}", c.activation.name()),
        format!("loss={}", c.loss.name()),
        format!("l2={}", c.l2),
        format!("l1={}", c.l1),
        format!("dropout={}", c.dropout),
        format!("noise={}", c.noise),
        format!("seed={}", c.seed),
    ];
    if let Some(p) = c.patience {
        parts.push(format!("patience={p}"));
    }
    if c.schedule != crate::core::schedule::Schedule::Constant {
        // Commas separate the settings, so the schedule's own are written as semicolons.
        parts.push(format!(
            "schedule={}",
            c.schedule.to_string().replace(',', ";")
        ));
    }
    parts.join(", ")
}
