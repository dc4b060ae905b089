//! The schedule spec syntax (defaults, round trip, one-line errors) and schedules in the race.

use descent::core::optimizer::{HyperParam, OptimizerKind};
use descent::core::race::{self, Racer};
use descent::core::schedule::{Anneal, OneCycle, Schedule, Scheduler};
use descent::core::surface::{Surface, SurfaceKind};

fn parse(spec: &str) -> Schedule {
    spec.parse().unwrap_or_else(|e| panic!("{spec:?}: {e}"))
}

fn error(spec: &str) -> String {
    match spec.parse::<Schedule>() {
        Ok(s) => panic!("{spec:?} parsed as {s:?}"),
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.contains('\n'), "{spec:?}: multi-line error {msg:?}");
            msg
        }
    }
}

#[test]
fn omitted_keys_take_torchs_defaults() {
    assert_eq!(parse("constant"), Schedule::Constant);
    assert_eq!(
        parse("step:step_size=30"),
        Schedule::Step {
            step_size: 30,
            gamma: 0.1
        }
    );
    assert_eq!(
        parse("cosine:t_max=100"),
        Schedule::Cosine {
            t_max: 100,
            eta_min: 0.0
        }
    );
    assert_eq!(
        parse("linear"),
        Schedule::Linear {
            start_factor: 1.0 / 3.0,
            end_factor: 1.0,
            total_iters: 5
        }
    );
    let c = match parse("onecycle:max_lr=0.1,total_steps=100") {
        Schedule::OneCycle(c) => c,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        (
            c.pct_start,
            c.anneal,
            c.div_factor,
            c.final_div_factor,
            c.three_phase
        ),
        (0.3, Anneal::Cos, 25.0, 1e4, false)
    );
    assert_eq!(
        (c.cycle_momentum, c.base_momentum, c.max_momentum),
        (true, 0.85, 0.95)
    );
    // Spaces, upper case names and torch's own spelling T_max are accepted.
    assert_eq!(
        parse(" Cosine : T_max = 100 , eta_min = 0 "),
        parse("cosine:t_max=100")
    );
}

#[test]
fn display_writes_a_spec_that_parses_back_to_the_same_schedule() {
    let specs = [
        "constant",
        "step:step_size=7,gamma=0.5",
        "exponential:gamma=0.95",
        "cosine:t_max=20,eta_min=0.001",
        "linear:start_factor=0.1,end_factor=1,total_iters=20",
        "linear",
        "onecycle:max_lr=0.3,total_steps=97,pct_start=0.33,anneal=linear,three_phase=true",
        "onecycle:max_lr=0.1,total_steps=40,cycle_momentum=false",
        "onecycle:max_lr=0.1,total_steps=40,base_momentum=0.8,max_momentum=0.9",
    ];
    for spec in specs {
        let s = parse(spec);
        let text = s.to_string();
        assert_eq!(parse(&text), s, "{spec:?} → {text:?}");
    }
    assert_eq!(
        parse("onecycle:max_lr=0.5,total_steps=60").to_string(),
        "onecycle:max_lr=0.5,total_steps=60,pct_start=0.3,anneal=cos,div_factor=25,\
         final_div_factor=10000,three_phase=false"
    );
}

