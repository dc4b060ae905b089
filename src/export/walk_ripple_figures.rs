//! Handout figures of two "Why it's hard" lessons whose live figures are interactive: the
//! climber's walk (taken here the steepest way down, as the slope arrow points) and the ripple
//! of one nudged weight. The numbers come from the same core functions the tab uses, with the
//! tab's opening settings.

use super::chart::{Bars, Chart, Corner, GREEN, Mark, ORANGE, PURPLE, SKY, Series, VERMILLION};
use crate::core::climber::{self, Climb, LESSON_SURFACE};
use crate::core::ripple::{self, INPUT, Network, Ripple, SIZES};
use crate::core::surface::{PointKind, Surface};

/// Steps of the climber's walk in the handout: enough to reach a valley and stay there.
const CLIMB_STEPS: usize = 12;
/// Points on the drawn rim of the lit disc.
const RIM_POINTS: usize = 72;

/// The walk on the map (with the surface's lowest points and the lit disc at the start), and
/// the height after each step.
pub(super) fn climber_charts() -> Vec<Chart> {
    let surface = Surface::new(LESSON_SURFACE);
    let mut climb = Climb::lesson_start(&surface);
    let length = climb.lesson_step_length();
    climb.descend(&surface, length, CLIMB_STEPS);
    let path = climb.descent_path(&surface);
    let start = climb.start();
    let radius = climb.lit_radius;
    let rim = (0..=RIM_POINTS)
        .map(|k| {
            let t = std::f64::consts::TAU * k as f64 / RIM_POINTS as f64;
            [start[0] + radius * t.cos(), start[1] + radius * t.sin()]
        })
        .collect();
    let minima = surface
        .known_points()
        .into_iter()
        .filter(|k| k.kind != PointKind::Saddle)
        .map(|k| k.position)
        .collect();
    let heights: Vec<[f64; 2]> = path
        .iter()
        .enumerate()
        .map(|(i, &p)| [i as f64, climber::height(&surface, p)])
        .collect();
    let end = heights.last().map_or(f64::NAN, |h| h[1]);
    vec![
        Chart {
            title: format!("the walk on {}'s map", LESSON_SURFACE.label()),
            x_label: "x".into(),
            y_label: "y".into(),
            legend: Corner::BottomRight,
            equal_scale: true,
            series: vec![
                Series {
                    name: format!("lit at the start (radius {radius:.1})"),
                    color: ORANGE,
                    mark: Mark::Line,
                    points: rim,
                },
                Series {
                    name: format!("steepest way down, steps of {length:.1}"),
                    color: SKY,
                    mark: Mark::Line,
                    points: path.clone(),
                },
                Series {
                    name: "where each step lands".into(),
                    color: SKY,
                    mark: Mark::Dots,
                    points: path,
                },
                Series {
                    name: "lowest points".into(),
                    color: GREEN,
                    mark: Mark::Dots,
                    points: minima,
                },
            ],
            ..Chart::default()
        },
        Chart {
            title: "height after each step (a fixed step overshoots)".into(),
            x_label: "step".into(),
            y_label: format!("height f (ends at {end:.2})"),
            log_y: true,
            legend: Corner::TopRight,
            series: vec![Series {
                name: "steepest way down".into(),
                color: SKY,
                mark: Mark::Line,
                points: heights,
            }],
            ..Chart::default()
        },
    ]
}

/// |change| of every neuron after the tab's opening nudge, layer by layer: the first hidden
/// layer's other neurons show an exact 0.
pub(super) fn ripple_bars() -> Bars {
    let net = Network::from_seed(ripple::LESSON_SEED);
    let c = ripple::LESSON_CONNECTION;
    let delta = ripple::LESSON_NUDGE;
    let ripple = Ripple::compute(&net, &INPUT, c, delta);
    let layers = ["hidden 1", "hidden 2", "outputs"];
    let colors = [SKY, ORANGE, GREEN, PURPLE, VERMILLION];
    let widest = SIZES[1..].iter().copied().max().unwrap_or(0);
    Bars {
        title: format!(
            "how much each neuron moves when w (x{} → h{}) changes by {delta:+}",
            c.from + 1,
            c.to + 1
        ),
        y_label: "|new − old| activation (0: did not move at all)".into(),
        names: (0..widest)
            .map(|j| (format!("neuron {}", j + 1), colors[j % colors.len()]))
            .collect(),
        groups: layers
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let changes = ripple.change.get(i + 1).cloned().unwrap_or_default();
                (
                    (*name).to_owned(),
                    changes.iter().map(|d| d.abs()).collect(),
                )
            })
            .collect(),
        legend: Corner::TopRight,
    }
}
