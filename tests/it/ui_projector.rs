//! Issue 17: every tab fits a classroom projector. At 1024×768 with the zoom up to 1.45 (and at
//! 1920×1080), in both themes, every interactive widget of every tab and inner tab lies inside
//! the window without sideways scrolling (below it only where scrolling down reaches it), none
//! straddles the side panel's edge, and the tab's figures keep at least half the window.

use std::time::Duration;

use crate::common::{run_until, save_screenshot, small_mnist};
use descent::App;
use descent::app::{Settings, Tab};
use descent::ui::mnist::Inspect;
use descent::ui::why_hard::Lesson;
use egui::Rect;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};

/// The views a teacher can reach: each tab, each MNIST inner tab, each "why" lesson.
#[derive(Clone, Copy, Debug)]
pub enum View {
    Landscape,
    Mnist(Inspect),
    WhyHard(Lesson),
}

pub const VIEWS: [View; 15] = [
    View::Landscape,
    View::Mnist(Inspect::HiddenUnits),
    View::Mnist(Inspect::Predictions),
    View::Mnist(Inspect::Confusion),
    View::Mnist(Inspect::GradientCheck),
    View::Mnist(Inspect::Draw),
    View::Mnist(Inspect::LossLandscape),
    View::Mnist(Inspect::Network),
    View::WhyHard(Lesson::Guessing),
    View::WhyHard(Lesson::Overfitting),
    View::WhyHard(Lesson::Backprop),
    View::WhyHard(Lesson::Climber),
    View::WhyHard(Lesson::Dimensions),
    View::WhyHard(Lesson::CandidateLines),
    View::WhyHard(Lesson::Ripple),
];

/// A window of `size` physical pixels at `zoom`, showing the app as a fresh start would.
pub fn projector(size: [f32; 2], zoom: f32, dark: bool) -> Harness<'static, App> {
    let settings = Settings {
        zoom,
        dark,
        mnist_pace: descent::core::training::Pace::FullSpeed,
        ..Settings::default()
    };
    let mut harness = Harness::builder()
        // kittest's size is in points: the app's zoom then gives `size` physical pixels.
        .with_size([size[0] / zoom, size[1] / zoom])
        .wgpu()
        .build_eframe(move |cc| App::with_data(&cc.egui_ctx, settings, small_mnist()));
    run_until(&mut harness, Duration::from_secs(60), |app| {
        app.mnist.run.data.is_some()
    });
    harness
}

pub fn show(harness: &mut Harness<'static, App>, view: View) {
    let app = harness.state_mut();
    match view {
        View::Landscape => app.settings.tab = Tab::Landscape,
        View::Mnist(inspect) => {
            app.settings.tab = Tab::Mnist;
            app.mnist.inspect = inspect;
        }
        View::WhyHard(lesson) => {
            app.settings.tab = Tab::WhyHard;
            app.why_hard.lesson = lesson;
        }
    }
    harness.run_steps(4);
}

fn is_interactive(node: &egui::accesskit::Node) -> bool {
    use egui::accesskit::Role;
    matches!(
        node.role(),
        Role::Button
            | Role::CheckBox
            | Role::Slider
            | Role::SpinButton
            | Role::ComboBox
            | Role::TextInput
            | Role::MultilineTextInput
            | Role::Tab
            | Role::RadioButton
            | Role::ColorWell
            | Role::Link
    )
}

