//! Command-line interface: `descent` opens the app; subcommands work headless.

pub mod bench_formula;
pub mod export;
pub mod inspect;
pub mod lr_find;
pub mod slice;
pub mod train;

use std::io::Write;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::core::optimizer::{Hyper, HyperParam, OptimizerKind};
use crate::core::points_csv::PointsError;
use crate::core::race::{self, Racer, Status};
use crate::core::schedule::Schedule;
use crate::core::surface::{FormulaSurface, Surface, SurfaceKind};

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

#[derive(Args, Debug, Clone)]
pub struct TraceArgs {
    /// Surface name, e.g. beale, rosenbrock, regression, saddle, long-valley.
    #[arg(long, required_unless_present = "formula", conflicts_with = "formula")]
    pub surface: Option<String>,
    /// A landscape typed as f(x, y) instead of --surface, e.g. "(1-x)^2 + 100*(y-x^2)^2"
    /// (README, "A surface from a formula", has the grammar).
    #[arg(long, value_name = "EXPR", allow_hyphen_values = true)]
    pub formula: Option<String>,
    /// Optimizer: sgd, momentum, nesterov, adagrad, adadelta, rmsprop, adam, adamw, nadam, amsgrad, lion.
    #[arg(long)]
    pub optimizer: String,
    /// Start point "X,Y" (default: the surface's lesson start). Negative values work: --start -1.5,2
    #[arg(long, allow_hyphen_values = true)]
    pub start: Option<String>,
    /// Number of optimizer steps.
    #[arg(long, default_value_t = 100)]
    pub steps: usize,
    /// Use Nesterov momentum (with sgd/momentum).
    #[arg(long)]
    pub nesterov: bool,
    #[command(flatten)]
    pub hyper: HyperArgs,
    /// Learning-rate schedule, stepped after every optimizer step, e.g. "cosine:t_max=100",
    /// "step:step_size=30,gamma=0.5", "onecycle:max_lr=0.01,total_steps=100" (README lists all).
    #[arg(long, value_name = "SPEC")]
    pub schedule: Option<String>,
    /// With --surface regression: race on your own data, a CSV file of x,y rows (header
    /// optional, up to 10,000 rows) instead of the chapter's seven points.
    #[arg(long, value_name = "FILE.csv")]
    pub points: Option<std::path::PathBuf>,
}

/// Optimizer hyperparameter flags shared by `trace`, `train` and `slice`; omitted ones keep
/// the optimizer's defaults.
#[derive(Args, Debug, Clone, Default, PartialEq)]
pub struct HyperArgs {
    /// Learning rate (the optimizer's default if omitted).
    #[arg(long, allow_hyphen_values = true)]
    pub lr: Option<f64>,
    /// Momentum β (momentum, nesterov, rmsprop).
    #[arg(long, allow_hyphen_values = true)]
    pub momentum: Option<f64>,
    /// Adadelta's decay ρ.
    #[arg(long, allow_hyphen_values = true)]
    pub rho: Option<f64>,
    /// RMSprop's smoothing constant α.
    #[arg(long, allow_hyphen_values = true)]
    pub alpha: Option<f64>,
    /// Adam family / Lion β₁.
    #[arg(long, allow_hyphen_values = true)]
    pub beta1: Option<f64>,
    /// Adam family / Lion β₂.
    #[arg(long, allow_hyphen_values = true)]
    pub beta2: Option<f64>,
    /// ε added to denominators.
    #[arg(long, allow_hyphen_values = true)]
    pub eps: Option<f64>,
    /// Weight decay λ (decoupled for adamw and lion).
    #[arg(long, allow_hyphen_values = true)]
    pub weight_decay: Option<f64>,
}

impl HyperArgs {
    /// Sets the given flags on `hyper`; a flag the optimizer does not use is an error.
    pub fn apply(&self, kind: OptimizerKind, hyper: &mut Hyper) -> anyhow::Result<()> {
        let given = [
            (HyperParam::Lr, self.lr, "--lr"),
            (HyperParam::Momentum, self.momentum, "--momentum"),
            (HyperParam::Rho, self.rho, "--rho"),
            (HyperParam::Alpha, self.alpha, "--alpha"),
            (HyperParam::Beta1, self.beta1, "--beta1"),
            (HyperParam::Beta2, self.beta2, "--beta2"),
            (HyperParam::Eps, self.eps, "--eps"),
            (HyperParam::WeightDecay, self.weight_decay, "--weight-decay"),
        ];
        for (param, value, flag) in given {
            let Some(value) = value else { continue };
            anyhow::ensure!(kind.uses(param), "{flag} does not apply to {}", kind.name());
            hyper.set(param, value);
        }
        Ok(())
    }
}

/// An optimizer by name, or an error listing the valid names.
pub fn parse_optimizer(name: &str) -> anyhow::Result<OptimizerKind> {
    OptimizerKind::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = OptimizerKind::ALL.iter().map(|k| k.name()).collect();
        anyhow::anyhow!(
            "unknown optimizer {name:?}; choose one of: {}",
            names.join(", ")
        )
    })
}

