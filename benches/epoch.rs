//! `cargo bench --bench epoch`: one epoch of the chapter's 784-15-10 MLP on all 60,000 MNIST
//! training images, descent against the numpy reference trainer in the same run, plus the
//! other settings a class uses and the time to evaluate 10,000 images.
//!
//! The reference is `python3 $DESCENT_REFERENCE` (default `../shared/bench/mlp_reference.py`
//! next to the crate); it is skipped with a message when python, numpy or the script is
//! missing. Times are medians over fresh runs with different seeds; accuracies are the test
//! accuracy after the one epoch, mean over the same runs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use descent::core::mlp::Activation;
use descent::core::mnist::{self, Dataset};
use descent::core::optimizer::OptimizerKind;
use descent::core::training::{TrainConfig, Trainer};

/// Runs per descent row, and per reference row (the reference pays ~1 s of start-up each).
const RUNS: usize = 5;
const REFERENCE_RUNS: usize = 3;

struct Setting {
    name: &'static str,
    hidden: usize,
    batch: usize,
    lr: f64,
    activation: Activation,
    optimizer: OptimizerKind,
    /// Whether the reference can train it (it only knows sigmoid + SGD).
    reference: bool,
}

const fn setting(name: &'static str, hidden: usize, batch: usize, lr: f64) -> Setting {
    Setting {
        name,
        hidden,
        batch,
        lr,
        activation: Activation::Sigmoid,
        optimizer: OptimizerKind::Sgd,
        reference: true,
    }
}

const SETTINGS: [Setting; 7] = [
    setting("default (h15, batch 32)", 15, 32, 0.5),
    setting("batch 1", 15, 1, 0.1),
    setting("batch 128", 15, 128, 0.5),
    setting("full batch (50,000)", 15, 50_000, 0.5),
    setting("hidden 100", 100, 32, 0.5),
    Setting {
        activation: Activation::Relu,
        reference: false,
        ..setting("ReLU", 15, 32, 0.1)
    },
    Setting {
        optimizer: OptimizerKind::Adam,
        reference: false,
        ..setting("Adam (lr 0.001)", 15, 32, 0.001)
    },
];

#[derive(Clone, Copy)]
struct Measured {
    seconds: f64,
    acc: f64,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn summarise(runs: &[Measured]) -> Measured {
    Measured {
        seconds: median(runs.iter().map(|r| r.seconds).collect()),
        acc: runs.iter().map(|r| r.acc).sum::<f64>() / runs.len() as f64,
    }
}

fn descent_epoch(s: &Setting, seed: u64, train: &Dataset, test: &Dataset) -> Measured {
    let mut cfg = TrainConfig {
        hidden: vec![s.hidden],
        activation: s.activation,
        optimizer: s.optimizer,
        batch_size: s.batch,
        epochs: 1,
        seed,
        ..Default::default()
    };
    cfg.hyper = s.optimizer.default_hyper();
    cfg.hyper.lr = s.lr;
    let mut trainer = Trainer::new(&cfg, train.len()).expect("valid setting");
    // The one-off sparse copy of the images, like the reference's conversion to floats, is
    // made before the clock starts (its cost is printed separately).
    trainer.prepare(train);
    let start = Instant::now();
    trainer.epoch(train).expect("training does not diverge");
    let seconds = start.elapsed().as_secs_f64();
    Measured {
        seconds,
        acc: trainer.evaluate(test).expect("a non-empty test set").1,
    }
}

fn reference_script() -> PathBuf {
    std::env::var_os("DESCENT_REFERENCE").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/mlp_reference.py"),
        PathBuf::from,
    )
}

/// Why the reference cannot run, if it cannot.
fn reference_missing(script: &Path) -> Option<String> {
    if !script.is_file() {
        return Some(format!(
            "{} not found (set DESCENT_REFERENCE)",
            script.display()
        ));
    }
    match Command::new("python3")
        .args(["-c", "import numpy"])
        .output()
    {
        Err(e) => Some(format!("python3 cannot be run: {e}")),
        Ok(o) if !o.status.success() => Some("numpy is not installed (pip install numpy)".into()),
        Ok(_) => None,
    }
}

