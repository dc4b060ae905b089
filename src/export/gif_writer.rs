//! Animated GIF with one global palette and frames that carry only what changed.
//!
//! image's `GifEncoder` quantises every frame on its own and clears the canvas between frames,
//! so each 800×600 frame of the race is stored in full (~130 kB). Here the palette is learnt
//! once from the first and last frames (which between them hold every colour the race shows),
//! with the optimizers' own colours reserved exactly (NeuQuant alone merges small areas of
//! similar colour, such as the orange and vermillion paths), and each later frame stores the rectangle that differs from the one before, with unchanged
//! pixels transparent, so the unchanging heatmap is encoded once.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;

use color_quant::NeuQuant;
use gif::{DisposalMethod, Encoder, Frame, Repeat};
use image::RgbaImage;

use super::ExportError;

/// The palette index that means "keep the pixel shown before".
const TRANSPARENT: u8 = 255;

fn encode_error(e: gif::EncodingError) -> ExportError {
    match e {
        gif::EncodingError::Io(io) => ExportError::Io(io),
        other => ExportError::Encode(other.to_string()),
    }
}

fn dimension(v: u32) -> Result<u16, ExportError> {
    u16::try_from(v).map_err(|_| ExportError::BadSize(format!("{v} pixels is too large for a GIF")))
}

pub(super) struct GifWriter<'w> {
    encoder: Encoder<&'w mut dyn Write>,
    quant: NeuQuant,
    /// Colours that must come out exactly: palette indices 0..exact.len().
    exact: Vec<[u8; 3]>,
    /// Colour → palette index, since most colours recur in every frame.
    cache: HashMap<[u8; 3], u8>,
    previous: Option<RgbaImage>,
}

impl<'w> GifWriter<'w> {
    /// `samples` are images holding every colour the animation will show; `exact` are colours
    /// to keep unchanged (at most 64 are used).
    pub(super) fn new(
        out: &'w mut dyn Write,
        width: u32,
        height: u32,
        samples: &[&RgbaImage],
        exact: &[[u8; 3]],
        speed: i32,
    ) -> Result<Self, ExportError> {
        let mut exact = exact.to_vec();
        exact.sort_unstable();
        exact.dedup();
        exact.truncate(64);
        let pixels: Vec<u8> = samples
            .iter()
            .flat_map(|s| s.as_raw().iter().copied())
            .collect();
        // The last index is kept for transparency.
        let quant = NeuQuant::new(speed.clamp(1, 30), 255 - exact.len(), &pixels);
        let mut palette: Vec<u8> = exact.concat();
        palette.extend(quant.color_map_rgb());
        palette.resize(256 * 3, 0);
        let mut encoder = Encoder::new(out, dimension(width)?, dimension(height)?, &palette)
            .map_err(encode_error)?;
        encoder.set_repeat(Repeat::Infinite).map_err(encode_error)?;
        Ok(Self {
            encoder,
            quant,
            exact,
            cache: HashMap::new(),
            previous: None,
        })
    }

    fn index(&mut self, px: [u8; 4]) -> u8 {
        let rgb = [px[0], px[1], px[2]];
        let (quant, exact) = (&self.quant, &self.exact);
        *self.cache.entry(rgb).or_insert_with(|| {
            let distance = |c: [u8; 4]| -> u32 {
                (0..3)
                    .map(|k| u32::from(c[k].abs_diff(rgb[k])).pow(2))
                    .sum()
            };
            let learnt = quant.index_of(&[rgb[0], rgb[1], rgb[2], 255]);
            let mut best = (
                exact.len() + learnt,
                quant.lookup(learnt).map_or(u32::MAX, distance),
            );
            for (i, c) in exact.iter().enumerate() {
                let d = distance([c[0], c[1], c[2], 255]);
                if d < best.1 {
                    best = (i, d);
                }
            }
            best.0.min(254) as u8
        })
    }

    pub(super) fn add(&mut self, image: RgbaImage, delay_ms: u32) -> Result<(), ExportError> {
        let (w, h) = image.dimensions();
        let previous = self.previous.take();
        let changed = |x: u32, y: u32| match &previous {
            Some(prev) => prev.get_pixel(x, y) != image.get_pixel(x, y),
            None => true,
        };
        // Bounding box of the changed pixels; a still frame becomes one transparent pixel.
        let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
        for y in 0..h {
            for x in 0..w {
                if changed(x, y) {
                    (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1));
                }
            }
        }
        if x0 >= x1 {
            (x0, y0, x1, y1) = (0, 0, 1.min(w), 1.min(h));
        }
        let mut buffer = Vec::with_capacity(((x1 - x0) * (y1 - y0)) as usize);
        for y in y0..y1 {
            for x in x0..x1 {
                let index = if changed(x, y) {
                    let px = image.get_pixel(x, y).0;
                    self.index(px)
                } else {
                    TRANSPARENT
                };
                buffer.push(index);
            }
        }
        let frame = Frame {
            delay: u16::try_from(delay_ms / 10).unwrap_or(u16::MAX),
            dispose: DisposalMethod::Keep,
            transparent: Some(TRANSPARENT),
            left: dimension(x0)?,
            top: dimension(y0)?,
            width: dimension(x1 - x0)?,
            height: dimension(y1 - y0)?,
            buffer: Cow::Owned(buffer),
            ..Frame::default()
        };
        self.encoder.write_frame(&frame).map_err(encode_error)?;
        self.previous = Some(image);
        Ok(())
    }

    /// Writes the trailer; dropping without finishing leaves a truncated file.
    pub(super) fn finish(self) -> Result<(), ExportError> {
        self.encoder.into_inner().map_err(encode_error)?;
        Ok(())
    }
}
