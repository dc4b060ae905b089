//! A formula surface in everything a built-in one goes through: the race (and its holes), the
//! picture, scenes, lectures, exports and `descent trace --formula`.

use std::process::Command;

use clap::Parser;
use descent::cli::export::{ExportArgs, export};
use descent::cli::{Cli, TraceArgs};
use descent::core::lab::{Lab, LabState, default_entries};
use descent::core::lecture;
use descent::core::optimizer::OptimizerKind;
use descent::core::race::{self, Racer, Status};
use descent::core::scene::{self, Scene};
use descent::core::surface::{FormulaSurface, Surface, SurfaceKind};

use super::core_formula::SPELLED_OUT;

fn formula(text: &str) -> Surface {
    Surface::Formula(FormulaSurface::parse(text).expect("valid formula"))
}

fn trace_csv(args: &[&str]) -> String {
    let cli = Cli::try_parse_from(["descent", "trace"].iter().chain(args).copied())
        .unwrap_or_else(|e| panic!("{e}"));
    let Some(descent::cli::Command::Trace(t)) = cli.command else {
        panic!("not a trace");
    };
    let t: TraceArgs = t;
    let mut out = Vec::new();
    descent::cli::trace(&t, &mut out).unwrap_or_else(|e| panic!("{e:#}"));
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn trace_formula_gives_the_built_in_surfaces_path_to_1e_9() {
    // Paths that stay in view (divergence is judged against each surface's own window).
    let cases = [
        (SurfaceKind::Rosenbrock, "adam", "0.05", "-1.5,2"),
        (SurfaceKind::Rosenbrock, "momentum", "0.0005", "-1.5,2"),
        (SurfaceKind::Himmelblau, "sgd", "0.01", "-0.5,0.5"),
        (SurfaceKind::Booth, "rmsprop", "0.1", "-7,-6"),
        (SurfaceKind::Beale, "adam", "0.01", "0.7,1.4"),
        (SurfaceKind::SixHumpCamel, "nesterov", "0.02", "-1.6,0.9"),
        (SurfaceKind::Banana, "adagrad", "0.3", "-1.5,0.9"),
    ];
    for (kind, optimizer, lr, start) in cases {
        let text = SPELLED_OUT
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, t)| *t)
            .expect("spelled out");
        let common = [
            "--optimizer",
            optimizer,
            "--lr",
            lr,
            "--start",
            start,
            "--steps",
            "300",
        ];
        let mut builtin = vec!["--surface", kind.name()];
        builtin.extend(common);
        let mut typed = vec!["--formula", text];
        typed.extend(common);
        let (a, b) = (trace_csv(&builtin), trace_csv(&typed));
        assert_eq!(a.lines().count(), 302, "{}: a full path", kind.name());
        assert_eq!(b.lines().count(), 302, "{}: a full path", kind.name());
        // Hand-written derivatives and hyper-dual ones round differently in the last bits
        // (Himmelblau and Booth agree bit for bit; the others within 1e-9 after 300 steps).
        let worst = a
            .lines()
            .zip(b.lines())
            .skip(1)
            .flat_map(|(x, y)| {
                let n = |s: &str| -> Vec<f64> {
                    s.split(',').map(|v| v.parse().expect("number")).collect()
                };
                let (x, y) = (n(x), n(y));
                x.into_iter()
                    .zip(y)
                    .map(|(u, v)| (u - v).abs() / u.abs().max(v.abs()).max(1.0))
                    .collect::<Vec<_>>()
            })
            .fold(0.0, f64::max);
        assert!(
            worst < 1e-9,
            "{} with {optimizer}: paths differ by {worst:e}",
            kind.name()
        );
    }
}

