//! Handout figures of the climber and ripple lessons: real charts (no placeholder line), whose
//! numbers are the lesson's core computations with the tab's opening settings.

use descent::core::climber::{self, Climb, LESSON_SURFACE};
use descent::core::lecture::{self, Lecture};
use descent::core::ripple::{self, INPUT, Network, Ripple, SIZES};
use descent::core::surface::Surface;
use descent::export::chart::{Bars, Chart};
use descent::export::figures::{Figure, HandoutData, slide_figure};
use descent::export::handout::{render_slide, write_handout};

fn lecture() -> Lecture {
    let text = "lecture: 1\ntitle: Why it's hard\n---\ntab: why-hard\nview: climber\n\n# Climber in the dark\n\nOnly the lit patch shows.\n---\ntab: why-hard\nview: ripple\n\n# One weight ripples\n\nNudge one weight.\n";
    lecture::parse(text.as_bytes(), "why.md", None).expect("valid lecture")
}

fn figure(slide: usize) -> Figure {
    slide_figure(&lecture().slides[slide], &mut HandoutData::default())
}

fn climber_charts() -> Vec<Chart> {
    match figure(0) {
        Figure::Charts(charts) => charts,
        Figure::Bars(_) => panic!("climber: bars, expected charts"),
        Figure::Placeholder(line) => panic!("climber: still a placeholder: {line}"),
    }
}

fn ripple_bars() -> Bars {
    match figure(1) {
        Figure::Bars(bars) => bars,
        Figure::Charts(_) => panic!("ripple: charts, expected bars"),
        Figure::Placeholder(line) => panic!("ripple: still a placeholder: {line}"),
    }
}

fn series<'a>(chart: &'a Chart, starts: &str) -> &'a [[f64; 2]] {
    &chart
        .series
        .iter()
        .find(|s| s.name.starts_with(starts))
        .unwrap_or_else(|| panic!("no series '{starts}…' in '{}'", chart.title))
        .points
}

/// Himmelblau written out here, independent of core's surface code.
fn himmelblau(p: [f64; 2]) -> f64 {
    let [x, y] = p;
    (x * x + y - 11.0).powi(2) + (x + y * y - 7.0).powi(2)
}

#[test]
fn the_climber_figure_is_the_lessons_walk_down_the_slope() {
    let charts = climber_charts();
    assert_eq!(charts.len(), 2);
    let surface = Surface::new(LESSON_SURFACE);
    let lesson = Climb::lesson_start(&surface);
    let length = lesson.lesson_step_length();
    let path = series(&charts[0], "steepest way down");
    let heights = series(&charts[1], "steepest way down");
    assert!(path.len() > 5, "{} points", path.len());
    assert_eq!(heights.len(), path.len());
    assert_eq!(path[0], lesson.start());

    // The same walk, rebuilt from core: same points, heights from climber::height.
    let mut climb = lesson.clone();
    assert_eq!(
        climb.descend(&surface, length, path.len() - 1),
        path.len() - 1
    );
    let descent = climb.descent_path(&surface);
    assert_eq!(descent.as_slice(), path);
    assert_eq!(climb.path, descent, "descending is gradient descent's walk");
    assert_eq!(heights[0][1], climber::height(&surface, lesson.start()));
    let last = *descent.last().expect("a walk");
    assert_eq!(
        heights[heights.len() - 1][1],
        climber::height(&surface, last)
    );

    // Independently: each step has the lesson's length and goes against the gradient
    // (central differences of the formula), and each height is the formula's value.
    let h = 1e-6;
    for (i, pair) in path.windows(2).enumerate() {
        let (a, b) = (pair[0], pair[1]);
        let step = [b[0] - a[0], b[1] - a[1]];
        assert!((step[0].hypot(step[1]) - length).abs() < 1e-9, "step {i}");
        let g = [
            (himmelblau([a[0] + h, a[1]]) - himmelblau([a[0] - h, a[1]])) / (2.0 * h),
            (himmelblau([a[0], a[1] + h]) - himmelblau([a[0], a[1] - h])) / (2.0 * h),
        ];
        let cos = -(step[0] * g[0] + step[1] * g[1]) / (length * g[0].hypot(g[1]));
        assert!(cos > 1.0 - 1e-6, "step {i} is not downhill: cos {cos}");
    }
    for (i, (&p, hp)) in path.iter().zip(heights).enumerate() {
        assert_eq!(hp[0], i as f64);
        assert!(
            (hp[1] - himmelblau(p)).abs() < 1e-9 * (1.0 + hp[1]),
            "height {i}"
        );
    }
    assert!(heights[heights.len() - 1][1] < heights[0][1] / 10.0);

    // The lit disc at the start, and Himmelblau's four minima (f = 0).
    let rim = series(&charts[0], "lit at the start");
    for p in rim {
        let r = climber::distance(*p, lesson.start());
        assert!((r - lesson.lit_radius).abs() < 1e-9, "rim at {r}");
    }
    let minima = series(&charts[0], "lowest points");
    assert_eq!(minima.len(), 4);
    for &p in minima {
        assert!(himmelblau(p) < 1e-6, "{p:?}: {}", himmelblau(p));
    }
}

