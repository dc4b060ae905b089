//! What the app needs from each of its top-level tabs, so the top bar, the number keys and the
//! per-frame calls come from one registration list (`app::Tab::ALL` and `App::tab_mut`) rather
//! than from a hand-written match in each place.

/// A top-level tab, implemented by the tab's view. A new tab is its view implementing this, a
/// variant in `app::Tab` and one line in each of `Tab::ALL` and `App::tab_mut`.
pub trait AppTab {
    /// The label on the tab's button in the top bar.
    fn label(&self) -> &'static str;
    /// The tab button's tooltip; the top bar adds the tab's number key.
    fn hint(&self) -> &'static str;
    /// Runs every frame for every tab, shown or not (an animation, a background job), with the
    /// frame's duration.
    fn logic(&mut self, _ctx: &egui::Context, _dt_secs: f64) {}
    /// The tab's own keys, while it is shown and no text field has the focus.
    fn shortcuts(&mut self, _ctx: &egui::Context) {}
    /// The whole tab: its panels and figures.
    fn ui(&mut self, ui: &mut egui::Ui);
}
