//! Scenes: the whole set-up of a lesson in a human-readable JSON file with a format version.
//! Loading validates everything and either returns a complete scene or a clear error, so the
//! caller's current state is never half-overwritten.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::lab::LabState;
use super::presets::{self, PRESETS};
use super::surface::Surface;
use super::training::TrainConfig;

/// Bump when the format changes incompatibly.
pub const SCENE_VERSION: u32 = 1;
/// Limits beyond which a value is certainly a mistake (and would make the app crawl).
/// Regression data up to 10,000 points (a teacher's own CSV) is kept in the scene itself, so a
/// scene file stays self-contained when it is copied to the classroom PC (~0.7 MB of JSON).
pub const MAX_POINTS: usize = 10_000;
pub const MAX_STEPS: usize = 100_000;
/// Optimizers in one race: every kind several times over, far more than a plot can show.
pub const MAX_ENTRIES: usize = 32;
/// Characters in a scene's name (it is shown in the top bar).
pub const MAX_NAME: usize = 200;
const MAX_FILE_BYTES: u64 = 10_000_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    pub version: u32,
    /// A name to show, e.g. "Radford: Beale".
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub landscape: Option<LabState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mnist: Option<TrainConfig>,
}

#[derive(Debug, thiserror::Error)]
pub enum SceneError {
    // `reason`, not `source`: the message already says it; a source would repeat it in chains.
    #[error("cannot read {path}: {reason}")]
    Io {
        path: String,
        reason: std::io::Error,
    },
    #[error("{path} is too large for a scene ({bytes} bytes)")]
    TooLarge { path: String, bytes: u64 },
    #[error("not a valid scene: {0}")]
    Syntax(String),
    #[error(
        "scene format version {found} is not supported (this descent reads version {SCENE_VERSION})"
    )]
    Version { found: u32 },
    #[error("invalid scene: {0}")]
    Invalid(String),
    #[error("no scene file or bundled scene named {name:?} (bundled scenes: {})", bundled_names().join(", "))]
    Unknown { name: String },
}

