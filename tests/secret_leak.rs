#![allow(clippy::unwrap_used)]
//! No command, in any format, prints a secret: every `MARKER` value of `testdata/secrets`
//! must stay out of stdout and stderr (DESIGN.md §6).

use std::path::Path;
use std::process::Command;

const FILES: [&str; 9] = [
    "leaky.router.yaml",
    "leaky.controlplane.env",
    "leaky.cdn.env",
    "leaky.router.env",
    "broken.router.env",
    // Flow mappings, quoted and explicit keys, camelCase names, lists under a secret key,
    // a block scalar cut by an unclosed `${`; the same in a file with a syntax error.
    "shapes.router.yaml",
    "broken-flow.router.yaml",
    // URL passwords without `//`, behind backslashes, and across a line break.
    "urls.controlplane.env",
    "urls.cdn.env",
];

fn run(dir: &Path, args: &[&str]) -> (String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_cosmo-s3"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent/cosmo-s3-test-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/cosmo-s3-test-credentials",
        )
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (text, output.status.code().unwrap_or(-1))
}

fn assert_no_marker(dir: &Path, args: &[&str]) {
    let (text, code) = run(dir, args);
    assert_ne!(code, 101, "`cosmo-s3 {}` panicked:\n{text}", args.join(" "));
    if let Some(at) = text.find("MARKER") {
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line = text[start..].lines().next().unwrap_or("");
        panic!("`cosmo-s3 {}` printed a secret: {line}", args.join(" "));
    }
}

#[test]
fn no_command_prints_a_marker_secret() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/secrets");
    let mut checked = 0;
    for file in FILES {
        for format in ["human", "json"] {
            for target in ["next", "current", "legacy"] {
                assert_no_marker(
                    &dir,
                    &["check", "--format", format, "--target", target, file],
                );
                assert_no_marker(
                    &dir,
                    &["resolve", "--format", format, "--target", target, file],
                );
                assert_no_marker(
                    &dir,
                    &["migrate", "--format", format, "--target", target, file],
                );
                assert_no_marker(
                    &dir,
                    &[
                        "migrate",
                        "--unsafe-fixes",
                        "--format",
                        format,
                        "--target",
                        target,
                        file,
                    ],
                );
                checked += 4;
            }
        }
    }
    for format in ["human", "json"] {
        assert_no_marker(
            &dir,
            &[
                "check",
                "--format",
                format,
                "--env-file",
                "leaky.router.env",
                "leaky.router.yaml",
            ],
        );
        for (flag, file) in [
            ("--router", "leaky.router.yaml"),
            ("--controlplane", "leaky.controlplane.env"),
            ("--cdn", "leaky.cdn.env"),
        ] {
            assert_no_marker(
                &dir,
                &["probe", "--dry-run", "--format", format, flag, file],
            );
            assert_no_marker(
                &dir,
                &[
                    "probe",
                    "--dry-run",
                    "--format",
                    format,
                    "--env-file",
                    "leaky.router.env",
                    flag,
                    file,
                ],
            );
            checked += 2;
        }
    }
    // A secret-named variable substituted into a field that is not secret (`bucket:
    // ${MY_SECRET}`) must not come out through messages, resolve or the probe's request.
    for format in ["human", "json"] {
        for command in ["check", "resolve", "migrate"] {
            assert_no_marker(
                &dir,
                &[
                    command,
                    "--format",
                    format,
                    "--env-file",
                    "subst.router.env",
                    "subst.router.yaml",
                ],
            );
        }
        assert_no_marker(
            &dir,
            &[
                "probe",
                "--dry-run",
                "--format",
                format,
                "--env-file",
                "subst.router.env",
                "--router",
                "subst.router.yaml",
            ],
        );
    }
    // Secrets that travel: JSON-escaped and long (wrapped) `--env-file` values, a router env
    // file expanding its own secret, an alias of a secret used as id and bucket, a `$` inside
    // a secret, a URL password cut by `/` that ends up in a bucket or a path.
    for format in ["human", "json"] {
        for command in ["check", "resolve", "migrate"] {
            for args in [
                &["--env-file", "travel.env", "travel.router.yaml"][..],
                &["travel.router.yaml"],
                &["selfexpand.router.env"],
                &["tail.cdn.env"],
            ] {
                let mut all = vec![command, "--format", format];
                all.extend_from_slice(args);
                assert_no_marker(&dir, &all);
                checked += 1;
            }
        }
        for args in [
            &["--env-file", "travel.env", "--router", "travel.router.yaml"][..],
            &["--cdn", "tail.cdn.env"],
            &["--router", "shapes.router.yaml"],
            &["--controlplane", "urls.controlplane.env"],
            &["--cdn", "urls.cdn.env"],
        ] {
            let mut all = vec!["probe", "--dry-run", "--format", format];
            all.extend_from_slice(args);
            assert_no_marker(&dir, &all);
        }
    }
    assert!(checked >= 250, "ran {checked} commands");
}

#[test]
fn markers_are_really_in_the_files() {
    // Guard against the test passing because the fixtures lost their secrets.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/secrets");
    for file in FILES {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        assert!(text.contains("MARKER"), "{file}");
    }
    // And `cat` would show them: the test's detector works.
    let (text, _) = run(&dir, &["explain", "CS207"]);
    assert!(!text.contains("MARKER"));
    let leaked = std::fs::read_to_string(dir.join("leaky.cdn.env")).unwrap();
    assert!(leaked.contains("MARKERCDNSECRET33"));
}
