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
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
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
            ReadError::NotUtf8 { .. } => None,
        }
    }
}

/// The whole text of `path`, exactly as stored (a BOM and CRLF line ends are kept).
pub fn read_source(path: &Path) -> Result<String, ReadError> {
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: path.to_owned(),
        source,
    })?;
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
