//! The "loss landscape" inspect tab: opening it slices the landscape around the live
//! network, coarse grids arrive first, and the mode switch changes what is sliced.

use std::sync::Arc;
use std::time::Duration;

use crate::common::{run_until, save_screenshot, small_mnist};
use descent::App;
use descent::app::{Settings, Tab};
use descent::core::loss_slice::SliceView;
use descent::train::{DataSource, JobState};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Slices and training share two cores with the rest of the test run.
const LIMIT: Duration = Duration::from_secs(90);

fn harness(source: Option<DataSource>, size: [f32; 2]) -> Harness<'static, App> {
    let settings = Settings {
        tab: Tab::Mnist,
        mnist_pace: descent::core::training::Pace::FullSpeed,
        ..Settings::default()
    };
    let mut harness =
        Harness::builder()
            .with_size(size)
            .wgpu()
            .build_eframe(move |cc| match source {
                Some(source) => App::with_data(&cc.egui_ctx, settings, source),
                None => App::with_settings(&cc.egui_ctx, settings),
            });
    run_until(&mut harness, LIMIT, |app| app.mnist.run.data.is_some());
    harness
}

fn view(app: &App) -> Option<Arc<SliceView>> {
    app.mnist.loss_slice.view.clone()
}

#[test]
fn the_loss_landscape_tab_fills_in_coarse_to_fine() {
    let mut harness = harness(Some(small_mnist()), [1400.0, 900.0]);
    harness.get_by_label("▶ start").click();
    run_until(&mut harness, LIMIT, |app| app.mnist.run.snapshot.is_some());
    harness.get_by_label("loss landscape").click();
    run_until(&mut harness, LIMIT, |app| {
        app.mnist.loss_slice.resolution_shown() >= 11
    });
    run_until(&mut harness, LIMIT, |app| app.mnist.loss_slice.view_final);
    assert_eq!(harness.state().mnist.loss_slice.resolution_shown(), 41);
    let Some(v) = view(harness.state()) else {
        unreachable!()
    };
    let SliceView::Plane { slice, .. } = &*v else {
        panic!("the default is a random plane")
    };
    assert!(slice.loss.iter().all(|l| l.is_finite()));
    harness.run_steps(2);
    assert!(
        harness
            .query_by_label_contains("validation images, in")
            .is_some(),
        "the status line reports the finished grid"
    );

    harness.get_by_label("1-D lines").click();
    run_until(&mut harness, LIMIT, |app| {
        view(app).is_some_and(|v| {
            matches!(
                *v,
                SliceView::Lines {
                    interpolation: Some(_),
                    ..
                }
            )
        })
    });

    harness.get_by_label("training path").click();
    run_until(&mut harness, LIMIT, |app| {
        view(app).is_some_and(|v| {
            matches!(&*v, SliceView::Plane { paths, explained: Some(_), .. } if paths[0].len() >= 2)
        })
    });
}

#[test]
#[ignore = "writes screenshots/mnist_landscape*.png: run on purpose"]
fn render_mnist_landscape_screenshot() {
    let mut harness = harness(None, [1600.0, 1000.0]);
    harness.get_by_label("▶ start").click();
    run_until(&mut harness, LIMIT, |app| app.mnist.run.epochs_done >= 2);
    harness.get_by_label("loss landscape").click();
    run_until(&mut harness, LIMIT, |app| app.mnist.loss_slice.view_final);
    harness.run_steps(3);
    save_screenshot(&mut harness, "mnist_landscape");
    harness.get_by_label("training path").click();
    run_until(&mut harness, LIMIT, |app| {
        app.mnist.loss_slice.view_final
            && view(app).is_some_and(|v| {
                matches!(
                    &*v,
                    SliceView::Plane {
                        explained: Some(_),
                        ..
                    }
                )
            })
    });
    harness.get_by_label("▮▮ pause").click();
    run_until(&mut harness, LIMIT, |app| {
        app.mnist.run.state == JobState::Paused
    });
    harness.run_steps(3);
    save_screenshot(&mut harness, "mnist_landscape_path");
}
