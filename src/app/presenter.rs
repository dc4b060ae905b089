//! The presenter view: a second native window for the teacher's laptop with the speaker notes,
//! the next slide's title, the elapsed time and the slide list. The projector shows only the
//! slide. The window draws from a snapshot the main window refreshes every frame, and sends
//! back the slide the teacher asks for.

use std::sync::{Arc, Mutex, PoisonError};

use egui::{Key, RichText};

use crate::app::App;
use crate::core::lecture::format_elapsed;

#[derive(Debug, Default)]
pub struct PresenterShared {
    pub current: usize,
    pub titles: Vec<String>,
    pub notes: String,
    /// When the presentation started (egui time).
    pub started: f64,
    /// Slides the teacher asked for from the presenter window, in order.
    pub requests: Vec<usize>,
    /// The teacher closed the window.
    pub closed: bool,
}

pub type Shared = Arc<Mutex<PresenterShared>>;

/// Refreshes the presenter window's snapshot, applies what it asked for, and keeps it open.
pub fn presenter_sync(ctx: &egui::Context, app: &mut App) {
    let Some(player) = app.lecture.as_mut() else {
        return;
    };
    let Some(shared) = player.presenter.clone() else {
        return;
    };
    let (requests, closed) = {
        let mut s = shared.lock().unwrap_or_else(PoisonError::into_inner);
        s.current = player.current;
        s.titles = player
            .lecture
            .slides
            .iter()
            .map(|s| s.title.clone())
            .collect();
        s.notes = player.slide().map(|s| s.notes.clone()).unwrap_or_default();
        s.started = player.started.unwrap_or_else(|| ctx.input(|i| i.time));
        (std::mem::take(&mut s.requests), s.closed)
    };
    if closed {
        player.presenter = None;
        return;
    }
    let last = player.len().saturating_sub(1);
    if let Some(&index) = requests.last() {
        app.show_slide(index.min(last));
    }
    ctx.show_viewport_deferred(
        egui::ViewportId::from_hash_of("descent_presenter"),
        egui::ViewportBuilder::default()
            .with_title("descent — presenter")
            .with_inner_size([760.0, 560.0]),
        move |ui, class| {
            // Without native windows (tests, some backends) egui embeds the view in a window.
            if class == egui::ViewportClass::EmbeddedWindow {
                presenter_ui(ui, &shared);
            } else {
                egui::CentralPanel::default().show(ui, |ui| presenter_ui(ui, &shared));
            }
        },
    );
}

pub fn presenter_ui(ui: &mut egui::Ui, shared: &Shared) {
    let ctx = ui.ctx().clone();
    let mut s = shared.lock().unwrap_or_else(PoisonError::into_inner);
    if ctx.input(|i| i.viewport().close_requested()) {
        s.closed = true;
    }
    let total = s.titles.len();
    let last = total.saturating_sub(1);
    // The clicker may be talking to this window: forward its keys to the slides.
    let mut asked = None;
    ctx.input(|i| {
        if [Key::PageDown, Key::ArrowRight, Key::Space]
            .iter()
            .any(|k| i.key_pressed(*k))
        {
            asked = Some((s.current + 1).min(last));
        }
        if [Key::PageUp, Key::ArrowLeft]
            .iter()
            .any(|k| i.key_pressed(*k))
        {
            asked = Some(s.current.saturating_sub(1));
        }
    });
    let elapsed = ctx.input(|i| i.time) - s.started;
    {
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("slide {} / {total}", s.current + 1)).size(24.0));
            ui.separator();
            ui.label(
                RichText::new(format_elapsed(elapsed))
                    .size(24.0)
                    .monospace(),
            )
            .on_hover_text("Time since the lecture started");
        });
        let now = s.titles.get(s.current).map_or("", String::as_str);
        ui.label(RichText::new(now).size(28.0).strong());
        let next = s
            .titles
            .get(s.current + 1)
            .map_or("(last slide)", String::as_str);
        ui.label(RichText::new(format!("next: {next}")).size(20.0));
        ui.separator();
        ui.label(RichText::new("notes").weak());
        // Full-strength text: the teacher reads it at a glance, from a step away.
        egui::ScrollArea::vertical()
            .id_salt("presenter_notes")
            .max_height(ui.available_height() * 0.6)
            .show(ui, |ui| {
                ui.label(RichText::new(&s.notes).size(22.0).strong())
            });
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("presenter_slides")
            .show(ui, |ui| {
                for (i, title) in s.titles.iter().enumerate() {
                    let text = RichText::new(format!("{}. {title}", i + 1)).size(18.0);
                    if ui.selectable_label(i == s.current, text).clicked() {
                        asked = Some(i);
                    }
                }
            });
    }
    if let Some(index) = asked {
        s.requests.push(index);
        ctx.request_repaint_of(egui::ViewportId::ROOT);
    }
    // The clock ticks even when nothing else happens.
    ctx.request_repaint_after(std::time::Duration::from_secs(1));
}
