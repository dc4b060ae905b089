//! The 2-D map of "Guessing vs descent": the surface's colours, the 10×10 grid with the squares
//! the guesses hit, the guesses themselves, the best guess and the descent path.

use egui::Color32;
use egui_plot::{Legend, Line, MarkerShape, Plot, Points, Polygon};

use crate::core::search::RandomSearch;

use super::search_panel::{DESCENT_COLOR, RANDOM_COLOR, SEGMENTS};
use super::search_state::SearchState;

pub(super) fn map_ui(ui: &mut egui::Ui, s: &SearchState, texture: egui::TextureId) {
    let v = s.view;
    let k = s.k.min(s.random.samples.len());
    Plot::new("why_map")
        .legend(Legend::default().background_alpha(0.85))
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_grid(false)
        .default_x_bounds(v.x_min, v.x_max)
        .default_y_bounds(v.y_min, v.y_max)
        .set_margin_fraction(egui::Vec2::ZERO)
        .show(ui, |plot_ui| {
            crate::ui::heatmap::plot_heatmap(plot_ui, texture, &s.landscape.grid);
            let n = SEGMENTS as usize;
            let (dx, dy) = (v.width() / n as f64, v.height() / n as f64);
            for (index, _) in s.hit_cells().iter().enumerate().filter(|(_, h)| **h) {
                let (i, j) = ((index % n) as f64, (index / n) as f64);
                let (x0, y0) = (v.x_min + i * dx, v.y_min + j * dy);
                let corners = vec![[x0, y0], [x0 + dx, y0], [x0 + dx, y0 + dy], [x0, y0 + dy]];
                plot_ui.polygon(
                    Polygon::new("", corners)
                        .fill_color(Color32::from_white_alpha(60))
                        .stroke(egui::Stroke::NONE)
                        .allow_hover(false),
                );
            }
            for i in 0..=n {
                let x = v.x_min + i as f64 * dx;
                let y = v.y_min + i as f64 * dy;
                for pts in [
                    vec![[x, v.y_min], [x, v.y_max]],
                    vec![[v.x_min, y], [v.x_max, y]],
                ] {
                    plot_ui.line(
                        Line::new("", pts)
                            .color(Color32::from_white_alpha(150))
                            .width(1.0)
                            .allow_hover(false),
                    );
                }
            }
            plot_ui.points(
                Points::new("random guesses", s.random.samples[..k].to_vec())
                    .radius(3.0)
                    .filled(true)
                    .color(RANDOM_COLOR),
            );
            let path: Vec<[f64; 2]> = s.descent.points.iter().take(k).copied().collect();
            if let Some(&head) = path.last() {
                plot_ui.line(Line::new("", path.clone()).color(Color32::BLACK).width(5.0));
                plot_ui.line(
                    Line::new("gradient descent", path)
                        .color(DESCENT_COLOR)
                        .width(3.0),
                );
                plot_ui.points(
                    Points::new("", vec![head])
                        .radius(7.0)
                        .filled(true)
                        .color(DESCENT_COLOR)
                        .allow_hover(false),
                );
            }
            if let Some(best) = best_guess(&s.random, k) {
                plot_ui.points(
                    Points::new("best guess", vec![best])
                        .shape(MarkerShape::Diamond)
                        .radius(10.0)
                        .filled(true)
                        .color(crate::ui::palette::ORANGE),
                );
            }
        });
}

fn best_guess(r: &RandomSearch, k: usize) -> Option<[f64; 2]> {
    let best = r.best_after(k);
    let index = r.losses.iter().take(k).position(|&l| l == best)?;
    r.samples.get(index).copied()
}
