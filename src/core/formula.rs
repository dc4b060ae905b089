//! A landscape typed as a formula f(x, y): parsed once into a small postfix program that is
//! evaluated generically, over plain `f64` for pictures and over num-dual's hyper-dual numbers
//! for the exact gradient and Hessian (no finite differences, no symbolic algebra).

mod parse;

use num_dual::{DualNum, HyperDual64};

/// Longer than this is certainly not typed by hand (and keeps every scene small).
pub const MAX_CHARS: usize = 1_000;

/// The functions a formula may call, by their names in the formula.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    Sin,
    Cos,
    Tan,
    Exp,
    /// Natural logarithm, like `log` (numpy's and most textbooks' convention).
    Ln,
    Sqrt,
    Abs,
    Tanh,
    Sinh,
    Cosh,
}

impl Func {
    fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "sin" => Func::Sin,
            "cos" => Func::Cos,
            "tan" => Func::Tan,
            "exp" => Func::Exp,
            "ln" | "log" => Func::Ln,
            "sqrt" => Func::Sqrt,
            "abs" => Func::Abs,
            "tanh" => Func::Tanh,
            "sinh" => Func::Sinh,
            "cosh" => Func::Cosh,
            _ => return None,
        })
    }

    fn apply<T: DualNum<Primitive = f64>>(self, v: T) -> T {
        match self {
            Func::Sin => v.sin(),
            Func::Cos => v.cos(),
            Func::Tan => v.tan(),
            Func::Exp => v.exp(),
            Func::Ln => v.ln(),
            Func::Sqrt => v.sqrt(),
            Func::Abs => v.abs(),
            Func::Tanh => v.tanh(),
            Func::Sinh => v.sinh(),
            Func::Cosh => v.cosh(),
        }
    }
}

/// Why a formula was refused, and where: `position` is the 1-based character it starts at.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message} at {position}")]
pub struct FormulaError {
    pub message: String,
    pub position: usize,
}

/// The parsed expression tree.
#[derive(Clone, Debug, PartialEq)]
enum Node {
    Num(f64),
    X,
    Y,
    Neg(Box<Node>),
    Add(Box<Node>, Box<Node>),
    Sub(Box<Node>, Box<Node>),
    Mul(Box<Node>, Box<Node>),
    Div(Box<Node>, Box<Node>),
    Pow(Box<Node>, Box<Node>),
    Call(Func, Box<Node>),
}

/// One instruction of the postfix program.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Num(f64),
    X,
    Y,
    Neg,
    Add,
    Sub,
    Mul,
    Div,
    /// A constant whole exponent: exact for negative bases, and its derivative too.
    PowI(i32),
    PowF(f64),
    /// A variable exponent: b^p = exp(p·ln b), defined for b > 0.
    Pow,
    Call(Func),
}

/// Value, gradient and Hessian at one point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Jet {
    pub value: f64,
    pub gradient: [f64; 2],
    pub hessian: [[f64; 2]; 2],
}

/// A parsed formula f(x, y). Equal when the text is equal.
#[derive(Clone, Debug)]
pub struct Formula {
    text: String,
    ops: Vec<Op>,
    stack_depth: usize,
}

impl PartialEq for Formula {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl std::str::FromStr for Formula {
    type Err = FormulaError;

    fn from_str(text: &str) -> Result<Self, FormulaError> {
        if text.chars().count() > MAX_CHARS {
            return Err(FormulaError {
                message: format!("formula is longer than {MAX_CHARS} characters"),
                position: MAX_CHARS + 1,
            });
        }
        let tree = parse::parse(text)?;
        let mut ops = Vec::new();
        emit(&tree, &mut ops);
        let stack_depth = stack_depth(&ops);
        Ok(Formula {
            text: text.trim().to_owned(),
            ops,
            stack_depth,
        })
    }
}

impl std::fmt::Display for Formula {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// The tree's value if it has no variables (so `2*pi*x` runs as one multiplication by τ).
fn constant(node: &Node) -> Option<f64> {
    let c = |n: &Node| constant(n);
    Some(match node {
        Node::Num(v) => *v,
        Node::X | Node::Y => return None,
        Node::Neg(a) => -c(a)?,
        Node::Add(a, b) => c(a)? + c(b)?,
        Node::Sub(a, b) => c(a)? - c(b)?,
        Node::Mul(a, b) => c(a)? * c(b)?,
        Node::Div(a, b) => c(a)? / c(b)?,
        Node::Pow(a, b) => c(a)?.powf(c(b)?),
        Node::Call(f, a) => f.apply(c(a)?),
    })
}

fn emit(node: &Node, ops: &mut Vec<Op>) {
    if let Some(v) = constant(node) {
        ops.push(Op::Num(v));
        return;
    }
    let binary = |a: &Node, b: &Node, op: Op, ops: &mut Vec<Op>| {
        emit(a, ops);
        emit(b, ops);
        ops.push(op);
    };
    match node {
        Node::Num(v) => ops.push(Op::Num(*v)),
        Node::X => ops.push(Op::X),
        Node::Y => ops.push(Op::Y),
        Node::Neg(a) => {
            emit(a, ops);
            ops.push(Op::Neg);
        }
        Node::Add(a, b) => binary(a, b, Op::Add, ops),
        Node::Sub(a, b) => binary(a, b, Op::Sub, ops),
        Node::Mul(a, b) => binary(a, b, Op::Mul, ops),
        Node::Div(a, b) => binary(a, b, Op::Div, ops),
        Node::Pow(a, b) => {
            emit(a, ops);
            match constant(b) {
                Some(p) if p.fract() == 0.0 && p.abs() <= 1024.0 => ops.push(Op::PowI(p as i32)),
                Some(p) => ops.push(Op::PowF(p)),
                None => {
                    emit(b, ops);
                    ops.push(Op::Pow);
                }
            }
        }
        Node::Call(f, a) => {
            emit(a, ops);
            ops.push(Op::Call(*f));
        }
    }
}

fn stack_depth(ops: &[Op]) -> usize {
    let mut depth: usize = 0;
    let mut deepest = 0;
    for op in ops {
        match op {
            Op::Num(_) | Op::X | Op::Y => depth += 1,
            Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Pow => depth = depth.saturating_sub(1),
            Op::Neg | Op::PowI(_) | Op::PowF(_) | Op::Call(_) => {}
        }
        deepest = deepest.max(depth);
    }
    deepest
}

/// Small programs evaluate on an array on the call stack: no allocation per grid point.
const INLINE_STACK: usize = 32;

impl Formula {
    /// f = 0.
    pub fn zero() -> Self {
        Formula {
            text: "0".to_owned(),
            ops: vec![Op::Num(0.0)],
            stack_depth: 1,
        }
    }

