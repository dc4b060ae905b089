//! The drawing pad's preprocessing: a mouse-drawn digit becomes an MNIST-style 28x28 image.

use descent::core::digit::mnist_image;

fn bbox(img: &[u8]) -> (usize, usize, usize, usize) {
    let ink: Vec<(usize, usize)> = (0..784)
        .filter(|i| img[*i] > 30)
        .map(|i| (i % 28, i / 28))
        .collect();
    let xs = ink.iter().map(|p| p.0);
    let ys = ink.iter().map(|p| p.1);
    (
        xs.clone().min().unwrap(),
        xs.max().unwrap(),
        ys.clone().min().unwrap(),
        ys.max().unwrap(),
    )
}

#[test]
fn nothing_drawn_is_a_blank_image() {
    assert_eq!(mnist_image(&[], 0.04), vec![0u8; 784]);
}

#[test]
fn a_stroke_is_scaled_to_the_20_pixel_box_and_centred() {
    // A tall "1" drawn small, in the top-left corner of the pad.
    let img = mnist_image(&[vec![[0.1, 0.1], [0.12, 0.4]]], 0.03);
    assert_eq!(img.iter().copied().max(), Some(255));
    let (x0, x1, y0, y1) = bbox(&img);
    let height = y1 - y0 + 1;
    assert!((18..=21).contains(&height), "height {height}");
    let cx = (x0 + x1) as f64 / 2.0;
    let cy = (y0 + y1) as f64 / 2.0;
    assert!(
        (cx - 13.5).abs() <= 2.0 && (cy - 13.5).abs() <= 2.0,
        "centre ({cx}, {cy})"
    );
}

#[test]
fn where_and_how_large_the_digit_is_drawn_does_not_matter() {
    let small = mnist_image(&[vec![[0.1, 0.1], [0.3, 0.1], [0.1, 0.4]]], 0.02);
    let large = mnist_image(&[vec![[0.4, 0.3], [0.8, 0.3], [0.4, 0.9]]], 0.04);
    let differing = small
        .iter()
        .zip(&large)
        .filter(|(a, b)| a.abs_diff(**b) > 100)
        .count();
    assert!(differing < 60, "{differing} pixels differ strongly");
}
