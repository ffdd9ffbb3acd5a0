#![allow(clippy::unwrap_used)]
//! `cosmo-s3 migrate` end to end: the real binary on copies of `testdata/migrate/` fixtures.
//!
//! Each case names its input, the expected output of `--write` (and of
//! `--write --unsafe-fixes` when that differs) and the rule codes each run fixes. Every
//! expected file is compared byte for byte, so CRLF, a BOM, a missing final newline and
//! every comment are checked along with the edits.

use serde_json::Value;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Case {
    input: &'static str,
    /// `--write` result; `None`: the file is already what safe fixes leave.
    safe: Option<&'static str>,
    /// `--write --unsafe-fixes` result when it differs from the safe one.
    unsafe_: Option<&'static str>,
    safe_codes: &'static [&'static str],
    unsafe_codes: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        input: "cs301.yaml",
        safe: Some("cs301.expected.yaml"),
        unsafe_: Some("cs301.unsafe.expected.yaml"),
        safe_codes: &["CS301"],
        unsafe_codes: &["CS301"],
    },
    Case {
        input: "cs301-router.env",
        safe: Some("cs301-router.expected.env"),
        unsafe_: Some("cs301-router.unsafe.expected.env"),
        safe_codes: &["CS301"],
        unsafe_codes: &["CS301"],
    },
    Case {
        input: "cs501.yaml",
        safe: Some("cs501.expected.yaml"),
        unsafe_: None,
        safe_codes: &["CS501"],
        unsafe_codes: &["CS501"],
    },
    Case {
        input: "cs204-fill-controlplane.env",
        safe: Some("cs204-fill-controlplane.expected.env"),
        unsafe_: None,
        safe_codes: &["CS204"],
        unsafe_codes: &["CS204"],
    },
    Case {
        input: "cs204-add-controlplane.env",
        safe: Some("cs204-add-controlplane.expected.env"),
        unsafe_: None,
        safe_codes: &["CS204"],
        unsafe_codes: &["CS204"],
    },
    Case {
        input: "cs204-crlf-controlplane.env",
        safe: Some("cs204-crlf-controlplane.expected.env"),
        unsafe_: None,
        safe_codes: &["CS204"],
        unsafe_codes: &["CS204"],
    },
    Case {
        input: "cs204-cdn.env",
        safe: Some("cs204-cdn.expected.env"),
        unsafe_: None,
        safe_codes: &["CS204"],
        unsafe_codes: &["CS204"],
    },
    Case {
        input: "cs309-controlplane.env",
        safe: Some("cs309-controlplane.expected.env"),
        unsafe_: None,
        safe_codes: &["CS309"],
        unsafe_codes: &["CS309"],
    },
    Case {
        input: "cs502.yaml",
        safe: None,
        unsafe_: Some("cs502.unsafe.expected.yaml"),
        safe_codes: &[],
        unsafe_codes: &["CS502"],
    },
    Case {
        input: "cs302.yaml",
        safe: None,
        unsafe_: Some("cs302.unsafe.expected.yaml"),
        safe_codes: &[],
        unsafe_codes: &["CS302"],
    },
    Case {
        input: "cs306-cs307.yaml",
        safe: None,
        unsafe_: Some("cs306-cs307.unsafe.expected.yaml"),
        safe_codes: &[],
        unsafe_codes: &["CS306", "CS307"],
    },
    Case {
        input: "cs306-cs307-controlplane.env",
        safe: None,
        unsafe_: Some("cs306-cs307-controlplane.unsafe.expected.env"),
        safe_codes: &[],
        unsafe_codes: &["CS306", "CS307"],
    },
    Case {
        input: "cs308-cdn.env",
        safe: None,
        unsafe_: Some("cs308-cdn.unsafe.expected.env"),
        safe_codes: &[],
        unsafe_codes: &["CS308"],
    },
    Case {
        input: "cs006-controlplane.env",
        safe: None,
        unsafe_: Some("cs006-controlplane.unsafe.expected.env"),
        safe_codes: &[],
        unsafe_codes: &["CS006"],
    },
    Case {
        input: "variant-crlf-bom.yaml",
        safe: Some("variant-crlf-bom.expected.yaml"),
        unsafe_: None,
        safe_codes: &["CS301", "CS501"],
        unsafe_codes: &["CS301", "CS501"],
    },
    Case {
        input: "variant-no-final-newline.yaml",
        safe: Some("variant-no-final-newline.expected.yaml"),
        unsafe_: None,
        safe_codes: &["CS301", "CS501"],
        unsafe_codes: &["CS301", "CS501"],
    },
    Case {
        input: "variant-comment-heavy.yaml",
        safe: Some("variant-comment-heavy.expected.yaml"),
        unsafe_: None,
        safe_codes: &["CS301", "CS501"],
        unsafe_codes: &["CS301", "CS501"],
    },
    Case {
        input: "variant-crlf-router.env",
        safe: Some("variant-crlf-router.expected.env"),
        unsafe_: None,
        safe_codes: &["CS301"],
        unsafe_codes: &["CS301"],
    },
    Case {
        input: "variant-bom-controlplane.env",
        safe: Some("variant-bom-controlplane.expected.env"),
        unsafe_: None,
        safe_codes: &["CS204", "CS309"],
        unsafe_codes: &["CS204", "CS309"],
    },
    Case {
        input: "variant-no-final-newline-controlplane.env",
        safe: Some("variant-no-final-newline-controlplane.expected.env"),
        unsafe_: None,
        safe_codes: &["CS204"],
        unsafe_codes: &["CS204"],
    },
    Case {
        input: "variant-comment-heavy-controlplane.env",
        safe: Some("variant-comment-heavy-controlplane.expected.env"),
        unsafe_: None,
        safe_codes: &["CS204", "CS309"],
        unsafe_codes: &["CS204", "CS309"],
    },
];

