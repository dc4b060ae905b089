//! MNIST / Fashion-MNIST IDX loading and the train/validation/test split.
//!
//! The IDX format is a big-endian header (magic, then one u32 per dimension) followed by raw
//! bytes. Every file is validated completely before use, because a silently truncated or
//! mismatched file would train a network on garbage without any visible symptom.

use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;

/// Side length of an image; the network's input layer is fixed at `SIDE * SIDE`.
pub const SIDE: usize = 28;
/// Pixels per image.
pub const PIXELS: usize = SIDE * SIDE;
/// Number of classes (digits 0-9, or the ten Fashion-MNIST garment classes).
pub const CLASSES: usize = 10;

const IMAGES_MAGIC: u32 = 0x0000_0803;
const LABELS_MAGIC: u32 = 0x0000_0801;
/// Validation set size taken from the end of a full-size (60,000) training file.
const VALIDATION_SIZE: usize = 10_000;

#[derive(Debug, thiserror::Error)]
pub enum MnistError {
    #[error("MNIST file not found: {path}")]
    Missing { path: PathBuf },
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: bad magic number 0x{found:08x} (expected 0x{expected:08x})")]
    BadMagic {
        path: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error("{path}: truncated: expected {expected} bytes, found {actual}")]
    Truncated {
        path: PathBuf,
        expected: usize,
        actual: usize,
    },
    #[error("{path}: {extra} unexpected trailing bytes after the data")]
    TrailingData { path: PathBuf, extra: usize },
    #[error("{path}: images are {rows}x{cols}, this app needs 28x28")]
    WrongDims {
        path: PathBuf,
        rows: usize,
        cols: usize,
    },
    #[error("{images_path} has {images} images but {labels_path} has {labels} labels")]
    CountMismatch {
        images_path: PathBuf,
        images: usize,
        labels_path: PathBuf,
        labels: usize,
    },
    #[error("{path}: label {label} at index {index} is not a digit 0-9")]
    BadLabel {
        path: PathBuf,
        index: usize,
        label: u8,
    },
    #[error("{path}: contains no images")]
    Empty { path: PathBuf },
}

/// A set of 28x28 grey images (u8, 0 = background) with their labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dataset {
    /// `len() * 784` bytes, image after image, each row-major.
    pub images: Vec<u8>,
    pub labels: Vec<u8>,
    pub name: String,
}

impl Dataset {
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The 784 pixels of image `i`. Panics if `i >= len()` (like slice indexing).
    pub fn image(&self, i: usize) -> &[u8] {
        &self.images[i * PIXELS..(i + 1) * PIXELS]
    }

    /// A copy of images `range`; panics if the range is out of bounds (like slice indexing).
    pub fn subset(&self, range: Range<usize>) -> Dataset {
        Dataset {
            images: self.images[range.start * PIXELS..range.end * PIXELS].to_vec(),
            labels: self.labels[range.clone()].to_vec(),
            name: format!("{}[{}..{}]", self.name, range.start, range.end),
        }
    }

    /// Number of examples of each class.
    pub fn class_counts(&self) -> [usize; CLASSES] {
        let mut counts = [0; CLASSES];
        for &l in &self.labels {
            if let Some(c) = counts.get_mut(l as usize) {
                *c += 1;
            }
        }
        counts
    }
}

fn read_all(path: &Path) -> Result<Vec<u8>, MnistError> {
    let io = |source| MnistError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            MnistError::Missing {
                path: path.to_path_buf(),
            }
        } else {
            io(e)
        }
    })?;
    let mut bytes = Vec::new();
    if path.extension().is_some_and(|e| e == "gz") {
        GzDecoder::new(file).read_to_end(&mut bytes).map_err(io)?;
    } else {
        std::io::BufReader::new(file)
            .read_to_end(&mut bytes)
            .map_err(io)?;
    }
    Ok(bytes)
}

/// Checks the magic number and returns the dimensions after it.
fn parse_header(path: &Path, bytes: &[u8], magic: u32) -> Result<Vec<usize>, MnistError> {
    let ndim = (magic & 0xff) as usize;
    let header_len = 4 + 4 * ndim;
    let word = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    if bytes.len() < 4 {
        return Err(MnistError::Truncated {
            path: path.to_path_buf(),
            expected: header_len,
            actual: bytes.len(),
        });
    }
    let found = word(0);
    if found != magic {
        return Err(MnistError::BadMagic {
            path: path.to_path_buf(),
            found,
            expected: magic,
        });
    }
    if bytes.len() < header_len {
        return Err(MnistError::Truncated {
            path: path.to_path_buf(),
            expected: header_len,
            actual: bytes.len(),
        });
    }
    Ok((0..ndim).map(|d| word(4 + 4 * d) as usize).collect())
}

