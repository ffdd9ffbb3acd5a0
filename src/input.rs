//! Turning command-line paths into source files: `-`, files, and folders walked recursively.

use crate::source::{Kind, SourceFile, kind, read, walk};
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// One path that could not become a [`SourceFile`].
#[derive(Debug, Clone)]
pub struct InputError {
    pub path: PathBuf,
    pub kind: Option<Kind>,
    pub message: String,
}

/// Everything the paths named, in order. Files are read one at a time as the caller walks
/// [`Inputs::into_sources`], so a run over a thousand files holds one text at a time.
#[derive(Debug, Default)]
pub struct Inputs {
    pending: Vec<Pending>,
    forced: Option<Kind>,
    /// Notes for stderr, e.g. a YAML file skipped while walking a folder.
    pub notes: Vec<String>,
}

#[derive(Debug)]
enum Pending {
    /// Standard input, read at once (it can be read only once).
    Read(Result<SourceFile, InputError>),
    File(PathBuf),
}

impl Inputs {
    /// Read each input as it is asked for.
    pub fn into_sources(self) -> impl Iterator<Item = Result<SourceFile, InputError>> {
        let forced = self.forced;
        self.pending.into_iter().map(move |p| match p {
            Pending::Read(source) => source,
            Pending::File(path) => read_file(&path, forced),
        })
    }

    /// The kind of the only input, when there is one and its kind shows without reading
    /// it (`--kind`, or the path): a one-file run can prepare for it while the file is read.
    pub fn sole_kind(&self) -> Option<Kind> {
        match self.pending.as_slice() {
            [Pending::Read(Ok(source))] => Some(source.kind),
            [Pending::File(path)] => self.forced.or_else(|| kind::detect_by_path(path)),
            _ => None,
        }
    }

    /// How many inputs there are.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }
}

/// Resolve every path (walking folders); `forced` is `--kind` when not `auto`.
pub fn collect(paths: &[PathBuf], forced: Option<Kind>) -> Inputs {
    let mut inputs = Inputs {
        forced,
        ..Inputs::default()
    };
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.pending.push(Pending::Read(read_stdin(forced)));
        } else if path.is_dir() {
            let walked = walk::walk(path);
            inputs.notes.extend(walked.notes);
            inputs
                .pending
                .extend(walked.files.into_iter().map(Pending::File));
        } else {
            inputs.pending.push(Pending::File(path.clone()));
        }
    }
    inputs
}

fn read_stdin(forced: Option<Kind>) -> Result<SourceFile, InputError> {
    let path = PathBuf::from("-");
    let Some(kind) = forced else {
        return Err(InputError {
            path,
            kind: None,
            message: "standard input needs --kind (router, router-env, controlplane or cdn)".into(),
        });
    };
    let mut bytes = Vec::new();
    let limit = read::MAX_FILE_BYTES;
    if let Err(e) = std::io::stdin().take(limit + 1).read_to_end(&mut bytes) {
        return Err(InputError {
            path,
            kind: Some(kind),
            message: format!("cannot read standard input: {e}"),
        });
    }
    if bytes.len() as u64 > limit {
        let message = format!(
            "standard input is larger than {} MiB; no Cosmo config is that large",
            limit >> 20
        );
        return Err(InputError {
            path,
            kind: Some(kind),
            message,
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile { path, text, kind }),
        Err(e) => Err(InputError {
            path,
            kind: Some(kind),
            message: format!(
                "standard input is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        }),
    }
}

/// Read one file and judge its kind (unless forced).
pub fn read_file(path: &Path, forced: Option<Kind>) -> Result<SourceFile, InputError> {
    let fail = |kind, message| InputError {
        path: path.to_path_buf(),
        kind,
        message,
    };
    let text = read::read_source(path).map_err(|e| fail(forced, e.to_string()))?;
    let kind = match forced {
        Some(kind) => kind,
        None => kind::detect(path, &text).map_err(|e| fail(None, e.to_string()))?,
    };
    Ok(SourceFile {
        path: path.to_path_buf(),
        text,
        kind,
    })
}