/// Fixtures of `tests/migrate_apply.rs` (a toy rule set, not the binary).
const TOY_FIXTURES: &[&str] = &["comment-heavy", "crlf-bom", "no-final-newline"];

/// Every secret value written in the fixtures: none may reach the output of `migrate`.
const SECRETS: &[&str] = &[
    "fakesecretMARKER0000",
    "fake%2Fsecret",
    "fakefailoverpw",
    "fakesecretcrlf",
    "fakecdnpw",
    "secretMARKER",
    "fakesecretbom",
    "fakesecretnonl",
    "fakesecretcomments",
    "changeme",
];

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/migrate")
}

fn fixture(name: &str) -> Vec<u8> {
    let path = fixture_dir().join(name);
    fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cosmo-s3"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// A temp dir holding a copy of the fixture `name`.
fn copy(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(name), fixture(name)).unwrap();
    dir
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(out), stderr(out)))
}

/// The findings `check --format json` reports for the one file `name` in `dir`: code and
/// the applicability of its fix (`None`: no fix).
fn check_codes(dir: &Path, name: &str) -> Vec<(String, Option<String>)> {
    let out = run(dir, &["check", "--format", "json", name]);
    json(&out)["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let fix = d["fix"]["applicability"].as_str().map(str::to_owned);
            (d["code"].as_str().unwrap().to_owned(), fix)
        })
        .collect()
}

/// The codes of the fixes `migrate --format json` lists (deduplicated, sorted).
fn fix_codes(dir: &Path, name: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["migrate", "--format", "json", name];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
    let mut codes: Vec<String> = json(&out)["files"][0]["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

/// `migrate --write` (with `extra`) gives `expected`, a second run changes nothing, and
/// `check` no longer reports the codes fixed.
fn write_gives(case: &Case, extra: &[&str], expected: &[u8], codes: &[&str]) {
    let name = case.input;
    let dir = copy(name);
    let path = dir.path().join(name);
    let changes = expected != fixture(name).as_slice();

    let mut check = vec!["migrate", "--check", name];
    check.extend_from_slice(extra);
    assert_eq!(
        code(&run(dir.path(), &check)),
        i32::from(changes),
        "{name} {extra:?}: --check before"
    );
    assert_eq!(
        fix_codes(dir.path(), name, extra),
        codes,
        "{name} {extra:?}"
    );

    let mut write = vec!["migrate", "--write", name];
    write.extend_from_slice(extra);
    let first = run(dir.path(), &write);
    assert_eq!(code(&first), 0, "{name} {extra:?}: {}", stderr(&first));
    let after = fs::read(&path).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&after),
        String::from_utf8_lossy(expected),
        "{name} {extra:?}"
    );
    assert_eq!(after, expected, "{name} {extra:?}: bytes");

    let second = run(dir.path(), &write);
    assert_eq!(code(&second), 0, "{name} {extra:?}: second run");
    assert_eq!(
        fs::read(&path).unwrap(),
        expected,
        "{name} {extra:?}: idempotent"
    );
    assert!(
        stderr(&second).contains("nothing to fix"),
        "{name} {extra:?}: {}",
        stderr(&second)
    );
    assert_eq!(
        code(&run(dir.path(), &check)),
        0,
        "{name} {extra:?}: --check after"
    );

    // None of the fixed codes is left with a fix this run would apply; after
    // `--unsafe-fixes`, none is left at all (cs301.yaml keeps one CS301 after a safe run:
    // its `secure` disagrees, an unsafe fix).
    let left = check_codes(dir.path(), name);
    let all = !extra.is_empty();
    for fixed in codes {
        let still = left
            .iter()
            .any(|(c, fix)| c == fixed && (all || fix.as_deref() == Some("safe")));
        assert!(!still, "{name} {extra:?}: {fixed} still reported: {left:?}");
    }
}

