//! Reading a file's text, refusing what is not UTF-8 (exit 2 in the CLI).

use std::fmt;
use std::path::{Path, PathBuf};

/// Why a file could not be read as text. Its message names the file.
#[derive(Debug)]
pub enum ReadError {
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    NotUtf8 {
        path: PathBuf,
        offset: usize,
    },
    /// Starts with a UTF-16 byte order mark.
    Utf16 {
        path: PathBuf,
    },
    /// A device, FIFO or socket: reading it could block forever or never end.
    NotRegularFile {
        path: PathBuf,
    },
    TooLarge {
        path: PathBuf,
        limit: u64,
    },
}

/// No config file is this large; a bigger one is refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            ReadError::Utf16 { path } => write!(
                f,
                "{} is UTF-16 text; save it as UTF-8 (the components read UTF-8)",
                path.display()
            ),
            ReadError::NotRegularFile { path } if path.is_dir() => {
                write!(f, "{} is a directory; name a file", path.display())
            }
            ReadError::NotRegularFile { path } => write!(
                f,
                "{} is not a regular file (a device, FIFO or socket); name the file itself",
                path.display()
            ),
            ReadError::TooLarge { path, limit } => write!(
                f,
                "{} is larger than {} MiB; no Cosmo config is that large",
                path.display(),
                limit / (1024 * 1024)
            ),
            ReadError::NotUtf8 { path, offset } => write!(
                f,
                "{} is not UTF-8 text (invalid byte at offset {offset}); save it as UTF-8",
                path.display()
            ),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io { source, .. } => Some(source),
            ReadError::NotUtf8 { .. }
            | ReadError::Utf16 { .. }
            | ReadError::NotRegularFile { .. }
            | ReadError::TooLarge { .. } => None,
        }
    }
}

/// The whole text of `path`, exactly as stored (a BOM and CRLF line ends are kept).
pub fn read_source(path: &Path) -> Result<String, ReadError> {
    use std::io::Read as _;
    let io = |source| ReadError::Io {
        path: path.to_owned(),
        source,
    };
    // Follows symlinks: a link to /dev/zero or a FIFO is refused like the thing itself.
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegularFile {
            path: path.to_owned(),
        });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).min(1 << 20));
    // `take` bounds the read even if the file grows while it is read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_owned(),
            limit: MAX_FILE_BYTES,
        });
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadError::Utf16 {
            path: path.to_owned(),
        });
    }
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        path: path.to_owned(),
        offset: e.utf8_error().valid_up_to(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_non_utf8_and_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.env");
        std::fs::write(&path, b"S3_REGION=caf\xe9\n").unwrap();
        let err = read_source(&path).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("latin1.env"), "{msg}");
        assert!(msg.contains("not UTF-8"), "{msg}");
        assert!(msg.contains("offset 13"), "{msg}");
    }

    #[test]
    fn names_utf16() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.env");
        std::fs::write(&path, b"\xff\xfeA\x00=\x001\x00").unwrap();
        assert!(
            read_source(&path)
                .unwrap_err()
                .to_string()
                .contains("is UTF-16")
        );
    }

    #[test]
    fn names_a_directory_as_such() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_source(dir.path()).unwrap_err().to_string();
        assert!(err.ends_with("is a directory; name a file"), "{err}");
    }

    #[test]
    fn refuses_devices_and_fifos() {
        let err = read_source(Path::new("/dev/zero")).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero.yaml");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let err = read_source(&link).unwrap_err();
        assert!(err.to_string().contains("zero.yaml"), "{err}");
    }

    #[test]
    fn keeps_bom_and_crlf() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.env");
        std::fs::write(&path, b"\xef\xbb\xbfA=1\r\n").unwrap();
        assert_eq!(read_source(&path).unwrap(), "\u{feff}A=1\r\n");
    }

    #[test]
    fn missing_file_names_the_file() {
        let err = read_source(Path::new("/nonexistent/cosmo.yaml")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot read /nonexistent/cosmo.yaml")
        );
    }
}
