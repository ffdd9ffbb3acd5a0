#![allow(clippy::unwrap_used)]
//! `check` and `resolve` over every file of `testdata/`: no panic, a kind for every file, and
//! every reported location slices exactly a key or value of the file (byte range on character
//! boundaries, line and column agreeing with the bytes, no surrounding blanks).

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn cosmo(args: &[&str]) -> (Value, i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_cosmo-s3"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let doc = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {stderr}"));
    (doc, output.status.code().unwrap_or(-1), stderr)
}

fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line as u64, column as u64)
}

#[test]
fn every_location_slices_the_file_exactly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (doc, code, stderr) = cosmo(&["check", "--format", "json", "testdata"]);
    assert_ne!(code, 101, "panicked: {stderr}");
    let files = doc["files"].as_array().unwrap();
    assert!(files.len() > 150, "only {} files walked", files.len());
    let mut located = 0;
    for file in files {
        let path = file["path"].as_str().unwrap();
        if file["error"].is_object() {
            // Only files whose kind nothing can tell may fail, and they must say why.
            let message = file["error"]["message"].as_str().unwrap();
            assert!(message.contains("--kind"), "{path}: {message}");
            continue;
        }
        let kind = file["kind"].as_str().unwrap();
        if path.ends_with(".yaml") || path.ends_with(".yml") {
            assert_eq!(kind, "router", "{path}");
        }
        for (suffix, want) in [
            (".controlplane.env", "controlplane"),
            (".cdn.env", "cdn"),
            (".router.env", "router-env"),
        ] {
            if path.ends_with(suffix) {
                assert_eq!(kind, want, "{path}");
            }
        }
        let text = std::fs::read_to_string(root.join(path)).unwrap();
        for d in file["diagnostics"].as_array().unwrap() {
            let loc = &d["location"];
            let (start, end) = (
                loc["byte_start"].as_u64().unwrap() as usize,
                loc["byte_end"].as_u64().unwrap() as usize,
            );
            let what = format!("{path} {} at {start}..{end}", d["code"]);
            assert!(
                start <= end && end <= text.len(),
                "{what}: outside the file"
            );
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "{what}: cuts a character"
            );
            assert_eq!(
                line_col(&text, start),
                (
                    loc["line"].as_u64().unwrap(),
                    loc["column"].as_u64().unwrap()
                ),
                "{what}"
            );
            assert_eq!(
                line_col(&text, end),
                (
                    loc["end_line"].as_u64().unwrap(),
                    loc["end_column"].as_u64().unwrap()
                ),
                "{what}"
            );
            let slice = &text[start..end];
            assert_eq!(
                slice.trim(),
                slice,
                "{what}: the span has surrounding blanks: {slice:?}"
            );
            located += 1;
        }
    }
    assert!(located > 100, "only {located} diagnostics located");
}

#[test]
fn resolve_reads_every_file() {
    let (doc, code, stderr) = cosmo(&["resolve", "--format", "json", "testdata"]);
    assert_ne!(code, 101, "panicked: {stderr}");
    let files = doc["files"].as_array().unwrap();
    let clients: usize = files
        .iter()
        .filter_map(|f| f["clients"].as_array())
        .map(Vec::len)
        .sum();
    assert!(clients > 100, "only {clients} clients");
    for file in files {
        for client in file["clients"].as_array().into_iter().flatten() {
            let component = client["component"].as_str().unwrap();
            let kind = file["kind"].as_str().unwrap();
            let want = if kind == "router-env" { "router" } else { kind };
            assert_eq!(component, want, "{}", file["path"]);
        }
    }
}
