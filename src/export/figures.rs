//! Handout figures of the slides that do not show the landscape: the MNIST curves from a short
//! headless training run of the slide's set-up, and the main figure of a "Why it's hard"
//! lesson from the same core computation the tab draws. A lesson without a figure here gets
//! a placeholder line, never an error.

use std::collections::HashMap;

use image::RgbaImage;

use super::chart::{
    Bars, Chart, Corner, GREEN, Mark, ORANGE, PURPLE, SKY, Series, VERMILLION, draw_bars,
    draw_chart,
};
use super::layout::{Theme, text, text_width};
use super::raster::PxRect;
use crate::core::candidate_lines::{self, Preset};
use crate::core::dimensions;
use crate::core::gradient_cost::op_counts;
use crate::core::lecture::{LectureTab, Slide};
use crate::core::mnist::{self, Splits};
use crate::core::optimizer::OptimizerKind;
use crate::core::polyfit::{self, lesson::OverfitLesson};
use crate::core::race;
use crate::core::regression::Regression;
use crate::core::search;
use crate::core::surface::{Surface, SurfaceKind};
use crate::core::training::{self, TrainConfig};
use crate::core::views::{Lesson, TabView};

/// A handout trains at most this much of a slide's set-up, so 30 slides take seconds.
pub const HANDOUT_EPOCHS: usize = 5;
pub const HANDOUT_TRAIN_IMAGES: usize = 10_000;
const HANDOUT_VALIDATION_IMAGES: usize = 2_000;
/// Evaluations in the guessing figure (the tab's budget slider goes this far too).
const GUESS_BUDGET: usize = 1000;
/// Hidden widths of the backprop figure's 784-h-10 networks.
const COST_WIDTHS: [usize; 4] = [15, 30, 100, 300];

/// What the handout draws below a slide's caption.
pub enum Figure {
    Charts(Vec<Chart>),
    Bars(Bars),
    /// No headless figure: a line saying where the live one is.
    Placeholder(String),
}

/// Data shared by the slides of one handout: MNIST loaded once, each set-up trained once.
#[derive(Default)]
pub struct HandoutData {
    mnist: Option<Result<Splits, String>>,
    curves: HashMap<String, Result<Vec<Chart>, String>>,
}

impl HandoutData {
    fn splits(&mut self) -> Result<&Splits, String> {
        let loaded = self.mnist.get_or_insert_with(|| {
            let (train_file, test) = mnist::load_bundled().map_err(|e| e.to_string())?;
            let mut splits =
                mnist::split(train_file, test, HANDOUT_TRAIN_IMAGES).map_err(|e| e.to_string())?;
            let n = splits.validation.len().min(HANDOUT_VALIDATION_IMAGES);
            splits.validation = splits.validation.subset(0..n);
            Ok(splits)
        });
        loaded.as_ref().map_err(Clone::clone)
    }
}

pub fn slide_figure(slide: &Slide, data: &mut HandoutData) -> Figure {
    match (slide.tab, slide.view) {
        (LectureTab::Mnist, _) => {
            let config = slide.mnist.clone().unwrap_or_default();
            match mnist_curves(&config, data) {
                Ok(charts) => Figure::Charts(charts),
                Err(e) => Figure::Placeholder(format!("(MNIST training failed: {e})")),
            }
        }
        (LectureTab::WhyHard, view) => {
            let lesson = match view {
                Some(TabView::Lesson(lesson)) => lesson,
                _ => Lesson::default(),
            };
            lesson_figure(lesson)
        }
        (LectureTab::Landscape, _) => Figure::Placeholder(String::new()),
    }
}

/// The slide's set-up, capped to [`HANDOUT_EPOCHS`] × [`HANDOUT_TRAIN_IMAGES`].
pub fn handout_config(config: &TrainConfig) -> TrainConfig {
    TrainConfig {
        epochs: config.epochs.min(HANDOUT_EPOCHS),
        train_size: config.train_size.min(HANDOUT_TRAIN_IMAGES),
        ..config.clone()
    }
}

