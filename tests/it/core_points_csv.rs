//! A teacher's own (x, y) data: the CSV reader, its refusals (each naming the row), the OLS
//! minimum of loaded data against exact integer arithmetic, and the lab racing on it.

use descent::core::lab::{Lab, LabState};
use descent::core::points_csv::{self, Column, MAX_BYTES, MAX_ROWS, PointsError};
use descent::core::surface::{Surface, SurfaceKind};

fn temp_file(name: &str, contents: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("descent-points-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn reads_with_or_without_a_header_and_with_any_common_separator() {
    let expected = vec![[1.0, 2.5], [-3.0, 4e2], [0.5, -0.25]];
    for text in [
        "1,2.5\n-3,4e2\n0.5,-0.25\n",
        "x,y\n1,2.5\n-3,4e2\n0.5,-0.25",
        "height (cm) , weight\r\n1 , 2.5\r\n\r\n-3,4e2\r\n0.5,-0.25\r\n",
        "# measured on Monday\nx\ty\n1\t2.5\n-3\t400\n0.5\t-0.25\n",
        "x;y\n1;2.5\n-3;400\n\"0.5\";-0.25\n",
    ] {
        assert_eq!(points_csv::parse(text), Ok(expected.clone()), "{text:?}");
    }
}

#[test]
fn each_kind_of_bad_data_is_refused_naming_its_row() {
    let cases: [(&str, PointsError, &str); 10] = [
        (
            "x,y\n1,2\n3,abc\n",
            PointsError::NotANumber {
                row: 3,
                column: Column::Y,
                text: "abc".into(),
            },
            "row 3: y is \"abc\", not a number",
        ),
        (
            "1,2\ntwelve,3\n",
            PointsError::NotANumber {
                row: 2,
                column: Column::X,
                text: "twelve".into(),
            },
            "row 2: x is \"twelve\"",
        ),
        (
            "1\n2\n3\n",
            PointsError::Columns { row: 1, found: 1 },
            "row 1 has 1 column; expected two",
        ),
        (
            "1,2\n2,3\n3,4,5\n",
            PointsError::Columns { row: 3, found: 3 },
            "row 3 has 3 columns",
        ),
        (
            "x,y\n1,2\nNaN,3\n",
            PointsError::NotFinite {
                row: 3,
                column: Column::X,
                text: "NaN".into(),
            },
            "row 3: x is NaN, not a finite number",
        ),
        (
            "1,2\n2,inf\n",
            PointsError::NotFinite {
                row: 2,
                column: Column::Y,
                text: "inf".into(),
            },
            "row 2: y is inf",
        ),
        (
            "1,2\n\n4,\n",
            PointsError::EmptyField {
                row: 3,
                column: Column::Y,
            },
            "row 3: y is empty",
        ),
        (
            "# weights\n\nx,y\n# kg\n1,2\n\r\n\n2,\n",
            PointsError::EmptyField {
                row: 8,
                column: Column::Y,
            },
            "row 8: y is empty",
        ),
        ("", PointsError::Empty, "no data rows"),
        ("x,y\n\n", PointsError::Empty, "no data rows"),
    ];
    for (text, error, message) in cases {
        let got = points_csv::parse(text).expect_err(text);
        assert_eq!(got, error, "{text:?}");
        let shown = got.to_string();
        assert!(shown.contains(message), "{shown:?} lacks {message:?}");
        assert!(!shown.contains('\n'), "one line: {shown:?}");
    }
}

#[test]
fn more_than_the_row_limit_is_refused_at_the_first_extra_row() {
    let rows = |n: usize| -> String { (0..n).map(|i| format!("{i},{}\n", i % 7)).collect() };
    assert_eq!(points_csv::parse(&rows(MAX_ROWS)).unwrap().len(), MAX_ROWS);
    let with_header = format!("x,y\n{}", rows(MAX_ROWS + 1));
    assert_eq!(
        points_csv::parse(&with_header),
        Err(PointsError::TooManyRows {
            row: MAX_ROWS as u64 + 2
        })
    );
}

#[test]
fn files_too_large_missing_or_not_text_are_refused_before_parsing() {
    let big = temp_file("big.csv", b"1,2\n");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&big)
        .unwrap()
        .set_len(MAX_BYTES + 1)
        .unwrap();
    let e = points_csv::load(&big).unwrap_err();
    assert!(matches!(e, PointsError::TooLarge { .. }), "{e}");

    let missing = std::env::temp_dir().join("descent-no-such-file.csv");
    let e = points_csv::load(&missing).unwrap_err();
    assert!(e.to_string().starts_with("cannot read"), "{e}");

    let binary = temp_file("binary.csv", b"1,2\n3,4\n\xff\xfe,1\n");
    let e = points_csv::load(&binary).unwrap_err();
    assert_eq!(e.to_string(), "row 3: not UTF-8 text");
}

