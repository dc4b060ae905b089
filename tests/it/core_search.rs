//! Random search against gradient descent, and the arithmetic of grid guesses.

use descent::core::gradient_cost::param_count;
use descent::core::mlp::{Mlp, MlpConfig};
use descent::core::optimizer::OptimizerKind;
use descent::core::race;
use descent::core::search::{
    Bowl, DEFAULT_BUDGET, DEFAULT_DIMS, GOOD_ENOUGH, coverage_log10, descent_bowl,
    descent_with_budget, exact_power, expected_coverage, format_grid_guesses, grid_guess_digits,
    grid_guesses_log10, hit_cells, random_search, random_search_bowl,
};
use descent::core::surface::{Surface, SurfaceKind};

#[test]
fn random_search_best_loss_never_rises_as_k_grows() {
    for kind in [
        SurfaceKind::Rosenbrock,
        SurfaceKind::Beale,
        SurfaceKind::Rastrigin,
    ] {
        let surface = Surface::new(kind);
        let view = surface.default_view();
        let full = random_search(&surface, view, 2000, 7);
        assert!(
            full.best_so_far.windows(2).all(|w| w[1] <= w[0]),
            "{kind:?}"
        );
        let mut last = f64::INFINITY;
        for k in [1, 2, 5, 10, 50, 100, 500, 2000] {
            let best = random_search(&surface, view, k, 7).best().expect("k ≥ 1").1;
            assert!(best <= last, "{kind:?}: K = {k} gave {best} after {last}");
            assert_eq!(
                best,
                full.best_after(k),
                "a larger K extends the same guesses"
            );
            last = best;
        }
        assert!(
            full.samples.iter().all(|&p| view.contains(p)),
            "guesses stay in the view"
        );
    }
}

#[test]
fn with_the_same_budget_gradient_descent_beats_random_search() {
    let budget = 1000;
    for kind in [SurfaceKind::Rosenbrock, SurfaceKind::Beale] {
        let surface = Surface::new(kind);
        let start = race::default_start(kind);
        let momentum = OptimizerKind::Momentum;
        let gd = descent_with_budget(&surface, start, momentum, momentum.default_hyper(), budget);
        assert_eq!(
            gd.best_so_far.len(),
            budget,
            "one evaluation per step, start included"
        );
        assert!(!gd.diverged);
        for seed in 1..=5 {
            let rs = random_search(&surface, surface.default_view(), budget, seed);
            assert!(
                gd.best_after(budget) < 0.1 * rs.best_after(budget),
                "{kind:?} seed {seed}: GD {} vs random {}",
                gd.best_after(budget),
                rs.best_after(budget)
            );
        }
    }
}

#[test]
fn ten_to_the_n_is_written_out_exactly() {
    for n in 0..=30u32 {
        let expected = format!("1{}", "0".repeat(n as usize));
        assert_eq!(exact_power(10, n), expected, "10^{n}");
    }
    assert_eq!(exact_power(2, 64), "18446744073709551616");
    assert_eq!(exact_power(3, 40), "12157665459056928801");
    assert_eq!(exact_power(7, 0), "1");
    assert_eq!(exact_power(10, 11935).len(), 11936);
    assert_eq!(format_grid_guesses(10, 2, 30), "100");
    assert_eq!(format_grid_guesses(10, 3, 30), "1,000");
    assert_eq!(format_grid_guesses(10, 6, 30), "1,000,000");
    assert_eq!(format_grid_guesses(10, 11935, 30), "10^11935");
    assert_eq!(format_grid_guesses(2, 100, 30), "≈ 1.3×10^30");
}

#[test]
fn the_chapter_network_needs_ten_to_the_11935_grid_guesses() {
    let mlp = Mlp::<f64>::new(&MlpConfig::default()).expect("784-15-10");
    assert_eq!(mlp.param_count(), 11935);
    assert_eq!(param_count(&[784, 15, 10]), mlp.param_count());
    let dims = u32::try_from(mlp.param_count()).expect("fits");
    assert_eq!(grid_guesses_log10(10, dims), 11935.0);
    assert_eq!(coverage_log10(1000, 10, dims), 3.0 - 11935.0);
}

#[test]
fn k_guesses_cover_a_vanishing_fraction_as_dimensions_grow() {
    assert!(
        (coverage_log10(100, 10, 2) - 0.0).abs() < 1e-12,
        "100 guesses, 100 squares"
    );
    assert!(
        (coverage_log10(100, 10, 3) + 1.0).abs() < 1e-12,
        "100 guesses, 1,000 cubes"
    );
    // Random guesses collide: 100 of them hit 1 − 0.99¹⁰⁰ ≈ 63% of 100 squares on average.
    let expected = 1.0 - 0.99f64.powi(100);
    assert!((expected_coverage(100, 10, 2) - expected).abs() < 1e-12);
    assert!((expected_coverage(1000, 10, 40) - 1e-37).abs() < 1e-49);
    let mut last = 1.0;
    for n in 1..20 {
        let c = expected_coverage(100, 10, n);
        assert!(c < last, "coverage falls with every dimension");
        last = c;
    }
}

