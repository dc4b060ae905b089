//! `descent lr-find`: the learning-rate range test on the network `descent train` would start
//! from (same flags), printed as CSV `lr,loss,smoothed` and a last line `suggested_lr=X`.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Args;

use crate::cli::train::{TrainArgs, train_config};
use crate::core::lr_find::{self, LrFindEnd, LrFindResult, LrFindSettings, MIN_SUGGEST_ITERATIONS};
use crate::core::mnist;

#[derive(Args, Debug, Clone, PartialEq)]
pub struct LrFindArgs {
    /// The network, optimizer and data, as for `train` (--lr and --epochs are not used: the
    /// sweep sets the learning rate itself).
    #[command(flatten)]
    pub train: TrainArgs,
    /// Learning rate of the first batch.
    #[arg(long, default_value_t = 1e-6, allow_hyphen_values = true)]
    pub start_lr: f64,
    /// Learning rate of the last batch.
    #[arg(long, default_value_t = 10.0, allow_hyphen_values = true)]
    pub end_lr: f64,
    /// Mini-batches of the full sweep (it stops earlier once the loss blows up).
    #[arg(long, default_value_t = 300, allow_hyphen_values = true, value_parser = whole)]
    pub iterations: usize,
    /// Also write the CSV (without the suggestion line) to this file.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

fn whole(s: &str) -> Result<usize, String> {
    s.trim()
        .parse::<usize>()
        .map_err(|_| format!("expected a whole number, got {s:?}"))
}

/// What the sweep did, for a closing note on standard error.
#[derive(Debug, Clone, PartialEq)]
pub struct LrFindSummary {
    pub result: LrFindResult,
    /// Planned batches of the sweep.
    pub iterations: usize,
    /// Time of the sweep alone (not loading the data).
    pub seconds: f64,
}

impl LrFindSummary {
    pub fn describe(&self) -> String {
        let why = match self.result.end {
            LrFindEnd::Exceeded => "the smoothed loss passed 4× its minimum",
            LrFindEnd::NotFinite => "the loss stopped being a number",
            LrFindEnd::Completed => "the sweep reached its last learning rate",
        };
        let short = match self.iterations < MIN_SUGGEST_ITERATIONS {
            true => format!(
                "; no suggestion: a sweep of {} batches is too coarse to find the steepest fall \
                 (use --iterations {MIN_SUGGEST_ITERATIONS} or more)",
                self.iterations
            ),
            false => String::new(),
        };
        format!(
            "{} batches in {:.2} s; stopped because {why}{short}",
            self.result.points.len(),
            self.seconds
        )
    }
}

/// The sweep's settings from the flags, checked before the data is loaded.
pub fn settings(args: &LrFindArgs) -> anyhow::Result<LrFindSettings> {
    let s = LrFindSettings {
        start_lr: args.start_lr,
        end_lr: args.end_lr,
        iterations: args.iterations,
        ..LrFindSettings::default()
    };
    s.validate()?;
    Ok(s)
}

/// The CSV rows `lr,loss,smoothed` (header first).
pub fn write_rows(result: &LrFindResult, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "lr,loss,smoothed")?;
    for p in &result.points {
        writeln!(out, "{},{},{}", p.lr, p.loss, p.smoothed)?;
    }
    Ok(())
}

/// Runs `descent lr-find`: the rows, then `suggested_lr=X` (or `suggested_lr=none` when the
/// loss never fell).
pub fn lr_find(args: &LrFindArgs, out: &mut dyn Write) -> anyhow::Result<LrFindSummary> {
    let cfg = train_config(&args.train)?;
    let settings = settings(args)?;
    let (train_file, test) = mnist::load_dir_or_bundled(args.train.data.as_deref())?;
    let splits = mnist::split(train_file, test, cfg.train_size)?;
    let start = Instant::now();
    let result = lr_find::lr_find(&cfg, &splits.train, &settings, &|| false)?;
    let seconds = start.elapsed().as_secs_f64();
    if let Some(path) = &args.out {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let mut file = BufWriter::new(file);
        write_rows(&result, &mut file)
            .and_then(|()| file.flush())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    write_rows(&result, out)?;
    match result.suggested_lr() {
        Some(lr) => writeln!(out, "suggested_lr={lr}")?,
        None => writeln!(out, "suggested_lr=none")?,
    }
    Ok(LrFindSummary {
        result,
        iterations: settings.iterations,
        seconds,
    })
}
