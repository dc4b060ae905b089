//! MNIST / Fashion-MNIST IDX loading and the train/validation/test split.
//!
//! The IDX format is a big-endian header (magic, then one u32 per dimension) followed by raw
//! bytes. Every file is validated completely before use, because a silently truncated or
//! mismatched file would train a network on garbage without any visible symptom.

mod idx;

use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;

pub use idx::{MAX_IMAGES, read_images_from, read_labels_from};

/// Side length of an image; the network's input layer is fixed at `SIDE * SIDE`.
pub const SIDE: usize = 28;
/// Pixels per image.
pub const PIXELS: usize = SIDE * SIDE;
/// Number of classes (digits 0-9, or the ten Fashion-MNIST garment classes).
pub const CLASSES: usize = 10;

/// Validation set size taken from the end of a full-size (60,000) training file.
const VALIDATION_SIZE: usize = 10_000;
/// Fewest validation images a split may leave; one image would make "best epoch" a coin toss.
pub const MIN_VALIDATION: usize = 2;
/// Smallest training file that leaves `MIN_VALIDATION` images (validation is 1/6 of it).
pub const MIN_TRAIN_FILE: usize = 6 * MIN_VALIDATION;

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
    #[error("{path}: data continues past the {promised} bytes its header promises")]
    TrailingData { path: PathBuf, promised: usize },
    #[error("{path}: header promises {count} items; at most {MAX_IMAGES} are supported")]
    TooMany { path: PathBuf, count: usize },
    #[error(
        "{name} has {images} images; training needs at least {MIN_TRAIN_FILE} \
         ({} to learn from, {MIN_VALIDATION} to validate on)",
        MIN_TRAIN_FILE - MIN_VALIDATION
    )]
    TooFewToSplit { name: String, images: usize },
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

/// Opens `path`, decompressing on the fly when it ends in `.gz`.
fn open(path: &Path) -> Result<Box<dyn Read>, MnistError> {
    let file = std::fs::File::open(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            MnistError::Missing {
                path: path.to_path_buf(),
            }
        } else {
            MnistError::Io {
                path: path.to_path_buf(),
                source,
            }
        }
    })?;
    let reader = std::io::BufReader::new(file);
    Ok(if path.extension().is_some_and(|e| e == "gz") {
        Box::new(GzDecoder::new(reader))
    } else {
        Box::new(reader)
    })
}

/// Reads an IDX3 image file (`.gz` or raw) and returns its pixels and image count.
pub fn read_images(path: &Path) -> Result<(Vec<u8>, usize), MnistError> {
    read_images_from(open(path)?, path)
}

/// Reads an IDX1 label file (`.gz` or raw); every label must be 0-9.
pub fn read_labels(path: &Path) -> Result<Vec<u8>, MnistError> {
    read_labels_from(open(path)?, path)
}

/// Pairs images with their labels.
fn pair(
    (pixels, n): (Vec<u8>, usize),
    images: &Path,
    labels: Vec<u8>,
    labels_path: &Path,
    name: &str,
) -> Result<Dataset, MnistError> {
    if labels.len() != n {
        return Err(MnistError::CountMismatch {
            images_path: images.to_path_buf(),
            images: n,
            labels_path: labels_path.to_path_buf(),
            labels: labels.len(),
        });
    }
    Ok(Dataset {
        images: pixels,
        labels,
        name: name.to_string(),
    })
}

