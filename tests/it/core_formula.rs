//! Typed formulas: the grammar, the errors a teacher sees (with positions), exact derivatives
//! (against central differences and against the built-in surfaces spelled out as formulas),
//! and what is measured on a formula (minima, colour scale, unbounded below).

use descent::core::contour::Grid;
use descent::core::formula::{Formula, FormulaError};
use descent::core::surface::{
    FormulaSurface, PointKind, Surface, SurfaceKind, ViewRect, spans_decades,
};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

fn f(text: &str) -> Formula {
    text.parse()
        .unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
}

fn error(text: &str) -> FormulaError {
    match text.parse::<Formula>() {
        Ok(_) => panic!("{text:?} should be refused"),
        Err(e) => e,
    }
}

#[test]
fn the_grammar_reads_as_school_algebra() {
    let at = |text: &str, x: f64, y: f64| f(text).value([x, y]);
    assert_eq!(
        at("-x^2", 3.0, 0.0),
        -9.0,
        "unary minus binds looser than ^"
    );
    assert_eq!(at("2^3^2", 0.0, 0.0), 512.0, "^ is right-associative");
    assert_eq!(at("2^-1", 0.0, 0.0), 0.5, "an exponent may be negative");
    assert_eq!(at("1 + 2*3 - 4/2", 0.0, 0.0), 5.0);
    assert_eq!(at("(1 + 2)*3", 0.0, 0.0), 9.0);
    assert_eq!(at("1.5e2 + 2E-1 + .5", 0.0, 0.0), 150.7);
    assert_eq!(at("x - -y", 1.0, 2.0), 3.0);
    assert_eq!(at("pi", 0.0, 0.0), std::f64::consts::PI);
    assert_eq!(at("e", 0.0, 0.0), std::f64::consts::E);
    assert_eq!(
        at("log(e^2)", 0.0, 0.0),
        2.0,
        "log is the natural logarithm, like ln"
    );
    assert_eq!(
        at("x**2 + 2·y − 1", 3.0, 1.0),
        10.0,
        "** · − as pasted text"
    );
    let (x, y): (f64, f64) = (0.3, -0.7);
    let all = "sin(x) + cos(y) + tan(x) + exp(y) + ln(2+x) + sqrt(1+x) + abs(y) + tanh(x) \
               + sinh(y) + cosh(x)";
    let expected = x.sin()
        + y.cos()
        + x.tan()
        + y.exp()
        + (2.0 + x).ln()
        + (1.0 + x).sqrt()
        + y.abs()
        + x.tanh()
        + y.sinh()
        + x.cosh();
    assert!((at(all, x, y) - expected).abs() < 1e-14);
}

#[test]
fn the_benchmark_formula_has_40_instructions() {
    let text = descent::cli::bench_formula::BENCH_FORMULA;
    assert_eq!(f(text).len(), 40, "README quotes a 40-node expression");
}

#[test]
fn parse_errors_name_what_is_wrong_and_where() {
    let cases: [(&str, &str); 14] = [
        ("foo(x)", "unknown function 'foo' at 1"),
        ("x + bar(y)", "unknown function 'bar' at 5"),
        ("x + z", "unknown name 'z' (the variables are x and y) at 5"),
        ("x ^ 2 +", "formula ends too early at 8"),
        ("", "empty formula: type f(x, y), e.g. x^2 + 10*y^2 at 1"),
        ("   ", "empty formula: type f(x, y), e.g. x^2 + 10*y^2 at 1"),
        ("(x + y", "missing ')' for the '(' at 1 at 7"),
        ("sin(x", "missing ')' for the '(' at 4 at 6"),
        ("x + y)", "')' without a matching '(' at 6"),
        ("2x", "missing operator before 'x' at 2"),
        ("x $ y", "unexpected character '$' at 3"),
        ("1.2.3", "malformed number '1.2.3' at 1"),
        ("sin x", "sin needs parentheses: sin(…) at 1"),
        ("x * * y", "expected a value before '*' at 5"),
    ];
    for (text, message) in cases {
        assert_eq!(error(text).to_string(), message, "for {text:?}");
    }
    let deep = format!("{}x{}", "(".repeat(300), ")".repeat(300));
    assert!(error(&deep).message.contains("nested too deeply"));
    let long = "x+".repeat(600) + "x";
    assert_eq!(error(&long).position, 1001);
}

