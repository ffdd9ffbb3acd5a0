#![allow(clippy::unwrap_used)]
//! `cosmo-s3 probe` as a user runs it: the real binary, a clean environment (no AWS variables,
//! no `~/.aws`, metadata disabled), every router, controlplane and cdn file under `testdata/`.
//!
//! Network: `--dry-run` must send nothing, so the first thing the testdata walk does is prove
//! that against a loopback listener; the only servers are loopback listeners these tests bind.

use serde_json::Value;
use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary HOME with no AWS files; the variables point at paths that do not exist.
struct Clean {
    dir: tempfile::TempDir,
}

impl Clean {
    fn new() -> Self {
        Clean {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cosmo-s3"));
        cmd.args(args)
            .current_dir(root())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", self.path("missing/config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.path("missing/credentials"),
            )
            .env("HOME", self.dir.path());
        cmd
    }
}

#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("no JSON ({e}): {}\n{}", self.stdout, self.stderr))
    }
}

/// Run to completion, killing the child (ours, by its handle) after `limit`.
fn run_bounded(mut cmd: Command, limit: Duration) -> Run {
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        elapsed: start.elapsed(),
    }
}

fn run(clean: &Clean, args: &[&str]) -> Run {
    let run = run_bounded(clean.command(args), Duration::from_secs(60));
    assert!(
        !run.stderr.contains("panicked"),
        "cosmo-s3 {args:?} panicked: {}",
        run.stderr
    );
    assert!(
        matches!(run.code, Some(0..=2)),
        "cosmo-s3 {args:?} ended with {:?}: {}",
        run.code,
        run.stderr
    );
    run
}

/// `scheme://host[:port]/path` split as the `request` object of `resolve` spells it.
fn split_url(url: &str) -> (String, String, Option<u16>, String) {
    let (scheme, rest) = url.split_once("://").unwrap();
    let slash = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(slash);
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !p.contains(']') => (h, Some(p.parse().unwrap())),
        _ => (authority, None),
    };
    (
        scheme.to_string(),
        host.trim_start_matches('[')
            .trim_end_matches(']')
            .to_string(),
        port,
        path.to_string(),
    )
}

fn request_parts(request: &Value) -> (String, String, Option<u16>, String) {
    (
        request["scheme"].as_str().unwrap().to_string(),
        request["host"].as_str().unwrap().to_string(),
        request["port"].as_u64().map(|p| u16::try_from(p).unwrap()),
        request["path"].as_str().unwrap().to_string(),
    )
}

/// A loopback listener that never accepts: connections complete in the kernel backlog and
/// never get an answer. `connections()` counts what arrived (accepting them only then).
struct Silent {
    listener: TcpListener,
}

impl Silent {
    fn bind() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        Silent { listener }
    }

    fn port(&self) -> u16 {
        self.listener.local_addr().unwrap().port()
    }

    fn connections(&self) -> usize {
        let mut n = 0;
        while self.listener.accept().is_ok() {
            n += 1;
        }
        n
    }
}

fn probe_dry(clean: &Clean, flag: &str, file: &Path, extra: &[&str]) -> Run {
    let file = file.to_str().unwrap();
    let mut args = vec!["probe", flag, file, "--dry-run", "--format", "json"];
    args.extend_from_slice(extra);
    run(clean, &args)
}

/// (flag, file, variables, expected credential source)
type DryCase<'a> = (&'a str, &'a Path, &'a [(&'a str, &'a str)], &'a str);

