//! The MNIST tab across a change of dataset and of optimizer: nothing drawn from the old data
//! or the old optimizer stays on screen. Two small datasets are generated in memory, so the
//! pictures of one can never be mistaken for the other's.

use std::sync::Arc;
use std::time::Duration;

use crate::common::run_until;
use descent::core::mnist::{self, Dataset, PIXELS};
use descent::core::optimizer::OptimizerKind;
use descent::core::training::{Pace, TrainConfig};
use descent::train::{DataSource, JobState, MnistFiles};
use descent::ui::mnist::{Inspect, MnistView};
use egui_kittest::Harness;

const LIMIT: Duration = Duration::from_secs(60);
const IMAGES: usize = 1200;

/// `IMAGES` training-file images and 100 test images; digit d is a bar at row 2d + `shift`,
/// so the two datasets below share no image.
fn generated(name: &str, shift: usize) -> Arc<MnistFiles> {
    let make = |n: usize| {
        let labels: Vec<u8> = (0..n).map(|i| (i * 7 % 10) as u8).collect();
        let mut images = vec![0u8; n * PIXELS];
        for (i, &d) in labels.iter().enumerate() {
            let row = 2 * usize::from(d) + shift;
            images[i * PIXELS + row * 28..i * PIXELS + row * 28 + 28].fill(255);
        }
        Dataset {
            images,
            labels,
            name: name.to_owned(),
        }
    };
    Arc::new(MnistFiles {
        train_file: make(IMAGES),
        test: make(100),
    })
}

fn harness(data: DataSource) -> Harness<'static, MnistView> {
    let config = TrainConfig {
        train_size: IMAGES,
        epochs: 1000,
        ..TrainConfig::default()
    };
    let mut view = MnistView::new(config, data);
    view.pace = Pace::FullSpeed;
    // The app's fonts (for ▶, ↺, …) take effect from the pass after they are set.
    let mut fonts_installed = false;
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(
            move |ui, view: &mut MnistView| {
                if !fonts_installed {
                    descent::app::install_fonts(ui.ctx());
                    fonts_installed = true;
                    return;
                }
                view.logic(ui.ctx());
                view.ui(ui);
            },
            view,
        );
    run_until(&mut harness, LIMIT, |v| v.run.data.is_some());
    harness
}

fn first_validation_image(files: &MnistFiles) -> &[u8] {
    let n = files.train_file.len();
    files.train_file.image(n - mnist::validation_len(n))
}

/// Shows each picture tab until its caches are filled from the data now loaded.
fn fill_caches(harness: &mut Harness<'static, MnistView>) {
    let ctx = harness.ctx.clone();
    harness.state_mut().start(&ctx);
    run_until(harness, LIMIT, |v| {
        v.current_snapshot().is_some_and(|s| s.confusion.is_some())
    });
    harness.state_mut().inspect = Inspect::Predictions;
    harness.run_steps(2);
    harness.state_mut().inspect = Inspect::LossLandscape;
    run_until(harness, LIMIT, |v| {
        v.loss_slice.view.is_some() && v.cache_keys().loss_slice_view == v.dataset_id()
    });
}

#[test]
fn loading_another_dataset_replaces_every_picture_drawn_from_the_old_one() {
    let (a, b) = (generated("bars A", 0), generated("bars B", 1));
    let mut harness = harness(DataSource::Loaded(Arc::clone(&a)));
    fill_caches(&mut harness);
    let first = harness.state().dataset_id();
    let keys = harness.state().cache_keys();
    assert!(first.is_some());
    assert_eq!(
        [
            keys.digit_grid,
            keys.snapshot,
            keys.loss_slice_sample,
            keys.loss_slice_view
        ],
        [first; 4]
    );

    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .load(&ctx, DataSource::Loaded(Arc::clone(&b)));
    run_until(&mut harness, LIMIT, |v| v.dataset_id() != first);
    let second = harness.state().dataset_id();
    assert_eq!(harness.state().run.state, JobState::Idle);
    // Before anything is trained on B, nothing of A's run remains.
    harness.state_mut().inspect = Inspect::Predictions;
    harness.run_steps(2);
    let keys = harness.state().cache_keys();
    assert_eq!(keys.digit_grid, second);
    assert_eq!(
        [keys.snapshot, keys.loss_slice_sample, keys.loss_slice_view],
        [None; 3]
    );
    assert!(harness.state().current_snapshot().is_none());
    assert_eq!(
        harness.state().run.ghosts.len(),
        1,
        "A's curves stay as a ghost"
    );

    fill_caches(&mut harness);
    let view = harness.state();
    let keys = view.cache_keys();
    assert_eq!(
        [
            keys.digit_grid,
            keys.snapshot,
            keys.loss_slice_sample,
            keys.loss_slice_view
        ],
        [second; 4]
    );
    let sample = view.loss_slice.sample().expect("a landscape sample");
    assert_eq!(sample.image(0), first_validation_image(&b));
    assert_ne!(sample.image(0), first_validation_image(&a));
    let confusion = view.current_snapshot().and_then(|s| s.confusion).unwrap();
    let total: u32 = confusion.iter().flatten().sum();
    assert_eq!(total as usize, mnist::validation_len(IMAGES));
}

#[test]
fn switching_optimizer_mid_run_keeps_run_sliders_and_label_in_agreement() {
    let mut harness = harness(DataSource::Loaded(generated("bars", 0)));
    let ctx = harness.ctx.clone();
    assert_eq!(harness.state().config.optimizer, OptimizerKind::Sgd);
    harness.state_mut().start(&ctx);
    run_until(&mut harness, LIMIT, |v| v.current_snapshot().is_some());
    let sgd = harness.state().config.hyper;
    assert_eq!(harness.state().current_snapshot().unwrap().hyper, sgd);

    harness.state_mut().set_optimizer(&ctx, OptimizerKind::Adam);
    run_until(&mut harness, LIMIT, |v| {
        v.current_snapshot()
            .is_some_and(|s| s.optimizer == OptimizerKind::Adam)
    });
    harness.run_steps(2);
    let view = harness.state();
    let s = view.current_snapshot().unwrap();
    assert_eq!(view.config.optimizer, OptimizerKind::Adam);
    assert_eq!(s.hyper, view.config.hyper);
    assert_eq!(s.hyper, OptimizerKind::Adam.default_hyper());
    assert_ne!(s.hyper.lr, sgd.lr);
}

#[test]
fn the_curves_csv_is_written_in_the_background() {
    let mut harness = harness(DataSource::Loaded(generated("bars", 0)));
    let ctx = harness.ctx.clone();
    harness.state_mut().start(&ctx);
    run_until(&mut harness, LIMIT, |v| {
        v.run.curve.iter().filter(|p| p.val_loss.is_some()).count() >= 2
    });
    let dir = std::env::temp_dir().join(format!("descent-h4-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("curves.csv");
    harness.state_mut().export_curves(&ctx, path.clone());
    let rows = harness.state().run.curve.len();
    assert!(harness.state().exporting_curves());
    run_until(&mut harness, LIMIT, |v| !v.exporting_curves());
    let message = harness.state().message.clone().unwrap_or_default();
    assert!(message.starts_with("wrote"), "{message}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text.lines().count(),
        rows + 1,
        "a header and one line per point"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
