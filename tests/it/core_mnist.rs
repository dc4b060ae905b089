//! The IDX loader rejects every kind of damaged file with an error naming the file, and the
//! bundled copy is the genuine MNIST.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use descent::core::mnist::{self, MnistError};

/// A fresh directory under the system temp dir (no tempfile crate).
fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("descent-mnist-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn images_bytes(n: u32, rows: u32, cols: u32) -> Vec<u8> {
    let mut b = Vec::new();
    for w in [0x0803, n, rows, cols] {
        b.extend(u32::to_be_bytes(w));
    }
    b.extend((0..n * rows * cols).map(|i| (i % 251) as u8));
    b
}

fn labels_bytes(labels: &[u8]) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend(u32::to_be_bytes(0x0801));
    b.extend(u32::to_be_bytes(labels.len() as u32));
    b.extend(labels);
    b
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::File::create(path)
        .unwrap()
        .write_all(bytes)
        .unwrap();
}

/// Writes a valid raw 4-file set (train 12 images, test 3) and returns its directory.
fn valid_dir(tag: &str) -> PathBuf {
    let dir = temp_dir(tag);
    write(
        &dir.join("train-images-idx3-ubyte"),
        &images_bytes(12, 28, 28),
    );
    write(
        &dir.join("train-labels-idx1-ubyte"),
        &labels_bytes(&[1; 12]),
    );
    write(
        &dir.join("t10k-images-idx3-ubyte"),
        &images_bytes(3, 28, 28),
    );
    write(
        &dir.join("t10k-labels-idx1-ubyte"),
        &labels_bytes(&[0, 9, 5]),
    );
    dir
}

/// Loads `dir` and returns the error message, asserting it names `file`.
fn load_err(dir: &Path, file: &str) -> (MnistError, String) {
    let err = mnist::load_dir(dir).expect_err("damaged data must be rejected");
    let msg = err.to_string();
    assert!(msg.contains(file), "message {msg:?} should name {file}");
    (err, msg)
}

#[test]
fn valid_synthetic_files_load_raw_and_gzipped() {
    let dir = valid_dir("valid");
    let (train, test) = mnist::load_dir(&dir).unwrap();
    assert_eq!((train.len(), test.len()), (12, 3));
    assert_eq!(test.labels, vec![0, 9, 5]);
    assert_eq!(train.image(1)[0], (784 % 251) as u8);
    // The same content gzipped is preferred and identical.
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut gz = gz;
    gz.write_all(&images_bytes(3, 28, 28)).unwrap();
    write(
        &dir.join("t10k-images-idx3-ubyte.gz"),
        &gz.finish().unwrap(),
    );
    std::fs::remove_file(dir.join("t10k-images-idx3-ubyte")).unwrap();
    assert_eq!(mnist::load_dir(&dir).unwrap().1, test);
}

#[test]
fn missing_file_is_reported() {
    let dir = valid_dir("missing");
    std::fs::remove_file(dir.join("t10k-labels-idx1-ubyte")).unwrap();
    let (err, _) = load_err(&dir, "t10k-labels-idx1-ubyte");
    assert!(matches!(err, MnistError::Missing { .. }));
}

#[test]
fn truncated_images_are_rejected() {
    let dir = valid_dir("truncated");
    let mut b = images_bytes(12, 28, 28);
    b.truncate(b.len() - 1);
    write(&dir.join("train-images-idx3-ubyte"), &b);
    let (err, _) = load_err(&dir, "train-images-idx3-ubyte");
    assert!(matches!(err, MnistError::Truncated { .. }));
}

#[test]
fn truncated_header_is_rejected() {
    let dir = valid_dir("short-header");
    write(&dir.join("train-labels-idx1-ubyte"), &[0, 0, 8, 1, 0]);
    let (err, _) = load_err(&dir, "train-labels-idx1-ubyte");
    assert!(matches!(err, MnistError::Truncated { .. }));
}

#[test]
fn wrong_magic_is_rejected() {
    let dir = valid_dir("magic");
    // A label file where an image file belongs.
    write(
        &dir.join("train-images-idx3-ubyte"),
        &labels_bytes(&[1; 12]),
    );
    let (err, msg) = load_err(&dir, "train-images-idx3-ubyte");
    assert!(
        matches!(err, MnistError::BadMagic { found: 0x801, .. }),
        "{msg}"
    );
}

#[test]
fn mismatched_counts_are_rejected() {
    let dir = valid_dir("counts");
    write(
        &dir.join("train-labels-idx1-ubyte"),
        &labels_bytes(&[1; 11]),
    );
    let (err, msg) = load_err(&dir, "train-labels-idx1-ubyte");
    assert!(msg.contains("train-images-idx3-ubyte"), "{msg}");
    assert!(matches!(
        err,
        MnistError::CountMismatch {
            images: 12,
            labels: 11,
            ..
        }
    ));
}

