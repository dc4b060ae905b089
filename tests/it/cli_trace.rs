//! `descent trace`: the CSV handouts and its error messages.

use clap::Parser;
use descent::cli::{Cli, Command, TraceArgs};

fn parse(args: &[&str]) -> TraceArgs {
    let cli = Cli::try_parse_from(std::iter::once("descent").chain(args.iter().copied()))
        .unwrap_or_else(|e| panic!("{e}"));
    match cli.command {
        Some(Command::Trace(t)) => t,
        other => panic!("not a trace: {other:?}"),
    }
}

fn run(args: &[&str]) -> anyhow::Result<String> {
    let mut out = Vec::new();
    descent::cli::trace(&parse(args), &mut out)?;
    Ok(String::from_utf8(out)?)
}

#[test]
fn trace_prints_steps_zero_to_n_with_a_negative_start() {
    let csv = run(&[
        "trace",
        "--surface",
        "rosenbrock",
        "--optimizer",
        "adam",
        "--start",
        "-1.5,2",
        "--steps",
        "10",
        "--lr",
        "0.1",
    ])
    .expect("valid trace");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "step,x,y,loss");
    assert_eq!(lines.len(), 12, "header + steps 0..=10");
    assert_eq!(
        lines[1], "0,-1.5,2,12.5",
        "step 0 is the start: (1+1.5)² + 100(2−2.25)² = 6.25 + 6.25"
    );
    // Adam's first step moves each coordinate by ≈ lr against the gradient's sign.
    let step1: Vec<f64> = lines[2].split(',').map(|v| v.parse().unwrap()).collect();
    assert!(
        (step1[1] - (-1.4)).abs() < 1e-6 && (step1[2] - 2.1).abs() < 1e-6,
        "{step1:?}"
    );
}

#[test]
fn nesterov_flag_switches_to_nesterov_momentum() {
    let plain = run(&[
        "trace",
        "--surface",
        "booth",
        "--optimizer",
        "sgd",
        "--momentum",
        "0.9",
        "--lr",
        "0.01",
        "--steps",
        "5",
    ])
    .unwrap();
    let nesterov = run(&[
        "trace",
        "--surface",
        "booth",
        "--optimizer",
        "sgd",
        "--momentum",
        "0.9",
        "--nesterov",
        "--lr",
        "0.01",
        "--steps",
        "5",
    ])
    .unwrap();
    assert_ne!(plain, nesterov);
}

#[test]
fn bad_input_gives_a_clear_error() {
    let cases: [(&[&str], &str); 6] = [
        (
            &["trace", "--surface", "nope", "--optimizer", "sgd"],
            "unknown surface",
        ),
        (
            &["trace", "--surface", "beale", "--optimizer", "nope"],
            "unknown optimizer",
        ),
        (
            &[
                "trace",
                "--surface",
                "beale",
                "--optimizer",
                "sgd",
                "--lr",
                "NaN",
            ],
            "learning rate",
        ),
        (
            &[
                "trace",
                "--surface",
                "beale",
                "--optimizer",
                "sgd",
                "--lr",
                "-1",
            ],
            "learning rate",
        ),
        (
            &[
                "trace",
                "--surface",
                "beale",
                "--optimizer",
                "adam",
                "--beta1",
                "1",
            ],
            "β₁",
        ),
        (
            &[
                "trace",
                "--surface",
                "beale",
                "--optimizer",
                "sgd",
                "--start",
                "1",
            ],
            "--start",
        ),
    ];
    for (args, expected) in cases {
        let err = run(args).expect_err("must be refused").to_string();
        assert!(err.contains(expected), "{args:?}: {err}");
    }
}

#[test]
fn a_diverging_trace_stops_and_reports_it() {
    let mut out = Vec::new();
    let args = parse(&[
        "trace",
        "--surface",
        "rosenbrock",
        "--optimizer",
        "sgd",
        "--lr",
        "10",
        "--steps",
        "1000",
    ]);
    let status = descent::cli::trace(&args, &mut out).expect("divergence is not an input error");
    assert!(matches!(
        status,
        descent::core::race::Status::Diverged { .. }
    ));
    let text = String::from_utf8(out).unwrap();
    assert!(text.lines().count() < 1002);
    assert!(!text.contains("NaN") && !text.contains("inf"));
}

#[test]
fn schedule_flag_steps_the_scheduler_after_every_optimizer_step() {
    use descent::core::optimizer::{Optimizer, OptimizerKind};
    use descent::core::schedule::{Schedule, Scheduler};
    use descent::core::surface::{Surface, SurfaceKind};
    let spec = "onecycle:max_lr=0.05,total_steps=30,three_phase=true";
    let args = [
        "trace",
        "--surface",
        "rosenbrock",
        "--optimizer",
        "adam",
        "--steps",
        "30",
        "--schedule",
        spec,
    ];
    let csv = run(&args).expect("valid trace");
    // Independent replay: torch's loop, opt.step(); sched.step(), written out by hand.
    let surface = Surface::new(SurfaceKind::Rosenbrock);
    let mut hyper = OptimizerKind::Adam.default_hyper();
    let mut sched = Scheduler::new(
        spec.parse::<Schedule>().unwrap(),
        OptimizerKind::Adam,
        hyper.lr,
    );
    sched.apply(&mut hyper);
    let mut opt = Optimizer::<f64>::new(OptimizerKind::Adam, hyper, 2);
    let mut p = [-1.5, 2.0];
    let rows: Vec<Vec<f64>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect();
    assert_eq!(rows.len(), 31);
    for row in &rows[1..] {
        let g = surface.gradient(p);
        opt.step(&mut p, &g);
        sched.step();
        sched.apply(&mut hyper);
        opt.set_hyper(hyper);
        assert_eq!([row[1], row[2]], p, "step {}", row[0]);
    }
    let plain = run(&args[..7]).expect("valid trace");
    assert_ne!(plain, csv, "the schedule changes the path");
}

#[test]
fn schedule_flag_errors_are_one_line() {
    let base = [
        "trace",
        "--surface",
        "booth",
        "--optimizer",
        "sgd",
        "--steps",
        "50",
    ];
    for (spec, expected) in [
        ("cosine:tmax=5", "cosine has no key \"tmax\""),
        (
            "onecycle:max_lr=0.1,total_steps=20",
            "--steps 50 is past the schedule's total_steps=20",
        ),
    ] {
        let mut args = base.to_vec();
        args.extend(["--schedule", spec]);
        let msg = run(&args).expect_err("refused").to_string();
        assert!(msg.contains(expected) && !msg.contains('\n'), "{msg}");
    }
}
