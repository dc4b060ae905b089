//! Exports for the classroom: the landscape race as an animated GIF or a PNG frame, and the
//! numbers behind it as CSV. Needs no window or GPU (no egui here), so the app's export button
//! and `descent export` produce the same files.

pub mod chart;
pub mod figures;
mod gif_writer;
pub mod handout;
mod layout;
mod lesson_figures;
mod raster;
mod render;
mod walk_ripple_figures;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context, bail};

use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder, ImageError};

use crate::core::lab::Lab;
use crate::core::surface::Point;
use crate::core::training::CurvePoint;
use gif_writer::GifWriter;
use render::Renderer;

/// Whether the bundled export font draws every character of `text` (labels use −, ✖ and the
/// optimizers' names; a missing glyph would print as a box in every exported frame).
pub fn font_covers(text: &str) -> bool {
    use ab_glyph::Font;
    layout::FONT.as_ref().is_some_and(|font| {
        text.chars()
            .all(|c| c.is_whitespace() || font.glyph_id(c).0 != 0)
    })
}

/// Frame sides accepted by the exports, in pixels.
pub const MIN_SIDE: u32 = 64;
pub const MAX_SIDE: u32 = 4096;
/// Frame counts accepted for a GIF.
pub const MIN_FRAMES: usize = 2;
pub const MAX_FRAMES: usize = 1000;
/// How long the finished race stays on screen before the GIF loops.
pub const HOLD_MS: u32 = 1500;
/// NeuQuant sampling factor (1 best … 30 fastest). The frames are a smooth colormap plus a few
/// flat colours, which 10 keeps clean while quantising 800×600 in a few tens of milliseconds.
const GIF_SPEED: i32 = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameStyle {
    pub width: u32,
    pub height: u32,
    /// Dark title bar and legend (the app's look); light for printing.
    pub dark: bool,
}

impl Default for FrameStyle {
    fn default() -> Self {
        Self {
            width: 800,
            height: 600,
            dark: true,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot encode the image: {0}")]
    Encode(String),
    #[error("bad frame size {0}")]
    BadSize(String),
    #[error("{0} frames is out of range: a GIF needs {MIN_FRAMES}..={MAX_FRAMES} frames")]
    BadFrames(usize),
    #[error("unknown export format {ext:?}: the file name must end in .gif, .png or .csv")]
    UnknownFormat { ext: String },
}

impl From<ImageError> for ExportError {
    fn from(e: ImageError) -> Self {
        match e {
            ImageError::IoError(io) => Self::Io(io),
            other => Self::Encode(other.to_string()),
        }
    }
}

/// What a file name asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Gif,
    Png,
    Csv,
}

impl Format {
    /// By extension, case-insensitively.
    pub fn from_path(path: &Path) -> Result<Self, ExportError> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "gif" => Ok(Self::Gif),
            "png" => Ok(Self::Png),
            "csv" => Ok(Self::Csv),
            _ => Err(ExportError::UnknownFormat { ext }),
        }
    }
}

/// Parses "WIDTHxHEIGHT" (e.g. "800x600") and checks both sides.
pub fn parse_size(text: &str) -> Result<(u32, u32), ExportError> {
    let bad = |why: String| ExportError::BadSize(format!("{text:?}: {why}"));
    let lower = text.trim().to_ascii_lowercase();
    let Some((w, h)) = lower.split_once('x') else {
        return Err(bad("expected WIDTHxHEIGHT, e.g. 800x600".into()));
    };
    let side = |s: &str| {
        s.trim()
            .parse::<u32>()
            .map_err(|_| bad(format!("{:?} is not a whole number of pixels", s.trim())))
    };
    let size = (side(w)?, side(h)?);
    check_size(size.0, size.1)?;
    Ok(size)
}

fn check_size(width: u32, height: u32) -> Result<(), ExportError> {
    let ok = |v: u32| (MIN_SIDE..=MAX_SIDE).contains(&v);
    if ok(width) && ok(height) {
        Ok(())
    } else {
        Err(ExportError::BadSize(format!(
            "{width}x{height}: each side must be {MIN_SIDE}..={MAX_SIDE} pixels"
        )))
    }
}

/// The race after `step` steps (clamped to the scene's `max_steps`).
pub fn render_frame(lab: &Lab, step: usize, style: &FrameStyle) -> image::RgbaImage {
    Renderer::new(lab, style).frame(step)
}

