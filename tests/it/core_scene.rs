//! Scenes: presets round-trip, and every kind of bad file gives a clear error (never a panic).

use descent::core::presets::PRESETS;
use descent::core::scene::{self, SCENE_VERSION, Scene, SceneError};
use rand::{RngExt, SeedableRng};

fn beale_json() -> String {
    PRESETS[0].json().to_owned()
}

#[test]
fn every_shipped_preset_is_a_valid_scene_that_round_trips() {
    for preset in &PRESETS {
        let scene = scene::parse(preset.json()).unwrap_or_else(|e| panic!("{}: {e}", preset.file));
        assert_eq!(scene.version, SCENE_VERSION);
        assert_eq!(scene.name, preset.name);
        let again = scene::parse(&scene.to_json()).expect("re-parse");
        assert_eq!(again, scene);
        assert_eq!(Some(preset.state()), scene.landscape);
    }
}

#[test]
fn saving_and_loading_a_file_gives_the_same_scene() {
    let path = std::env::temp_dir().join(format!("descent-scene-{}.json", std::process::id()));
    let mut state = PRESETS[4].state();
    state.start = [-1.25, 3.5];
    state.step = 17;
    let scene = Scene::landscape("mine", state);
    scene::save(&path, &scene).expect("save");
    let loaded = scene::load(&path).expect("load");
    let _ = std::fs::remove_file(&path);
    assert_eq!(loaded, scene);
}

fn error_of(text: &str) -> String {
    match scene::parse(text) {
        Ok(_) => panic!("accepted: {}", &text[text.len().saturating_sub(300)..]),
        Err(e) => e.to_string(),
    }
}

#[test]
fn bad_scenes_are_refused_with_a_message_that_says_why() {
    let good = beale_json();
    let cases: Vec<(String, &str)> = vec![
        (good[..good.len() / 2].to_owned(), "not a valid scene"),
        (
            good.replace("\"version\": 1", "\"version\": 99"),
            "version 99",
        ),
        (
            good.replacen("\"version\": 1,", "", 1),
            "missing \"version\"",
        ),
        (
            good.replace("\"beale\"", "\"beal\""),
            "unknown variant `beal`",
        ),
        (
            good.replace("\"sgd\"", "\"sgdd\""),
            "unknown variant `sgdd`",
        ),
        (
            good.replacen("\"lr\": 0.01", "\"lr\": -0.01", 1),
            "learning rate",
        ),
        (
            good.replacen("\"lr\": 0.01", "\"lr\": NaN", 1),
            "not a valid scene",
        ),
        (good.replace("\"beta1\": 0.9", "\"beta1\": 1.5"), "β₁"),
        (
            good.replace("\"max_steps\": 300", "\"max_steps\": 100000000"),
            "max_steps",
        ),
        (good.replace("\"x_min\": -4.5", "\"x_min\": 9.5"), "view"),
        (
            good.replace("\"selected\": 0", "\"selected\": 40"),
            "selected",
        ),
        (
            good.replacen("\"name\"", "\"nmae\"", 1),
            "unknown field `nmae`",
        ),
        ("".to_owned(), "not a valid scene"),
        ("[1, 2, 3]".to_owned(), "not a valid scene"),
        (
            format!("{{\"version\": {SCENE_VERSION}}}"),
            "needs a \"landscape\"",
        ),
    ];
    for (text, expected) in cases {
        let err = error_of(&text);
        assert!(err.contains(expected), "expected {expected:?} in {err:?}");
    }
}

#[test]
fn a_missing_or_huge_file_is_an_error_naming_it() {
    let missing = std::path::Path::new("/nonexistent/descent/scene.json");
    let err = scene::load(missing).expect_err("missing file");
    assert!(
        matches!(err, SceneError::Io { .. })
            && err.to_string().contains("/nonexistent/descent/scene.json")
    );
}