/// |a − b| / max(1, |a|, |b|) over all components.
fn scaled_error(a: &[f64], b: &[f64]) -> f64 {
    let diff = a
        .iter()
        .zip(b)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    let scale = a.iter().chain(b).map(|v| v.abs()).fold(1.0, f64::max);
    diff / scale
}

#[test]
fn gradient_and_hessian_agree_with_central_differences() {
    let formulas = [
        "sin(x)*cos(y) + 0.1*(x^2 + y^2)",
        "x^2 + 10*y^2",
        "exp(-(x^2 + y^2)/4) * tanh(x - y) + sqrt(1 + x^2*y^2)",
        "ln(1 + x^2) / (2 + cosh(y)) + abs(x - 3) + x^y",
        "sinh(x/3)*tan(y/4) - 3^(x/5) + (x + 2*y)^3/50",
    ];
    let mut rng = StdRng::seed_from_u64(7);
    for text in formulas {
        let formula = f(text);
        for _ in 0..200 {
            let p = [rng.random_range(0.2..2.9), rng.random_range(0.1..2.9)];
            let jet = formula.jet(p);
            let h = 1e-5;
            let at = |dx: f64, dy: f64| formula.value([p[0] + dx, p[1] + dy]);
            let numeric_gradient = [
                (at(h, 0.0) - at(-h, 0.0)) / (2.0 * h),
                (at(0.0, h) - at(0.0, -h)) / (2.0 * h),
            ];
            let grad_at = |dx: f64, dy: f64| formula.jet([p[0] + dx, p[1] + dy]).gradient;
            let (gxp, gxm) = (grad_at(h, 0.0), grad_at(-h, 0.0));
            let (gyp, gym) = (grad_at(0.0, h), grad_at(0.0, -h));
            let numeric_hessian = [
                (gxp[0] - gxm[0]) / (2.0 * h),
                (gxp[1] - gxm[1]) / (2.0 * h),
                (gyp[0] - gym[0]) / (2.0 * h),
                (gyp[1] - gym[1]) / (2.0 * h),
            ];
            let hessian = jet.hessian.concat();
            assert!(
                scaled_error(&jet.gradient, &numeric_gradient) < 1e-7,
                "{text} gradient at {p:?}: {:?} vs {numeric_gradient:?}",
                jet.gradient
            );
            assert!(
                scaled_error(&hessian, &numeric_hessian) < 1e-6,
                "{text} Hessian at {p:?}: {hessian:?} vs {numeric_hessian:?}"
            );
            assert_eq!(
                jet.gradient,
                formula.gradient(p),
                "one gradient, two routes"
            );
            assert!((jet.value - formula.value(p)).abs() <= 1e-15 * jet.value.abs().max(1.0));
        }
    }
}

