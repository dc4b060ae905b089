//! Streaming IDX readers. The header is checked before any payload is read, and no more is
//! read than the header promises plus one byte (to detect trailing data), so a gzip bomb
//! posing as MNIST costs at most the size of a legitimate file, never the size of the bomb.

use std::io::Read;
use std::path::Path;

use super::{CLASSES, MnistError, PIXELS, SIDE};

const IMAGES_MAGIC: u32 = 0x0000_0803;
const LABELS_MAGIC: u32 = 0x0000_0801;
const IMAGES_HEADER: usize = 16;
const LABELS_HEADER: usize = 8;

/// Most images (or labels) one file may hold: MNIST's 60,000 with room for variants such as
/// QMNIST's 60,000-image test file. 100,000 images are 78 MB, so a training file and a test
/// file together stay well under 300 MB whatever a header claims.
pub const MAX_IMAGES: usize = 100_000;

/// Reads until `buf` is full or the input ends; returns how many bytes were read.
fn fill(path: &Path, reader: &mut impl Read, buf: &mut [u8]) -> Result<usize, MnistError> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(source) => {
                return Err(MnistError::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        }
    }
    Ok(filled)
}

/// Reads and checks the magic number; returns the `N` dimensions that follow it.
fn header<const N: usize>(
    path: &Path,
    reader: &mut impl Read,
    magic: u32,
) -> Result<[usize; N], MnistError> {
    let mut bytes = [0u8; 4 * (1 + 3)];
    let bytes = &mut bytes[..4 * (1 + N)];
    let got = fill(path, reader, bytes)?;
    let word = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let truncated = MnistError::Truncated {
        path: path.to_path_buf(),
        expected: bytes.len(),
        actual: got,
    };
    if got < 4 {
        return Err(truncated);
    }
    if word(0) != magic {
        return Err(MnistError::BadMagic {
            path: path.to_path_buf(),
            found: word(0),
            expected: magic,
        });
    }
    if got < bytes.len() {
        return Err(truncated);
    }
    Ok(std::array::from_fn(|d| word(4 + 4 * d) as usize))
}

fn check_count(path: &Path, count: usize) -> Result<(), MnistError> {
    if count == 0 {
        return Err(MnistError::Empty {
            path: path.to_path_buf(),
        });
    }
    if count > MAX_IMAGES {
        return Err(MnistError::TooMany {
            path: path.to_path_buf(),
            count,
        });
    }
    Ok(())
}

/// Reads exactly the `payload` bytes the header promised and checks nothing follows them.
fn payload(
    path: &Path,
    reader: &mut impl Read,
    header: usize,
    payload: usize,
) -> Result<Vec<u8>, MnistError> {
    let mut bytes = vec![0u8; payload];
    let got = fill(path, reader, &mut bytes)?;
    if got < payload {
        return Err(MnistError::Truncated {
            path: path.to_path_buf(),
            expected: header + payload,
            actual: header + got,
        });
    }
    if fill(path, reader, &mut [0u8; 1])? > 0 {
        return Err(MnistError::TrailingData {
            path: path.to_path_buf(),
            promised: header + payload,
        });
    }
    Ok(bytes)
}

/// Reads an IDX3 image stream (already decompressed); `path` only names it in errors.
/// Returns the pixels and the image count.
pub fn read_images_from(
    mut reader: impl Read,
    path: &Path,
) -> Result<(Vec<u8>, usize), MnistError> {
    let [n, rows, cols] = header::<3>(path, &mut reader, IMAGES_MAGIC)?;
    if rows != SIDE || cols != SIDE {
        return Err(MnistError::WrongDims {
            path: path.to_path_buf(),
            rows,
            cols,
        });
    }
    check_count(path, n)?;
    let pixels = payload(path, &mut reader, IMAGES_HEADER, n * PIXELS)?;
    Ok((pixels, n))
}

/// Reads an IDX1 label stream (already decompressed); every label must be 0-9.
pub fn read_labels_from(mut reader: impl Read, path: &Path) -> Result<Vec<u8>, MnistError> {
    let [n] = header::<1>(path, &mut reader, LABELS_MAGIC)?;
    check_count(path, n)?;
    let labels = payload(path, &mut reader, LABELS_HEADER, n)?;
    if let Some((index, &label)) = labels
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
    Ok(labels)
}
