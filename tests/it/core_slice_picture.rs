//! The MNIST loss slice's picture comes from the 2-D lab's contour code: its contour lines run
//! where the sampled loss crosses each level, and the readout names the loss at the weights.

use descent::core::contour::CONTOUR_LEVELS;
use descent::core::loss_slice::{Slice2d, linspace};

/// A bowl sampled like a slice: `loss` row by row, row 0 at the smallest β.
fn bowl(alphas: Vec<f64>, betas: Vec<f64>) -> Slice2d {
    let f = |a: f64, b: f64| 0.3 + a * a + 2.0 * b * b;
    let loss: Vec<f64> = (betas.iter())
        .flat_map(|&b| alphas.iter().map(move |&a| f(a, b)))
        .collect();
    let acc = vec![0.5; loss.len()];
    Slice2d {
        alphas,
        betas,
        loss,
        acc,
    }
}

#[test]
fn slice_contours_lie_where_the_sampled_loss_crosses_each_level() {
    let s = bowl(linspace(-1.0, 1.0, 21), linspace(-1.0, 1.0, 17));
    let pic = s.contour_map();
    assert_eq!((pic.grid.nx, pic.grid.ny), (21, 17));
    assert_eq!(pic.rgba.len(), 21 * 17 * 4);
    assert_eq!(pic.isolines.len(), CONTOUR_LEVELS);
    let (min, max) = (0.3, 0.3 + 1.0 + 2.0);
    // Log-spaced: equal ratios between successive levels, all strictly inside the range.
    let levels: Vec<f64> = pic.isolines.iter().map(|i| i.level).collect();
    assert!(levels.iter().all(|&l| l > min && l < max), "{levels:?}");
    let ratio = levels[1] / levels[0];
    assert!(
        (levels.windows(2)).all(|w| (w[1] / w[0] - ratio).abs() < 1e-9),
        "{levels:?}"
    );
    let (da, db) = (0.1, 0.125);
    let value = |i: usize, j: usize| s.loss[j * 21 + i];
    let mut vertices = 0;
    for iso in &pic.isolines {
        for p in iso.lines.iter().flatten() {
            // Each vertex sits on a cell edge; linear interpolation along it gives the level.
            let (fi, fj) = ((p[0] + 1.0) / da, (p[1] + 1.0) / db);
            let on = |f: f64| (f - f.round()).abs() < 1e-9;
            let at = if on(fj) {
                let (i, j) = (fi.floor() as usize, fj.round() as usize);
                let t = fi - i as f64;
                value(i, j) * (1.0 - t) + value((i + 1).min(20), j) * t
            } else {
                assert!(on(fi), "vertex {p:?} is on no cell edge");
                let (i, j) = (fi.round() as usize, fj.floor() as usize);
                let t = fj - j as f64;
                value(i, j) * (1.0 - t) + value(i, (j + 1).min(16)) * t
            };
            assert!(
                (at - iso.level).abs() < 1e-9,
                "{p:?}: {at} vs {}",
                iso.level
            );
            vertices += 1;
        }
    }
    assert!(vertices > 100, "{vertices}");
}

#[test]
fn the_readout_is_the_loss_at_the_weights_or_marked_as_nearby() {
    let centred = bowl(linspace(-1.0, 1.0, 21), linspace(-1.0, 1.0, 17));
    assert_eq!(centred.loss_near_origin(), Some((0.3, true)));
    // A plane fitted to a path: the grid misses the origin; the nearest point is (0.05, -0.1).
    let off = bowl(linspace(-0.95, 1.05, 21), linspace(-1.1, 0.9, 11));
    let (loss, exact) = off.loss_near_origin().unwrap();
    assert!(!exact);
    let expected = 0.3 + 0.05f64.powi(2) + 2.0 * 0.1f64.powi(2);
    assert!((loss - expected).abs() < 1e-12, "{loss} vs {expected}");
    assert_eq!(bowl(Vec::new(), Vec::new()).loss_near_origin(), None);
}
