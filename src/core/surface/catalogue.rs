//! Human-facing metadata and reference points of each landscape. Irrational stationary
//! points were located by Newton's method on the analytic gradient (to |∇f| < 1e-12) and
//! are checked against the formulas by the integration tests.

use super::{KnownPoint, Point, PointKind, SurfaceKind, ViewRect};

pub(super) fn label(kind: SurfaceKind) -> &'static str {
    match kind {
        SurfaceKind::Regression => "Linear regression",
        SurfaceKind::Beale => "Beale",
        SurfaceKind::Rosenbrock => "Rosenbrock",
        SurfaceKind::Himmelblau => "Himmelblau",
        SurfaceKind::Saddle => "Saddle",
        SurfaceKind::MonkeySaddle => "Monkey saddle",
        SurfaceKind::Rastrigin => "Rastrigin",
        SurfaceKind::Ackley => "Ackley",
        SurfaceKind::SixHumpCamel => "Six-hump camel",
        SurfaceKind::GoldsteinPrice => "Goldstein–Price",
        SurfaceKind::Booth => "Booth",
        SurfaceKind::Banana => "Banana",
        SurfaceKind::LongValley => "Long valley",
        SurfaceKind::Formula => "Formula…",
    }
}

pub(super) fn formula(kind: SurfaceKind) -> &'static str {
    match kind {
        SurfaceKind::Regression => "J(m,b) = (1/n) Σᵢ (yᵢ − (m·xᵢ + b))²",
        SurfaceKind::Beale => "f(x,y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
        SurfaceKind::Rosenbrock => "f(x,y) = (1 − x)² + 100(y − x²)²",
        SurfaceKind::Himmelblau => "f(x,y) = (x² + y − 11)² + (x + y² − 7)²",
        SurfaceKind::Saddle => "f(x,y) = x² − y²",
        SurfaceKind::MonkeySaddle => "f(x,y) = x³ − 3xy²",
        SurfaceKind::Rastrigin => "f(x,y) = 20 + (x² − 10 cos 2πx) + (y² − 10 cos 2πy)",
        SurfaceKind::Ackley => {
            "f(x,y) = −20 exp(−0.2 √(½(x² + y²))) − exp(½(cos 2πx + cos 2πy)) + e + 20"
        }
        SurfaceKind::SixHumpCamel => "f(x,y) = (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²",
        SurfaceKind::GoldsteinPrice => {
            "f(x,y) = [1 + (x+y+1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)] · \
             [30 + (2x−3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)]"
        }
        SurfaceKind::Booth => "f(x,y) = (x + 2y − 7)² + (2x + y − 5)²",
        SurfaceKind::Banana => "f(x,y) = (1 − x)² + 20(3y − x²)²",
        SurfaceKind::LongValley => {
            "f(x,y) = ½(u² + 50w²),  u = x cos30° + y sin30°,  w = −x sin30° + y cos30°"
        }
        SurfaceKind::Formula => "f(x,y) = your formula",
    }
}

