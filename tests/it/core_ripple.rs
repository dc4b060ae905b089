//! One weight ripples: the changes the figure colours, checked against a forward pass written
//! out by hand with the weight moved.

use descent::core::ripple::{Connection, INPUT, Network, Ripple, SIZES};

/// The 3-4-4-2 tanh forward pass with explicit loops, and one first-layer weight replaced.
/// Indices on purpose: they read as z_j = b_j + Σ_i w_ji·a_i.
#[allow(clippy::needless_range_loop)]
fn forward_by_hand(net: &Network, input: &[f64], c: Connection, w_new: f64) -> Vec<Vec<f64>> {
    let mut layers = vec![input.to_vec()];
    for l in 0..3 {
        let mut next = Vec::new();
        for j in 0..SIZES[l + 1] {
            let mut z = net.biases[l][j];
            for i in 0..SIZES[l] {
                let w = if l == 0 && i == c.from && j == c.to {
                    w_new
                } else {
                    net.weights[l][[j, i]]
                };
                z += w * layers[l][i];
            }
            next.push(z.tanh());
        }
        layers.push(next);
    }
    layers
}

#[test]
fn the_changes_are_the_difference_of_two_forward_passes() {
    for seed in 1..6 {
        let net = Network::from_seed(seed);
        assert_eq!(net.weights.len(), 3);
        for from in 0..3 {
            for to in 0..4 {
                let c = Connection { from, to };
                let w = net.first_layer_weight(c).expect("exists");
                for delta in [-1.3, 0.01, 0.5] {
                    let ripple = Ripple::compute(&net, &INPUT, c, delta);
                    let before = forward_by_hand(&net, &INPUT, c, w);
                    let after = forward_by_hand(&net, &INPUT, c, w + delta);
                    for l in 0..4 {
                        for j in 0..SIZES[l] {
                            let expected = after[l][j] - before[l][j];
                            let got = ripple.change_of(l, j);
                            assert!(
                                (got - expected).abs() < 1e-12,
                                "seed {seed} {c:?} Δw {delta} layer {l} neuron {j}: {got} vs {expected}"
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn one_first_layer_weight_moves_its_neuron_and_everything_after_it() {
    let net = Network::from_seed(1);
    let c = Connection { from: 0, to: 1 };
    let ripple = Ripple::compute(&net, &INPUT, c, 0.5);
    for j in 0..4 {
        let change = ripple.change_of(1, j);
        if j == c.to {
            assert!(change.abs() > 1e-3, "the fed neuron moves: {change}");
        } else {
            assert_eq!(change, 0.0, "hidden 1 neuron {j} does not see that weight");
            assert_eq!(ripple.glow(1, j), 0.0, "so it stays grey");
        }
    }
    for (l, count) in [(2, 4), (3, 2)] {
        for j in 0..count {
            assert!(
                ripple.change_of(l, j).abs() > 1e-4,
                "layer {l} neuron {j} changes"
            );
            assert!(ripple.glow(l, j) > 0.0);
        }
    }
    assert!(
        ripple.change[0].iter().all(|&c| c == 0.0),
        "inputs are fixed"
    );
    // Brightest is the largest change, exactly 1.
    let largest = ripple.largest_change();
    let brightest = (1..4)
        .flat_map(|l| (0..SIZES[l]).map(move |j| (l, j)))
        .map(|(l, j)| ripple.glow(l, j))
        .fold(0.0, f64::max);
    assert!(largest > 0.0 && (brightest - 1.0).abs() < 1e-12);
    assert_eq!(Ripple::compute(&net, &INPUT, c, 0.0).largest_change(), 0.0);
}

#[test]
fn a_small_nudge_changes_the_output_by_slope_times_nudge() {
    // The ripple is what backprop differentiates: for a small Δw the output's change over Δw
    // approaches ∂y/∂w, estimated here by central differences of the hand-written pass.
    let net = Network::from_seed(2);
    let c = Connection { from: 2, to: 3 };
    let w = net.first_layer_weight(c).expect("exists");
    let h = 1e-5;
    let slope = (forward_by_hand(&net, &INPUT, c, w + h)[3][0]
        - forward_by_hand(&net, &INPUT, c, w - h)[3][0])
        / (2.0 * h);
    let delta = 1e-3;
    let ratio = Ripple::compute(&net, &INPUT, c, delta).change_of(3, 0) / delta;
    assert!(
        (ratio - slope).abs() < 1e-3 * slope.abs().max(1e-3),
        "{ratio} vs {slope}"
    );
}

#[test]
fn weights_come_from_the_seed() {
    assert_eq!(Network::from_seed(4), Network::from_seed(4));
    assert_ne!(Network::from_seed(4), Network::from_seed(5));
    let net = Network::from_seed(1);
    let unchanged = net.nudged(Connection { from: 7, to: 0 }, 1.0);
    assert_eq!(
        unchanged, net,
        "a connection that does not exist changes nothing"
    );
}
