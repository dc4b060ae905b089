//! The shared enum combo box (`ui::combo::enum_combo`), driven by clicks headless.

use descent::ui::combo::enum_combo;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Fruit {
    Apple,
    Banana,
    Cherry,
}

const FRUITS: [Fruit; 3] = [Fruit::Apple, Fruit::Banana, Fruit::Cherry];

fn label(f: Fruit) -> &'static str {
    match f {
        Fruit::Apple => "apple",
        Fruit::Banana => "banana",
        Fruit::Cherry => "cherry",
    }
}

/// The chosen fruit and how many frames reported a change.
struct State {
    fruit: Fruit,
    changes: usize,
}

fn harness() -> Harness<'static, State> {
    let state = State {
        fruit: Fruit::Apple,
        changes: 0,
    };
    let mut harness = Harness::builder().build_ui_state(
        |ui, s: &mut State| {
            let response = enum_combo(ui, "fruit", &mut s.fruit, FRUITS, label, |f| {
                (f == Fruit::Cherry).then_some("a small stone fruit")
            })
            // Like the app's pickers: the hover text names the box for screen readers.
            .on_hover_text("the fruit");
            if response.changed() {
                s.changes += 1;
            }
        },
        state,
    );
    harness.run();
    harness
}

#[test]
fn clicking_an_option_sets_the_value_and_reports_one_change() {
    let mut harness = harness();
    harness.get_by_value("apple").click();
    harness.run();
    harness.get_by_label("banana").click();
    harness.run();
    assert_eq!(harness.state().fruit, Fruit::Banana);
    assert_eq!(harness.state().changes, 1);
    // The button now shows the new value, and later frames report no further change.
    harness.get_by_value("banana");
    harness.run_steps(3);
    assert_eq!(harness.state().changes, 1);
}

#[test]
fn clicking_the_current_option_is_no_change() {
    let mut harness = harness();
    harness.get_by_value("apple").click();
    harness.run();
    // The open list has its own "apple" entry next to the button's value.
    harness.get_by_label("apple").click();
    harness.run();
    assert_eq!(harness.state().fruit, Fruit::Apple);
    assert_eq!(harness.state().changes, 0);
}
