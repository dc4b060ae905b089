//! Ready-made lessons for the landscape tab: the scene files in `assets/scenes`, compiled into
//! the binary and parsed exactly like a teacher's own scenes. Learning rates are tuned so each
//! race tells its story within the default number of steps (they are not torch's defaults,
//! which are chosen for neural networks, not for 2-D toys).

use super::lab::{LabState, default_entries};
use super::scene;
use super::surface::SurfaceKind;

pub struct Preset {
    pub name: &'static str,
    pub description: &'static str,
    /// File name in assets/scenes.
    pub file: &'static str,
    json: &'static str,
}

impl Preset {
    /// The preset's state. The embedded files are validated by the tests; should one ever fail
    /// to parse, the lesson falls back to its surface with default settings rather than panic.
    pub fn state(&self) -> LabState {
        match scene::parse(self.json).map(|s| s.landscape) {
            Ok(Some(state)) => state,
            _ => LabState::for_surface(SurfaceKind::Beale, default_entries()),
        }
    }

    pub fn json(&self) -> &'static str {
        self.json
    }

    /// The short name `--scene` accepts: the file name without `.json`, e.g. `radford-beale`.
    pub fn key(&self) -> &'static str {
        self.file.strip_suffix(".json").unwrap_or(self.file)
    }
}

pub const PRESETS: [Preset; 6] = [
    Preset {
        name: "Radford: Beale",
        description: "The chapter's seven optimizers on Beale's function: adaptive methods head \
                      for the minimum at (3, 0.5), SGD crawls, momentum overshoots.",
        file: "radford-beale.json",
        json: include_str!("../../assets/scenes/radford-beale.json"),
    },
    Preset {
        name: "Radford: saddle point",
        description: "Start just off the ridge of x² − y²: the gradient across the ridge is tiny, \
                      so SGD stalls on the saddle while momentum and adaptive methods escape.",
        file: "radford-saddle.json",
        json: include_str!("../../assets/scenes/radford-saddle.json"),
    },
    Preset {
        name: "Distill: banana",
        description: "Distill's 'Why momentum really works' valley: a curved ravine where plain \
                      gradient descent zig-zags and momentum glides.",
        file: "distill-banana.json",
        json: include_str!("../../assets/scenes/distill-banana.json"),
    },
    Preset {
        name: "Long valley",
        description: "An ill-conditioned quadratic: the learning rate must be small for the steep \
                      direction, so progress along the flat direction is slow without momentum.",
        file: "long-valley.json",
        json: include_str!("../../assets/scenes/long-valley.json"),
    },
    Preset {
        name: "Linear regression (7 points)",
        description: "The chapter's MSE bowl over slope m and intercept b; drag the data points, \
                      switch on 'stochastic' to see mini-batch noise.",
        file: "linear-regression.json",
        json: include_str!("../../assets/scenes/linear-regression.json"),
    },
    Preset {
        name: "Learning-rate decay",
        description: "The same SGD twice on noisy (mini-batch) regression gradients: with a \
                      constant lr it keeps bouncing around the minimum, with cosine decay it \
                      settles near it.",
        file: "lr-decay.json",
        json: include_str!("../../assets/scenes/lr-decay.json"),
    },
];

pub fn by_name(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name.eq_ignore_ascii_case(name))
}

pub fn radford_beale() -> LabState {
    PRESETS[0].state()
}

pub fn radford_saddle() -> LabState {
    PRESETS[1].state()
}

pub fn distill_banana() -> LabState {
    PRESETS[2].state()
}

pub fn long_valley() -> LabState {
    PRESETS[3].state()
}

pub fn linear_regression() -> LabState {
    PRESETS[4].state()
}
