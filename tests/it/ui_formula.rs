//! "Formula…" on the landscape tab, driven through its real widgets: typing a formula (with a
//! mistake on the way), seeing the error inline, and racing on the result.

use descent::App;
use descent::core::surface::{FormulaSurface, PointKind, Surface};
use descent::ui::formula_box::FORMULA_LABEL;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::ui_projector::{layout_problems, projector};

fn harness() -> Harness<'static, App> {
    crate::common::landscape_app([1280.0, 800.0])
}

fn surface_text(harness: &Harness<'static, App>) -> Option<String> {
    match &harness.state().landscape.lab.state.surface {
        Surface::Formula(f) => Some(f.text().to_owned()),
        _ => None,
    }
}

/// Replaces the box's text by typing `text` one character at a time, as a teacher would.
fn retype(harness: &mut Harness<'static, App>, text: &str) {
    harness.get_by_label(FORMULA_LABEL).focus();
    harness.run_steps(1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run_steps(1);
    for c in text.chars() {
        harness
            .get_by_label(FORMULA_LABEL)
            .type_text(&c.to_string());
        harness.run_steps(1);
    }
    harness.run_steps(2);
}

fn choose_formula(harness: &mut Harness<'static, App>) {
    let current = harness.state().landscape.lab.state.surface.kind().label();
    harness.get_by_value(current).click();
    harness.run_steps(2);

    harness.get_by_label("Formula…").click();
    harness.run_steps(3);
}

#[test]
fn typing_a_formula_shows_errors_inline_then_races_on_it() {
    let mut harness = harness();
    choose_formula(&mut harness);
    assert_eq!(
        surface_text(&harness).as_deref(),
        Some(FormulaSurface::EXAMPLE),
        "formula… starts from the example"
    );

    // A typo: the box says what and where, and the race stays on the last valid formula.
    retype(&mut harness, "sin(x)*cos(y) + 0.1*(x^2 + y^2) + foo(x)");
    harness.get_by_label("unknown function 'foo' at 35");
    assert_eq!(
        surface_text(&harness).as_deref(),
        Some("sin(x)*cos(y) + 0.1*(x^2 + y^2)"),
        "the last valid prefix is kept while typing"
    );

    retype(&mut harness, "sin(x)*cos(y) + 0.1*(x^2 + y^2)");
    assert!(
        harness
            .query_by_label_contains("unknown function")
            .is_none(),
        "the error goes once the formula is valid"
    );
    let lab = &harness.state().landscape.lab;
    assert_eq!(
        lab.state.view,
        FormulaSurface::parse("x").expect("x").view()
    );
    let minima = lab.state.surface.known_points();
    assert!(
        minima.iter().any(|k| k.kind == PointKind::GlobalMinimum),
        "the minima are found and marked: {minima:?}"
    );

    harness.get_by_label("▶ play").click();
    descent_test_run(&mut harness);
    let lab = &harness.state().landscape.lab;
    assert!(lab.state.step > 0, "the race played");
    let enabled = lab.state.entries.iter().filter(|e| e.enabled).count();
    let paths: Vec<_> = lab.trajectories.iter().flatten().collect();
    assert_eq!(paths.len(), enabled, "every racing optimizer has a path");
    for t in paths {
        assert!(t.steps() > 0 && t.losses.iter().all(|l| l.is_finite()));
        assert_eq!(t.points[0], lab.state.start);
    }
}

fn descent_test_run(harness: &mut Harness<'static, App>) {
    for _ in 0..30 {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

#[test]
fn the_window_is_editable_and_the_box_follows_the_lab() {
    let mut harness = harness();
    choose_formula(&mut harness);
    retype(&mut harness, "(1-x)^2 + 100*(y-x^2)^2");
    // The first "to" is x's upper bound.
    harness
        .get_all_by_label("to")
        .next()
        .expect("x max")
        .focus();
    harness.run_steps(1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run_steps(1);
    harness
        .get_all_by_label("to")
        .next()
        .expect("x max")
        .type_text("2");
    harness.run_steps(1);
    harness.key_press(Key::Enter);
    harness.run_steps(3);
    let Surface::Formula(f) = &harness.state().landscape.lab.state.surface else {
        panic!("still a formula");
    };
    assert_eq!(f.view().x_max, 2.0, "the window's x max was edited");
    assert_eq!(harness.state().landscape.lab.state.view.x_max, 2.0);
    assert_eq!(f.minima().len(), 1, "Rosenbrock's one minimum at (1, 1)");

    harness.get_by_value("choose…").click();
    harness.run_steps(2);
    harness.get_by_label("Distill: banana").click();
    harness.run_steps(2);
    assert_eq!(
        surface_text(&harness),
        None,
        "a preset replaces the formula"
    );
    choose_formula(&mut harness);
    assert_eq!(
        harness.get_by_label(FORMULA_LABEL).value().as_deref(),
        Some(FormulaSurface::EXAMPLE),
        "the box shows the formula the lab races on"
    );
}

/// At 1024×768 and each projector zoom, with the side panel open, the formula box, its
/// error and the window row stay inside the panel and the window.
#[test]
fn the_formula_controls_fit_a_projector() {
    for zoom in [1.25, 1.45] {
        let mut harness = projector([1024.0, 768.0], zoom, true);
        descent::ui::layout::set_controls_shown(&harness.ctx, true);
        harness.run_steps(2);
        choose_formula(&mut harness);
        harness.get_by_label(FORMULA_LABEL).focus();
        harness.run_steps(1);
        harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
        harness
            .get_by_label(FORMULA_LABEL)
            .type_text("sin(x)*cos(y) + 0.1*(x^2 + y^2) + tanh(x*y) + foo(x)");
        harness.run_steps(3);
        harness.get_by_label_contains("unknown function 'foo'");
        let problems = layout_problems(&mut harness, &format!("formula, zoom {zoom}"), false);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

/// screenshots/formula.png: a formula race on a 1024×768 projector (default zoom, dark).
#[test]
#[ignore = "writes screenshots/: run on purpose"]
fn render_formula_screenshot() {
    let mut harness = projector([1024.0, 768.0], 1.25, true);
    descent::ui::layout::set_controls_shown(&harness.ctx, true);
    harness.run_steps(2);
    choose_formula(&mut harness);
    harness.get_by_label(FORMULA_LABEL).focus();
    harness.run_steps(1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label(FORMULA_LABEL)
        .type_text("sin(x)*cos(y) + 0.1*(x^2 + y^2)");
    harness.run_steps(3);
    harness.state_mut().landscape.lab.set_step(150);
    // The contour plot gets the room a projector needs.
    harness.state_mut().landscape.show_3d = false;
    harness.remove_cursor();
    harness.run_steps(3);
    crate::common::save_screenshot(&mut harness, "formula");
}
