//! How numbers are printed on screen and in exports, so a panel and a file never disagree.

/// Compact loss readout: four significant digits, scientific when tiny or huge.
pub fn loss(v: f64) -> String {
    let a = v.abs();
    if !v.is_finite() {
        format!("{v}")
    } else if a != 0.0 && !(1e-3..1e5).contains(&a) {
        format!("{v:.2e}")
    } else {
        let decimals = if a == 0.0 {
            0
        } else {
            (3 - a.log10().floor() as i32).max(0) as usize
        };
        format!("{v:.decimals$}")
    }
}
