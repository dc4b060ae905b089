//! First-order optimizers with `torch.optim`'s exact update rules (torch 2.x `_single_tensor_*`).
//!
//! One implementation serves both the 2-D race (`f64`, 2 parameters) and the MNIST MLP (`f32`,
//! ~12k parameters). All state is allocated in [`Optimizer::new`]; [`Optimizer::step`] never
//! allocates. Elementwise operations are written in the same order torch evaluates them
//! (`addcmul`, `addcdiv`, `lerp`, Python-side scalar arithmetic in `f64`) so `f64` trajectories
//! agree with torch to rounding (tests replay torch-generated fixtures).

mod hyper;
mod kind;

pub use hyper::{Hyper, HyperParam, OptimizerError};
pub use kind::OptimizerKind;

/// Float type an optimizer can work in.
pub trait Scalar: num_traits::Float + Copy + Send + Sync + std::fmt::Debug + 'static {
    fn from_f64(v: f64) -> Self;
    fn to_f64(self) -> f64;
}

impl Scalar for f32 {
    fn from_f64(v: f64) -> Self {
        v as f32
    }
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
}

impl Scalar for f64 {
    fn from_f64(v: f64) -> Self {
        v
    }
    fn to_f64(self) -> f64 {
        self
    }
}

/// A stateful optimizer for a flat parameter vector.
#[derive(Clone, Debug)]
pub struct Optimizer<T: Scalar> {
    kind: OptimizerKind,
    hyper: Hyper,
    n_params: usize,
    steps: u64,
    /// Momentum buffer (SGD, RMSprop) or first moment m (Adam family, Lion).
    first: Vec<T>,
    /// Adagrad sum, RMSprop / Adadelta square_avg, Adam-family exp_avg_sq.
    second: Vec<T>,
    /// Adadelta acc_delta, AMSGrad max_exp_avg_sq.
    third: Vec<T>,
    /// torch's SGD momentum_buffer is `None` until the first momentum step copies the gradient.
    first_live: bool,
    /// NAdam's running product of μₜ (torch keeps it as state, not recomputed).
    mu_product: f64,
}

impl<T: Scalar> Optimizer<T> {
    pub fn new(kind: OptimizerKind, hyper: Hyper, n_params: usize) -> Self {
        use OptimizerKind as K;
        let zeros = |used: bool| vec![T::zero(); if used { n_params } else { 0 }];
        let first = !matches!(kind, K::Sgd | K::AdaGrad | K::AdaDelta);
        let second = !matches!(kind, K::Sgd | K::Momentum | K::Nesterov | K::Lion);
        let third = matches!(kind, K::AdaDelta | K::AmsGrad);
        Self {
            kind,
            hyper,
            n_params,
            steps: 0,
            first: zeros(first),
            second: zeros(second),
            third: zeros(third),
            first_live: false,
            mu_product: 1.0,
        }
    }

    pub fn kind(&self) -> OptimizerKind {
        self.kind
    }

    pub fn hyper(&self) -> &Hyper {
        &self.hyper
    }

    /// Replaces the hyperparameters but keeps all accumulated state, like editing a torch
    /// `param_group` mid-training.
    pub fn set_hyper(&mut self, hyper: Hyper) {
        self.hyper = hyper;
    }

    pub fn steps_taken(&self) -> u64 {
        self.steps
    }

    /// Forgets all state, as if freshly constructed.
    pub fn reset(&mut self) {
        for buf in [&mut self.first, &mut self.second, &mut self.third] {
            buf.fill(T::zero());
        }
        self.steps = 0;
        self.first_live = false;
        self.mu_product = 1.0;
    }

    /// Momentum buffer (SGD / RMSprop with momentum > 0) or first moment m (Adam family, Lion).
    pub fn velocity(&self) -> Option<&[T]> {
        use OptimizerKind as K;
        match self.kind {
            K::Sgd | K::AdaGrad | K::AdaDelta => None,
            K::Momentum | K::Nesterov | K::RmsProp if self.hyper.momentum <= 0.0 => None,
            _ => Some(&self.first),
        }
    }

    /// Adagrad's sum, RMSprop / Adadelta square_avg, Adam-family v (AMSGrad: the running max of v).
    pub fn second_moment(&self) -> Option<&[T]> {
        use OptimizerKind as K;
        match self.kind {
            K::Sgd | K::Momentum | K::Nesterov | K::Lion => None,
            K::AmsGrad => Some(&self.third),
            _ => Some(&self.second),
        }
    }

