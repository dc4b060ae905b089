//! PNG and CSV exports from the app are written on a background thread and land on disk.

use std::path::Path;
use std::time::{Duration, Instant};

use descent::core::scene;
use descent::ui::export_panel::{ExportPanel, WriteJob};

fn wait(panel: &mut ExportPanel) -> Result<String, String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        panel.poll();
        if !panel.writing()
            && let Some(status) = panel.status.take()
        {
            return status;
        }
        assert!(Instant::now() < deadline, "the export never finished");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn png_and_csv_exports_produce_their_files_off_the_ui_thread() {
    let dir = std::env::temp_dir().join(format!("descent-h4-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scene = scene::load(Path::new("assets/scenes/radford-beale.json")).unwrap();
    let state = scene.landscape.unwrap();
    let ctx = egui::Context::default();
    let mut panel = ExportPanel::default();
    panel.base_name = dir.join("race").display().to_string();

    panel.start_png(&ctx, state.clone(), false);
    assert!(panel.writing());
    let status = wait(&mut panel);
    assert!(
        status.as_ref().is_ok_and(|s| s.starts_with("wrote")),
        "{status:?}"
    );
    let png = image::open(dir.join("race.png")).unwrap();
    assert!(png.width() > 100 && png.height() > 100);

    panel.start_csv(&ctx, state.clone());
    let status = wait(&mut panel);
    assert!(status.is_ok(), "{status:?}");
    let csv = std::fs::read_to_string(dir.join("race.csv")).unwrap();
    assert!(csv.starts_with("optimizer,step,x,y,loss"), "{csv:.80}");
    let optimizers = state.entries.len();
    assert!(csv.lines().count() > optimizers);

    // A bad path is one clear message, not a panic.
    let mut job = WriteJob::spawn(
        dir.join("no-such-dir").join("x.csv"),
        || {},
        |out| out.write_all(b"x\n").map_err(Into::into),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let result = loop {
        if let Some(r) = job.poll() {
            break r;
        }
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(2));
    };
    assert!(result.is_err_and(|e| e.contains("cannot create")));
    std::fs::remove_dir_all(dir).unwrap();
}
