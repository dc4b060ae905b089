//! Handouts: every slide of a lecture as a PNG (caption above the figure, in the export look)
//! plus an index.html that prints one slide per page, for students to take home.

use std::path::{Path, PathBuf};

use image::{ImageEncoder, RgbaImage};

use super::figures::{HandoutData, draw_figure, slide_figure};
use super::layout::{text, theme};
use super::raster::{PxRect, fill_rect};
use super::{ExportError, FrameStyle, render_frame};
use crate::core::lab::Lab;
use crate::core::lecture::{Lecture, LectureTab, Slide};

pub const HANDOUT_WIDTH: u32 = 1280;
const FIGURE_HEIGHT: u32 = 800;
const TITLE_FONT: f32 = 44.0;
const BODY_FONT: f32 = 28.0;
const PAD: f32 = 32.0;

/// Markdown reduced to what a caption needs: headings and bullets become plain lines.
pub fn caption_lines(body: &str) -> Vec<String> {
    body.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let l = l.trim_start_matches(['-', '*', '+']).trim_start();
            let plain: String = l
                .chars()
                .filter(|c| !matches!(c, '*' | '_' | '`'))
                .collect();
            if body.contains(&format!("- {l}")) || body.contains(&format!("* {l}")) {
                format!("• {plain}")
            } else {
                plain
            }
        })
        .collect()
}

/// One slide as an image: title and caption on top, then the slide's figure: the race run to
/// its end (landscape slides), the MNIST curves or the lesson's figure (other tabs, see
/// `figures`). `data` is shared by the slides of a handout (MNIST loaded and trained once).
pub fn render_slide(slide: &Slide, dark: bool, data: &mut HandoutData) -> RgbaImage {
    let lines = caption_lines(&slide.body);
    let caption_h = (2.0 * PAD + 1.3 * TITLE_FONT + 1.4 * BODY_FONT * lines.len() as f32) as u32;
    let theme = theme(dark);
    let (bg, fg) = if dark {
        ([20, 20, 20], [240, 240, 240])
    } else {
        ([255, 255, 255], [0, 0, 0])
    };
    let mut img = RgbaImage::new(HANDOUT_WIDTH, caption_h + FIGURE_HEIGHT);
    let all = PxRect {
        x0: 0,
        y0: 0,
        x1: img.width(),
        y1: img.height(),
    };
    fill_rect(&mut img, all, bg, 1.0);
    text(&mut img, fg, PAD, PAD, TITLE_FONT, &slide.title);
    for (i, line) in lines.iter().enumerate() {
        let y = PAD + 1.3 * TITLE_FONT + 1.4 * BODY_FONT * i as f32;
        text(&mut img, fg, PAD, y, BODY_FONT, line);
    }
    if slide.tab == LectureTab::Landscape {
        let style = FrameStyle {
            width: HANDOUT_WIDTH,
            height: FIGURE_HEIGHT,
            dark,
        };
        let lab = Lab::new(slide.landscape.clone());
        let figure = render_frame(&lab, lab.state.max_steps, &style);
        image::imageops::overlay(&mut img, &figure, 0, i64::from(caption_h));
    } else {
        let area = PxRect {
            y0: caption_h,
            ..all
        };
        fill_rect(&mut img, area, theme.chrome, 1.0);
        draw_figure(&mut img, area, &slide_figure(slide, data), &theme);
    }
    img
}

/// Writes slide-01.png … and index.html into `dir` (created if needed); returns the files.
pub fn write_handout(
    lecture: &Lecture,
    dir: &Path,
    dark: bool,
) -> Result<Vec<PathBuf>, ExportError> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    let mut data = HandoutData::default();
    let mut html = format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{}</title>\n<style>\
         img{{width:100%}} section{{page-break-after:always}}</style></head><body>\n",
        escape(&lecture.title)
    );
    for (i, slide) in lecture.slides.iter().enumerate() {
        let name = format!("slide-{:02}.png", i + 1);
        let path = dir.join(&name);
        let image = render_slide(slide, dark, &mut data);
        super::write_atomically(&path, |out| {
            image::codecs::png::PngEncoder::new(out)
                .write_image(
                    image.as_raw(),
                    image.width(),
                    image.height(),
                    image::ExtendedColorType::Rgba8,
                )
                .map_err(ExportError::from)
        })
        .map_err(|e| ExportError::Encode(format!("{e:#}")))?;
        html.push_str(&format!(
            "<section><img src=\"{name}\" alt=\"{}\"></section>\n",
            escape(&slide.title)
        ));
        written.push(path);
    }
    html.push_str("</body></html>\n");
    let index = dir.join("index.html");
    std::fs::write(&index, html)?;
    written.push(index);
    Ok(written)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