#[test]
fn bad_specs_give_one_line_naming_the_problem() {
    let cases = [
        ("warmup:steps=3", "unknown schedule \"warmup\""),
        ("step:step_size=3,gama=0.5", "no key \"gama\""),
        ("cosine:eta_min=0.1", "cosine needs t_max"),
        ("exponential", "exponential needs gamma"),
        ("onecycle:total_steps=100", "onecycle needs max_lr"),
        ("onecycle:max_lr=0.1", "onecycle needs total_steps"),
        ("exponential:gamma=NaN", "gamma must be in [0, 10]"),
        ("exponential:gamma=-0.5", "gamma must be in [0, 10]"),
        ("exponential:gamma=1e300", "gamma must be in [0, 10]"),
        ("exponential:gamma=inf", "gamma must be in [0, 10]"),
        ("exponential:gamma=fast", "gamma=\"fast\" is not a number"),
        ("cosine:t_max=2.5", "t_max must be a whole number"),
        ("cosine:t_max=0", "t_max must be a whole number"),
        ("cosine:t_max=99999999999", "t_max must be a whole number"),
        ("cosine:t_max=-3", "t_max must be a whole number"),
        ("cosine:t_max=10,eta_min=-1", "eta_min must be in [0, 100]"),
        ("linear:start_factor=0", "start_factor must be in (0, 1]"),
        ("linear:end_factor=1.5", "end_factor must be in [0, 1]"),
        ("step:step_size=3,step_size=4", "step_size given twice"),
        ("step:step_size", "expected key=value"),
        ("constant:gamma=0.5", "constant has no key \"gamma\""),
        (
            "onecycle:max_lr=1e9,total_steps=10",
            "max_lr must be in (0, 100]",
        ),
        (
            "onecycle:max_lr=0,total_steps=10",
            "max_lr must be in (0, 100]",
        ),
        (
            "onecycle:max_lr=0.1,total_steps=10,anneal=exp",
            "anneal must be cos or linear",
        ),
        (
            "onecycle:max_lr=0.1,total_steps=10,three_phase=yes",
            "three_phase must be true or false",
        ),
        (
            "onecycle:max_lr=0.1,total_steps=10,pct_start=1",
            "pct_start must be in (0, 1)",
        ),
        (
            "onecycle:max_lr=0.1,total_steps=10,pct_start=0.1",
            "leaves a phase without steps",
        ),
        (
            "onecycle:max_lr=0.1,total_steps=100,pct_start=0.6,three_phase=true",
            "leaves a phase",
        ),
        (
            "onecycle:max_lr=0.1,total_steps=10,max_momentum=1",
            "max_momentum must be in [0, 1)",
        ),
    ];
    for (spec, expected) in cases {
        let msg = error(spec);
        assert!(
            msg.contains(expected),
            "{spec:?}: {msg:?} lacks {expected:?}"
        );
    }
}

#[test]
fn the_race_uses_the_scheduled_lr_at_every_step_and_records_it() {
    let surface = Surface::new(SurfaceKind::Booth);
    let schedule = parse("step:step_size=10,gamma=0.5");
    let mut racer = Racer::new(OptimizerKind::Sgd);
    racer.hyper.lr = 0.02;
    let constant = race::run(&surface, [-7.0, -6.0], &racer, 40, None);
    racer.schedule = schedule;
    let t = race::run(&surface, [-7.0, -6.0], &racer, 40, None);
    // Independent: StepLR halves the lr at steps 10, 20, 30 (powers of two are exact).
    let expected: Vec<f64> = (0..40).map(|i| 0.02 / f64::from(1 << (i / 10))).collect();
    assert_eq!(t.lrs, expected);
    assert_eq!(t.lrs, schedule.lrs(OptimizerKind::Sgd, 0.02, 40));
    assert_eq!(constant.lrs, vec![0.02; 40]);
    assert_eq!(
        t.points[..11],
        constant.points[..11],
        "same path until the first decay"
    );
    assert_ne!(t.points[12], constant.points[12]);
    assert_eq!(t.lr_at(1000), Some(0.0025));
    // Plain SGD with lr(i): each step is exactly −lr·∇f on Booth.
    for i in 0..40 {
        let g = surface.gradient(t.points[i]);
        let want = [
            t.points[i][0] - t.lrs[i] * g[0],
            t.points[i][1] - t.lrs[i] * g[1],
        ];
        assert_eq!(t.points[i + 1], want, "step {i}");
    }
}

