//! Slices of the MLP's real loss landscape: the centre is the network itself, directions are
//! filter-normalised, PCA finds the plane of a path, and coarse-to-fine reuses its values.

use std::sync::OnceLock;

use descent::core::loss_slice::plan::INTERPOLATION_RANGE;
use descent::core::loss_slice::{
    self, EvalOptions, SliceError, SliceMode, SliceRequest, SliceView, filter_normalized_direction,
    interpolation_line, linspace, pca_plane, random_plane, slice_1d, slice_2d, stages,
};
use descent::core::mlp::{Activation, Loss, Mlp, MlpConfig};
use descent::core::mnist::{self, Dataset};
use descent::core::training::{TrainConfig, Trainer};
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

/// (first 2,000 training images, 500 validation images), decoded once for all tests.
fn data() -> &'static (Dataset, Dataset) {
    static DATA: OnceLock<(Dataset, Dataset)> = OnceLock::new();
    DATA.get_or_init(|| {
        let (file, test) = mnist::load_bundled().expect("bundled MNIST");
        let s = mnist::split(file, test, 2000).unwrap();
        (s.train, s.validation.subset(0..500))
    })
}

/// A network trained for one epoch, so its weights are no longer the initial ones.
fn trained(cfg: TrainConfig) -> (Mlp<f32>, Mlp<f32>) {
    let (train, _) = data();
    let initial = Mlp::new(&cfg.mlp_config()).unwrap();
    let mut trainer = Trainer::new(&cfg, train.len()).unwrap();
    trainer.epoch(train).unwrap();
    (initial, trainer.mlp().clone())
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1e-12)
}

#[test]
fn the_centre_of_the_slice_is_the_current_networks_loss() {
    let configs = [
        TrainConfig::default(),
        TrainConfig {
            hidden: vec![20, 12],
            activation: Activation::Relu,
            loss: Loss::Mse,
            hyper: descent::core::optimizer::Hyper {
                lr: 0.1,
                ..TrainConfig::default().hyper
            },
            ..TrainConfig::default()
        },
        TrainConfig {
            hidden: vec![],
            activation: Activation::Tanh,
            ..TrainConfig::default()
        },
    ];
    let (_, val) = data();
    for cfg in configs {
        let (_, mlp) = trained(cfg.clone());
        let (want_loss, want_acc) = mlp.evaluate(val);
        let (d1, d2) = random_plane(&mlp, 7);
        let axis = linspace(-1.0, 1.0, 5);
        assert_eq!(axis[2], 0.0);
        let s = slice_2d(
            &mlp,
            mlp.params(),
            &d1,
            &d2,
            &axis,
            &axis,
            val,
            None,
            &EvalOptions::default(),
        )
        .unwrap();
        let (loss, acc) = s.at(2, 2).unwrap();
        assert!(
            close(loss, want_loss, 1e-5),
            "{:?}: centre {loss} vs evaluate {want_loss}",
            cfg.hidden
        );
        assert_eq!(acc, want_acc);
        let corner = s.at(0, 0).unwrap().0;
        assert!(
            corner > loss,
            "a filter-normalised step of 1 leaves the trained minimum: {corner} vs {loss}"
        );
    }
}

