//! The "loss landscape" inspect tab: opening it slices the landscape around the live
//! network, coarse grids arrive first, and the mode switch changes what is sliced.

use std::sync::Arc;
use std::time::{Duration, Instant};

use descent::App;
use descent::app::{Settings, Tab};
use descent::core::loss_slice::SliceView;
use descent::core::mnist;
use descent::train::{DataSource, JobState, MnistFiles};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn small_mnist() -> DataSource {
    let (train, test) = mnist::load_bundled().expect("bundled MNIST");
    DataSource::Loaded(Arc::new(MnistFiles {
        train_file: train.subset(0..3000),
        test: test.subset(0..500),
    }))
}

fn harness(source: Option<DataSource>, size: [f32; 2]) -> Harness<'static, App> {
    let settings = Settings {
        tab: Tab::Mnist,
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
    run_until(&mut harness, |app| app.mnist.data.is_some());
    harness
}

fn run_until(harness: &mut Harness<'static, App>, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    while !done(harness.state()) {
        assert!(
            start.elapsed() < Duration::from_secs(90),
            "timed out waiting for the background jobs"
        );
        std::thread::sleep(Duration::from_millis(20));
        harness.run_steps(1);
    }
}

fn view(app: &App) -> Option<Arc<SliceView>> {
    app.mnist.landscape.view.clone()
}

#[test]
fn the_loss_landscape_tab_fills_in_coarse_to_fine() {
    let mut harness = harness(Some(small_mnist()), [1400.0, 900.0]);
    harness.get_by_label("▶ start").click();
    run_until(&mut harness, |app| app.mnist.snapshot.is_some());
    harness.get_by_label("loss landscape").click();
    run_until(&mut harness, |app| {
        app.mnist.landscape.resolution_shown() >= 11
    });
    run_until(&mut harness, |app| app.mnist.landscape.view_final);
    assert_eq!(harness.state().mnist.landscape.resolution_shown(), 41);
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
    run_until(&mut harness, |app| {
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
    run_until(&mut harness, |app| {
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
    run_until(&mut harness, |app| app.mnist.epochs_done >= 2);
    harness.get_by_label("loss landscape").click();
    run_until(&mut harness, |app| app.mnist.landscape.view_final);
    harness.run_steps(3);
    let dir = env!("CARGO_MANIFEST_DIR");
    let image = harness.render().expect("render");
    image
        .save(format!("{dir}/screenshots/mnist_landscape.png"))
        .expect("save screenshot");
    harness.get_by_label("training path").click();
    run_until(&mut harness, |app| {
        app.mnist.landscape.view_final
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
    run_until(&mut harness, |app| app.mnist.state == JobState::Paused);
    harness.run_steps(3);
    let image = harness.render().expect("render");
    image
        .save(format!("{dir}/screenshots/mnist_landscape_path.png"))
        .expect("save screenshot");
}