#[test]
fn one_cycle_cycles_momentum_or_beta1_only_for_optimizers_that_have_one() {
    let c = Schedule::OneCycle(OneCycle::new(0.1, 50));
    let peak = 14; // pct_start·total − 1 = 14: lr at max_lr, momentum at base_momentum
    let at = |kind: OptimizerKind, step: usize| {
        let mut s = Scheduler::new(c, kind, 0.01);
        for _ in 0..step {
            s.step();
        }
        let mut h = kind.default_hyper();
        s.apply(&mut h);
        h
    };
    let adam = at(OptimizerKind::Adam, peak);
    assert!((adam.lr - 0.1).abs() < 1e-15 && (adam.beta1 - 0.85).abs() < 1e-15);
    assert_eq!(adam.momentum, OptimizerKind::Adam.default_hyper().momentum);
    let nesterov = at(OptimizerKind::Nesterov, peak);
    assert!((nesterov.momentum - 0.85).abs() < 1e-15);
    assert_eq!(
        nesterov.beta1,
        OptimizerKind::Nesterov.default_hyper().beta1
    );
    for kind in [OptimizerKind::Sgd, OptimizerKind::AdaGrad] {
        let h = at(kind, peak);
        let d = kind.default_hyper();
        assert!(
            !kind.uses(HyperParam::Momentum) && (h.momentum, h.beta1) == (d.momentum, d.beta1),
            "{kind:?}"
        );
    }
    // The last step (49) runs at max_lr / div_factor / final_div_factor, momentum back at max.
    let last = at(OptimizerKind::Adam, 49);
    assert!((last.lr - 0.1 / 25.0 / 1e4).abs() < 1e-20 && (last.beta1 - 0.95).abs() < 1e-15);
    // Past total_steps torch raises; we hold the last values.
    let end = at(OptimizerKind::Adam, 50);
    assert_eq!(at(OptimizerKind::Adam, 80), end);
}

#[test]
fn racers_keep_their_schedule_in_json_and_old_scenes_load_with_a_constant_lr() {
    let mut racer = Racer::new(OptimizerKind::Adam);
    racer.schedule = parse("cosine:t_max=50,eta_min=0.0001");
    let json = serde_json::to_value(racer).expect("serialize");
    assert_eq!(json["schedule"], "cosine:t_max=50,eta_min=0.0001");
    let back: Racer = serde_json::from_value(json.clone()).expect("deserialize");
    assert_eq!(back, racer);
    let mut old = json;
    old.as_object_mut().expect("object").remove("schedule");
    let old: Racer = serde_json::from_value(old).expect("old racer");
    assert_eq!(old.schedule, Schedule::Constant);
    let mut bad = serde_json::to_value(racer).expect("serialize");
    bad["schedule"] = "cosine:t_max=0".into();
    let e = serde_json::from_value::<Racer>(bad).expect_err("t_max=0 refused");
    assert!(e.to_string().contains("t_max"), "{e}");
}

#[test]
fn every_menu_entry_gives_a_valid_schedule_and_every_knob_round_trips() {
    for name in Schedule::NAMES {
        let s = Schedule::for_race(name, 300, 0.01).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(s.name(), name);
        assert_eq!(parse(&s.to_string()), s);
        for knob in s.knobs() {
            let v = s
                .knob(knob.key)
                .unwrap_or_else(|| panic!("{name}.{}", knob.key));
            assert_eq!(
                s.with_knob(knob.key, v),
                Ok(s),
                "{name}.{} unchanged",
                knob.key
            );
        }
    }
    let cosine = Schedule::for_race("cosine", 300, 0.01).expect("cosine");
    assert_eq!(
        cosine.with_knob("t_max", 41.6),
        Ok(Schedule::Cosine {
            t_max: 42,
            eta_min: 0.0
        })
    );
    // A slider can never make a schedule the parser refuses.
    let e = cosine
        .with_knob("eta_min", -0.5)
        .expect_err("negative η_min");
    assert!(e.to_string().contains("eta_min"), "{e}");
    let c = Schedule::for_race("onecycle", 300, 0.01).expect("onecycle");
    assert!(c.with_knob("pct_start", 0.6).is_ok());
    let e = c
        .with_knob("three_phase", 1.0)
        .and_then(|c| c.with_knob("pct_start", 0.6))
        .expect_err("three phases need pct_start < 0.5");
    assert!(e.to_string().contains("leaves a phase"), "{e}");
    assert!(cosine.with_knob("gamma", 0.5).is_err());
}

