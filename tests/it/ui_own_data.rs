//! "Your own data" on the landscape tab, through its real widgets (egui_kittest): a CSV file
//! loaded by typing its path, then raced on; pasted lines; a refused paste changing nothing.

use descent::App;
use descent::core::surface::{Surface, SurfaceKind};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness() -> Harness<'static, App> {
    let mut harness = crate::common::landscape_app([1024.0, 768.0]);
    harness.get_by_label("your own data (x, y)").click();
    harness.run_steps(3);
    harness
}

fn data_file(name: &str, n: usize) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("descent-ui-data-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = String::from("hours,score\n");
    for i in 0..n {
        let x = 10.0 * i as f64 / n as f64;
        let noise = ((i * 7919) % 101) as f64 / 50.0 - 1.0;
        text += &format!("{x},{}\n", 0.8 * x + 2.0 + noise);
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_csv_loaded_by_typing_its_path_is_shown_and_raced_on() {
    let mut harness = harness();
    let path = data_file("study.csv", 300);
    harness
        .get_by_role_and_label(Role::TextInput, "file")
        .click();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::TextInput, "file")
        .type_text(&path.display().to_string());
    harness.run_steps(1);
    harness.get_by_label("load csv").click();
    harness.run_steps(3);

    let view = &harness.state().landscape;
    assert_eq!(view.message, None);
    let Surface::Regression(data) = &view.lab.state.surface else {
        panic!("not the regression surface");
    };
    assert_eq!(data.source.as_deref(), Some("study.csv"));
    assert_eq!(data.points.len(), 300);
    let ols = data.ols().expect("a least-squares line");
    // Name and count are on screen: the panel's summary, the plot's legend (and x axis).
    harness.get_by_label("study.csv: n = 300");
    assert!(
        harness.query_by_label("data, n = 300").is_some(),
        "the data plot's legend gives the count"
    );

    harness.get_by_label("▶ play").click();
    harness.run_steps(60);
    let lab = &harness.state().landscape.lab;
    let step = lab.state.step;
    assert!(step > 5, "the race ran ({step} steps)");
    let floor = lab.loss_floor().expect("the OLS minimum is the floor");
    assert!((floor - lab.state.surface.value(ols)).abs() < 1e-12);
    let mut descending = 0;
    for t in lab.trajectories.iter().flatten() {
        assert_eq!(
            t.points[0],
            [0.0, 0.0],
            "every racer starts at the flat line"
        );
        let at = step.min(t.losses.len() - 1);
        if t.losses[at] < t.losses[0] {
            descending += 1;
        }
    }
    assert!(descending >= 5, "most racers went downhill ({descending})");
}

#[test]
fn pasted_lines_load_and_a_bad_paste_names_its_row_and_changes_nothing() {
    let mut harness = harness();
    let before = harness.state().landscape.lab.state.clone();
    assert_eq!(before.surface.kind(), SurfaceKind::Beale);
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "or paste x,y lines")
        .click();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "or paste x,y lines")
        .type_text("x,y\n1,2\n2,oops\n");
    harness.run_steps(1);
    assert_eq!(
        harness.state().landscape.data.paste_text,
        "x,y\n1,2\n2,oops\n"
    );
    harness.get_by_label("use pasted data").scroll_to_me();
    harness.run_steps(2);
    harness.get_by_label("use pasted data").click();
    harness.run_steps(2);
    let view = &harness.state().landscape;
    let message = view.message.as_deref().unwrap_or_default();
    assert!(message.contains("row 3: y is \"oops\""), "{message:?}");
    assert_eq!(view.lab.state, before, "nothing changed");
    assert_eq!(
        view.data.paste_text, "x,y\n1,2\n2,oops\n",
        "the text stays for fixing"
    );

    harness.state_mut().landscape.data.paste_text = "1\t1\n2\t3\n3\t2\n4\t5\n".into();
    harness.get_by_label("use pasted data").scroll_to_me();
    harness.run_steps(2);
    harness.get_by_label("use pasted data").click();
    harness.run_steps(2);
    let view = &harness.state().landscape;
    assert_eq!(view.message, None, "a good load clears the refusal");
    let Surface::Regression(data) = &view.lab.state.surface else {
        panic!("not the regression surface");
    };
    assert_eq!(data.source.as_deref(), Some("pasted data"));
    assert_eq!(
        data.points,
        vec![[1.0, 1.0], [2.0, 3.0], [3.0, 2.0], [4.0, 5.0]]
    );
    assert_eq!(view.data.paste_text, "", "used text leaves the box");
}

/// The README's picture of a race on loaded data, at the projector's 1024×768.
#[test]
#[ignore = "writes screenshots/: run on purpose"]
fn render_own_data_screenshot() {
    let mut harness = harness();
    // Hours of study against a mark out of 10, for 250 students (deterministic scatter).
    let dir = std::env::temp_dir().join(format!("descent-ui-data-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = String::from("hours,mark\n");
    for i in 0..250u64 {
        // Two uniform draws from a 64-bit LCG (Knuth's MMIX constants): hours, and a spread that
        // is a sum of two (a triangle), so the marks scatter like real ones.
        let mut state = i
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut uniform = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let hours = 10.0 * uniform();
        let wobble = 1.6 * (uniform() + uniform() - 1.0);
        let mark = (0.55 * hours + 3.2 + wobble).clamp(0.0, 10.0);
        text += &format!("{hours:.2},{mark:.1}\n");
    }
    let path = dir.join("study-hours.csv");
    std::fs::write(&path, text).unwrap();
    harness.state_mut().landscape.data.path_text = path.display().to_string();
    harness.get_by_label("load csv").click();
    harness.run_steps(3);
    assert_eq!(harness.state().landscape.message, None);
    harness.state_mut().landscape.lab.set_step(80);
    harness.run_steps(3);
    crate::common::save_screenshot(&mut harness, "own_data");
}

#[test]
#[ignore = "timing probe: prints UI frame times before and after loading 10,000 points"]
fn frame_time_with_ten_thousand_points() {
    let mut harness = harness();
    let t = std::time::Instant::now();
    harness.run_steps(20);
    eprintln!("20 frames before loading: {:?}", t.elapsed());
    let text: String = (0..10_000)
        .map(|i| {
            format!(
                "{},{}\n",
                i as f64 * 1e-3,
                (i * 7919 % 101) as f64 * 0.05 + i as f64 * 1e-3
            )
        })
        .collect();
    harness.state_mut().landscape.data.paste_text = text;
    let t = std::time::Instant::now();
    harness.get_by_label("use pasted data").scroll_to_me();
    harness.run_steps(1);
    harness.get_by_label("use pasted data").click();
    harness.run_steps(1);
    eprintln!("load frame: {:?}", t.elapsed());
    assert_eq!(harness.state().landscape.message, None);
    assert_eq!(
        harness.state().landscape.lab.state.surface.kind(),
        SurfaceKind::Regression
    );
    assert_eq!(harness.state().landscape.data.paste_text, "");
    // The first frames after a load upload the new heatmap and rebuild the 3-D mesh.
    harness.run_steps(5);
    let t = std::time::Instant::now();
    harness.run_steps(20);
    eprintln!("20 frames with 10k points: {:?}", t.elapsed());
}