#[test]
fn data_without_a_unique_line_is_refused() {
    let e = points_csv::paste_dataset("2,1\n2,5\n2,3\n").unwrap_err();
    assert_eq!(e, PointsError::SameX { x: 2.0 });
    let e = points_csv::paste_dataset("1,1\n").unwrap_err();
    assert_eq!(e, PointsError::SameX { x: 1.0 });
    let e = points_csv::paste_dataset("1e200,1\n-1e200,2\n").unwrap_err();
    assert_eq!(e, PointsError::Overflow);
}

/// Data with two decimals, written to a file, and its exact least-squares line from integer
/// sums of the hundredths: m = (nΣxy − ΣxΣy) / (nΣx² − (Σx)²), b = (Σy − mΣx) / n.
#[test]
fn ols_of_a_loaded_file_matches_exact_integer_arithmetic() {
    // 500 points around y = −1.7x + 40 with deterministic wiggles, x from −12.00 to 37.90.
    let hundredths: Vec<(i128, i128)> = (0..500)
        .map(|i: i128| {
            let x = -1200 + 10 * i;
            let wiggle = ((i * 7919) % 613) - 306;
            (x, (-17 * x) / 10 + 4000 + wiggle)
        })
        .collect();
    let mut text = String::from("hours,score\n");
    for (x, y) in &hundredths {
        text += &format!("{},{}\n", decimal(*x), decimal(*y));
    }
    let path = temp_file("hours.csv", text.as_bytes());
    let data = points_csv::load_dataset(&path).expect("valid file");
    assert_eq!(data.source.as_deref(), Some("hours.csv"));
    assert_eq!(data.points.len(), 500);

    let n = hundredths.len() as i128;
    let sx: i128 = hundredths.iter().map(|p| p.0).sum();
    let sy: i128 = hundredths.iter().map(|p| p.1).sum();
    let sxx: i128 = hundredths.iter().map(|p| p.0 * p.0).sum();
    let sxy: i128 = hundredths.iter().map(|p| p.0 * p.1).sum();
    // The hundredths' scale cancels in m; b is in hundredths.
    let m_num = n * sxy - sx * sy;
    let m_den = n * sxx - sx * sx;
    let m = m_num as f64 / m_den as f64;
    let b = (sy * m_den - m_num * sx) as f64 / (n * m_den) as f64 / 100.0;

    let [m_fit, b_fit] = data.ols().expect("a unique line");
    assert!((m_fit - m).abs() < 1e-12 * m.abs(), "m {m_fit} vs {m}");
    assert!((b_fit - b).abs() < 1e-10 * b.abs(), "b {b_fit} vs {b}");

    // The landscape's minimum is the surface's known point, and the fast grid formula agrees
    // with the direct sum.
    let surface = Surface::Regression(data.clone());
    let known = surface.known_points();
    assert_eq!(known.len(), 1);
    assert_eq!(known[0].position, [m_fit, b_fit]);
    let q = data.quadratic();
    for mb in [[0.0, 0.0], [m, b], [3.0, -20.0], [-10.0, 100.0]] {
        let direct = data.value(mb);
        assert!(
            (q.value(mb) - direct).abs() <= 1e-10 * direct.abs().max(1.0),
            "{mb:?}: {} vs {direct}",
            q.value(mb)
        );
    }
}

fn sign(v: i128) -> &'static str {
    if v < 0 { "-" } else { "" }
}

fn decimal(hundredths: i128) -> String {
    let a = hundredths.abs();
    format!("{}{}.{:02}", sign(hundredths), a / 100, a % 100)
}

