//! Heatmaps: one texture cache and one way to place the image in a plot, for every map (the
//! landscape, the lessons' maps, the MNIST loss slice).

use std::sync::Arc;

use egui::{TextureHandle, TextureId, TextureOptions};
use egui_plot::{PlotImage, PlotPoint, PlotUi};

use crate::core::contour::Grid;

/// A heatmap's texture, uploaded again only when its key (whatever the picture shows: a
/// version number, a lit disc…) changes.
pub struct HeatmapTexture<K> {
    texture: Option<TextureHandle>,
    /// The pixels last uploaded (shared with the texture, not a copy).
    image: Option<Arc<egui::ColorImage>>,
    key: Option<K>,
}

impl<K> Default for HeatmapTexture<K> {
    fn default() -> Self {
        Self {
            texture: None,
            image: None,
            key: None,
        }
    }
}

impl<K: PartialEq> HeatmapTexture<K> {
    /// The texture showing `key`; `rgba` (row-major, `grid.nx` × `grid.ny`) is asked for only
    /// when the key changed.
    pub fn id(
        &mut self,
        ctx: &egui::Context,
        name: &str,
        grid: &Grid,
        key: K,
        rgba: impl FnOnce() -> Vec<u8>,
    ) -> TextureId {
        if self.texture.is_none() || self.key.as_ref() != Some(&key) {
            let image = Arc::new(egui::ColorImage::from_rgba_unmultiplied(
                [grid.nx, grid.ny],
                &rgba(),
            ));
            self.image = Some(image.clone());
            match &mut self.texture {
                Some(t) => t.set(image, TextureOptions::LINEAR),
                None => self.texture = Some(ctx.load_texture(name, image, TextureOptions::LINEAR)),
            }
            self.key = Some(key);
        }
        self.texture.as_ref().map(|t| t.id()).unwrap_or_default()
    }

    /// The pixels being drawn (first row first), once they have been uploaded.
    pub fn drawn(&self) -> Option<&egui::ColorImage> {
        self.image.as_deref()
    }
}

/// Draws the heatmap with each pixel centred on its grid sample.
pub fn plot_heatmap(plot_ui: &mut PlotUi<'_>, texture: TextureId, grid: &Grid) {
    let b = grid.pixel_bounds();
    let center = PlotPoint::new((b.x_min + b.x_max) / 2.0, (b.y_min + b.y_max) / 2.0);
    let size = egui::vec2(b.width() as f32, b.height() as f32);
    plot_ui.image(PlotImage::new("", texture, center, size));
}
