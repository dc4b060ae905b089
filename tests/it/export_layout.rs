//! The export's number format and font, moved out of the library's unit tests so `cargo test`
//! builds the library once.

use descent::core::format;

#[test]
fn losses_print_with_four_significant_digits_or_scientific() {
    assert_eq!(format::loss(14.2031), "14.20");
    assert_eq!(format::loss(0.031234), "0.03123");
    assert_eq!(format::loss(0.0), "0");
    assert_eq!(format::loss(2.5e-7), "2.50e-7");
    assert_eq!(format::loss(123456.0), "1.23e5");
}

#[test]
fn the_bundled_font_parses_and_has_the_symbols_used() {
    for c in ['✖', '−', 'a'] {
        assert!(
            descent::export::font_covers(&c.to_string()),
            "{c} missing from the font"
        );
    }
    // A check that can fail: a character DejaVu Sans does not have.
    assert!(!descent::export::font_covers("\u{10FFFD}"));
}