/// Files, env and flags that would make every part of a real probe talk to `port`: the S3
/// endpoint (router, with GetBucketLocation; cdn), STS, the container endpoint and IMDS.
fn assert_dry_run_sends_nothing() {
    let silent = Silent::bind();
    let port = silent.port();
    let clean = Clean::new();
    let keyed = clean.write(
        "keyed.router.yaml",
        &format!(
            "version: \"1\"\nstorage_providers:\n  s3:\n    - id: local\n      endpoint: \"127.0.0.1:{port}\"\n      bucket: probe\n      access_key: \"EXAMPLEACCESSKEY\"\n      secret_key: \"${{S3_SECRET}}\"\n"
        ),
    );
    let keyless = clean.write(
        "keyless.router.yaml",
        &format!(
            "version: \"1\"\nstorage_providers:\n  s3:\n    - id: local\n      endpoint: \"127.0.0.1:{port}\"\n      bucket: probe\n      region: us-east-1\n"
        ),
    );
    let cdn = clean.write(
        "loopback.cdn.env",
        &format!(
            "S3_STORAGE_URL=http://127.0.0.1:{port}/probe\nS3_REGION=us-east-1\nS3_FORCE_PATH_STYLE=true\n"
        ),
    );
    let token = clean.write("token", "a-web-identity-token");
    let token = token.to_str().unwrap();
    let here = format!("http://127.0.0.1:{port}");
    let creds = format!("{here}/creds");

    let web_identity = [
        ("AWS_WEB_IDENTITY_TOKEN_FILE", token),
        ("AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/probe"),
    ];
    let full_uri = [("AWS_CONTAINER_CREDENTIALS_FULL_URI", creds.as_str())];
    let pod = [
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", creds.as_str()),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token),
    ];
    let cases: [DryCase; 6] = [
        (
            "--router",
            &keyed,
            &[("S3_SECRET", "not-a-real-secret")],
            "static",
        ),
        ("--router", &keyless, &web_identity, "web-identity"),
        ("--router", &keyless, &full_uri, "container"),
        ("--router", &keyless, &pod, "pod-identity"),
        ("--cdn", &cdn, &web_identity, "web-identity"),
        ("--cdn", &cdn, &full_uri, "container"),
    ];
    for (flag, file, vars, source) in cases {
        let mut cmd = clean.command(&[
            "probe",
            flag,
            file.to_str().unwrap(),
            "--dry-run",
            "--sts-endpoint",
            &here,
            "--format",
            "json",
        ]);
        cmd.envs(vars.iter().copied());
        let run = run_bounded(cmd, Duration::from_secs(30));
        assert_eq!(run.code, Some(0), "{flag} {source}: {}", run.stderr);
        let probe = &run.json()["probes"][0];
        assert_eq!(probe["credentials"]["source"], source, "{flag}: {probe}");
        assert_eq!(probe["sent"], false);
        assert_eq!(probe["reachable"], Value::Null);
        assert_eq!(
            probe["request"]["url"],
            format!("http://127.0.0.1:{port}/probe/")
        );
    }

    // IMDS pointed at the listener (so the metadata service may be enabled here).
    let mut cmd = clean.command(&[
        "probe",
        "--router",
        keyless.to_str().unwrap(),
        "--dry-run",
        "--format",
        "json",
    ]);
    cmd.env_remove("AWS_EC2_METADATA_DISABLED")
        .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", &here);
    let run = run_bounded(cmd, Duration::from_secs(30));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let probe = &run.json()["probes"][0];
    assert_eq!(probe["credentials"]["source"], "imds");
    assert_eq!(
        probe["credentials"]["asked"],
        serde_json::json!([format!("imds ({here})")])
    );

    assert_eq!(
        silent.connections(),
        0,
        "--dry-run connected to the endpoint"
    );
}

#[test]
fn dry_run_sends_nothing_to_s3_sts_container_or_metadata() {
    assert_dry_run_sends_nothing();
}