#[test]
fn the_lab_keeps_a_ghost_refuses_bad_schedules_and_scenes_keep_them() {
    use descent::core::lab::{Lab, LabState};
    use descent::core::scene::{self, Scene};
    let mut lab = Lab::new(LabState::for_surface(
        SurfaceKind::Rosenbrock,
        descent::core::lab::default_entries(),
    ));
    let index = 6; // Adam
    assert_eq!(lab.state.entries[index].racer.kind, OptimizerKind::Adam);
    let before = lab.trajectories[index].clone().expect("adam races");
    let schedule = parse("onecycle:max_lr=0.05,total_steps=300");
    lab.set_schedule(index, schedule).expect("valid");
    let after = lab.trajectories[index].as_ref().expect("adam races");
    assert_eq!(lab.ghosts[index].as_ref(), Some(&before.points));
    assert_ne!(after.points, before.points);
    assert_eq!(after.lrs[0], schedule.lrs(OptimizerKind::Adam, 1e-3, 1)[0]);
    assert!(after.lrs.iter().cloned().fold(0.0, f64::max) > 0.049);
    let bad = Schedule::Cosine {
        t_max: 0,
        eta_min: 0.0,
    };
    assert!(lab.set_schedule(index, bad).is_err());
    assert_eq!(lab.state.entries[index].racer.schedule, schedule);

    let text = Scene::landscape("one cycle", lab.state.clone()).to_json();
    assert!(text.contains("\"schedule\": \"onecycle:max_lr=0.05,total_steps=300"));
    let loaded = scene::parse(&text).expect("scene with a schedule");
    assert_eq!(loaded.landscape.as_ref(), Some(&lab.state));
    let broken = text.replace("total_steps=300", "total_steps=zero");
    let e = scene::parse(&broken).expect_err("bad schedule in a scene");
    assert!(e.to_string().contains("total_steps"), "{e}");
    // Scenes written before schedules load with a constant lr.
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/scenes/radford-beale.json"
    );
    let old = scene::load(std::path::Path::new(dir)).expect("shipped scene");
    let entries = &old.landscape.expect("landscape").entries;
    assert!(
        entries
            .iter()
            .all(|e| e.racer.schedule == Schedule::Constant)
    );
}

/// The inspector's readouts at the head use the lr (and OneCycle's momentum) that the head's next
/// step uses: `racer_at` replays the schedule to the same values the race recorded, and the
/// stability product moves with it.
#[test]
fn readouts_at_the_head_use_the_scheduled_hyperparameters() {
    let surface = Surface::new(SurfaceKind::LongValley);
    let start = race::default_start(SurfaceKind::LongValley);
    let schedules = [
        "step:step_size=5,gamma=0.5",
        "onecycle:max_lr=0.02,total_steps=60",
    ];
    for (kind, spec) in [
        (OptimizerKind::Momentum, schedules[0]),
        (OptimizerKind::Nesterov, schedules[1]),
    ] {
        let mut hyper = kind.default_hyper();
        hyper.lr = 0.01;
        let racer = Racer {
            kind,
            hyper,
            schedule: spec.parse().expect("spec"),
        };
        let t = race::run(&surface, start, &racer, 60, None);
        for step in [0usize, 7, 23, 41] {
            let at = race::racer_at(&racer, step);
            let recorded = t.lr_at(step).expect("a recorded lr");
            assert_eq!(at.hyper.lr, recorded, "{spec}: lr at step {step}");
            let shown = descent::core::inspect::inspect(&surface, &at, t.point_at(step));
            let lambda_max = shown.eigenvalues[1];
            assert_eq!(shown.lr_lambda_max, recorded * lambda_max);
        }
        if spec.starts_with("onecycle") {
            // OneCycle cycles momentum: the bound at the head follows it.
            let early = race::racer_at(&racer, 0).hyper.momentum;
            let late = race::racer_at(&racer, 17).hyper.momentum;
            assert_ne!(early, late, "momentum cycles under OneCycle");
        } else {
            assert!(race::racer_at(&racer, 7).hyper.lr < racer.hyper.lr);
        }
    }
}
