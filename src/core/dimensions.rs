//! Ten segments per axis: the square's 100 guesses, the cube's 1,000 and 10^N for N weights,
//! and how long a computer would take to try them all. The counts themselves come from
//! `search` (exact digits); this module adds the points to draw and the time in words.

use super::search::{format_grid_guesses, grid_guess_digits, grid_guesses_log10, group_thousands};

/// Guesses a fast computer tries per second in the lesson's comparison.
pub const GUESSES_PER_SEC: f64 = 1e9;

/// The age of the universe in years (13.8 billion), the yardstick for long waits.
pub const UNIVERSE_AGE_YEARS: f64 = 1.38e10;

/// Seconds in a (Julian) year.
pub const SECS_PER_YEAR: f64 = 365.25 * 24.0 * 3600.0;

/// The centres of the cells of a grid with `segments` cells per axis over the unit cube
/// [0, 1]^dims, in row-major order (the last axis fastest): one guess per cell.
pub fn grid_points(segments: usize, dims: usize) -> Vec<Vec<f64>> {
    let count = u32::try_from(dims)
        .ok()
        .and_then(|d| segments.checked_pow(d))
        .unwrap_or(0);
    (0..count)
        .map(|mut index| {
            let mut p = vec![0.0; dims];
            for x in p.iter_mut().rev() {
                *x = ((index % segments) as f64 + 0.5) / segments as f64;
                index /= segments;
            }
            p
        })
        .collect()
}

/// log₁₀ of the seconds needed to try all `segments^dims` grid guesses at `per_sec` a second.
pub fn search_secs_log10(segments: u32, dims: u32, per_sec: f64) -> f64 {
    grid_guesses_log10(segments, dims) - per_sec.log10()
}

/// A duration given as log₁₀ seconds, for people: "100 nanoseconds", "17 minutes",
/// "317 years", and past that in powers of ten of years with the age of the universe beside.
pub fn duration_words(secs_log10: f64) -> String {
    if !secs_log10.is_finite() {
        return "—".to_owned();
    }
    if secs_log10 < SECS_PER_YEAR.log10() {
        let secs = 10f64.powf(secs_log10);
        let units: [(f64, &str); 8] = [
            (86400.0, "days"),
            (3600.0, "hours"),
            (60.0, "minutes"),
            (1.0, "seconds"),
            (1e-3, "milliseconds"),
            (1e-6, "microseconds"),
            (1e-9, "nanoseconds"),
            (1e-12, "picoseconds"),
        ];
        let (size, name) = units
            .into_iter()
            .find(|(size, _)| secs >= *size * 0.9999)
            .unwrap_or((1e-12, "picoseconds"));
        let amount = round_sig(secs / size);
        // "1 second", not "1 seconds".
        let name = if amount == "1" {
            name.strip_suffix('s').unwrap_or(name)
        } else {
            name
        };
        return format!("{amount} {name}");
    }
    let years_log10 = secs_log10 - SECS_PER_YEAR.log10();
    if years_log10 < 9.0 {
        let years = 10f64.powf(years_log10);
        let amount = grouped(years);
        return if amount == "1" {
            "1 year".to_owned()
        } else {
            format!("{amount} years")
        };
    }
    let universes_log10 = years_log10 - UNIVERSE_AGE_YEARS.log10();
    let universes = if universes_log10 < 0.0 {
        format!(
            "{}% of the age of the universe",
            round_sig(100.0 * 10f64.powf(universes_log10))
        )
    } else if universes_log10 < 6.0 {
        format!(
            "{} times the age of the universe",
            grouped(10f64.powf(universes_log10))
        )
    } else {
        format!(
            "{} times the age of the universe",
            power_of_ten(universes_log10)
        )
    };
    format!("{} years ({universes})", power_of_ten(years_log10))
}

/// A rate for people: "1,000,000,000" below 10^15, "10^18" (or "2.5×10^18") above.
pub fn rate_words(per_sec: f64) -> String {
    if !(per_sec.is_finite() && per_sec > 0.0) {
        return "—".to_owned();
    }
    if per_sec < 1e15 {
        group_thousands(&format!("{:.0}", round_sig_f(per_sec)))
    } else {
        power_of_ten(per_sec.log10())
    }
}

/// How long `segments^dims` guesses take at `per_sec`, in words.
pub fn search_time_words(segments: u32, dims: u32, per_sec: f64) -> String {
    duration_words(search_secs_log10(segments, dims, per_sec))
}

/// The count of grid guesses for the readouts: "10^3 = 1,000" while it has at most
/// `max_digits` digits, else "10^11935, a number with 11,936 digits" (digits counted exactly).
pub fn grid_guesses_text(segments: u32, dims: u32, max_digits: usize) -> String {
    let count = format_grid_guesses(segments, dims, max_digits);
    if count.starts_with("10^") {
        let digits = grid_guess_digits(segments, dims);
        format!(
            "{count}, a number with {} digits",
            group_thousands(&digits.to_string())
        )
    } else {
        format!("{segments}^{dims} = {count}")
    }
}

/// "3.2×10^11918" from a log₁₀ (mantissa to 2 significant digits; "10^k" when it is 1).
fn power_of_ten(log10: f64) -> String {
    let mut exponent = log10.floor();
    let mut mantissa = (10f64.powf(log10 - exponent) * 10.0).round() / 10.0;
    if mantissa >= 10.0 {
        mantissa /= 10.0;
        exponent += 1.0;
    }
    if mantissa == 1.0 {
        format!("10^{exponent:.0}")
    } else {
        format!("{mantissa:.1}×10^{exponent:.0}")
    }
}

/// Two significant digits, written without needless zeros: 0.1, 17, 320.
fn round_sig(v: f64) -> String {
    let r = round_sig_f(v);
    if r >= 10.0 {
        format!("{r:.0}")
    } else {
        let s = format!("{r:.1}");
        s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
    }
}

/// Two significant digits with thousands separators: 3,200; 1.5.
fn grouped(v: f64) -> String {
    let s = round_sig(v);
    if s.contains('.') {
        s
    } else {
        group_thousands(&s)
    }
}

fn round_sig_f(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powf(v.log10().floor() - 1.0);
    (v / scale).round() * scale
}
