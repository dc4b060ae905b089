//! Sliding off a surface with no bottom is escaping, not diverging.

use descent::core::lab::Lab;
use descent::core::optimizer::OptimizerKind;
use descent::core::presets;
use descent::core::race::{self, ESCAPE_FACTOR, Racer, Status};
use descent::core::surface::{Surface, SurfaceKind};

fn racer(kind: OptimizerKind, lr: f64) -> Racer {
    let mut r = Racer::new(kind);
    r.hyper.lr = lr;
    r
}

#[test]
fn paths_escaping_the_saddle_are_escaped_not_diverged_and_their_losses_stay_readable() {
    let lab = Lab::new(presets::radford_saddle());
    let view = lab.state.surface.default_view();
    // The lowest loss a kept point can have: |x| and |y| at most ESCAPE_FACTOR view sizes from
    // the centre, so x² − y² ≥ −(|c_y| + ESCAPE_FACTOR·height)².
    let c = view.center();
    let lowest = -(c[1].abs() + ESCAPE_FACTOR * view.height()).powi(2);
    let mut escaped = 0;
    for (entry, t) in lab.state.entries.iter().zip(&lab.trajectories) {
        let Some(t) = t else { continue };
        let name = entry.racer.kind.label();
        assert!(!t.diverged(), "{name} is flagged diverged: {:?}", t.status);
        if let Status::Escaped { step } = t.status {
            escaped += 1;
            assert_eq!(step, t.steps(), "{name} stops at the escaping step");
            assert!(t.loss_at(step) < t.losses[0], "{name} went downhill");
        }
        let min = t.losses.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(min >= lowest, "{name}'s loss reaches {min}, below {lowest}");
    }
    assert!(escaped >= 2, "the preset shows paths escaping ({escaped})");
}

#[test]
fn a_huge_step_across_the_saddle_still_diverges() {
    // |1 − 2·lr| = 9 per step along x: the loss climbs, so this is an unstable step.
    let surface = Surface::new(SurfaceKind::Saddle);
    let start = race::default_start(SurfaceKind::Saddle);
    let t = race::run(&surface, start, &racer(OptimizerKind::Sgd, 5.0), 100, None);
    assert!(
        matches!(t.status, Status::Diverged { .. }),
        "{:?}",
        t.status
    );
}

#[test]
fn a_huge_learning_rate_on_a_bowl_is_diverged() {
    for kind in [SurfaceKind::LongValley, SurfaceKind::Booth] {
        let surface = Surface::new(kind);
        let t = race::run(
            &surface,
            race::default_start(kind),
            &racer(OptimizerKind::Sgd, 10.0),
            100,
            None,
        );
        assert!(
            matches!(t.status, Status::Diverged { .. }),
            "{}: {:?}",
            kind.name(),
            t.status
        );
    }
}

#[test]
fn the_monkey_saddle_lets_paths_escape_down_its_valleys() {
    let surface = Surface::new(SurfaceKind::MonkeySaddle);
    let start = race::default_start(SurfaceKind::MonkeySaddle);
    let t = race::run(
        &surface,
        start,
        &racer(OptimizerKind::Adam, 0.05),
        2000,
        None,
    );
    assert!(matches!(t.status, Status::Escaped { .. }), "{:?}", t.status);
}

#[test]
fn bounded_surfaces_never_report_escaping() {
    for kind in SurfaceKind::ALL {
        let surface = Surface::new(kind);
        let start = race::default_start(kind);
        for lr in [0.01, 1.0, 100.0] {
            let t = race::run(&surface, start, &racer(OptimizerKind::Sgd, lr), 300, None);
            assert!(
                !t.escaped() || kind.unbounded_below(),
                "{} lr {lr}: {:?}",
                kind.name(),
                t.status
            );
        }
    }
}

#[test]
fn status_words_are_what_the_screen_export_and_cli_print() {
    assert_eq!(Status::Finished.describe(), None);
    let diverged = Status::Diverged { step: 7 }.describe().expect("text");
    let escaped = Status::Escaped { step: 7 }.describe().expect("text");
    assert_eq!(diverged, "diverged at step 7");
    assert_eq!(escaped, "escaped (loss → −∞) at step 7");
    for text in [diverged, escaped] {
        assert!(
            descent::export::font_covers(&text),
            "export font lacks {text}"
        );
    }
}

#[test]
fn trace_on_the_saddle_reports_the_escape() {
    use clap::Parser;
    let cli = descent::cli::Cli::try_parse_from([
        "descent",
        "trace",
        "--surface",
        "saddle",
        "--optimizer",
        "momentum",
        "--lr",
        "0.05",
        "--steps",
        "500",
    ])
    .expect("valid arguments");
    let Some(descent::cli::Command::Trace(args)) = cli.command else {
        panic!("a trace")
    };
    let mut out = Vec::new();
    let status = descent::cli::trace(&args, &mut out).expect("escaping is not an error");
    assert!(matches!(status, Status::Escaped { .. }), "{status:?}");
}
