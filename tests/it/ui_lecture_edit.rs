//! Authoring a lecture through the slide editor: add a slide from the why-hard tab, edit its
//! caption, move it, duplicate it, delete the copy, save and read the file back.

use descent::App;
use descent::app::{SceneStatus, Tab};
use descent::core::lecture::{self, LectureTab};
use descent::core::views::{Lesson, TabView};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, App> {
    crate::common::landscape_app([1280.0, 800.0])
}

fn click(harness: &mut Harness<'static, App>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(3);
}

fn titles(harness: &Harness<'static, App>) -> Vec<String> {
    let player = harness.state().lecture.as_ref().expect("a lecture is open");
    player
        .lecture
        .slides
        .iter()
        .map(|s| s.title.clone())
        .collect()
}

fn current(harness: &Harness<'static, App>) -> usize {
    harness
        .state()
        .lecture
        .as_ref()
        .map_or(usize::MAX, |p| p.current)
}

#[test]
fn add_edit_move_duplicate_delete_save_and_reload() {
    let mut harness = harness();
    harness.state_mut().open_lecture("optimizers");
    harness.run_steps(2);
    harness.key_press(Key::Escape);
    harness.run_steps(3);
    assert!(!harness.state().presenting());
    let shipped = titles(&harness);

    // The why-hard tab on its overfitting lesson becomes slide 2.
    click(&mut harness, "Why it's hard");
    harness.state_mut().why_hard.lesson = Lesson::Overfitting;
    harness.run_steps(1);
    click(&mut harness, "+ slide");
    assert_eq!(current(&harness), 1);
    let added = |h: &Harness<'static, App>, i: usize| {
        h.state().lecture.as_ref().expect("open").lecture.slides[i].clone()
    };
    assert_eq!(added(&harness, 1).tab, LectureTab::WhyHard);
    assert_eq!(
        added(&harness, 1).view,
        Some(TabView::Lesson(Lesson::Overfitting))
    );

    // Its caption, typed into the box, replaces the placeholder.
    let caption = harness
        .get_all_by_role(Role::MultilineTextInput)
        .next()
        .expect("a caption box");
    caption.focus();
    harness.run_steps(1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run_steps(1);
    harness
        .get_all_by_role(Role::MultilineTextInput)
        .next()
        .expect("a caption box")
        .type_text("# Too many wiggles\n- the curve meets every point");
    harness.run_steps(2);
    let notes = harness
        .get_all_by_role(Role::MultilineTextInput)
        .nth(1)
        .expect("a notes box");
    notes.focus();
    harness.run_steps(1);
    harness
        .get_all_by_role(Role::MultilineTextInput)
        .nth(1)
        .expect("a notes box")
        .type_text("Ask which curve they trust.");
    harness.run_steps(2);
    assert_eq!(added(&harness, 1).title, "Too many wiggles");
    assert_eq!(
        added(&harness, 1).body,
        "# Too many wiggles\n- the curve meets every point"
    );
    assert_eq!(added(&harness, 1).notes, "Ask which curve they trust.");
    harness.key_press(Key::Escape);
    harness.run_steps(2);

    // Move it up: it becomes slide 1 and stays the current slide.
    click(&mut harness, "move up");
    assert_eq!(current(&harness), 0);
    assert_eq!(titles(&harness)[0], "Too many wiggles");
    assert_eq!(titles(&harness)[1], shipped[0]);
    assert_eq!(harness.state().settings.tab, Tab::WhyHard);

    // Duplicate, then delete the copy.
    click(&mut harness, "duplicate");
    assert_eq!(current(&harness), 1);
    assert_eq!(titles(&harness).len(), shipped.len() + 2);
    assert_eq!(titles(&harness)[1], "Too many wiggles");
    click(&mut harness, "delete");
    assert_eq!(titles(&harness).len(), shipped.len() + 1);
    let mut expected = vec!["Too many wiggles".to_owned()];
    expected.extend(shipped.iter().cloned());
    assert_eq!(titles(&harness), expected);

    // Save, read the file back: the same lecture.
    let dir = std::env::temp_dir().join(format!("descent-ui-edit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("edited.md");
    if let Some(player) = harness.state_mut().lecture.as_mut() {
        player.save_path = path.display().to_string();
    }
    click(&mut harness, "save lecture");
    assert!(
        matches!(harness.state().scene_status, Some(SceneStatus::Saved(_))),
        "{:?}",
        harness.state().scene_status
    );
    let saved = lecture::load(&path).expect("the saved lecture loads");
    let model = harness
        .state()
        .lecture
        .as_ref()
        .expect("open")
        .lecture
        .clone();
    assert_eq!(saved.slides.len(), model.slides.len());
    for (a, b) in saved.slides.iter().zip(&model.slides) {
        assert_eq!(
            (a.tab, &a.title, &a.body, &a.notes, a.view),
            (b.tab, &b.title, &b.body, &b.notes, b.view)
        );
        if a.tab == LectureTab::Landscape {
            assert_eq!(a.landscape, b.landscape, "slide '{}'", a.title);
        }
    }
    let original = lecture::open("optimizers").expect("shipped");
    for (a, b) in saved.slides[1..].iter().zip(&original.slides) {
        assert_eq!(a.notes, b.notes, "notes of '{}' kept", b.title);
        assert_eq!(a.landscape, b.landscape, "slide '{}' as written", b.title);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
