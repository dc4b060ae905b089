//! `descent inspect`: the landscape inspector's readouts at one point, for worksheets.

use std::io::Write;

use clap::Args;

use crate::cli::{HyperArgs, build_racer, parse_point, parse_surface};
use crate::core::inspect::{Inspection, inspect as inspect_at};
use crate::core::race::{self, Racer};
use crate::core::surface::Surface;

#[derive(Args, Debug, Clone)]
pub struct InspectArgs {
    /// Surface name, e.g. beale, rosenbrock, regression, saddle, long-valley.
    #[arg(long)]
    pub surface: String,
    /// Optimizer: sgd, momentum, nesterov, adagrad, adadelta, rmsprop, adam, adamw, nadam, amsgrad, lion.
    #[arg(long)]
    pub optimizer: String,
    /// The point "X,Y" (default: the surface's lesson start). Negative values work: --at -1.5,2
    #[arg(long, allow_hyphen_values = true)]
    pub at: Option<String>,
    /// Use Nesterov momentum (with sgd/momentum).
    #[arg(long)]
    pub nesterov: bool,
    #[command(flatten)]
    pub hyper: HyperArgs,
}

/// Validates the arguments and computes what the panel would show there.
pub fn inspection(args: &InspectArgs) -> anyhow::Result<(Racer, Inspection)> {
    let kind = parse_surface(&args.surface)?;
    let racer = build_racer(&args.optimizer, args.nesterov, &args.hyper)?;
    let at = match &args.at {
        Some(text) => parse_point("--at", text)?,
        None => race::default_start(kind),
    };
    Ok((racer, inspect_at(&Surface::new(kind), &racer, at)))
}

/// Prints `key=value` lines; numbers are printed in full (shortest form that reads back exactly).
pub fn inspect(args: &InspectArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let (racer, i) = inspection(args)?;
    let pair = |v: [f64; 2]| format!("{},{}", v[0], v[1]);
    let bound = i
        .stable_below
        .map_or_else(|| "none".to_owned(), |b| b.to_string());
    writeln!(out, "optimizer={}", racer.kind.name())?;
    writeln!(out, "lr={}", racer.hyper.lr)?;
    writeln!(out, "at={}", pair(i.point))?;
    writeln!(out, "loss={}", i.loss)?;
    writeln!(out, "gradient={}", pair(i.gradient))?;
    writeln!(out, "hessian_eigenvalues={}", pair(i.eigenvalues))?;
    writeln!(out, "lr_lambda_max={}", i.lr_lambda_max)?;
    writeln!(out, "stable_below={bound}")?;
    Ok(())
}
