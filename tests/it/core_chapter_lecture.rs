//! The chapter's own lecture: every slide live and valid, in the chapter's order, with speaker
//! notes, and enough predict-then-reveal questions to keep a class guessing.

use descent::core::lecture::{self, LectureTab};
use descent::core::views::{Lesson, MnistView, TabView};

fn chapter() -> lecture::Lecture {
    lecture::open("how-networks-are-trained").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_chapter_lecture_has_notes_and_questions_on_enough_slides() {
    let lec = chapter();
    assert!(lec.slides.len() >= 24, "{} slides", lec.slides.len());
    for s in &lec.slides {
        assert!(
            !s.notes.trim().is_empty(),
            "slide '{}' has no notes",
            s.title
        );
        assert!(
            !s.title.trim().is_empty(),
            "a slide at line {} has no title",
            s.line
        );
    }
    let predicting = lec.slides.iter().filter(|s| s.predict).count();
    assert!(predicting >= 3, "{predicting} predict-then-reveal slides");
}

/// The chapter's topics, each shown by the view that teaches it, in the chapter's order.
#[test]
fn the_chapter_lecture_follows_the_chapter() {
    let lec = chapter();
    let index_of = |wanted: &dyn Fn(&lecture::Slide) -> bool, topic: &str| {
        lec.slides
            .iter()
            .position(wanted)
            .unwrap_or_else(|| panic!("no slide for {topic}"))
    };
    let lesson = |l: Lesson| move |s: &lecture::Slide| s.view == Some(TabView::Lesson(l));
    let titled = |t: &'static str| move |s: &lecture::Slide| s.title.to_lowercase().contains(t);
    let order = [
        index_of(&lesson(Lesson::Climber), "the climber"),
        index_of(&lesson(Lesson::Ripple), "one weight"),
        index_of(&lesson(Lesson::Dimensions), "10^N"),
        index_of(&lesson(Lesson::CandidateLines), "candidate lines"),
        index_of(&titled("bowl"), "the MSE bowl"),
        index_of(&titled("too small"), "a small learning rate"),
        index_of(&titled("too big"), "a large learning rate"),
        index_of(&titled("local minima"), "local minima"),
        index_of(&titled("saddle"), "saddle points"),
        index_of(&titled("stochastic"), "stochastic descent"),
        index_of(&titled("mini-batch"), "mini-batches"),
        index_of(&titled("momentum"), "momentum"),
        index_of(&titled("nesterov"), "Nesterov"),
        index_of(&titled("step size per direction"), "adaptive methods"),
        index_of(&titled("slowing down"), "learning-rate decay"),
        index_of(&titled("real network"), "training the MLP"),
        index_of(&titled("validation"), "train / validation / test"),
        index_of(&lesson(Lesson::Overfitting), "overfitting a polynomial"),
        index_of(&titled("overfitting a real"), "overfitting MNIST"),
        index_of(&titled("l2"), "L2"),
        index_of(&titled("dropout"), "dropout"),
        index_of(&titled("noise"), "input noise"),
        index_of(&lesson(Lesson::Backprop), "backprop vs nudging"),
        index_of(&titled("down the mountain"), "the recap"),
    ];
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "out of order: {order:?}"
    );
    // The MNIST slides train what they say: 1,000 images for overfitting, then each remedy.
    let overfit = &lec.slides[order[18]];
    let config = overfit.mnist.as_ref().expect("an MNIST set-up");
    assert_eq!((overfit.tab, config.train_size), (LectureTab::Mnist, 1000));
    let l2 = lec.slides[order[19]].mnist.as_ref().expect("set-up");
    assert!(l2.l2 > 0.0 && l2.train_size == 1000);
    let dropout = &lec.slides[order[20]];
    assert!(
        dropout
            .mnist
            .as_ref()
            .is_some_and(|c| c.dropout > 0.0 && c.l2 == 0.0)
    );
    assert_eq!(dropout.view, Some(TabView::Mnist(MnistView::Network)));
    assert!(
        lec.slides[order[21]]
            .mnist
            .as_ref()
            .is_some_and(|c| c.noise > 0.0 && c.dropout == 0.0)
    );
}

/// What the notes tell the teacher to say is what the races do: the big learning rate blows
/// up, the small one stops short, and on the saddle Momentum leaves first and SGD last.
#[test]
fn the_chapter_lecture_notes_match_the_races() {
    use descent::core::race;
    let lec = chapter();
    let slide = |t: &str| {
        lec.slides
            .iter()
            .find(|s| s.title.starts_with(t))
            .unwrap_or_else(|| panic!("no slide '{t}'"))
    };
    let runs = |s: &lecture::Slide| -> Vec<(String, race::Trajectory)> {
        let l = &s.landscape;
        l.entries
            .iter()
            .filter(|e| e.enabled)
            .map(|e| {
                let t = race::run(&l.surface, l.start, &e.racer, l.max_steps, None);
                (e.racer.kind.name().to_owned(), t)
            })
            .collect()
    };
    assert!(runs(slide("Steps too big"))[0].1.diverged());
    assert!(!runs(slide("Steps too small"))[0].1.diverged());
    let saddle = slide("A saddle: who escapes first");
    let mut escapes: Vec<(usize, String)> = runs(saddle)
        .into_iter()
        .map(|(name, t)| {
            let step = t
                .losses
                .iter()
                .position(|&l| l < -10.0)
                .unwrap_or(usize::MAX);
            (step, name)
        })
        .collect();
    escapes.sort();
    let order: Vec<&str> = escapes.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(order, ["momentum", "rmsprop", "adam", "sgd"], "{escapes:?}");
    assert!(saddle.notes.contains("Momentum leaves first"));
}