#[test]
fn hit_cells_marks_exactly_the_cells_containing_samples() {
    let surface = Surface::new(SurfaceKind::Rosenbrock);
    let view = surface.default_view(); // x ∈ [−2, 2], y ∈ [−1, 3]
    let hit = hit_cells(
        &[
            [-1.99, -0.99],
            [1.99, 2.99],
            [0.05, 1.05],
            [0.06, 1.06],
            [5.0, 0.0],
        ],
        view,
        10,
    );
    assert_eq!(hit.len(), 100);
    let marked: Vec<usize> = (0..100).filter(|&i| hit[i]).collect();
    assert_eq!(
        marked,
        vec![0, 5 * 10 + 5, 99],
        "bottom-left, centre (twice), top-right"
    );
    let rs = random_search(&surface, view, 100, 3);
    let count = hit_cells(&rs.samples, view, 10)
        .iter()
        .filter(|&&h| h)
        .count();
    assert!(
        (40..=80).contains(&count),
        "100 random guesses hit {count} of 100 squares"
    );
}

/// Decimal digits of base^n by repeated multiplication of a digit vector: independent of
/// `exact_power`'s limbs and of any logarithm.
fn digits_by_hand(base: u32, n: u32) -> u64 {
    let mut digits: Vec<u32> = vec![1]; // little-endian
    for _ in 0..n {
        let mut carry = 0;
        for d in &mut digits {
            let v = *d * base + carry;
            *d = v % 10;
            carry = v / 10;
        }
        while carry > 0 {
            digits.push(carry % 10);
            carry /= 10;
        }
    }
    while digits.len() > 1 && digits.last() == Some(&0) {
        digits.pop();
    }
    digits.len() as u64
}

#[test]
fn grid_guess_digits_match_the_product_written_out() {
    for base in 2..=40u32 {
        for n in 0..=120u32 {
            assert_eq!(
                grid_guess_digits(base, n),
                digits_by_hand(base, n),
                "{base}^{n}"
            );
        }
    }
    for n in [1, 2, 10, 500, 11935] {
        assert_eq!(grid_guess_digits(10, n), u64::from(n) + 1, "10^{n}");
        assert_eq!(grid_guess_digits(100, n), 2 * u64::from(n) + 1, "100^{n}");
    }
    // Known values: 2^100000 has 30,103 digits; 7^5000 checked by hand multiplication.
    assert_eq!(grid_guess_digits(2, 100_000), 30_103);
    assert_eq!(grid_guess_digits(7, 5000), digits_by_hand(7, 5000));
    assert_eq!(grid_guess_digits(1, 11935), 1);
}

#[test]
fn the_lesson_opens_where_descent_wins_and_guessing_fails() {
    let n = DEFAULT_DIMS as usize;
    let bowl = Bowl::new(n);
    let descent = descent_bowl(&bowl, DEFAULT_BUDGET);
    assert_eq!(descent.len(), DEFAULT_BUDGET);
    let d = descent[DEFAULT_BUDGET - 1];
    assert!(d < GOOD_ENOUGH, "descent at N = {n}: {d}");
    for seed in 1..=5 {
        let r = random_search_bowl(&bowl, DEFAULT_BUDGET, seed)[DEFAULT_BUDGET - 1];
        assert!(
            r > 5.0 * GOOD_ENOUGH,
            "seed {seed}: guessing at N = {n} reached {r}"
        );
        assert!(d < 1e-3 * r, "seed {seed}: descent {d} vs guessing {r}");
    }
}

#[test]
fn guessing_succeeds_with_two_weights_and_fails_as_n_grows() {
    let two = Bowl::new(2);
    for seed in 1..=5 {
        let r = random_search_bowl(&two, DEFAULT_BUDGET, seed)[DEFAULT_BUDGET - 1];
        assert!(
            r < GOOD_ENOUGH,
            "seed {seed}: guessing at N = 2 reached {r}"
        );
    }
    // The best guess gets worse as N grows; descent needs about the same steps whatever N is.
    let steps_to_good = |best: &[f64]| best.iter().position(|&l| l < GOOD_ENOUGH);
    let mut last = 0.0;
    for n in [2, 5, 10, 100, 1000] {
        let bowl = Bowl::new(n);
        let r = random_search_bowl(&bowl, DEFAULT_BUDGET, 1)[DEFAULT_BUDGET - 1];
        assert!(r > last, "N = {n}: best guess {r} after {last}");
        last = r;
        let steps =
            steps_to_good(&descent_bowl(&bowl, DEFAULT_BUDGET)).expect("descent gets there");
        assert!(
            (5..=60).contains(&steps),
            "N = {n}: descent needed {steps} evaluations"
        );
    }
    // One guess at N = 1000 lands near the average: E[(x − t)²] = 4/3 + t² for x ~ U[−2, 2].
    let big = Bowl::new(1000);
    let expected: f64 = (big.curvature.iter().zip(&big.target))
        .map(|(c, t)| c * (4.0 / 3.0 + t * t))
        .sum::<f64>()
        / 1000.0;
    let far = random_search_bowl(&big, 1, 1)[0];
    assert!(
        (far - expected).abs() < 0.1,
        "one guess at N = 1000: {far} vs {expected}"
    );
}
