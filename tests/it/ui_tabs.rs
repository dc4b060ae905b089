//! The app's tabs come from one registration list (`Tab::ALL` and `App::tab_mut`): the top bar's
//! buttons and hints, the number keys, and the shown tab's own keys.

use descent::app::Tab;
use egui::Key;
use egui::accesskit::{Role, Toggled};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};

use crate::common::landscape_app;

const LABELS: [&str; 3] = ["Landscape", "MNIST", "Why it's hard"];

fn app() -> Harness<'static, descent::App> {
    landscape_app([1280.0, 800.0])
}

#[test]
fn the_list_registers_the_three_tabs_in_order_with_their_labels_hints_and_keys() {
    let mut harness = app();
    assert_eq!(Tab::ALL, [Tab::Landscape, Tab::Mnist, Tab::WhyHard]);
    let app = harness.state_mut();
    let labels = Tab::ALL.map(|t| app.tab_mut(t).label());
    assert_eq!(labels, LABELS);
    assert_eq!(Tab::ALL.map(Tab::number), [1, 2, 3]);
    assert_eq!(
        Tab::ALL.map(Tab::key),
        [Some(Key::Num1), Some(Key::Num2), Some(Key::Num3)]
    );
    // The tooltips read exactly as before the list existed, the key taken from the position.
    assert_eq!(
        Tab::ALL.map(|t| app.tab_hint(t)),
        [
            "Optimizers racing downhill on loss landscapes (key 1)",
            "Train the chapter's 784-15-10 network on handwritten digits, live (key 2)",
            "Random search vs gradient descent, overfitting and validation, backprop vs \
             numerical gradients (key 3)",
        ]
    );
    assert_eq!(
        app.tab_keys_help(),
        (
            "1  /  2  /  3".to_owned(),
            "Landscape / MNIST / Why it's hard".to_owned()
        )
    );
}

/// Saved settings name the tab by its variant: these names must not change.
#[test]
fn saved_settings_name_the_tabs_as_before() {
    let names = Tab::ALL.map(|t| serde_json::to_value(t).unwrap());
    assert_eq!(
        names,
        ["Landscape", "Mnist", "WhyHard"].map(serde_json::Value::from)
    );
    for (tab, name) in Tab::ALL.into_iter().zip(names) {
        assert_eq!(serde_json::from_value::<Tab>(name).unwrap(), tab);
    }
}

#[test]
fn the_top_bar_has_one_button_per_registered_tab_and_clicking_one_shows_it() {
    let mut harness = app();
    // Clicked in reverse so each click changes the tab.
    for (tab, label) in Tab::ALL.into_iter().zip(LABELS).rev() {
        let buttons = harness
            .query_all_by_role_and_label(Role::Button, label)
            .count();
        assert_eq!(buttons, 1, "one {label:?} button");
        harness.get_by_role_and_label(Role::Button, label).click();
        harness.run_steps(2);
        assert_eq!(harness.state().settings.tab, tab, "clicked {label:?}");
        let selected = harness
            .get_by_role_and_label(Role::Button, label)
            .accesskit_node()
            .toggled();
        assert_eq!(
            selected,
            Some(Toggled::True),
            "{label:?} shows as the current tab"
        );
    }
}

#[test]
fn hovering_a_tab_button_shows_its_hint_with_its_key() {
    let mut harness = app();
    harness.get_by_role_and_label(Role::Button, "MNIST").hover();
    harness.run_steps(30);
    let hint = "Train the chapter's 784-15-10 network on handwritten digits, live (key 2)";
    assert!(
        harness.query_by_label(hint).is_some(),
        "the tooltip is on screen"
    );
}

#[test]
fn number_keys_select_the_tabs_in_the_lists_order() {
    let mut harness = app();
    for tab in [Tab::Mnist, Tab::WhyHard, Tab::Landscape, Tab::WhyHard] {
        harness.key_press(tab.key().expect("a number key"));
        harness.run_steps(2);
        assert_eq!(harness.state().settings.tab, tab, "key {}", tab.number());
    }
}

#[test]
fn number_keys_type_into_a_focused_field_instead_of_switching_tabs() {
    let mut harness = app();
    let scene_path = by().role(Role::TextInput).value("lesson.json");
    harness.get(scene_path.clone()).focus();
    harness.run_steps(1);
    assert!(
        harness.get(scene_path).is_focused(),
        "typing into the scene path"
    );
    harness.key_press(Key::Num2);
    harness.run_steps(2);
    assert_eq!(harness.state().settings.tab, Tab::Landscape);
}

#[test]
fn the_race_keys_drive_the_landscape_only_while_it_is_shown() {
    let mut harness = app();
    harness.key_press(Key::ArrowRight);
    harness.run_steps(1);
    harness.key_press(Key::ArrowRight);
    harness.run_steps(1);
    assert_eq!(harness.state().landscape.lab.state.step, 2, "→ steps");
    harness.key_press(Key::ArrowLeft);
    harness.run_steps(1);
    assert_eq!(harness.state().landscape.lab.state.step, 1, "← steps back");
    harness.key_press(Key::Num2);
    harness.run_steps(1);
    for key in [Key::ArrowRight, Key::R, Key::Space] {
        harness.key_press(key);
        harness.run_steps(1);
    }
    let lab = &harness.state().landscape.lab;
    assert_eq!(
        lab.state.step, 1,
        "on the MNIST tab the race keys do nothing"
    );
    assert!(!lab.playing);
    harness.key_press(Key::Num1);
    harness.run_steps(1);
    harness.key_press(Key::R);
    harness.run_steps(1);
    assert_eq!(harness.state().landscape.lab.state.step, 0, "R resets");
}

/// Lectures name the same tabs (through core), in the same order, and each converts back.
#[test]
fn every_tab_is_named_by_lectures_and_back() {
    use descent::core::lecture::LectureTab;
    assert_eq!(Tab::ALL.map(Tab::lecture_tab), LectureTab::ALL);
    for tab in Tab::ALL {
        assert_eq!(Tab::of_lecture(tab.lecture_tab()), tab);
    }
}
