//! `descent trace --surface regression --points FILE.csv`: racing on your own data headless.

use clap::Parser;
use descent::cli::{Cli, Command};

fn run(args: &[&str]) -> anyhow::Result<String> {
    let cli = Cli::try_parse_from(std::iter::once("descent").chain(args.iter().copied()))?;
    let Some(Command::Trace(trace)) = cli.command else {
        panic!("not a trace");
    };
    let mut out = Vec::new();
    descent::cli::trace(&trace, &mut out)?;
    Ok(String::from_utf8(out)?)
}

fn write(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("descent-trace-points-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn last_point(csv: &str) -> [f64; 2] {
    let last = csv.lines().last().unwrap();
    let cols: Vec<f64> = last.split(',').map(|c| c.parse().unwrap()).collect();
    [cols[1], cols[2]]
}

#[test]
fn trace_on_loaded_points_starts_at_the_flat_line_and_reaches_their_least_squares_line() {
    // y = 2x − 1 exactly, x from 0 to 2: the minimum is (2, −1) with zero loss.
    let text: String = std::iter::once("x,y\n".to_owned())
        .chain((0..=20).map(|i| {
            let x = i as f64 / 10.0;
            format!("{x},{}\n", 2.0 * x - 1.0)
        }))
        .collect();
    let path = write("line.csv", &text);
    let csv = run(&[
        "trace",
        "--surface",
        "regression",
        "--points",
        &path,
        "--optimizer",
        "sgd",
        "--lr",
        "0.2",
        "--steps",
        "500",
    ])
    .expect("valid trace");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "step,x,y,loss");
    assert_eq!(lines.len(), 502);
    assert!(
        lines[1].starts_with("0,0,0,"),
        "starts at m = b = 0: {}",
        lines[1]
    );
    let [m, b] = last_point(&csv);
    assert!(
        (m - 2.0).abs() < 1e-3 && (b + 1.0).abs() < 1e-3,
        "ends at ({m}, {b})"
    );

    // The chapter's data gives a different path from the same start.
    let chapter = run(&[
        "trace",
        "--surface",
        "regression",
        "--start",
        "0,0",
        "--optimizer",
        "sgd",
        "--lr",
        "0.2",
        "--steps",
        "500",
    ])
    .unwrap();
    assert_ne!(last_point(&chapter), last_point(&csv));
}

#[test]
fn trace_refuses_bad_points_files_with_the_row_and_points_on_other_surfaces() {
    let bad = write("bad.csv", "x,y\n1,2\n2,oops\n");
    let e = run(&[
        "trace",
        "--surface",
        "regression",
        "--points",
        &bad,
        "--optimizer",
        "adam",
    ])
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("bad.csv") && e.contains("row 3: y is \"oops\""),
        "{e}"
    );
    assert!(!e.contains('\n'), "{e}");

    let good = write("good.csv", "1,2\n2,3\n");
    let e = run(&[
        "trace",
        "--surface",
        "beale",
        "--points",
        &good,
        "--optimizer",
        "adam",
    ])
    .unwrap_err()
    .to_string();
    assert!(e.contains("--points") && e.contains("regression"), "{e}");
}