fn reference_epoch(script: &Path, s: &Setting, seed: u64) -> Option<Measured> {
    let out = Command::new("python3")
        .arg(script)
        .args([
            "--data",
            concat!(env!("CARGO_MANIFEST_DIR"), "/assets/mnist"),
        ])
        .args(["--impl", "numpy", "--epochs", "1"])
        .args(["--hidden", &s.hidden.to_string()])
        .args(["--batch", &s.batch.to_string()])
        .args(["--lr", &s.lr.to_string()])
        .args(["--seed", &seed.to_string()])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find(|l| l.starts_with("epoch=1 "))?;
    let field = |key: &str| -> Option<f64> {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(key))?
            .parse()
            .ok()
    };
    Some(Measured {
        seconds: field("seconds=")?,
        acc: field("test_acc=")?,
    })
}

fn main() {
    // `cargo bench` passes `--bench`; a name filter is not supported, everything runs.
    let (train, test) = match mnist::load_bundled() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("skipping: cannot load the bundled MNIST: {e}");
            return;
        }
    };
    let script = reference_script();
    let missing = reference_missing(&script);
    if let Some(why) = &missing {
        println!("numpy reference skipped: {why}");
    }
    println!(
        "one epoch = {} training images, test accuracy on {} images; descent: median of {RUNS} \
         fresh runs (seeds 1..={RUNS}), numpy: median of {REFERENCE_RUNS} (seeds 0..{REFERENCE_RUNS}), \
         one thread each\n",
        train.len(),
        test.len()
    );
    println!(
        "| setting | descent s/epoch | numpy s/epoch | descent/numpy | descent acc | numpy acc |"
    );
    println!("|---|---|---|---|---|---|");
    let mut default_seconds = None;
    for s in &SETTINGS {
        let ours: Vec<Measured> = (1..=RUNS as u64)
            .map(|seed| descent_epoch(s, seed, &train, &test))
            .collect();
        let ours = summarise(&ours);
        let default = *default_seconds.get_or_insert(ours.seconds);
        let theirs = (s.reference && missing.is_none())
            .then(|| {
                let runs: Vec<Measured> = (0..REFERENCE_RUNS as u64)
                    .filter_map(|seed| reference_epoch(&script, s, seed))
                    .collect();
                (!runs.is_empty()).then(|| summarise(&runs))
            })
            .flatten();
        match theirs {
            Some(t) => println!(
                "| {} | {:.4} | {:.4} | **{:.2}x** | {:.4} | {:.4} |",
                s.name,
                ours.seconds,
                t.seconds,
                ours.seconds / t.seconds,
                ours.acc,
                t.acc
            ),
            None => println!(
                "| {} | {:.4} | - | ({:.2}x the default row) | {:.4} | - |",
                s.name,
                ours.seconds,
                ours.seconds / default,
                ours.acc
            ),
        }
    }

    let prepare: Vec<f64> = (0..5)
        .map(|_| {
            let mut t = Trainer::new(&TrainConfig::default(), train.len()).expect("default config");
            let start = Instant::now();
            t.prepare(&train);
            start.elapsed().as_secs_f64()
        })
        .collect();
    println!(
        "\none-off sparse copy of the {} training images (Trainer::prepare): {:.1} ms (median of 5)",
        train.len(),
        median(prepare) * 1e3
    );

    // Evaluation: the 10,000 validation images at the end of the training file.
    let validation = mnist::split(train.clone(), test.clone(), 50_000)
        .expect("the bundled MNIST splits")
        .validation;
    let trainer = Trainer::new(&TrainConfig::default(), 1).expect("default config");
    let times: Vec<f64> = (0..11)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(trainer.evaluate(std::hint::black_box(&validation)));
            start.elapsed().as_secs_f64()
        })
        .collect();
    println!(
        "evaluate {} validation images (784-15-10): {:.2} ms (median of 11)",
        validation.len(),
        median(times) * 1e3
    );
}
