//! Handout figures of the slides that do not show the landscape: the MNIST curves from a short
//! headless training run of the slide's set-up, and (from `lesson_figures`) the main figure of
//! a "Why it's hard" lesson.

use std::collections::HashMap;

use image::RgbaImage;

use super::chart::{Bars, Chart, Corner, Mark, ORANGE, SKY, Series, draw_bars, draw_chart};
use super::layout::{Theme, text, text_width};
use super::lesson_figures::lesson_figure;
use super::raster::PxRect;
use crate::core::lecture::{LectureTab, Slide};
use crate::core::mnist::{self, Splits};
use crate::core::training::{self, TrainConfig};
use crate::core::views::{Lesson, TabView};

/// A handout trains at most this much of a slide's set-up, so 30 slides take seconds.
pub const HANDOUT_EPOCHS: usize = 5;
pub const HANDOUT_TRAIN_IMAGES: usize = 10_000;
const HANDOUT_VALIDATION_IMAGES: usize = 2_000;

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