/// What the walk probes: (file, kind) with the clients `resolve` computes in the same clean
/// environment. Files whose kind nothing tells (testdata/resolve/node/, read by both Node
/// components in the differential) are probed as controlplane and as cdn.
fn testdata_inputs(clean: &Clean) -> Vec<(PathBuf, String, Vec<Value>)> {
    let walk = run(
        clean,
        &[
            "resolve",
            "--format",
            "json",
            "--env-from-process",
            "testdata",
        ],
    );
    let mut inputs = Vec::new();
    for file in walk.json()["files"].as_array().unwrap() {
        let path = PathBuf::from(file["path"].as_str().unwrap());
        match file["kind"].as_str() {
            Some(kind @ ("router" | "controlplane" | "cdn")) => {
                // A file the component cannot use (YAML that does not parse) has no clients.
                let Some(clients) = file["clients"].as_array().cloned() else {
                    assert!(file["error"]["message"].is_string(), "{}", path.display());
                    continue;
                };
                inputs.push((path, kind.to_string(), clients));
            }
            Some(_) => {} // router-env: probe takes the router YAML, not its env file
            None if path.starts_with("testdata/resolve") => {
                for kind in ["controlplane", "cdn"] {
                    let one = run(
                        clean,
                        &[
                            "resolve",
                            "--format",
                            "json",
                            "--kind",
                            kind,
                            path.to_str().unwrap(),
                        ],
                    );
                    let clients = one.json()["files"][0]["clients"]
                        .as_array()
                        .unwrap()
                        .clone();
                    inputs.push((path.clone(), kind.to_string(), clients));
                }
            }
            None => {} // parser fixtures (source/dotenv, source/godotenv) of no component
        }
    }
    inputs
}

/// The chain `probe` reports for resolve's `credential_source`.
fn chain_for(source: &str) -> &'static str {
    match source {
        "static" => "static",
        "default-chain" => "node-default",
        "iam-chain" => "router-iam",
        "anonymous" => "anonymous",
        other => panic!("unknown credential_source {other}"),
    }
}

#[test]
fn dry_run_on_every_testdata_file_matches_resolve() {
    // Some fixtures name real AWS hosts: never walk them unless dry-run provably sends nothing.
    assert_dry_run_sends_nothing();

    let clean = Clean::new();
    let inputs = testdata_inputs(&clean);
    assert!(
        inputs.len() >= 150,
        "the walk found only {} inputs",
        inputs.len()
    );
    let (mut clients_seen, mut requests_compared) = (0, 0);
    for (path, kind, clients) in &inputs {
        let flag = format!("--{kind}");
        let json_run = probe_dry(&clean, &flag, path, &[]);
        let human = run(
            &clean,
            &["probe", &flag, path.to_str().unwrap(), "--dry-run"],
        );
        let what = format!("{} as {kind}", path.display());

        if clients.is_empty() {
            // Nothing to probe (no S3 provider, or YAML the router refuses): exit 2, and why.
            for r in [&json_run, &human] {
                assert_eq!(r.code, Some(2), "{what}");
                assert!(
                    r.stderr.contains(&path.display().to_string())
                        && (r.stderr.contains("no S3 provider")
                            || r.stderr.contains("does not parse")),
                    "{what}: {}",
                    r.stderr
                );
            }
            continue;
        }

        let report = json_run.json();
        let probes = report["probes"].as_array().unwrap();
        let names: Vec<&str> = probes.iter().map(|p| p["name"].as_str().unwrap()).collect();
        let expected: Vec<&str> = clients
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, expected, "{what}");
        assert_eq!(report["dry_run"], true);

        let any_error = clients.iter().any(|c| !c["error"].is_null());
        let exit = if any_error { 1 } else { 0 };
        assert_eq!(json_run.code, Some(exit), "{what}: {}", json_run.stderr);
        assert_eq!(report["exit_code"], exit, "{what}");
        assert_eq!(human.code, Some(exit), "{what}");
        let verdict = if any_error {
            "not reachable with the credentials found (exit 1)"
        } else {
            "dry run: nothing was sent (exit 0)"
        };
        assert!(
            human.stdout.trim_end().ends_with(verdict),
            "{what}: {}",
            human.stdout
        );

        for (probe, client) in probes.iter().zip(clients) {
            clients_seen += 1;
            let what = format!("{what}, client {}", client["name"]);
            assert_eq!(probe["component"], kind.as_str(), "{what}");
            assert_eq!(probe["sent"], false, "{what}");
            assert!(probe["error"].is_null(), "{what}: {}", probe["error"]);
            assert!(
                human
                    .stdout
                    .contains(&format!("{kind} {}\n", client["name"].as_str().unwrap())),
                "{what}: {}",
                human.stdout
            );
            if !client["error"].is_null() {
                // The component fails before sending: no request, reported as such.
                assert_eq!(probe["result"]["class"], "component-error", "{what}");
                assert!(
                    probe["result"]["message"]
                        .as_str()
                        .unwrap()
                        .starts_with(client["error"]["code"].as_str().unwrap()),
                    "{what}: {}",
                    probe["result"]
                );
                assert!(probe["request"].is_null(), "{what}");
                assert_eq!(probe["reachable"], false, "{what}");
                continue;
            }
            assert_eq!(probe["reachable"], Value::Null, "{what}");
            assert!(probe["result"].is_null(), "{what}");
            assert_eq!(
                probe["credentials"]["chain"],
                chain_for(client["credential_source"].as_str().unwrap()),
                "{what}"
            );
            let url = probe["request"]["url"].as_str().unwrap();
            assert_eq!(
                split_url(url),
                request_parts(&client["request"]),
                "{what}: {url}"
            );
            requests_compared += 1;
            assert_eq!(probe["request"]["method"], "HEAD");
            let addressing = probe["request"]["addressing"].as_str().unwrap();
            assert!(
                human
                    .stdout
                    .contains(&format!("request: HEAD {url} ({addressing} style)")),
                "{what}: {}",
                human.stdout
            );
        }
    }
    assert!(clients_seen >= 180, "only {clients_seen} clients probed");
    assert!(
        requests_compared >= 140,
        "only {requests_compared} requests compared"
    );
}

