//! Lecture mode through the real UI: open a lecture from the top bar, drive it with the keys a
//! clicker sends, and check that each slide shows its own scene.

use descent::App;
use descent::app::{SceneStatus, Tab};
use descent::core::lab::LabState;
use descent::core::lecture::{self, LectureTab};
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, App> {
    crate::common::landscape_app([1280.0, 800.0])
}

fn press(harness: &mut Harness<'static, App>, key: Key) {
    harness.key_press(key);
    harness.run_steps(2);
}

fn current(harness: &Harness<'static, App>) -> usize {
    harness
        .state()
        .lecture
        .as_ref()
        .map_or(usize::MAX, |p| p.current)
}

/// The scene as set up, whatever the animation's position.
fn set_up(state: &LabState) -> LabState {
    LabState {
        step: 0,
        ..state.clone()
    }
}

/// Asserts the app shows slide `index` of the shipped lecture as written.
fn assert_shows(harness: &Harness<'static, App>, index: usize) {
    let lec = lecture::open("optimizers").expect("shipped lecture");
    let slide = &lec.slides[index];
    assert_eq!(current(harness), index);
    let app = harness.state();
    assert_eq!(
        set_up(&app.landscape.lab.state),
        set_up(&slide.landscape),
        "slide {} ('{}') is not shown as written",
        index + 1,
        slide.title
    );
    assert_eq!(app.landscape.lab.predicting(), slide.predict);
    assert_eq!(slide.tab, LectureTab::Landscape);
    assert_eq!(app.settings.tab, Tab::Landscape);
    assert!(
        harness
            .query_all_by_label_contains(&slide.title)
            .next()
            .is_some(),
        "the caption '{}' is not on screen",
        slide.title
    );
}

fn open_from_top_bar(harness: &mut Harness<'static, App>) {
    harness.get_by_label("lecture…").click();
    harness.run_steps(2);
    harness.get_by_label("optimizers").click();
    harness.run_steps(3);
}

#[test]
fn a_lecture_opens_from_the_top_bar_and_hides_the_panels() {
    let mut harness = harness();
    assert!(harness.query_by_label("open scene").is_some());
    open_from_top_bar(&mut harness);
    assert!(harness.state().presenting());
    assert_shows(&harness, 0);
    // Projector layout: no top bar, no landscape controls, a counter instead.
    assert!(harness.query_by_label("open scene").is_none());
    assert!(harness.query_by_label("Preset").is_none());
    assert!(harness.query_by_label("1 / 9").is_some());
}

#[test]
fn clicker_keys_move_between_slides_and_each_shows_its_scene() {
    let mut harness = harness();
    open_from_top_bar(&mut harness);
    for key in [Key::PageDown, Key::ArrowRight, Key::Space] {
        let before = current(&harness);
        press(&mut harness, key);
        assert_shows(&harness, before + 1);
    }
    press(&mut harness, Key::PageUp);
    assert_shows(&harness, 2);
    press(&mut harness, Key::ArrowLeft);
    assert_shows(&harness, 1);
    press(&mut harness, Key::End);
    assert_shows(&harness, 8);
    press(&mut harness, Key::PageDown);
    assert_eq!(current(&harness), 8, "next on the last slide stays there");
    press(&mut harness, Key::Home);
    assert_shows(&harness, 0);
    // A number, then Enter.
    press(&mut harness, Key::Num7);
    assert!(harness.query_by_label_contains("go to 7").is_some());
    assert_eq!(current(&harness), 0, "a digit alone must not jump");
    press(&mut harness, Key::Enter);
    assert_shows(&harness, 6);
    assert!(harness.query_by_label("7 / 9").is_some());
}

#[test]
fn going_back_restores_the_slide_as_written() {
    let mut harness = harness();
    open_from_top_bar(&mut harness);
    press(&mut harness, Key::PageDown);
    let written = harness.state().landscape.lab.state.start;
    harness.state_mut().landscape.lab.set_start([-5.0, -3.0]);
    harness.run_steps(1);
    assert_ne!(harness.state().landscape.lab.state.start, written);
    press(&mut harness, Key::PageDown);
    press(&mut harness, Key::PageUp);
    assert_shows(&harness, 1);
    assert_eq!(harness.state().landscape.lab.state.start, written);
}