#[test]
fn filter_normalisation_gives_each_neuron_its_own_norm_and_biases_none() {
    let cfg = MlpConfig {
        hidden: vec![15, 7],
        ..MlpConfig::default()
    };
    let mut mlp = Mlp::<f32>::new(&cfg).unwrap();
    // Neurons of very different sizes, so a global normalisation would fail the test.
    for (k, w) in mlp.params_mut().iter_mut().enumerate() {
        *w *= 1.0 + (k % 15) as f32;
    }
    let d = filter_normalized_direction(&mlp, &mut Xoshiro256PlusPlus::seed_from_u64(3));
    let p = mlp.params();
    let sizes = mlp.sizes().to_vec();
    let mut offset = 0;
    for pair in sizes.windows(2) {
        let (n_in, n_out) = (pair[0], pair[1]);
        for j in 0..n_out {
            let norm = |v: &[f32]| {
                (0..n_in)
                    .map(|i| f64::from(v[offset + i * n_out + j]).powi(2))
                    .sum::<f64>()
                    .sqrt()
            };
            let (dn, wn) = (norm(&d), norm(p));
            assert!(
                close(dn, wn, 1e-5),
                "unit {j} of a {n_in}->{n_out} layer: {dn} vs {wn}"
            );
        }
        let biases = offset + n_in * n_out..offset + n_in * n_out + n_out;
        assert!(d[biases].iter().all(|&b| b == 0.0), "bias directions are 0");
        offset += n_in * n_out + n_out;
    }
    assert_eq!(offset, d.len());
    let again = filter_normalized_direction(&mlp, &mut Xoshiro256PlusPlus::seed_from_u64(3));
    let other = filter_normalized_direction(&mlp, &mut Xoshiro256PlusPlus::seed_from_u64(4));
    assert_eq!(d, again, "same seed, same direction");
    assert_ne!(d, other);
}

fn unit(n: usize, rng: &mut Xoshiro256PlusPlus) -> Vec<f64> {
    let v: Vec<f64> = (0..n).map(|_| loss_slice_gaussian(rng)).collect();
    let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
    v.into_iter().map(|x| x / norm).collect()
}

fn loss_slice_gaussian(rng: &mut Xoshiro256PlusPlus) -> f64 {
    use rand::RngExt;
    rng.random_range(-1.0..1.0) + rng.random_range(-1.0..1.0)
}

fn cos(a: &[f32], b: &[f64]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(&x, y)| f64::from(x) * y).sum();
    let na = a.iter().map(|&x| f64::from(x).powi(2)).sum::<f64>().sqrt();
    let nb = b.iter().map(|y| y * y).sum::<f64>().sqrt();
    dot / (na * nb)
}

/// Snapshots `start + t·dir + noise` for t = 0..steps.
fn line_path(start: &[f64], dir: &[f64], steps: usize, noise: f64, seed: u64) -> Vec<Vec<f32>> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..steps)
        .map(|k| {
            let t = k as f64 * 0.1;
            (start.iter().zip(dir))
                .map(|(s, d)| (s + t * d + noise * loss_slice_gaussian(&mut rng)) as f32)
                .collect()
        })
        .collect()
}

#[test]
fn pca_of_a_straight_path_finds_the_line() {
    let n = 2000;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
    let start = unit(n, &mut rng);
    let dir = unit(n, &mut rng);
    let path = line_path(&start, &dir, 30, 1e-4, 5);
    let origin = path.last().unwrap().clone();
    let plane = pca_plane(&[&path], &origin, 1).unwrap();
    let c1 = cos(&plane.d1, &dir);
    assert!(c1.abs() > 0.99, "first component along the line: cos {c1}");
    let d1_64: Vec<f64> = plane.d1.iter().map(|&x| f64::from(x)).collect();
    assert!(
        cos(&plane.d2, &d1_64).abs() < 1e-3,
        "components are orthogonal"
    );
    assert!(plane.explained[0] > 0.99, "{:?}", plane.explained);
    // The projected path runs 2.9 units along the first axis and ends at the origin.
    let p = &plane.paths[0];
    let span = (p[0][0] - p[p.len() - 1][0]).abs();
    assert!(close(span, 2.9, 1e-2), "span {span}");
    assert!(p[p.len() - 1][0].abs() < 1e-3 && p[p.len() - 1][1].abs() < 1e-3);
}

