//! `descent slice`: trains like `descent train`, then writes grid² rows of `alpha,beta,loss,acc`;
//! bad values are refused with a message naming the flag, before any training.

use std::path::PathBuf;

use clap::Parser;
use descent::cli::slice::{SliceArgs, slice, slice_request};

#[derive(Parser, Debug)]
struct W {
    #[command(flatten)]
    a: SliceArgs,
}

fn parse(args: &[&str]) -> SliceArgs {
    W::try_parse_from(std::iter::once("slice").chain(args.iter().copied()))
        .unwrap_or_else(|e| panic!("{args:?} should parse: {e}"))
        .a
}

fn temp_csv(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("descent-slice-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn defaults_are_a_41_grid_over_2000_images_and_train_flags_still_work() {
    let a = parse(&[]);
    assert_eq!((a.grid, a.range, a.samples), (41, 1.0, 2000));
    assert_eq!(a.out, PathBuf::from("slice.csv"));
    let a = parse(&[
        "--epochs", "3", "--lr", "0.1", "--grid", "9", "--out", "x.csv",
    ]);
    assert_eq!(
        (a.train.epochs, a.train.hyper.lr, a.grid),
        (3, Some(0.1), 9)
    );
    assert_eq!(slice_request(&a).unwrap().resolution, 9);
}

#[test]
fn writes_grid_squared_rows_with_the_header() {
    let out = temp_csv("small.csv");
    let out_text = out.to_str().unwrap().to_owned();
    let args = parse(&[
        "--train-size",
        "600",
        "--epochs",
        "1",
        "--grid",
        "5",
        "--range",
        "0.5",
        "--samples",
        "150",
        "--out",
        &out_text,
    ]);
    let mut train_csv = Vec::new();
    let summary = slice(&args, &mut train_csv).unwrap();
    let train_csv = String::from_utf8(train_csv).unwrap();
    assert!(train_csv.starts_with("epoch,seconds,train_loss,train_acc,val_loss,val_acc,lr\n1,"));
    assert_eq!((summary.rows, summary.samples), (25, 150));
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "alpha,beta,loss,acc");
    assert_eq!(lines.len(), 1 + 5 * 5);
    let rows: Vec<Vec<f64>> = lines[1..]
        .iter()
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect();
    assert!(
        rows.iter()
            .all(|r| r.len() == 4 && r[2].is_finite() && (0.0..=1.0).contains(&r[3]))
    );
    assert_eq!((rows[0][0], rows[0][1]), (-0.5, -0.5));
    assert_eq!((rows[24][0], rows[24][1]), (0.5, 0.5));
    let centre = &rows[12];
    assert_eq!((centre[0], centre[1]), (0.0, 0.0));
    let highest = rows.iter().map(|r| r[2]).fold(f64::MIN, f64::max);
    assert!(highest > centre[2], "the loss changes across the slice");
    std::fs::remove_file(&out).ok();
}

#[test]
fn bad_values_are_refused_naming_the_flag() {
    for (flags, needle) in [
        (&["--grid", "1"][..], "--grid"),
        (&["--grid", "1000"], "--grid"),
        (&["--range", "0"], "--range"),
        (&["--range", "-1"], "--range"),
        (&["--range", "nan"], "--range"),
        (&["--samples", "0"], "--samples"),
        (&["--samples", "50000"], "--samples"),
    ] {
        let err = slice_request(&parse(flags)).unwrap_err().to_string();
        assert!(err.contains(needle), "{flags:?}: {err}");
    }
    assert!(W::try_parse_from(["slice", "--grid", "ten"]).is_err());
    let args = parse(&[
        "--grid",
        "5",
        "--out",
        "/nonexistent-dir/for/sure/x.csv",
        "--epochs",
        "1",
    ]);
    let err = slice(&args, &mut Vec::new()).unwrap_err().to_string();
    assert!(err.contains("cannot write"), "{err}");
    let args = parse(&["--lr", "-1", "--out", "unused.csv"]);
    assert!(
        slice(&args, &mut Vec::new()).is_err(),
        "training flags are still validated"
    );
}
