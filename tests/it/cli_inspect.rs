//! `descent inspect`, run as the real binary: its keys, its numbers checked against central
//! differences of the surface, and its one-line errors.

use std::collections::HashMap;
use std::process::Command;

use descent::core::race;
use descent::core::surface::{Point, Surface, SurfaceKind};

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

fn descent(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_descent"))
        .args(args)
        .output()
        .expect("the descent binary runs");
    Run {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The printed `key=value` lines, in order.
fn lines(run: &Run) -> Vec<(String, String)> {
    assert!(run.ok, "inspect failed: {}", run.stderr);
    run.stdout
        .lines()
        .map(|l| {
            let (k, v) = l
                .split_once('=')
                .unwrap_or_else(|| panic!("not key=value: {l}"));
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

fn numbers(text: &str) -> Vec<f64> {
    text.split(',')
        .map(|v| v.parse().unwrap_or_else(|_| panic!("not a number: {v}")))
        .collect()
}

#[test]
fn inspect_prints_the_inspectors_keys_in_order() {
    let run = descent(&[
        "inspect",
        "--surface",
        "long-valley",
        "--optimizer",
        "nesterov",
        "--lr",
        "0.03",
    ]);
    let keys: Vec<String> = lines(&run).into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        keys,
        [
            "optimizer",
            "lr",
            "at",
            "loss",
            "gradient",
            "hessian_eigenvalues",
            "lr_lambda_max",
            "stable_below"
        ]
    );
    let adam = descent(&["inspect", "--surface", "beale", "--optimizer", "adam"]);
    let values: HashMap<String, String> = lines(&adam).into_iter().collect();
    assert_eq!(values["stable_below"], "none", "adaptive: no fixed bound");
}

/// ∇f by central differences of f, and the Hessian by central differences of ∇f.
fn differences(surface: &Surface, p: Point) -> (Point, [[f64; 2]; 2]) {
    let h = 1e-5 * (1.0 + p[0].abs().max(p[1].abs()));
    let shifted = |i: usize, d: f64| {
        let mut q = p;
        q[i] += d;
        q
    };
    let mut grad = [0.0; 2];
    let mut hess = [[0.0; 2]; 2];
    for i in 0..2 {
        grad[i] = (surface.value(shifted(i, h)) - surface.value(shifted(i, -h))) / (2.0 * h);
        let (gp, gm) = (
            surface.gradient(shifted(i, h)),
            surface.gradient(shifted(i, -h)),
        );
        for j in 0..2 {
            hess[j][i] = (gp[j] - gm[j]) / (2.0 * h);
        }
    }
    (grad, hess)
}

/// Eigenvalues of a symmetric 2×2 matrix by the textbook quadratic formula, ascending.
fn eigenvalues(h: [[f64; 2]; 2]) -> [f64; 2] {
    let b = 0.5 * (h[0][1] + h[1][0]);
    let (tr, det) = (h[0][0] + h[1][1], h[0][0] * h[1][1] - b * b);
    let root = (0.25 * tr * tr - det).max(0.0).sqrt();
    [0.5 * tr - root, 0.5 * tr + root]
}

fn close(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 1e-5 * scale.max(1.0)
}

#[test]
fn inspect_numbers_agree_with_central_differences() {
    let cases: [(&str, Option<&str>); 8] = [
        ("beale", Some("1,1")),
        ("rosenbrock", Some("-1.5,2")),
        ("himmelblau", Some("-0.5,0.5")),
        ("saddle", None),
        ("monkey-saddle", Some("0.8,-0.3")),
        ("six-hump-camel", Some("-1.6,0.9")),
        ("long-valley", None),
        ("regression", None),
    ];
    let lr = 0.004;
    let momentum = 0.8;
    for (name, at) in cases {
        let kind = SurfaceKind::from_name(name).expect("a surface");
        let surface = Surface::new(kind);
        let lr_flag = lr.to_string();
        let momentum_flag = momentum.to_string();
        let mut args = vec![
            "inspect",
            "--surface",
            name,
            "--optimizer",
            "nesterov",
            "--lr",
            &lr_flag,
            "--momentum",
            &momentum_flag,
        ];
        if let Some(at) = at {
            args.extend(["--at", at]);
        }
        let v: HashMap<String, String> = lines(&descent(&args)).into_iter().collect();
        let p = match at {
            Some(text) => numbers(text),
            None => race::default_start(kind).to_vec(),
        };
        assert_eq!(
            numbers(&v["at"]),
            p,
            "{name}: --at defaults to the lesson start"
        );
        let p = [p[0], p[1]];
        let (grad, hess) = differences(&surface, p);
        let lambda = eigenvalues(hess);
        let loss: f64 = v["loss"].parse().expect("loss");
        let shown_grad = numbers(&v["gradient"]);
        let shown_lambda = numbers(&v["hessian_eigenvalues"]);
        let scale = grad[0].abs().max(grad[1].abs());
        for i in 0..2 {
            assert!(
                close(shown_grad[i], grad[i], scale),
                "{name} ∂{i}: {} vs {}",
                shown_grad[i],
                grad[i]
            );
            let scale = lambda[0].abs().max(lambda[1].abs());
            assert!(
                close(shown_lambda[i], lambda[i], scale),
                "{name} λ{i}: {} vs {}",
                shown_lambda[i],
                lambda[i]
            );
        }
        assert!(close(loss, surface.value(p), loss.abs()), "{name} loss");
        let product: f64 = v["lr_lambda_max"].parse().expect("lr_lambda_max");
        assert!(
            close(product, lr * lambda[1], lr * lambda[1].abs()),
            "{name}: lr·λmax {product} vs {}",
            lr * lambda[1]
        );
        let bound: f64 = v["stable_below"].parse().expect("Nesterov has a bound");
        let expected = 2.0 * (1.0 + momentum) / (1.0 + 2.0 * momentum);
        assert!((bound - expected).abs() < 1e-12, "{name}: bound {bound}");
    }
}

#[test]
fn bad_input_is_one_line_of_error_and_no_output() {
    let cases: [(&[&str], &str); 6] = [
        (
            &["--surface", "nope", "--optimizer", "sgd"],
            "unknown surface",
        ),
        (
            &["--surface", "beale", "--optimizer", "nope"],
            "unknown optimizer",
        ),
        (
            &["--surface", "beale", "--optimizer", "sgd", "--at", "1"],
            "--at",
        ),
        (
            &["--surface", "beale", "--optimizer", "sgd", "--at", "1,x"],
            "--at",
        ),
        (
            &["--surface", "beale", "--optimizer", "sgd", "--at", "inf,0"],
            "--at",
        ),
        (
            &[
                "--surface",
                "beale",
                "--optimizer",
                "adam",
                "--momentum",
                "0.5",
            ],
            "--momentum",
        ),
    ];
    for (args, expected) in cases {
        let run = descent(&[&["inspect"], args].concat());
        assert!(!run.ok, "{args:?} must be refused");
        assert!(run.stdout.is_empty(), "{args:?} printed {}", run.stdout);
        let err: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(err.len(), 1, "{args:?}: {}", run.stderr);
        assert!(
            err[0].starts_with("error: ") && err[0].contains(expected),
            "{args:?}: {}",
            err[0]
        );
    }
}