#[test]
fn predict_slides_hide_the_race_until_revealed() {
    let mut harness = harness();
    open_from_top_bar(&mut harness);
    let lec = lecture::open("optimizers").expect("shipped lecture");
    let predict = lec
        .slides
        .iter()
        .position(|s| s.predict)
        .expect("a predict slide");
    press(&mut harness, Key::Num1);
    press(&mut harness, Key::Num0);
    press(&mut harness, Key::Escape);
    assert!(
        harness.state().presenting(),
        "Esc clears the typed number first"
    );
    for digit in (predict + 1).to_string().chars() {
        let key = Key::from_name(&digit.to_string()).expect("digit key");
        press(&mut harness, key);
    }
    press(&mut harness, Key::Enter);
    assert_shows(&harness, predict);
    assert!(harness.state().landscape.lab.predicting());
    assert_eq!(harness.state().landscape.lab.state.step, 0);
    harness.get_by_label("reveal (R)").click();
    harness.run_steps(3);
    let lab = &harness.state().landscape.lab;
    assert!(!lab.predicting() && lab.playing, "reveal plays the race");
    // Back and forth: the slide is hidden again.
    press(&mut harness, Key::PageUp);
    press(&mut harness, Key::PageDown);
    assert!(harness.state().landscape.lab.predicting());
    press(&mut harness, Key::R);
    assert!(!harness.state().landscape.lab.predicting());
}

#[test]
fn blackout_leave_and_restart() {
    let mut harness = harness();
    open_from_top_bar(&mut harness);
    press(&mut harness, Key::B);
    assert!(
        harness
            .query_by_label_contains("A climber at night")
            .is_none()
    );
    assert!(harness.query_by_label("1 / 9").is_none());
    press(&mut harness, Key::Period);
    assert!(
        harness
            .query_by_label_contains("A climber at night")
            .is_some()
    );
    press(&mut harness, Key::B);
    press(&mut harness, Key::Escape);
    assert!(harness.state().presenting(), "Esc first lifts the blackout");
    assert!(harness.query_by_label("1 / 9").is_some());
    press(&mut harness, Key::PageDown);
    press(&mut harness, Key::Escape);
    assert!(!harness.state().presenting());
    assert!(
        harness.query_by_label("open scene").is_some(),
        "the app is back"
    );
    press(&mut harness, Key::F5);
    assert!(harness.state().presenting());
    assert_shows(&harness, 0);
}

#[test]
fn a_bad_lecture_changes_nothing() {
    let mut harness = harness();
    open_from_top_bar(&mut harness);
    press(&mut harness, Key::PageDown);
    let before = set_up(&harness.state().landscape.lab.state);
    harness
        .state_mut()
        .open_lecture("/nonexistent/descent/lecture.md");
    harness.run_steps(2);
    let app = harness.state();
    assert!(
        matches!(&app.scene_status, Some(SceneStatus::Error(e)) if e.contains("/nonexistent/descent/lecture.md")),
        "{:?}",
        app.scene_status
    );
    assert_eq!(current(&harness), 1);
    assert_eq!(set_up(&harness.state().landscape.lab.state), before);
}

#[test]
fn the_lecture_flag_takes_a_file_or_a_shipped_name() {
    use clap::Parser;
    let cli =
        descent::cli::Cli::try_parse_from(["descent", "--lecture", "optimizers"]).expect("flag");
    assert_eq!(cli.lecture.as_deref(), Some("optimizers"));
    assert!(lecture::open("optimizers").is_ok());
    let err = lecture::open("optimisers").expect_err("neither shipped nor a file");
    assert!(err.to_string().contains("cannot read optimisers"), "{err}");
}

