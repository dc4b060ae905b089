//! Claim: every schedule reproduces torch.optim.lr_scheduler (tests/fixtures/schedules.json, made
//! by tests/fixtures/make_schedule_fixtures.py): the lr, and OneCycle's momentum / β₁, after
//! construction and after each step to 1e-12; and optimizer trajectories under a schedule
//! (`opt.step(); sched.step()`) match torch's to 1e-12 at every step.

use descent::core::optimizer::{Hyper, HyperParam, Optimizer, OptimizerKind};
use descent::core::schedule::{Anneal, Schedule, Scheduler};

// The optimizer fixtures' test functions: both fixture scripts share them too.
use super::core_optimizers_torch::{quadratic_grad, rosenbrock_grad};

const TOL: f64 = 1e-12;

#[derive(serde::Deserialize)]
struct Fixtures {
    torch_version: String,
    sequences: Vec<Sequence>,
    trajectories: Vec<Run>,
}

#[derive(serde::Deserialize)]
struct Sequence {
    spec: String,
    kind: String,
    base_lr: f64,
    lrs: Vec<f64>,
    momenta: Vec<f64>,
}

#[derive(serde::Deserialize)]
struct Run {
    kind: String,
    function: String,
    spec: String,
    hyper: serde_json::Map<String, serde_json::Value>,
    start: Vec<f64>,
    trajectory: Vec<Vec<f64>>,
    lrs: Vec<f64>,
}

fn fixtures() -> Fixtures {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schedules.json");
    let text = std::fs::read_to_string(path).expect("run tests/fixtures/make_schedule_fixtures.py");
    let fx: Fixtures = serde_json::from_str(&text).expect("fixture JSON");
    assert!(
        fx.torch_version.starts_with('2'),
        "torch {}",
        fx.torch_version
    );
    fx
}

fn parse(spec: &str) -> Schedule {
    spec.parse()
        .unwrap_or_else(|e| panic!("fixture spec {spec:?}: {e}"))
}

fn kind(name: &str) -> OptimizerKind {
    OptimizerKind::from_name(name).expect("known kind")
}

/// Relative to max(1, |expected|), so tiny OneCycle end lrs are compared as tightly as big ones.
fn close(ours: f64, torch: f64) -> f64 {
    (ours - torch).abs() / torch.abs().max(1.0)
}

fn momentum_param(kind: OptimizerKind) -> HyperParam {
    if kind.uses(HyperParam::Beta1) {
        HyperParam::Beta1
    } else {
        HyperParam::Momentum
    }
}

#[test]
fn lr_and_momentum_sequences_match_torch() {
    let fx = fixtures();
    let mut worst = 0.0f64;
    for seq in &fx.sequences {
        let schedule = parse(&seq.spec);
        let kind = kind(&seq.kind);
        let mut hyper = Hyper {
            lr: seq.base_lr,
            ..kind.default_hyper()
        };
        let mut s = Scheduler::new(schedule, kind, seq.base_lr);
        for (t, (&lr, &m)) in seq.lrs.iter().zip(&seq.momenta).enumerate() {
            if t > 0 {
                s.step();
            }
            s.apply(&mut hyper);
            let ours_m = hyper.get(momentum_param(kind));
            let err = close(s.lr(), lr).max(close(ours_m, m));
            worst = worst.max(err);
            assert!(
                err <= TOL,
                "{} ({}), step {t}: lr ours {} torch {lr}, momentum ours {ours_m} torch {m}",
                seq.spec,
                seq.kind,
                s.lr()
            );
        }
        assert_eq!(s.last_epoch() as usize, seq.lrs.len() - 1);
    }
    eprintln!(
        "worst lr/momentum deviation from torch {}: {worst:e}",
        fx.torch_version
    );
}