/// Property: random corruptions of a valid scene never panic; whatever parses saves and reloads
/// as the same scene and races without panicking.
#[test]
fn random_corruptions_never_panic() {
    let good = beale_json().into_bytes();
    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    let alphabet = b"{}[]\":,-0123456789.eE naNtruefls";
    let mut accepted = 0;
    for _ in 0..3000 {
        let mut bytes = good.clone();
        for _ in 0..rng.random_range(1..6) {
            let i = rng.random_range(0..bytes.len());
            match rng.random_range(0..3) {
                0 => bytes[i] = alphabet[rng.random_range(0..alphabet.len())],
                1 => {
                    bytes.remove(i);
                }
                _ => bytes.insert(i, alphabet[rng.random_range(0..alphabet.len())]),
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(scene) = scene::parse(&text) {
            let again = scene::parse(&scene.to_json()).expect("a parsed scene saves and reloads");
            assert_eq!(again, scene, "saving and reloading changed the scene");
            if let Some(state) = scene.landscape {
                let lab = descent::core::lab::Lab::new(state);
                assert_eq!(lab.trajectories.len(), lab.state.entries.len());
            }
            accepted += 1;
        }
    }
    // Some mutations only touch whitespace or a digit of a number: those must still load.
    assert!(
        accepted > 0,
        "no mutation was accepted: the parser may be rejecting everything"
    );
}

/// The Beale preset as a JSON value, changed by `edit`, back as text.
fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(&beale_json()).unwrap();
    edit(&mut v);
    v.to_string()
}

fn one_line_error_of(text: &str) -> String {
    let err = error_of(text);
    assert!(!err.contains('\n'), "one line: {err}");
    err
}

#[test]
fn unknown_fields_anywhere_are_refused_by_name() {
    let cases: Vec<(String, &str)> = vec![
        (
            edited(|v| v["landscape"]["speed"] = 3.into()),
            "unknown field `speed`",
        ),
        (
            edited(|v| v["landscape"]["entries"][0]["racer"]["hyper"]["lrr"] = 0.1.into()),
            "unknown field `lrr`",
        ),
        (
            edited(|v| v["landscape"]["view"]["z_min"] = 0.into()),
            "unknown field `z_min`",
        ),
        (
            edited(|v| v["landscape"]["entries"][1]["colour"] = 0.into()),
            "unknown field `colour`",
        ),
        (
            edited(|v| v["mnist"] = serde_json::json!({"hidden": [15], "epoch": 3})),
            "unknown field `epoch`",
        ),
    ];
    for (text, expected) in cases {
        let err = one_line_error_of(&text);
        assert!(err.contains(expected), "expected {expected:?} in {err:?}");
    }
}

#[test]
fn too_long_lists_and_too_large_values_are_refused() {
    let entries = |n: usize| {
        edited(|v| {
            let one = v["landscape"]["entries"][0].clone();
            v["landscape"]["entries"] = serde_json::Value::Array(vec![one; n]);
        })
    };
    // The largest allowed race still loads; one more entry does not.
    assert!(scene::parse(&entries(scene::MAX_ENTRIES)).is_ok());
    let points = |n: usize| {
        let regression = PRESETS[4].json();
        let mut v: serde_json::Value = serde_json::from_str(regression).unwrap();
        let pts: Vec<[f64; 2]> = (0..n).map(|i| [i as f64, 1.0]).collect();
        v["landscape"]["surface"]["Regression"]["points"] = serde_json::json!(pts);
        v.to_string()
    };
    assert!(scene::parse(&points(scene::MAX_POINTS)).is_ok());
    let cases: Vec<(String, String)> = vec![
        (
            entries(scene::MAX_ENTRIES + 1),
            format!("at most {} optimizers", scene::MAX_ENTRIES),
        ),
        (
            points(scene::MAX_POINTS + 1),
            format!("at most {} data points", scene::MAX_POINTS),
        ),
        (
            edited(|v| v["landscape"]["max_steps"] = (scene::MAX_STEPS + 1).into()),
            "max_steps".into(),
        ),
        (
            edited(|v| v["landscape"]["batch_size"] = 1_000_000.into()),
            "batch_size".into(),
        ),
        (
            edited(|v| {
                v["landscape"]["view"]["x_min"] = (-1e308).into();
                v["landscape"]["view"]["x_max"] = 1e308.into();
            }),
            "view".into(),
        ),
        (
            edited(|v| v["name"] = "x".repeat(scene::MAX_NAME + 1).into()),
            "name".into(),
        ),
        (
            edited(|v| v["mnist"] = serde_json::json!({"hidden": [100_000]})),
            "hidden layers".into(),
        ),
        (
            edited(|v| v["mnist"] = serde_json::json!({"hidden": vec![15; 9]})),
            "hidden layers".into(),
        ),
        (
            edited(|v| v["mnist"] = serde_json::json!({"epochs": 1_000_000})),
            "epochs must be at most".into(),
        ),
        (
            edited(|v| v["mnist"] = serde_json::json!({"batch_size": 1_000_000})),
            "batch size must be at most".into(),
        ),
    ];
    for (text, expected) in cases {
        let err = one_line_error_of(&text);
        assert!(err.contains(&expected), "expected {expected:?} in {err:?}");
    }
}

#[test]
fn scene_arguments_accept_a_bundled_name_or_a_path() {
    use clap::Parser;
    use descent::cli::Cli;
    // `descent --scene radford-beale` resolves through the same function main uses.
    let cli = Cli::try_parse_from(["descent", "--scene", "radford-beale"]).unwrap();
    let scene = scene::load_named_or_path(cli.scene.as_deref().unwrap()).unwrap();
    assert_eq!(scene, scene::parse(PRESETS[0].json()).unwrap());
    for preset in &PRESETS {
        for arg in [
            preset.key().to_owned(),
            preset.file.to_owned(),
            preset.name.to_owned(),
        ] {
            let got = scene::load_named_or_path(std::path::Path::new(&arg))
                .unwrap_or_else(|e| panic!("{arg}: {e}"));
            assert_eq!(got.name, preset.name, "{arg}");
        }
    }
    // A real file wins over a bundled name (here it is one, renamed in its contents).
    let path = std::env::temp_dir().join(format!("descent-named-{}.json", std::process::id()));
    scene::save(&path, &Scene::landscape("mine", PRESETS[1].state())).unwrap();
    let from_file = scene::load_named_or_path(&path).unwrap();
    let _ = std::fs::remove_file(&path);
    assert_eq!(from_file.name, "mine");

    let err = scene::load_named_or_path(std::path::Path::new("radford-bael")).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, SceneError::Unknown { .. }), "{msg}");
    assert!(!msg.contains('\n'), "one line: {msg}");
    assert!(msg.contains("\"radford-bael\""), "{msg}");
    for preset in &PRESETS {
        assert!(
            msg.contains(preset.key()),
            "{msg} should list {}",
            preset.key()
        );
    }
}
