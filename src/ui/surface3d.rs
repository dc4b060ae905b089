//! The loss surface as a shaded 3-D mesh, drawn with egui's painter (no GPU code), with the
//! racing paths riding on it in sync with the contour view. Drag to rotate, scroll to zoom.

use egui::{Color32, Mesh, Pos2, Rect, Sense, Shape, Stroke, Vec2, pos2};

use crate::core::lab::Lab;

use super::{PathStyle, color32, outline_color};

/// Mesh resolution per axis (subsampled from the contour grid).
const MESH_CELLS: usize = 48;
/// Height of the surface relative to its width.
const HEIGHT_SCALE: f32 = 0.8;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    pub yaw: f32,
    pub pitch: f32,
    pub zoom: f32,
}

/// The shaded mesh only changes with the landscape, the camera or the panel size, so it is
/// built once and reused: rebuilding and depth-sorting it every frame cost ~4 ms.
#[derive(Default)]
pub struct MeshCache {
    key: Option<(u64, [f32; 3], Rect)>,
    mesh: std::sync::Arc<Mesh>,
}

impl MeshCache {
    /// The landscape version the cached mesh was built from.
    pub fn landscape_version(&self) -> Option<u64> {
        self.key.map(|k| k.0)
    }
}

impl Default for Camera {
    fn default() -> Self {
        Self {
            yaw: -0.6,
            pitch: 0.6,
            zoom: 1.0,
        }
    }
}

/// Orthographic projection of normalised coordinates (x, y ∈ [−1, 1], z ∈ [0, 1]).
struct Projector {
    camera: Camera,
    center: Pos2,
    scale: f32,
}

impl Projector {
    fn rotate(&self, p: [f32; 3]) -> (f32, f32, f32) {
        let (s, c) = self.camera.yaw.sin_cos();
        let x = p[0] * c - p[1] * s;
        let y = p[0] * s + p[1] * c;
        let z = (p[2] - 0.5) * HEIGHT_SCALE;
        let (sp, cp) = self.camera.pitch.sin_cos();
        let up = y * sp + z * cp;
        let toward_viewer = -y * cp + z * sp;
        (x, up, toward_viewer)
    }

    fn screen(&self, p: [f32; 3]) -> Pos2 {
        let (x, up, _) = self.rotate(p);
        pos2(
            self.center.x + x * self.scale,
            self.center.y - up * self.scale,
        )
    }

    fn depth(&self, p: [f32; 3]) -> f32 {
        self.rotate(p).2
    }
}

pub fn surface3d_ui(
    ui: &mut egui::Ui,
    lab: &Lab,
    camera: &mut Camera,
    cache: &mut MeshCache,
    style: PathStyle,
) {
    let size = ui.available_size();
    let (response, painter) = ui.allocate_painter(size, Sense::drag());
    if response.dragged() {
        let d = response.drag_delta();
        camera.yaw -= d.x * 0.01;
        camera.pitch = (camera.pitch + d.y * 0.01).clamp(0.05, 1.55);
    }
    if response.hovered() {
        let scroll = ui.input(|i| i.smooth_scroll_delta.y);
        camera.zoom = (camera.zoom * (scroll * 0.002).exp()).clamp(0.3, 4.0);
    }
    let rect = response.rect;
    painter.rect_filled(rect, 0.0, ui.visuals().extreme_bg_color);
    let projector = Projector {
        camera: *camera,
        center: rect.center(),
        scale: 0.36 * rect.width().min(rect.height() * 1.3) * camera.zoom,
    };
    let key = (
        lab.landscape_version,
        [camera.yaw, camera.pitch, camera.zoom],
        rect,
    );
    if cache.key != Some(key) {
        cache.mesh = std::sync::Arc::new(surface_mesh(lab, &projector));
        cache.key = Some(key);
    }
    painter.add(Shape::Mesh(cache.mesh.clone()));
    if !style.hidden {
        draw_paths(&painter, lab, &projector, rect, style.width_scale);
    }
    painter.text(
        rect.left_top() + Vec2::splat(6.0),
        egui::Align2::LEFT_TOP,
        "drag to rotate · scroll to zoom",
        egui::FontId::proportional(14.0),
        ui.visuals().weak_text_color(),
    );
}

/// Normalised height of a loss value (log-scaled like the heatmap when the surface needs it).
fn height(lab: &Lab, value: f64) -> f32 {
    lab.landscape.scale.normalise(value) as f32
}