/// Loads a matching pair of image and label files.
pub fn load_pair(images: &Path, labels: &Path, name: &str) -> Result<Dataset, MnistError> {
    let pixels = read_images(images)?;
    pair(pixels, images, read_labels(labels)?, labels, name)
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
/// (MNIST or Fashion-MNIST, which share the file names), gzipped or not. A training file too
/// small to split is refused here, before the test file is decoded.
pub fn load_dir(dir: &Path) -> Result<(Dataset, Dataset), MnistError> {
    let images = find(dir, "train-images-idx3-ubyte");
    let train = load_pair(&images, &find(dir, "train-labels-idx1-ubyte"), "train")?;
    check_splittable(&images.display().to_string(), train.len())?;
    let test = load_pair(
        &find(dir, "t10k-images-idx3-ubyte"),
        &find(dir, "t10k-labels-idx1-ubyte"),
        "test",
    )?;
    Ok((train, test))
}

/// Loads from `dir`, or the bundled MNIST when there is none.
pub fn load_dir_or_bundled(dir: Option<&Path>) -> Result<(Dataset, Dataset), MnistError> {
    match dir {
        Some(dir) => load_dir(dir),
        None => load_bundled(),
    }
}

/// The MNIST copy from `assets/mnist` (see its README for provenance), compiled into the
/// binary so a copied executable still has its data.
const BUNDLED: [(&str, &[u8]); 4] = [
    (
        "train-images-idx3-ubyte.gz",
        include_bytes!("../../assets/mnist/train-images-idx3-ubyte.gz"),
    ),
    (
        "train-labels-idx1-ubyte.gz",
        include_bytes!("../../assets/mnist/train-labels-idx1-ubyte.gz"),
    ),
    (
        "t10k-images-idx3-ubyte.gz",
        include_bytes!("../../assets/mnist/t10k-images-idx3-ubyte.gz"),
    ),
    (
        "t10k-labels-idx1-ubyte.gz",
        include_bytes!("../../assets/mnist/t10k-labels-idx1-ubyte.gz"),
    ),
];

/// Decodes the bundled MNIST from memory: 60,000 training-file and 10,000 test images
/// (about a second; callers with a UI do it off the UI thread).
pub fn load_bundled() -> Result<(Dataset, Dataset), MnistError> {
    let name = |i: usize| PathBuf::from(format!("(bundled) {}", BUNDLED[i].0));
    let gz = |i: usize| GzDecoder::new(BUNDLED[i].1);
    let set = |images: usize, labels: usize, set_name: &str| {
        let pixels = read_images_from(gz(images), &name(images))?;
        let label_bytes = read_labels_from(gz(labels), &name(labels))?;
        pair(pixels, &name(images), label_bytes, &name(labels), set_name)
    };
    let train = set(0, 1, "train")?;
    let test = set(2, 3, "test")?;
    Ok((train, test))
}

/// Weights plus biases of a classifier from the 784 pixels through `hidden` to the 10 classes
/// (784-15-10 → 11,935), as the MNIST tab states it before a network exists.
pub fn param_count(hidden: &[usize]) -> usize {
    let sizes: Vec<usize> = std::iter::once(PIXELS)
        .chain(hidden.iter().copied())
        .chain(std::iter::once(CLASSES))
        .collect();
    super::gradient_cost::param_count(&sizes)
}

/// The decoded MNIST files: the training file (validation is its end) and the test file.
#[derive(Clone, PartialEq, Eq)]
pub struct MnistFiles {
    pub train_file: Dataset,
    pub test: Dataset,
}

/// Sizes only: the derived form would print 55 million pixel values.
impl std::fmt::Debug for MnistFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MnistFiles")
            .field("train_file", &self.train_file.len())
            .field("test", &self.test.len())
            .finish()
    }
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

/// Refuses a training file of `n` images that would leave fewer than `MIN_VALIDATION`
/// images to validate on (a loss over zero images would print as a perfect 0).
fn check_splittable(name: &str, n: usize) -> Result<(), MnistError> {
    if n < MIN_TRAIN_FILE {
        return Err(MnistError::TooFewToSplit {
            name: name.to_string(),
            images: n,
        });
    }
    Ok(())
}

/// Splits the training file: validation = its last `validation_len(n)` images, training =
/// the first `train_size` of the rest (capped at what is available). `test` passes through.
/// Refuses a training file under `MIN_TRAIN_FILE` images and an empty test set, so no set
/// in the result is empty unless `train_size` is 0 (which no valid config has).
pub fn split(train_file: Dataset, test: Dataset, train_size: usize) -> Result<Splits, MnistError> {
    let n = train_file.len();
    check_splittable(&train_file.name, n)?;
    if test.is_empty() {
        return Err(MnistError::Empty {
            path: PathBuf::from(&test.name),
        });
    }
    let val_start = n - validation_len(n);
    let validation = train_file.subset(val_start..n);
    let train_end = train_size.min(val_start);
    let train = train_file.subset(0..train_end);
    Ok(Splits {
        train,
        validation,
        test,
    })
}