#[test]
fn two_runs_share_one_plane_containing_both_directions() {
    let n = 1000;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2);
    let start = unit(n, &mut rng);
    let (u, v) = (unit(n, &mut rng), unit(n, &mut rng));
    let a = line_path(&start, &u, 20, 1e-5, 1);
    let b = line_path(&start, &v, 20, 1e-5, 2);
    let plane = pca_plane(&[&a, &b], a.last().unwrap(), 1).unwrap();
    for dir in [&u, &v] {
        let in_plane = cos(&plane.d1, dir).hypot(cos(&plane.d2, dir));
        assert!(in_plane > 0.99, "direction lies in the plane: {in_plane}");
    }
    assert_eq!(plane.paths.len(), 2);
    assert_eq!(plane.paths[1].len(), 20);
}

#[test]
fn a_path_that_never_moves_is_refused() {
    let still = vec![vec![0.5f32; 10]; 4];
    assert_eq!(
        pca_plane(&[&still], &still[0], 1),
        Err(SliceError::TooFewSnapshots(4))
    );
    assert!(matches!(
        pca_plane(&[&still], &[0.0; 3], 1),
        Err(SliceError::LengthMismatch { .. })
    ));
}

#[test]
fn the_interpolation_line_passes_through_the_initial_and_current_weights() {
    let (initial, mlp) = trained(TrainConfig::default());
    let (_, val) = data();
    let alphas = linspace(INTERPOLATION_RANGE.0, INTERPOLATION_RANGE.1, 9);
    assert_eq!((alphas[2], alphas[6]), (0.0, 1.0));
    let line = interpolation_line(
        &mlp,
        initial.params(),
        mlp.params(),
        &alphas,
        val,
        &EvalOptions::default(),
    )
    .unwrap();
    assert!(close(line.loss[2], initial.evaluate(val).0, 1e-5));
    assert!(close(line.loss[6], mlp.evaluate(val).0, 1e-4));
    assert!(line.loss[6] < line.loss[2], "training lowered the loss");
    let d = filter_normalized_direction(&mlp, &mut Xoshiro256PlusPlus::seed_from_u64(1));
    let random = slice_1d(&mlp, mlp.params(), &d, &[0.0], val, &EvalOptions::default());
    assert!(close(random.unwrap().loss[0], mlp.evaluate(val).0, 1e-5));
}

#[test]
fn finer_stages_reuse_the_coarse_values_exactly() {
    assert_eq!(stages(41), vec![11, 21, 41]);
    assert_eq!(stages(81), vec![11, 21, 41, 81]);
    assert_eq!(stages(9), vec![9]);
    assert_eq!(stages(40), vec![11, 40]);
    let (_, mlp) = trained(TrainConfig::default());
    let val = data().1.subset(0..100);
    let request = SliceRequest {
        resolution: 9,
        ..SliceRequest::default()
    };
    let prep = loss_slice::prepare(&request, &mlp).unwrap();
    let opts = EvalOptions::default();
    let coarse = loss_slice::compute_stage(&prep, &mlp, 5, None, &val, &opts).unwrap();
    let fine = loss_slice::compute_stage(&prep, &mlp, 9, Some(&coarse), &val, &opts).unwrap();
    let fresh = loss_slice::compute_stage(&prep, &mlp, 9, None, &val, &opts).unwrap();
    let (SliceView::Plane { slice: c, .. }, SliceView::Plane { slice: f, .. }) = (&coarse, &fine)
    else {
        panic!("planes expected")
    };
    assert_eq!(
        c.at(1, 3),
        f.at(2, 6),
        "coarse point (1,3) is fine point (2,6)"
    );
    assert_eq!(
        fine, fresh,
        "reuse gives the same grid as computing everything"
    );
}

