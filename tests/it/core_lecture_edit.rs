//! Editing a lecture in core: capture of each tab, caption and notes, move, duplicate, delete.
//! Every edit is checked the way it will be used: written as Markdown and read back.

use descent::core::lecture::{self, Lecture, LectureTab, Slide};
use descent::core::training::TrainConfig;
use descent::core::views::{Lesson, MnistView, TabView};

fn shipped() -> Lecture {
    lecture::open("optimizers").expect("shipped lecture")
}

/// The file as saved, read back.
fn reread(lec: &Lecture) -> Lecture {
    let text = lecture::to_markdown(lec);
    lecture::parse(text.as_bytes(), "saved.md", None).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// What a slide shows, whatever line it is on and however its settings are written.
fn look(s: &Slide) -> (LectureTab, String, String, bool, Option<TabView>) {
    (s.tab, s.body.clone(), s.notes.clone(), s.predict, s.view)
}

fn assert_same_slide(a: &Slide, b: &Slide) {
    assert_eq!(look(a), look(b), "slide '{}'", b.title);
    if b.tab == LectureTab::Landscape {
        assert_eq!(a.landscape, b.landscape, "slide '{}' landscape", b.title);
    }
}

/// A why-hard slide added in the middle of a lecture whose later slides inherit the landscape
/// tab: they get their tab written out and still show what they showed.
#[test]
fn a_why_hard_slide_in_the_middle_leaves_the_others_as_they_were() {
    let lec = shipped();
    let header = lecture::capture_tab(
        LectureTab::WhyHard,
        Some(TabView::Lesson(Lesson::Overfitting)),
        &lec.slides[0].landscape,
        &TrainConfig::default(),
    );
    assert_eq!(
        header,
        [
            ("tab".to_owned(), "why-hard".to_owned()),
            ("view".to_owned(), "overfitting".to_owned())
        ]
    );
    let edited = lecture::with_slide_added(&lec, 0, header, "# Fits\nToo wiggly", None)
        .expect("a why-hard slide is valid");
    assert_eq!(edited.slides.len(), lec.slides.len() + 1);
    assert_eq!(edited.slides[1].tab, LectureTab::WhyHard);
    assert_eq!(
        edited.slides[1].view,
        Some(TabView::Lesson(Lesson::Overfitting))
    );
    for (i, old) in lec.slides.iter().enumerate() {
        let j = if i == 0 { 0 } else { i + 1 };
        assert_same_slide(&edited.slides[j], old);
    }
    // Written and read back it is the same lecture.
    let again = reread(&edited);
    for (a, b) in again.slides.iter().zip(&edited.slides) {
        assert_same_slide(a, b);
    }
}

/// An MNIST slide keeps only what differs from the chapter's set-up, and reads back exactly.
#[test]
fn an_mnist_slide_writes_only_what_differs() {
    let lec = shipped();
    let config = TrainConfig {
        epochs: 3,
        hidden: vec![30],
        ..TrainConfig::default()
    };
    let header = lecture::capture_tab(
        LectureTab::Mnist,
        Some(TabView::Mnist(MnistView::Confusion)),
        &lec.slides[0].landscape,
        &config,
    );
    let mnist = header
        .iter()
        .find(|(k, _)| k == "mnist")
        .map(|(_, v)| v.clone())
        .expect("an mnist setting");
    // Every setting written out: the slide shows this set-up whatever came before it.
    assert!(
        mnist.contains("epochs=3") && mnist.contains("hidden=30"),
        "{mnist}"
    );
    assert!(mnist.starts_with("optimizer=sgd, lr=0.5"), "{mnist}");
    let edited = lecture::with_slide_added(&lec, 8, header, "# Digits", None).expect("valid");
    let new = &reread(&edited).slides[9];
    assert_eq!(new.tab, LectureTab::Mnist);
    assert_eq!(new.mnist.as_ref(), Some(&config));
    assert_eq!(new.view, Some(TabView::Mnist(MnistView::Confusion)));
    // A bad inline set-up is refused on its line.
    let bad = "lecture: 1\n---\ntab: mnist\nmnist: epochs=0\n\n# x\n";
    let err = lecture::parse(bad.as_bytes(), "bad.md", None).expect_err("epochs 0");
    assert_eq!(err.line(), Some(4), "{err}");
}

#[test]
fn caption_and_notes_are_edited_in_place() {
    let lec = shipped();
    let edited = lecture::with_text_edited(
        &lec,
        2,
        "# Far too big\n- it flies off\n",
        "Point at the zig-zag.\nThen ask why.",
        None,
    )
    .expect("valid text");
    assert_eq!(edited.slides[2].title, "Far too big");
    assert_eq!(edited.slides[2].body, "# Far too big\n- it flies off");
    assert_eq!(
        edited.slides[2].notes,
        "Point at the zig-zag.\nThen ask why."
    );
    assert_eq!(edited.slides[2].landscape, lec.slides[2].landscape);
    let again = reread(&edited);
    assert_same_slide(&again.slides[2], &edited.slides[2]);
    for i in [0, 1, 3, 8] {
        assert_same_slide(&edited.slides[i], &lec.slides[i]);
    }
    // Lines the format reads as structure are refused; nothing changes.
    for body in ["# A\n---\nB", "# A\nNote:\nsecret"] {
        let err = lecture::with_text_edited(&lec, 2, body, "", None).expect_err(body);
        assert!(err.to_string().contains("'---'"), "{err}");
    }
}

#[test]
fn moving_a_slide_changes_the_order_and_nothing_else() {
    let lec = shipped();
    let titles = |l: &Lecture| l.slides.iter().map(|s| s.title.clone()).collect::<Vec<_>>();
    let moved = lecture::with_slide_moved(&lec, 3, 2, None).expect("move up");
    let mut expected = titles(&lec);
    expected.swap(2, 3);
    assert_eq!(titles(&moved), expected);
    assert_same_slide(&moved.slides[2], &lec.slides[3]);
    assert_same_slide(&moved.slides[3], &lec.slides[2]);
    let back = lecture::with_slide_moved(&moved, 2, 3, None).expect("move down");
    assert_eq!(titles(&back), titles(&lec));
    assert!(lecture::with_slide_moved(&lec, 8, 9, None).is_err());
}

/// A slide that builds on the one before it (no scene of its own) keeps its look when moved:
/// its set-up is written out.
#[test]
fn a_slide_that_inherits_its_landscape_keeps_it_when_moved() {
    let text = "lecture: 1\n---\nscene: long-valley\noptimizers: sgd\n\n# Valley\n---\nstart: -6, 1.5\nsteps: 77\n\n# Moved start\n\nNote:\nkeep me\n---\nscene: radford-beale\n\n# Beale\n";
    let lec = lecture::parse(text.as_bytes(), "inherit.md", None).expect("valid");
    let moved = lecture::with_slide_moved(&lec, 1, 2, None).expect("move down");
    assert_eq!(moved.slides[2].title, "Moved start");
    assert_same_slide(&moved.slides[2], &lec.slides[1]);
    assert_same_slide(&moved.slides[1], &lec.slides[2]);
    assert_eq!(moved.slides[2].notes, "keep me");
    assert_same_slide(&reread(&moved).slides[2], &lec.slides[1]);
}

#[test]
fn duplicate_and_delete() {
    let lec = shipped();
    let twice = lecture::with_slide_duplicated(&lec, 4, None).expect("duplicate");
    assert_eq!(twice.slides.len(), lec.slides.len() + 1);
    assert_same_slide(&twice.slides[4], &lec.slides[4]);
    assert_same_slide(&twice.slides[5], &lec.slides[4]);
    assert_same_slide(&twice.slides[6], &lec.slides[5]);
    let once = lecture::with_slide_deleted(&twice, 5, None).expect("delete");
    assert_eq!(once.slides.len(), lec.slides.len());
    for (a, b) in once.slides.iter().zip(&lec.slides) {
        assert_same_slide(a, b);
    }
    // Deleting the first slide: the next one keeps its look (its tab is written out if needed).
    let without_first = lecture::with_slide_deleted(&lec, 0, None).expect("delete first");
    for (a, b) in without_first.slides.iter().zip(&lec.slides[1..]) {
        assert_same_slide(a, b);
    }
    // The last slide of a lecture stays.
    let one = "lecture: 1\n---\n\n# Only\n";
    let one = lecture::parse(one.as_bytes(), "one.md", None).expect("valid");
    let err = lecture::with_slide_deleted(&one, 0, None).expect_err("last slide");
    assert!(err.to_string().contains("at least one slide"), "{err}");
}

/// Any MNIST set-up the tab can make survives the trip through a slide's `mnist:` line,
/// schedule, activation, seed and patience included.
#[test]
fn an_mnist_set_up_round_trips_through_its_slide_line() {
    use descent::core::mlp::{Activation, Loss};
    use descent::core::optimizer::OptimizerKind;
    let mut config = TrainConfig {
        hidden: vec![64, 32],
        activation: Activation::Relu,
        loss: Loss::Mse,
        optimizer: OptimizerKind::Momentum,
        batch_size: 16,
        epochs: 7,
        train_size: 1000,
        l2: 0.001,
        l1: 0.0002,
        dropout: 0.25,
        noise: 0.1,
        patience: Some(3),
        seed: 42,
        schedule: "step:step_size=2,gamma=0.5".parse().expect("spec"),
        ..TrainConfig::default()
    };
    config.hyper = OptimizerKind::Momentum.default_hyper();
    config.hyper.lr = 0.05;
    config.hyper.momentum = 0.8;
    let line = lecture::mnist_inline(&config);
    let text = format!("lecture: 1\n---\ntab: mnist\nmnist: {line}\n\n# Set-up\n");
    let lec = lecture::parse(text.as_bytes(), "set-up.md", None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lec.slides[0].mnist.as_ref(), Some(&config), "{line}");
}
