//! `descent trace`: an optimizer's path on a surface (built-in, typed formula or loaded
//! data) as CSV.

use std::io::Write;

use clap::Args;

use super::args::{HyperArgs, build_racer, parse_point, parse_surface};
use crate::core::points_csv::PointsError;
use crate::core::race::{self, Racer, Status};
use crate::core::surface::{FormulaSurface, Surface};

/// Largest trace a handout could want; beyond this is almost certainly a typo.
const MAX_TRACE_STEPS: usize = 10_000_000;

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