#[test]
fn every_migration_writes_its_expected_file() {
    for case in CASES {
        let input = fixture(case.input);
        let safe = case.safe.map_or_else(|| input.clone(), fixture);
        assert_eq!(
            case.safe.is_none(),
            case.safe_codes.is_empty(),
            "{}",
            case.input
        );
        write_gives(case, &[], &safe, case.safe_codes);
        let all = case.unsafe_.map_or_else(|| safe.clone(), fixture);
        write_gives(case, &["--unsafe-fixes"], &all, case.unsafe_codes);
    }
}

#[test]
fn every_fixture_is_used() {
    let mut names: Vec<&str> = Vec::new();
    for c in CASES {
        names.push(c.input);
        names.extend(c.safe);
        names.extend(c.unsafe_);
    }
    for entry in fs::read_dir(fixture_dir()).unwrap() {
        let file = entry.unwrap().file_name().into_string().unwrap();
        let toy = TOY_FIXTURES
            .iter()
            .any(|t| file.starts_with(&format!("{t}.")));
        assert!(
            toy || names.contains(&file.as_str()),
            "unused fixture {file}"
        );
    }
}

/// Fixtures whose files must carry the variant their name claims.
#[test]
fn variant_fixtures_carry_their_variant() {
    let text = |n: &str| String::from_utf8(fixture(n)).unwrap();
    for n in ["variant-crlf-bom.yaml", "variant-crlf-bom.expected.yaml"] {
        assert!(text(n).starts_with('\u{feff}'), "{n}");
        assert!(!text(n).replace("\r\n", "").contains('\n'), "{n}");
    }
    assert!(text("variant-bom-controlplane.expected.env").starts_with('\u{feff}'));
    for n in [
        "cs204-crlf-controlplane.expected.env",
        "variant-crlf-router.expected.env",
    ] {
        assert!(!text(n).replace("\r\n", "").contains('\n'), "{n}");
    }
    for n in [
        "variant-no-final-newline.expected.yaml",
        "variant-no-final-newline-controlplane.expected.env",
        "variant-crlf-router.expected.env",
    ] {
        assert!(!text(n).ends_with('\n'), "{n}");
    }
}

fn resolve(dir: &Path, name: &str) -> Value {
    let out = run(dir, &["resolve", "--format", "json", name]);
    json(&out)
}

/// Issue 4 item 6: a safe fix changes nothing `resolve` reports, except that a client
/// that could not start (CS301: minio-go refuses a scheme) now starts.
#[test]
fn safe_fixes_keep_what_resolve_reports() {
    for case in CASES.iter().filter(|c| c.safe.is_some()) {
        let dir = copy(case.input);
        let before = resolve(dir.path(), case.input);
        let out = run(dir.path(), &["migrate", "--write", case.input]);
        assert_eq!(code(&out), 0, "{}", case.input);
        let after = resolve(dir.path(), case.input);
        let clients = |v: &Value| v["files"][0]["clients"].as_array().unwrap().clone();
        let (b, a) = (clients(&before), clients(&after));
        assert_eq!(b.len(), a.len(), "{}", case.input);
        assert!(!b.is_empty(), "{}", case.input);
        for (b, a) in b.iter().zip(&a) {
            if b["error"]["code"] == "CS301" && a["error"].is_null() {
                assert_eq!(a["name"], b["name"]);
                assert_eq!(a["bucket"], b["bucket"]);
                assert_eq!(a["credential_source"], b["credential_source"]);
            } else {
                assert_eq!(a, b, "{}", case.input);
            }
        }
    }
}

#[test]
fn cs301_clients_start_with_the_scheme_of_the_old_endpoint() {
    let dir = copy("cs301.yaml");
    run(dir.path(), &["migrate", "--write", "cs301.yaml"]);
    let after = resolve(dir.path(), "cs301.yaml");
    let clients = after["files"][0]["clients"].as_array().unwrap();
    assert_eq!(clients[0]["endpoint"], "http://minio:9000");
    assert_eq!(clients[1]["endpoint"], "https://minio.internal:9443");
    // The disagreeing one is left to --unsafe-fixes.
    assert_eq!(clients[2]["error"]["code"], "CS301");
}

