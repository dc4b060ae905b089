//! The shared enum combo box (`ui::combo::enum_combo`, `EnumCombo`), driven by clicks headless.

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

/// In the app: the climber's surface picker starts a new walk on the surface chosen.
#[test]
fn the_climbers_surface_picker_switches_the_surface() {
    use descent::core::surface::SurfaceKind;
    use descent::ui::why_hard::{Lesson, WhyHardView};
    let view = WhyHardView {
        lesson: Lesson::Climber,
        ..WhyHardView::default()
    };
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(descent::app::install_fonts)
        .build_ui_state(|ui, view: &mut WhyHardView| view.ui(ui), view);
    harness.run_steps(2);
    harness.state_mut().climber.lights_on = true;
    let start = harness.state().climber.surface_kind;
    let other = SurfaceKind::ALL
        .into_iter()
        .find(|&k| k != start)
        .expect("more than one surface");
    harness.get_by_value(start.label()).click();
    harness.run();
    harness.get_by_label(other.label()).click();
    harness.run_steps(2);
    let climber = &harness.state().climber;
    assert_eq!(climber.surface_kind, other);
    // A new walk, lights off: the lesson's own reset ran, not only the field.
    assert!(!climber.lights_on);
}

/// In the app: the MNIST loss landscape's grid picker sets the slice resolution.
#[test]
fn the_slice_grid_picker_sets_the_resolution() {
    use crate::common::{run_until, small_mnist};
    use descent::App;
    use descent::app::{Settings, Tab};
    let settings = Settings {
        tab: Tab::Mnist,
        ..Settings::default()
    };
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .wgpu()
        .build_eframe(move |cc| App::with_data(&cc.egui_ctx, settings, small_mnist()));
    let limit = std::time::Duration::from_secs(90);
    run_until(&mut harness, limit, |app| app.mnist.run.data.is_some());
    harness.get_by_label("loss landscape").click();
    harness.run_steps(2);
    assert_eq!(harness.state().mnist.loss_slice.resolution, 41);
    // run_steps, not run(): run() also checks accessible names, and the slice settings'
    // DragValues (not this widget) have none yet.
    harness.get_by_value("41x41").click();
    harness.run_steps(2);
    harness.get_by_label("21x21").click();
    harness.run_steps(2);
    assert_eq!(harness.state().mnist.loss_slice.resolution, 21);
}

/// The schedule picker's kind of box: the label beside it names it and opens it.
#[test]
fn a_labelled_combo_opens_from_its_label() {
    use descent::ui::combo::EnumCombo;
    let mut harness = Harness::builder().build_ui_state(
        |ui, fruit: &mut Fruit| {
            EnumCombo::labelled("fruit bowl").show(ui, fruit, FRUITS, label, |_| None);
        },
        Fruit::Apple,
    );
    harness.run();
    harness.get_by_label("fruit bowl").click();
    harness.run();
    harness.get_by_label("cherry").click();
    harness.run();
    assert_eq!(*harness.state(), Fruit::Cherry);
}

/// The landscape's surface picker: every surface, then "Formula…", all in view at once.
#[test]
fn the_surface_list_shows_every_surface_then_formula_without_scrolling() {
    use descent::core::surface::SurfaceKind;
    use egui::accesskit::Role;
    let mut harness = crate::common::landscape_app([1280.0, 900.0]);
    let current = harness.state().landscape.lab.state.surface.kind();
    harness.get_by_value(current.label()).click();
    harness.run_steps(2);
    // The open list is the one pop-up on screen.
    let popups: Vec<egui::Rect> = harness.ctx.memory(|m| {
        let areas = m.areas();
        areas
            .visible_layer_ids()
            .into_iter()
            .filter(|l| l.order == egui::Order::Foreground)
            .filter_map(|l| m.area_rect(l.id))
            .collect()
    });
    let [list] = popups[..] else {
        panic!("one pop-up: {popups:?}");
    };
    let mut above = list.top();
    for kind in SurfaceKind::ALL.into_iter().chain([SurfaceKind::Formula]) {
        let entry = harness
            .get_by_role_and_label(Role::Button, kind.label())
            .rect();
        assert!(
            list.contains_rect(entry),
            "{} in view: {entry:?} in {list:?}",
            kind.label()
        );
        assert!(entry.top() >= above, "{} in order", kind.label());
        above = entry.top();
    }
    harness
        .get_by_role_and_label(Role::Button, "Formula…")
        .click();
    harness.run_steps(2);
    let kind = harness.state().landscape.lab.state.surface.kind();
    assert_eq!(kind, SurfaceKind::Formula);
}

/// The preset picker is a menu of lessons: it keeps reading "choose…" after one is loaded.
#[test]
fn the_preset_picker_loads_a_preset_and_still_reads_choose() {
    use descent::core::presets::PRESETS;
    let mut harness = crate::common::landscape_app([1280.0, 900.0]);
    harness.get_by_value("choose…").click();
    harness.run_steps(2);
    assert!(
        harness.query_by_label("choose…").is_none(),
        "\"choose…\" is the box's text, not an entry"
    );
    let preset = &PRESETS[2];
    harness.get_by_label(preset.name).click();
    harness.run_steps(2);
    assert_eq!(harness.state().landscape.lab.state, preset.state());
    harness.get_by_value("choose…");
}
