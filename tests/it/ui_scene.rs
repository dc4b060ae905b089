//! Classroom kit in the real UI: scene files, drag-and-drop, help overlay, predict-then-reveal.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use descent::App;
use descent::app::{SceneStatus, Settings};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, App> {
    crate::common::landscape_app([1400.0, 900.0])
}

fn temp_file(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("descent-ui-{}-{name}", std::process::id()))
}

fn set_scene_path(harness: &mut Harness<'static, App>, path: &Path) {
    harness.state_mut().settings.scene_path = path.display().to_string();
    harness.run_steps(1);
}

#[test]
fn save_change_and_load_back_restores_the_scene() {
    let mut harness = harness();
    let path = temp_file("roundtrip.json");
    harness.state_mut().landscape.lab.set_start([1.0, -2.0]);
    harness.state_mut().mnist.config.train_size = 1000;
    harness.run_steps(1);
    let saved = harness.state().scene();
    set_scene_path(&mut harness, &path);
    harness.get_by_label("save scene").click();
    harness.run_steps(2);
    assert!(matches!(
        harness.state().scene_status,
        Some(SceneStatus::Saved(_))
    ));

    harness.get_by_value("choose…").click();
    harness.run_steps(2);
    harness.get_by_label("Long valley").click();
    harness.run_steps(2);
    harness.state_mut().mnist.config.train_size = 50_000;
    assert_ne!(harness.state().scene(), saved, "the set-up changed");

    harness.get_by_label("open scene").click();
    harness.run_steps(2);
    let _ = std::fs::remove_file(&path);
    assert!(matches!(
        harness.state().scene_status,
        Some(SceneStatus::Loaded(_))
    ));
    assert_eq!(harness.state().scene(), saved);
}

#[test]
fn a_corrupt_scene_leaves_everything_untouched_and_says_why() {
    let mut harness = harness();
    let path = temp_file("corrupt.json");
    let good = descent::core::presets::PRESETS[1].json();
    std::fs::write(&path, &good[..good.len() / 3]).expect("write corrupt file");
    let before = harness.state().scene();
    set_scene_path(&mut harness, &path);
    harness.get_by_label("open scene").click();
    harness.run_steps(2);
    let _ = std::fs::remove_file(&path);
    assert_eq!(harness.state().scene(), before);
    let Some(SceneStatus::Error(e)) = &harness.state().scene_status else {
        panic!("no error shown: {:?}", harness.state().scene_status);
    };
    assert!(e.contains("not a valid scene"), "{e}");
    harness.get_by_label_contains("nothing was changed");
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_scene_file_on_the_window_opens_it() {
    let mut harness = harness();
    let path = temp_file("dropped.json");
    std::fs::write(&path, descent::core::presets::PRESETS[2].json()).expect("write scene");
    harness
        .input_mut()
        .dropped_files
        .push(Arc::new(Dropped(path.clone())));
    harness.run_steps(2);
    let _ = std::fs::remove_file(&path);
    assert_eq!(
        harness.state().landscape.lab.state.surface.kind(),
        descent::core::surface::SurfaceKind::Banana
    );
}

#[test]
fn question_mark_opens_the_shortcut_help() {
    let mut harness = harness();
    harness.key_press(egui::Key::Questionmark);
    harness.run_steps(2);
    assert!(harness.state().help_open);
    harness.get_by_label("play / pause the race");
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert!(!harness.state().help_open);
}

/// Pixels of Adam's colour inside the contour plot.
fn adam_pixels(harness: &mut Harness<'static, App>) -> usize {
    let Some(transform) = harness.state().landscape.contour_transform else {
        panic!("contour plot not drawn");
    };
    let scale = harness.ctx.pixels_per_point();
    let frame = *transform.frame();
    let image = harness.render().expect("render");
    image
        .enumerate_pixels()
        .filter(|(x, y, _)| frame.contains(egui::pos2(*x as f32 / scale, *y as f32 / scale)))
        .filter(|(_, _, p)| p.0[..3] == [0xCC, 0x79, 0xA7])
        .count()
}

#[test]
fn predict_then_reveal_hides_the_race_until_revealed() {
    let mut harness = harness();
    harness.state_mut().landscape.lab.set_step(150);
    harness.run_steps(2);
    let visible = adam_pixels(&mut harness);
    assert!(visible > 50, "Adam's path is drawn: {visible} pixels");
    harness.get_by_label("predict, then reveal").click();
    harness.run_steps(2);
    assert!(harness.state().landscape.lab.predicting());
    assert_eq!(
        adam_pixels(&mut harness),
        0,
        "no path while the class predicts"
    );
    harness.get_by_label("reveal!").click();
    harness.run_steps(2);
    assert!(!harness.state().landscape.lab.predicting());
    assert!(adam_pixels(&mut harness) > 50);
}

#[test]
fn exporting_from_the_app_writes_png_gif_and_csv() {
    let mut harness = harness();
    let base = temp_file("export");
    harness.state_mut().landscape.export.base_name = base.display().to_string();
    harness.run_steps(1);
    harness.get_by_label("PNG").click();
    harness.get_by_label("CSV").click();
    harness.run_steps(2);
    harness.get_by_label("GIF").click();
    harness.run_steps(1);
    let start = std::time::Instant::now();
    while harness.state().landscape.export.exporting() {
        assert!(start.elapsed().as_secs() < 120, "GIF export never finished");
        std::thread::sleep(std::time::Duration::from_millis(50));
        harness.run_steps(1);
    }
    for ext in ["png", "gif", "csv"] {
        let path = base.with_extension(ext);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let _ = std::fs::remove_file(&path);
        assert!(
            bytes.len() > 1000,
            "{} is {} bytes",
            path.display(),
            bytes.len()
        );
    }
    assert!(
        matches!(&harness.state().landscape.export.status, Some(Ok(msg)) if msg.contains(".gif"))
    );
}

#[test]
fn saved_settings_go_through_the_scene_checks() {
    let good = Settings::default();
    let (kept, problems) = good.clone().validated();
    assert_eq!((kept, problems.len()), (good.clone(), 0));

    let mut bad = good.clone();
    bad.zoom = f32::NAN;
    bad.landscape.max_steps = 0;
    bad.landscape.entries = vec![bad.landscape.entries[0]; 1000];
    bad.mnist.hidden = vec![1_000_000];
    bad.dark = !good.dark; // a valid choice survives its neighbours' reset
    let (fixed, problems) = bad.validated();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(
        problems.iter().any(|p| p.starts_with("zoom NaN")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("landscape")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("hidden")),
        "{problems:?}"
    );
    assert_eq!(fixed.zoom, good.zoom);
    assert_eq!(fixed.landscape, good.landscape);
    assert_eq!(fixed.mnist, good.mnist);
    assert_eq!(fixed.dark, !good.dark);

    // A state file with a field this version does not know is not half-read.
    let text = serde_json::to_string(&good)
        .unwrap()
        .replacen('{', "{\"bogus\": 1, ", 1);
    let err = serde_json::from_str::<Settings>(&text)
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `bogus`"), "{err}");
}
