//! Ready-made lessons for the landscape tab. Learning rates are tuned so each race tells its
//! story within the default number of steps (they are not torch's defaults, which are chosen
//! for neural networks, not for 2-D toys).

use super::lab::{LabState, default_entries};
use super::optimizer::{HyperParam, OptimizerKind};
use super::surface::SurfaceKind;

pub struct Preset {
    pub name: &'static str,
    pub description: &'static str,
    pub build: fn() -> LabState,
}

pub const PRESETS: [Preset; 5] = [
    Preset {
        name: "Radford: Beale",
        description: "The chapter's seven optimizers on Beale's function: adaptive methods head \
                      for the minimum at (3, 0.5), SGD crawls, momentum overshoots.",
        build: radford_beale,
    },
    Preset {
        name: "Radford: saddle point",
        description: "Start just off the ridge of x² − y²: the gradient across the ridge is tiny, \
                      so SGD stalls on the saddle while momentum and adaptive methods escape.",
        build: radford_saddle,
    },
    Preset {
        name: "Distill: banana",
        description: "Distill's 'Why momentum really works' valley: a curved ravine where plain \
                      gradient descent zig-zags and momentum glides.",
        build: distill_banana,
    },
    Preset {
        name: "Long valley",
        description: "An ill-conditioned quadratic: the learning rate must be small for the steep \
                      direction, so progress along the flat direction is slow without momentum.",
        build: long_valley,
    },
    Preset {
        name: "Linear regression (7 points)",
        description: "The chapter's MSE bowl over slope m and intercept b; drag the data points, \
                      switch on 'stochastic' to see mini-batch noise.",
        build: linear_regression,
    },
];

pub fn by_name(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name.eq_ignore_ascii_case(name))
}

/// Builds a state with the chapter's optimizers enabled and the given learning rates.
fn with_rates(kind: SurfaceKind, rates: &[(OptimizerKind, f64)]) -> LabState {
    let mut entries = default_entries();
    for entry in &mut entries {
        let kind = entry.racer.kind;
        entry.enabled = rates.iter().any(|(k, _)| *k == kind);
        if let Some((_, lr)) = rates.iter().find(|(k, _)| *k == kind) {
            entry.racer.hyper.set(HyperParam::Lr, *lr);
        }
    }
    LabState::for_surface(kind, entries)
}

use OptimizerKind as K;

pub fn radford_beale() -> LabState {
    with_rates(
        SurfaceKind::Beale,
        &[
            (K::Sgd, 0.01),
            (K::Momentum, 0.005),
            (K::Nesterov, 0.005),
            (K::AdaGrad, 1.0),
            (K::AdaDelta, 1.0),
            (K::RmsProp, 0.05),
            (K::Adam, 0.1),
        ],
    )
}

pub fn radford_saddle() -> LabState {
    with_rates(
        SurfaceKind::Saddle,
        &[
            (K::Sgd, 0.05),
            (K::Momentum, 0.05),
            (K::Nesterov, 0.05),
            (K::AdaGrad, 0.5),
            (K::AdaDelta, 1.0),
            (K::RmsProp, 0.02),
            (K::Adam, 0.05),
        ],
    )
}

pub fn distill_banana() -> LabState {
    with_rates(
        SurfaceKind::Banana,
        &[(K::Sgd, 0.003), (K::Momentum, 0.003), (K::Adam, 0.1)],
    )
}

pub fn long_valley() -> LabState {
    with_rates(
        SurfaceKind::LongValley,
        &[
            (K::Sgd, 0.018),
            (K::Momentum, 0.018),
            (K::Nesterov, 0.018),
            (K::RmsProp, 0.1),
            (K::Adam, 0.1),
        ],
    )
}

pub fn linear_regression() -> LabState {
    with_rates(
        SurfaceKind::Regression,
        &[(K::Sgd, 0.02), (K::Momentum, 0.01), (K::Adam, 0.1)],
    )
}
