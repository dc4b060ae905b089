//! The README's lecture-mode screenshot, rendered through the real UI.

use crate::common::save_screenshot;
use egui_kittest::Harness;

#[test]
#[ignore = "writes screenshots/: run on purpose"]
fn render_lecture_screenshot() {
    let mut harness = crate::common::landscape_app([1600.0, 1000.0]);
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

/// Slides of the chapter's lecture at projector size (1024×768): the climber, Nesterov's
/// step anatomy and dropout, for the README.
#[test]
#[ignore = "writes screenshots/: run on purpose"]
fn render_chapter_lecture_screenshots() {
    use crate::common::{mnist_app, run_until, small_mnist};
    let mut harness = mnist_app([1024.0, 768.0], small_mnist());
    harness.state_mut().open_lecture("how-networks-are-trained");
    let lec = descent::core::lecture::open("how-networks-are-trained").expect("shipped");
    let index = |t: &str| {
        lec.slides
            .iter()
            .position(|s| s.title.starts_with(t))
            .unwrap_or_else(|| panic!("{t}"))
    };
    harness.state_mut().show_slide(index("A climber"));
    harness.run_steps(3);
    save_screenshot(&mut harness, "chapter-climber");
    harness.state_mut().show_slide(index("Nesterov"));
    harness.state_mut().landscape.lab.playing = false;
    harness.state_mut().landscape.lab.set_step(12);
    harness.run_steps(3);
    save_screenshot(&mut harness, "chapter-nesterov");
    harness.state_mut().show_slide(index("Dropout"));
    run_until(&mut harness, std::time::Duration::from_secs(60), |app| {
        app.mnist
            .current_snapshot()
            .is_some_and(|s| s.mlp.dropout_mask().is_some())
    });
    harness.run_steps(3);
    save_screenshot(&mut harness, "chapter-dropout");
}