/// Largest trace a handout could want; beyond this is almost certainly a typo.
const MAX_TRACE_STEPS: usize = 10_000_000;

/// A point "X,Y" given to `flag`; both coordinates must be finite numbers.
pub fn parse_point(flag: &str, text: &str) -> anyhow::Result<[f64; 2]> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let [x, y] = parts.as_slice() else {
        anyhow::bail!("{flag} must be two numbers \"X,Y\", got {text:?}");
    };
    let parse = |s: &str| -> anyhow::Result<f64> {
        let v: f64 = s
            .parse()
            .map_err(|_| anyhow::anyhow!("{flag}: {s:?} is not a number"))?;
        anyhow::ensure!(v.is_finite(), "{flag}: {s:?} is not a finite number");
        Ok(v)
    };
    Ok([parse(x)?, parse(y)?])
}

/// A surface by name, or an error listing the valid names.
pub fn parse_surface(name: &str) -> anyhow::Result<SurfaceKind> {
    SurfaceKind::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = SurfaceKind::ALL.iter().map(|k| k.name()).collect();
        anyhow::anyhow!(
            "unknown surface {name:?}; choose one of: {}",
            names.join(", ")
        )
    })
}

/// Builds the racer the trace arguments describe, validating every value.
pub fn trace_racer(args: &TraceArgs) -> anyhow::Result<Racer> {
    let mut racer = build_racer(&args.optimizer, args.nesterov, &args.hyper)?;
    if let Some(spec) = &args.schedule {
        racer.schedule = spec.parse()?;
    }
    if let Some(limit) = racer.schedule.step_limit() {
        anyhow::ensure!(
            args.steps as u64 <= limit,
            "--steps {} is past the schedule's total_steps={limit} (torch stops there too)",
            args.steps
        );
    }
    Ok(racer)
}

/// The racer named by `--optimizer`, `--nesterov` and the hyperparameter flags.
pub fn build_racer(optimizer: &str, nesterov: bool, flags: &HyperArgs) -> anyhow::Result<Racer> {
    let mut kind = parse_optimizer(optimizer)?;
    // torch's SGD(momentum=β) is our Momentum entry: same update rule, its own colour in the app.
    if kind == OptimizerKind::Sgd && flags.momentum.is_some_and(|m| m != 0.0) {
        kind = OptimizerKind::Momentum;
    }
    if nesterov {
        anyhow::ensure!(
            matches!(
                kind,
                OptimizerKind::Sgd | OptimizerKind::Momentum | OptimizerKind::Nesterov
            ),
            "--nesterov applies to sgd/momentum, not {}",
            kind.name()
        );
        kind = OptimizerKind::Nesterov;
    }
    let mut hyper = kind.default_hyper();
    flags.apply(kind, &mut hyper)?;
    hyper.validate(kind)?;
    Ok(Racer {
        kind,
        hyper,
        schedule: Schedule::Constant,
    })
}

/// The landscape named by `--surface` or typed with `--formula`.
pub fn trace_surface(args: &TraceArgs) -> anyhow::Result<Surface> {
    match (&args.formula, &args.surface) {
        (Some(text), _) => Ok(Surface::Formula(
            FormulaSurface::parse(text).map_err(|e| anyhow::anyhow!("--formula: {e}"))?,
        )),
        (None, Some(name)) => Ok(Surface::new(parse_surface(name)?)),
        (None, None) => anyhow::bail!("give --surface NAME or --formula EXPR"),
    }
}

pub fn trace(args: &TraceArgs, out: &mut dyn Write) -> anyhow::Result<Status> {
    let surface = trace_surface(args)?;
    anyhow::ensure!(
        args.steps <= MAX_TRACE_STEPS,
        "--steps must be at most {MAX_TRACE_STEPS}"
    );
    let racer = trace_racer(args)?;
    let surface = match &args.points {
        Some(path) => {
            anyhow::ensure!(
                matches!(surface, Surface::Regression(_)),
                "--points gives data for --surface regression, not {}",
                surface.kind().name()
            );
            Surface::Regression(crate::core::points_csv::load_dataset(path).map_err(
                |e| match e {
                    // These already name the file.
                    PointsError::Io { .. } | PointsError::TooLarge { .. } => e.into(),
                    _ => anyhow::anyhow!("{}: {e}", path.display()),
                },
            )?)
        }
        None => surface,
    };
    let loaded_start = match &surface {
        Surface::Regression(data) => data.loaded_start(),
        _ => None,
    };
    let start = match &args.start {
        Some(text) => parse_point("--start", text)?,
        None => loaded_start.unwrap_or_else(|| match &surface {
            Surface::Formula(f) => f.default_start(),
            other => race::default_start(other.kind()),
        }),
    };
    let t = race::run(&surface, start, &racer, args.steps, None);
    writeln!(out, "step,x,y,loss")?;
    for (i, (p, loss)) in t.points.iter().zip(&t.losses).enumerate() {
        writeln!(out, "{i},{},{},{}", p[0], p[1], loss)?;
    }
    Ok(t.status)
}
