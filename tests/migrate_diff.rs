#![allow(clippy::unwrap_used)]
//! The unified diff: layout, line ends, colour, and secrets never shown.

use cosmo_s3::migrate::diff::{DiffSide, unified_diff};
use cosmo_s3::secrets::masked_spans;
use cosmo_s3::source::{Document, EnvDocument, EnvEntry, Quote};
use cosmo_s3::span::Span;

/// A minimal `KEY=VALUE` reader for these tests (the real dotenv parser lives in
/// `source`): unquoted or double-quoted values, `#` lines skipped.
fn env_doc(text: &str) -> Document {
    let mut entries = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let Some(eq) = body.find('=') else { continue };
        if body.trim_start().starts_with('#') {
            continue;
        }
        let raw = &body[eq + 1..];
        let quote = if raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"') {
            Quote::Double
        } else {
            Quote::None
        };
        let value = match quote {
            Quote::Double => raw[1..raw.len() - 1].to_owned(),
            _ => raw.to_owned(),
        };
        entries.push(EnvEntry {
            key: body[..eq].to_owned(),
            key_span: Span::new(start, start + eq),
            value,
            value_span: Span::new(start + eq + 1, start + body.len()),
            quote,
            line_span: Span::new(start, start + body.len()),
        });
    }
    Document::Env(EnvDocument {
        entries,
        problems: Vec::new(),
    })
}

fn env_diff(old: &str, new: &str, color: bool) -> String {
    let old_spans = masked_spans(&env_doc(old), old);
    let new_spans = masked_spans(&env_doc(new), new);
    unified_diff(
        DiffSide {
            label: "a/controlplane.env",
            text: old,
            secrets: &old_spans,
        },
        DiffSide {
            label: "b/controlplane.env",
            text: new,
            secrets: &new_spans,
        },
        color,
    )
}

#[test]
fn equal_texts_give_no_diff() {
    assert_eq!(env_diff("A=1\n", "A=1\n", false), "");
}

#[test]
fn layout_with_three_lines_of_context() {
    let old = "L1=1\nL2=2\nL3=3\nL4=4\nL5=5\nL6=6\nL7=7\nL8=8\nL9=9\n";
    let new = old.replace("L5=5", "L5=five");
    assert_eq!(
        env_diff(old, &new, false),
        "--- a/controlplane.env\n+++ b/controlplane.env\n@@ -2,7 +2,7 @@\n L2=2\n L3=3\n L4=4\n-L5=5\n+L5=five\n L6=6\n L7=7\n L8=8\n"
    );
}

#[test]
fn marker_secret_never_appears() {
    let old = "S3_STORAGE_URL=http://minio:9000/cosmo\nS3_SECRET_ACCESS_KEY=MARKERSECRET123\nS3_REGION=auto\n";
    let new = "S3_STORAGE_URL=http://minio:9000/cosmo\nS3_SECRET_ACCESS_KEY=\"MARKERSECRET123\"\nS3_REGION=auto\n";
    for color in [false, true] {
        let diff = env_diff(old, new, color);
        assert!(!diff.contains("MARKERSECRET123"), "{diff}");
        assert!(!diff.contains("MARKER"), "{diff}");
        assert!(
            diff.contains("S3_SECRET_ACCESS_KEY=***************"),
            "{diff}"
        );
        assert!(
            diff.contains("S3_SECRET_ACCESS_KEY=\"***************\""),
            "{diff}"
        );
    }
    assert_eq!(
        env_diff(old, new, false),
        "--- a/controlplane.env\n+++ b/controlplane.env\n@@ -1,3 +1,3 @@\n S3_STORAGE_URL=http://minio:9000/cosmo\n-S3_SECRET_ACCESS_KEY=***************\n+S3_SECRET_ACCESS_KEY=\"***************\"\n S3_REGION=auto\n"
    );
}

#[test]
fn moving_url_credentials_shows_neither_password_nor_short_user() {
    // What CS204's fix does: userinfo out of the URL, into the variables.
    let old = "S3_STORAGE_URL=http://minio:MARKERSECRET123@minio:9000/cosmo\nS3_ACCESS_KEY_ID=\nS3_SECRET_ACCESS_KEY=\n";
    let new = "S3_STORAGE_URL=http://minio:9000/cosmo\nS3_ACCESS_KEY_ID=minio\nS3_SECRET_ACCESS_KEY=MARKERSECRET123\n";
    let diff = env_diff(old, new, false);
    assert!(!diff.contains("MARKERSECRET123"), "{diff}");
    assert_eq!(
        diff,
        "--- a/controlplane.env\n+++ b/controlplane.env\n@@ -1,3 +1,3 @@\n-S3_STORAGE_URL=http://*****:***************@minio:9000/cosmo\n-S3_ACCESS_KEY_ID=\n-S3_SECRET_ACCESS_KEY=\n+S3_STORAGE_URL=http://minio:9000/cosmo\n+S3_ACCESS_KEY_ID=*****\n+S3_SECRET_ACCESS_KEY=***************\n"
    );
}

#[test]
fn long_access_key_ids_show_four_characters() {
    let old = "S3_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nS3_REGION=auto\n";
    let new = "S3_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nS3_REGION=us-east-1\n";
    let diff = env_diff(old, new, false);
    assert!(
        diff.contains(" S3_ACCESS_KEY_ID=AKIA****************\n"),
        "{diff}"
    );
}

#[test]
fn crlf_lines_diff_like_lf_lines() {
    let old = "A=1\r\nB=2\r\nC=3\r\n";
    let new = "A=1\r\nB=two\r\nC=3\r\n";
    assert_eq!(
        env_diff(old, new, false),
        "--- a/controlplane.env\n+++ b/controlplane.env\n@@ -1,3 +1,3 @@\n A=1\n-B=2\n+B=two\n C=3\n"
    );
}

#[test]
fn missing_final_newline_is_marked() {
    let old = "A=1\nB=2";
    let new = "A=1\nB=3";
    assert_eq!(
        env_diff(old, new, false),
        "--- a/controlplane.env\n+++ b/controlplane.env\n@@ -1,2 +1,2 @@\n A=1\n-B=2\n\\ No newline at end of file\n+B=3\n\\ No newline at end of file\n"
    );
    // Adding the final newline shows as a change of that line.
    assert_eq!(
        env_diff("A=1", "A=1\n", false),
        "--- a/controlplane.env\n+++ b/controlplane.env\n@@ -1 +1 @@\n-A=1\n\\ No newline at end of file\n+A=1\n"
    );
}

#[test]
fn colour_marks_removed_and_added_lines_only() {
    let diff = env_diff("A=1\nB=2\n", "A=1\nB=3\n", true);
    assert_eq!(
        diff,
        "\x1b[1m--- a/controlplane.env\x1b[0m\n\x1b[1m+++ b/controlplane.env\x1b[0m\n\x1b[36m@@ -1,2 +1,2 @@\x1b[0m\n A=1\n\x1b[31m-B=2\x1b[0m\n\x1b[32m+B=3\x1b[0m\n"
    );
}

#[test]
fn control_characters_cannot_reach_the_terminal() {
    let diff = env_diff("A=\x1b[2J\n", "A=x\x07\n", false);
    assert!(!diff.contains('\x1b') && !diff.contains('\x07'), "{diff:?}");
    assert!(diff.contains("-A=^[[2J\n+A=x^G\n"), "{diff:?}");
}
