//! Tests for the credential rules, and a small builder of [`Context`]s from text that the
//! migration tests share.

use super::{is_aws_host, is_loopback_host, url_userinfo_problem, userinfo_breaks_url};
use crate::rules::{Context, Diagnostic, Fix, Rule, Settings, Severity, Target};
use crate::source::{Document, Kind, godotenv};
use crate::span::Span;

mod node;
mod router;

use router::run;

/// One file parsed, settled and resolved as `check` does, owning what a [`Context`] borrows.
pub(crate) struct Fixture {
    pub text: String,
    kind: Kind,
    target: Target,
    env: Option<Vec<(String, String)>>,
    document: Document,
    settings: Settings,
}

impl Fixture {
    pub fn new(text: &str, kind: Kind, target: Target) -> Self {
        Self::build(text, kind, target, None)
    }

    /// Router YAML with `--env-file` variables.
    pub fn with_env(text: &str, kind: Kind, target: Target, env: &[(&str, &str)]) -> Self {
        let vars = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Self::build(text, kind, target, Some(vars))
    }

    fn build(text: &str, kind: Kind, target: Target, env: Option<Vec<(String, String)>>) -> Self {
        // Exactly the parse, settings and resolution `check` uses.
        let source = crate::source::SourceFile {
            path: "fixture".into(),
            text: text.to_string(),
            kind,
        };
        let analysis = crate::check::analyze(&source, env.as_deref(), target);
        Self {
            text: text.to_string(),
            kind,
            target,
            env,
            document: analysis.document,
            settings: analysis.settings,
        }
    }

    pub fn ctx(&self) -> Context<'_> {
        Context {
            text: &self.text,
            kind: self.kind,
            target: self.target,
            env: self.env.as_deref(),
            document: &self.document,
            settings: &self.settings,
        }
    }

    pub fn credentials(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        super::check(&self.ctx(), &mut out);
        out
    }

    pub fn migration(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        crate::rules::migration::check(&self.ctx(), &mut out);
        out
    }

    /// 1-based line of a span's start.
    pub fn line(&self, span: Span) -> usize {
        self.text[..span.start].matches('\n').count() + 1
    }

    /// The text with the fix's edits applied, back to front.
    pub fn apply(&self, fix: &Fix) -> String {
        let mut edits = fix.edits.clone();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut text = self.text.clone();
        for e in edits {
            text.replace_range(e.span.start..e.span.end, &e.content);
        }
        text
    }
}

/// The one finding of `rule`; fails listing what was found otherwise.
#[track_caller]
pub(crate) fn find(out: &[Diagnostic], rule: Rule) -> &Diagnostic {
    let hits: Vec<&Diagnostic> = out.iter().filter(|d| d.rule == rule).collect();
    let codes: Vec<&str> = out.iter().map(|d| d.rule.code()).collect();
    assert_eq!(hits.len(), 1, "expected one {rule}, found {codes:?}");
    hits[0]
}