fn one_probe(clean: &Clean, flag: &str, file: &str) -> Value {
    let run = probe_dry(clean, flag, Path::new(file), &[]);
    assert_eq!(run.code, Some(0), "{file}: {}", run.stderr);
    let report = run.json();
    assert_eq!(report["probes"].as_array().unwrap().len(), 1, "{file}");
    report["probes"][0].clone()
}

#[test]
fn dry_run_requests_of_bug_report_cases() {
    let clean = Clean::new();

    // b06: the cdn's path style defaults to off, so the bucket moves into the host.
    let p = one_probe(&clean, "--cdn", "testdata/cases/b06.cdn.env");
    assert_eq!(p["component"], "cdn");
    assert_eq!(p["bucket"], "cosmo");
    assert_eq!(p["request"]["url"], "http://cosmo.minio:9000/");
    assert_eq!(
        split_url(p["request"]["url"].as_str().unwrap()),
        ("http".into(), "cosmo.minio".into(), Some(9000), "/".into())
    );
    assert_eq!(p["request"]["addressing"], "virtual-host");
    assert_eq!(p["credentials"]["chain"], "static");
    assert_eq!(p["credentials"]["source"], "static");
    // `minio-user` is shorter than 16 characters: not shown at all.
    assert_eq!(p["credentials"]["access_key_id_prefix"], Value::Null);
    assert_eq!(p["request"]["signing_region"], "auto");
    assert_eq!(p["request"]["token_attached"], false);

    // b04: controlplane, path style on, region left at auto against AWS.
    let p = one_probe(
        &clean,
        "--controlplane",
        "testdata/cases/b04.controlplane.env",
    );
    assert_eq!(p["component"], "controlplane");
    assert_eq!(p["name"], "primary");
    assert_eq!(
        p["request"]["url"],
        "https://s3.us-east-1.amazonaws.com/example-bucket/"
    );
    assert_eq!(p["request"]["addressing"], "path");
    assert_eq!(p["request"]["signing_region"], "auto");
    assert_eq!(p["credentials"]["chain"], "static");
    assert_eq!(p["credentials"]["access_key_id_prefix"], "AKIA");

    // b13: cdn on EKS with IRSA, no keys: the default chain would ask STS with the web
    // identity token, and the temporary credentials carry a token.
    let p = one_probe(&clean, "--cdn", "testdata/cases/b13.cdn.env");
    assert_eq!(
        p["request"]["url"],
        "https://example-bucket.s3.us-east-1.amazonaws.com/"
    );
    assert_eq!(p["request"]["addressing"], "virtual-host");
    assert_eq!(p["credentials"]["chain"], "node-default");
    assert_eq!(p["credentials"]["source"], "web-identity");
    assert_eq!(
        p["credentials"]["asked"],
        serde_json::json!(["web-identity (STS AssumeRoleWithWebIdentity)"])
    );
    assert_eq!(p["request"]["token_attached"], true);
    assert!(
        p["request"]["signed_headers"]
            .as_array()
            .unwrap()
            .contains(&Value::from("x-amz-security-token"))
    );

    // b11: router without keys: minio-go's IAM branch is IMDS, which the probe may not ask
    // here; the request goes out anonymous, and the report says the router would still ask.
    let p = one_probe(&clean, "--router", "testdata/cases/b11.router.yaml");
    assert_eq!(p["component"], "router");
    assert_eq!(p["name"], "s3");
    assert_eq!(
        p["request"]["url"],
        "https://example-config-bucket.s3.us-east-1.amazonaws.com/"
    );
    assert_eq!(p["credentials"]["chain"], "router-iam");
    assert_eq!(
        p["credentials"]["asked"],
        serde_json::json!(["imds (http://169.254.169.254)"])
    );
    assert_eq!(p["credentials"]["source"], "anonymous");
    assert_eq!(p["request"]["signed"], false);
    assert!(
        p["notes"].as_array().unwrap().iter().any(|n| n
            .as_str()
            .unwrap()
            .contains("ignores AWS_EC2_METADATA_DISABLED")),
        "{}",
        p["notes"]
    );

    // b10: router with a temporary ASIA key and no token: static, signed, no token attached.
    let p = one_probe(&clean, "--router", "testdata/cases/b10.router.yaml");
    assert_eq!(p["name"], "aws");
    assert_eq!(
        p["request"]["url"],
        "https://example-bucket.s3.us-east-1.amazonaws.com/"
    );
    assert_eq!(p["credentials"]["access_key_id_prefix"], "ASIA");
    assert_eq!(p["request"]["signing_region"], "us-east-1");
    assert_eq!(
        p["request"]["signed_headers"],
        serde_json::json!(["host", "x-amz-content-sha256", "x-amz-date"])
    );

    // b01: a scheme in the router endpoint: minio-go refuses it before sending (exit 1).
    let run = probe_dry(
        &clean,
        "--router",
        Path::new("testdata/cases/b01.router.yaml"),
        &[],
    );
    assert_eq!(run.code, Some(1));
    let p = &run.json()["probes"][0];
    assert_eq!(p["result"]["class"], "component-error");
    assert!(
        p["result"]["message"]
            .as_str()
            .unwrap()
            .starts_with("CS301")
    );
}

