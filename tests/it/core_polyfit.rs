//! Least squares, gradient-descent fitting, and k-fold splitting for the overfitting lesson.

use descent::core::optimizer::OptimizerKind;
use descent::core::polyfit::{
    self, Demo, GdSettings, LAMBDA_GRID, PolyfitError, cross_validate, gradient_descent, kfold,
    least_squares, select,
};

fn cubic(x: f64) -> f64 {
    2.0 - x + 0.5 * x * x - 0.1 * x * x * x
}

#[test]
fn least_squares_recovers_a_known_cubic_exactly() {
    let points: Vec<[f64; 2]> = (0..8)
        .map(|i| i as f64 * 1.3 - 2.0)
        .map(|x| [x, cubic(x)])
        .collect();
    let poly = least_squares(&points, 3, 0.0).expect("cubic fit");
    for x in [-2.0, -0.7, 0.0, 1.1, 4.0, 7.1] {
        assert!(
            (poly.eval(x) - cubic(x)).abs() < 1e-9,
            "p({x}) = {} vs {}",
            poly.eval(x),
            cubic(x)
        );
    }
    assert!(poly.mse(&points) < 1e-20);
    // A higher degree still finds the cubic: the extra coefficients come out as 0.
    let poly5 = least_squares(&points, 5, 0.0).expect("degree-5 fit");
    assert!((poly5.eval(0.3) - cubic(0.3)).abs() < 1e-8);
}

#[test]
fn two_points_give_the_line_through_them() {
    let poly = least_squares(&[[1.0, 3.0], [4.0, 9.0]], 1, 0.0).expect("line");
    assert!((poly.eval(1.0) - 3.0).abs() < 1e-12);
    assert!((poly.eval(4.0) - 9.0).abs() < 1e-12);
    assert!(
        (poly.eval(0.0) - 1.0).abs() < 1e-12,
        "intercept 1 (slope 2)"
    );
}

#[test]
fn least_squares_line_matches_the_closed_form_ols() {
    let data = descent::core::regression::Regression::chapter_default();
    let [m, b] = data.ols().expect("ols");
    let poly = least_squares(&data.points, 1, 0.0).expect("line");
    assert!((poly.eval(0.0) - b).abs() < 1e-12);
    assert!((poly.eval(1.0) - (m + b)).abs() < 1e-12);
}

#[test]
fn too_many_coefficients_is_an_error_unless_penalised() {
    let points = [[0.0, 1.0], [1.0, 2.0], [2.0, 0.0], [3.0, 1.0], [4.0, 2.0]];
    assert!(matches!(
        least_squares(&points, 10, 0.0),
        Err(PolyfitError::Underdetermined {
            coeffs: 11,
            points: 5,
            ..
        })
    ));
    assert!(
        least_squares(&points, 10, 1e-3).is_ok(),
        "λ > 0 makes the solution unique"
    );
    assert_eq!(least_squares(&[], 1, 0.0), Err(PolyfitError::NoData));
    assert_eq!(
        least_squares(&[[1.0, 1.0], [1.0, 2.0]], 1, 0.0),
        Err(PolyfitError::DegenerateX)
    );
}

#[test]
fn degree_ten_through_eleven_points_fits_the_noise_and_fails_on_new_points() {
    let demo = Demo::new(1, 0.8);
    assert_eq!(demo.train.len(), 11);
    let wiggly = least_squares(&demo.train, 10, 0.0).expect("interpolant");
    let simple = least_squares(&demo.train, 2, 0.0).expect("quadratic");
    assert!(
        wiggly.mse(&demo.train) < 1e-12,
        "11 coefficients pass through 11 points"
    );
    assert!(simple.mse(&demo.train) > 0.1);
    assert!(
        wiggly.mse(&demo.held_out) > 5.0 * simple.mse(&demo.held_out),
        "held-out: degree 10 {} vs degree 2 {}",
        wiggly.mse(&demo.held_out),
        simple.mse(&demo.held_out)
    );
}

#[test]
fn training_error_never_falls_as_lambda_grows() {
    let demo = Demo::new(3, 0.8);
    let mut last = 0.0;
    for lambda in [0.0, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0] {
        let train = least_squares(&demo.train, 8, lambda)
            .expect("fit")
            .mse(&demo.train);
        assert!(train >= last - 1e-12, "λ = {lambda}: {train} < {last}");
        last = train;
    }
    // A huge penalty leaves only the unpenalised intercept: the mean of y.
    let flat = least_squares(&demo.train, 8, 1e9).expect("fit");
    let mean = demo.train.iter().map(|p| p[1]).sum::<f64>() / 11.0;
    assert!((flat.eval(2.5) - mean).abs() < 1e-3 && (flat.eval(7.5) - mean).abs() < 1e-3);
}