/// Projector sizes: the caption and the figure share the window, and the figure gets most of
/// its height.
#[test]
fn the_figure_fills_the_window_at_projector_sizes() {
    for size in [[1024.0, 768.0], [1920.0, 1080.0]] {
        let mut harness = crate::common::landscape_app(size);
        harness.state_mut().open_lecture("optimizers");
        harness.state_mut().show_slide(3);
        harness.run_steps(3);
        let frame = *harness
            .state()
            .landscape
            .contour_transform
            .expect("the contour plot is drawn")
            .frame();
        let screen = harness.ctx.content_rect();
        let (w, h) = (screen.width(), screen.height());
        assert!(
            frame.min.x >= 0.0 && frame.min.y >= 0.0 && frame.max.x <= w && frame.max.y <= h,
            "{size:?}: the figure {frame:?} leaves the window"
        );
        assert!(
            frame.height() > 0.45 * h,
            "{size:?}: the figure is only {} of {h} points high",
            frame.height()
        );
        assert!(
            harness
                .query_by_label_contains("Momentum: a heavy ball")
                .is_some()
        );
    }
}

/// The presenter view (P) shows the notes, the next title and the slide list; the slide
/// itself never shows the notes; a click in the list moves the slides.
#[test]
fn the_presenter_view_shows_notes_and_drives_the_slides() {
    let mut harness = harness();
    open_from_top_bar(&mut harness);
    let lec = lecture::open("optimizers").expect("shipped lecture");
    let note = lec.slides[0]
        .notes
        .lines()
        .next()
        .expect("notes on slide 1");
    assert!(
        harness.query_by_label_contains(note).is_none(),
        "notes on the projector"
    );
    press(&mut harness, Key::P);
    assert!(
        harness.query_by_label_contains(note).is_some(),
        "no notes in the presenter view"
    );
    let next = format!("next: {}", lec.slides[1].title);
    assert!(harness.query_by_label(&next).is_some(), "'{next}' missing");
    let started = harness.state().lecture.as_ref().and_then(|p| p.started);
    let now = harness.ctx.input(|i| i.time);
    let clock = lecture::format_elapsed(now - started.expect("the clock started"));
    assert!(
        harness.query_by_label(&clock).is_some(),
        "no clock reading {clock}"
    );
    harness
        .get_by_label(&format!("6. {}", lec.slides[5].title))
        .click();
    harness.run_steps(3);
    assert_shows(&harness, 5);
    assert!(
        harness
            .query_by_label(&format!("slide 6 / {}", lec.slides.len()))
            .is_some()
    );
    press(&mut harness, Key::P);
    assert!(harness.query_by_label(&next).is_none());
}