#[track_caller]
pub(crate) fn none(out: &[Diagnostic], rule: Rule) {
    let codes: Vec<&str> = out.iter().map(|d| d.rule.code()).collect();
    assert!(
        !codes.contains(&rule.code()),
        "unexpected {rule} in {codes:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Helpers

#[test]
fn aws_hosts_by_the_rules_definition() {
    for host in [
        "s3.amazonaws.com",
        "s3.us-east-1.amazonaws.com",
        "s3-us-west-2.amazonaws.com",
        "s3.dualstack.eu-west-1.amazonaws.com",
        "s3-fips.us-gov-west-1.amazonaws.com",
        "s3-accelerate.amazonaws.com",
        "s3.cn-north-1.amazonaws.com.cn",
        "bucket.vpce-1a2b3c4d-5e6f.s3.us-east-1.vpce.amazonaws.com",
        "example-bucket.s3.us-east-1.amazonaws.com",
        "s3.us-east-1.amazonaws.com:443",
        "S3.Amazonaws.com",
    ] {
        assert!(is_aws_host(host), "{host}");
    }
    for host in [
        "minio",
        "acc.r2.cloudflarestorage.com",
        "storage.googleapis.com",
        "sts.amazonaws.com",
        "s3.example.com",
        "amazonaws.com",
        "s3.amazonaws.com.evil.example",
    ] {
        assert!(!is_aws_host(host), "{host}");
    }
}

#[test]
fn loopback_as_written() {
    for host in ["localhost", "127.0.0.1", "127.8.9.10", "[::1]", "::1"] {
        assert!(is_loopback_host(host), "{host}");
    }
    for host in ["minio", "10.0.0.1", "localhost.example", "0.0.0.0"] {
        assert!(!is_loopback_host(host), "{host}");
    }
}

#[test]
fn userinfo_problems_as_written() {
    let b09 = "https://AKIAEXAMPLE000000000:EXAMPLE/SECRET+KEY0000000000000000000000@s3.us-east-1.amazonaws.com/example-bucket";
    let p = url_userinfo_problem(b09).unwrap();
    assert_eq!(
        &b09[p.start..p.end],
        "AKIAEXAMPLE000000000:EXAMPLE/SECRET+KEY0000000000000000000000"
    );
    assert_eq!((p.part, p.ends_authority), ("password", true));
    assert!(userinfo_breaks_url(b09));

    // Parses (host `u`, port 1234) but names another host.
    let p = url_userinfo_problem("http://u:1234/x@h/b").unwrap();
    assert!(p.ends_authority);
    assert!(!userinfo_breaks_url("http://u:1234/x@h/b"));

    let p = url_userinfo_problem("http://user:a=b@h/b").unwrap();
    assert_eq!(
        (p.encoded, p.percent, p.ends_authority),
        (true, false, false)
    );
    let p = url_userinfo_problem("http://user:a%2Bb@h/b").unwrap();
    assert_eq!((p.encoded, p.percent), (false, true));
    let p = url_userinfo_problem("http://us er:ab@h/b").unwrap();
    assert_eq!(p.part, "username");
    let p = url_userinfo_problem("http://us:ér@h/b").unwrap();
    assert!(p.encoded);
    // A second `:` belongs to the password, and WHATWG encodes it.
    assert!(url_userinfo_problem("http://u:p:q@h/b").unwrap().encoded);

    for ok in [
        "http://minio-user:EXAMPLE-SECRET.0_1~2+3!4*5@minio:9000/cosmo",
        "http://u:a$&'(),b@h/b",
        "http://minio:9000/cosmo",
        "https://h/b?endpoint=http://u:p%20@x",
        "http://minio-user@minio:9000/cosmo",
        // Node's URL drops tabs and line breaks first: this password is `passw`.
        "http://u:pa\nss\tw\r@h/b",
    ] {
        assert_eq!(url_userinfo_problem(ok), None, "{ok}");
    }
}

// ---------------------------------------------------------------------------------------
// The rule fixtures under testdata/rules (their expect.json), for the codes of this family
// and of `migration`

fn is_ours(code: &str) -> bool {
    code.starts_with("CS2") || code.starts_with("CS50")
}

fn kind_of(path: &str) -> Kind {
    if path.ends_with(".router.yaml") {
        Kind::Router
    } else if path.ends_with(".router.env") {
        Kind::RouterEnv
    } else if path.ends_with(".cdn.env") {
        Kind::Cdn
    } else {
        Kind::Controlplane
    }
}

#[test]
fn rule_fixtures_expectations() {
    use serde_json::Value;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules");
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    let cases: Value = serde_json::from_str(&read("expect.json")).unwrap();
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    let mut judged = 0;
    for case in cases.as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let args = strings(&case["args"]);
        let mut target = Target::Next;
        let mut env: Option<Vec<(String, String)>> = None;
        for pair in args.chunks(2) {
            match pair[0].as_str() {
                "--target" => {
                    target = match pair[1].as_str() {
                        "current" => Target::Current,
                        "legacy" => Target::Legacy,
                        _ => Target::Next,
                    }
                }
                "--env-file" => {
                    env.get_or_insert_with(Vec::new)
                        .extend(godotenv::parse(&read(&pair[1])).variables());
                }
                _ => {}
            }
        }
        let must = strings(&case["must"]);
        let mut touched = false;
        for file in strings(&case["files"]) {
            let f = Fixture::build(&read(&file), kind_of(&file), target, env.clone());
            let mut out = f.credentials();
            out.extend(f.migration());
            let found: Vec<&str> = out.iter().map(|d| d.rule.code()).collect();
            for code in must.iter().filter(|c| is_ours(c)) {
                assert!(
                    found.contains(&code.as_str()),
                    "{name}: {code} missing in {found:?}"
                );
                touched = true;
            }
            for code in strings(&case["must_not"]).iter().filter(|c| is_ours(c)) {
                assert!(
                    !found.contains(&code.as_str()),
                    "{name}: {code} in {found:?}"
                );
                touched = true;
            }
            for d in &out {
                let code = d.rule.code();
                if d.severity == Severity::Error {
                    assert!(
                        must.iter().any(|m| m == code),
                        "{name}: unexpected error {code}"
                    );
                }
                if let Some(line) = case["lines"][code].as_u64() {
                    assert_eq!(f.line(d.span) as u64, line, "{name}: line of {code}");
                }
                if let Some(severity) = case["severity"][code].as_str() {
                    assert_eq!(d.severity.as_str(), severity, "{name}: severity of {code}");
                }
            }
        }
        judged += usize::from(touched);
    }
    assert_eq!(judged, 51, "cases that name a credential or migration code");
}

// ---------------------------------------------------------------------------------------
// Cases from real bug reports (copied from the shared cases, expected values written here)

#[test]
fn bug_report_cases() {
    let b04 = "S3_STORAGE_URL=https://AKIAEXAMPLE000000000:EXAMPLESECRETKEY000000000000000000000000@s3.us-east-1.amazonaws.com/example-bucket\nS3_REGION=auto\nS3_FORCE_PATH_STYLE=true\n";
    let out = run(b04, Kind::Controlplane, Target::Next);
    let codes: Vec<&str> = out.iter().map(|d| d.rule.code()).collect();
    assert_eq!(codes, ["CS204"]);
    assert!(out[0].fix.is_some());

    let b06 = "S3_STORAGE_URL=http://minio-user:EXAMPLEPASSWORD@minio:9000/cosmo\nS3_REGION=auto\nS3_ENDPOINT=\nS3_ACCESS_KEY_ID=\nS3_SECRET_ACCESS_KEY=\n";
    let f = Fixture::new(b06, Kind::Cdn, Target::Next);
    let out = f.credentials();
    let codes: Vec<&str> = out.iter().map(|d| d.rule.code()).collect();
    assert_eq!(codes, ["CS204"]);
    assert_eq!(
        f.apply(out[0].fix.as_ref().unwrap()),
        "S3_STORAGE_URL=http://minio:9000/cosmo\nS3_REGION=auto\nS3_ENDPOINT=\nS3_ACCESS_KEY_ID=minio-user\nS3_SECRET_ACCESS_KEY=EXAMPLEPASSWORD\n"
    );

    let b09 = "S3_STORAGE_URL=https://AKIAEXAMPLE000000000:EXAMPLE/SECRET+KEY0000000000000000000000@s3.us-east-1.amazonaws.com/example-bucket\nS3_REGION=us-east-1\nS3_FORCE_PATH_STYLE=true\n";
    let out = run(b09, Kind::Controlplane, Target::Next);
    let codes: Vec<&str> = out.iter().map(|d| d.rule.code()).collect();
    assert_eq!(codes, ["CS206"]);
    assert_eq!(out[0].severity, Severity::Error);

    let b10 = "version: \"1\"\n\nstorage_providers:\n  s3:\n    - id: \"aws\"\n      endpoint: \"s3.us-east-1.amazonaws.com\"\n      bucket: \"example-bucket\"\n      region: \"us-east-1\"\n      access_key: \"ASIAEXAMPLE000000000\"\n      secret_key: \"EXAMPLESECRETKEY000000000000000000000000\"\n      secure: true\n";
    let f = Fixture::new(b10, Kind::Router, Target::Next);
    let out = f.credentials();
    let d = find(&out, Rule::TemporaryKeyWithoutToken);
    assert_eq!((d.severity, f.line(d.span)), (Severity::Error, 9));
    assert_eq!(find(&out, Rule::LiteralSecret).severity, Severity::Warning);
    assert_eq!(out.len(), 2);

    // b11, b14, b15: routers on the IAM chain; b13: cdn on IRSA.
    for endpoint in [
        "s3.amazonaws.com",
        "s3.eu-north-1.amazonaws.com",
        "s3.us-east-1.amazonaws.com",
    ] {
        let text = format!(
            "version: \"1\"\nstorage_providers:\n  s3:\n    - id: \"s3\"\n      endpoint: \"{endpoint}\"\n      bucket: \"example-bucket\"\n      region: \"us-east-1\"\n      secure: true\n"
        );
        assert!(
            run(&text, Kind::Router, Target::Next).is_empty(),
            "{endpoint}"
        );
        assert!(
            Fixture::new(&text, Kind::Router, Target::Next)
                .migration()
                .is_empty()
        );
    }
    let b13 = "S3_STORAGE_URL=https://example-bucket.s3.us-east-1.amazonaws.com\nS3_REGION=us-east-1\nS3_FORCE_PATH_STYLE=false\nS3_ACCESS_KEY_ID=\nS3_SECRET_ACCESS_KEY=\nAWS_ROLE_ARN=arn:aws:iam::111122223333:role/example-cosmo-cdn\nAWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/serviceaccount/token\n";
    assert!(run(b13, Kind::Cdn, Target::Next).is_empty());
    assert!(run(b13, Kind::Cdn, Target::Current).is_empty());
    let out = run(b13, Kind::Cdn, Target::Legacy);
    assert_eq!(
        find(&out, Rule::EmptyCredentialsRejected).span.slice(b13),
        "S3_ACCESS_KEY_ID"
    );
    assert_eq!(out.len(), 1);
}
