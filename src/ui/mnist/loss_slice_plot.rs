//! Drawing a loss slice: the 2-D heatmap with contour lines (the landscape tab's style), the
//! current weights and the training paths on it, or loss and accuracy along 1-D lines.

use egui::Color32;
use egui_plot::{Corner, Legend, Line, LineStyle, Plot, PlotPoint, Points, Text, VLine};

use crate::core::contour::{Grid, Isoline};
use crate::core::loss_slice::{Line1d, Slice2d, SliceView};
use crate::ui::heatmap::{HeatmapTexture, plot_heatmap};

use super::loss_slice_view::LossSliceState;

const PATH: Color32 = crate::ui::palette::ORANGE;
const PREVIOUS: Color32 = crate::ui::palette::PURPLE;
const RANDOM: Color32 = crate::ui::palette::SKY_BLUE;

/// The heatmap texture and isolines of the slice shown, rebuilt when a new one arrives.
#[derive(Default)]
pub struct PlotCache {
    /// Keyed by the slice's version.
    heatmap: HeatmapTexture<u64>,
    isolines: Vec<Isoline>,
}

impl PlotCache {
    /// The slice's heatmap (`grid` is its loss grid); its colours and isolines are computed
    /// only for a new slice.
    fn texture(
        &mut self,
        ctx: &egui::Context,
        slice: &Slice2d,
        grid: &Grid,
        version: u64,
    ) -> egui::TextureId {
        let isolines = &mut self.isolines;
        self.heatmap.id(ctx, "loss_slice", grid, version, || {
            let landscape = slice.contour_map();
            *isolines = landscape.isolines;
            landscape.rgba
        })
    }
}

pub fn plot_ui(ui: &mut egui::Ui, state: &mut LossSliceState) {
    let Some(view) = state.view.clone() else {
        ui.label("The loss landscape appears here once a slice has been computed.");
        return;
    };
    match &*view {
        SliceView::Plane {
            slice,
            paths,
            explained,
        } => {
            let grid = slice.loss_grid();
            let texture = state.plot.texture(ui.ctx(), slice, &grid, state.version);
            let (x_label, y_label) = match explained {
                Some([a, b]) => (
                    format!("PC1 ({:.0}% of the path's variance)", a * 100.0),
                    format!("PC2 ({:.0}%)", b * 100.0),
                ),
                None => (
                    "α (random direction 1)".into(),
                    "β (random direction 2)".into(),
                ),
            };
            let centre = slice_value_at_origin(slice);
            let (lowest, highest) = grid.min_max();
            ui.label(
                egui::RichText::new(format!(
                    "validation loss: {} at the current weights · {lowest:.3} to {highest:.3} on this slice (dark = low)",
                    centre.unwrap_or_else(|| "—".into()),
                ))
                .strong(),
            );
            let cache = &state.plot;
            let height = (ui.available_height() - 6.0).max(180.0);
            Plot::new("slice_plane")
                .height(height)
                .x_axis_label(x_label)
                .y_axis_label(y_label)
                .show_grid(false)
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .allow_boxed_zoom(false)
                .set_margin_fraction(egui::Vec2::ZERO)
                .legend(
                    Legend::default()
                        .position(Corner::RightTop)
                        .background_alpha(0.85),
                )
                .show(ui, |plot_ui| {
                    plot_heatmap(plot_ui, texture, &grid);
                    for iso in &cache.isolines {
                        for line in &iso.lines {
                            plot_ui.line(
                                Line::new("", line.clone())
                                    .color(Color32::from_white_alpha(130))
                                    .width(1.5)
                                    .allow_hover(false),
                            );
                        }
                    }
                    let names = ["this run", "previous run"];
                    for (k, path) in paths.iter().enumerate() {
                        let color = if k == 0 { PATH } else { PREVIOUS };
                        let pts = path.clone();
                        plot_ui.line(
                            Line::new("", pts.clone())
                                .color(Color32::from_black_alpha(200))
                                .width(5.5)
                                .allow_hover(false),
                        );
                        let line = Line::new(names[k.min(1)], pts.clone())
                            .color(color)
                            .width(3.0);
                        let line = if k > 0 {
                            line.style(LineStyle::dashed_loose())
                        } else {
                            line
                        };
                        plot_ui.line(line);
                        if let Some(first) = pts.first() {
                            marker(plot_ui, *first, color, "initial   ");
                        }
                    }
                    marker(plot_ui, [0.0, 0.0], Color32::WHITE, "current weights   ");
                });
        }
        SliceView::Lines {
            random,
            interpolation,
        } => lines_ui(ui, random, interpolation.as_ref()),
    }
}

fn marker(plot_ui: &mut egui_plot::PlotUi<'_>, at: [f64; 2], color: Color32, label: &str) {
    plot_ui.points(
        Points::new("", vec![at])
            .radius(9.0)
            .filled(true)
            .color(Color32::BLACK)
            .allow_hover(false),
    );
    plot_ui.points(
        Points::new("", vec![at])
            .radius(6.0)
            .filled(true)
            .color(color)
            .allow_hover(false),
    );
    plot_ui.text(
        Text::new(
            "",
            PlotPoint::new(at[0], at[1]),
            egui::RichText::new(label).size(17.0).strong(),
        )
        .anchor(egui::Align2::RIGHT_BOTTOM)
        .color(Color32::WHITE),
    );
}

/// The loss at the grid point nearest the current weights, marked "≈" when not exactly there.
fn slice_value_at_origin(slice: &Slice2d) -> Option<String> {
    let (loss, exact) = slice.loss_near_origin()?;
    Some(format!("{}{loss:.3}", if exact { "" } else { "≈" }))
}

fn lines_ui(ui: &mut egui::Ui, random: &Line1d, interpolation: Option<&Line1d>) {
    ui.label(
        egui::RichText::new(
            "Orange: from the initial weights (α = 0) to the current ones (α = 1) and beyond. \
             Blue: a random direction through the current weights (α = 0).",
        )
        .strong(),
    );
    let height = (ui.available_height() - 6.0).max(160.0);
    let width = (ui.available_width() / 2.0 - 8.0).max(160.0);
    ui.horizontal(|ui| {
        for (title, pick) in [("loss", 0usize), ("accuracy", 1)] {
            let values = |l: &Line1d| -> Vec<[f64; 2]> {
                let ys = if pick == 0 { &l.loss } else { &l.acc };
                l.alphas.iter().zip(ys).map(|(&a, &y)| [a, y]).collect()
            };
            Plot::new(("slice_lines", pick))
                .width(width)
                .height(height)
                .x_axis_label("α")
                .y_axis_label(format!("validation {title}"))
                .legend(
                    Legend::default()
                        .position(Corner::LeftTop)
                        .background_alpha(0.85),
                )
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .show(ui, |plot_ui| {
                    if let Some(l) = interpolation {
                        plot_ui.line(
                            Line::new("initial → current", values(l))
                                .color(PATH)
                                .width(3.0),
                        );
                        plot_ui.vline(VLine::new("", 1.0).color(Color32::from_white_alpha(60)));
                    }
                    plot_ui.line(
                        Line::new("random direction", values(random))
                            .color(RANDOM)
                            .width(3.0),
                    );
                    plot_ui.vline(VLine::new("", 0.0).color(Color32::from_white_alpha(60)));
                });
        }
    });
}
