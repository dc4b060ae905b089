//! The climber's map: dark but for the lit disc around the climber (colours and contour lines
//! only there), the chosen direction and the next step, the slope arrow; with the lights on,
//! the whole map, the walk taken and gradient descent's walk from the same start.

use egui::Color32;
use egui_plot::{Line, MarkerShape, PlotUi, Points};

use crate::core::climber::clip_to_disc;
use crate::core::surface::Point;

use super::climber_panel::{DESCENT_COLOR, SLOPE_COLOR, WALK_COLOR};
use super::climber_state::ClimberState;

pub(super) fn map_ui(ui: &mut egui::Ui, s: &mut ClimberState, texture: egui::TextureId) {
    let v = s.climb.view;
    let response = crate::ui::contour_plot::fixed_plot("why_climber_map", v)
        .show_grid(false)
        .show_axes(false)
        .show(ui, |plot_ui| {
            crate::ui::heatmap::plot_heatmap(plot_ui, texture, &s.landscape.grid);
            draw_contours(plot_ui, s);
            if s.lights_on {
                draw_walks(plot_ui, s);
            } else {
                draw_rim(plot_ui, s);
                draw_aim(plot_ui, s);
            }
            if s.show_slope {
                draw_slope(plot_ui, s);
            }
            draw_climber(plot_ui, s.climb.position());
        });
    let r = &response.response;
    if r.clicked()
        && let Some(pos) = r.interact_pointer_pos()
    {
        let p = response.transform.value_from_position(pos);
        s.aim_at([p.x, p.y]);
    }
    s.transform = Some(response.transform);
}

fn line(points: Vec<Point>, color: Color32, width: f32) -> Line<'static> {
    Line::new("", points)
        .color(color)
        .width(width)
        .allow_hover(false)
}

fn draw_contours(plot_ui: &mut PlotUi<'_>, s: &ClimberState) {
    let (centre, radius) = (s.climb.position(), s.climb.lit_radius);
    for iso in &s.landscape.isolines {
        let lines = if s.lights_on {
            iso.lines.clone()
        } else {
            clip_to_disc(&iso.lines, centre, radius)
        };
        for l in lines {
            plot_ui.line(line(l, Color32::from_white_alpha(110), 1.0));
        }
    }
}

fn circle(centre: Point, radius: f64) -> Vec<Point> {
    (0..=96)
        .map(|i| {
            let a = i as f64 / 96.0 * std::f64::consts::TAU;
            [centre[0] + radius * a.cos(), centre[1] + radius * a.sin()]
        })
        .collect()
}

/// The edge of the light: the ring the class clicks on.
fn draw_rim(plot_ui: &mut PlotUi<'_>, s: &ClimberState) {
    let ring = circle(s.climb.position(), s.climb.lit_radius);
    plot_ui.line(line(ring, crate::ui::palette::YELLOW, 2.5));
}

/// The chosen direction out to the rim, and a hollow ring where the next step lands.
fn draw_aim(plot_ui: &mut PlotUi<'_>, s: &ClimberState) {
    let Some(d) = s.aim else { return };
    let p = s.climb.position();
    let r = s.climb.lit_radius;
    plot_ui.line(line(
        vec![p, [p[0] + r * d[0], p[1] + r * d[1]]],
        Color32::WHITE,
        2.0,
    ));
    let next = [p[0] + s.step_length * d[0], p[1] + s.step_length * d[1]];
    plot_ui.points(
        Points::new("", vec![next])
            .shape(MarkerShape::Circle)
            .radius(8.0)
            .filled(false)
            .color(Color32::WHITE)
            .allow_hover(false),
    );
}

/// −∇f at the climber, as long as 90% of the lit radius: its direction is the point, the
/// readout gives its size. Drawn as thick lines (egui_plot's arrows are hairlines).
fn draw_slope(plot_ui: &mut PlotUi<'_>, s: &ClimberState) {
    let Some(d) = s.downhill() else { return };
    let p = s.climb.position();
    let length = 0.9 * s.climb.lit_radius;
    let tip = [p[0] + length * d[0], p[1] + length * d[1]];
    let barb = |turn: f64| {
        let (sin, cos) = turn.sin_cos();
        let b = [d[0] * cos - d[1] * sin, d[0] * sin + d[1] * cos];
        [tip[0] - 0.3 * length * b[0], tip[1] - 0.3 * length * b[1]]
    };
    let arrow = vec![vec![p, tip], vec![barb(0.5), tip, barb(-0.5)]];
    for (color, width) in [(Color32::BLACK, 7.0), (SLOPE_COLOR, 4.0)] {
        for part in &arrow {
            plot_ui.line(line(part.clone(), color, width));
        }
    }
}

fn draw_walks(plot_ui: &mut PlotUi<'_>, s: &ClimberState) {
    for (path, color) in [
        (s.descent_path(), DESCENT_COLOR),
        (s.climb.path.clone(), WALK_COLOR),
    ] {
        plot_ui.line(line(path.clone(), Color32::BLACK, 6.0));
        plot_ui.line(line(path.clone(), color, 3.5));
        if let Some(&end) = path.last() {
            plot_ui.points(
                Points::new("", vec![end])
                    .radius(6.0)
                    .filled(true)
                    .color(color)
                    .allow_hover(false),
            );
        }
    }
    let start = s.climb.start();
    plot_ui.points(
        Points::new("", vec![start])
            .shape(MarkerShape::Square)
            .radius(7.0)
            .filled(true)
            .color(Color32::WHITE)
            .allow_hover(false),
    );
}

fn draw_climber(plot_ui: &mut PlotUi<'_>, p: Point) {
    crate::ui::contour_plot::ringed_dot(plot_ui, p);
}
