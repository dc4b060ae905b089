//! The "Why it's hard" tab driven through its real widgets, headless (egui_kittest + lavapipe).

use descent::ui::why_hard::{Lesson, WhyHardView};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The app's fonts (DejaVu for λ, ∂, ≈ …) and its default dark theme.
fn setup(ctx: &egui::Context) {
    descent::app::install_fonts(ctx);
    ctx.set_visuals(egui::Visuals::dark());
}

fn harness(lesson: Lesson) -> Harness<'static, WhyHardView> {
    let view = WhyHardView {
        lesson,
        ..WhyHardView::default()
    };
    let mut harness = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_context_setup(setup)
        .wgpu()
        .build_ui_state(|ui, view: &mut WhyHardView| view.ui(ui), view);
    harness.run_steps(3);
    harness
}

#[test]
fn the_lesson_buttons_switch_the_panel() {
    let mut harness = harness(Lesson::Guessing);
    assert!(harness.query_by_label("polynomial degree").is_none());
    harness.get_by_label("Overfitting & validation").click();
    harness.run_steps(2);
    assert_eq!(harness.state().lesson, Lesson::Overfitting);
    harness.get_by_role_and_label(Role::Slider, "polynomial degree");
}

/// The registration list maps every lesson to a state of its own (a copied line would make two
/// lessons draw the same state).
#[test]
fn each_lesson_is_registered_to_its_own_state() {
    let mut view = WhyHardView::default();
    let mut states: Vec<*const ()> = Lesson::ALL
        .iter()
        .map(|&lesson| {
            std::ptr::from_mut(view.lesson_mut(lesson))
                .cast::<()>()
                .cast_const()
        })
        .collect();
    states.sort();
    states.dedup();
    assert_eq!(states.len(), Lesson::ALL.len());
}

#[test]
fn moving_the_degree_slider_refits_with_that_degree() {
    let mut harness = harness(Lesson::Overfitting);
    let before = harness
        .state()
        .overfit
        .exact_fit
        .clone()
        .expect("default fit");
    harness
        .get_by_role_and_label(Role::Slider, "polynomial degree")
        .set_value_accesskit(10.0);
    harness.run_steps(2);
    let s = &harness.state().overfit;
    assert_eq!(s.degree, 10);
    let fit = s.exact_fit.as_ref().expect("degree 10 fits 11 points");
    assert_eq!(fit.degree(), 10);
    assert_ne!(fit.degree(), before.degree());
    assert!(
        fit.mse(&s.demo.train) < 1e-12,
        "degree 10 passes through every training point"
    );
    assert_eq!(
        s.gd_fit.as_ref().map(|p| p.degree()),
        Ok(10),
        "the GD fit follows"
    );
    harness.get_by_label_contains("degree 10, λ");
}

#[test]
fn raising_lambda_smooths_the_fit() {
    let mut harness = harness(Lesson::Overfitting);
    harness
        .get_by_role_and_label(Role::Slider, "polynomial degree")
        .set_value_accesskit(10.0);
    harness.run_steps(2);
    let wiggly = harness.state().overfit.exact_fit.clone().expect("fit");
    harness
        .get_by_role_and_label(Role::Slider, "L2 penalty λ")
        .set_value_accesskit(0.1);
    harness.run_steps(2);
    let s = &harness.state().overfit;
    assert!((s.lambda - 0.1).abs() < 1e-12, "λ is {}", s.lambda);
    let smooth = s.exact_fit.as_ref().expect("fit");
    assert!(
        smooth.mse(&s.demo.train) > wiggly.mse(&s.demo.train),
        "the penalty costs training error"
    );
    assert!(
        smooth.mse(&s.demo.held_out) < wiggly.mse(&s.demo.held_out),
        "and buys held-out accuracy"
    );
}

#[test]
fn the_fold_count_and_cross_validation_choose_a_setting() {
    let mut harness = harness(Lesson::Overfitting);
    harness
        .get_by_role_and_label(Role::Slider, "folds k")
        .set_value_accesskit(11.0);
    harness.run_steps(2);
    {
        let s = &harness.state().overfit;
        assert_eq!(s.folds_k, 11);
        assert_eq!(s.folds.len(), 11);
        assert_eq!(s.cv.folds.len(), 11, "one score per fold");
    }
    harness.get_by_label_contains("11-fold CV: mean");
    harness
        .get_by_label("choose degree and λ by cross-validation")
        .click();
    harness.run_steps(2);
    let s = &harness.state().overfit;
    let chosen = s.chosen.clone().expect("a setting was chosen");
    assert_eq!(
        (s.degree, s.lambda),
        (chosen.degree, chosen.lambda),
        "the sliders moved to it"
    );
    let best = chosen.mean.expect("scored");
    for e in &s.errors {
        if let Some(cv) = e.cv {
            assert!(
                best <= cv + 1e-12,
                "degree {} at this λ scores {cv} < {best}",
                e.degree
            );
        }
    }
    harness.get_by_label_contains("cross-validation chose degree");
}