/// Closed loop: gradients from our own iterates, so drift in lr or momentum compounds.
#[test]
fn trajectories_under_a_schedule_match_torch() {
    let fx = fixtures();
    let mut worst = 0.0f64;
    for run in &fx.trajectories {
        let kind = kind(&run.kind);
        let schedule = parse(&run.spec);
        let mut hyper: Hyper = serde_json::from_value(run.hyper.clone().into()).expect("hyper");
        let grad_fn: fn(&[f64]) -> Vec<f64> = match run.function.as_str() {
            "rosenbrock" => rosenbrock_grad,
            "quadratic" => quadratic_grad,
            other => panic!("unknown function {other}"),
        };
        let mut sched = Scheduler::new(schedule, kind, hyper.lr);
        sched.apply(&mut hyper);
        let mut opt = Optimizer::<f64>::new(kind, hyper, run.start.len());
        let mut p = run.start.clone();
        for (t, expected) in run.trajectory.iter().enumerate().skip(1) {
            let g = grad_fn(&p);
            assert!(
                close(opt.hyper().lr, run.lrs[t - 1]) <= TOL,
                "{} lr, step {t}",
                run.spec
            );
            opt.step(&mut p, &g);
            sched.step();
            sched.apply(&mut hyper);
            opt.set_hyper(hyper);
            let scale = expected.iter().fold(1.0f64, |m, v| m.max(v.abs()));
            for (a, e) in p.iter().zip(expected) {
                let err = (a - e).abs() / scale;
                worst = worst.max(err);
                assert!(
                    err <= TOL,
                    "{} + {} on {}, step {t}: ours {p:?}, torch {expected:?}",
                    run.kind,
                    run.spec,
                    run.function
                );
            }
        }
        assert_ne!(p, run.start, "{} never moved", run.kind);
    }
    eprintln!(
        "worst trajectory deviation from torch {}: {worst:e}",
        fx.torch_version
    );
}

/// The fixtures cover what the issue asks for, so a regenerated file cannot silently drop cases.
#[test]
fn fixtures_cover_every_schedule_and_the_momentum_cycling_cases() {
    let fx = fixtures();
    let schedules: Vec<Schedule> = fx.sequences.iter().map(|s| parse(&s.spec)).collect();
    for name in Schedule::NAMES {
        assert!(
            schedules.iter().any(|s| s.name() == name),
            "no {name} sequence"
        );
    }
    let past_t_max = fx.sequences.iter().any(|s| {
        matches!(parse(&s.spec), Schedule::Cosine { t_max, .. } if (s.lrs.len() as u64) > 2 * t_max + 2)
    });
    assert!(past_t_max, "no cosine sequence runs past 2·t_max");
    let one_cycles: Vec<_> = schedules
        .iter()
        .filter_map(|s| match s {
            Schedule::OneCycle(c) => Some(c),
            _ => None,
        })
        .collect();
    for (anneal, three_phase) in [
        (Anneal::Cos, false),
        (Anneal::Linear, false),
        (Anneal::Cos, true),
    ] {
        assert!(
            one_cycles
                .iter()
                .any(|c| c.anneal == anneal && c.three_phase == three_phase),
            "no onecycle {anneal:?} three_phase={three_phase}"
        );
    }
    let cycled = |pred: fn(OptimizerKind) -> bool| {
        fx.trajectories
            .iter()
            .filter(|r| {
                pred(kind(&r.kind))
                    && matches!(parse(&r.spec), Schedule::OneCycle(c) if c.cycle_momentum)
            })
            .count()
    };
    assert!(cycled(|k| matches!(k, OptimizerKind::Momentum | OptimizerKind::Nesterov)) >= 2);
    assert!(cycled(|k| k.uses(HyperParam::Beta1)) >= 3);
}

/// A schedule really changes the path: the same run without it ends elsewhere.
#[test]
fn a_one_cycle_fixture_differs_from_its_constant_lr_run() {
    let fx = fixtures();
    let run = fx
        .trajectories
        .iter()
        .find(|r| r.kind == "adam" && r.spec.starts_with("onecycle"))
        .expect("adam onecycle run");
    let hyper: Hyper = serde_json::from_value(run.hyper.clone().into()).expect("hyper");
    let mut opt = Optimizer::<f64>::new(OptimizerKind::Adam, hyper, run.start.len());
    let mut p = run.start.clone();
    for _ in 1..run.trajectory.len() {
        let g = rosenbrock_grad(&p);
        opt.step(&mut p, &g);
    }
    let last = run.trajectory.last().expect("non-empty");
    assert!(
        p.iter().zip(last).any(|(a, b)| (a - b).abs() > 1e-3),
        "{p:?} vs {last:?}"
    );
}
