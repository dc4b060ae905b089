//! The MNIST tab's "network" view, driven through its widgets: with the dropout slider moved and
//! training started, the hidden units drawn greyed are exactly those the training pass dropped.

use std::time::Duration;

use crate::common::{mnist_app, run_until, small_mnist};
use descent::core::views::MnistView;
use descent::ui::mnist::network_view::{DrawnNetwork, drawn_id};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

#[test]
fn the_network_view_greys_out_the_units_dropout_switched_off() {
    let mut harness = mnist_app([1400.0, 900.0], small_mnist());
    harness
        .get_by_role_and_label(Role::Slider, "dropout")
        .set_value_accesskit(0.5);
    harness.run_steps(1);
    harness.get_by_label("network").click();
    harness.run_steps(2);
    assert_eq!(harness.state().mnist.inspect, MnistView::Network);
    assert!((harness.state().mnist.config.dropout - 0.5).abs() < 1e-9);
    // Long enough that four snapshots arrive mid-run even at full speed.
    harness.state_mut().mnist.config.epochs = 1000;
    harness.get_by_label("▶ start").click();
    let (mut masks, mut greyed) = (0, 0);
    let mut last: Option<Vec<bool>> = None;
    while masks < 4 {
        run_until(&mut harness, Duration::from_secs(60), |app| {
            app.mnist
                .run
                .snapshot
                .as_ref()
                .and_then(|s| s.mlp.dropout_mask())
                .is_some_and(|m| last.as_deref() != Some(m))
        });
        harness.run_steps(1);
        let drawn: DrawnNetwork = harness
            .ctx
            .data(|d| d.get_temp(drawn_id()))
            .expect("network drawn");
        let snapshot = harness
            .state()
            .mnist
            .run
            .snapshot
            .as_ref()
            .expect("snapshot");
        let mask = snapshot.mlp.dropout_mask().expect("dropout on").to_vec();
        assert_eq!(drawn.sizes, [784, 15, 10]);
        assert_eq!(
            drawn.mask.as_ref(),
            Some(&mask),
            "the drawn mask is the pass's own"
        );
        assert_eq!(drawn.greyed, mask.iter().filter(|&&k| !k).count());
        greyed += drawn.greyed;
        masks += 1;
        last = Some(mask);
    }
    // p = 0.5 over 4 × 15 units: none greyed would have probability 2⁻⁶⁰.
    assert!(greyed > 0 && greyed < 60, "{greyed} of 60 greyed");
}
