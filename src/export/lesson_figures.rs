//! Handout figures of the "Why it's hard" lessons, from the same core computations the tab
//! draws. A lesson without one gets a placeholder line, never an error.

use super::chart::{Bars, Chart, Corner, GREEN, Mark, ORANGE, PURPLE, SKY, Series, VERMILLION};
use super::figures::Figure;
use super::walk_ripple_figures;
use crate::core::candidate_lines::{self, Preset};
use crate::core::dimensions;
use crate::core::gradient_cost::op_counts;
use crate::core::optimizer::OptimizerKind;
use crate::core::polyfit::{self, lesson::OverfitLesson};
use crate::core::race;
use crate::core::regression::Regression;
use crate::core::search;
use crate::core::surface::{Surface, SurfaceKind};
use crate::core::views::Lesson;

/// Evaluations in the guessing figure (the tab's budget slider goes this far too).
const GUESS_BUDGET: usize = 1000;
/// Hidden widths of the backprop figure's 784-h-10 networks.
const COST_WIDTHS: [usize; 4] = [15, 30, 100, 300];

pub(super) fn lesson_figure(lesson: Lesson) -> Figure {
    // Lessons other developers add get a figure here when they have a core computation.
    #[allow(unreachable_patterns)]
    match lesson {
        Lesson::Guessing => Figure::Charts(vec![guessing_chart()]),
        Lesson::Overfitting => Figure::Charts(overfitting_charts()),
        Lesson::Backprop => Figure::Bars(backprop_bars()),
        Lesson::CandidateLines => Figure::Charts(vec![candidate_lines_chart()]),
        Lesson::Dimensions => Figure::Charts(vec![dimensions_chart()]),
        Lesson::Climber => Figure::Charts(walk_ripple_figures::climber_charts()),
        Lesson::Ripple => Figure::Bars(walk_ripple_figures::ripple_bars()),
        _ => Figure::Placeholder("(live figure: open in descent)".into()),
    }
}

/// The chapter's data with the lesson's poor, better and good lines, each named with its MSE.
fn candidate_lines_chart() -> Chart {
    let data = Regression::chapter_default();
    let [x0, x1] = candidate_lines::HANDLE_X;
    let mut series: Vec<Series> = Preset::ALL
        .into_iter()
        .zip([VERMILLION, ORANGE, GREEN])
        .map(|(preset, color)| {
            let line = preset.line();
            Series {
                name: format!("{} line: MSE {:.3}", preset.label(), line.mse(&data)),
                color,
                mark: Mark::Line,
                points: vec![[x0, line.at(x0)], [x1, line.at(x1)]],
            }
        })
        .collect();
    series.push(Series {
        name: "data".into(),
        color: SKY,
        mark: Mark::Dots,
        points: data.points.clone(),
    });
    Chart {
        title: "candidate lines and their mean squared errors".into(),
        x_label: "x".into(),
        y_label: "y".into(),
        log_y: false,
        y_range: None,
        legend: Corner::TopLeft,
        equal_scale: false,
        series,
    }
}

/// Guesses a grid of 10 values per weight needs, for 1 to 12 weights (10^N on a log axis).
fn dimensions_chart() -> Chart {
    Chart {
        title: "10 guesses per weight: 10^N guesses for N weights".into(),
        x_label: "number of weights N".into(),
        y_label: "grid guesses".into(),
        log_y: true,
        y_range: None,
        legend: Corner::TopLeft,
        equal_scale: false,
        series: vec![Series {
            name: "guesses".into(),
            color: ORANGE,
            mark: Mark::Dots,
            points: (1..=12u32)
                .map(|n| {
                    let guesses = dimensions::grid_points(10, 1).len().pow(n);
                    [f64::from(n), guesses as f64]
                })
                .collect(),
        }],
    }
}

