//! Lecture files: the shipped lecture, every error kind with its line, and random damage.

use descent::core::lecture::{self, LectureError, LectureTab, SlideLayout};
use descent::core::optimizer::OptimizerKind;
use descent::core::presets;
use descent::core::race;
use descent::core::surface::{Surface, SurfaceKind};
use rand::{RngExt, SeedableRng};

const SMALL: &str = "lecture: 1
title: Test lecture
---
scene: radford-beale
optimizers: sgd, adam
lr: sgd=0.002

# First slide
Some *text*.

Note:
Say hello.
---
surface: rosenbrock
start: -1.5, 2
autoplay: yes
predict: yes

# Second
---
tab: mnist
layout: panels

# Third
";

fn parse(text: &str) -> Result<lecture::Lecture, LectureError> {
    lecture::parse(text.as_bytes(), "lecture.md", None)
}

/// The error message and line for a lecture made of SMALL with one line replaced.
fn error_with(line: usize, replacement: &str) -> (String, Option<usize>) {
    let text: Vec<&str> = SMALL.lines().collect();
    let mut text: Vec<String> = text.iter().map(|s| s.to_string()).collect();
    text[line - 1] = replacement.to_owned();
    let err = parse(&text.join("\n")).expect_err(replacement);
    (err.to_string(), err.line())
}

#[test]
fn a_small_lecture_parses_into_resolved_slides() {
    let lec = parse(SMALL).expect("valid lecture");
    assert_eq!(lec.title, "Test lecture");
    assert_eq!(lec.slides.len(), 3);
    let [a, b, c] = [&lec.slides[0], &lec.slides[1], &lec.slides[2]];
    assert_eq!((a.line, b.line, c.line), (4, 14, 21));
    assert_eq!(a.title, "First slide");
    assert_eq!(a.notes, "Say hello.");
    assert!(!a.body.contains("Say hello"), "notes leak into the body");
    let enabled: Vec<OptimizerKind> = a
        .landscape
        .entries
        .iter()
        .filter(|e| e.enabled)
        .map(|e| e.racer.kind)
        .collect();
    assert_eq!(enabled, [OptimizerKind::Sgd, OptimizerKind::Adam]);
    let sgd = a
        .landscape
        .entries
        .iter()
        .find(|e| e.racer.kind == OptimizerKind::Sgd);
    assert_eq!(sgd.map(|e| e.racer.hyper.lr), Some(0.002));
    let beale = presets::radford_beale();
    assert_eq!(a.landscape.start, beale.start);
    // The second slide builds on the first: its racers, on a new surface and start.
    assert_eq!(b.landscape.surface, Surface::new(SurfaceKind::Rosenbrock));
    assert_eq!(b.landscape.start, [-1.5, 2.0]);
    assert_eq!(b.landscape.entries, a.landscape.entries);
    assert!(b.autoplay && b.predict && !a.autoplay && !a.predict);
    assert_eq!(c.tab, LectureTab::Mnist);
    assert_eq!(
        (a.layout, c.layout),
        (SlideLayout::Figure, SlideLayout::Panels)
    );
}

#[test]
fn each_error_names_its_line_and_what_is_wrong() {
    let cases: [(usize, &str, &str); 19] = [
        (1, "lecture: 2", "version 2 is not supported"),
        (1, "lecture: one", "must be a number"),
        (2, "titel: x", "did you mean title?"),
        (
            4,
            "scene: radford-bael",
            "unknown preset 'radford-bael' (did you mean radford-beale?)",
        ),
        (4, "scene: nothing-like-it", "choose one of: radford-beale"),
        (
            4,
            "scene: /nonexistent/x.json",
            "scene /nonexistent/x.json: cannot read",
        ),
        (
            5,
            "optimizers: sgd, adma",
            "unknown optimizer 'adma' (did you mean adam?)",
        ),
        (6, "lr: sgd=-1", "lr must be positive"),
        (6, "lr: sgd=fast", "'fast' is not a number"),
        (6, "lr: lion=0.1", "lr for lion, which is not racing"),
        (14, "surface: rosenbrok", "did you mean rosenbrock?"),
        (15, "start: 1", "start must be two numbers"),
        (16, "autoplay: maybe", "autoplay must be yes or no"),
        (16, "optimisers: sgd", "did you mean optimizers?"),
        (22, "layout: huge", "unknown layout 'huge'"),
        (21, "tab: why-hrd", "did you mean why-hard?"),
        (
            22,
            "view: confusoin",
            "unknown MNIST view 'confusoin' (did you mean confusion?)",
        ),
        (
            16,
            "view: guessing",
            "view applies to why-hard and mnist slides",
        ),
        (22, "view: overfitting", "unknown MNIST view 'overfitting'"),
    ];
    for (line, replacement, expected) in cases {
        let (message, at) = error_with(line, replacement);
        assert_eq!(at, Some(line), "{replacement}: {message}");
        assert!(
            message.starts_with(&format!("lecture.md:{line}: ")) && message.contains(expected),
            "{replacement}: got '{message}', expected '{expected}'"
        );
        assert_eq!(message.lines().count(), 1, "{message}");
    }
}