/// CS204 moves the credentials without changing where they come from.
#[test]
fn cs204_keeps_the_static_credentials() {
    for (name, clients) in [
        ("cs204-fill-controlplane.env", 1),
        ("cs204-add-controlplane.env", 2),
        ("variant-comment-heavy-controlplane.env", 1),
    ] {
        let dir = copy(name);
        let before = resolve(dir.path(), name);
        run(dir.path(), &["migrate", "--write", name]);
        let after = resolve(dir.path(), name);
        for i in 0..clients {
            let (b, a) = (
                &before["files"][0]["clients"][i],
                &after["files"][0]["clients"][i],
            );
            assert_eq!(b["credential_source"], "static", "{name}");
            assert_eq!(a["credential_source"], "static", "{name}");
            assert_eq!(
                a["access_key_id_prefix"], b["access_key_id_prefix"],
                "{name}"
            );
            assert_eq!(a, b, "{name}");
        }
        assert_eq!(
            after["files"][0]["clients"][0]["access_key_id_prefix"], "AKIA",
            "{name}"
        );
    }
}

#[test]
fn the_diff_masks_secrets() {
    for case in CASES {
        let dir = copy(case.input);
        for extra in [&[][..], &["--unsafe-fixes"][..], &["--format", "json"][..]] {
            let mut args = vec!["migrate", case.input];
            args.extend_from_slice(extra);
            let out = run(dir.path(), &args);
            assert_eq!(code(&out), 0, "{}", case.input);
            let all = format!("{}{}", stdout(&out), stderr(&out));
            for secret in SECRETS {
                assert!(
                    !all.contains(secret),
                    "{} {extra:?}: leaks {secret}",
                    case.input
                );
            }
            // An access key id shows at most its first four characters.
            assert!(!all.contains("AKIAEXAMPLE"), "{} {extra:?}", case.input);
        }
        // Nothing was written.
        assert_eq!(
            fs::read(dir.path().join(case.input)).unwrap(),
            fixture(case.input)
        );
    }

    let dir = copy("cs204-fill-controlplane.env");
    let out = stdout(&run(
        dir.path(),
        &["migrate", "cs204-fill-controlplane.env"],
    ));
    // Same width as the value moved in: "fakesecret" + "MARKER0000".
    assert!(
        out.contains(&format!("\n+S3_SECRET_ACCESS_KEY={}\n", "*".repeat(20))),
        "{out}"
    );
    assert!(
        out.contains("\n+S3_ACCESS_KEY_ID=AKIA*****************\n"),
        "{out}"
    );
    assert!(out.contains("\n-S3_ACCESS_KEY_ID=\n"), "{out}");
    assert!(
        out.contains("\n+S3_STORAGE_URL=http://minio:9000/cosmo\n"),
        "{out}"
    );
    assert!(
        out.starts_with("--- a/cs204-fill-controlplane.env\n+++ b/"),
        "{out}"
    );
}

#[test]
fn json_lists_fixes_without_values() {
    let dir = copy("cs204-add-controlplane.env");
    let out = run(
        dir.path(),
        &["migrate", "--format", "json", "cs204-add-controlplane.env"],
    );
    assert_eq!(code(&out), 0);
    let doc = json(&out);
    assert_eq!(doc["version"], 1);
    let file = &doc["files"][0];
    assert_eq!(file["kind"], "controlplane");
    assert_eq!(file["changed"], true);
    assert_eq!(file["written"], false);
    let fixes = file["fixes"].as_array().unwrap();
    assert_eq!(fixes.len(), 2);
    assert_eq!(fixes[0]["code"], "CS204");
    assert_eq!(fixes[0]["rule"], "credentials-in-url");
    assert_eq!(fixes[0]["applicability"], "safe");
    assert_eq!(
        fixes[0]["title"],
        "Move the URL credentials to `S3_ACCESS_KEY_ID`/`S3_SECRET_ACCESS_KEY`"
    );
    assert_eq!(fixes[0]["location"]["line"], 1);
    assert_eq!(fixes[0]["location"]["column"], 16);
    assert_eq!(
        fixes[1]["title"],
        "Move the URL credentials to `S3_FAILOVER_ACCESS_KEY_ID`/`S3_FAILOVER_SECRET_ACCESS_KEY`"
    );
    assert_eq!(fixes[1]["location"]["line"], 4);
    let text = stdout(&out);
    for secret in SECRETS {
        assert!(!text.contains(secret));
    }
    assert!(!text.contains("AKIAEXAMPLE"));
    assert!(!text.contains("minioadmin"));
    // Nothing was written without --write.
    assert_eq!(
        fs::read(dir.path().join("cs204-add-controlplane.env")).unwrap(),
        fixture("cs204-add-controlplane.env")
    );
}