/// The problems found in the current frame: widgets out of the window or across the side
/// panel's edge, and a figure area below half the window.
pub fn layout_problems(
    harness: &mut Harness<'static, App>,
    label: &str,
    check_figure: bool,
) -> Vec<String> {
    let window = harness.ctx.content_rect();
    let controls = descent::ui::layout::controls_rect(&harness.ctx);
    let mut problems = Vec::new();
    let widgets: Vec<(String, Rect)> = harness
        .query_all(by().predicate(|n| is_interactive(n.data())))
        .map(|n| (name_of(&n), n.rect()))
        .collect();
    assert!(
        widgets.len() >= 10,
        "{label}: only {} widgets found",
        widgets.len()
    );
    let slack = 0.5;
    for (name, rect) in &widgets {
        if rect.min.x < window.min.x - slack || rect.max.x > window.max.x + slack {
            problems.push(format!(
                "{label}: {name} at x {:.0}..{:.0}, window {:.0} wide",
                rect.min.x,
                rect.max.x,
                window.width()
            ));
        }
        // The panel's edge has a few points of grab area for resizing on either side.
        let edge = 4.0;
        if let Some(c) = controls
            && rect.min.x < c.max.x - edge
            && rect.max.x > c.max.x + edge
            && rect.min.y >= c.min.y - slack
            && rect.min.y < c.max.y
        {
            problems.push(format!(
                "{label}: {name} at x {:.0}..{:.0} crosses the side panel's edge at {:.0}",
                rect.min.x, rect.max.x, c.max.x
            ));
        }
        if rect.max.y > window.max.y + slack && !reachable_by_scrolling(harness, name) {
            problems.push(format!("{label}: {name} at y {:.0}..{:.0} below the window ({:.0}) and not reachable by scrolling", rect.min.y, rect.max.y, window.max.y));
        }
    }
    match descent::ui::layout::figure_rect(&harness.ctx) {
        _ if !check_figure => {}
        Some(figure) => {
            let share = figure.area() / window.area();
            if share < 0.5 {
                problems.push(format!(
                    "{label}: figures take {:.0}% of the window",
                    100.0 * share
                ));
            }
        }
        None => problems.push(format!("{label}: no figure area recorded")),
    }
    problems
}

fn name_of(n: &egui_kittest::Node<'_>) -> String {
    let node = n.accesskit_node();
    format!("{:?} {:?}", node.role(), node.label().unwrap_or_default())
}

/// Scrolls a widget of that name that lies outside the window into view (as a keyboard user or
/// a wheel would) and checks that it arrived.
fn reachable_by_scrolling(harness: &mut Harness<'static, App>, name: &str) -> bool {
    let window = harness.ctx.content_rect();
    let outside = harness
        .query_all(by().predicate(|n| is_interactive(n.data())))
        .find(|n| name_of(n) == name && !window.contains_rect(n.rect()));
    match outside {
        Some(n) => n.scroll_to_me(),
        None => return true, // an earlier scroll brought it in already
    }
    harness.run_steps(3);
    harness
        .query_all(by().predicate(|n| is_interactive(n.data())))
        .any(|n| name_of(&n) == name && window.contains_rect(n.rect()))
}

