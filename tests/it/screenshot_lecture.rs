//! The README's lecture-mode screenshot, rendered through the real UI.

use crate::common::save_screenshot;
use descent::App;
use descent::app::Settings;
use egui_kittest::Harness;

#[test]
#[ignore = "writes screenshots/: run on purpose"]
fn render_lecture_screenshot() {
    let mut harness = Harness::builder()
        .with_size([1600.0, 1000.0])
        .wgpu()
        .build_eframe(|cc| App::with_settings(&cc.egui_ctx, Settings::default()));
    harness.run_steps(2);
    harness.state_mut().open_lecture("optimizers");
    harness.state_mut().show_slide(3);
    harness.state_mut().landscape.lab.playing = false;
    harness.state_mut().landscape.lab.set_step(120);
    harness.run_steps(3);
    save_screenshot(&mut harness, "lecture");
}

/// The presenter view as its own window draws it.
#[test]
#[ignore = "writes screenshots/: run on purpose"]
fn render_presenter_screenshot() {
    use descent::app::presenter::{PresenterShared, presenter_ui};
    let lec = descent::core::lecture::open("optimizers").expect("shipped lecture");
    let shared = std::sync::Arc::new(std::sync::Mutex::new(PresenterShared {
        current: 2,
        titles: lec.slides.iter().map(|s| s.title.clone()).collect(),
        notes: lec.slides[2].notes.clone(),
        started: -754.0,
        ..Default::default()
    }));
    let mut harness = Harness::builder()
        .with_size([760.0, 560.0])
        .wgpu()
        .build_ui(move |ui| {
            egui::CentralPanel::default().show(ui, |ui| presenter_ui(ui, &shared));
        });
    harness.run_steps(2);
    save_screenshot(&mut harness, "presenter");
}
