//! A teacher's own (x, y) data for the regression surface, from a CSV file or pasted text.
//!
//! Two numeric columns, one point per row; the first row may be a header (it is one when
//! neither of its fields is a number). Commas, tabs (pasted from a spreadsheet) or semicolons
//! separate the columns; blank lines and lines starting with `#` are skipped. Anything else
//! is refused with a one-line error naming the row (rows are the file's lines, counted from 1,
//! as a text editor or spreadsheet numbers them).

use std::path::Path;

use crate::core::regression::Regression;
use crate::core::scene::MAX_POINTS;
use crate::core::surface::Point;

/// At most this many data rows (the limit a scene accepts, so loaded data can be saved).
pub const MAX_ROWS: usize = MAX_POINTS;
/// 10,000 rows of two 17-digit numbers need under 400 kB; a file ten times that is not x,y data,
/// and is refused before it is read into memory.
pub const MAX_BYTES: u64 = 4_000_000;

/// Which of the two columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    X,
    Y,
}

impl std::fmt::Display for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Column::X => "x",
            Column::Y => "y",
        })
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PointsError {
    #[error("cannot read {path}: {reason}")]
    Io { path: String, reason: String },
    #[error("{source_name} is too large for x,y data ({bytes} bytes, at most {MAX_BYTES})")]
    TooLarge { source_name: String, bytes: u64 },
    #[error("row {row}: {column} is {text:?}, not a number")]
    NotANumber {
        row: u64,
        column: Column,
        text: String,
    },
    #[error("row {row}: {column} is {text}, not a finite number")]
    NotFinite {
        row: u64,
        column: Column,
        text: String,
    },
    #[error("row {row}: {column} is empty")]
    EmptyField { row: u64, column: Column },
    #[error("row {row} has {found} column{}; expected two, x and y", if *found == 1 { "" } else { "s" })]
    Columns { row: u64, found: usize },
    #[error("row {row}: more than {MAX_ROWS} data rows")]
    TooManyRows { row: u64 },
    #[error("row {row}: {reason}")]
    Malformed { row: u64, reason: String },
    #[error("no data rows (expected lines of \"x,y\")")]
    Empty,
    #[error("every x is {x}: a line through the data is not unique (need two different x)")]
    SameX { x: f64 },
    #[error("the values are too large to square: no least-squares line")]
    Overflow,
}

/// Parses CSV text into points (see the module documentation for the format).
pub fn parse(text: &str) -> Result<Vec<Point>, PointsError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut points = Vec::new();
    let mut first = true;
    // csv's own line numbers skip blank lines; count the file's lines up to each record instead.
    let mut lines = LineCounter::new(text);
    for record in reader.records() {
        let record = record.map_err(|e| PointsError::Malformed {
            row: lines.at(e.position().map_or(text.len() as u64, |p| p.byte())),
            reason: e.to_string(),
        })?;
        let row = lines.at(record.position().map_or(0, |p| p.byte()));
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != 2 {
            return Err(PointsError::Columns {
                row,
                found: record.len(),
            });
        }
        let (x_text, y_text) = (&record[0], &record[1]);
        let is_header = first && x_text.parse::<f64>().is_err() && y_text.parse::<f64>().is_err();
        first = false;
        if is_header {
            continue;
        }
        if points.len() == MAX_ROWS {
            return Err(PointsError::TooManyRows { row });
        }
        points.push([
            number(row, Column::X, x_text)?,
            number(row, Column::Y, y_text)?,
        ]);
    }
    if points.is_empty() {
        return Err(PointsError::Empty);
    }
    Ok(points)
}

/// Reads a CSV file of points, refusing files over [`MAX_BYTES`] before reading them.
pub fn load(path: &Path) -> Result<Vec<Point>, PointsError> {
    let shown = path.display().to_string();
    let io = |e: std::io::Error| PointsError::Io {
        path: shown.clone(),
        reason: e.to_string(),
    };
    let bytes = std::fs::metadata(path).map_err(io)?.len();
    if bytes > MAX_BYTES {
        return Err(PointsError::TooLarge {
            source_name: shown,
            bytes,
        });
    }
    let raw = std::fs::read(path).map_err(io)?;
    let text = std::str::from_utf8(&raw).map_err(|e| PointsError::Malformed {
        row: 1 + raw[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64,
        reason: "not UTF-8 text".into(),
    })?;
    parse(text)
}

/// A regression dataset from loaded points, named after its source; refused when no single
/// least-squares line exists (so the bowl has one bottom to race to).
pub fn dataset(points: Vec<Point>, source: &str) -> Result<Regression, PointsError> {
    let data = Regression {
        points,
        source: Some(source.to_owned()),
    };
    if data.ols().is_none() {
        return Err(match data.points.first() {
            Some(p) if data.points.iter().all(|q| q[0] == p[0]) => PointsError::SameX { x: p[0] },
            Some(_) => PointsError::Overflow,
            None => PointsError::Empty,
        });
    }
    Ok(data)
}

/// [`load`] then [`dataset`], named by the file's name.
pub fn load_dataset(path: &Path) -> Result<Regression, PointsError> {
    let points = load(path)?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    dataset(points, &name)
}

/// Pasted "x,y" lines, with the same checks as a file.
pub fn paste_dataset(text: &str) -> Result<Regression, PointsError> {
    if text.len() as u64 > MAX_BYTES {
        return Err(PointsError::TooLarge {
            source_name: "the pasted text".into(),
            bytes: text.len() as u64,
        });
    }
    dataset(parse(text)?, "pasted data")
}

/// The 1-based line of a byte offset, for offsets that only grow.
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// csv reports a record where it began reading it: before any blank or comment lines that
    /// it skipped, so the record's own line is the first one with content.
    fn at(&mut self, byte: u64) -> u64 {
        let mut end = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while let Some(&b) = self.text.get(end) {
            match b {
                b'\n' | b'\r' => end += 1,
                b'#' => {
                    end += self.text[end..]
                        .iter()
                        .position(|&c| c == b'\n')
                        .unwrap_or(self.text.len() - end)
                }
                _ => break,
            }
        }
        if end > self.offset {
            let newlines = self.text[self.offset..end].iter().filter(|&&b| b == b'\n');
            self.line += newlines.count() as u64;
            self.offset = end;
        }
        self.line
    }
}

fn number(row: u64, column: Column, text: &str) -> Result<f64, PointsError> {
    if text.is_empty() {
        return Err(PointsError::EmptyField { row, column });
    }
    let value: f64 = text.parse().map_err(|_| PointsError::NotANumber {
        row,
        column,
        text: text.to_owned(),
    })?;
    if !value.is_finite() {
        return Err(PointsError::NotFinite {
            row,
            column,
            text: text.to_owned(),
        });
    }
    Ok(value)
}

/// The separator of the first line that has one: a comma, else a tab (spreadsheet paste), else
/// a semicolon. A line with none is read as one column (and refused as such).
fn delimiter(text: &str) -> u8 {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or_default();
    [b',', b'\t', b';']
        .into_iter()
        .find(|&d| line.as_bytes().contains(&d))
        .unwrap_or(b',')
}
