//! The inspector's readouts at one point: shared by the landscape panel and `descent inspect`.

use super::race::Racer;
use super::stability::stability_bound;
use super::surface::{Point, Surface, symmetric_eigenvalues};

/// What an optimizer faces at `point`: the local slope, the curvature, and how the learning
/// rate compares with the curvature its update rule can tolerate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Inspection {
    pub point: Point,
    pub loss: f64,
    /// The full gradient of the surface (not a mini-batch estimate).
    pub gradient: Point,
    /// The Hessian's eigenvalues, ascending.
    pub eigenvalues: [f64; 2],
    /// lr × the largest eigenvalue (negative where the surface curves down in every direction).
    pub lr_lambda_max: f64,
    /// The bound on lr·λmax from [`stability_bound`]; None for adaptive methods.
    pub stable_below: Option<f64>,
}

impl Inspection {
    /// true when a fixed-step method's lr·λmax has reached its bound: it would oscillate with
    /// growing amplitude in a bowl this curved.
    pub fn too_large(&self) -> bool {
        self.stable_below
            .is_some_and(|bound| self.lr_lambda_max >= bound)
    }
}

pub fn inspect(surface: &Surface, racer: &Racer, point: Point) -> Inspection {
    let eigenvalues = symmetric_eigenvalues(surface.hessian(point));
    Inspection {
        point,
        loss: surface.value(point),
        gradient: surface.gradient(point),
        eigenvalues,
        lr_lambda_max: racer.hyper.lr * eigenvalues[1],
        stable_below: stability_bound(racer.kind, &racer.hyper),
    }
}