impl Scene {
    pub fn landscape(name: &str, state: LabState) -> Self {
        Self {
            version: SCENE_VERSION,
            name: name.to_owned(),
            landscape: Some(state),
            mnist: None,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Parses and validates a scene.
pub fn parse(text: &str) -> Result<Scene, SceneError> {
    // Check the version first so an old or future file gets the right message, not a field error.
    #[derive(Deserialize)]
    struct VersionOnly {
        version: Option<u32>,
    }
    let probe: VersionOnly =
        serde_json::from_str(text).map_err(|e| SceneError::Syntax(e.to_string()))?;
    match probe.version {
        Some(SCENE_VERSION) => {}
        Some(found) => return Err(SceneError::Version { found }),
        None => return Err(SceneError::Invalid("missing \"version\"".into())),
    }
    let scene: Scene = serde_json::from_str(text).map_err(|e| SceneError::Syntax(e.to_string()))?;
    validate(&scene)?;
    Ok(scene)
}

pub fn load(path: &Path) -> Result<Scene, SceneError> {
    let shown = path.display().to_string();
    let io = |reason| SceneError::Io {
        path: shown.clone(),
        reason,
    };
    let bytes = std::fs::metadata(path).map_err(io)?.len();
    if bytes > MAX_FILE_BYTES {
        return Err(SceneError::TooLarge { path: shown, bytes });
    }
    let text = std::fs::read_to_string(path).map_err(io)?;
    parse(&text)
}

/// Names of the bundled scenes, as `load_named_or_path` accepts them (e.g. `radford-beale`).
pub fn bundled_names() -> Vec<&'static str> {
    PRESETS.iter().map(|p| p.key()).collect()
}

/// Loads `arg` as a scene file if one exists there, else as a bundled scene's name
/// (`radford-beale`, with or without `.json`, or its title such as "Radford: Beale"), so
/// `--scene` works from any directory and with a copied binary.
pub fn load_named_or_path(arg: &Path) -> Result<Scene, SceneError> {
    match load(arg) {
        Err(SceneError::Io { reason, .. }) if reason.kind() == std::io::ErrorKind::NotFound => {
            let text = arg.to_string_lossy();
            let key = text.strip_suffix(".json").unwrap_or(&text);
            PRESETS
                .iter()
                .find(|p| p.key() == key)
                .or_else(|| presets::by_name(&text))
                .map_or_else(
                    || {
                        Err(SceneError::Unknown {
                            name: text.to_string(),
                        })
                    },
                    |p| parse(p.json()),
                )
        }
        other => other,
    }
}

pub fn save(path: &Path, scene: &Scene) -> Result<(), SceneError> {
    std::fs::write(path, scene.to_json()).map_err(|reason| SceneError::Io {
        path: path.display().to_string(),
        reason,
    })
}

fn invalid(msg: impl Into<String>) -> SceneError {
    SceneError::Invalid(msg.into())
}

fn finite(name: &str, values: &[f64]) -> Result<(), SceneError> {
    match values.iter().find(|v| !v.is_finite()) {
        Some(v) => Err(invalid(format!("{name} must be finite, got {v}"))),
        None => Ok(()),
    }
}

pub fn validate(scene: &Scene) -> Result<(), SceneError> {
    if scene.name.chars().count() > MAX_NAME {
        return Err(invalid(format!(
            "name is longer than {MAX_NAME} characters"
        )));
    }
    if scene.landscape.is_none() && scene.mnist.is_none() {
        return Err(invalid(
            "a scene needs a \"landscape\" or an \"mnist\" section",
        ));
    }
    if let Some(lab) = &scene.landscape {
        validate_lab(lab)?;
    }
    if let Some(cfg) = &scene.mnist {
        validate_mnist(cfg)?;
    }
    Ok(())
}

/// Checks a training set-up: the same rules for a scene file and for the app's saved state.
pub fn validate_mnist(cfg: &TrainConfig) -> Result<(), SceneError> {
    cfg.validate().map_err(|e| invalid(format!("mnist: {e}")))
}

/// Checks a landscape set-up: the same rules for a scene file and for the app's saved state.
pub fn validate_lab(s: &LabState) -> Result<(), SceneError> {
    if let Surface::Regression(data) = &s.surface {
        if data.points.len() > MAX_POINTS {
            return Err(invalid(format!(
                "at most {MAX_POINTS} data points, got {}",
                data.points.len()
            )));
        }
        finite("data point", &data.points.concat())?;
        if data
            .source
            .as_ref()
            .is_some_and(|s| s.chars().count() > MAX_NAME)
        {
            return Err(invalid(format!(
                "data source is longer than {MAX_NAME} characters"
            )));
        }
    }
    if let Surface::Function(kind) = &s.surface
        && *kind == super::surface::SurfaceKind::Regression
    {
        return Err(invalid("the regression surface needs its data points"));
    }
    finite("start", &s.start)?;
    let v = s.view;
    finite("view", &[v.x_min, v.x_max, v.y_min, v.y_max])?;
    if !(v.width() > 0.0 && v.height() > 0.0 && v.width().is_finite() && v.height().is_finite()) {
        return Err(invalid("view must have x_min < x_max and y_min < y_max"));
    }
    if s.entries.is_empty() {
        return Err(invalid("no optimizers in the race"));
    }
    if s.entries.len() > MAX_ENTRIES {
        return Err(invalid(format!(
            "at most {MAX_ENTRIES} optimizers in a race, got {}",
            s.entries.len()
        )));
    }
    for e in &s.entries {
        e.racer
            .hyper
            .validate(e.racer.kind)
            .map_err(|err| invalid(format!("{}: {err}", e.racer.kind.name())))?;
    }
    if !(1..=MAX_STEPS).contains(&s.max_steps) {
        return Err(invalid(format!(
            "max_steps must be 1..={MAX_STEPS}, got {}",
            s.max_steps
        )));
    }
    if s.step > s.max_steps {
        return Err(invalid(format!(
            "step {} is beyond max_steps {}",
            s.step, s.max_steps
        )));
    }
    if !(1..=MAX_POINTS).contains(&s.batch_size) {
        return Err(invalid(format!(
            "batch_size must be 1..={MAX_POINTS}, got {}",
            s.batch_size
        )));
    }
    if !(s.steps_per_second.is_finite()
        && s.steps_per_second > 0.0
        && s.steps_per_second <= 10_000.0)
    {
        return Err(invalid(format!(
            "steps_per_second must be in (0, 10000], got {}",
            s.steps_per_second
        )));
    }
    if s.selected >= s.entries.len() {
        return Err(invalid(format!(
            "selected optimizer {} does not exist",
            s.selected
        )));
    }
    Ok(())
}
