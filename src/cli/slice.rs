//! `descent slice`: trains the MLP exactly as `descent train` would (same flags, same CSV on
//! standard output), then writes a 2-D slice of the loss landscape around the final weights,
//! along two filter-normalised random directions, as CSV `alpha,beta,loss,acc`.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, ensure};
use clap::Args;

use crate::cli::train::{TrainArgs, train_config};
use crate::core::loss_slice::plan::{MAX_RANGE, MAX_RESOLUTION};
use crate::core::loss_slice::{self, EvalOptions, SliceMode, SliceRequest, SliceView};
use crate::core::mlp::Mlp;
use crate::core::mnist;
use crate::core::training;

/// Most validation images a slice averages over (each grid point sees all of them).
pub const MAX_SAMPLES: usize = 10_000;

#[derive(Args, Debug, Clone, PartialEq)]
pub struct SliceArgs {
    #[command(flatten)]
    pub train: TrainArgs,
    /// Grid points per side; the CSV has grid² rows.
    #[arg(long, default_value_t = 41, allow_hyphen_values = true, value_parser = whole)]
    pub grid: usize,
    /// α and β run from −range to +range, in filter-normalised units (1 = a step as long as
    /// each neuron's own incoming weights).
    #[arg(long, default_value_t = 1.0, allow_hyphen_values = true)]
    pub range: f64,
    /// Validation images the loss at each grid point is averaged over.
    #[arg(long, default_value_t = 2000, allow_hyphen_values = true, value_parser = whole)]
    pub samples: usize,
    /// Seed of the two random directions.
    #[arg(long, default_value_t = 1, allow_hyphen_values = true, value_parser = seed)]
    pub direction_seed: u64,
    /// Where to write the slice CSV.
    #[arg(long, default_value = "slice.csv", value_name = "FILE")]
    pub out: PathBuf,
}

fn whole(s: &str) -> Result<usize, String> {
    s.trim()
        .parse::<usize>()
        .map_err(|_| format!("expected a whole number, got {s:?}"))
}

fn seed(s: &str) -> Result<u64, String> {
    s.trim()
        .parse::<u64>()
        .map_err(|_| format!("expected a whole number from 0 to {}, got {s:?}", u64::MAX))
}

/// What `slice` did, for a closing note on standard error.
#[derive(Debug, Clone, PartialEq)]
pub struct SliceSummary {
    pub rows: usize,
    pub samples: usize,
    /// Time of the slice alone (not the training).
    pub seconds: f64,
    pub out: PathBuf,
}

/// The slice settings, checked before any training time is spent.
pub fn slice_request(args: &SliceArgs) -> anyhow::Result<SliceRequest> {
    ensure!(
        (3..=MAX_RESOLUTION).contains(&args.grid),
        "--grid must be 3 to {MAX_RESOLUTION} points per side, got {}",
        args.grid
    );
    ensure!(
        args.range.is_finite() && args.range > 0.0 && args.range <= MAX_RANGE,
        "--range must be above 0 and at most {MAX_RANGE}, got {}",
        args.range
    );
    ensure!(
        (1..=MAX_SAMPLES).contains(&args.samples),
        "--samples must be 1 to {MAX_SAMPLES}, got {}",
        args.samples
    );
    Ok(SliceRequest {
        mode: SliceMode::RandomPlane,
        resolution: args.grid,
        range: args.range,
        seed: args.direction_seed,
        initial: None,
        runs: Vec::new(),
    })
}

/// Runs `descent slice`: the training CSV goes to `out`, the slice to `--out`.
pub fn slice(args: &SliceArgs, out: &mut dyn Write) -> anyhow::Result<SliceSummary> {
    let request = slice_request(args)?;
    let cfg = train_config(&args.train)?;
    let (train_file, test) = mnist::load_dir_or_bundled(args.train.data.as_deref())?;
    let splits = mnist::split(train_file, test, cfg.train_size)?;
    let available = splits.validation.len();
    ensure!(
        args.samples <= available,
        "--samples {} is more than the {available} validation images",
        args.samples
    );
    // Opened before training, so a bad path fails in a second rather than after the run.
    let file = std::fs::File::create(&args.out)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let summary = training::run_train(&cfg, &splits, args.train.test, out)?;
    let mut mlp = Mlp::<f32>::new(&cfg.mlp_config())?;
    mlp.params_mut().copy_from_slice(&summary.final_params);
    let data = splits.validation.subset(0..args.samples);
    let start = Instant::now();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(2));
    let opts = EvalOptions {
        threads,
        ..EvalOptions::default()
    };
    let view = loss_slice::compute(&request, &mlp, &data, &opts)?;
    let seconds = start.elapsed().as_secs_f64();
    let SliceView::Plane { slice, .. } = view else {
        anyhow::bail!("internal error: a random plane came back as lines");
    };
    let mut w = BufWriter::new(file);
    let context = || format!("cannot write {}", args.out.display());
    writeln!(w, "alpha,beta,loss,acc").with_context(context)?;
    for (j, beta) in slice.betas.iter().enumerate() {
        for (i, alpha) in slice.alphas.iter().enumerate() {
            let (loss, acc) = slice.at(i, j).unwrap_or((f64::NAN, f64::NAN));
            writeln!(w, "{alpha},{beta},{loss:.6},{acc:.4}").with_context(context)?;
        }
    }
    w.flush().with_context(context)?;
    Ok(SliceSummary {
        rows: slice.alphas.len() * slice.betas.len(),
        samples: data.len(),
        seconds,
        out: args.out.clone(),
    })
}