/// Checks that the payload after the header is exactly `payload` bytes long.
fn check_size(path: &Path, bytes: &[u8], header: usize, payload: usize) -> Result<(), MnistError> {
    let expected = header.saturating_add(payload);
    match bytes.len() {
        n if n < expected => Err(MnistError::Truncated {
            path: path.to_path_buf(),
            expected,
            actual: n,
        }),
        n if n > expected => Err(MnistError::TrailingData {
            path: path.to_path_buf(),
            extra: n - expected,
        }),
        _ => Ok(()),
    }
}

/// Reads an IDX3 image file (`.gz` or raw) and returns its pixels and image count.
pub fn read_images(path: &Path) -> Result<(Vec<u8>, usize), MnistError> {
    let mut bytes = read_all(path)?;
    let dims = parse_header(path, &bytes, IMAGES_MAGIC)?;
    let (n, rows, cols) = (dims[0], dims[1], dims[2]);
    if rows != SIDE || cols != SIDE {
        return Err(MnistError::WrongDims {
            path: path.to_path_buf(),
            rows,
            cols,
        });
    }
    check_size(path, &bytes, 16, n.saturating_mul(PIXELS))?;
    if n == 0 {
        return Err(MnistError::Empty {
            path: path.to_path_buf(),
        });
    }
    bytes.drain(..16);
    Ok((bytes, n))
}

/// Reads an IDX1 label file (`.gz` or raw); every label must be 0-9.
pub fn read_labels(path: &Path) -> Result<Vec<u8>, MnistError> {
    let mut bytes = read_all(path)?;
    let dims = parse_header(path, &bytes, LABELS_MAGIC)?;
    check_size(path, &bytes, 8, dims[0])?;
    bytes.drain(..8);
    if let Some((index, &label)) = bytes
        .iter()
        .enumerate()
        .find(|&(_, &l)| l as usize >= CLASSES)
    {
        return Err(MnistError::BadLabel {
            path: path.to_path_buf(),
            index,
            label,
        });
    }
    Ok(bytes)
}

/// Loads a matching pair of image and label files.
pub fn load_pair(images: &Path, labels: &Path, name: &str) -> Result<Dataset, MnistError> {
    let (pixels, n) = read_images(images)?;
    let label_bytes = read_labels(labels)?;
    if label_bytes.len() != n {
        return Err(MnistError::CountMismatch {
            images_path: images.to_path_buf(),
            images: n,
            labels_path: labels.to_path_buf(),
            labels: label_bytes.len(),
        });
    }
    Ok(Dataset {
        images: pixels,
        labels: label_bytes,
        name: name.to_string(),
    })
}

/// Finds `stem` in `dir`, gzipped or raw, also accepting the `train-images.idx3-ubyte`
/// spelling some mirrors use. Reports the canonical `.gz` name when nothing exists.
fn find(dir: &Path, stem: &str) -> PathBuf {
    let dotted = stem.replacen("-idx", ".idx", 1);
    [
        format!("{stem}.gz"),
        stem.to_string(),
        format!("{dotted}.gz"),
        dotted,
    ]
    .iter()
    .map(|name| dir.join(name))
    .find(|p| p.is_file())
    .unwrap_or_else(|| dir.join(format!("{stem}.gz")))
}

/// Loads `(training file, test file)` from a directory holding the four standard IDX files
/// (MNIST or Fashion-MNIST, which share the file names), gzipped or not.
pub fn load_dir(dir: &Path) -> Result<(Dataset, Dataset), MnistError> {
    let train = load_pair(
        &find(dir, "train-images-idx3-ubyte"),
        &find(dir, "train-labels-idx1-ubyte"),
        "train",
    )?;
    let test = load_pair(
        &find(dir, "t10k-images-idx3-ubyte"),
        &find(dir, "t10k-labels-idx1-ubyte"),
        "test",
    )?;
    Ok((train, test))
}

/// The MNIST copy shipped in `assets/mnist` (see its README for provenance).
pub fn bundled_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/mnist"))
}

/// Loads the bundled MNIST: 60,000 training-file and 10,000 test images.
pub fn load_bundled() -> Result<(Dataset, Dataset), MnistError> {
    load_dir(&bundled_dir())
}

/// Training, validation and test sets. The validation set comes from the training *file*
/// so the test set is never used for model selection (early stopping).
#[derive(Debug, Clone)]
pub struct Splits {
    pub train: Dataset,
    pub validation: Dataset,
    pub test: Dataset,
}

/// Validation images held out from a training file of `n` images: the last 10,000 of the
/// standard 60,000, and the same proportion (1/6) of a smaller file such as a test fixture.
pub fn validation_len(n: usize) -> usize {
    VALIDATION_SIZE.min(n / 6)
}

/// Splits the training file: validation = its last `validation_len(n)` images, training =
/// the first `train_size` of the rest (capped at what is available). `test` passes through.
pub fn split(train_file: Dataset, test: Dataset, train_size: usize) -> Splits {
    let n = train_file.len();
    let val_start = n - validation_len(n);
    let validation = train_file.subset(val_start..n);
    let train_end = train_size.min(val_start);
    let train = train_file.subset(0..train_end);
    Splits {
        train,
        validation,
        test,
    }
}