#[test]
fn the_test_score_stays_sealed_until_asked_for() {
    let mut harness = harness(Lesson::Overfitting);
    assert!(harness.query_by_label_contains("test MSE").is_none());
    harness.get_by_label_contains("test score: sealed");
    assert_eq!(harness.state().overfit.test, None);
    harness.get_by_label("evaluate on test").click();
    harness.run_steps(2);
    let s = &harness.state().overfit;
    let test = s.test.expect("evaluated");
    let expected = s.exact_fit.as_ref().expect("fit").mse(&s.demo.test);
    assert_eq!(test.mse, expected);
    assert_eq!(test.degree, s.degree);
    harness.get_by_label_contains("test MSE");
    assert!(
        harness
            .query_by_label_contains("test score: sealed")
            .is_none()
    );
}

#[test]
fn the_dimension_slider_rewrites_ten_to_the_n() {
    let mut harness = harness(Lesson::Guessing);
    harness.get_by_label_contains("10^10 = 10,000,000,000");
    harness
        .get_by_role_and_label(Role::Slider, "dimensions N")
        .set_value_accesskit(6.0);
    harness.run_steps(2);
    assert_eq!(harness.state().search.dims, 6);
    harness.get_by_label_contains("10^6 = 1,000,000");
    harness.get_by_label("784-15-10 network").click();
    harness.run_steps(2);
    assert_eq!(harness.state().search.dims, 11935);
    harness.get_by_label_contains("grid guesses 10^11935, a number with 11,936 digits");
    let k = harness.state().search.k as u64;
    let cover = descent::core::search::coverage_log10(k, 10, 11935);
    assert_eq!(cover, (k as f64).log10() - 11935.0);
    harness.get_by_label_contains(&format!("= 10^{cover:.0} of the grid"));
}

#[test]
fn the_budget_slider_sets_k_for_both_methods() {
    let mut harness = harness(Lesson::Guessing);
    harness
        .get_by_role_and_label(Role::Slider, "budget K (evaluations)")
        .set_value_accesskit(1000.0);
    harness.run_steps(2);
    let s = &harness.state().search;
    assert_eq!(s.k, 1000);
    assert!(
        s.best_descent() < s.best_random(),
        "on Rosenbrock descent wins at K = 1000"
    );
    let hit = s.hit_cells().iter().filter(|&&h| h).count();
    harness.get_by_label_contains(&format!("guesses hit {hit} of the 100 squares"));
}

#[test]
fn the_gradient_cost_button_measures_times() {
    let mut harness = harness(Lesson::Backprop);
    assert!(
        harness.query_by_label_contains("784-16-10").is_none(),
        "nothing measured yet"
    );
    harness
        .get_by_role_and_label(Role::Slider, "largest hidden layer")
        .set_value_accesskit(16.0);
    harness.run_steps(2);
    harness.get_by_label("measure gradient cost").click();
    harness.run_steps(1);
    // The sweep runs on its own thread; the UI keeps drawing meanwhile.
    let start = std::time::Instant::now();
    while harness.state().cost.measuring() {
        assert!(start.elapsed().as_secs() < 60, "measurement never finished");
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.run_steps(1);
    }
    harness.run_steps(1);
    let rows = harness.state().cost.rows.clone();
    assert_eq!(
        rows.iter().map(|r| r.hidden).collect::<Vec<_>>(),
        vec![8, 16]
    );
    for r in &rows {
        assert!(r.numerical_secs > 0.0 && r.backprop_secs > 0.0);
        assert!(r.max_rel_diff < 1e-6, "the two gradients agree: {r:?}");
    }
    assert_eq!(
        harness.query_all_by_label("784-16-10").count(),
        2,
        "a row in the operations table and one in the time table"
    );
    let shown = descent::ui::why_hard::numerical_time_text(&rows[1]);
    harness.get_by_label(&shown);
}

#[test]
fn the_guessing_lesson_opens_with_descent_winning_and_guessing_fine_in_2d() {
    let mut harness = harness(Lesson::Guessing);
    let s = &harness.state().search;
    assert_eq!(s.dims, descent::core::search::DEFAULT_DIMS);
    let (random, descent) = (s.race_best_random(), s.race_best_descent());
    let good = descent::core::search::GOOD_ENOUGH;
    assert!(
        descent < good && random > good,
        "N = {}: {random} vs {descent}",
        s.dims
    );
    assert!(
        s.race_best_random_2d() < good,
        "guessing works with 2 weights"
    );
    harness.get_by_label_contains(&format!("N = {} weights, K = {}", s.dims, s.k));
    harness.get_by_label("N = 2").click();
    harness.run_steps(2);
    let s = &harness.state().search;
    assert_eq!(s.dims, 2);
    assert!(s.race_best_random() < good, "at N = 2 guessing finds it");
}

#[test]
fn a_typed_hidden_width_beyond_the_range_is_named_not_silently_lost() {
    let mut harness = harness(Lesson::Backprop);
    harness
        .get_by_role_and_label(Role::Slider, "largest hidden layer")
        .set_value_accesskit(100.0);
    harness.run_steps(2);
    assert_eq!(harness.state().cost.max_hidden, 100, "100 is allowed now");
    assert_eq!(
        harness.state().cost.hidden_sizes(),
        vec![8, 16, 32, 64, 100]
    );
    harness.get_by_label_contains(&format!(
        "(range {}–{})",
        descent::ui::why_hard::MIN_HIDDEN,
        descent::ui::why_hard::MAX_HIDDEN
    ));
}