#[test]
fn label_above_nine_is_rejected() {
    let dir = valid_dir("label");
    write(
        &dir.join("t10k-labels-idx1-ubyte"),
        &labels_bytes(&[0, 10, 5]),
    );
    let (err, _) = load_err(&dir, "t10k-labels-idx1-ubyte");
    assert!(matches!(
        err,
        MnistError::BadLabel {
            index: 1,
            label: 10,
            ..
        }
    ));
}

#[test]
fn trailing_bytes_are_rejected() {
    let dir = valid_dir("trailing");
    let mut b = labels_bytes(&[0, 9, 5]);
    b.push(0);
    write(&dir.join("t10k-labels-idx1-ubyte"), &b);
    let (err, _) = load_err(&dir, "t10k-labels-idx1-ubyte");
    assert!(matches!(err, MnistError::TrailingData { promised: 11, .. }));
}

#[test]
fn non_28x28_images_are_rejected() {
    let dir = valid_dir("dims");
    write(
        &dir.join("t10k-images-idx3-ubyte"),
        &images_bytes(3, 32, 32),
    );
    let (err, _) = load_err(&dir, "t10k-images-idx3-ubyte");
    assert!(matches!(
        err,
        MnistError::WrongDims {
            rows: 32,
            cols: 32,
            ..
        }
    ));
}

#[test]
fn corrupt_gzip_is_an_io_error_naming_the_file() {
    let dir = valid_dir("gzip");
    write(
        &dir.join("train-images-idx3-ubyte.gz"),
        b"\x1f\x8b\x08\x00garbage",
    );
    let (err, _) = load_err(&dir, "train-images-idx3-ubyte.gz");
    assert!(matches!(err, MnistError::Io { .. }));
}

#[test]
fn bundled_data_is_the_real_mnist() {
    let (train, test) = mnist::load_bundled().unwrap();
    assert_eq!((train.len(), test.len()), (60_000, 10_000));
    assert_eq!(train.images.len(), 60_000 * 784);
    let train_counts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
    let test_counts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
    assert_eq!(train.class_counts(), train_counts);
    assert_eq!(test.class_counts(), test_counts);
    // Known first labels of both files.
    assert_eq!(&train.labels[..5], &[5, 0, 4, 1, 9]);
    assert_eq!(&test.labels[..5], &[7, 2, 1, 0, 4]);

    let s = mnist::split(train.clone(), test, 50_000).unwrap();
    assert_eq!(
        (s.train.len(), s.validation.len(), s.test.len()),
        (50_000, 10_000, 10_000)
    );
    assert_eq!(s.validation.image(0), train.image(50_000));
    assert_eq!(s.validation.labels[..], train.labels[50_000..]);
    // A smaller train_size takes a prefix; the validation set does not move.
    let small = mnist::split(train.clone(), s.test.clone(), 1_000).unwrap();
    assert_eq!(small.train.labels[..], train.labels[..1_000]);
    assert_eq!(small.validation, s.validation);
}

#[test]
fn small_training_files_split_proportionally() {
    let (train, test) = mnist::load_dir(&valid_dir("split")).unwrap();
    let s = mnist::split(train, test, usize::MAX).unwrap();
    // 12 images: 1/6 (2) for validation, like 10,000 of 60,000.
    assert_eq!((s.train.len(), s.validation.len()), (10, 2));
}

