//! The overfitting lesson's model, without a window: its error table, the setting
//! cross-validation chooses and the sealed test score agree with computations done here from
//! the points themselves.

use descent::core::polyfit::lesson::{FitMethod, MAX_DEGREE, OverfitLesson};
use descent::core::polyfit::{LAMBDA_GRID, Poly, kfold, least_squares};
use descent::core::surface::Point;

/// Mean squared error written out from `eval`, not through `Poly::mse`.
fn mse(poly: &Poly, points: &[Point]) -> f64 {
    let sum: f64 = points
        .iter()
        .map(|p| (p[1] - poly.eval(p[0])).powi(2))
        .sum();
    sum / points.len() as f64
}

/// Mean over the folds of the error on each fold of a fit to the other points.
fn cv_mean(points: &[Point], degree: usize, lambda: f64, folds: &[Vec<usize>]) -> Option<f64> {
    let mut total = 0.0;
    for fold in folds {
        let rest: Vec<Point> = (0..points.len())
            .filter(|i| !fold.contains(i))
            .map(|i| points[i])
            .collect();
        let held: Vec<Point> = fold.iter().map(|&i| points[i]).collect();
        total += mse(&least_squares(&rest, degree, lambda).ok()?, &held);
    }
    Some(total / folds.len() as f64)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-12)
}

#[test]
fn the_error_table_matches_fits_done_by_hand_and_shows_overfitting() {
    let s = OverfitLesson::default();
    assert_eq!(s.lambda, 0.0);
    assert_eq!(s.errors.len(), MAX_DEGREE);
    for e in &s.errors {
        let poly = least_squares(&s.demo.train, e.degree, 0.0).unwrap();
        assert!(close(e.train.unwrap(), mse(&poly, &s.demo.train)), "{e:?}");
        assert!(close(e.held_out.unwrap(), mse(&poly, &s.demo.held_out)));
        match (e.cv, cv_mean(&s.demo.train, e.degree, 0.0, &s.folds)) {
            (Some(a), Some(b)) => assert!(close(a, b), "{e:?}"),
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "{e:?}"),
        }
    }
    // Degree 10 threads all 11 points yet predicts new ones worse than degree 2.
    let (d2, d10) = (&s.errors[1], &s.errors[9]);
    assert!(d10.train.unwrap() < 1e-6 && d10.train < d2.train);
    assert!(d10.held_out.unwrap() > d2.held_out.unwrap());
    assert_eq!(
        s.fit(FitMethod::LeastSquares).map(Poly::degree),
        Some(s.degree)
    );
}

#[test]
fn cross_validation_chooses_the_lowest_mean_over_the_whole_grid() {
    let mut s = OverfitLesson::default();
    s.set_folds(4);
    assert_eq!(s.folds, kfold(11, 4, s.seed).unwrap());
    s.choose_by_cross_validation();
    let chosen = s.chosen.clone().expect("a setting");
    let mut best = (f64::INFINITY, 0, 0.0);
    for degree in 1..=MAX_DEGREE {
        for lambda in LAMBDA_GRID {
            if let Some(m) = cv_mean(&s.demo.train, degree, lambda, &s.folds)
                && m < best.0
            {
                best = (m, degree, lambda);
            }
        }
    }
    assert_eq!((chosen.degree, chosen.lambda), (best.1, best.2));
    assert!(close(chosen.mean.unwrap(), best.0));
    // The lesson moves to the chosen setting.
    assert_eq!((s.degree, s.lambda), (best.1, best.2));
    assert_eq!(s.cv, chosen);
}

#[test]
fn the_test_set_stays_sealed_until_asked_and_new_data_seals_it_again() {
    let mut s = OverfitLesson::default();
    assert_eq!(s.test, None);
    s.degree = 4;
    s.refit();
    s.evaluate_on_test();
    let t = s.test.expect("opened");
    let poly = least_squares(&s.demo.train, 4, s.lambda).unwrap();
    assert_eq!((t.degree, t.lambda), (4, s.lambda));
    assert!(close(t.mse, mse(&poly, &s.demo.test)));
    s.seed += 1;
    s.regenerate();
    assert_eq!(s.test, None);
    // Folds follow the data: k is kept within 2..=11.
    s.set_folds(50);
    assert_eq!((s.folds_k, s.folds.len()), (11, 11));
    s.set_folds(0);
    assert_eq!(s.folds_k, 2);
}
