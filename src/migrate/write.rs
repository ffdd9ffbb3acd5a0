//! Writing a migrated file back: atomic, faithful, and never over someone else's change.
//!
//! The new text goes to a temporary file in the target's own folder (so the rename stays
//! on one file system), is flushed to disk, given the old file's permission bits and
//! owner, and renamed over the target; then the folder is flushed so the rename survives
//! a crash. A symlink is written through: the file it resolves to is replaced and the
//! link stays a link.
//!
//! Known limits: extended attributes, ACLs and SELinux labels are not copied to the new
//! file (a file carrying an ACL loses it). Between the last change check and the rename
//! another writer could still slip in; the window is a few system calls wide.

use std::fmt;
use std::fs::{self, File, OpenOptions, Permissions};
use std::hash::{DefaultHasher, Hasher};
use std::io::{self, Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt, fchown};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

/// What was on disk when a file was read; [`write_atomic`] refuses to write when it no
/// longer matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// The path as the user gave it.
    pub path: PathBuf,
    /// Where it resolves to (symlinks followed): the file that is replaced.
    pub target: PathBuf,
    len: u64,
    modified: Option<SystemTime>,
    hash: u64,
}

/// A file read for migrating.
#[derive(Debug, Clone)]
pub struct ReadFile {
    pub text: String,
    pub snapshot: Snapshot,
}

#[derive(Debug)]
pub enum WriteErrorKind {
    Io {
        action: &'static str,
        source: io::Error,
    },
    NotUtf8,
    NotRegularFile,
    /// Replacing a file with several hard links would silently split them.
    HardLinks(u64),
    ChangedOnDisk,
    /// The old owner could not be given to the new file (not running as root).
    OwnerNotKept {
        uid: u32,
        gid: u32,
    },
}

/// Every error names the file it is about.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub kind: WriteErrorKind,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.kind {
            WriteErrorKind::Io { action, source } => write!(f, "{path}: cannot {action}: {source}"),
            WriteErrorKind::NotUtf8 => write!(f, "{path}: not UTF-8 text"),
            WriteErrorKind::NotRegularFile => write!(f, "{path}: not a regular file"),
            WriteErrorKind::HardLinks(n) => write!(
                f,
                "{path}: not written: the file has {n} hard links, and replacing it would \
                 leave the other names with the old content; apply the diff by hand"
            ),
            WriteErrorKind::ChangedOnDisk => write!(
                f,
                "{path}: not written: the file changed on disk since it was read; run migrate again"
            ),
            WriteErrorKind::OwnerNotKept { uid, gid } => write!(
                f,
                "{path}: not written: cannot give the new file the owner {uid}:{gid} of the old one \
                 (run as that user or as root)"
            ),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            WriteErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn error(path: &Path, kind: WriteErrorKind) -> WriteError {
    WriteError {
        path: path.to_owned(),
        kind,
    }
}

fn io_error<'a>(path: &'a Path, action: &'static str) -> impl FnOnce(io::Error) -> WriteError + 'a {
    move |source| error(path, WriteErrorKind::Io { action, source })
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

/// Read `path` as UTF-8 text and remember what was on disk.
pub fn read(path: &Path) -> Result<ReadFile, WriteError> {
    let target = fs::canonicalize(path).map_err(io_error(path, "resolve the path"))?;
    let mut file = File::open(&target).map_err(io_error(path, "open"))?;
    let meta = file.metadata().map_err(io_error(path, "read metadata"))?;
    if !meta.is_file() {
        return Err(error(path, WriteErrorKind::NotRegularFile));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes)
        .map_err(io_error(path, "read"))?;
    let snapshot = Snapshot {
        path: path.to_owned(),
        target,
        len: meta.len(),
        modified: meta.modified().ok(),
        hash: hash_bytes(&bytes),
    };
    let text = String::from_utf8(bytes).map_err(|_| error(path, WriteErrorKind::NotUtf8))?;
    Ok(ReadFile { text, snapshot })
}

/// Fail unless the target still holds what was read, and may be replaced.
fn check_unchanged(snapshot: &Snapshot) -> Result<fs::Metadata, WriteError> {
    let path = &snapshot.path;
    let changed = || error(path, WriteErrorKind::ChangedOnDisk);
    // A link re-pointed since the read means another file now: not ours to replace.
    match fs::canonicalize(path) {
        Ok(target) if target == snapshot.target => {}
        Ok(_) => return Err(changed()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(changed()),
        Err(e) => return Err(io_error(path, "resolve the path")(e)),
    }
    let meta = fs::metadata(&snapshot.target).map_err(io_error(path, "read metadata"))?;
    if !meta.is_file() {
        return Err(error(path, WriteErrorKind::NotRegularFile));
    }
    if meta.nlink() > 1 {
        return Err(error(path, WriteErrorKind::HardLinks(meta.nlink())));
    }
    if meta.len() != snapshot.len || meta.modified().ok() != snapshot.modified {
        return Err(changed());
    }
    let bytes = fs::read(&snapshot.target).map_err(io_error(path, "read"))?;
    if hash_bytes(&bytes) != snapshot.hash {
        return Err(changed());
    }
    Ok(meta)
}

/// A temporary file that is removed unless it was renamed into place.
struct TempFile {
    path: PathBuf,
    armed: bool,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.armed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

fn create_temp(snapshot: &Snapshot, dir: &Path) -> Result<(TempFile, File), WriteError> {
    let name = snapshot
        .target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A few attempts cover a stale temp file left by a killed run with the same pid.
    for _ in 0..16 {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(".{name}.cosmo-s3-{}-{n}.tmp", std::process::id()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
        {
            Ok(file) => return Ok((TempFile { path, armed: true }, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_error(&snapshot.path, "create a temporary file")(e)),
        }
    }
    Err(error(
        &snapshot.path,
        WriteErrorKind::Io {
            action: "create a temporary file",
            source: io::Error::from(io::ErrorKind::AlreadyExists),
        },
    ))
}

/// Replace the file `snapshot` was read from with `text`, atomically.
pub fn write_atomic(snapshot: &Snapshot, text: &str) -> Result<(), WriteError> {
    let path = &snapshot.path;
    let meta = check_unchanged(snapshot)?;
    let dir = snapshot
        .target
        .parent()
        .ok_or_else(|| error(path, WriteErrorKind::NotRegularFile))?;

    let (mut temp, mut file) = create_temp(snapshot, dir)?;
    file.write_all(text.as_bytes())
        .map_err(io_error(path, "write the temporary file"))?;

    // Owner before mode: changing the owner clears set-id bits.
    let temp_meta = file.metadata().map_err(io_error(path, "read metadata"))?;
    if temp_meta.uid() != meta.uid() || temp_meta.gid() != meta.gid() {
        fchown(&file, Some(meta.uid()), Some(meta.gid())).map_err(|_| {
            error(
                path,
                WriteErrorKind::OwnerNotKept {
                    uid: meta.uid(),
                    gid: meta.gid(),
                },
            )
        })?;
    }
    file.set_permissions(Permissions::from_mode(meta.mode() & 0o7777))
        .map_err(io_error(path, "set permissions"))?;
    file.sync_all().map_err(io_error(path, "flush to disk"))?;
    drop(file);

    // Narrow the window for a writer that came in while the temp file was written.
    check_unchanged(snapshot)?;
    fs::rename(&temp.path, &snapshot.target).map_err(io_error(path, "replace the file"))?;
    temp.armed = false;

    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_error(path, "flush its folder to disk"))?;
    Ok(())
}