#[test]
fn bad_settings_and_cancellation_are_reported() {
    let mlp = Mlp::<f32>::new(&MlpConfig::default()).unwrap();
    let val = data().1.subset(0..50);
    for bad in [
        SliceRequest {
            resolution: 1,
            ..SliceRequest::default()
        },
        SliceRequest {
            range: f64::NAN,
            ..SliceRequest::default()
        },
        SliceRequest {
            range: 0.0,
            ..SliceRequest::default()
        },
    ] {
        assert!(matches!(
            loss_slice::prepare(&bad, &mlp),
            Err(SliceError::Invalid(_))
        ));
    }
    let trajectory = SliceRequest {
        mode: SliceMode::Trajectory,
        ..SliceRequest::default()
    };
    assert_eq!(
        loss_slice::prepare(&trajectory, &mlp).err(),
        Some(SliceError::TooFewSnapshots(0))
    );
    let (d1, d2) = random_plane(&mlp, 1);
    let cancelled = EvalOptions {
        threads: 2,
        cancel: &|| true,
    };
    let axis = linspace(-1.0, 1.0, 3);
    let r = slice_2d(
        &mlp,
        mlp.params(),
        &d1,
        &d2,
        &axis,
        &axis,
        &val,
        None,
        &cancelled,
    );
    assert_eq!(r, Err(SliceError::Cancelled));
    let empty = val.subset(0..0);
    let opts = EvalOptions::default();
    let r = slice_2d(
        &mlp,
        mlp.params(),
        &d1,
        &d2,
        &axis,
        &axis,
        &empty,
        None,
        &opts,
    );
    assert_eq!(r, Err(SliceError::EmptyData));
    let r = slice_2d(&mlp, &[0.0; 3], &d1, &d2, &axis, &axis, &val, None, &opts);
    assert!(matches!(r, Err(SliceError::LengthMismatch { .. })));
}

/// `cargo test --release --test core_loss_slice -- --ignored --nocapture`
#[test]
#[ignore = "timing: run in release on purpose"]
fn timing_41x41_over_2000_validation_images() {
    let (file, test) = mnist::load_bundled().unwrap();
    let s = mnist::split(file, test, 50_000).unwrap();
    let val = s.validation.subset(0..2000);
    let (_, mlp) = trained(TrainConfig::default());
    for threads in [1, 2] {
        let start = std::time::Instant::now();
        let request = SliceRequest::default();
        let opts = EvalOptions {
            threads,
            ..EvalOptions::default()
        };
        let view = loss_slice::compute(&request, &mlp, &val, &opts).unwrap();
        let secs = start.elapsed().as_secs_f64();
        println!("41x41 over 2000 images, {threads} thread(s): {secs:.3} s");
        assert_eq!(view.resolution(), 41);
    }
}

/// The training path keeps its first snapshot (the initial weights), never more than
/// MAX_SNAPSHOTS, spaced evenly through the run, and restarts when a new run's weights come.
#[test]
fn the_weight_path_thins_evenly_and_keeps_the_start() {
    use descent::core::loss_slice::{MAX_SNAPSHOTS, WeightPath};
    let mut path = WeightPath::starting_at(vec![0.0, 0.0]);
    let offered = 1000;
    for k in 1..=offered {
        path.record(&[k as f32, 0.0], k as u64 * 32);
    }
    let kept: Vec<f32> = path.snapshots.iter().map(|s| s[0]).collect();
    assert_eq!(kept[0], 0.0, "the initial weights stay first");
    assert!(
        kept.len() <= MAX_SNAPSHOTS && kept.len() > MAX_SNAPSHOTS / 2,
        "{}",
        kept.len()
    );
    let gaps: Vec<f32> = kept.windows(2).skip(1).map(|w| w[1] - w[0]).collect();
    assert!(
        gaps.iter().all(|&g| g == gaps[0]),
        "uneven spacing: {gaps:?}"
    );
    // Weights of another shape are not this run's.
    path.record(&[1.0], 1_000_000);
    assert_eq!(path.snapshots.len(), kept.len());
    // Examples seen going backwards: a new run started; only the start is kept.
    path.record(&[7.0, 7.0], 32);
    assert_eq!(path.snapshots.len(), 2);
    assert_eq!(path.snapshots[1][0], 7.0);
}