#[test]
fn write_keeps_permission_bits() {
    let name = "cs301.yaml";
    let dir = copy(name);
    let path = dir.path().join(name);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    assert_eq!(code(&run(dir.path(), &["migrate", "--write", name])), 0);
    assert_eq!(fs::read(&path).unwrap(), fixture("cs301.expected.yaml"));
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o640);
    // No temporary file is left behind.
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn a_symlink_is_written_through() {
    let name = "cs204-fill-controlplane.env";
    let dir = copy(name);
    let link = dir.path().join("link-controlplane.env");
    std::os::unix::fs::symlink(name, &link).unwrap();
    let out = run(dir.path(), &["migrate", "--write", "link-controlplane.env"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::read(dir.path().join(name)).unwrap(),
        fixture("cs204-fill-controlplane.expected.env")
    );
}

#[test]
fn a_hard_linked_file_is_refused() {
    let name = "cs301.yaml";
    let dir = copy(name);
    fs::hard_link(dir.path().join(name), dir.path().join("other.yaml")).unwrap();
    let out = run(dir.path(), &["migrate", "--write", name]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("cs301.yaml") && err.contains("hard links"),
        "{err}"
    );
    assert_eq!(fs::read(dir.path().join(name)).unwrap(), fixture(name));
    assert_eq!(
        fs::read(dir.path().join("other.yaml")).unwrap(),
        fixture(name)
    );
}

#[test]
fn a_file_that_does_not_parse_is_not_edited() {
    let dir = tempfile::tempdir().unwrap();
    let text = "storage_providers:\n  s3:\n    - id: s3\n      endpoint: \"http://minio:9000\"\n     bucket: [cosmo\n";
    let path = dir.path().join("broken.yaml");
    fs::write(&path, text).unwrap();
    for args in [
        &["migrate", "--write", "broken.yaml"][..],
        &["migrate", "--check", "broken.yaml"][..],
        &["migrate", "broken.yaml"][..],
    ] {
        let out = run(dir.path(), args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(stderr(&out).contains("broken.yaml"), "{}", stderr(&out));
        assert!(stderr(&out).contains("CS001"), "{}", stderr(&out));
        assert_eq!(fs::read_to_string(&path).unwrap(), text);
    }
}

#[test]
fn check_exit_codes() {
    // Safe fixes pending.
    let dir = copy("cs501.yaml");
    assert_eq!(
        code(&run(dir.path(), &["migrate", "--check", "cs501.yaml"])),
        1
    );
    // Only unsafe fixes pending: --check sees them only when asked to.
    let dir = copy("cs502.yaml");
    assert_eq!(
        code(&run(dir.path(), &["migrate", "--check", "cs502.yaml"])),
        0
    );
    let out = run(
        dir.path(),
        &["migrate", "--check", "--unsafe-fixes", "cs502.yaml"],
    );
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("CS502"), "{}", stderr(&out));
    // CS502 is a `--target next` migration only.
    let out = run(
        dir.path(),
        &[
            "migrate",
            "--check",
            "--unsafe-fixes",
            "--target",
            "current",
            "cs502.yaml",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // --check writes nothing; --write and --check do not go together.
    assert_eq!(
        fs::read(dir.path().join("cs502.yaml")).unwrap(),
        fixture("cs502.yaml")
    );
    let out = run(dir.path(), &["migrate", "--check", "--write", "cs502.yaml"]);
    assert_eq!(code(&out), 2);
    // Several files: the highest code wins.
    let dir = copy("cs501.yaml");
    fs::write(dir.path().join("cs502.yaml"), fixture("cs502.yaml")).unwrap();
    let out = run(
        dir.path(),
        &["migrate", "--check", "cs502.yaml", "cs501.yaml"],
    );
    assert_eq!(code(&out), 1);
    // A missing file: the tool could not do its job.
    let out = run(dir.path(), &["migrate", "--check", "missing.yaml"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn the_summary_names_what_was_fixed_and_what_is_left() {
    let dir = copy("cs301.yaml");
    let out = run(dir.path(), &["migrate", "--write", "cs301.yaml"]);
    let err = stderr(&out);
    assert!(err.contains("fixed: CS301 ×2"), "{err}");
    assert!(err.contains("CS301 with --unsafe-fixes ×1"), "{err}");
}
