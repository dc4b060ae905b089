//! The ripple lesson driven through its real widgets, headless: a click on each first-layer line
//! picks that weight, and the nudge slider changes it; the changes shown are checked against a
//! forward pass written out here.

use descent::core::ripple::{Connection, INPUT, Network, SIZES};
use descent::ui::why_hard::{Lesson, WhyHardView};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, WhyHardView> {
    crate::common::why_hard_harness(Lesson::Ripple, [1280.0, 800.0], 1.0)
}

/// tanh(W·a + b) layer by layer, with one first-layer weight moved by `delta`.
fn outputs_by_hand(net: &Network, c: Connection, delta: f64) -> Vec<f64> {
    let mut a = INPUT.to_vec();
    for l in 0..3 {
        a = (0..SIZES[l + 1])
            .map(|j| {
                let mut z = net.biases[l][j];
                for (i, ai) in a.iter().enumerate() {
                    let moved = l == 0 && i == c.from && j == c.to;
                    z += (net.weights[l][[j, i]] + if moved { delta } else { 0.0 }) * ai;
                }
                z.tanh()
            })
            .collect();
    }
    a
}

fn click(harness: &mut Harness<'static, WhyHardView>, pos: egui::Pos2) {
    harness.hover_at(pos);
    harness.run_steps(1);
    harness.drag_at(pos);
    harness.run_steps(1);
    harness.drop_at(pos);
    harness.run_steps(2);
}

#[test]
fn clicking_a_first_layer_line_picks_that_weight() {
    let mut harness = harness();
    for from in 0..SIZES[0] {
        for to in 0..SIZES[1] {
            let c = Connection { from, to };
            let pos = harness
                .state()
                .ripple
                .connection_midpoint(c)
                .expect("network drawn");
            click(&mut harness, pos);
            let s = &harness.state().ripple;
            assert_eq!(s.selected, c);
            // Only the neuron this weight feeds moves in the first hidden layer.
            for j in 0..SIZES[1] {
                assert_eq!(
                    s.ripple.change_of(1, j) != 0.0,
                    j == to,
                    "{c:?}, h{}",
                    j + 1
                );
            }
            let w = s.net.first_layer_weight(c).expect("weight");
            harness.get_by_label_contains(&format!("w (x{} → h{}) = {w:.3}", from + 1, to + 1));
        }
    }
    // A click away from every line keeps the choice.
    let rect = harness.state().ripple.network_rect.expect("drawn");
    click(&mut harness, rect.right_bottom() - egui::vec2(5.0, 5.0));
    assert_eq!(
        harness.state().ripple.selected,
        Connection { from: 2, to: 3 }
    );
}

#[test]
fn the_nudge_slider_changes_every_output_by_the_forward_pass_difference() {
    let mut harness = harness();
    let c = harness.state().ripple.selected;
    harness
        .get_by_role_and_label(Role::Slider, "nudge Δw")
        .set_value_accesskit(-1.5);
    harness.run_steps(2);
    let s = &harness.state().ripple;
    assert_eq!(s.delta, -1.5);
    let before = outputs_by_hand(&s.net, c, 0.0);
    let after = outputs_by_hand(&s.net, c, -1.5);
    for j in 0..SIZES[3] {
        let expected = after[j] - before[j];
        let shown = s.ripple.change_of(3, j);
        assert!(
            (shown - expected).abs() < 1e-12,
            "y{}: {shown} vs {expected}",
            j + 1
        );
        assert!(expected.abs() > 1e-3, "the output moved");
    }
    let w = s.net.first_layer_weight(c).expect("weight");
    harness.get_by_label_contains(&format!("→ {:.3}", w - 1.5));
}

#[test]
fn new_weights_draws_the_next_seeds_network_and_keeps_the_nudge() {
    let mut harness = harness();
    let (c, delta) = (
        harness.state().ripple.selected,
        harness.state().ripple.delta,
    );
    harness.get_by_label("new weights").click();
    harness.run_steps(2);
    let s = &harness.state().ripple;
    assert_eq!(s.seed, 2);
    assert_eq!(s.net, Network::from_seed(2));
    let expected = outputs_by_hand(&s.net, c, delta)[1] - outputs_by_hand(&s.net, c, 0.0)[1];
    assert!((s.ripple.change_of(3, 1) - expected).abs() < 1e-12);
}