#[test]
fn gradient_descent_reaches_the_least_squares_fit_with_and_without_l2() {
    let demo = Demo::new(2, 0.5);
    let settings = GdSettings {
        kind: OptimizerKind::Adam,
        lr: 0.05,
        steps: 20_000,
    };
    for lambda in [0.0, 0.05] {
        let exact = least_squares(&demo.train, 2, lambda).expect("exact");
        let gd = gradient_descent(&demo.train, 2, lambda, settings).expect("gd");
        for (a, b) in gd.coeffs.iter().zip(&exact.coeffs) {
            assert!(
                (a - b).abs() < 1e-4,
                "λ = {lambda}: {:?} vs {:?}",
                gd.coeffs,
                exact.coeffs
            );
        }
    }
    let sgd = GdSettings {
        kind: OptimizerKind::Sgd,
        lr: 0.1,
        steps: 50,
    };
    let short = gradient_descent(&demo.train, 10, 0.0, sgd).expect("gd");
    assert!(
        short.mse(&demo.train) > 1e-3,
        "50 plain steps do not interpolate"
    );
}

#[test]
fn kfold_splits_are_disjoint_cover_everything_and_balanced() {
    for (n, k) in [(11, 2), (11, 3), (11, 5), (11, 11), (10, 4), (100, 7)] {
        let folds = kfold(n, k, 9).expect("valid k");
        assert_eq!(folds.len(), k);
        let mut all: Vec<usize> = folds.iter().flatten().copied().collect();
        all.sort_unstable();
        assert_eq!(
            all,
            (0..n).collect::<Vec<_>>(),
            "n = {n}, k = {k}: each index exactly once"
        );
        let sizes: Vec<usize> = folds.iter().map(Vec::len).collect();
        let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        assert!(hi - lo <= 1, "sizes {sizes:?}");
    }
    assert_ne!(kfold(11, 5, 1), kfold(11, 5, 2), "the seed shuffles");
    assert_eq!(kfold(11, 5, 1), kfold(11, 5, 1));
    assert_eq!(kfold(11, 1, 1), Err(PolyfitError::BadFolds { k: 1, n: 11 }));
    assert_eq!(
        kfold(11, 12, 1),
        Err(PolyfitError::BadFolds { k: 12, n: 11 })
    );
}

#[test]
fn cross_validation_scores_each_fold_on_points_it_did_not_train_on() {
    let demo = Demo::new(1, 0.8);
    let folds = kfold(11, 11, 1).expect("leave-one-out");
    let score = cross_validate(&demo.train, 1, 0.0, &folds);
    assert_eq!(score.folds.len(), 11);
    // Leave-one-out by hand for the first fold.
    let out = folds[0][0];
    let rest: Vec<[f64; 2]> = demo
        .train
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != out)
        .map(|(_, p)| *p)
        .collect();
    let line = least_squares(&rest, 1, 0.0).expect("line");
    let expected = (demo.train[out][1] - line.eval(demo.train[out][0])).powi(2);
    assert!((score.folds[0].expect("scored") - expected).abs() < 1e-12);
    let mean = score.folds.iter().flatten().sum::<f64>() / 11.0;
    assert!((score.mean.expect("mean") - mean).abs() < 1e-12);
    // Degree 10 cannot be fitted to 10 points without a penalty: no score, no mean.
    let impossible = cross_validate(&demo.train, 10, 0.0, &folds);
    assert!(impossible.folds.iter().all(Option::is_none) && impossible.mean.is_none());
}

#[test]
fn cross_validation_prefers_a_simple_curve_to_the_interpolant() {
    let demo = Demo::new(1, 0.8);
    let folds = kfold(demo.train.len(), 5, 1).expect("folds");
    let degrees: Vec<usize> = (1..=10).collect();
    let (scores, best) = select(&demo.train, &degrees, &LAMBDA_GRID, &folds);
    assert_eq!(scores.len(), 10 * LAMBDA_GRID.len());
    let best = &scores[best.expect("some setting is scorable")];
    assert!(best.degree <= 4, "picked degree {}", best.degree);
    let chosen = least_squares(&demo.train, best.degree, best.lambda).expect("fit");
    let interpolant = least_squares(&demo.train, 10, 0.0).expect("fit");
    assert!(chosen.mse(&demo.test) < interpolant.mse(&demo.test));
}

#[test]
fn the_demo_is_reproducible_from_its_seed() {
    assert_eq!(Demo::new(4, 0.8), Demo::new(4, 0.8));
    assert_ne!(Demo::new(4, 0.8).train, Demo::new(5, 0.8).train);
    let exact = Demo::new(4, 0.0);
    assert!(exact.train.iter().all(|p| p[1] == polyfit::truth(p[0])));
}

#[test]
fn non_finite_data_is_refused() {
    let points = [[0.0, 1.0], [1.0, f64::NAN], [2.0, 0.0]];
    assert_eq!(least_squares(&points, 1, 0.0), Err(PolyfitError::NonFinite));
}