/// `view:` picks a lesson on why-hard slides and an inner view on MNIST slides, whichever
/// order the tab and the view are written in.
#[test]
fn a_slide_names_the_lesson_or_view_it_shows() {
    use descent::core::views::{Lesson, MnistView, TabView};
    let text = "lecture: 1\n---\nview: backprop\ntab: why-hard\n\n# A\n---\ntab: mnist\nview: loss landscape\n\n# B\n---\ntab: mnist\n\n# C\n";
    let lec = parse(text).expect("valid lecture");
    let views: Vec<_> = lec.slides.iter().map(|s| s.view).collect();
    assert_eq!(
        views,
        [
            Some(TabView::Lesson(Lesson::Backprop)),
            Some(TabView::Mnist(MnistView::LossLandscape)),
            None
        ]
    );
    let bad = parse(&text.replace("view: backprop", "view: backprob")).expect_err("typo");
    assert_eq!(bad.line(), Some(3));
    assert!(bad.to_string().contains("did you mean backprop?"), "{bad}");
}

/// `mnist:` changes the MNIST set-up of a slide, building on the previous slide's, and is
/// validated like the MNIST tab's own settings.
#[test]
fn mnist_slides_carry_their_set_up() {
    let text = "lecture: 1\n---\ntab: mnist\nmnist: train-size=1000, epochs=40, hidden=30/15\n\n# A\n---\nmnist: l2=0.001, optimizer=adam, lr=0.002\n\n# B\n";
    let lec = parse(text).expect("valid lecture");
    let a = lec.slides[0].mnist.clone().expect("set-up");
    assert_eq!(
        (a.train_size, a.epochs, a.hidden.clone()),
        (1000, 40, vec![30, 15])
    );
    assert_eq!(a.l2, 0.0);
    let b = lec.slides[1].mnist.clone().expect("set-up");
    assert_eq!((b.train_size, b.epochs, b.l2), (1000, 40, 0.001));
    assert_eq!((b.optimizer, b.hyper.lr), (OptimizerKind::Adam, 0.002));
    assert_eq!(b.hyper.beta2, OptimizerKind::Adam.default_hyper().beta2);
    for (line, what) in [
        (
            "mnist: dropuot=0.2",
            "unknown mnist setting 'dropuot' (did you mean dropout?)",
        ),
        ("mnist: dropout=1.5", "mnist: "),
        ("mnist: epochs=many", "epochs must be a whole number"),
        ("mnist: 1000", "key=value pairs"),
    ] {
        let err = parse(&text.replace("mnist: l2=0.001, optimizer=adam, lr=0.002", line))
            .expect_err(line);
        assert_eq!(err.line(), Some(8), "{err}");
        assert!(err.to_string().contains(what), "{line}: {err}");
    }
    let on_landscape = parse("lecture: 1\n---\nmnist: epochs=3\n\n# A\n").expect_err("landscape");
    assert!(
        on_landscape
            .to_string()
            .contains("mnist applies to mnist slides"),
        "{on_landscape}"
    );
}

