//! `descent train`: flags map onto the training config, bad values are refused with a
//! message naming the problem, and a run prints the chapter's CSV.

use clap::Parser;
use descent::cli::train::{TrainArgs, parse_hidden, train, train_config};
use descent::core::mlp::{Activation, Loss};
use descent::core::optimizer::OptimizerKind;
use descent::core::training::TrainConfig;

#[derive(Parser, Debug)]
struct W {
    #[command(flatten)]
    a: TrainArgs,
}

fn parse(args: &[&str]) -> Result<TrainArgs, clap::Error> {
    W::try_parse_from(std::iter::once("train").chain(args.iter().copied())).map(|w| w.a)
}

/// The error message of arguments that parse but do not make a valid configuration.
fn refused(args: &[&str]) -> String {
    let parsed = parse(args).unwrap_or_else(|e| panic!("{args:?} should parse: {e}"));
    match train_config(&parsed) {
        Ok(cfg) => panic!("{args:?} should be refused, got {cfg:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn no_flags_is_the_chapters_network() {
    assert_eq!(
        train_config(&parse(&[]).unwrap()).unwrap(),
        TrainConfig::default()
    );
}

#[test]
fn flags_reach_the_config() {
    let args = parse(&[
        "--hidden",
        "100,30",
        "--activation",
        "relu",
        "--loss",
        "mse",
        "--optimizer",
        "adam",
        "--lr",
        "0.002",
        "--beta2",
        "0.99",
        "--batch",
        "64",
        "--epochs",
        "3",
        "--train-size",
        "2000",
        "--l2",
        "1e-4",
        "--dropout",
        "0.2",
        "--noise",
        "0.1",
        "--patience",
        "2",
        "--seed",
        "7",
        "--test",
    ])
    .unwrap();
    assert!(args.test);
    let cfg = train_config(&args).unwrap();
    assert_eq!(cfg.hidden, [100, 30]);
    assert_eq!(cfg.activation, Activation::Relu);
    assert_eq!(cfg.loss, Loss::Mse);
    assert_eq!(cfg.optimizer, OptimizerKind::Adam);
    assert_eq!(cfg.hyper.lr, 0.002);
    assert_eq!(cfg.hyper.beta2, 0.99);
    assert_eq!(
        cfg.hyper.beta1, 0.9,
        "unset hyperparameters keep torch's defaults"
    );
    assert_eq!((cfg.batch_size, cfg.epochs, cfg.train_size), (64, 3, 2000));
    assert_eq!(
        (cfg.l2, cfg.l1, cfg.dropout, cfg.noise),
        (1e-4, 0.0, 0.2, 0.1)
    );
    assert_eq!((cfg.patience, cfg.seed), (Some(2), 7));
}

#[test]
fn hidden_lists_parse_and_bad_ones_are_refused() {
    assert_eq!(parse_hidden("15").unwrap(), [15]);
    assert_eq!(parse_hidden(" 100, 30 ").unwrap(), [100, 30]);
    assert!(parse_hidden("none").unwrap().is_empty());
    for (bad, says) in [
        ("15,0", "1 to 4096"),
        ("15,-3", "1 to 4096"),
        ("15,x", "\"x\" is not a whole number"),
        ("15,,10", "\"\" is not a whole number"),
        ("1.5", "not a whole number"),
        ("100000", "1 to 4096"),
        ("1,1,1,1,1,1,1,1,1", "at most 8"),
    ] {
        let msg = refused(&["--hidden", bad]);
        assert!(msg.contains(says), "--hidden {bad}: {msg}");
    }
}

#[test]
fn negative_and_non_numeric_counts_fail_to_parse_with_a_reason() {
    for (flag, value, says) in [
        ("--batch", "-3", "at least 1"),
        ("--batch", "0", "at least 1"),
        ("--epochs", "-1", "at least 1"),
        ("--train-size", "ten", "whole number"),
        ("--patience", "0", "at least 1"),
        ("--seed", "-1", "whole number"),
    ] {
        let err = parse(&[flag, value]).unwrap_err().to_string();
        assert!(
            err.contains(flag) && err.contains(says),
            "{flag} {value}: {err}"
        );
    }
}

#[test]
fn bad_values_are_refused_with_a_message_naming_them() {
    for (args, says) in [
        (&["--lr", "-0.1"][..], "-0.1"),
        (&["--lr", "NaN"], "NaN"),
        (&["--lr", "inf"], "inf"),
        (&["--lr", "1e9"], "--lr must be at most"),
        (&["--optimizer", "adam", "--beta1", "1"], "[0, 1)"),
        (&["--optimizer", "adam", "--eps", "0"], "> 0"),
        (
            &["--optimizer", "adam", "--rho", "0.9"],
            "--rho does not apply to adam",
        ),
        (&["--momentum", "0.9"], "--momentum does not apply to sgd"),
        (
            &["--optimizer", "adamm"],
            "unknown optimizer \"adamm\"; choose one of: sgd",
        ),
        (&["--activation", "gelu"], "unknown activation \"gelu\""),
        (&["--loss", "hinge"], "unknown loss \"hinge\""),
        (&["--l2", "-1"], "--l2 must be"),
        (&["--l1", "NaN"], "--l1 must be"),
        (&["--noise", "1e6"], "--noise must be"),
        (&["--dropout", "1"], "--dropout must be"),
        (&["--dropout", "-0.5"], "--dropout must be"),
        (&["--epochs", "100000"], "--epochs must be at most"),
        (&["--batch", "1000000"], "--batch must be at most"),
        (
            &["--train-size", "10000000"],
            "--train-size must be at most",
        ),
    ] {
        let msg = refused(args);
        assert!(msg.contains(says), "{args:?}: {msg}");
        assert!(!msg.contains('\n'), "one line: {msg}");
    }
}

fn run(args: &[&str]) -> anyhow::Result<String> {
    let mut out = Vec::new();
    train(&parse(args).unwrap(), &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

#[test]
fn one_epoch_prints_the_header_and_one_row() {
    let csv = run(&["--epochs", "1", "--train-size", "2000"]).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert_eq!(
        lines[0],
        "epoch,seconds,train_loss,train_acc,val_loss,val_acc,lr"
    );
    let row: Vec<f64> = lines[1].split(',').map(|f| f.parse().unwrap()).collect();
    assert_eq!(row.len(), 7);
    assert_eq!(row[0], 1.0);
    assert!(row[1] > 0.0);
    assert!((0.0..=1.0).contains(&row[3]) && (0.0..=1.0).contains(&row[5]));
    assert!(
        row[5] > 0.6,
        "one epoch on 2,000 images learns something: {csv}"
    );
}

#[test]
fn test_flag_prints_the_test_accuracy_last() {
    let csv = run(&["--epochs", "1", "--train-size", "2000", "--test"]).unwrap();
    let last = csv.lines().last().unwrap();
    let acc: f64 = last.strip_prefix("test_acc=").unwrap().parse().unwrap();
    assert!((0.6..=1.0).contains(&acc), "{csv}");
    assert_eq!(last.len(), "test_acc=0.XXXX".len());
}

#[test]
fn a_missing_data_directory_is_named_in_the_error() {
    let err = run(&["--data", "/no/such/mnist", "--epochs", "1"]).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("/no/such/mnist/train-images-idx3-ubyte.gz"),
        "{msg}"
    );
}

/// Writes raw IDX files with `train` training and 3 test images (labels cycle 0-9).
fn tiny_data(tag: &str, train: u32) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("descent-cli-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (prefix, n) in [("train", train), ("t10k", 3)] {
        let mut images = Vec::new();
        for w in [0x0803, n, 28, 28] {
            images.extend(u32::to_be_bytes(w));
        }
        images.extend((0..n * 784).map(|i| (i * 7 % 256) as u8));
        let mut labels = Vec::new();
        for w in [0x0801, n] {
            labels.extend(u32::to_be_bytes(w));
        }
        labels.extend((0..n).map(|i| (i % 10) as u8));
        std::fs::write(dir.join(format!("{prefix}-images-idx3-ubyte")), images).unwrap();
        std::fs::write(dir.join(format!("{prefix}-labels-idx1-ubyte")), labels).unwrap();
    }
    dir
}

#[test]
fn a_dataset_too_small_to_split_is_refused_in_one_line() {
    let dir = tiny_data("four", 4);
    let err = run(&["--data", dir.to_str().unwrap(), "--epochs", "1"]).unwrap_err();
    let msg = format!("{err:#}");
    assert!(!msg.contains('\n'), "one line: {msg}");
    assert!(
        msg.contains("has 4 images") && msg.contains("at least 12"),
        "{msg}"
    );
}

#[test]
fn the_smallest_splittable_dataset_reports_a_real_validation_loss() {
    let dir = tiny_data("twelve", 12);
    let csv = run(&["--data", dir.to_str().unwrap(), "--epochs", "1"]).unwrap();
    let row: Vec<f64> = csv
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .map(|f| f.parse().unwrap())
        .collect();
    // Validation is 2 images of an untrained-ish network over 10 classes: cross-entropy near
    // ln 10, certainly not the 0 of an empty set.
    assert!(row[4] > 0.5, "val_loss over 2 images: {csv}");
}

/// The real binary: its exit code, standard output and standard error.
fn binary(args: &[&str]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_descent"))
        .args(args)
        .output()
        .expect("the descent binary runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn schedule_flag_sets_each_epochs_lr_in_the_csv() {
    let (code, stdout, stderr) = binary(&[
        "train",
        "--schedule",
        "step:step_size=1,gamma=0.5",
        "--epochs",
        "2",
        "--train-size",
        "1000",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let lrs: Vec<f64> = stdout
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(lrs, [0.5, 0.25], "{stdout}");
}

#[test]
fn a_bad_schedule_is_one_line_and_exit_code_1() {
    for (spec, says) in [
        ("step:gamma=0.5", "step needs step_size"),
        ("warmup", "unknown schedule \"warmup\""),
        ("cosine:t_max=-3", "t_max must be a whole number"),
    ] {
        let (code, stdout, stderr) = binary(&["train", "--schedule", spec, "--epochs", "1"]);
        assert_eq!(code, Some(1), "{spec}: {stderr}");
        assert!(stdout.is_empty(), "{spec}: nothing trained: {stdout}");
        assert_eq!(stderr.trim().lines().count(), 1, "{spec}: {stderr}");
        assert!(
            stderr.contains("--schedule") && stderr.contains(says),
            "{spec}: {stderr}"
        );
    }
}
