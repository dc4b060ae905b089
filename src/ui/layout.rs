//! Projector-first layout (#17): side panels sized by the window, and the rects tests check
//! (the tab's figure area and its controls panel), recorded each frame.

use egui::{Context, Id, Rect};

fn figure_id() -> Id {
    Id::unique("descent_figure_rect")
}

fn controls_id() -> Id {
    Id::unique("descent_controls_rect")
}

/// Forgets last frame's rects: a tab that draws no side panel must not inherit one.
pub fn begin_frame(ctx: &Context) {
    ctx.data_mut(|d| {
        d.remove::<Rect>(figure_id());
        d.remove::<Rect>(controls_id());
    });
}

/// Records where the tab's figures are drawn this frame.
pub fn record_figure(ctx: &Context, rect: Rect) {
    ctx.data_mut(|d| d.insert_temp(figure_id(), rect));
}

/// Records the side panel holding the tab's controls this frame.
pub fn record_controls(ctx: &Context, rect: Rect) {
    ctx.data_mut(|d| d.insert_temp(controls_id(), rect));
}

pub fn figure_rect(ctx: &Context) -> Option<Rect> {
    ctx.data(|d| d.get_temp(figure_id()))
}

pub fn controls_rect(ctx: &Context) -> Option<Rect> {
    ctx.data(|d| d.get_temp(controls_id()))
}

/// A side panel's default width: at most 40% of the window, so the figures keep the rest.
pub fn side_panel_width(ctx: &Context, preferred: f32) -> f32 {
    let width = ctx.content_rect().width();
    preferred.min(width * 0.4).max(240.0)
}

/// Below this width (in points) the side panel starts hidden, so the figures get the window.
pub const NARROW: f32 = 900.0;

fn shown_id() -> Id {
    Id::unique("descent_controls_shown")
}

/// Whether the tabs' side panels are shown: as the teacher chose with "☰ controls", or else
/// shown unless the window is narrow.
pub fn controls_shown(ctx: &Context) -> bool {
    ctx.data(|d| d.get_temp::<bool>(shown_id()))
        .unwrap_or_else(|| ctx.content_rect().width() >= NARROW)
}

pub fn set_controls_shown(ctx: &Context, shown: bool) {
    ctx.data_mut(|d| d.insert_temp(shown_id(), shown));
}

/// The tab's controls in a resizable left panel that scrolls vertically, or nothing while the
/// teacher has hidden them. Records the panel's rect for the layout tests.
pub fn side_panel(
    ui: &mut egui::Ui,
    id: &'static str,
    preferred: f32,
    add_contents: impl FnOnce(&mut egui::Ui),
) {
    if !controls_shown(ui.ctx()) {
        return;
    }
    let width = side_panel_width(ui.ctx(), preferred);
    let panel = egui::Panel::left(id)
        .resizable(true)
        .default_size(width)
        .show(ui, |ui| {
            // Sliders share the panel's width with their value box and label.
            ui.spacing_mut().slider_width = (ui.available_width() * 0.4).clamp(80.0, 160.0);
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, add_contents);
        });
    record_controls(ui.ctx(), panel.response.rect);
}

/// Draws `add_contents` with the side panels hidden (a figure slide), then restores the
/// teacher's own choice.
pub fn without_controls(ui: &mut egui::Ui, add_contents: impl FnOnce(&mut egui::Ui)) {
    let ctx = ui.ctx().clone();
    let chosen = ctx.data(|d| d.get_temp::<bool>(shown_id()));
    set_controls_shown(&ctx, false);
    add_contents(ui);
    ctx.data_mut(|d| match chosen {
        Some(shown) => {
            d.insert_temp(shown_id(), shown);
        }
        None => d.remove::<bool>(shown_id()),
    });
}

/// Back to the default for the window's width (tests start each view as the app opens).
pub fn forget_controls_choice(ctx: &Context) {
    ctx.data_mut(|d| d.remove::<bool>(shown_id()));
}

/// Share of the screen a first-time window takes (#17: 1280×800 was small on a 1080p screen).
const FIRST_WINDOW_SHARE: f32 = 0.9;

/// On the first start (no saved window), resizes the window to 90% of the screen and centres
/// it. Returns false until the screen's size is known; later starts restore the saved size.
pub fn size_first_window(ctx: &Context) -> bool {
    let Some(monitor) = ctx.input(|i| i.viewport().monitor_size) else {
        return false;
    };
    if monitor.x < 100.0 || monitor.y < 100.0 {
        return false;
    }
    // egui-winit reports the monitor in points of the native scale, but sizes and positions
    // commands in points of the zoomed scale: without this the window came out 1.25× too big
    // (1152×864 on a 1024×768 screen at the default zoom).
    let monitor = monitor / ctx.zoom_factor();
    let size = monitor * FIRST_WINDOW_SHARE;
    ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(size));
    ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(
        ((monitor - size) * 0.5).to_pos2(),
    ));
    true
}
