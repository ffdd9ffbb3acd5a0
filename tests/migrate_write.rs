#![allow(clippy::unwrap_used)]
//! Atomic, faithful writing: bytes, permission bits, owner, symlinks, hard links, races.

use cosmo_s3::migrate::write::{WriteErrorKind, read, write_atomic};
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

/// File names in `dir`, sorted: shows that no temporary file was left behind.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn writes_exact_bytes_and_keeps_mode_0640() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("controlplane.env");
    fs::write(&path, "S3_REGION=auto\n").expect("write");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");

    let file = read(&path).expect("read");
    assert_eq!(file.text, "S3_REGION=auto\n");
    let new_text = "\u{feff}# kept\r\nS3_REGION=eu-west-1\r\nS3_X=1";
    write_atomic(&file.snapshot, new_text).expect("write_atomic");

    assert_eq!(fs::read(&path).expect("read back"), new_text.as_bytes());
    let mode = fs::metadata(&path).expect("meta").permissions().mode() & 0o7777;
    assert_eq!(mode, 0o640);
    assert_eq!(names(dir.path()), vec!["controlplane.env"]);
}

#[test]
fn keeps_owner_when_running_as_root() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config.yaml");
    fs::write(&path, "a: 1\n").expect("write");
    if fs::metadata(&path).expect("meta").uid() != 0 {
        // Not root: giving a file away is not possible, so there is nothing to check here;
        // the owner-kept branch is covered when the suite runs as root (CI containers).
        return;
    }
    std::os::unix::fs::chown(&path, Some(4321), Some(4322)).expect("chown");
    let file = read(&path).expect("read");
    write_atomic(&file.snapshot, "a: 2\n").expect("write_atomic");
    let meta = fs::metadata(&path).expect("meta");
    assert_eq!((meta.uid(), meta.gid()), (4321, 4322));
    assert_eq!(fs::read_to_string(&path).expect("read"), "a: 2\n");
}

#[test]
fn a_symlink_is_written_through_and_stays_a_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    let real_dir = dir.path().join("real");
    fs::create_dir(&real_dir).expect("mkdir");
    let target = real_dir.join("router.yaml");
    fs::write(&target, "endpoint: http://minio:9000\n").expect("write");
    let link = dir.path().join("config.yaml");
    std::os::unix::fs::symlink("real/router.yaml", &link).expect("symlink");

    let file = read(&link).expect("read");
    write_atomic(&file.snapshot, "endpoint: minio:9000\n").expect("write_atomic");

    assert!(
        fs::symlink_metadata(&link)
            .expect("lstat")
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::read_link(&link).expect("readlink"),
        Path::new("real/router.yaml")
    );
    assert_eq!(
        fs::read_to_string(&target).expect("read"),
        "endpoint: minio:9000\n"
    );
    assert_eq!(names(&real_dir), vec!["router.yaml"]);
    assert_eq!(names(dir.path()), vec!["config.yaml", "real"]);
}

#[test]
fn a_file_with_two_hard_links_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("cdn.env");
    fs::write(&path, "S3_REGION=auto\n").expect("write");
    fs::hard_link(&path, dir.path().join("cdn-copy.env")).expect("link");

    let file = read(&path).expect("read");
    let err = write_atomic(&file.snapshot, "S3_REGION=us-east-1\n").expect_err("refused");
    assert!(matches!(err.kind, WriteErrorKind::HardLinks(2)), "{err}");
    let message = err.to_string();
    assert!(message.contains("cdn.env"), "{message}");
    assert!(message.contains("2 hard links"), "{message}");
    assert_eq!(fs::read_to_string(&path).expect("read"), "S3_REGION=auto\n");
    assert_eq!(names(dir.path()), vec!["cdn-copy.env", "cdn.env"]);
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("a.env");
    fs::write(&path, "S3_REGION=auto\n").expect("write");
    let file = read(&path).expect("read");

    fs::write(&path, "S3_REGION=east\n").expect("someone else writes");
    let err = write_atomic(&file.snapshot, "S3_REGION=us-east-1\n").expect_err("refused");
    assert!(matches!(err.kind, WriteErrorKind::ChangedOnDisk), "{err}");
    assert!(err.to_string().contains("a.env"));
    assert_eq!(fs::read_to_string(&path).expect("read"), "S3_REGION=east\n");
    assert_eq!(names(dir.path()), vec!["a.env"]);
}

#[test]
fn same_length_same_mtime_change_is_caught_by_the_content_hash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("b.env");
    fs::write(&path, "S3_REGION=auto\n").expect("write");
    let file = read(&path).expect("read");
    let mtime = fs::metadata(&path)
        .expect("meta")
        .modified()
        .expect("mtime");

    fs::write(&path, "S3_REGION=east\n").expect("same length");
    fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(mtime))
        .expect("restore mtime");
    let err = write_atomic(&file.snapshot, "x\n").expect_err("refused");
    assert!(matches!(err.kind, WriteErrorKind::ChangedOnDisk), "{err}");
    assert_eq!(fs::read_to_string(&path).expect("read"), "S3_REGION=east\n");
}

#[test]
fn a_file_removed_since_reading_is_not_recreated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("gone.env");
    fs::write(&path, "A=1\n").expect("write");
    let file = read(&path).expect("read");
    fs::remove_file(&path).expect("rm");
    let err = write_atomic(&file.snapshot, "A=2\n").expect_err("refused");
    assert!(matches!(err.kind, WriteErrorKind::ChangedOnDisk), "{err}");
    assert!(!path.exists());
    assert!(names(dir.path()).is_empty());
}

#[test]
fn read_errors_name_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing.env");
    let err = read(&missing).expect_err("missing");
    assert!(err.to_string().contains("missing.env"), "{err}");

    let binary = dir.path().join("latin1.env");
    fs::write(&binary, b"A=caf\xe9\n").expect("write");
    let err = read(&binary).expect_err("not utf-8");
    assert!(matches!(err.kind, WriteErrorKind::NotUtf8));
    assert_eq!(
        err.to_string(),
        format!("{}: not UTF-8 text", binary.display())
    );
}