#[test]
fn the_lab_races_on_loaded_data_around_its_minimum_and_a_refusal_changes_nothing() {
    let mut lab = Lab::new(LabState::for_surface(
        SurfaceKind::Beale,
        descent::core::lab::default_entries(),
    ));
    let text: String = (0..200)
        .map(|i| {
            let x = i as f64 * 0.05;
            format!(
                "{x},{}\n",
                3.0 * x + 2.0 + ((i * 37) % 11) as f64 * 0.1 - 0.5
            )
        })
        .collect();
    let data = points_csv::paste_dataset(&text).expect("valid paste");
    let ols = data.ols().unwrap();
    lab.load_data(data);
    assert_eq!(lab.state.surface.kind(), SurfaceKind::Regression);
    assert!(lab.state.view.contains(ols), "the minimum is in view");
    assert!(lab.state.view.contains(lab.state.start), "so is the start");
    assert_eq!(lab.state.start, [0.0, 0.0], "the flat line y = 0");
    assert_eq!(lab.loss_floor(), Some(lab.state.surface.value(ols)));
    assert!(lab.trajectories.iter().flatten().count() > 0);

    let before = lab.state.clone();
    let refused = points_csv::paste_dataset("1,2\n3,x\n");
    assert!(refused.is_err());
    assert_eq!(lab.state, before);
}

#[test]
fn loaded_data_is_seen_with_its_minimum_and_start_inside_and_apart() {
    // Scales from tiny to large, minima near and far from the origin, negative slopes.
    for (scale_x, slope, intercept) in [
        (1.0, 0.8, 2.0),
        (1e-3, 5e3, -7.0),
        (1e3, -0.02, 40.0),
        (10.0, 0.0, 0.0),
        (1.0, 0.01, 0.01),
    ] {
        let points: Vec<[f64; 2]> = (0..50)
            .map(|i| {
                let x = scale_x * (i as f64 / 5.0 + 3.0);
                let noise = ((i * 37) % 11) as f64 / 10.0 - 0.5;
                [x, slope * x + intercept + noise]
            })
            .collect();
        let data = points_csv::dataset(points, "test").unwrap();
        let ols = data.ols().unwrap();
        let view = Surface::Regression(data.clone()).default_view();
        let start = data.loaded_start().unwrap();
        let case = format!("{scale_x} {slope} {intercept}: view {view:?}, start {start:?}");
        assert!(view.contains(ols), "{case}");
        assert!(view.contains(start), "{case}");
        let apart = ((start[0] - ols[0]) / view.width()).hypot((start[1] - ols[1]) / view.height());
        assert!(apart > 0.09, "{case}: the race has a way to go ({apart})");
    }
}

#[test]
fn a_scene_keeps_ten_thousand_loaded_points_and_their_source() {
    let text: String = (0..MAX_ROWS)
        .map(|i| format!("{},{}\n", i as f64 * 1e-3, (i % 97) as f64 * 0.5 + 1.25))
        .collect();
    let started = std::time::Instant::now();
    let data = points_csv::paste_dataset(&text).unwrap();
    let mut lab = Lab::new(LabState::default());
    lab.load_data(data);
    eprintln!(
        "parse + load_data (grid and race) of {MAX_ROWS} points: {:?}",
        started.elapsed()
    );
    let scene = descent::core::scene::Scene::landscape("own data", lab.state.clone());
    let json = scene.to_json();
    eprintln!("scene JSON: {} bytes", json.len());
    let back = descent::core::scene::parse(&json).expect("a valid scene");
    let Some(Surface::Regression(data)) = back.landscape.map(|l| l.surface) else {
        panic!("not regression");
    };
    assert_eq!(data.source.as_deref(), Some("pasted data"));
    assert_eq!(data.points.len(), MAX_ROWS);
    // serde_json parses with `float_roundtrip`: a saved scene reads back bit for bit.
    let Surface::Regression(original) = &lab.state.surface else {
        panic!("not regression");
    };
    let changed = original
        .points
        .iter()
        .zip(&data.points)
        .filter(|(a, b)| a[0].to_bits() != b[0].to_bits() || a[1].to_bits() != b[1].to_bits())
        .count();
    assert_eq!(changed, 0, "points changed in the round trip");
}
