//! Value, gradient and Hessian of each closed-form test function, computed together so the
//! three can never disagree about which formula they implement.

use std::f64::consts::{E, PI, TAU};

use super::{Point, SurfaceKind};

pub(super) type Matrix = [[f64; 2]; 2];

/// Value with first and second derivatives at one point.
#[derive(Clone, Copy, Debug)]
pub(super) struct Jet {
    pub value: f64,
    pub gradient: Point,
    pub hessian: Matrix,
}

/// A scalar residual r(x, y) with its derivatives, for sum-of-squares functions.
struct Residual {
    r: f64,
    g: Point,
    h: Matrix,
}

/// f = Σ rₖ², ∇f = 2 Σ rₖ∇rₖ, ∇²f = 2 Σ (∇rₖ∇rₖᵀ + rₖ∇²rₖ).
fn sum_of_squares(residuals: &[Residual]) -> Jet {
    let mut jet = Jet {
        value: 0.0,
        gradient: [0.0; 2],
        hessian: [[0.0; 2]; 2],
    };
    for res in residuals {
        jet.value += res.r * res.r;
        for i in 0..2 {
            jet.gradient[i] += 2.0 * res.r * res.g[i];
            for j in 0..2 {
                jet.hessian[i][j] += 2.0 * (res.g[i] * res.g[j] + res.r * res.h[i][j]);
            }
        }
    }
    jet
}

/// Jet of a quadratic ½ pᵀHp.
fn quadratic(h: Matrix, p: Point) -> Jet {
    let g = [
        h[0][0] * p[0] + h[0][1] * p[1],
        h[1][0] * p[0] + h[1][1] * p[1],
    ];
    Jet {
        value: 0.5 * (p[0] * g[0] + p[1] * g[1]),
        gradient: g,
        hessian: h,
    }
}

/// Long valley: ½(u² + 50w²) in coordinates (u, w) rotated by 30° from (x, y).
pub(super) const LONG_VALLEY_ANGLE: f64 = PI / 6.0;
/// Curvatures along and across the valley; condition number 50.
pub(super) const LONG_VALLEY_CURVATURES: [f64; 2] = [1.0, 50.0];

fn long_valley_hessian() -> Matrix {
    let (s, c) = LONG_VALLEY_ANGLE.sin_cos();
    let [l1, l2] = LONG_VALLEY_CURVATURES;
    // Rᵀ diag(l1, l2) R with u = c·x + s·y, w = −s·x + c·y.
    [
        [l1 * c * c + l2 * s * s, (l1 - l2) * c * s],
        [(l1 - l2) * c * s, l1 * s * s + l2 * c * c],
    ]
}

pub(super) fn jet(kind: SurfaceKind, p: Point) -> Jet {
    let [x, y] = p;
    match kind {
        // Callers route regression and formulas elsewhere; a zero jet keeps this total.
        SurfaceKind::Regression | SurfaceKind::Formula => quadratic([[0.0; 2]; 2], p),
        SurfaceKind::Beale => sum_of_squares(&[
            Residual {
                r: 1.5 - x + x * y,
                g: [y - 1.0, x],
                h: [[0.0, 1.0], [1.0, 0.0]],
            },
            Residual {
                r: 2.25 - x + x * y * y,
                g: [y * y - 1.0, 2.0 * x * y],
                h: [[0.0, 2.0 * y], [2.0 * y, 2.0 * x]],
            },
            Residual {
                r: 2.625 - x + x * y * y * y,
                g: [y * y * y - 1.0, 3.0 * x * y * y],
                h: [[0.0, 3.0 * y * y], [3.0 * y * y, 6.0 * x * y]],
            },
        ]),
        SurfaceKind::Rosenbrock => sum_of_squares(&[
            Residual {
                r: 1.0 - x,
                g: [-1.0, 0.0],
                h: [[0.0; 2]; 2],
            },
            Residual {
                r: 10.0 * (y - x * x),
                g: [-20.0 * x, 10.0],
                h: [[-20.0, 0.0], [0.0, 0.0]],
            },
        ]),
        SurfaceKind::Himmelblau => sum_of_squares(&[
            Residual {
                r: x * x + y - 11.0,
                g: [2.0 * x, 1.0],
                h: [[2.0, 0.0], [0.0, 0.0]],
            },
            Residual {
                r: x + y * y - 7.0,
                g: [1.0, 2.0 * y],
                h: [[0.0, 0.0], [0.0, 2.0]],
            },
        ]),
        SurfaceKind::Saddle => quadratic([[2.0, 0.0], [0.0, -2.0]], p),
        SurfaceKind::MonkeySaddle => Jet {
            value: x * x * x - 3.0 * x * y * y,
            gradient: [3.0 * x * x - 3.0 * y * y, -6.0 * x * y],
            hessian: [[6.0 * x, -6.0 * y], [-6.0 * y, -6.0 * x]],
        },
        SurfaceKind::Rastrigin => {
            // 2A + Σ (xᵢ² − A cos 2πxᵢ), A = 10.
            let a = 10.0;
            let mut jet = Jet {
                value: 2.0 * a,
                gradient: [0.0; 2],
                hessian: [[0.0; 2]; 2],
            };
            for (i, &xi) in p.iter().enumerate() {
                let (s, c) = (TAU * xi).sin_cos();
                jet.value += xi * xi - a * c;
                jet.gradient[i] = 2.0 * xi + a * TAU * s;
                jet.hessian[i][i] = 2.0 + a * TAU * TAU * c;
            }
            jet
        }
        SurfaceKind::Ackley => ackley(p),
        SurfaceKind::SixHumpCamel => Jet {
            value: (4.0 - 2.1 * x * x + x.powi(4) / 3.0) * x * x
                + x * y
                + (-4.0 + 4.0 * y * y) * y * y,
            gradient: [
                8.0 * x - 8.4 * x.powi(3) + 2.0 * x.powi(5) + y,
                x - 8.0 * y + 16.0 * y.powi(3),
            ],
            hessian: [
                [8.0 - 25.2 * x * x + 10.0 * x.powi(4), 1.0],
                [1.0, -8.0 + 48.0 * y * y],
            ],
        },
        SurfaceKind::GoldsteinPrice => goldstein_price(p),
        SurfaceKind::Booth => sum_of_squares(&[
            Residual {
                r: x + 2.0 * y - 7.0,
                g: [1.0, 2.0],
                h: [[0.0; 2]; 2],
            },
            Residual {
                r: 2.0 * x + y - 5.0,
                g: [2.0, 1.0],
                h: [[0.0; 2]; 2],
            },
        ]),
        SurfaceKind::Banana => {
            let k = 20f64.sqrt();
            sum_of_squares(&[
                Residual {
                    r: 1.0 - x,
                    g: [-1.0, 0.0],
                    h: [[0.0; 2]; 2],
                },
                Residual {
                    r: k * (3.0 * y - x * x),
                    g: [-2.0 * k * x, 3.0 * k],
                    h: [[-2.0 * k, 0.0], [0.0, 0.0]],
                },
            ])
        }
        SurfaceKind::LongValley => quadratic(long_valley_hessian(), p),
    }
}