fn check_all(size: [f32; 2], zoom: f32) {
    let mut problems = Vec::new();
    for dark in [true, false] {
        let mut harness = projector(size, zoom, dark);
        for view in VIEWS {
            show(&mut harness, view);
            let label = format!(
                "{}×{} zoom {zoom} {} {view:?}",
                size[0],
                size[1],
                if dark { "dark" } else { "light" }
            );
            // As the app opens: the figures keep half the window.
            descent::ui::layout::forget_controls_choice(&harness.ctx);
            harness.run_steps(2);
            problems.extend(layout_problems(&mut harness, &label, true));
            // With the side panel opened by hand every control is reachable too.
            descent::ui::layout::set_controls_shown(&harness.ctx, true);
            harness.run_steps(2);
            problems.extend(layout_problems(
                &mut harness,
                &format!("{label} with controls"),
                false,
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_tab_fits_1024x768_at_the_largest_zoom() {
    check_all([1024.0, 768.0], 1.45);
}

#[test]
fn every_tab_fits_1024x768_at_the_default_zoom() {
    check_all([1024.0, 768.0], 1.25);
}

#[test]
fn every_tab_fits_1920x1080() {
    check_all([1920.0, 1080.0], 1.25);
}

/// The projector screenshots: each tab at 1024×768 and the default zoom, light theme, after a
/// short MNIST run so its pictures are filled.
#[test]
#[ignore = "writes screenshots/projector-*.png: run on purpose"]
fn render_projector_screenshots() {
    let mut harness = projector([1024.0, 768.0], 1.25, false);
    harness.state_mut().landscape.lab.set_step(120);
    show(&mut harness, View::Landscape);
    save_screenshot(&mut harness, "projector-landscape");
    show(&mut harness, View::Mnist(Inspect::HiddenUnits));
    // The side panel starts hidden at this size; the run buttons stay above the curves.
    harness.get_by_label("▶ start").click();
    harness.remove_cursor();
    run_until(&mut harness, Duration::from_secs(120), |app| {
        app.mnist
            .run
            .curve
            .iter()
            .filter(|p| p.val_loss.is_some())
            .count()
            >= 3
            && app.mnist.current_snapshot().is_some()
    });
    for (view, name) in [
        (View::Mnist(Inspect::HiddenUnits), "projector-mnist"),
        (
            View::Mnist(Inspect::Predictions),
            "projector-mnist-predictions",
        ),
        (View::WhyHard(Lesson::Guessing), "projector-why-guessing"),
        (
            View::WhyHard(Lesson::Overfitting),
            "projector-why-overfitting",
        ),
    ] {
        show(&mut harness, view);
        save_screenshot(&mut harness, name);
    }
    // The backprop lesson with its tables filled (small networks, so it is quick).
    show(&mut harness, View::WhyHard(Lesson::Backprop));
    harness.state_mut().why_hard.cost.max_hidden = 32;
    let ctx = harness.ctx.clone();
    harness.state_mut().why_hard.cost.measure(&ctx);
    run_until(&mut harness, Duration::from_secs(120), |app| {
        !app.why_hard.cost.rows.is_empty()
    });
    harness.run_steps(2);
    let window = harness.ctx.content_rect();
    let clipped: Vec<String> = harness
        .query_all(by().predicate(|n| n.role() == egui::accesskit::Role::Label))
        .filter(|n| n.rect().max.x > window.max.x + 0.5)
        .map(|n| format!("{:?} at {:?}", n.accesskit_node().label(), n.rect()))
        .collect();
    assert!(
        clipped.is_empty(),
        "text past the window's edge: {clipped:?}"
    );
    save_screenshot(&mut harness, "projector-why-backprop");
}

/// Where the learning-rate slider and the contour plot are.
fn anchors(harness: &Harness<'static, App>) -> (Rect, Option<Rect>) {
    let slider = harness
        .get_by_role_and_label(egui::accesskit::Role::Slider, "learning rate α")
        .rect();
    let plot = harness
        .state()
        .landscape
        .contour_transform
        .map(|t| *t.frame());
    (slider, plot)
}

/// #17: the panel shifted down a row when "saved lesson.json" appeared, moving the sliders
/// under the cursor. Status lines now keep their room whether or not they say something.
#[test]
fn status_messages_move_nothing() {
    let mut harness = projector([1024.0, 768.0], 1.45, true);
    show(&mut harness, View::Landscape);
    descent::ui::layout::set_controls_shown(&harness.ctx, true);
    harness.run_steps(3);
    let before = anchors(&harness);
    assert!(before.1.is_some(), "the contour plot was drawn");
    let long =
        "/home/teacher/classes/2026/optimisation/week 3/a rather long folder name/lesson.json";
    harness.state_mut().scene_status = Some(descent::app::SceneStatus::Saved(long.to_owned()));
    harness.run_steps(3);
    assert_eq!(anchors(&harness), before, "after a scene was saved");
    harness.state_mut().scene_status = Some(descent::app::SceneStatus::Error(
        "lesson.json: expected value at line 1 column 1".to_owned(),
    ));
    harness.run_steps(3);
    assert_eq!(anchors(&harness), before, "after a scene failed to load");
    harness.state_mut().landscape.message = Some("learning rate must be positive".to_owned());
    harness.run_steps(3);
    assert_eq!(anchors(&harness), before, "after a refused value");
}