/// Counts the bytes a reader hands out, to show the loader stops where the header says.
struct Counting<R> {
    inner: R,
    bytes: usize,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n;
        Ok(n)
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// A gzip bomb in miniature: a valid header for 3 images, their pixels, then 8 MB of zeros.
fn bomb() -> Vec<u8> {
    let mut raw = images_bytes(3, 28, 28);
    raw.resize(raw.len() + (8 << 20), 0);
    gzip(&raw)
}

fn one_line(err: &MnistError) -> String {
    let msg = err.to_string();
    assert!(!msg.contains('\n'), "one line: {msg}");
    msg
}

#[test]
fn a_gzip_bomb_is_refused_after_reading_one_byte_past_the_promise() {
    let bomb = bomb();
    let mut reader = Counting {
        inner: flate2::read::GzDecoder::new(&bomb[..]),
        bytes: 0,
    };
    let err = mnist::read_images_from(&mut reader, Path::new("bomb.gz")).unwrap_err();
    let promised = 16 + 3 * 784;
    assert!(
        matches!(err, MnistError::TrailingData { promised: p, .. } if p == promised),
        "{err}"
    );
    assert_eq!(reader.bytes, promised + 1, "read past the header's promise");
    assert!(one_line(&err).contains("bomb.gz"));

    // The same file in a data directory: the error names it.
    let dir = valid_dir("bomb");
    write(&dir.join("train-images-idx3-ubyte.gz"), &bomb);
    let (err, _) = load_err(&dir, "train-images-idx3-ubyte.gz");
    assert!(matches!(err, MnistError::TrailingData { .. }));
}

#[test]
fn absurd_headers_are_refused_before_any_pixel_is_read() {
    for (n, rows, cols) in [
        (u32::MAX, 28, 28),
        (mnist::MAX_IMAGES as u32 + 1, 28, 28),
        (3, u32::MAX, u32::MAX),
        (3, 0, 28),
        (0, 28, 28),
    ] {
        let mut raw = Vec::new();
        for w in [0x0803, n, rows, cols] {
            raw.extend(u32::to_be_bytes(w));
        }
        raw.resize(raw.len() + (1 << 20), 0);
        let mut reader = Counting {
            inner: &raw[..],
            bytes: 0,
        };
        let err = mnist::read_images_from(&mut reader, Path::new("x")).unwrap_err();
        assert_eq!(
            reader.bytes, 16,
            "{n} {rows}x{cols}: read beyond the header"
        );
        let expected = match (n, rows) {
            (0, _) => matches!(err, MnistError::Empty { .. }),
            (_, 28) => matches!(err, MnistError::TooMany { count, .. } if count == n as usize),
            _ => matches!(err, MnistError::WrongDims { .. }),
        };
        assert!(expected, "{n} {rows}x{cols}: {err}");
        one_line(&err);
    }
    // Labels are capped the same way.
    let mut raw = labels_bytes(&[]);
    raw[4..8].copy_from_slice(&u32::to_be_bytes(u32::MAX));
    let err = mnist::read_labels_from(&raw[..], Path::new("l")).unwrap_err();
    assert!(matches!(err, MnistError::TooMany { .. }), "{err}");
    assert!(one_line(&err).contains(&mnist::MAX_IMAGES.to_string()));
}

#[test]
fn a_truncated_gzip_payload_says_how_much_is_missing() {
    let dir = valid_dir("truncated-gz");
    let mut raw = images_bytes(12, 28, 28);
    raw.truncate(16 + 5 * 784);
    write(&dir.join("train-images-idx3-ubyte.gz"), &gzip(&raw));
    let (err, msg) = load_err(&dir, "train-images-idx3-ubyte.gz");
    assert!(
        matches!(
            err,
            MnistError::Truncated { expected, actual, .. }
                if expected == 16 + 12 * 784 && actual == 16 + 5 * 784
        ),
        "{msg}"
    );
    one_line(&err);
}

#[test]
fn a_wrong_magic_number_in_a_gzipped_file_is_named() {
    let dir = valid_dir("magic-gz");
    write(
        &dir.join("t10k-labels-idx1-ubyte.gz"),
        &gzip(&images_bytes(3, 28, 28)),
    );
    std::fs::remove_file(dir.join("t10k-labels-idx1-ubyte")).unwrap();
    let (err, msg) = load_err(&dir, "t10k-labels-idx1-ubyte.gz");
    assert!(
        matches!(
            err,
            MnistError::BadMagic {
                found: 0x803,
                expected: 0x801,
                ..
            }
        ),
        "{msg}"
    );
    one_line(&err);
}

#[test]
fn a_training_file_too_small_to_split_is_refused() {
    let dir = valid_dir("tiny");
    write(
        &dir.join("train-images-idx3-ubyte"),
        &images_bytes(4, 28, 28),
    );
    write(&dir.join("train-labels-idx1-ubyte"), &labels_bytes(&[1; 4]));
    let (err, msg) = load_err(&dir, "train-images-idx3-ubyte");
    assert!(
        matches!(err, MnistError::TooFewToSplit { images: 4, .. }),
        "{msg}"
    );
    assert!(msg.contains(&mnist::MIN_TRAIN_FILE.to_string()), "{msg}");
    one_line(&err);

    // `split` refuses it too (a caller may build datasets without `load_dir`), and the
    // smallest accepted file leaves a real validation set.
    let (train, test) = mnist::load_dir(&valid_dir("tiny-ok")).unwrap();
    let four = train.subset(0..4);
    assert!(matches!(
        mnist::split(four, test.clone(), 10),
        Err(MnistError::TooFewToSplit { images: 4, .. })
    ));
    let just = train.subset(0..mnist::MIN_TRAIN_FILE);
    let s = mnist::split(just, test.clone(), usize::MAX).unwrap();
    assert_eq!(s.validation.len(), mnist::MIN_VALIDATION);
    assert!(!s.train.is_empty());
    let no_test = test.subset(0..0);
    assert!(matches!(
        mnist::split(train, no_test, 10),
        Err(MnistError::Empty { .. })
    ));
}

#[test]
fn no_runtime_code_looks_for_files_in_the_source_tree() {
    // A copied binary must not depend on where it was built (issue 16): assets are embedded
    // with include_bytes!/include_str!, never found through CARGO_MANIFEST_DIR at run time.
    fn scan(dir: &Path, hits: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                scan(&path, hits);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                if text.contains(concat!("env!(\"CARGO_", "MANIFEST_DIR\")")) {
                    hits.push(path.display().to_string());
                }
            }
        }
    }
    let mut hits = Vec::new();
    scan(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut hits,
    );
    assert!(hits.is_empty(), "source-tree paths at run time in {hits:?}");
}