pub(super) fn description(kind: SurfaceKind) -> &'static str {
    match kind {
        SurfaceKind::Regression => {
            "The cost of fitting a straight line to a scatter of points: a bowl with exactly one \
             minimum, the least-squares fit. Because the x values are large and not centred, \
             the bowl is a stretched, tilted ellipse, so plain gradient descent zig-zags."
        }
        SurfaceKind::Beale => {
            "Flat plateaus next to steep walls, with the minimum at (3, 0.5) in a narrow curved \
             arm. Shows why adaptive step sizes help when gradients differ by orders of magnitude."
        }
        SurfaceKind::Rosenbrock => {
            "A long, curved, almost flat-bottomed valley leading to the minimum at (1, 1). \
             Finding the valley is easy; following it is slow, which is where momentum shines."
        }
        SurfaceKind::Himmelblau => {
            "Four equally good minima separated by saddles. Which one an optimiser reaches \
             depends on where it starts: a first look at basins of attraction."
        }
        SurfaceKind::Saddle => {
            "Curves up along x and down along y. Gradient descent started on the x-axis stalls \
             at the saddle point; the tiniest push off the axis lets it escape."
        }
        SurfaceKind::MonkeySaddle => {
            "A flat point with three ways down (room for a monkey's tail). The gradient and the \
             curvature both vanish at the centre, so second-order tests cannot classify it."
        }
        SurfaceKind::Rastrigin => {
            "A bowl covered in regular bumps: about a hundred local minima in view. \
             Gradient methods get trapped in the nearest dimple; only the bowl's shape is a hint."
        }
        SurfaceKind::Ackley => {
            "A nearly flat, egg-crate plain with one deep funnel at the origin. Far from the \
             centre the gradient points almost anywhere, so optimisers wander."
        }
        SurfaceKind::SixHumpCamel => {
            "Six minima of different depths (two global, four local) and seven saddles. \
             Good for comparing where different optimisers settle from the same start."
        }
        SurfaceKind::GoldsteinPrice => {
            "Values span six orders of magnitude; the global minimum (value 3 at (0, −1)) sits \
             beside three worse local minima. A stress test for fixed learning rates."
        }
        SurfaceKind::Booth => {
            "A plain tilted bowl with its minimum at (1, 3): the easy case, where every sensible \
             optimiser converges. A baseline before the hard landscapes."
        }
        SurfaceKind::Banana => {
            "A gentle version of Rosenbrock's curved valley, minimum at (1, 1/3). Shows momentum \
             carrying an optimiser around the bend instead of bouncing off the walls."
        }
        SurfaceKind::LongValley => {
            "A straight but narrow ravine tilted 30°: 50 times steeper across than along \
             (condition number 50). Gradient descent must use a step below 2/50 = 0.04 and then \
             crawls along the floor; momentum fixes that."
        }
        SurfaceKind::Formula => {
            "Any landscape you can type: f(x, y) with + − * / ^, sin, exp, sqrt… Its minima are \
             found numerically and marked; where it is undefined the map has holes."
        }
    }
}

fn view(x_min: f64, x_max: f64, y_min: f64, y_max: f64) -> ViewRect {
    ViewRect {
        x_min,
        x_max,
        y_min,
        y_max,
    }
}

/// The customary plotting windows for each function.
pub(super) fn default_view(kind: SurfaceKind) -> ViewRect {
    match kind {
        SurfaceKind::Regression => crate::core::regression::Regression::default_view(),
        SurfaceKind::Beale => view(-4.5, 4.5, -4.5, 4.5),
        SurfaceKind::Rosenbrock => view(-2.0, 2.0, -1.0, 3.0),
        SurfaceKind::Himmelblau => view(-5.0, 5.0, -5.0, 5.0),
        SurfaceKind::Saddle => view(-2.0, 2.0, -2.0, 2.0),
        SurfaceKind::MonkeySaddle => view(-2.0, 2.0, -2.0, 2.0),
        SurfaceKind::Rastrigin => view(-5.12, 5.12, -5.12, 5.12),
        SurfaceKind::Ackley => view(-5.0, 5.0, -5.0, 5.0),
        SurfaceKind::SixHumpCamel => view(-2.2, 2.2, -1.2, 1.2),
        SurfaceKind::GoldsteinPrice => view(-2.0, 2.0, -2.0, 2.0),
        SurfaceKind::Booth => view(-10.0, 10.0, -10.0, 10.0),
        SurfaceKind::Banana => view(-2.0, 2.0, -0.75, 1.75),
        SurfaceKind::LongValley => view(-10.0, 10.0, -7.0, 7.0),
        SurfaceKind::Formula => super::custom::DEFAULT_VIEW,
    }
}

fn point(kind: PointKind, position: Point, value: f64) -> KnownPoint {
    KnownPoint {
        position,
        value,
        kind,
    }
}

use PointKind::{GlobalMinimum as G, LocalMinimum as L, Saddle as S};

