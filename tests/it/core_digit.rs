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

/// Inked rows (or columns, `by_column`) of the image: for each index along the axis, the
/// brightest pixel across it.
fn profile(img: &[u8], by_column: bool) -> Vec<u8> {
    (0..28)
        .map(|a| {
            (0..28)
                .map(|b| {
                    if by_column {
                        img[b * 28 + a]
                    } else {
                        img[a * 28 + b]
                    }
                })
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// Every index between the first and last inked one is inked too (at least a quarter of the
/// peak): no empty stripes inside the stroke.
fn assert_no_gaps(img: &[u8], by_column: bool, what: &str) {
    let p = profile(img, by_column);
    let first = p.iter().position(|&v| v > 0).expect("some ink");
    let last = p.iter().rposition(|&v| v > 0).expect("some ink");
    assert!(last - first >= 15, "{what}: stroke spans {first}..={last}");
    for (i, &v) in p.iter().enumerate().take(last + 1).skip(first) {
        assert!(v >= 64, "{what}: gap at {i} (brightest {v}) in {p:?}");
    }
}

#[test]
fn a_thin_stroke_stays_solid_whether_drawn_small_or_large() {
    // Thin brush (about a pixel of the pad raster); small strokes are enlarged to the 20-pixel
    // box, large ones shrunk. Point-sampling left every other column empty when enlarging.
    for (len, what) in [
        (0.05, "tiny"),
        (0.12, "small"),
        (0.5, "medium"),
        (0.8, "large"),
    ] {
        let (a, b) = (0.5 - len / 2.0, 0.5 + len / 2.0);
        let across = mnist_image(&[vec![[a, 0.5], [b, 0.5]]], 0.01);
        assert_no_gaps(&across, true, &format!("{what} horizontal"));
        let down = mnist_image(&[vec![[0.5, a], [0.5, b]]], 0.01);
        assert_no_gaps(&down, false, &format!("{what} vertical"));
        let slant = mnist_image(&[vec![[a, a], [b, b]]], 0.01);
        assert_no_gaps(&slant, false, &format!("{what} diagonal rows"));
        assert_no_gaps(&slant, true, &format!("{what} diagonal columns"));
        // Along the stroke, every pixel the centre line crosses carries ink (no holes inside).
        let (x0, x1, y0, y1) = bbox(&slant);
        for t in 0..=40 {
            let f = t as f64 / 40.0;
            let x = (x0 as f64 + f * (x1 - x0) as f64 + 0.5) as usize;
            let y = (y0 as f64 + f * (y1 - y0) as f64 + 0.5) as usize;
            let near = (x.saturating_sub(1)..=(x + 1).min(27))
                .flat_map(|xx| (y.saturating_sub(1)..=(y + 1).min(27)).map(move |yy| (xx, yy)))
                .map(|(xx, yy)| slant[yy * 28 + xx])
                .max()
                .unwrap_or(0);
            assert!(near >= 64, "{what} diagonal: hole near ({x}, {y})");
        }
    }
}

#[test]
fn resampling_keeps_the_ink_area_when_enlarging() {
    // A filled square shrinks or grows to the 20x20 box: its image is a solid block of full ink
    // (area resampling averages ink over each target pixel), whatever its size on the pad.
    for side in [0.04, 0.3] {
        let strokes: Vec<Vec<[f64; 2]>> = (0..=20)
            .map(|i| {
                let y = 0.5 - side / 2.0 + side * i as f64 / 20.0;
                vec![[0.5 - side / 2.0, y], [0.5 + side / 2.0, y]]
            })
            .collect();
        let img = mnist_image(&strokes, 0.02);
        let (x0, x1, y0, y1) = bbox(&img);
        let inner_dark = (y0 + 2..=y1 - 2)
            .flat_map(|y| (x0 + 2..=x1 - 2).map(move |x| (x, y)))
            .filter(|&(x, y)| img[y * 28 + x] < 200)
            .count();
        assert_eq!(inner_dark, 0, "side {side}: holes inside a filled block");
    }
}