#[test]
fn a_malformed_formula_on_the_command_line_is_one_line_and_exit_code_1() {
    let out = Command::new(env!("CARGO_BIN_EXE_descent"))
        .args(["trace", "--formula", "x^2 + foo(y)", "--optimizer", "adam"])
        .output()
        .expect("the descent binary runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr, "error: --formula: unknown function 'foo' at 7\n");
    let out = Command::new(env!("CARGO_BIN_EXE_descent"))
        .args([
            "trace",
            "--surface",
            "beale",
            "--formula",
            "x",
            "--optimizer",
            "sgd",
        ])
        .output()
        .expect("the descent binary runs");
    assert_eq!(out.status.code(), Some(2), "clap refuses both at once");
}

#[test]
fn an_optimizer_that_reaches_a_hole_stops_there_and_is_flagged() {
    // ln(x) is undefined for x ≤ 0: SGD on ln(x) + y² walks left (downhill) into the hole.
    let surface = formula("ln(x) + y^2");
    let racer = racer_lr(0.1);
    let t = race::run(&surface, [2.0, 1.0], &racer, 1000, None);
    let Status::Hole { step } = t.status else {
        panic!("not flagged: {:?}", t.status);
    };
    assert_eq!(t.steps(), step, "the path ends at its last defined point");
    assert!(t.losses.iter().all(|l| l.is_finite()));
    assert!(t.status.describe().is_some_and(|d| d.contains("hole")));
    // Starting in the hole: stopped at once.
    let t = race::run(&surface, [-1.0, 0.0], &racer, 10, None);
    assert_eq!(t.status, Status::Hole { step: 0 });
    // A bowl with a huge step still diverges, as before.
    let t = race::run(&formula("x^2 + y^2"), [1.0, 1.0], &racer_lr(5.0), 100, None);
    assert!(t.diverged(), "{:?}", t.status);
}

fn racer_lr(lr: f64) -> Racer {
    let mut r = Racer::new(OptimizerKind::Sgd);
    r.hyper.lr = lr;
    r
}

#[test]
fn a_new_race_starts_where_the_formula_is_defined() {
    let s = FormulaSurface::parse("ln(x + 2) + y^2").expect("valid");
    let start = s.default_start();
    assert!(s.value(start).is_finite(), "start {start:?}");
    assert!(
        start[0] > -2.0 && (start[1] - 3.0).abs() < 0.6,
        "near the usual start: {start:?}"
    );
    let state = LabState::with_surface(Surface::Formula(s.clone()), default_entries());
    let lab = Lab::new(state);
    for t in lab.trajectories.iter().flatten() {
        assert!(t.steps() > 0, "{:?}", t.status);
    }
    // Editing the formula keeps a start that is still defined, and moves one that is not.
    let mut lab = Lab::new(LabState::with_surface(
        formula("x^2 + y^2"),
        default_entries(),
    ));
    lab.set_start([1.0, 2.0]);
    lab.set_formula(FormulaSurface::parse("x^2 + 3*y^2").expect("valid"));
    assert_eq!(lab.state.start, [1.0, 2.0]);
    lab.set_start([-3.5, 3.0]);
    lab.set_formula(s.clone());
    assert_eq!(lab.state.start, s.default_start());
}

#[test]
fn holes_are_transparent_on_the_heatmap() {
    let state = LabState::with_surface(formula("sqrt(x) + y^2"), default_entries());
    let lab = Lab::new(state);
    let grid = &lab.landscape.grid;
    for (k, v) in grid.values.iter().enumerate() {
        let (i, j) = (k % grid.nx, k / grid.nx);
        // rgba is top row first.
        let alpha = lab.landscape.rgba[((grid.ny - 1 - j) * grid.nx + i) * 4 + 3];
        assert_eq!(alpha == 0, !v.is_finite(), "sample {i},{j} value {v}");
    }
    let holes = grid.values.iter().filter(|v| !v.is_finite()).count();
    assert!(holes > grid.values.len() / 3, "x < 0 is half the window");
}

#[test]
fn a_scene_keeps_the_formula_and_its_window_and_refuses_a_bad_one() {
    let mut state = LabState::with_surface(
        formula("sin(x)*cos(y) + 0.1*(x^2 + y^2)"),
        default_entries(),
    );
    state.start = [1.0, -2.0];
    let json = Scene::landscape("bumpy", state.clone()).to_json();
    assert!(
        json.contains("\"formula\": \"sin(x)*cos(y) + 0.1*(x^2 + y^2)\""),
        "{json}"
    );
    let back = scene::parse(&json).expect("round trip");
    assert_eq!(back.landscape, Some(state));

    let bad = json.replace("sin(x)*cos(y)", "sin(x)*cos(y)*z");
    let message = scene::parse(&bad).expect_err("z is unknown").to_string();
    assert!(
        message.contains("unknown name 'z'") && message.contains("at 15"),
        "{message}"
    );
    let extra = json.replace("\"formula\":", "\"colour\": 1, \"formula\":");
    assert!(scene::parse(&extra).is_err(), "unknown fields are refused");
}

#[test]
fn a_lecture_slide_can_race_on_a_formula() {
    let text = "lecture: 1\n---\ntab: landscape\nformula: x^2 + 10*y^2\noptimizers: sgd, adam\n\n# A bowl\n";
    let lecture = lecture::parse(text.as_bytes(), "test.md", None).expect("valid lecture");
    let slide = &lecture.slides[0];
    assert_eq!(slide.landscape.surface, formula("x^2 + 10*y^2"));
    assert_eq!(slide.landscape.start, [-3.5, 3.0]);
    let saved = lecture::to_markdown(&lecture);
    assert!(saved.contains("formula: x^2 + 10*y^2"), "{saved}");

    let bad = text.replace("10*y^2", "10*y^^2");
    let message = lecture::parse(bad.as_bytes(), "test.md", None)
        .expect_err("bad formula")
        .to_string();
    assert!(
        message.contains("test.md:4:")
            && message.contains("formula: expected a value before '^' at 12"),
        "{message}"
    );
    let captured = lecture::capture_header(&slide.landscape);
    assert!(captured.contains(&("formula".to_owned(), "x^2 + 10*y^2".to_owned())));
}

#[test]
fn a_formula_race_exports_as_gif_png_and_csv() {
    let dir = std::env::temp_dir().join(format!("descent-formula-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let state = LabState::with_surface(formula("ln(x + 4) + y^2"), default_entries());
    let scene_path = dir.join("scene.json");
    scene::save(&scene_path, &Scene::landscape("log", state)).expect("saved");
    for name in ["race.gif", "race.png", "paths.csv"] {
        let args = ExportArgs {
            scene: Some(scene_path.clone()),
            lecture: None,
            out: dir.join(name),
            frames: 3,
            size: "320x240".into(),
            step: None,
            light: false,
        };
        export(&args).unwrap_or_else(|e| panic!("{name}: {e:#}"));
    }
    let png = image::open(dir.join("race.png"))
        .expect("png decodes")
        .to_rgba8();
    assert_eq!(png.dimensions(), (320, 240));
    let grey = png.pixels().filter(|p| p.0 == [128, 128, 128, 255]).count();
    assert!(
        grey > 1000,
        "the hole (x < −4) is drawn: {grey} grey pixels"
    );
    let csv = std::fs::read_to_string(dir.join("paths.csv")).expect("csv");
    assert!(csv.lines().count() > 100);
    let _ = std::fs::remove_dir_all(&dir);
}