fn mnist_curves(written: &TrainConfig, data: &mut HandoutData) -> Result<Vec<Chart>, String> {
    let config = handout_config(written);
    let key = serde_json::to_string(&config).unwrap_or_default();
    if let Some(done) = data.curves.get(&key) {
        return done.clone();
    }
    let result = train_curves(&config, written.epochs, data);
    data.curves.insert(key, result.clone());
    result
}

fn train_curves(
    config: &TrainConfig,
    written_epochs: usize,
    data: &mut HandoutData,
) -> Result<Vec<Chart>, String> {
    let splits = data.splits()?;
    let train = splits
        .train
        .subset(0..config.train_size.min(splits.train.len()));
    let splits = Splits {
        train,
        validation: splits.validation.clone(),
        test: splits.test.subset(0..1),
    };
    let summary = training::run_train(config, &splits, false, &mut std::io::sink())
        .map_err(|e| e.to_string())?;
    let series = |name: &str, color, f: fn(&training::EpochRecord) -> f64| Series {
        name: name.to_owned(),
        color,
        mark: Mark::Line,
        points: summary
            .history
            .iter()
            .map(|r| [r.epoch as f64, f(r)])
            .collect(),
    };
    let widths: Vec<String> = config.hidden.iter().map(usize::to_string).collect();
    let setup = format!(
        "784-{}-10, {} lr {}, {} images",
        widths.join("-"),
        config.optimizer.name(),
        config.hyper.lr,
        config.train_size
    );
    let epochs = if written_epochs > config.epochs {
        format!("epoch (the first {} of {written_epochs})", config.epochs)
    } else {
        "epoch".to_owned()
    };
    Ok(vec![
        Chart {
            title: format!("loss ({setup})"),
            x_label: epochs.clone(),
            y_label: "mean loss".into(),
            series: vec![
                series("training", SKY, |r| r.train_loss),
                series("validation", ORANGE, |r| r.val_loss),
            ],
            ..Chart::default()
        },
        Chart {
            title: "accuracy".into(),
            x_label: epochs,
            y_label: "accuracy".into(),
            series: vec![
                series("training", SKY, |r| r.train_acc),
                series("validation", ORANGE, |r| r.val_acc),
            ],
            legend: Corner::BottomRight,
            ..Chart::default()
        },
    ])
}

fn lesson_figure(lesson: Lesson) -> Figure {
    // Lessons other developers add get a figure here when they have a core computation.
    #[allow(unreachable_patterns)]
    match lesson {
        Lesson::Guessing => Figure::Charts(vec![guessing_chart()]),
        Lesson::Overfitting => Figure::Charts(overfitting_charts()),
        Lesson::Backprop => Figure::Bars(backprop_bars()),
        Lesson::CandidateLines => Figure::Charts(vec![candidate_lines_chart()]),
        Lesson::Dimensions => Figure::Charts(vec![dimensions_chart()]),
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
        },
        Chart {
            title: "error vs degree".into(),
            x_label: "degree".into(),
            y_label: "mean squared error (training: 0 at degree 10)".into(),
            log_y: true,
            y_range: Some((1e-3, 10f64.powf(worst.log10().ceil()))),
            legend: Corner::TopLeft,
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

/// Draws a figure into `area`; a placeholder is centred text.
pub(super) fn draw_figure(img: &mut RgbaImage, area: PxRect, figure: &Figure, theme: &Theme) {
    match figure {
        Figure::Charts(charts) => {
            let n = charts.len().max(1) as u32;
            let w = area.width() / n;
            for (i, chart) in charts.iter().enumerate() {
                let x0 = area.x0 + i as u32 * w;
                let part = PxRect {
                    x0,
                    x1: x0 + w,
                    ..area
                };
                draw_chart(img, part, chart, theme);
            }
        }
        Figure::Bars(bars) => draw_bars(img, area, bars, theme),
        Figure::Placeholder(line) => {
            let size = 28.0;
            let x = area.x0 as f32 + (area.width() as f32 - text_width(size, line)) / 2.0;
            let y = area.y0 as f32 + area.height() as f32 / 2.0;
            text(img, theme.text, x, y, size, line);
        }
    }
}