    /// One `optimizer.step()` given the gradient at the current `params`.
    pub fn step(&mut self, params: &mut [T], grad: &[T]) {
        debug_assert_eq!(params.len(), self.n_params, "parameter count changed");
        debug_assert_eq!(
            grad.len(),
            self.n_params,
            "gradient length differs from parameters"
        );
        use OptimizerKind as K;
        self.steps += 1;
        // AdamW and Lion decay the weights directly; everyone else adds λθ to the gradient.
        let l2 = self.hyper.weight_decay != 0.0 && !matches!(self.kind, K::AdamW | K::Lion);
        match (self.kind, l2) {
            (K::Sgd | K::Momentum | K::Nesterov, true) => self.sgd::<true>(params, grad),
            (K::Sgd | K::Momentum | K::Nesterov, false) => self.sgd::<false>(params, grad),
            (K::AdaGrad, true) => self.adagrad::<true>(params, grad),
            (K::AdaGrad, false) => self.adagrad::<false>(params, grad),
            (K::AdaDelta, true) => self.adadelta::<true>(params, grad),
            (K::AdaDelta, false) => self.adadelta::<false>(params, grad),
            (K::RmsProp, true) => self.rmsprop::<true>(params, grad),
            (K::RmsProp, false) => self.rmsprop::<false>(params, grad),
            (K::Adam | K::AdamW | K::AmsGrad, true) => self.adam::<true>(params, grad),
            (K::Adam | K::AdamW | K::AmsGrad, false) => self.adam::<false>(params, grad),
            (K::NAdam, true) => self.nadam::<true>(params, grad),
            (K::NAdam, false) => self.nadam::<false>(params, grad),
            (K::Lion, _) => self.lion(params, grad),
        }
    }

    fn sgd<const L2: bool>(&mut self, params: &mut [T], grad: &[T]) {
        let h = self.hyper;
        let momentum = if self.kind == OptimizerKind::Sgd {
            0.0
        } else {
            h.momentum
        };
        let (neg_lr, wd, mu) = (
            T::from_f64(-h.lr),
            T::from_f64(h.weight_decay),
            T::from_f64(momentum),
        );
        if momentum == 0.0 {
            for (p, &g) in params.iter_mut().zip(grad) {
                *p = *p + neg_lr * l2::<L2, T>(g, *p, wd);
            }
            return;
        }
        let nesterov = self.kind == OptimizerKind::Nesterov;
        let first_step = !self.first_live;
        self.first_live = true;
        for ((p, &g), buf) in params.iter_mut().zip(grad).zip(&mut self.first) {
            let g = l2::<L2, T>(g, *p, wd);
            // dampening is 0, so torch's `add_(grad, alpha=1 - dampening)` adds g unscaled.
            *buf = if first_step { g } else { *buf * mu + g };
            let d = if nesterov { g + mu * *buf } else { *buf };
            *p = *p + neg_lr * d;
        }
    }

    fn adagrad<const L2: bool>(&mut self, params: &mut [T], grad: &[T]) {
        let h = self.hyper;
        // torch's lr_decay (default 0) would give clr = lr / (1 + (t − 1)·lr_decay) = lr.
        let (neg_clr, wd, eps) = (
            T::from_f64(-h.lr),
            T::from_f64(h.weight_decay),
            T::from_f64(h.eps),
        );
        for ((p, &g), sum) in params.iter_mut().zip(grad).zip(&mut self.second) {
            let g = l2::<L2, T>(g, *p, wd);
            *sum = *sum + g * g;
            *p = *p + neg_clr * g / (sum.sqrt() + eps);
        }
    }

    fn adadelta<const L2: bool>(&mut self, params: &mut [T], grad: &[T]) {
        let h = self.hyper;
        let (neg_lr, wd, eps) = (
            T::from_f64(-h.lr),
            T::from_f64(h.weight_decay),
            T::from_f64(h.eps),
        );
        let (rho, one_m_rho) = (T::from_f64(h.rho), T::from_f64(1.0 - h.rho));
        let state = self.second.iter_mut().zip(&mut self.third);
        for ((p, &g), (sq, acc)) in params.iter_mut().zip(grad).zip(state) {
            let g = l2::<L2, T>(g, *p, wd);
            *sq = *sq * rho + one_m_rho * g * g;
            let delta = (*acc + eps).sqrt() / (*sq + eps).sqrt() * g;
            *acc = *acc * rho + one_m_rho * delta * delta;
            *p = *p + neg_lr * delta;
        }
    }

    fn rmsprop<const L2: bool>(&mut self, params: &mut [T], grad: &[T]) {
        let h = self.hyper;
        let (neg_lr, wd, eps) = (
            T::from_f64(-h.lr),
            T::from_f64(h.weight_decay),
            T::from_f64(h.eps),
        );
        let (alpha, one_m_alpha) = (T::from_f64(h.alpha), T::from_f64(1.0 - h.alpha));
        let (momentum, mu) = (h.momentum > 0.0, T::from_f64(h.momentum));
        let state = self.second.iter_mut().zip(&mut self.first);
        for ((p, &g), (sq, buf)) in params.iter_mut().zip(grad).zip(state) {
            let g = l2::<L2, T>(g, *p, wd);
            *sq = *sq * alpha + one_m_alpha * g * g;
            let avg = sq.sqrt() + eps;
            if momentum {
                *buf = *buf * mu + g / avg;
                *p = *p + neg_lr * *buf;
            } else {
                *p = *p + neg_lr * g / avg;
            }
        }
    }