/// Add a slide from the live landscape, save, and open the saved file: the new slide shows
/// what was captured and the shipped slides are unchanged.
#[test]
fn add_slide_save_and_reload() {
    let mut harness = harness();
    open_from_top_bar(&mut harness);
    press(&mut harness, Key::PageDown);
    press(&mut harness, Key::Escape);
    harness.state_mut().landscape.lab.set_start([-6.5, 2.25]);
    harness.run_steps(1);
    let captured = set_up(&harness.state().landscape.lab.state);
    harness.get_by_label("+ slide").click();
    harness.run_steps(2);
    assert_eq!(
        current(&harness),
        2,
        "the new slide follows the current one"
    );
    let dir = std::env::temp_dir().join(format!("descent-ui-lecture-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("saved.md");
    if let Some(player) = harness.state_mut().lecture.as_mut() {
        player.save_path = path.display().to_string();
    }
    harness.get_by_label("save lecture").click();
    harness.run_steps(2);
    assert!(matches!(
        harness.state().scene_status,
        Some(SceneStatus::Saved(_))
    ));
    let saved = lecture::load(&path).expect("the saved lecture loads");
    let shipped = lecture::open("optimizers").expect("shipped lecture");
    assert_eq!(saved.slides.len(), shipped.slides.len() + 1);
    let new = &saved.slides[2].landscape;
    assert_eq!(
        (new.surface.clone(), new.start),
        (captured.surface.clone(), captured.start)
    );
    assert_eq!(new.entries, captured.entries);
    for (i, slide) in shipped.slides.iter().enumerate() {
        let j = if i < 2 { i } else { i + 1 };
        assert_eq!(
            saved.slides[j].landscape,
            slide.landscape,
            "slide {}",
            i + 1
        );
        assert_eq!(saved.slides[j].notes, slide.notes);
    }
    // Opening the saved file presents the new slide as captured.
    harness
        .state_mut()
        .open_lecture(&path.display().to_string());
    harness.state_mut().show_slide(2);
    harness.run_steps(2);
    assert_eq!(harness.state().landscape.lab.state.start, captured.start);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A slide's `view:` opens its lesson or MNIST view, and PageDown moves between them.
#[test]
fn slides_open_the_lesson_and_view_they_name() {
    use descent::core::views::{Lesson, MnistView};
    let text = "lecture: 1\n---\ntab: why-hard\nview: overfitting\n\n# Overfitting\n---\nview: backprop\n\n# Backprop\n---\ntab: mnist\nview: confusion\n\n# Confusion\n";
    let mut harness = harness();
    let loaded = lecture::parse(text.as_bytes(), "views.md", None);
    harness.state_mut().start_lecture(loaded, "views.md");
    harness.run_steps(2);
    assert_eq!(harness.state().settings.tab, Tab::WhyHard);
    assert_eq!(harness.state().why_hard.lesson, Lesson::Overfitting);
    press(&mut harness, Key::PageDown);
    assert_eq!(harness.state().why_hard.lesson, Lesson::Backprop);
    press(&mut harness, Key::PageDown);
    assert_eq!(harness.state().settings.tab, Tab::Mnist);
    assert_eq!(harness.state().mnist.inspect, MnistView::Confusion);
    press(&mut harness, Key::PageUp);
    assert_eq!(harness.state().settings.tab, Tab::WhyHard);
    assert_eq!(harness.state().why_hard.lesson, Lesson::Backprop);
}

/// An MNIST slide with `autoplay: yes` trains its own set-up as soon as the data is there.
#[test]
fn an_autoplay_mnist_slide_starts_its_run() {
    use crate::common::{mnist_app, run_until, small_mnist};
    use std::time::Duration;
    let text = "lecture: 1\n---\ntab: mnist\nmnist: train-size=1000, epochs=2, hidden=8\nautoplay: yes\n\n# Train it\n";
    let mut harness = mnist_app([1280.0, 800.0], small_mnist());
    let loaded = lecture::parse(text.as_bytes(), "train.md", None);
    harness.state_mut().start_lecture(loaded, "train.md");
    run_until(&mut harness, Duration::from_secs(60), |app| {
        app.mnist.run.epochs_done == 2
    });
    let config = &harness.state().mnist.config;
    assert_eq!((config.train_size, config.hidden.clone()), (1000, vec![8]));
    let last = harness
        .state()
        .mnist
        .run
        .curve
        .last()
        .expect("curves drawn");
    // 1,000 images seen twice: the run used the slide's training set, not the default 50,000.
    assert_eq!(last.examples_seen, 2000);
}

/// The chapter's lecture, clicked through from first slide to last at projector size: every
/// slide opens its own tab and view, and the caption is on screen.
#[test]
fn the_chapter_lecture_plays_from_start_to_end() {
    use crate::common::{mnist_app, small_mnist};
    use descent::core::views::TabView;
    let mut harness = mnist_app([1024.0, 768.0], small_mnist());
    harness.state_mut().open_lecture("how-networks-are-trained");
    harness.run_steps(2);
    let lec = lecture::open("how-networks-are-trained").expect("shipped lecture");
    for (i, slide) in lec.slides.iter().enumerate() {
        assert_eq!(current(&harness), i);
        let app = harness.state();
        let tab = match slide.tab {
            LectureTab::Landscape => Tab::Landscape,
            LectureTab::Mnist => Tab::Mnist,
            LectureTab::WhyHard => Tab::WhyHard,
        };
        assert_eq!(app.settings.tab, tab, "slide {}: '{}'", i + 1, slide.title);
        if slide.tab == LectureTab::Mnist && slide.layout == lecture::SlideLayout::Figure {
            assert!(
                descent::ui::layout::controls_rect(&harness.ctx).is_none(),
                "{}: an MNIST figure slide hides the side panel",
                slide.title
            );
        }
        match slide.view {
            Some(TabView::Lesson(l)) => assert_eq!(app.why_hard.lesson, l, "{}", slide.title),
            Some(TabView::Mnist(v)) => assert_eq!(app.mnist.inspect, v, "{}", slide.title),
            None => {}
        }
        assert!(
            harness
                .query_all_by_label_contains(&slide.title)
                .next()
                .is_some(),
            "slide {}: the title '{}' is not on screen",
            i + 1,
            slide.title
        );
        press(&mut harness, Key::PageDown);
    }
}