    /// The text as typed (trimmed).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Instructions in the compiled program (after constant folding): its size.
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    pub fn value(&self, p: [f64; 2]) -> f64 {
        self.eval(p[0], p[1])
    }

    /// Value with exact first and second derivatives: one hyper-dual evaluation per Hessian
    /// entry (∂²/∂x², ∂²/∂x∂y, ∂²/∂y²), whose first parts are the gradient.
    pub fn jet(&self, p: [f64; 2]) -> Jet {
        let [x, y] = p;
        let seed = |dx1: f64, dx2: f64, dy1: f64, dy2: f64| {
            self.eval(
                HyperDual64::new(x, dx1, dx2, 0.0),
                HyperDual64::new(y, dy1, dy2, 0.0),
            )
        };
        let xy = seed(1.0, 0.0, 0.0, 1.0);
        let xx = seed(1.0, 1.0, 0.0, 0.0);
        let yy = seed(0.0, 0.0, 1.0, 1.0);
        Jet {
            value: xy.re,
            gradient: [xy.eps1, xy.eps2],
            hessian: [[xx.eps1eps2, xy.eps1eps2], [xy.eps1eps2, yy.eps1eps2]],
        }
    }

    pub fn gradient(&self, p: [f64; 2]) -> [f64; 2] {
        let [x, y] = p;
        let d = self.eval(
            HyperDual64::new(x, 1.0, 0.0, 0.0),
            HyperDual64::new(y, 0.0, 1.0, 0.0),
        );
        [d.eps1, d.eps2]
    }

    fn eval<T: DualNum<Primitive = f64> + Copy>(&self, x: T, y: T) -> T {
        if self.stack_depth <= INLINE_STACK {
            let mut stack = [T::zero(); INLINE_STACK];
            self.run(x, y, &mut stack)
        } else {
            let mut stack = vec![T::zero(); self.stack_depth];
            self.run(x, y, &mut stack)
        }
    }

    /// Runs the program; `stack` is at least `stack_depth` long. A malformed program (which
    /// `emit` cannot produce) yields NaN rather than a panic.
    fn run<T: DualNum<Primitive = f64> + Copy>(&self, x: T, y: T, stack: &mut [T]) -> T {
        let nan = T::from(f64::NAN);
        let mut top = 0usize;
        for op in &self.ops {
            let pushed = match *op {
                Op::Num(v) => Some(T::from(v)),
                Op::X => Some(x),
                Op::Y => Some(y),
                _ => None,
            };
            if let Some(v) = pushed {
                let Some(slot) = stack.get_mut(top) else {
                    return nan;
                };
                *slot = v;
                top += 1;
                continue;
            }
            match *op {
                Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Pow => {
                    if top < 2 {
                        return nan;
                    }
                    let (a, b) = (stack[top - 2], stack[top - 1]);
                    stack[top - 2] = match *op {
                        Op::Add => a + b,
                        Op::Sub => a - b,
                        Op::Mul => a * b,
                        Op::Div => a / b,
                        _ => a.powd(b),
                    };
                    top -= 1;
                }
                Op::Neg | Op::PowI(_) | Op::PowF(_) | Op::Call(_) => {
                    let Some(a) = top.checked_sub(1).and_then(|i| stack.get_mut(i)) else {
                        return nan;
                    };
                    *a = match *op {
                        Op::Neg => -*a,
                        Op::PowI(n) => a.powi(n),
                        Op::PowF(p) => a.powf(p),
                        Op::Call(f) => f.apply(*a),
                        _ => *a,
                    };
                }
                Op::Num(_) | Op::X | Op::Y => {}
            }
        }
        if top == 1 { stack[0] } else { nan }
    }
}