    /// Adam, AdamW (decoupled decay) and AMSGrad (max of v), as torch's `_single_tensor_adam`.
    fn adam<const L2: bool>(&mut self, params: &mut [T], grad: &[T]) {
        let h = self.hyper;
        let t = self.steps as f64;
        // torch writes `bias_correction2**0.5`; pow(x, 0.5) need not round like sqrt.
        let bias_correction2_sqrt = T::from_f64((1.0 - h.beta2.powf(t)).powf(0.5));
        let neg_step_size = T::from_f64(-(h.lr / (1.0 - h.beta1.powf(t))));
        let (wd, eps) = (T::from_f64(h.weight_decay), T::from_f64(h.eps));
        let w1 = 1.0 - h.beta1;
        let (beta2, one_m_beta2) = (T::from_f64(h.beta2), T::from_f64(1.0 - h.beta2));
        let decay = (self.kind == OptimizerKind::AdamW && h.weight_decay != 0.0)
            .then(|| T::from_f64(1.0 - h.lr * h.weight_decay));
        let amsgrad = self.kind == OptimizerKind::AmsGrad;
        let moments = self.first.iter_mut().zip(&mut self.second);
        for (i, ((p, &g), (m, v))) in params.iter_mut().zip(grad).zip(moments).enumerate() {
            if let Some(decay) = decay {
                *p = *p * decay;
            }
            let g = l2::<L2, T>(g, *p, wd);
            *m = lerp(*m, g, w1);
            *v = *v * beta2 + one_m_beta2 * g * g;
            let v_hat = if amsgrad {
                let max = &mut self.third[i];
                *max = max.max(*v);
                *max
            } else {
                *v
            };
            let denom = v_hat.sqrt() / bias_correction2_sqrt + eps;
            *p = *p + neg_step_size * *m / denom;
        }
    }

    fn nadam<const L2: bool>(&mut self, params: &mut [T], grad: &[T]) {
        let h = self.hyper;
        let t = self.steps as f64;
        let bias_correction2 = T::from_f64(1.0 - h.beta2.powf(t));
        let mu = h.beta1 * (1.0 - 0.5 * 0.96f64.powf(t * h.momentum_decay));
        let mu_next = h.beta1 * (1.0 - 0.5 * 0.96f64.powf((t + 1.0) * h.momentum_decay));
        self.mu_product *= mu;
        let mu_product_next = self.mu_product * mu_next;
        let grad_coef = T::from_f64(-h.lr * (1.0 - mu) / (1.0 - self.mu_product));
        let m_coef = T::from_f64((-h.lr * mu_next) / (1.0 - mu_product_next));
        let (wd, eps) = (T::from_f64(h.weight_decay), T::from_f64(h.eps));
        let w1 = 1.0 - h.beta1;
        let (beta2, one_m_beta2) = (T::from_f64(h.beta2), T::from_f64(1.0 - h.beta2));
        let moments = self.first.iter_mut().zip(&mut self.second);
        for ((p, &g), (m, v)) in params.iter_mut().zip(grad).zip(moments) {
            let g = l2::<L2, T>(g, *p, wd);
            *m = lerp(*m, g, w1);
            *v = *v * beta2 + one_m_beta2 * g * g;
            // Unlike Adam, NAdam bias-corrects v before the square root.
            let denom = (*v / bias_correction2).sqrt() + eps;
            *p = *p + grad_coef * g / denom;
            *p = *p + m_coef * *m / denom;
        }
    }

    /// Lion (Chen et al. 2023, Algorithm 2) with decoupled weight decay.
    fn lion(&mut self, params: &mut [T], grad: &[T]) {
        let h = self.hyper;
        let (lr, wd) = (T::from_f64(h.lr), T::from_f64(h.weight_decay));
        let (beta1, one_m_beta1) = (T::from_f64(h.beta1), T::from_f64(1.0 - h.beta1));
        let (beta2, one_m_beta2) = (T::from_f64(h.beta2), T::from_f64(1.0 - h.beta2));
        for ((p, &g), m) in params.iter_mut().zip(grad).zip(&mut self.first) {
            let c = beta1 * *m + one_m_beta1 * g;
            *p = *p - lr * (sign(c) + wd * *p);
            *m = beta2 * *m + one_m_beta2 * g;
        }
    }
}

/// torch's `grad.add(param, alpha=weight_decay)`, compiled away when decay is off.
#[inline(always)]
fn l2<const ON: bool, T: Scalar>(g: T, p: T, wd: T) -> T {
    if ON { g + wd * p } else { g }
}

/// torch's scalar-weight `lerp` (ATen `Lerp.h`): the formula flips at w = ½ for accuracy.
#[inline(always)]
fn lerp<T: Scalar>(start: T, end: T, weight: f64) -> T {
    if weight.abs() < 0.5 {
        start + T::from_f64(weight) * (end - start)
    } else {
        end - (end - start) * T::from_f64(1.0 - weight)
    }
}

/// sign with sign(0) = 0 (`Float::signum` maps +0 to 1, which would move parameters with zero
/// momentum and gradient).
#[inline(always)]
fn sign<T: Scalar>(x: T) -> T {
    if x > T::zero() {
        T::one()
    } else if x < T::zero() {
        -T::one()
    } else {
        x * T::zero()
    }
}