fn surface_mesh(lab: &Lab, projector: &Projector) -> Mesh {
    let grid = &lab.landscape.grid;
    let cells = MESH_CELLS
        .min(grid.nx.saturating_sub(1))
        .min(grid.ny.saturating_sub(1))
        .max(1);
    let value = |i: usize, j: usize| -> f64 {
        let gi = i * (grid.nx - 1) / cells;
        let gj = j * (grid.ny - 1) / cells;
        grid.values
            .get(gj * grid.nx + gi)
            .copied()
            .unwrap_or(f64::NAN)
    };
    let sample = |i: usize, j: usize| -> [f32; 3] {
        let v = value(i, j);
        let x = 2.0 * i as f32 / cells as f32 - 1.0;
        let y = 2.0 * j as f32 / cells as f32 - 1.0;
        [x, y, height(lab, v)]
    };
    let light = normalize([-0.4, -0.5, 0.8]);
    let mut quads: Vec<(f32, [[f32; 3]; 4], Color32)> = Vec::with_capacity(cells * cells);
    for j in 0..cells {
        for i in 0..cells {
            // Where f is undefined or infinite the surface has a hole, as on the heatmap.
            let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
            if corners.iter().any(|&(a, b)| !value(a, b).is_finite()) {
                continue;
            }
            let q = [
                sample(i, j),
                sample(i + 1, j),
                sample(i + 1, j + 1),
                sample(i, j + 1),
            ];
            let mean_t = q.iter().map(|p| p[2]).sum::<f32>() / 4.0;
            let n = normalize(cross(sub(q[1], q[0]), sub(q[3], q[0])));
            let lambert = dot(n, light).abs();
            let base = lab.landscape.scale.rgb_at(f64::from(mean_t));
            let shade = 0.45 + 0.55 * lambert;
            let color = Color32::from_rgb(
                (f32::from(base[0]) * shade) as u8,
                (f32::from(base[1]) * shade) as u8,
                (f32::from(base[2]) * shade) as u8,
            );
            let center = [(q[0][0] + q[2][0]) / 2.0, (q[0][1] + q[2][1]) / 2.0, mean_t];
            quads.push((projector.depth(center), q, color));
        }
    }
    // Painter's algorithm: far quads first.
    quads.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut mesh = Mesh::default();
    for (_, q, color) in quads {
        let base = mesh.vertices.len() as u32;
        for p in q {
            mesh.colored_vertex(projector.screen(p), color);
        }
        mesh.add_triangle(base, base + 1, base + 2);
        mesh.add_triangle(base, base + 2, base + 3);
    }
    mesh
}

fn draw_paths(
    painter: &egui::Painter,
    lab: &Lab,
    projector: &Projector,
    rect: Rect,
    width_scale: f32,
) {
    let v = lab.landscape.grid.view;
    let to_unit = |p: [f64; 2]| -> Option<[f32; 2]> {
        let x = 2.0 * (p[0] - v.x_min) / v.width() - 1.0;
        let y = 2.0 * (p[1] - v.y_min) / v.height() - 1.0;
        ((-1.0..=1.0).contains(&x) && (-1.0..=1.0).contains(&y)).then_some([x as f32, y as f32])
    };
    // Lift paths slightly so they are not hidden inside the surface they ride on.
    let lift = 0.02;
    for (entry, t) in lab.state.entries.iter().zip(&lab.trajectories) {
        let Some(t) = t else { continue };
        let shown = (lab.state.step + 1).min(t.points.len());
        let mut segment: Vec<Pos2> = Vec::new();
        let mut segments: Vec<Vec<Pos2>> = Vec::new();
        for (p, &loss) in t.points.iter().zip(&t.losses).take(shown) {
            match to_unit(*p) {
                Some([x, y]) => segment.push(projector.screen([x, y, height(lab, loss) + lift])),
                None => segments.push(std::mem::take(&mut segment)),
            }
        }
        segments.push(segment);
        let color = color32(entry.color);
        for s in segments.into_iter().filter(|s| s.len() > 1) {
            painter.add(Shape::line(
                s.clone(),
                Stroke::new(5.0 * width_scale, outline_color(entry.color)),
            ));
            painter.add(Shape::line(s, Stroke::new(3.0 * width_scale, color)));
        }
        let head = t.point_at(lab.state.step);
        if let Some([x, y]) = to_unit(head) {
            let pos = projector.screen([x, y, height(lab, t.loss_at(lab.state.step)) + lift]);
            if rect.contains(pos) {
                painter.circle(
                    pos,
                    7.0,
                    color,
                    Stroke::new(2.0, outline_color(entry.color)),
                );
            }
        }
    }
}

fn sub(a: [f32; 3], b: [f32; 3]) -> [f32; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

fn cross(a: [f32; 3], b: [f32; 3]) -> [f32; 3] {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

fn dot(a: [f32; 3], b: [f32; 3]) -> f32 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn normalize(a: [f32; 3]) -> [f32; 3] {
    let n = dot(a, a).sqrt();
    if n > 0.0 {
        [a[0] / n, a[1] / n, a[2] / n]
    } else {
        [0.0, 0.0, 1.0]
    }
}