#[test]
fn provider_flag_filters_and_an_unknown_id_exits_2() {
    let clean = Clean::new();
    let file = "testdata/rules/CS406/unused.router.yaml";
    let run1 = probe_dry(
        &clean,
        "--router",
        Path::new(file),
        &["--provider", "minio-old"],
    );
    assert_eq!(run1.code, Some(0), "{}", run1.stderr);
    let report = run1.json();
    let names: Vec<&str> = report["probes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["minio-old"]);

    let all = probe_dry(&clean, "--router", Path::new(file), &[]);
    assert_eq!(all.json()["probes"].as_array().unwrap().len(), 2);

    let unknown = probe_dry(&clean, "--router", Path::new(file), &["--provider", "nope"]);
    assert_eq!(unknown.code, Some(2));
    assert!(unknown.stdout.is_empty(), "{}", unknown.stdout);
    assert!(
        unknown.stderr.contains("no S3 provider with id `nope`"),
        "{}",
        unknown.stderr
    );

    // --provider belongs to --router only.
    let misuse = run(
        &clean,
        &[
            "probe",
            "--cdn",
            "testdata/cases/b06.cdn.env",
            "--provider",
            "x",
            "--dry-run",
        ],
    );
    assert_eq!(misuse.code, Some(2));
}

#[test]
fn no_component_named_or_unreadable_file_exits_2() {
    let clean = Clean::new();
    let none = run(&clean, &["probe", "--dry-run"]);
    assert_eq!(none.code, Some(2));
    assert!(none.stderr.contains("--router"), "{}", none.stderr);
    let missing = run(
        &clean,
        &["probe", "--cdn", "testdata/no-such.cdn.env", "--dry-run"],
    );
    assert_eq!(missing.code, Some(2));
    assert!(
        missing.stderr.contains("no-such.cdn.env"),
        "{}",
        missing.stderr
    );

    // A router file with nothing to probe says why, instead of a bare exit 2.
    let no_s3 = run(
        &clean,
        &[
            "probe",
            "--router",
            "testdata/upstream/router/connect.config.yaml",
            "--dry-run",
        ],
    );
    assert_eq!(no_s3.code, Some(2));
    assert!(
        no_s3.stderr.contains("no S3 provider to probe"),
        "{}",
        no_s3.stderr
    );
    let refused = run(
        &clean,
        &[
            "probe",
            "--router",
            "testdata/rules/CS001/unterminated-quote.router.yaml",
            "--dry-run",
        ],
    );
    assert_eq!(refused.code, Some(2));
    assert!(
        refused.stderr.contains("does not parse (CS001)"),
        "{}",
        refused.stderr
    );

    // The router sets none of a refused .env file's variables; probe will not pretend it does.
    let bad_env = run(
        &clean,
        &[
            "probe",
            "--router",
            "testdata/cases/b11.router.yaml",
            "--env-file",
            "testdata/rules/CS001/refused-line.router.env",
            "--dry-run",
        ],
    );
    assert_eq!(bad_env.code, Some(2));
    assert!(
        bad_env.stderr.contains("godotenv refuses this env file"),
        "{}",
        bad_env.stderr
    );
}

/// `--timeout 2` against an endpoint that never answers: a timeout, reported within 2 s + 2 s,
/// also when the router first asks the bucket's location (one deadline for both requests).
#[test]
fn timeout_bounds_a_probe_against_a_silent_server() {
    let silent = Silent::bind();
    let port = silent.port();
    let clean = Clean::new();
    let router = |region: &str| {
        format!(
            "version: \"1\"\nstorage_providers:\n  s3:\n    - id: silent\n      endpoint: \"127.0.0.1:{port}\"\n      bucket: probe\n{region}      access_key: \"EXAMPLEACCESSKEY\"\n      secret_key: \"not-a-real-secret\"\n"
        )
    };
    let with_region = clean.write("region.router.yaml", &router("      region: us-east-1\n"));
    let without_region = clean.write("noregion.router.yaml", &router(""));
    let cdn = clean.write(
        "silent.cdn.env",
        &format!(
            "S3_STORAGE_URL=http://127.0.0.1:{port}/probe\nS3_REGION=us-east-1\nS3_FORCE_PATH_STYLE=true\nS3_ACCESS_KEY_ID=EXAMPLEACCESSKEY\nS3_SECRET_ACCESS_KEY=not-a-real-secret\n"
        ),
    );
    for (flag, file) in [
        ("--router", &with_region),
        ("--router", &without_region),
        ("--cdn", &cdn),
    ] {
        let cmd = clean.command(&[
            "probe",
            flag,
            file.to_str().unwrap(),
            "--timeout",
            "2",
            "--format",
            "json",
        ]);
        let run = run_bounded(cmd, Duration::from_secs(20));
        let what = format!("{flag} {}", file.display());
        assert!(
            run.elapsed < Duration::from_secs(4),
            "{what}: took {:?}",
            run.elapsed
        );
        assert!(
            matches!(run.code, Some(1 | 2)),
            "{what}: {:?} {}",
            run.code,
            run.stderr
        );
        let probe = &run.json()["probes"][0];
        assert_eq!(probe["sent"], true, "{what}");
        assert_eq!(probe["result"]["class"], "timeout", "{what}: {probe}");
        assert_eq!(probe["reachable"], false, "{what}");
        assert!(
            run.elapsed >= Duration::from_millis(1500),
            "{what}: gave up after {:?}",
            run.elapsed
        );
    }
    assert!(silent.connections() >= 3, "the probes never connected");
}
