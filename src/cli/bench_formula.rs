//! `descent bench-formula` (hidden): how long a typed formula takes to draw and analyse, for
//! README "Performance". Build with `--release`; the numbers are medians over `--repeats` runs.

use std::io::Write;
use std::time::Instant;

use clap::Args;

use crate::core::contour::{ContourMap, Grid};
use crate::core::lab::{GRID_SIZE, default_entries};
use crate::core::race;
use crate::core::surface::{FormulaSurface, Surface};

/// 40 instructions after constant folding (printed by the command).
pub const BENCH_FORMULA: &str = "sin(x)*cos(y) + 0.1*(x^2 + y^2) + exp(-((x-1)^2 + (y+1)^2)/2)*tanh(x*y) - sqrt(abs(x - y) + 1)";

#[derive(Args, Debug, Clone)]
pub struct BenchFormulaArgs {
    /// The formula to time.
    #[arg(long, default_value = BENCH_FORMULA, allow_hyphen_values = true)]
    pub formula: String,
    /// Runs per measurement (the median is printed).
    #[arg(long, default_value_t = 21)]
    pub repeats: usize,
}

/// Median and fastest wall-clock milliseconds of `run`: on a shared machine the median counts
/// time other processes held the core, the fastest run is the closest to the code's own cost.
fn median_ms(repeats: usize, mut run: impl FnMut()) -> String {
    let mut wall: Vec<f64> = (0..repeats.max(1))
        .map(|_| {
            let t = Instant::now();
            run();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    wall.sort_by(f64::total_cmp);
    match (wall.get(wall.len() / 2), wall.first()) {
        (Some(median), Some(fastest)) => format!("median {median:.2} ms, fastest {fastest:.2} ms"),
        _ => String::new(),
    }
}

pub fn bench_formula(args: &BenchFormulaArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let parsed =
        FormulaSurface::parse(&args.formula).map_err(|e| anyhow::anyhow!("--formula: {e}"))?;
    let view = parsed.view();
    let n = GRID_SIZE;
    writeln!(
        out,
        "formula: {} ({} instructions)",
        parsed.text(),
        parsed.formula().len()
    )?;
    let surface = Surface::Formula(parsed.clone());
    let mut sink = 0.0;
    let grid_ms = median_ms(args.repeats, || {
        let grid = Grid::sample(&surface, view, n, n);
        sink += grid.values[0];
    });
    writeln!(out, "values on a {n}x{n} grid: {grid_ms}")?;
    let landscape_ms = median_ms(args.repeats, || {
        let landscape = ContourMap::compute(&surface, view, n);
        sink += landscape.grid.values[0];
    });
    writeln!(out, "landscape (grid, colours, contours): {landscape_ms}")?;
    let jets_ms = median_ms(args.repeats, || {
        let (dx, dy) = (
            view.width() / (n - 1) as f64,
            view.height() / (n - 1) as f64,
        );
        for j in 0..n {
            for i in 0..n {
                let p = [view.x_min + i as f64 * dx, view.y_min + j as f64 * dy];
                sink += parsed.jet(p).hessian[0][1];
            }
        }
    });
    writeln!(out, "value+gradient+Hessian at {n}x{n} points: {jets_ms}")?;
    let lab = crate::core::lab::LabState::with_surface(surface.clone(), default_entries());
    let racers: Vec<_> = lab
        .entries
        .iter()
        .filter(|e| e.enabled)
        .map(|e| e.racer)
        .collect();
    let race_ms = median_ms(args.repeats, || {
        for t in race::run_all(&surface, lab.start, &racers, lab.max_steps, None) {
            sink += t.losses.len() as f64;
        }
    });
    writeln!(
        out,
        "race ({} optimizers x {} steps, as dragging the start recomputes it): {race_ms}",
        racers.len(),
        lab.max_steps
    )?;
    let analysis_ms = median_ms(args.repeats, || {
        if let Ok(s) = FormulaSurface::new(&args.formula, view) {
            sink += s.minima().len() as f64;
        }
    });
    writeln!(
        out,
        "parse + analysis (minima, colour scale): {analysis_ms} ({} minima)",
        parsed.minima().len()
    )?;
    // Keeps the optimiser from dropping the timed work.
    if sink.is_nan() {
        writeln!(out, "(some values are undefined)")?;
    }
    Ok(())
}