/// Every minimum and saddle inside the default view, except for Rastrigin and Ackley whose
/// dozens of local minima are omitted (only the global one is listed).
pub(super) fn known_points(kind: SurfaceKind) -> Vec<KnownPoint> {
    match kind {
        // Data-dependent; `Surface::known_points` answers from the dataset.
        SurfaceKind::Regression => Vec::new(),
        SurfaceKind::Beale => vec![
            point(G, [3.0, 0.5], 0.0),
            point(S, [0.0, 1.0], 14.203125),
            point(
                S,
                [0.100_537_937_324_158_33, -2.644_513_585_023_125_4],
                9.864_512_284_755_56,
            ),
        ],
        SurfaceKind::Rosenbrock => vec![point(G, [1.0, 1.0], 0.0)],
        SurfaceKind::Himmelblau => vec![
            point(G, [3.0, 2.0], 0.0),
            point(G, [-2.805_118_086_952_745, 3.131_312_518_250_573], 0.0),
            point(G, [-3.779_310_253_377_747, -3.283_185_991_286_169_6], 0.0),
            point(G, [3.584_428_340_330_491_7, -1.848_126_526_964_403_4], 0.0),
            point(
                S,
                [0.086_677_504_555_396_34, 2.884_254_701_174_776],
                67.719_150_087_526_13,
            ),
            point(
                S,
                [3.385_154_183_607_021, 0.073_851_879_837_749_28],
                13.311_926_270_405_587,
            ),
            point(
                S,
                [-0.127_961_346_730_680_05, -1.953_714_980_244_576_6],
                178.337_239_201_927_45,
            ),
            point(
                S,
                [-3.073_025_750_764_389_7, -0.081_353_044_287_967_51],
                104.015_162_917_558_11,
            ),
        ],
        SurfaceKind::Saddle => vec![point(S, [0.0, 0.0], 0.0)],
        SurfaceKind::MonkeySaddle => vec![point(S, [0.0, 0.0], 0.0)],
        SurfaceKind::Rastrigin => vec![point(G, [0.0, 0.0], 0.0)],
        SurfaceKind::Ackley => vec![point(G, [0.0, 0.0], 0.0)],
        SurfaceKind::SixHumpCamel => {
            // f(−x, −y) = f(x, y): every point off the origin comes with its mirror image.
            let global = [0.089_842_013_100_318_07, -0.712_656_403_020_739_6];
            let deep_local = [1.703_606_714_969_981_4, -0.796_083_568_672_625_1];
            let shallow_local = [1.607_104_752_920_197_6, 0.568_651_454_884_131_3];
            let saddles = [
                (
                    [1.109_205_336_804_786_5, -0.768_268_092_509_539_9],
                    0.543_718_600_978_185_1,
                ),
                (
                    [1.296_070_267_167_109_2, 0.605_084_388_038_658_5],
                    2.229_470_818_029_861,
                ),
                (
                    [1.638_067_984_189_778_5, 0.228_674_069_044_394_08],
                    2.229_357_197_530_714,
                ),
            ];
            let mirror = |p: Point| [-p[0], -p[1]];
            let mut pts = vec![
                point(G, global, -1.031_628_453_489_877_6),
                point(G, mirror(global), -1.031_628_453_489_877_6),
                point(L, deep_local, -0.215_463_824_383_718_36),
                point(L, mirror(deep_local), -0.215_463_824_383_718_36),
                point(L, shallow_local, 2.104_250_310_311_257_5),
                point(L, mirror(shallow_local), 2.104_250_310_311_257_5),
                point(S, [0.0, 0.0], 0.0),
            ];
            for (p, v) in saddles {
                pts.push(point(S, p, v));
                pts.push(point(S, mirror(p), v));
            }
            pts
        }
        // f = P(s)Q(v) with s = x + y, v = 2x − 3y; stationary exactly where P' = 0
        // (s ∈ {−1, 1, 2}) and Q' = 0 (v ∈ {0, 1, 3}); x = (3s + v)/5, y = (2s − v)/5.
        // (s, v) = (1, 1) is a local maximum and is not listed.
        SurfaceKind::GoldsteinPrice => vec![
            point(G, [0.0, -1.0], 3.0),
            point(L, [-0.6, -0.4], 30.0),
            point(L, [1.8, 0.2], 84.0),
            point(L, [1.2, 0.8], 840.0),
            point(S, [0.6, 0.4], 990.0),
            point(S, [1.2, -0.2], 99.0),
            point(S, [-0.4, -0.6], 35.0),
            point(S, [1.4, 0.6], 980.0),
        ],
        SurfaceKind::Booth => vec![point(G, [1.0, 3.0], 0.0)],
        SurfaceKind::Banana => vec![point(G, [1.0, 1.0 / 3.0], 0.0)],
        SurfaceKind::LongValley => vec![point(G, [0.0, 0.0], 0.0)],
        // Found numerically; `Surface::known_points` answers from the formula.
        SurfaceKind::Formula => Vec::new(),
    }
}
