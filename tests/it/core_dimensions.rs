//! Ten segments per axis: the points of the square and the cube, and the time to try 10^N
//! guesses, against direct arithmetic.

use descent::core::dimensions::{
    GUESSES_PER_SEC, SECS_PER_YEAR, duration_words, grid_guesses_text, grid_points, rate_words,
    search_secs_log10, search_time_words,
};
use descent::core::search::hit_cells;
use descent::core::surface::ViewRect;

#[test]
fn the_square_has_100_guesses_one_per_cell_and_the_cube_1000() {
    let square = grid_points(10, 2);
    assert_eq!(square.len(), 100);
    let points: Vec<[f64; 2]> = square.iter().map(|p| [p[0], p[1]]).collect();
    let unit = ViewRect {
        x_min: 0.0,
        x_max: 1.0,
        y_min: 0.0,
        y_max: 1.0,
    };
    assert!(
        hit_cells(&points, unit, 10).iter().all(|&h| h),
        "every cell holds a guess"
    );
    let cube = grid_points(10, 3);
    assert_eq!(cube.len(), 1000);
    let mut keys: Vec<[i64; 3]> = cube
        .iter()
        .map(|p| {
            assert!(p.iter().all(|&x| x > 0.0 && x < 1.0), "{p:?}");
            [0, 1, 2].map(|i| (p[i] * 10.0).floor() as i64)
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(
        keys.len(),
        1000,
        "one guess in each of the 1,000 little cubes"
    );
    assert_eq!(grid_points(10, 1).len(), 10);
    assert_eq!(grid_points(3, 4).len(), 81);
    assert!(
        grid_points(10, 40).is_empty(),
        "too many to list is none, not a panic"
    );
}

#[test]
fn the_time_to_try_every_guess_is_the_count_over_the_rate() {
    for n in 1..=15u32 {
        let secs = 10f64.powi(n as i32) / GUESSES_PER_SEC;
        let log = search_secs_log10(10, n, GUESSES_PER_SEC);
        assert!((10f64.powf(log) - secs).abs() <= 1e-9 * secs, "N = {n}");
    }
    // 3^20 = 3,486,784,401 guesses at 1,000 a second.
    let log = search_secs_log10(3, 20, 1e3);
    assert!((10f64.powf(log) - 3_486_784.401).abs() < 1e-3);
}

#[test]
fn the_time_reads_in_words() {
    let words = |n| search_time_words(10, n, GUESSES_PER_SEC);
    assert_eq!(words(2), "100 nanoseconds");
    assert_eq!(words(3), "1 microsecond");
    assert_eq!(words(9), "1 second");
    assert_eq!(words(12), "17 minutes"); // 1,000 s
    assert_eq!(words(15), "12 days"); // 10^6 s = 11.57 days
    assert_eq!(words(18), "32 years"); // 10^9 s = 31.69 years
    assert_eq!(words(20), "3,200 years");
    // 10^27 s = 3.17×10^19 years = 2.3×10^9 universe ages.
    assert_eq!(
        words(36),
        "3.2×10^19 years (2.3×10^9 times the age of the universe)"
    );
    // 10^11935 / 10^9 s ÷ 31,557,600 s/yr: log₁₀ = 11926 − 7.4991 = 11918.5009 → 3.17×10^11918;
    // ÷ 1.38×10^10 yr → 2.3×10^11908.
    assert_eq!(
        words(11935),
        "3.2×10^11918 years (2.3×10^11908 times the age of the universe)"
    );
    assert_eq!(duration_words(SECS_PER_YEAR.log10()), "1 year");
    assert_eq!(duration_words(f64::NAN), "—");
}

#[test]
fn counts_and_rates_read_as_numbers() {
    assert_eq!(grid_guesses_text(10, 3, 30), "10^3 = 1,000");
    assert_eq!(
        grid_guesses_text(10, 11935, 30),
        "10^11935, a number with 11,936 digits"
    );
    assert_eq!(rate_words(1e9), "1,000,000,000");
    assert_eq!(rate_words(1e18), "10^18");
    assert_eq!(rate_words(2.5e18), "2.5×10^18");
}