/// Random guesses against momentum descent on Rosenbrock, as the lesson's tab starts.
fn guessing_chart() -> Chart {
    let kind = SurfaceKind::Rosenbrock;
    let surface = Surface::new(kind);
    let view = surface.default_view();
    let random = search::random_search(&surface, view, GUESS_BUDGET, 1);
    let optimizer = OptimizerKind::Momentum;
    let start = race::default_start(kind);
    let descent = search::descent_with_budget(
        &surface,
        start,
        optimizer,
        optimizer.default_hyper(),
        GUESS_BUDGET,
    );
    let curve = |f: &dyn Fn(usize) -> f64| -> Vec<[f64; 2]> {
        (1..=GUESS_BUDGET).map(|k| [k as f64, f(k)]).collect()
    };
    Chart {
        title: "best loss found vs evaluations (Rosenbrock)".into(),
        x_label: "evaluations of the loss".into(),
        y_label: "best loss so far".into(),
        log_y: true,
        y_range: None,
        legend: Corner::TopRight,
        equal_scale: false,
        series: vec![
            Series {
                name: "random guessing".into(),
                color: ORANGE,
                mark: Mark::Line,
                points: curve(&|k| random.best_after(k)),
            },
            Series {
                name: "gradient descent (momentum)".into(),
                color: SKY,
                mark: Mark::Line,
                points: curve(&|k| descent.best_after(k)),
            },
        ],
    }
}

/// The lesson's 11 points with fits of degree 1, 3 and 10, and the errors of every degree.
fn overfitting_charts() -> Vec<Chart> {
    let lesson = OverfitLesson::default();
    let (lo, hi) = polyfit::X_RANGE;
    let points = |p: &[[f64; 2]]| p.to_vec();
    let mut fits = vec![
        Series {
            name: "training points".into(),
            color: GREEN,
            mark: Mark::Dots,
            points: points(&lesson.demo.train),
        },
        Series {
            name: "new points".into(),
            color: PURPLE,
            mark: Mark::Dots,
            points: points(&lesson.demo.held_out),
        },
    ];
    for (degree, color) in [(1, SKY), (3, ORANGE), (10, VERMILLION)] {
        if let Ok(poly) = polyfit::least_squares(&lesson.demo.train, degree, 0.0) {
            fits.push(Series {
                name: format!("degree {degree}"),
                color,
                mark: Mark::Line,
                points: poly.curve(lo, hi, 400),
            });
        }
    }
    let ys = lesson.demo.train.iter().chain(&lesson.demo.held_out);
    let (y_min, y_max) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
        (a.min(p[1]), b.max(p[1]))
    });
    let span = y_max - y_min;
    // Degree 10 passes through every training point: its training error is ~0, below the
    // axis, while its error on new points is the largest.
    let worst = lesson
        .errors
        .iter()
        .filter_map(|e| e.held_out)
        .fold(1.0, f64::max);
    let errors = |f: fn(&polyfit::lesson::DegreeErrors) -> Option<f64>| -> Vec<[f64; 2]> {
        lesson
            .errors
            .iter()
            .filter_map(|e| Some([e.degree as f64, f(e)?]))
            .collect()
    };
    vec![
        Chart {
            title: "polynomial fits".into(),
            x_label: "x".into(),
            y_label: "y".into(),
            log_y: false,
            y_range: Some((y_min - 0.8 * span, y_max + 0.3 * span)),
            series: fits,
            legend: Corner::BottomRight,
            equal_scale: false,
        },
        Chart {
            title: "error vs degree".into(),
            x_label: "degree".into(),
            y_label: "mean squared error (training: 0 at degree 10)".into(),
            log_y: true,
            y_range: Some((1e-3, 10f64.powf(worst.log10().ceil()))),
            legend: Corner::TopLeft,
            equal_scale: false,
            series: vec![
                Series {
                    name: "training".into(),
                    color: GREEN,
                    mark: Mark::Line,
                    points: errors(|e| e.train),
                },
                Series {
                    name: "new points".into(),
                    color: PURPLE,
                    mark: Mark::Line,
                    points: errors(|e| e.held_out),
                },
            ],
        },
    ]
}

/// Multiply-adds for one example's gradient: backprop against nudging every weight.
fn backprop_bars() -> Bars {
    Bars {
        title: "multiply-adds for one gradient (784-h-10 networks)".into(),
        y_label: "multiply-adds".into(),
        names: vec![
            ("backprop".into(), SKY),
            ("nudging each weight".into(), ORANGE),
        ],
        groups: COST_WIDTHS
            .iter()
            .map(|&h| {
                let ops = op_counts(&[784, h, 10]);
                (
                    format!("h = {h}"),
                    vec![ops.backprop as f64, ops.numerical as f64],
                )
            })
            .collect(),
        legend: Corner::TopLeft,
    }
}
