//! Recursive descent from text to an expression tree. Positions are 1-based character
//! indices, as a teacher counts along the box.
//!
//! ```text
//! expr  := term (('+' | '-') term)*
//! term  := unary (('*' | '/') unary)*
//! unary := ('-' | '+') unary | power
//! power := atom ('^' unary)?          right-associative: 2^3^2 = 2^9; -x^2 = -(x^2)
//! atom  := number | x | y | pi | e | function '(' expr ')' | '(' expr ')'
//! ```

use super::{FormulaError, Func, Node};

/// Deeper nesting than this is certainly not a hand-typed formula, and each level costs a
/// stack frame here and in evaluation.
const MAX_DEPTH: usize = 100;

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(f64),
    Name(String),
    Op(char),
    Open,
    Close,
    End,
}

struct Token {
    tok: Tok,
    /// 1-based character position of its first character.
    at: usize,
    text: String,
}

fn err(message: impl Into<String>, position: usize) -> FormulaError {
    FormulaError {
        message: message.into(),
        position,
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, FormulaError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() || c == '.' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            // An exponent only if digits follow (so "2e" stays 2 then the name e... which is
            // then reported as a missing operator, the clearer message).
            if i < chars.len() && matches!(chars[i], 'e' | 'E') {
                let mut j = i + 1;
                if j < chars.len() && matches!(chars[j], '+' | '-') {
                    j += 1;
                }
                if j < chars.len() && chars[j].is_ascii_digit() {
                    i = j;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            let s: String = chars[start..i].iter().collect();
            let value: f64 = s
                .parse()
                .map_err(|_| err(format!("malformed number '{s}'"), at))?;
            if !value.is_finite() {
                return Err(err(format!("number '{s}' is too large"), at));
            }
            tokens.push(Token {
                tok: Tok::Num(value),
                at,
                text: s,
            });
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            tokens.push(Token {
                tok: Tok::Name(s.clone()),
                at,
                text: s,
            });
            continue;
        }
        // `**` is Python's power; − × · come with text pasted from the built-in formulas.
        let (tok, width) = match c {
            '*' if chars.get(i + 1) == Some(&'*') => (Tok::Op('^'), 2),
            '+' | '-' | '*' | '/' | '^' => (Tok::Op(c), 1),
            '−' => (Tok::Op('-'), 1),
            '×' | '·' => (Tok::Op('*'), 1),
            '(' => (Tok::Open, 1),
            ')' => (Tok::Close, 1),
            _ => return Err(err(format!("unexpected character '{c}'"), at)),
        };
        tokens.push(Token {
            tok,
            at,
            text: chars[i..i + width].iter().collect(),
        });
        i += width;
    }
    tokens.push(Token {
        tok: Tok::End,
        at: chars.len() + 1,
        text: String::new(),
    });
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    next: usize,
    depth: usize,
}

pub(super) fn parse(text: &str) -> Result<Node, FormulaError> {
    let tokens = tokenize(text)?;
    if tokens.len() == 1 {
        return Err(err("empty formula: type f(x, y), e.g. x^2 + 10*y^2", 1));
    }
    let mut parser = Parser {
        tokens,
        next: 0,
        depth: 0,
    };
    let node = parser.expr()?;
    let t = parser.peek();
    match t.tok {
        Tok::End => Ok(node),
        Tok::Close => Err(err("')' without a matching '('", t.at)),
        _ => Err(parser.missing_operator()),
    }
}

impl Parser {
    fn peek(&self) -> &Token {
        // tokenize always ends with End, and `bump` never moves past it.
        &self.tokens[self.next.min(self.tokens.len() - 1)]
    }

    fn bump(&mut self) {
        if self.next + 1 < self.tokens.len() {
            self.next += 1;
        }
    }

    fn descend(&mut self) -> Result<(), FormulaError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(err("formula is nested too deeply", self.peek().at));
        }
        Ok(())
    }

    fn missing_operator(&self) -> FormulaError {
        let t = self.peek();
        err(format!("missing operator before '{}'", t.text), t.at)
    }

    fn expr(&mut self) -> Result<Node, FormulaError> {
        self.descend()?;
        let mut left = self.term()?;
        while let Tok::Op(op @ ('+' | '-')) = self.peek().tok {
            self.bump();
            let right = self.term()?;
            left = if op == '+' {
                Node::Add(Box::new(left), Box::new(right))
            } else {
                Node::Sub(Box::new(left), Box::new(right))
            };
        }
        self.depth -= 1;
        Ok(left)
    }

    fn term(&mut self) -> Result<Node, FormulaError> {
        let mut left = self.unary()?;
        while let Tok::Op(op @ ('*' | '/')) = self.peek().tok {
            self.bump();
            let right = self.unary()?;
            left = if op == '*' {
                Node::Mul(Box::new(left), Box::new(right))
            } else {
                Node::Div(Box::new(left), Box::new(right))
            };
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Node, FormulaError> {
        self.descend()?;
        let node = match self.peek().tok {
            Tok::Op('-') => {
                self.bump();
                Node::Neg(Box::new(self.unary()?))
            }
            Tok::Op('+') => {
                self.bump();
                self.unary()?
            }
            _ => self.power()?,
        };
        self.depth -= 1;
        Ok(node)
    }

    fn power(&mut self) -> Result<Node, FormulaError> {
        let base = self.atom()?;
        if self.peek().tok == Tok::Op('^') {
            self.bump();
            let exponent = self.unary()?;
            return Ok(Node::Pow(Box::new(base), Box::new(exponent)));
        }
        Ok(base)
    }

    fn atom(&mut self) -> Result<Node, FormulaError> {
        let t = self.peek();
        let at = t.at;
        match t.tok.clone() {
            Tok::Num(v) => {
                self.bump();
                Ok(Node::Num(v))
            }
            Tok::Open => {
                self.bump();
                let inner = self.expr()?;
                self.close(at)?;
                Ok(inner)
            }
            Tok::Name(name) => {
                self.bump();
                let wants_call = self.peek().tok == Tok::Open;
                let lower = name.to_ascii_lowercase();
                if let Some(func) = Func::from_name(&lower) {
                    if !wants_call {
                        return Err(err(format!("{lower} needs parentheses: {lower}(…)"), at));
                    }
                    let open = self.peek().at;
                    self.bump();
                    let arg = self.expr()?;
                    self.close(open)?;
                    return Ok(Node::Call(func, Box::new(arg)));
                }
                if wants_call {
                    return Err(err(format!("unknown function '{name}'"), at));
                }
                match lower.as_str() {
                    "x" => Ok(Node::X),
                    "y" => Ok(Node::Y),
                    "pi" | "π" => Ok(Node::Num(std::f64::consts::PI)),
                    "e" => Ok(Node::Num(std::f64::consts::E)),
                    _ => Err(err(
                        format!("unknown name '{name}' (the variables are x and y)"),
                        at,
                    )),
                }
            }
            Tok::End => Err(err("formula ends too early", at)),
            Tok::Close => Err(err("expected a value before ')'", at)),
            Tok::Op(op) => Err(err(format!("expected a value before '{op}'"), at)),
        }
    }

    /// Consumes the ')' matching the '(' at `open`.
    fn close(&mut self, open: usize) -> Result<(), FormulaError> {
        let t = self.peek();
        match t.tok {
            Tok::Close => {
                self.bump();
                Ok(())
            }
            Tok::End => Err(err(format!("missing ')' for the '(' at {open}"), t.at)),
            _ => Err(self.missing_operator()),
        }
    }
}