#[test]
fn the_ripple_bars_are_the_cores_changes_with_exact_zeros_upstream() {
    let bars = ripple_bars();
    let net = Network::from_seed(ripple::LESSON_SEED);
    let c = ripple::LESSON_CONNECTION;
    let ripple = Ripple::compute(&net, &INPUT, c, ripple::LESSON_NUDGE);
    assert_eq!(bars.groups.len(), SIZES.len() - 1);
    for (l, (_, values)) in bars.groups.iter().enumerate() {
        let layer = l + 1;
        assert_eq!(values.len(), SIZES[layer]);
        for (j, &v) in values.iter().enumerate() {
            assert_eq!(
                v,
                ripple.change_of(layer, j).abs(),
                "layer {layer} neuron {j}"
            );
        }
    }
    // First hidden layer: only the neuron the nudged weight feeds moves; the others are
    // exactly unchanged. Everything after it moves.
    for (j, &v) in bars.groups[0].1.iter().enumerate() {
        if j == c.to {
            assert!(v > 1e-3, "the fed neuron moved only {v}");
        } else {
            assert_eq!(v, 0.0, "hidden 1 neuron {j}");
        }
    }
    for (_, values) in &bars.groups[1..] {
        assert!(values.iter().all(|&v| v > 0.0), "{values:?}");
    }

    // Independently: two forward passes written out with loops.
    let forward = |bump: f64| -> Vec<Vec<f64>> {
        let mut a = INPUT.to_vec();
        let mut layers = Vec::new();
        for (l, (w, b)) in net.weights.iter().zip(&net.biases).enumerate() {
            let next: Vec<f64> = (0..w.nrows())
                .map(|j| {
                    let z: f64 = (0..w.ncols())
                        .map(|i| {
                            let extra = if l == 0 && i == c.from && j == c.to {
                                bump
                            } else {
                                0.0
                            };
                            (w[[j, i]] + extra) * a[i]
                        })
                        .sum();
                    (z + b[j]).tanh()
                })
                .collect();
            layers.push(next.clone());
            a = next;
        }
        layers
    };
    let (before, after) = (forward(0.0), forward(ripple::LESSON_NUDGE));
    for (l, (_, values)) in bars.groups.iter().enumerate() {
        for (j, &v) in values.iter().enumerate() {
            let expected = (after[l][j] - before[l][j]).abs();
            assert!((v - expected).abs() < 1e-12, "layer {} neuron {j}", l + 1);
        }
    }
}

/// Share of the figure area (the image's bottom 700 rows) not of its most common colour.
fn figure_ink(img: &image::RgbaImage) -> f64 {
    let mut counts = std::collections::HashMap::new();
    for y in (img.height() - 700)..img.height() {
        for x in 0..img.width() {
            *counts.entry(img.get_pixel(x, y).0).or_insert(0usize) += 1;
        }
    }
    let total: usize = counts.values().sum();
    let background = counts.values().copied().max().unwrap_or(0);
    (total - background) as f64 / total as f64
}

#[test]
fn a_handout_with_both_lessons_writes_their_figures() {
    let lec = lecture();
    let dir = std::env::temp_dir().join(format!("descent-handout-why-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let files = write_handout(&lec, &dir, false).expect("handout");
    assert_eq!(files.len(), 3);
    for i in 1..=2 {
        let img = image::open(dir.join(format!("slide-{i:02}.png")))
            .expect("png")
            .to_rgba8();
        let ink = figure_ink(&img);
        println!("slide {i}: {:.1}% ink", 100.0 * ink);
        assert!(ink > 0.02, "slide {i}: figure looks blank ({ink:.4})");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `cargo test --locked handout_lesson_pngs -- --ignored` writes both slides, light and dark,
/// into target/tmp/ to look at.
#[test]
#[ignore = "writes PNGs to look at"]
fn handout_lesson_pngs() {
    let lec = lecture();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    for dark in [false, true] {
        for (slide, name) in lec.slides.iter().zip(["climber", "ripple"]) {
            let img = render_slide(slide, dark, &mut HandoutData::default());
            let path = dir.join(format!(
                "handout-{name}-{}.png",
                if dark { "dark" } else { "light" }
            ));
            img.save(&path).expect("save");
            println!("{}", path.display());
        }
    }
}

#[test]
fn descending_stops_on_flat_ground() {
    let surface = Surface::new(LESSON_SURFACE);
    // (3, 2) is one of Himmelblau's minima: both squares vanish, so the gradient is exactly 0.
    let mut climb = Climb::new(surface.default_view(), [3.0, 2.0], 1.0);
    assert_eq!(climb.descend(&surface, 0.5, 10), 0);
    assert_eq!(climb.path, vec![[3.0, 2.0]]);
}
