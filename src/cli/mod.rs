//! Command-line interface: `descent` opens the app; subcommands work headless.

mod args;
pub mod bench_formula;
pub mod export;
pub mod inspect;
pub mod lr_find;
pub mod slice;
pub mod trace;
pub mod train;

use clap::{Parser, Subcommand, ValueEnum};

pub use args::{HyperArgs, build_racer, parse_optimizer, parse_point, parse_surface};
pub use trace::{TraceArgs, trace, trace_racer, trace_surface};

#[derive(Parser, Debug)]
#[command(
    name = "descent",
    version,
    about = "Watch neural networks learn: optimizers racing on loss landscapes."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Renderer for the window: glow (OpenGL, fastest under software GL) or wgpu.
    #[arg(long, value_enum, default_value_t = Renderer::Glow)]
    pub renderer: Renderer,
    /// Start in this scene: a JSON file saved from the app, or a bundled scene's name
    /// (radford-beale, radford-saddle, distill-banana, long-valley, linear-regression).
    #[arg(long, value_name = "FILE|NAME")]
    pub scene: Option<std::path::PathBuf>,
    /// Start presenting a lecture: a Markdown lecture file, or the name of a shipped one
    /// (optimizers).
    #[arg(long, value_name = "FILE|NAME")]
    pub lecture: Option<String>,
    /// Print the milliseconds from launch to the first frame on screen, then quit (start-up
    /// benchmark; see README "Performance").
    #[arg(long, hide = true)]
    pub print_startup_ms: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Renderer {
    Glow,
    Wgpu,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print an optimizer's path on a surface as CSV: step,x,y,loss (step 0 is the start).
    Trace(TraceArgs),
    /// Train the chapter's MLP on MNIST headless; prints CSV
    /// epoch,seconds,train_loss,train_acc,val_loss,val_acc,lr (and test_acc=… with --test).
    Train(crate::cli::train::TrainArgs),
    /// Export a scene's race headless (no window or GPU): .gif (animated), .png (one frame)
    /// or .csv (all paths), chosen by the extension of --out.
    Export(crate::cli::export::ExportArgs),
    /// Train as `train` does, then write a 2-D slice of the loss landscape around the final
    /// weights (two filter-normalised random directions) as CSV alpha,beta,loss,acc to --out.
    Slice(crate::cli::slice::SliceArgs),
    /// Print the inspector's readouts at one point as key=value lines: loss, gradient,
    /// hessian_eigenvalues, lr_lambda_max and stable_below (the bound on lr·λmax, or none).
    Inspect(crate::cli::inspect::InspectArgs),
    /// Learning-rate range test: trains a copy of the starting network while the lr grows from
    /// 1e-6 to 10; prints CSV lr,loss,smoothed, then suggested_lr=… (steepest fall of the loss).
    LrFind(crate::cli::lr_find::LrFindArgs),
    /// Time drawing and analysing a typed formula (README "Performance"; build with --release).
    #[command(hide = true)]
    BenchFormula(crate::cli::bench_formula::BenchFormulaArgs),
}
