//! `descent lr-find`: the CSV it prints, its stopping rule, and the acceptance check —
//! training one epoch at the suggested learning rate reaches 90% validation accuracy.

use clap::Parser;
use descent::cli::lr_find::{LrFindArgs, lr_find};
use descent::cli::train::{TrainArgs, train};

#[derive(Parser, Debug)]
struct W {
    #[command(flatten)]
    a: LrFindArgs,
}

#[derive(Parser, Debug)]
struct T {
    #[command(flatten)]
    a: TrainArgs,
}

fn run(args: &[&str]) -> anyhow::Result<String> {
    let parsed = W::try_parse_from(std::iter::once("lr-find").chain(args.iter().copied()))?;
    let mut out = Vec::new();
    let summary = lr_find(&parsed.a, &mut out)?;
    // The sweep's time, for README's figure (`cargo test --test it lr_find -- --nocapture`).
    eprintln!("lr-find {args:?}: {}", summary.describe());
    Ok(String::from_utf8(out)?)
}

/// The rows (lr, loss, smoothed) and the suggestion of an lr-find output.
fn parse(out: &str) -> (Vec<[f64; 3]>, Option<f64>) {
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "lr,loss,smoothed");
    let last = lines.last().unwrap();
    let suggestion = last.strip_prefix("suggested_lr=").expect(last);
    let rows = lines[1..lines.len() - 1]
        .iter()
        .map(|l| {
            let v: Vec<f64> = l.split(',').map(|f| f.parse().unwrap()).collect();
            [v[0], v[1], v[2]]
        })
        .collect();
    (rows, suggestion.parse().ok())
}

#[test]
fn rows_rise_in_lr_and_the_sweep_stops_by_the_four_times_rule() {
    let out = run(&["--optimizer", "adam", "--train-size", "5000"]).unwrap();
    let (rows, suggestion) = parse(&out);
    assert!(rows.len() > 10 && rows.len() < 300, "{} rows", rows.len());
    assert_eq!(rows[0][0], 1e-6);
    assert!(rows.windows(2).all(|w| w[1][0] > w[0][0]), "lr rises");
    let min = rows.iter().map(|r| r[2]).fold(f64::INFINITY, f64::min);
    let last = rows.last().unwrap()[2];
    assert!(last > 4.0 * min, "last smoothed {last}, min {min}");
    let lr = suggestion.unwrap();
    assert!(
        rows.iter().any(|r| r[0] == lr),
        "the suggestion is a row's lr"
    );
}

#[test]
fn out_writes_the_same_rows_without_the_suggestion() {
    let path = std::env::temp_dir().join(format!("descent-lr-{}.csv", std::process::id()));
    let out = run(&[
        "--train-size",
        "2000",
        "--iterations",
        "40",
        "--out",
        path.to_str().unwrap(),
    ])
    .unwrap();
    let file = std::fs::read_to_string(&path).unwrap();
    let _ = std::fs::remove_file(&path);
    let (rows, _) = parse(&out);
    assert_eq!(rows.len(), 40);
    assert!((rows[39][0] - 10.0).abs() < 1e-12);
    let without_last: Vec<&str> = out.lines().take(41).collect();
    assert_eq!(file.lines().collect::<Vec<_>>(), without_last);
}

#[test]
fn bad_sweep_settings_are_refused_in_one_line() {
    for (args, says) in [
        (&["--start-lr", "0"][..], "start lr"),
        (&["--end-lr", "1e-9"], "end lr"),
        (&["--iterations", "1"], "iterations"),
        (&["--lr", "-1"], "-1"),
    ] {
        let msg = format!("{:#}", run(args).unwrap_err());
        assert!(msg.contains(says) && !msg.contains('\n'), "{args:?}: {msg}");
    }
}

#[test]
fn one_epoch_at_the_suggested_lr_reaches_90_percent() {
    // The default network and SGD, on the full bundled MNIST (50,000 training images).
    let (_, suggestion) = parse(&run(&[]).unwrap());
    let lr = suggestion.expect("a suggestion").to_string();
    let args = T::try_parse_from(["train", "--epochs", "1", "--lr", &lr]).unwrap();
    let mut out = Vec::new();
    train(&args.a, &mut out).unwrap();
    let csv = String::from_utf8(out).unwrap();
    let val_acc: f64 = csv
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(5)
        .unwrap()
        .parse()
        .unwrap();
    assert!(val_acc >= 0.90, "lr {lr}: {csv}");
}

#[test]
fn a_short_sweep_says_why_it_suggests_nothing() {
    let parsed =
        W::try_parse_from(["lr-find", "--iterations", "100", "--train-size", "2000"]).unwrap();
    let mut out = Vec::new();
    let summary = lr_find(&parsed.a, &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.lines().last(), Some("suggested_lr=none"));
    let note = summary.describe();
    assert!(
        note.contains("too coarse") && note.contains("--iterations 150"),
        "{note}"
    );
}
