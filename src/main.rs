use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use descent::cli::{Cli, Command, Renderer};

fn main() -> ExitCode {
    let launched = Instant::now();
    let cli = Cli::parse();
    let result = match &cli.command {
        None => run_app(&cli, launched),
        Some(Command::Export(args)) => descent::cli::export::export(args),
        Some(Command::Slice(args)) => {
            let stdout = std::io::stdout();
            descent::cli::slice::slice(args, &mut stdout.lock()).map(|s| {
                eprintln!(
                    "wrote {} rows (loss on {} validation images, {:.2} s) to {}",
                    s.rows,
                    s.samples,
                    s.seconds,
                    s.out.display()
                );
            })
        }
        Some(Command::BenchFormula(args)) => {
            let stdout = std::io::stdout();
            descent::cli::bench_formula::bench_formula(args, &mut stdout.lock())
        }
        Some(Command::Inspect(args)) => {
            let stdout = std::io::stdout();
            descent::cli::inspect::inspect(args, &mut stdout.lock())
        }
        Some(Command::LrFind(args)) => {
            let stdout = std::io::stdout();
            descent::cli::lr_find::lr_find(args, &mut stdout.lock())
                .map(|summary| eprintln!("{}", summary.describe()))
        }
        Some(Command::Train(args)) => {
            let stdout = std::io::stdout();
            descent::cli::train::train(args, &mut stdout.lock())
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

fn run_app(cli: &Cli, launched: Instant) -> anyhow::Result<()> {
    // A bad scene is reported before any window opens.
    let scene = cli
        .scene
        .as_deref()
        .map(descent::core::scene::load_named_or_path)
        .transpose()?;
    let lecture = cli
        .lecture
        .as_deref()
        .map(|name| descent::core::lecture::open(name).map(|l| (l, name.to_owned())))
        .transpose()?;
    let renderer = match cli.renderer {
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
            .with_min_inner_size([800.0, 560.0])
            .with_app_id("descent")
            .with_icon(window_icon()),
        // The window's size and place are saved and restored; the first start fits it to the
        // screen (see `ui::layout::size_first_window`).
        persist_window: true,
        ..Default::default()
    };
    let print_startup_ms = cli.print_startup_ms;
    eframe::run_native(
        "descent",
        options,
        Box::new(move |cc| {
            let mut app = descent::App::new(cc);
            if let Some(scene) = scene {
                app.apply_scene(scene);
            }
            if let Some((lecture, source)) = lecture {
                app.start_lecture(Ok(lecture), &source);
            }
            if print_startup_ms {
                return Ok(Box::new(StartupProbe {
                    app,
                    launched,
                    frames: 0,
                }));
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}

fn window_icon() -> egui::IconData {
    // The 256 px icon drawn for the app (assets/icons/descent.svg); a bad PNG only loses the icon.
    eframe::icon_data::from_png_bytes(include_bytes!("../assets/icons/descent-256.png"))
        .unwrap_or_default()
}

/// `--print-startup-ms`: the app as usual, plus a clock. The second frame starts once the first
/// has been painted, so its start is when the window is on screen and answering input.
struct StartupProbe {
    app: descent::App,
    launched: Instant,
    frames: u32,
}

impl eframe::App for StartupProbe {
    fn logic(&mut self, ctx: &egui::Context, frame: &mut eframe::Frame) {
        self.frames += 1;
        if self.frames == 2 {
            println!("startup_ms={}", self.launched.elapsed().as_millis());
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        ctx.request_repaint();
        self.app.logic(ctx, frame);
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.app.ui(ui, frame);
    }
}
