//! The overfitting lesson's model: 11 noisy points fitted by polynomials of degree 1…10
//! (exact least squares and gradient descent, with an L2 penalty λ), k-fold cross-validation
//! to choose degree and λ, and a test set that stays sealed until asked for. The panel only
//! draws this state and calls its methods.

use super::{self as polyfit, CvScore, Demo, GdSettings, LAMBDA_GRID, Poly, PolyfitError};

/// Degrees offered: 10 is enough to pass through all 11 training points.
pub const MAX_DEGREE: usize = 10;

/// Which fit the readouts and the validation use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FitMethod {
    LeastSquares,
    GradientDescent,
}

/// Errors of the exact fit of one degree at the current λ.
#[derive(Clone, Debug, PartialEq)]
pub struct DegreeErrors {
    pub degree: usize,
    pub train: Option<f64>,
    pub held_out: Option<f64>,
    pub cv: Option<f64>,
}

/// The sealed test set's verdict on one setting.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TestScore {
    pub degree: usize,
    pub lambda: f64,
    pub mse: f64,
}

pub struct OverfitLesson {
    pub degree: usize,
    pub lambda: f64,
    pub noise: f64,
    pub seed: u64,
    pub gd: GdSettings,
    pub show_gd: bool,
    pub folds_k: usize,
    pub demo: Demo,
    pub exact_fit: Result<Poly, PolyfitError>,
    pub gd_fit: Result<Poly, PolyfitError>,
    pub errors: Vec<DegreeErrors>,
    pub folds: Vec<Vec<usize>>,
    /// Fold scores of the current degree and λ.
    pub cv: CvScore,
    /// The setting cross-validation chose, when asked.
    pub chosen: Option<CvScore>,
    pub test: Option<TestScore>,
}

impl Default for OverfitLesson {
    fn default() -> Self {
        let demo = Demo::new(1, 0.8);
        let mut s = Self {
            degree: 3,
            lambda: 0.0,
            noise: 0.8,
            seed: 1,
            gd: GdSettings::default(),
            show_gd: true,
            folds_k: 5,
            demo,
            exact_fit: Err(PolyfitError::NoData),
            gd_fit: Err(PolyfitError::NoData),
            errors: Vec::new(),
            folds: Vec::new(),
            cv: polyfit::cross_validate(&[], 1, 0.0, &[]),
            chosen: None,
            test: None,
        };
        s.regenerate();
        s
    }
}

impl OverfitLesson {
    /// New noisy data from `seed` and `noise`: every score so far is void.
    pub fn regenerate(&mut self) {
        self.demo = Demo::new(self.seed, self.noise);
        self.test = None;
        self.set_folds(self.folds_k);
    }

    pub fn set_folds(&mut self, k: usize) {
        let n = self.demo.train.len();
        self.folds_k = k.clamp(2, n.max(2));
        self.folds = polyfit::kfold(n, self.folds_k, self.seed).unwrap_or_default();
        self.chosen = None;
        self.refit();
    }

    /// Refits after a change of degree, λ or the GD settings.
    pub fn refit(&mut self) {
        let train = &self.demo.train;
        self.exact_fit = polyfit::least_squares(train, self.degree, self.lambda);
        self.gd_fit = polyfit::gradient_descent(train, self.degree, self.lambda, self.gd);
        self.cv = polyfit::cross_validate(train, self.degree, self.lambda, &self.folds);
        self.errors = (1..=MAX_DEGREE)
            .map(|degree| {
                let fit = polyfit::least_squares(train, degree, self.lambda).ok();
                DegreeErrors {
                    degree,
                    train: fit.as_ref().map(|p| p.mse(train)),
                    held_out: fit.as_ref().map(|p| p.mse(&self.demo.held_out)),
                    cv: polyfit::cross_validate(train, degree, self.lambda, &self.folds).mean,
                }
            })
            .collect();
    }

    /// Tries every degree with every λ of [`LAMBDA_GRID`] and keeps the best mean fold score.
    pub fn choose_by_cross_validation(&mut self) {
        let degrees: Vec<usize> = (1..=MAX_DEGREE).collect();
        let (scores, best) = polyfit::select(&self.demo.train, &degrees, &LAMBDA_GRID, &self.folds);
        if let Some(best) = best.and_then(|i| scores.into_iter().nth(i)) {
            self.degree = best.degree;
            self.lambda = best.lambda;
            self.chosen = Some(best);
            self.refit();
        }
    }

    /// Opens the sealed test set for the current setting (exact fit).
    pub fn evaluate_on_test(&mut self) {
        if let Ok(poly) = &self.exact_fit {
            self.test = Some(TestScore {
                degree: self.degree,
                lambda: self.lambda,
                mse: poly.mse(&self.demo.test),
            });
        }
    }

    pub fn fit(&self, method: FitMethod) -> Option<&Poly> {
        match method {
            FitMethod::LeastSquares => self.exact_fit.as_ref().ok(),
            FitMethod::GradientDescent => self.gd_fit.as_ref().ok(),
        }
    }
}