/// Where a point of the plane lands in a frame of this style (pixels from the top-left corner).
pub fn point_to_pixel(lab: &Lab, style: &FrameStyle, p: Point) -> [f32; 2] {
    layout::point_to_pixel(lab, style, p)
}

/// The step shown by frame `k` of `frames`: evenly spaced from 0 to `max_steps`, both included.
pub fn frame_step(k: usize, frames: usize, max_steps: usize) -> usize {
    if frames < 2 {
        return max_steps;
    }
    let t = k.min(frames - 1) as f64 / (frames - 1) as f64;
    (t * max_steps as f64).round() as usize
}

/// Delay per frame: about four seconds of race, at most 50 fps (browsers slow anything
/// faster down to 10 fps) and at least 10 fps.
fn frame_delay_ms(frames: usize) -> u32 {
    let ms = 4000 / frames.max(1) as u32;
    (ms.clamp(20, 100) / 10) * 10
}

/// The race as a looping GIF; `progress(done, total)` is called after each frame.
pub fn export_gif(
    lab: &Lab,
    frames: usize,
    style: &FrameStyle,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(), ExportError> {
    check_size(style.width, style.height)?;
    if !(MIN_FRAMES..=MAX_FRAMES).contains(&frames) {
        return Err(ExportError::BadFrames(frames));
    }
    let mut renderer = Renderer::new(lab, style);
    let max_steps = lab.state.max_steps;
    let (first, last) = (renderer.frame(0), renderer.frame(max_steps));
    let mut gif = GifWriter::new(
        out,
        style.width,
        style.height,
        &[&first, &last],
        &renderer.key_colors(),
        GIF_SPEED,
    )?;
    let step_ms = frame_delay_ms(frames);
    for k in 0..frames {
        let image = renderer.frame(frame_step(k, frames, max_steps));
        let ms = if k + 1 == frames { HOLD_MS } else { step_ms };
        gif.add(image, ms)?;
        progress(k + 1, frames);
    }
    gif.finish()
}

/// One frame as a PNG.
pub fn export_png(
    lab: &Lab,
    step: usize,
    style: &FrameStyle,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    check_size(style.width, style.height)?;
    let image = render_frame(lab, step, style);
    PngEncoder::new(out).write_image(
        image.as_raw(),
        image.width(),
        image.height(),
        ExtendedColorType::Rgba8,
    )?;
    Ok(())
}

/// Every enabled optimizer's full path: `optimizer,step,x,y,loss` (step 0 is the start).
pub fn trajectories_csv(lab: &Lab, out: &mut dyn Write) -> Result<(), ExportError> {
    writeln!(out, "optimizer,step,x,y,loss")?;
    for (entry, t) in lab.state.entries.iter().zip(&lab.trajectories) {
        let (true, Some(t)) = (entry.enabled, t) else {
            continue;
        };
        let name = entry.racer.kind.name();
        for (i, (p, loss)) in t.points.iter().zip(&t.losses).enumerate() {
            writeln!(out, "{name},{i},{},{},{loss}", p[0], p[1])?;
        }
    }
    Ok(())
}

/// The MNIST learning curve; validation cells are empty on points without an evaluation.
pub fn training_csv(curve: &[CurvePoint], out: &mut dyn Write) -> Result<(), ExportError> {
    writeln!(
        out,
        "epoch,examples_seen,train_loss,train_acc,val_loss,val_acc"
    )?;
    let cell = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for p in curve {
        writeln!(
            out,
            "{},{},{},{},{},{}",
            p.epoch_f,
            p.examples_seen,
            p.train_loss,
            p.train_acc,
            cell(p.val_loss),
            cell(p.val_acc)
        )?;
    }
    Ok(())
}

/// Writes through a temporary file renamed at the end, so a failed export leaves no half file.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), ExportError>,
) -> anyhow::Result<()> {
    let Some(name) = path.file_name() else {
        bail!("--out {} is not a file name", path.display());
    };
    let temp = path.with_file_name(format!(
        ".{}.{}.partial",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| -> anyhow::Result<()> {
        let file =
            File::create(&temp).with_context(|| format!("cannot create {}", temp.display()))?;
        let mut out = BufWriter::new(file);
        write(&mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&temp, path).with_context(|| format!("cannot write {}", path.display()))?;
        Ok(())
    })();
    if result.is_err() {
        // Best effort: the temporary may not even exist if creating it failed.
        let _ = std::fs::remove_file(&temp);
    }
    result
}
