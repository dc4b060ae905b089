//! The candidate-lines lesson's state: the data, the line being tried, the MSE landscape over
//! (m, b) and its texture, and where the two plots were last drawn (tests aim drags with them).

use egui_plot::PlotTransform;

use crate::core::candidate_lines::{CandidateLine, PARAM_VIEW, Preset};
use crate::core::contour::ContourMap;
use crate::core::regression::Regression;
use crate::core::surface::Surface;
use crate::ui::heatmap::HeatmapTexture;

/// Samples per side of the MSE landscape.
const GRID: usize = 160;

pub struct LinesState {
    pub data: Regression,
    pub line: CandidateLine,
    /// The preset last chosen, until the line is moved by hand.
    pub preset: Option<Preset>,
    pub(super) landscape: ContourMap,
    /// The MSE map never changes: one upload.
    texture: HeatmapTexture<()>,
    /// The data plot's screen↔plot transform, last frame.
    pub line_transform: Option<PlotTransform>,
    /// The contour plot's screen↔plot transform, last frame.
    pub contour_transform: Option<PlotTransform>,
}

impl Default for LinesState {
    fn default() -> Self {
        let data = Regression::chapter_default();
        let landscape = ContourMap::compute(&Surface::Regression(data.clone()), PARAM_VIEW, GRID);
        Self {
            data,
            line: Preset::Poor.line(),
            preset: Some(Preset::Poor),
            landscape,
            texture: HeatmapTexture::default(),
            line_transform: None,
            contour_transform: None,
        }
    }
}

impl LinesState {
    /// The number on screen: this line's mean squared error on the data.
    pub fn mse(&self) -> f64 {
        self.line.mse(&self.data)
    }

    /// The least-squares line, the bottom of the landscape.
    pub fn ols(&self) -> Option<CandidateLine> {
        self.data.ols().map(|[m, b]| CandidateLine::new(m, b))
    }

    /// Moves the line by hand; (m, b) stays on the contour plot.
    pub fn set_line(&mut self, line: CandidateLine) {
        self.line = line.clamped(PARAM_VIEW);
        self.preset = None;
    }

    pub fn choose(&mut self, preset: Preset) {
        self.line = preset.line();
        self.preset = Some(preset);
    }

    pub(super) fn texture(&mut self, ctx: &egui::Context) -> egui::TextureId {
        let landscape = &self.landscape;
        self.texture
            .id(ctx, "candidate_lines_mse", &landscape.grid, (), || {
                landscape.rgba.clone()
            })
    }
}
