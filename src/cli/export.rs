//! `descent export`: a scene's race as a GIF, a PNG frame or a CSV of all paths, headless.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;

use crate::core::lab::Lab;
use crate::core::scene;
use crate::export::{self, ExportError, Format, FrameStyle};

#[derive(Args, Debug, Clone, PartialEq)]
pub struct ExportArgs {
    /// Scene file with a landscape section, or a bundled scene's name such as radford-beale.
    #[arg(long, value_name = "FILE", required_unless_present = "lecture")]
    pub scene: Option<PathBuf>,
    /// A handout instead: every slide of this lecture (a file, or a shipped name) as a PNG
    /// plus index.html, written into the directory --out.
    #[arg(long, value_name = "FILE|NAME", conflicts_with = "scene")]
    pub lecture: Option<String>,
    /// Output file; its extension picks the format: .gif (the race, animated), .png (one
    /// frame) or .csv (every enabled optimizer's full path). With --lecture, a directory.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// GIF frames, evenly spaced from step 0 to the scene's max_steps (2..=1000).
    #[arg(long, default_value_t = 60, value_name = "N")]
    pub frames: usize,
    /// Image size in pixels, each side 64..=4096.
    #[arg(long, default_value = "800x600", value_name = "WxH")]
    pub size: String,
    /// Step shown in a PNG (default: the scene's own step).
    #[arg(long, value_name = "N")]
    pub step: Option<usize>,
    /// Light title bar and legend (for print) instead of the app's dark look.
    #[arg(long)]
    pub light: bool,
}

/// Validates the arguments, loads the scene and writes the file. The file is written under a
/// temporary name and renamed at the end, so a failed export leaves no half-written file.
pub fn export(args: &ExportArgs) -> anyhow::Result<()> {
    if let Some(name) = &args.lecture {
        let lecture = crate::core::lecture::open(name)?;
        let files = export::handout::write_handout(&lecture, &args.out, !args.light)?;
        eprintln!("wrote {} files to {}", files.len(), args.out.display());
        return Ok(());
    }
    let Some(scene_path) = &args.scene else {
        bail!("export needs --scene FILE (or --lecture FILE for a handout)");
    };
    let format = Format::from_path(&args.out)?;
    let (width, height) = export::parse_size(&args.size)?;
    if !(export::MIN_FRAMES..=export::MAX_FRAMES).contains(&args.frames) {
        return Err(ExportError::BadFrames(args.frames).into());
    }
    let style = FrameStyle {
        width,
        height,
        dark: !args.light,
    };
    let scene = scene::load_named_or_path(scene_path)
        .with_context(|| format!("cannot export {}", scene_path.display()))?;
    let Some(state) = scene.landscape else {
        bail!(
            "{} has no landscape section: there is no race to export",
            scene_path.display()
        );
    };
    let step = args.step.unwrap_or(state.step);
    if step > state.max_steps {
        bail!(
            "--step {step} is beyond the scene's max_steps {}",
            state.max_steps
        );
    }
    let lab = Lab::new(state);
    export::write_atomically(&args.out, |out| match format {
        Format::Gif => {
            let mut progress = progress_printer();
            export::export_gif(&lab, args.frames, &style, out, &mut progress)
        }
        Format::Png => export::export_png(&lab, step, &style, out),
        Format::Csv => export::trajectories_csv(&lab, out),
    })?;
    eprintln!("wrote {}", args.out.display());
    Ok(())
}

/// "frame 12/60" on stderr: redrawn in place on a terminal, every tenth frame in a log.
fn progress_printer() -> impl FnMut(usize, usize) {
    let terminal = std::io::stderr().is_terminal();
    move |done, total| {
        if terminal {
            eprint!("\rframe {done}/{total}");
            if done == total {
                eprintln!();
            }
        } else if done % 10 == 0 || done == total {
            eprintln!("frame {done}/{total}");
        }
    }
}