/// `batch:` switches the regression race between stochastic, mini-batch and batch descent.
#[test]
fn regression_slides_choose_their_batch() {
    let text = "lecture: 1\n---\nscene: linear-regression\nbatch: 1\n\n# A\n---\nbatch: all\n\n# B\n---\nbatch: 3\n\n# C\n";
    let lec = parse(text).expect("valid lecture");
    let batches: Vec<(bool, usize)> = lec
        .slides
        .iter()
        .map(|s| (s.landscape.stochastic, s.landscape.batch_size))
        .collect();
    assert_eq!((batches[0], batches[2]), ((true, 1), (true, 3)));
    assert!(!batches[1].0);
    for (value, what) in [
        ("batch: none", "batch must be a number of points"),
        ("batch: 0", "batch must be a number of points"),
    ] {
        let err = parse(&text.replace("batch: all", value)).expect_err(value);
        assert_eq!(err.line(), Some(8), "{err}");
        assert!(err.to_string().contains(what), "{err}");
    }
    let beale =
        parse("lecture: 1\n---\nscene: radford-beale\nbatch: 1\n\n# A\n").expect_err("no data");
    assert!(
        beale
            .to_string()
            .contains("batch applies to the regression surface"),
        "{beale}"
    );
    let mut state = presets::linear_regression();
    state.stochastic = true;
    state.batch_size = 2;
    let header = lecture::capture_header(&state);
    assert!(
        header.contains(&("batch".to_owned(), "2".to_owned())),
        "{header:?}"
    );
}

#[test]
fn errors_that_span_lines_name_the_right_one() {
    let twice = SMALL.replace("lr: sgd=0.002", "lr: sgd=0.002\nlr: 0.1");
    let err = parse(&twice).expect_err("duplicate key");
    assert_eq!(err.line(), Some(7));
    assert!(
        err.to_string()
            .contains("set twice on this slide (first on line 6)"),
        "{err}"
    );

    let on_mnist = SMALL.replace("layout: panels", "layout: panels\nsteps: 10");
    let err = parse(&on_mnist).expect_err("landscape setting on the mnist tab");
    assert_eq!(err.line(), Some(23));
    assert!(
        err.to_string().contains("applies to landscape slides"),
        "{err}"
    );

    let no_header = SMALL.replacen("lecture: 1\n", "", 1);
    let err = parse(&no_header).expect_err("no version");
    assert!(err.to_string().contains("lecture: 1"), "{err}");

    let no_slides = "lecture: 1\ntitle: nothing\n---\n\n---\n";
    let err = parse(no_slides).expect_err("no slides");
    assert!(err.to_string().contains("no slides"), "{err}");
}

#[test]
fn damaged_files_are_refused_with_one_line() {
    for (bytes, expected) in [
        (&b""[..], "lecture.md: is empty"),
        (&b"  \n\n"[..], "lecture.md: is empty"),
        (&b"lecture: 1\n\x00\x01\x02"[..], "binary"),
        (&b"lecture: 1\n---\n\xff\xfe title"[..], "not UTF-8"),
    ] {
        let err = lecture::parse(bytes, "lecture.md", None).expect_err(expected);
        let message = err.to_string();
        assert!(message.contains(expected), "got '{message}'");
        assert_eq!(message.lines().count(), 1);
    }
    let err = lecture::load(std::path::Path::new("/nonexistent/descent/lecture.md"))
        .expect_err("missing file");
    assert!(
        err.to_string().contains("/nonexistent/descent/lecture.md"),
        "{err}"
    );
}

