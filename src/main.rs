use std::process::ExitCode;

use clap::Parser;
use descent::cli::{Cli, Command, Renderer};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        None => run_app(cli.renderer, cli.scene.as_deref()),
        Some(Command::Export(args)) => descent::cli_export::export(args),
        Some(Command::Slice(args)) => {
            let stdout = std::io::stdout();
            descent::cli_slice::slice(args, &mut stdout.lock()).map(|s| {
                eprintln!(
                    "wrote {} rows (loss on {} validation images, {:.2} s) to {}",
                    s.rows,
                    s.samples,
                    s.seconds,
                    s.out.display()
                );
            })
        }
        Some(Command::Inspect(args)) => {
            let stdout = std::io::stdout();
            descent::cli_inspect::inspect(args, &mut stdout.lock())
        }
        Some(Command::Train(args)) => {
            let stdout = std::io::stdout();
            descent::cli_train::train(args, &mut stdout.lock())
        }
        Some(Command::Trace(args)) => {
            let stdout = std::io::stdout();
            descent::cli::trace(args, &mut stdout.lock()).map(|status| {
                if let Some(what) = status.describe() {
                    eprintln!("note: {} {what}; the path stops there", args.optimizer);
                }
            })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_app(renderer: Renderer, scene: Option<&std::path::Path>) -> anyhow::Result<()> {
    // A bad scene is reported before any window opens.
    let scene = scene.map(descent::core::scene::load).transpose()?;
    let renderer = match renderer {
        Renderer::Glow => eframe::Renderer::Glow,
        #[cfg(feature = "wgpu")]
        Renderer::Wgpu => eframe::Renderer::Wgpu,
        #[cfg(not(feature = "wgpu"))]
        Renderer::Wgpu => anyhow::bail!(
            "this build has no wgpu renderer: build with `cargo run --release --features wgpu`"
        ),
    };
    let options = eframe::NativeOptions {
        renderer,
        viewport: egui::ViewportBuilder::default()
            .with_title("descent")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 560.0]),
        ..Default::default()
    };
    eframe::run_native(
        "descent",
        options,
        Box::new(move |cc| {
            let mut app = descent::App::new(cc);
            if let Some(scene) = scene {
                app.apply_scene(scene);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