/// Each built-in function as a teacher would type it.
pub const SPELLED_OUT: [(SurfaceKind, &str); 12] = [
    (
        SurfaceKind::Beale,
        "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
    ),
    (SurfaceKind::Rosenbrock, "(1 - x)^2 + 100*(y - x^2)^2"),
    (
        SurfaceKind::Himmelblau,
        "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    ),
    (SurfaceKind::Saddle, "x^2 - y^2"),
    (SurfaceKind::MonkeySaddle, "x^3 - 3*x*y^2"),
    (
        SurfaceKind::Rastrigin,
        "20 + (x^2 - 10*cos(2*pi*x)) + (y^2 - 10*cos(2*pi*y))",
    ),
    (
        SurfaceKind::Ackley,
        "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20",
    ),
    (
        SurfaceKind::SixHumpCamel,
        "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2",
    ),
    (
        SurfaceKind::GoldsteinPrice,
        "(1 + (x+y+1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2)) \
         * (30 + (2*x - 3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))",
    ),
    (SurfaceKind::Booth, "(x + 2*y - 7)^2 + (2*x + y - 5)^2"),
    (SurfaceKind::Banana, "(1 - x)^2 + 20*(3*y - x^2)^2"),
    (
        SurfaceKind::LongValley,
        "0.5*((x*cos(pi/6) + y*sin(pi/6))^2 + 50*(-x*sin(pi/6) + y*cos(pi/6))^2)",
    ),
];

#[test]
fn built_ins_spelled_out_match_their_analytic_derivatives_to_1e_12() {
    let mut rng = StdRng::seed_from_u64(11);
    for (kind, text) in SPELLED_OUT {
        let builtin = Surface::new(kind);
        let formula = f(text);
        let v = builtin.default_view();
        for _ in 0..300 {
            let p = [
                rng.random_range(v.x_min..v.x_max),
                rng.random_range(v.y_min..v.y_max),
            ];
            let jet = formula.jet(p);
            let name = kind.name();
            // Relative to the quantity's largest entry (absolute below 1, where six-hump
            // camel's terms cancel to values near 0).
            let value = scaled_error(&[jet.value], &[builtin.value(p)]);
            let gradient = scaled_error(&jet.gradient, &builtin.gradient(p));
            let hessian = scaled_error(&jet.hessian.concat(), &builtin.hessian(p).concat());
            assert!(value < 1e-12, "{name} value at {p:?}: {value:e}");
            assert!(gradient < 1e-12, "{name} gradient at {p:?}: {gradient:e}");
            assert!(hessian < 1e-12, "{name} Hessian at {p:?}: {hessian:e}");
        }
    }
}

#[test]
fn colour_scale_and_unboundedness_are_measured_as_the_built_ins_chose_them() {
    for (kind, text) in SPELLED_OUT {
        let builtin = Surface::new(kind);
        let surface =
            FormulaSurface::new(text, builtin.default_view()).expect("spelled-out formula");
        assert_eq!(
            surface.log_color(),
            kind.log_color(),
            "{}: log colour",
            kind.name()
        );
        assert_eq!(
            surface.unbounded_below(),
            kind.unbounded_below(),
            "{}: unbounded below",
            kind.name()
        );
        let grid = Grid::sample(&builtin, builtin.default_view(), 64, 64);
        let (min, max) = grid.min_max();
        assert_eq!(spans_decades(min, max), kind.log_color(), "{}", kind.name());
    }
}

#[test]
fn the_minima_found_are_the_documented_ones() {
    for kind in [
        SurfaceKind::Himmelblau,
        SurfaceKind::SixHumpCamel,
        SurfaceKind::GoldsteinPrice,
        SurfaceKind::Rosenbrock,
        SurfaceKind::Booth,
    ] {
        let text = SPELLED_OUT
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, t)| *t)
            .expect("spelled out");
        let builtin = Surface::new(kind);
        let found = FormulaSurface::new(text, builtin.default_view()).expect("parses");
        let documented: Vec<_> = builtin
            .known_points()
            .into_iter()
            .filter(|k| k.kind != PointKind::Saddle)
            .collect();
        assert_eq!(
            found.minima().len(),
            documented.len(),
            "{}: found {:?}",
            kind.name(),
            found.minima()
        );
        for k in &documented {
            let twin = found.minima().iter().find(|m| {
                (m.position[0] - k.position[0]).hypot(m.position[1] - k.position[1]) < 1e-6
            });
            let Some(twin) = twin else {
                panic!("{}: {k:?} not found", kind.name());
            };
            assert_eq!(twin.kind, k.kind, "{}: {k:?}", kind.name());
        }
    }
    let bowl = FormulaSurface::parse("x^2 + 10*y^2").expect("parses");
    assert_eq!(bowl.minima().len(), 1);
    assert_eq!(bowl.minima()[0].kind, PointKind::GlobalMinimum);
    assert!(bowl.minima()[0].position.iter().all(|c| c.abs() < 1e-9));
    let quartic = FormulaSurface::parse("x^4 + y^4").expect("parses");
    assert_eq!(quartic.minima().len(), 1, "a flat-bottomed minimum counts");
    let plane = FormulaSurface::parse("x + y").expect("parses");
    assert!(plane.minima().is_empty());
    assert!(plane.unbounded_below());
}

#[test]
fn a_formula_surface_keeps_its_window_and_refuses_a_bad_one() {
    let view = ViewRect {
        x_min: -1.0,
        x_max: 2.0,
        y_min: 0.0,
        y_max: 3.0,
    };
    let s = FormulaSurface::new("x*y", view).expect("valid");
    assert_eq!(Surface::Formula(s.clone()).default_view(), view);
    let start = s.default_start();
    assert!((start[0] + 0.55).abs() < 1e-12 && (start[1] - 2.4).abs() < 1e-12);
    let empty = ViewRect {
        x_max: -1.0,
        ..view
    };
    assert!(FormulaSurface::new("x*y", empty).is_err());
    let surface = Surface::new(SurfaceKind::Formula);
    assert!(
        matches!(&surface, Surface::Formula(f) if f.text() == FormulaSurface::EXAMPLE),
        "formula… starts from the example"
    );
}