/// Ackley (a = 20, b = 0.2, c = 2π):
/// f = −a·exp(−b·r) − exp(½(cos cx + cos cy)) + a + e, with r = √(½(x² + y²)).
fn ackley(p: Point) -> Jet {
    let [x, y] = p;
    let (a, b) = (20.0, 0.2);
    let r = (0.5 * (x * x + y * y)).sqrt();
    let cone = (-b * r).exp();
    let (sx, cx) = (TAU * x).sin_cos();
    let (sy, cy) = (TAU * y).sin_cos();
    let wave = (0.5 * (cx + cy)).exp();

    let value = -a * cone - wave + a + E;
    // Cosine term −exp(½(cos 2πx + cos 2πy)).
    let mut gradient = [PI * wave * sx, PI * wave * sy];
    let mut hessian = [
        [
            PI * PI * wave * (2.0 * cx - sx * sx),
            -PI * PI * wave * sx * sy,
        ],
        [
            -PI * PI * wave * sx * sy,
            PI * PI * wave * (2.0 * cy - sy * sy),
        ],
    ];
    // Radial term −a·exp(−b·r): ∇ = g(r)·p with g = a·b·exp(−br)/(2r); its derivatives blow up
    // at r = 0 (a cone tip), where we leave it out: gradient 0 at the minimum by definition.
    if r > 0.0 {
        let g = a * b * cone / (2.0 * r);
        // dg/dr, then ∂g/∂pⱼ = g'(r)·pⱼ/(2r).
        let dg = -a * b * cone * (b * r + 1.0) / (2.0 * r * r);
        let k = dg / (2.0 * r);
        for i in 0..2 {
            gradient[i] += g * p[i];
            for j in 0..2 {
                hessian[i][j] += k * p[i] * p[j] + if i == j { g } else { 0.0 };
            }
        }
    }
    Jet {
        value,
        gradient,
        hessian,
    }
}

/// Goldstein–Price factorises as P(s)·Q(v) with s = x + y and v = 2x − 3y:
/// P = 1 + (s+1)²(19 − 14s + 3s²) = 3s⁴ − 8s³ − 6s² + 24s + 20,
/// Q = 30 + v²(18 − 16v + 3v²) = 3v⁴ − 16v³ + 18v² + 30.
fn goldstein_price(p: Point) -> Jet {
    let [x, y] = p;
    let s = x + y;
    let v = 2.0 * x - 3.0 * y;
    let pp = ((3.0 * s - 8.0) * s - 6.0) * s * s + 24.0 * s + 20.0;
    let dp = ((12.0 * s - 24.0) * s - 12.0) * s + 24.0;
    let ddp = (36.0 * s - 48.0) * s - 12.0;
    let q = ((3.0 * v - 16.0) * v + 18.0) * v * v + 30.0;
    let dq = ((12.0 * v - 48.0) * v + 36.0) * v;
    let ddq = (36.0 * v - 96.0) * v + 36.0;
    let ds = [1.0, 1.0];
    let dv = [2.0, -3.0];
    let mut gradient = [0.0; 2];
    let mut hessian = [[0.0; 2]; 2];
    for i in 0..2 {
        gradient[i] = dp * ds[i] * q + pp * dq * dv[i];
        for j in 0..2 {
            hessian[i][j] = ddp * ds[i] * ds[j] * q
                + dp * dq * (ds[i] * dv[j] + ds[j] * dv[i])
                + pp * ddq * dv[i] * dv[j];
        }
    }
    Jet {
        value: pp * q,
        gradient,
        hessian,
    }
}