#[test]
fn scene_paths_are_relative_to_the_lecture() {
    let dir = std::env::temp_dir().join(format!("descent-lecture-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let scene = presets::by_name("Long valley").expect("preset").json();
    std::fs::write(dir.join("valley.json"), scene).expect("write scene");
    std::fs::write(
        dir.join("l.md"),
        "lecture: 1\n---\nscene: valley.json\n\n# V\n",
    )
    .expect("write");
    let lec = lecture::load(&dir.join("l.md")).expect("lecture with a relative scene");
    assert_eq!(lec.slides[0].landscape, presets::long_valley());
    std::fs::write(
        dir.join("bad.md"),
        "lecture: 1\n---\n# x\n---\nscene: nope.json\n",
    )
    .expect("write");
    let err = lecture::load(&dir.join("bad.md")).expect_err("missing scene");
    assert!(
        err.to_string()
            .starts_with("bad.md:5: scene nope.json: cannot read"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn did_you_mean_needs_a_close_name() {
    let names = ["radford-beale", "radford-saddle", "long-valley"];
    assert_eq!(
        lecture::did_you_mean("radford-bael", names),
        Some("radford-beale")
    );
    assert_eq!(
        lecture::did_you_mean("long valley", names),
        Some("long-valley")
    );
    assert_eq!(lecture::did_you_mean("mnist", names), None);
    assert_eq!(lecture::edit_distance("kitten", "sitting"), 3);
    assert_eq!(lecture::edit_distance("", "abc"), 3);
}

/// The shipped lecture loads, and its "too small" / "too big" slides tell their story: the
/// same SGD run on each slide's own state either stops short or flies off.
#[test]
fn the_shipped_lecture_tells_its_story() {
    for (name, _) in lecture::BUILTIN {
        let lec = lecture::open(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            (6..=40).contains(&lec.slides.len()),
            "{name}: {} slides",
            lec.slides.len()
        );
        assert!(
            lec.slides
                .iter()
                .all(|s| !s.title.is_empty() && s.body.lines().count() <= 6)
        );
    }
    let lec = lecture::open("optimizers").expect("shipped lecture");
    let sgd_on = |title: &str| {
        let slide = lec.slides.iter().find(|s| s.title == title).expect(title);
        let s = &slide.landscape;
        let e = s
            .entries
            .iter()
            .find(|e| e.enabled && e.racer.kind == OptimizerKind::Sgd);
        race::run(
            &s.surface,
            s.start,
            &e.expect("sgd racing").racer,
            s.max_steps,
            None,
        )
    };
    let small = sgd_on("Steps too small");
    let big = sgd_on("Steps too big");
    let floor = presets::long_valley()
        .surface
        .known_points()
        .iter()
        .map(|k| k.value)
        .fold(f64::INFINITY, f64::min);
    let last = |t: &race::Trajectory| t.losses.last().copied().unwrap_or(f64::NAN);
    assert!(
        !small.diverged() && last(&small) - floor > 0.1,
        "too small still arrives: {}",
        last(&small)
    );
    assert!(big.diverged(), "too big does not diverge");
    assert!(
        lec.slides.iter().any(|s| s.predict),
        "no predict-then-reveal slide"
    );
}

/// Property: random byte edits of a valid lecture never panic; what parses has slides.
#[test]
fn random_edits_never_panic() {
    let good = SMALL.as_bytes().to_vec();
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let alphabet = b"-:#\n ,=0123456789.abcdeglnoprstuyz\x00\xff";
    let (mut accepted, mut refused) = (0, 0);
    for _ in 0..3000 {
        let mut bytes = good.clone();
        for _ in 0..rng.random_range(1..6) {
            let i = rng.random_range(0..bytes.len());
            match rng.random_range(0..3) {
                0 => bytes[i] = alphabet[rng.random_range(0..alphabet.len())],
                1 => {
                    bytes.remove(i);
                }
                _ => bytes.insert(i, alphabet[rng.random_range(0..alphabet.len())]),
            }
        }
        match lecture::parse(&bytes, "lecture.md", None) {
            Ok(lec) => {
                assert!(!lec.slides.is_empty());
                accepted += 1;
            }
            Err(e) => {
                assert_eq!(e.to_string().lines().count(), 1, "{e}");
                refused += 1;
            }
        }
    }
    assert!(
        accepted > 0 && refused > 0,
        "accepted {accepted}, refused {refused}"
    );
}

/// The README's example is a valid lecture, so a teacher can start from it.
#[test]
fn the_readme_example_parses() {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("```text\nlecture: 1")
        .expect("example in the README")
        + 8;
    let end = start + readme[start..].find("```").expect("end of the example");
    let lec = parse(&readme[start..end]).unwrap_or_else(|e| panic!("README example: {e}"));
    assert_eq!(lec.slides.len(), 1);
    assert_eq!(lec.slides[0].title, "Momentum: a heavy ball");
    assert!(lec.slides[0].notes.starts_with("Speaker notes"));
}

/// The momentum and Nesterov slides show what their captions claim, measured on the slides'
/// own states.
#[test]
fn the_momentum_slides_show_what_they_say() {
    let lec = lecture::open("optimizers").expect("shipped lecture");
    let floor = presets::long_valley()
        .surface
        .known_points()
        .iter()
        .map(|k| k.value)
        .fold(f64::INFINITY, f64::min);
    let runs = |title: &str| {
        let slide = lec.slides.iter().find(|s| s.title == title).expect(title);
        let s = &slide.landscape;
        s.entries
            .iter()
            .filter(|e| e.enabled)
            .map(|e| {
                (
                    e.racer.kind,
                    race::run(&s.surface, s.start, &e.racer, s.max_steps, None),
                )
            })
            .collect::<Vec<_>>()
    };
    let gap = |t: &race::Trajectory| t.losses.last().copied().unwrap_or(f64::NAN) - floor;
    let heavy = runs("Momentum: a heavy ball");
    let [
        (OptimizerKind::Sgd, sgd),
        (OptimizerKind::Momentum, momentum),
    ] = heavy.as_slice()
    else {
        panic!("the momentum slide races sgd and momentum");
    };
    println!(
        "momentum slide: sgd gap {}, momentum gap {}",
        gap(sgd),
        gap(momentum)
    );
    assert!(gap(momentum) < 0.1 * gap(sgd));
    let look = runs("Nesterov: look before you leap");
    let [(OptimizerKind::Momentum, m), (OptimizerKind::Nesterov, n)] = look.as_slice() else {
        panic!("the Nesterov slide races momentum and nesterov");
    };
    let area = |t: &race::Trajectory| t.losses.iter().map(|l| l - floor).sum::<f64>();
    println!(
        "nesterov slide: momentum area {}, nesterov area {}",
        area(m),
        area(n)
    );
    assert!(area(n) < area(m));
}

#[test]
fn the_presenter_clock_reads_minutes_and_seconds() {
    // Independent: count whole seconds by repeated subtraction.
    for secs in [
        0.0, 0.9, 59.99, 61.0, 599.0, 3599.5, 3600.0, 3725.2, 40_000.0,
    ] {
        let mut left = secs as u64;
        let mut hours = 0;
        while left >= 3600 {
            left -= 3600;
            hours += 1;
        }
        let expected = if hours > 0 {
            format!("{hours}:{:02}:{:02}", left / 60, left % 60)
        } else {
            format!("{}:{:02}", left / 60, left % 60)
        };
        assert_eq!(lecture::format_elapsed(secs), expected, "{secs} s");
    }
    assert_eq!(lecture::format_elapsed(f64::NAN), "0:00");
    assert_eq!(lecture::format_elapsed(-5.0), "0:00");
}

/// Written back as Markdown, a lecture reads back as the same slides.
#[test]
fn a_lecture_round_trips_through_markdown() {
    let lec = lecture::open("optimizers").expect("shipped lecture");
    let text = lecture::to_markdown(&lec);
    let again = parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(again.title, lec.title);
    assert_eq!(again.slides.len(), lec.slides.len());
    for (a, b) in lec.slides.iter().zip(&again.slides) {
        let same = descent::core::lecture::Slide {
            line: a.line,
            ..b.clone()
        };
        assert_eq!(*a, same, "slide '{}' changed", a.title);
    }
}

/// A captured landscape becomes a slide showing that set-up, and the slides around it keep
/// theirs.
#[test]
fn a_captured_slide_reproduces_the_landscape() {
    let lec = parse(SMALL).expect("valid lecture");
    let mut state = presets::long_valley();
    state.start = [-7.25, 1.0 / 3.0];
    state.max_steps = 123;
    for e in &mut state.entries {
        e.enabled = matches!(e.racer.kind, OptimizerKind::Sgd | OptimizerKind::Lion);
        e.racer.hyper.lr *= 0.7;
    }
    let header = lecture::capture_header(&state);
    let edited = lecture::with_slide_added(&lec, 0, header, "# Captured\nText", None)
        .expect("captured slide is valid");
    assert_eq!(edited.slides.len(), 4);
    let new = &edited.slides[1].landscape;
    assert_eq!(new.surface, state.surface);
    assert_eq!(new.start, state.start);
    assert_eq!(new.max_steps, 123);
    let racing = |s: &descent::core::lab::LabState| {
        s.entries
            .iter()
            .filter(|e| e.enabled)
            .map(|e| (e.racer.kind, e.racer.hyper.lr))
            .collect::<Vec<_>>()
    };
    assert_eq!(racing(new), racing(&state));
    assert_eq!(edited.slides[1].title, "Captured");
    assert_eq!(edited.slides[0].landscape, lec.slides[0].landscape);
    assert_eq!(edited.slides[3].tab, lec.slides[2].tab);
    let err = lecture::with_slide_added(&lec, 7, Vec::new(), "# x", None).expect_err("no slide 8");
    assert!(err.to_string().contains("no slide 8"), "{err}");
}

/// `anatomy: yes` turns the step-anatomy glyphs on for that slide only (a slide without the key
/// and without a scene of its own does not inherit them).
#[test]
fn a_slide_can_show_the_step_anatomy() {
    let text = "lecture: 1\n---\noptimizers: momentum, nesterov\nanatomy: yes\n\n# A\n---\nsteps: 40\n\n# B\n";
    let lec = parse(text).expect("valid lecture");
    let shown: Vec<bool> = lec.slides.iter().map(|s| s.landscape.anatomy).collect();
    assert_eq!(shown, [true, false]);
    // "Add slide" keeps the glyphs of the landscape it captures.
    let mut state = lec.slides[0].landscape.clone();
    let header = lecture::capture_header(&state);
    let added = lecture::with_slide_added(&lec, 1, header, "# C", None).expect("valid");
    assert!(added.slides[2].landscape.anatomy);
    state.anatomy = false;
    let header = lecture::capture_header(&state);
    let added = lecture::with_slide_added(&lec, 1, header, "# C", None).expect("valid");
    assert!(!added.slides[2].landscape.anatomy);
    let network =
        parse("lecture: 1\n---\ntab: mnist\nview: network\n\n# Dropout\n").expect("valid");
    assert_eq!(
        network.slides[0].view,
        Some(descent::core::views::TabView::Mnist(
            descent::core::views::MnistView::Network
        ))
    );
    let bad = parse(&text.replace("anatomy: yes", "anatomy: maybe")).expect_err("not yes/no");
    assert_eq!(bad.line(), Some(4));
    let mnist = parse(&text.replace("optimizers: momentum, nesterov", "tab: mnist"))
        .expect_err("a landscape setting on an mnist slide");
    assert!(mnist.to_string().contains("landscape slides"), "{mnist}");
}

/// "+ slide" on any shipped scene reproduces its race: the same racers (kind, schedule, lr) in
/// the same order. The lr-decay scene races two SGDs (one with cosine decay) on the same data
/// as the linear-regression scene, which once captured it as that scene and lost the second.
#[test]
fn a_captured_slide_reproduces_every_shipped_scene() {
    let lec = parse(SMALL).expect("valid lecture");
    let racing = |s: &descent::core::lab::LabState| {
        s.entries
            .iter()
            .filter(|e| e.enabled)
            .map(|e| (e.racer.kind, e.racer.schedule, e.racer.hyper.lr))
            .collect::<Vec<_>>()
    };
    for preset in presets::PRESETS {
        let mut state = preset.state();
        // A teacher's own learning rates, different for each racer (two of a kind included).
        for (i, e) in state.entries.iter_mut().enumerate() {
            e.racer.hyper.lr *= 1.0 + 0.1 * i as f64;
        }
        let header = lecture::capture_header(&state);
        // Added last, so no later slide builds on it.
        let last = lec.slides.len() - 1;
        let added = lecture::with_slide_added(&lec, last, header.clone(), "# Captured", None)
            .unwrap_or_else(|e| panic!("{}: {e}", preset.name));
        let new = &added.slides[last + 1].landscape;
        assert_eq!(new.surface, state.surface, "{}", preset.name);
        assert_eq!(racing(new), racing(&state), "{}: {header:?}", preset.name);
    }
}

/// Two racers of one kind take their rates in order; naming the kind more often than it races
/// is a one-line error.
#[test]
fn a_kind_named_twice_in_lr_sets_its_racers_in_order() {
    let text = "lecture: 1\n---\nscene: lr-decay\nlr: sgd=0.01, sgd=0.03\n\n# Two SGDs\n";
    let lec = parse(text).expect("valid lecture");
    let rates: Vec<f64> = lec.slides[0]
        .landscape
        .entries
        .iter()
        .filter(|e| e.enabled)
        .map(|e| e.racer.hyper.lr)
        .collect();
    assert_eq!(rates, [0.01, 0.03]);
    let err = parse(&text.replace("sgd=0.03", "sgd=0.03, sgd=0.05")).expect_err("three SGDs");
    assert_eq!(err.line(), Some(4));
    assert!(err.to_string().contains("lr names sgd 3 times"), "{err}");
}

/// A schedule the teacher set on a racer survives "+ slide": the slide writes `schedule:` when
/// its scene does not already give the racers those schedules.
#[test]
fn a_captured_slide_keeps_hand_set_schedules() {
    use descent::core::schedule::Schedule;
    let lec = parse(SMALL).expect("valid lecture");
    let last = lec.slides.len() - 1;
    let mut state = presets::radford_beale();
    let adam = state
        .entries
        .iter()
        .position(|e| e.enabled && e.racer.kind == OptimizerKind::Adam)
        .expect("Adam races on Beale");
    let cosine: Schedule = "cosine:t_max=150,eta_min=0.001"
        .parse()
        .expect("valid spec");
    state.entries[adam].racer.schedule = cosine;
    let header = lecture::capture_header(&state);
    let line = header
        .iter()
        .find(|(k, _)| k == "schedule")
        .map(|(_, v)| v.clone())
        .expect("a schedule line");
    assert!(
        line.contains("adam=cosine:t_max=150;eta_min=0.001"),
        "{line}"
    );
    let added =
        lecture::with_slide_added(&lec, last, header, "# Cosine Adam", None).expect("valid slide");
    let new = &added.slides[last + 1].landscape;
    let schedules = |s: &descent::core::lab::LabState| {
        s.entries
            .iter()
            .filter(|e| e.enabled)
            .map(|e| (e.racer.kind, e.racer.schedule))
            .collect::<Vec<_>>()
    };
    assert_eq!(schedules(new), schedules(&state));
    // A shipped scene's own schedules need no line.
    let lr_decay = presets::PRESETS
        .iter()
        .find(|p| p.file.contains("lr-decay"))
        .expect("the lr-decay scene");
    let header = lecture::capture_header(&lr_decay.state());
    assert!(!header.iter().any(|(k, _)| k == "schedule"), "{header:?}");
}

/// `schedule:` sets every racer's schedule or, per kind, in order; bad specs and kinds that do
/// not race are one-line errors naming the line.
#[test]
fn the_schedule_key_sets_racers_and_names_its_errors() {
    use descent::core::schedule::Schedule;
    let text = "lecture: 1\n---\nscene: lr-decay\nschedule: sgd=constant, sgd=step:step_size=100;gamma=0.5\n\n# A\n---\nschedule: cosine:t_max=300\n\n# B\n";
    let lec = parse(text).expect("valid lecture");
    let racing = |i: usize| -> Vec<Schedule> {
        lec.slides[i]
            .landscape
            .entries
            .iter()
            .filter(|e| e.enabled)
            .map(|e| e.racer.schedule)
            .collect()
    };
    let step: Schedule = "step:step_size=100,gamma=0.5".parse().expect("valid");
    let cosine: Schedule = "cosine:t_max=300".parse().expect("valid");
    assert_eq!(racing(0), [Schedule::Constant, step]);
    assert_eq!(racing(1), [cosine, cosine]);
    let bad = parse(&text.replace("gamma=0.5", "gamma=-2")).expect_err("bad gamma");
    assert_eq!(bad.line(), Some(4));
    assert!(bad.to_string().contains("schedule"), "{bad}");
    let absent = parse(&text.replace("sgd=constant, ", "adam=constant, ")).expect_err("no Adam");
    assert_eq!(absent.line(), Some(4));
    assert!(
        absent
            .to_string()
            .contains("schedule for adam, which is not racing"),
        "{absent}"
    );
}
