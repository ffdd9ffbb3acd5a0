//! Tests for the credential rules, and a small builder of [`Context`]s from text that the
//! migration tests share.

use super::{is_aws_host, is_loopback_host, url_userinfo_problem, userinfo_breaks_url};
use crate::model::settings::{
    RouterSettings, effective_s3_providers, node_settings, router_env_providers, router_settings,
};
use crate::resolve::{self, Component};
use crate::rules::{Context, Diagnostic, Fix, Rule, Settings, Severity, Target};
use crate::source::{Document, Kind, dotenv, godotenv, yaml};
use crate::span::Span;

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
        let router = |config: RouterSettings, providers: Vec<_>| {
            let plain: Vec<_> = providers
                .iter()
                .map(crate::model::settings::S3ProviderSettings::to_provider)
                .collect();
            Settings::Router {
                config,
                resolved: resolve::router::resolve(&plain, target),
                providers,
            }
        };
        let (document, settings) = match kind {
            Kind::Router => {
                let doc = match &env {
                    Some(vars) => yaml::parse_with_env(text, &|name: &str| {
                        vars.iter()
                            .rev()
                            .find(|(k, _)| k == name)
                            .map(|(_, v)| v.clone())
                    }),
                    None => yaml::parse(text),
                };
                let config = doc.root.as_ref().map(router_settings).unwrap_or_default();
                let providers = effective_s3_providers(&config, Vec::new());
                (Document::Yaml(doc), router(config, providers))
            }
            Kind::RouterEnv => {
                let doc = godotenv::parse(text);
                let providers = router_env_providers(&doc);
                (
                    Document::Env(doc),
                    router(RouterSettings::default(), providers),
                )
            }
            Kind::Controlplane | Kind::Cdn => {
                let doc = dotenv::parse(text);
                let settings = node_settings(&doc, kind);
                let component = if kind == Kind::Cdn {
                    Component::Cdn
                } else {
                    Component::Controlplane
                };
                let resolved = resolve::node::resolve(component, &settings.pairs(), target);
                (Document::Env(doc), Settings::Node { settings, resolved })
            }
        };
        Self {
            text: text.to_string(),
            kind,
            target,
            env,
            document,
            settings,
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
    ] {
        assert_eq!(url_userinfo_problem(ok), None, "{ok}");
    }
}

// ---------------------------------------------------------------------------------------
// Router rules

fn router(keys: &str, endpoint: &str, secure: bool) -> String {
    format!(
        "version: \"1\"\nstorage_providers:\n  s3:\n    - id: \"p\"\n      endpoint: \"{endpoint}\"\n      \
         bucket: \"cosmo-config\"\n      region: \"us-east-1\"\n      secure: {secure}\n{keys}"
    )
}

fn run(text: &str, kind: Kind, target: Target) -> Vec<Diagnostic> {
    Fixture::new(text, kind, target).credentials()
}

#[test]
fn cs201_router_half_pair_labels_the_set_key() {
    let text = router(
        "      access_key: \"${S3_ACCESS_KEY}\"\n",
        "minio:9000",
        false,
    );
    let out = run(&text, Kind::Router, Target::Next);
    let d = find(&out, Rule::PartialCredentials);
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.span.slice(&text), "access_key");
    assert_eq!(d.pointer, "/storage_providers/s3/0/access_key");
    assert!(
        d.message.contains("`secret_key` is missing"),
        "{}",
        d.message
    );

    let text = router(
        "      access_key: \"\"\n      secret_key: \"${S3_SECRET_KEY}\"\n",
        "minio:9000",
        false,
    );
    let out = run(&text, Kind::Router, Target::Legacy);
    let d = find(&out, Rule::PartialCredentials);
    assert_eq!(d.span.slice(&text), "secret_key");
    assert_eq!(d.labels[0].span.slice(&text), "access_key");
}

#[test]
fn cs201_not_for_references_pairs_or_env_left_empty() {
    let both = "      access_key: \"${A}\"\n      secret_key: \"${B}\"\n";
    none(
        &run(
            &router(both, "minio:9000", false),
            Kind::Router,
            Target::Next,
        ),
        Rule::PartialCredentials,
    );
    none(
        &run(&router("", "minio:9000", false), Kind::Router, Target::Next),
        Rule::PartialCredentials,
    );
    // With --env-file, the reference left empty is CS004's finding.
    let f = Fixture::with_env(
        &router(both, "minio:9000", false),
        Kind::Router,
        Target::Next,
        &[("A", "minio-user")],
    );
    none(&f.credentials(), Rule::PartialCredentials);
}

#[test]
fn cs202_router_token_without_keys() {
    let text = router(
        "      access_key: \"${A}\"\n      secret_key: \"\"\n      session_token: \"${T}\"\n",
        "minio:9000",
        true,
    );
    let out = run(&text, Kind::Router, Target::Next);
    let d = find(&out, Rule::TokenWithoutKeys);
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.span.slice(&text), "session_token");
    assert_eq!(d.labels[0].span.slice(&text), "secret_key");
    find(&out, Rule::PartialCredentials);
    // Under current the token is CS210's alone.
    let out = run(&text, Kind::Router, Target::Current);
    none(&out, Rule::TokenWithoutKeys);
    find(&out, Rule::SessionTokenUnsupported);
}

#[test]
fn cs203_asia_without_token_by_host() {
    let keys = "      access_key: \"ASIAEXAMPLE000000000\"\n      secret_key: \"${S}\"\n";
    for (endpoint, secure, severity) in [
        ("s3.us-east-1.amazonaws.com", true, Severity::Error),
        ("minio.example.internal:9000", false, Severity::Warning),
        // Refused by minio-go (CS301), still an AWS host for the severity.
        ("https://s3.us-east-1.amazonaws.com", true, Severity::Error),
    ] {
        let text = router(keys, endpoint, secure);
        let out = run(&text, Kind::Router, Target::Next);
        let d = find(&out, Rule::TemporaryKeyWithoutToken);
        assert_eq!(d.severity, severity, "{endpoint}");
        assert_eq!(d.span.slice(&text), "\"ASIAEXAMPLE000000000\"");
        assert!(d.message.contains("`ASIA…`"));
        assert!(!d.message.contains("ASIAEXAMPLE"));
    }
    // With its token: nothing; a reference key: content unknown.
    let with_token = format!("{keys}      session_token: \"${{T}}\"\n");
    let out = run(
        &router(&with_token, "s3.us-east-1.amazonaws.com", true),
        Kind::Router,
        Target::Next,
    );
    none(&out, Rule::TemporaryKeyWithoutToken);
    none(&out, Rule::LongTermKeyWithToken);
    let reference = "      access_key: \"${ASIA_KEY}\"\n      secret_key: \"${S}\"\n";
    none(
        &run(
            &router(reference, "s3.amazonaws.com", true),
            Kind::Router,
            Target::Next,
        ),
        Rule::TemporaryKeyWithoutToken,
    );
    // With --env-file the expanded key is known.
    let f = Fixture::with_env(
        &router(reference, "s3.amazonaws.com", true),
        Kind::Router,
        Target::Next,
        &[("ASIA_KEY", "ASIAEXAMPLE000000000"), ("S", "x")],
    );
    let out = f.credentials();
    assert_eq!(
        find(&out, Rule::TemporaryKeyWithoutToken)
            .span
            .slice(&f.text),
        "\"${ASIA_KEY}\""
    );
}

#[test]
fn cs207_literal_secrets_only() {
    let text = router(
        "      access_key: \"minio-user\"\n      secret_key: EXAMPLESECRET\n      session_token: 'TOKEN'\n",
        "minio:9000",
        true,
    );
    let out = run(&text, Kind::Router, Target::Next);
    let spans: Vec<&str> = out
        .iter()
        .filter(|d| d.rule == Rule::LiteralSecret)
        .map(|d| d.span.slice(&text))
        .collect();
    assert_eq!(spans, ["EXAMPLESECRET", "'TOKEN'"]);
    assert!(out.iter().all(|d| !d.message.contains("EXAMPLESECRET")));
    for keys in [
        "      access_key: \"${A}\"\n      secret_key: \"${S}\"\n",
        "      access_key: \"\"\n      secret_key: \"\"\n",
        "      access_key: $A\n      secret_key: $S\n",
    ] {
        none(
            &run(
                &router(keys, "minio:9000", true),
                Kind::Router,
                Target::Next,
            ),
            Rule::LiteralSecret,
        );
    }
    // Expanded by --env-file: still written as a reference.
    let f = Fixture::with_env(
        &router(
            "      access_key: \"${A}\"\n      secret_key: \"${S}\"\n",
            "minio:9000",
            true,
        ),
        Kind::Router,
        Target::Next,
        &[("A", "a"), ("S", "secret")],
    );
    none(&f.credentials(), Rule::LiteralSecret);
    // router-env values are the env override CS207 recommends.
    let env = "STORAGE_PROVIDER_S3_0_ID=p\nSTORAGE_PROVIDER_S3_0_ENDPOINT=minio:9000\nSTORAGE_PROVIDER_S3_0_BUCKET=cosmo\nSTORAGE_PROVIDER_S3_0_ACCESS_KEY=a\nSTORAGE_PROVIDER_S3_0_SECRET_KEY=s\n";
    none(
        &run(env, Kind::RouterEnv, Target::Next),
        Rule::LiteralSecret,
    );
}

#[test]
fn cs208_router_token_over_http() {
    let keys =
        "      access_key: \"${A}\"\n      secret_key: \"${S}\"\n      session_token: \"${T}\"\n";
    let text = router(keys, "minio.example.internal:9000", false);
    let out = run(&text, Kind::Router, Target::Next);
    let d = find(&out, Rule::TokenOverHttp);
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.span.slice(&text), "session_token");
    assert_eq!(d.labels[0].span.slice(&text), "false");
    for (endpoint, secure) in [
        ("localhost:9000", false),
        ("127.0.0.1:9000", false),
        ("[::1]:9000", false),
        ("minio.example.internal:9000", true),
    ] {
        none(
            &run(&router(keys, endpoint, secure), Kind::Router, Target::Next),
            Rule::TokenOverHttp,
        );
    }
    none(
        &run(&text, Kind::Router, Target::Current),
        Rule::TokenOverHttp,
    );
    // Keys alone are never reported: SigV4 does not send the secret.
    let no_token = router(
        "      access_key: \"${A}\"\n      secret_key: \"${S}\"\n",
        "minio:9000",
        false,
    );
    none(
        &run(&no_token, Kind::Router, Target::Next),
        Rule::TokenOverHttp,
    );
}

#[test]
fn cs210_router_yaml_error_env_warning_or_asia_error() {
    let text = router(
        "      access_key: \"${A}\"\n      secret_key: \"${S}\"\n      session_token: \"\"\n",
        "minio:9000",
        true,
    );
    // The schema refuses the key whatever its value.
    for target in [Target::Current, Target::Legacy] {
        let out = run(&text, Kind::Router, target);
        let d = find(&out, Rule::SessionTokenUnsupported);
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(d.span.slice(&text), "session_token");
    }
    none(
        &run(&text, Kind::Router, Target::Next),
        Rule::SessionTokenUnsupported,
    );

    let env = |key: &str| {
        format!(
            "STORAGE_PROVIDER_S3_0_ID=p\nSTORAGE_PROVIDER_S3_0_ENDPOINT=s3.amazonaws.com\n\
             STORAGE_PROVIDER_S3_0_SECURE=true\nSTORAGE_PROVIDER_S3_0_BUCKET=cosmo\n\
             STORAGE_PROVIDER_S3_0_ACCESS_KEY={key}\nSTORAGE_PROVIDER_S3_0_SECRET_KEY=s\n\
             STORAGE_PROVIDER_S3_0_SESSION_TOKEN=EXAMPLETOKEN\n"
        )
    };
    let text = env("minio-user");
    let out = run(&text, Kind::RouterEnv, Target::Legacy);
    let d = find(&out, Rule::SessionTokenUnsupported);
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.span.slice(&text), "STORAGE_PROVIDER_S3_0_SESSION_TOKEN");
    assert_eq!(d.pointer, "/STORAGE_PROVIDER_S3_0_SESSION_TOKEN");
    let text = env("ASIAEXAMPLE000000000");
    let out = run(&text, Kind::RouterEnv, Target::Current);
    assert_eq!(
        find(&out, Rule::SessionTokenUnsupported).severity,
        Severity::Error
    );
    // One finding per cause: not CS203 as well.
    none(&out, Rule::TemporaryKeyWithoutToken);
    let text = env("AKIAEXAMPLE000000000");
    let out = run(&text, Kind::RouterEnv, Target::Current);
    none(&out, Rule::LongTermKeyWithToken);
    assert_eq!(
        find(&out, Rule::SessionTokenUnsupported).severity,
        Severity::Warning
    );
}

#[test]
fn cs211_env_keys_ignored_by_the_router() {
    let text = router("", "s3.us-east-1.amazonaws.com", true);
    let f = Fixture::with_env(
        &text,
        Kind::Router,
        Target::Next,
        &[("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE000000000")],
    );
    let out = f.credentials();
    let d = find(&out, Rule::EnvCredentialsIgnoredByRouter);
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.span.slice(&text), "\"p\"");
    let f = Fixture::with_env(
        &text,
        Kind::Router,
        Target::Next,
        &[
            ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE000000000"),
            (
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://169.254.170.23/v1/credentials",
            ),
        ],
    );
    let out = f.credentials();
    let d = find(&out, Rule::EnvCredentialsIgnoredByRouter);
    assert_eq!(d.severity, Severity::Info);
    assert!(d.message.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
    // No environment, an empty variable, or static keys: nothing.
    none(
        &run(&text, Kind::Router, Target::Next),
        Rule::EnvCredentialsIgnoredByRouter,
    );
    let f = Fixture::with_env(
        &text,
        Kind::Router,
        Target::Next,
        &[("AWS_ACCESS_KEY_ID", "")],
    );
    none(&f.credentials(), Rule::EnvCredentialsIgnoredByRouter);
    let keyed = router(
        "      access_key: \"${A}\"\n      secret_key: \"${S}\"\n",
        "s3.amazonaws.com",
        true,
    );
    let f = Fixture::with_env(
        &keyed,
        Kind::Router,
        Target::Next,
        &[
            ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE000000000"),
            ("A", "a"),
            ("S", "s"),
        ],
    );
    none(&f.credentials(), Rule::EnvCredentialsIgnoredByRouter);
    // A router-env file is the router's environment itself.
    let env = "STORAGE_PROVIDER_S3_0_ID=p\nSTORAGE_PROVIDER_S3_0_ENDPOINT=s3.amazonaws.com\nSTORAGE_PROVIDER_S3_0_BUCKET=cosmo\nAWS_ACCESS_KEY_ID=AKIAEXAMPLE000000000\n";
    let out = run(env, Kind::RouterEnv, Target::Next);
    let d = find(&out, Rule::EnvCredentialsIgnoredByRouter);
    assert_eq!(d.span.slice(env), "p");
    assert_eq!(d.labels[0].span.slice(env), "AWS_ACCESS_KEY_ID");
}

#[test]
fn cs212_akia_with_token_by_host() {
    let keys = "      access_key: \"AKIAEXAMPLE000000000\"\n      secret_key: \"${S}\"\n      session_token: \"${T}\"\n";
    let text = router(keys, "s3.us-east-1.amazonaws.com", true);
    let out = run(&text, Kind::Router, Target::Next);
    let d = find(&out, Rule::LongTermKeyWithToken);
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.span.slice(&text), "\"AKIAEXAMPLE000000000\"");
    assert_eq!(d.labels[0].span.slice(&text), "session_token");
    let text = router(keys, "minio.example.internal:9000", true);
    assert_eq!(
        find(
            &run(&text, Kind::Router, Target::Next),
            Rule::LongTermKeyWithToken
        )
        .severity,
        Severity::Warning
    );
    // The token reference resolves to empty: no token.
    let f = Fixture::with_env(&text, Kind::Router, Target::Next, &[("S", "s"), ("T", "")]);
    none(&f.credentials(), Rule::LongTermKeyWithToken);
    // Under current: CS210 only.
    let out = run(&text, Kind::Router, Target::Current);
    none(&out, Rule::LongTermKeyWithToken);
    find(&out, Rule::SessionTokenUnsupported);
}

// ---------------------------------------------------------------------------------------
// Node rules

#[test]
fn cs201_node_merged_field_by_field() {
    let text = "S3_STORAGE_URL=http://minio:9000/cosmo\nS3_ACCESS_KEY_ID=minio-user\nS3_SECRET_ACCESS_KEY=\n";
    let out = run(text, Kind::Controlplane, Target::Next);
    let d = find(&out, Rule::PartialCredentials);
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.span.slice(text), "S3_ACCESS_KEY_ID");
    assert_eq!(d.labels[0].span.slice(text), "S3_SECRET_ACCESS_KEY");
    // The URL user with no secret anywhere: the URL is the set half.
    let text = "S3_STORAGE_URL=http://minio-user@minio:9000/cosmo\n";
    let d = find(
        &run(text, Kind::Cdn, Target::Current),
        Rule::PartialCredentials,
    )
    .clone();
    assert_eq!(d.span.slice(text), "http://minio-user@minio:9000/cosmo");
    // URL user + variable secret is a full pair (CS205 mixed, not CS201).
    let text = "S3_STORAGE_URL=http://minio-user@minio:9000/cosmo\nS3_SECRET_ACCESS_KEY=EXAMPLE\n";
    none(
        &run(text, Kind::Cdn, Target::Next),
        Rule::PartialCredentials,
    );
    // Under legacy: CS209, not CS201.
    let text = "S3_STORAGE_URL=http://minio:9000/cosmo\nS3_ACCESS_KEY_ID=minio-user\nS3_SECRET_ACCESS_KEY=\n";
    let out = run(text, Kind::Controlplane, Target::Legacy);
    none(&out, Rule::PartialCredentials);
    assert_eq!(
        find(&out, Rule::EmptyCredentialsRejected).span.slice(text),
        "S3_SECRET_ACCESS_KEY"
    );
}

#[test]
fn cs209_legacy_empty_keys_after_merging() {
    let text = "S3_STORAGE_URL=https://b.s3.us-east-1.amazonaws.com\nS3_ACCESS_KEY_ID=\nS3_SECRET_ACCESS_KEY=\n";
    let out = run(text, Kind::Cdn, Target::Legacy);
    let d = find(&out, Rule::EmptyCredentialsRejected);
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.span.slice(text), "S3_ACCESS_KEY_ID");
    assert_eq!(d.labels[0].span.slice(text), "S3_SECRET_ACCESS_KEY");
    for target in [Target::Current, Target::Next] {
        none(
            &run(text, Kind::Cdn, target),
            Rule::EmptyCredentialsRejected,
        );
    }
    // No variables at all: on the URL variable.
    let text = "S3_STORAGE_URL=http://minio:9000/cosmo\n";
    let d = find(
        &run(text, Kind::Cdn, Target::Legacy),
        Rule::EmptyCredentialsRejected,
    )
    .clone();
    assert_eq!(d.span.slice(text), "S3_STORAGE_URL");
    // Keys in the URL count after merging.
    let text =
        "S3_STORAGE_URL=http://u:p@minio:9000/cosmo\nS3_ACCESS_KEY_ID=\nS3_SECRET_ACCESS_KEY=\n";
    none(
        &run(text, Kind::Controlplane, Target::Legacy),
        Rule::EmptyCredentialsRejected,
    );
    // The failover client is judged on its own variables.
    let text = "S3_STORAGE_URL=http://u:p@minio:9000/cosmo\nS3_FAILOVER_STORAGE_URL=http://minio2:9000/cosmo\nS3_FAILOVER_ACCESS_KEY_ID=x\n";
    let d = find(
        &run(text, Kind::Controlplane, Target::Legacy),
        Rule::EmptyCredentialsRejected,
    )
    .clone();
    assert_eq!(d.span.slice(text), "S3_FAILOVER_STORAGE_URL");
    assert!(d.message.contains("`S3_FAILOVER_SECRET_ACCESS_KEY`"));
}

#[test]
fn cs202_node_token_without_keys() {
    let text = "S3_STORAGE_URL=https://b.s3.us-east-1.amazonaws.com\nS3_REGION=us-east-1\nS3_SESSION_TOKEN=EXAMPLETOKEN\n";
    let out = run(text, Kind::Cdn, Target::Next);
    let d = find(&out, Rule::TokenWithoutKeys);
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.span.slice(text), "S3_SESSION_TOKEN");
    assert!(!d.message.contains("EXAMPLETOKEN"));
    let out = run(text, Kind::Cdn, Target::Legacy);
    none(&out, Rule::TokenWithoutKeys);
    assert_eq!(
        find(&out, Rule::SessionTokenUnsupported).severity,
        Severity::Warning
    );
}

fn keyed(url: &str, key: &str, token: bool) -> String {
    let token = if token {
        "S3_SESSION_TOKEN=EXAMPLETOKEN\n"
    } else {
        ""
    };
    format!(
        "S3_STORAGE_URL={url}\nS3_REGION=us-east-1\nS3_ACCESS_KEY_ID={key}\nS3_SECRET_ACCESS_KEY=EXAMPLESECRET\n{token}"
    )
}

#[test]
fn cs203_and_cs212_node_by_host() {
    let aws = "https://s3.us-east-1.amazonaws.com/cosmo";
    let minio = "https://minio.example.internal:9000/cosmo";
    for (url, severity) in [(aws, Severity::Error), (minio, Severity::Warning)] {
        let text = keyed(url, "ASIAEXAMPLE000000000", false);
        let out = run(&text, Kind::Controlplane, Target::Next);
        let d = find(&out, Rule::TemporaryKeyWithoutToken);
        assert_eq!(d.severity, severity);
        assert_eq!(d.span.slice(&text), "ASIAEXAMPLE000000000");
        let text = keyed(url, "AKIAEXAMPLE000000000", true);
        let out = run(&text, Kind::Cdn, Target::Next);
        let d = find(&out, Rule::LongTermKeyWithToken);
        assert_eq!(d.severity, severity);
        assert_eq!(d.span.slice(&text), "AKIAEXAMPLE000000000");
        assert_eq!(d.labels[0].span.slice(&text), "S3_SESSION_TOKEN");
    }
    // A key from the URL userinfo is the one judged.
    let text = "S3_STORAGE_URL=https://ASIAEXAMPLE000000000:EXAMPLE@s3.us-east-1.amazonaws.com/cosmo\nS3_REGION=us-east-1\n";
    let out = run(text, Kind::Controlplane, Target::Next);
    let d = find(&out, Rule::TemporaryKeyWithoutToken);
    assert_eq!(
        d.span.slice(text),
        "https://ASIAEXAMPLE000000000:EXAMPLE@s3.us-east-1.amazonaws.com/cosmo"
    );
    // ASIA with its token, AKIA without one: nothing.
    let out = run(
        &keyed(aws, "ASIAEXAMPLE000000000", true),
        Kind::Cdn,
        Target::Next,
    );
    none(&out, Rule::TemporaryKeyWithoutToken);
    none(&out, Rule::LongTermKeyWithToken);
    none(
        &run(
            &keyed(aws, "AKIAEXAMPLE000000000", false),
            Kind::Cdn,
            Target::Next,
        ),
        Rule::LongTermKeyWithToken,
    );
}

#[test]
fn cs210_node_token_under_current_and_legacy() {
    let text = keyed(
        "https://minio.example.internal:9000/cosmo",
        "minio-user",
        true,
    );
    let out = run(&text, Kind::Cdn, Target::Legacy);
    let d = find(&out, Rule::SessionTokenUnsupported);
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.span.slice(&text), "S3_SESSION_TOKEN");
    none(
        &run(&text, Kind::Cdn, Target::Next),
        Rule::SessionTokenUnsupported,
    );
    let text = keyed(
        "https://s3.us-east-1.amazonaws.com/cosmo",
        "ASIAEXAMPLE000000000",
        true,
    );
    let out = run(&text, Kind::Controlplane, Target::Current);
    assert_eq!(
        find(&out, Rule::SessionTokenUnsupported).severity,
        Severity::Error
    );
    none(&out, Rule::TemporaryKeyWithoutToken);
    // The controlplane's failover token too.
    let text = "S3_STORAGE_URL=http://minio:9000/cosmo\nS3_FAILOVER_SESSION_TOKEN=T\n";
    let out = run(text, Kind::Controlplane, Target::Current);
    assert_eq!(
        find(&out, Rule::SessionTokenUnsupported).span.slice(text),
        "S3_FAILOVER_SESSION_TOKEN"
    );
}

#[test]
fn cs208_node_token_over_http() {
    let text = keyed(
        "http://minio.example.internal:9000/cosmo",
        "minio-user",
        true,
    );
    let out = run(&text, Kind::Cdn, Target::Next);
    let d = find(&out, Rule::TokenOverHttp);
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.span.slice(&text), "S3_SESSION_TOKEN");
    assert_eq!(
        d.labels[0].span.slice(&text),
        "http://minio.example.internal:9000/cosmo"
    );
    for url in [
        "http://127.0.0.1:9000/cosmo",
        "http://localhost:9000/cosmo",
        "https://minio.example.internal/cosmo",
    ] {
        none(
            &run(&keyed(url, "minio-user", true), Kind::Cdn, Target::Next),
            Rule::TokenOverHttp,
        );
    }
    // The endpoint variable decides where requests go.
    let text = format!(
        "{}S3_ENDPOINT=http://minio.example.internal:9000\n",
        keyed("https://127.0.0.1/cosmo", "minio-user", true)
    );
    let out = run(&text, Kind::Controlplane, Target::Next);
    assert_eq!(
        find(&out, Rule::TokenOverHttp).labels[0].span.slice(&text),
        "http://minio.example.internal:9000"
    );
}

#[test]
fn cs204_credentials_in_url_with_fix() {
    let text = "S3_STORAGE_URL=http://minio-user:EXAMPLE@minio:9000/cosmo\nS3_ACCESS_KEY_ID=\n";
    let f = Fixture::new(text, Kind::Cdn, Target::Next);
    let out = f.credentials();
    let d = find(&out, Rule::CredentialsInUrl);
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(
        d.span.slice(text),
        "http://minio-user:EXAMPLE@minio:9000/cosmo"
    );
    assert!(!d.message.contains("EXAMPLE"));
    let fix = d.fix.clone().unwrap();
    assert_eq!(fix.applicability, crate::rules::Applicability::Safe);
    assert_eq!(
        f.apply(&fix),
        "S3_STORAGE_URL=http://minio:9000/cosmo\nS3_SECRET_ACCESS_KEY=EXAMPLE\nS3_ACCESS_KEY_ID=minio-user\n"
    );
    none(
        &run(
            "S3_STORAGE_URL=http://minio:9000/cosmo\n",
            Kind::Cdn,
            Target::Next,
        ),
        Rule::CredentialsInUrl,
    );
    // The failover URL, with its own variables.
    let text = "S3_STORAGE_URL=http://minio:9000/cosmo\nS3_FAILOVER_STORAGE_URL=http://u:p@minio2:9000/cosmo\n";
    let f = Fixture::new(text, Kind::Controlplane, Target::Next);
    let out = f.credentials();
    let d = find(&out, Rule::CredentialsInUrl);
    assert!(
        f.apply(d.fix.as_ref().unwrap())
            .contains("S3_FAILOVER_ACCESS_KEY_ID=u\n")
    );
}

#[test]
fn cs205_shadowing_field_by_field_and_mixed() {
    let base = "S3_STORAGE_URL=http://minio-user:EXAMPLE0@minio:9000/cosmo\n";
    let text = format!("{base}S3_ACCESS_KEY_ID=other-user\nS3_SECRET_ACCESS_KEY=EXAMPLE0\n");
    let out = run(&text, Kind::Controlplane, Target::Next);
    let found: Vec<(Severity, &str, &str)> = out
        .iter()
        .filter(|d| d.rule == Rule::UrlCredentialsShadowVariables)
        .map(|d| {
            (
                d.severity,
                d.span.slice(&text),
                d.labels[0].span.slice(&text),
            )
        })
        .collect();
    let url = "http://minio-user:EXAMPLE0@minio:9000/cosmo";
    assert_eq!(
        found,
        [
            (Severity::Error, "S3_ACCESS_KEY_ID", url),
            (Severity::Info, "S3_SECRET_ACCESS_KEY", url)
        ]
    );
    let text = "S3_STORAGE_URL=http://minio-user@minio:9000/cosmo\nS3_SECRET_ACCESS_KEY=EXAMPLE0\n";
    let out = run(text, Kind::Cdn, Target::Next);
    let d = find(&out, Rule::UrlCredentialsShadowVariables);
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.span.slice(text), "http://minio-user@minio:9000/cosmo");
    assert_eq!(d.labels[0].span.slice(text), "S3_SECRET_ACCESS_KEY");
    assert!(out.iter().all(|d| !d.message.contains("EXAMPLE0")));
    let text = format!("{base}S3_ACCESS_KEY_ID=\nS3_SECRET_ACCESS_KEY=\n");
    none(
        &run(&text, Kind::Controlplane, Target::Next),
        Rule::UrlCredentialsShadowVariables,
    );
}

#[test]
fn cs206_userinfo_span_and_one_finding() {
    let cases = [
        (
            "http://minio-user:EXAMPLE=SECRET@minio:9000/cosmo",
            "minio-user:EXAMPLE=SECRET",
        ),
        (
            "'http://minio-user:EXAMPLE%2BSECRET@minio:9000/cosmo'",
            "minio-user:EXAMPLE%2BSECRET",
        ),
        // b09: the raw `/` ends the authority; the URL no longer parses.
        (
            "https://AKIAEXAMPLE000000000:EXAMPLE/SECRET+KEY0000000000000000000000@s3.us-east-1.amazonaws.com/example-bucket",
            "AKIAEXAMPLE000000000:EXAMPLE/SECRET+KEY0000000000000000000000",
        ),
    ];
    for (url, userinfo) in cases {
        let text = format!("S3_STORAGE_URL={url}\nS3_REGION=us-east-1\nS3_FORCE_PATH_STYLE=true\n");
        let out = run(&text, Kind::Controlplane, Target::Next);
        let d = find(&out, Rule::UrlUserinfoEncoding);
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(d.span.slice(&text), userinfo);
        assert_eq!(d.pointer, "/S3_STORAGE_URL");
        assert!(!d.message.contains("SECRET"));
    }
    // An unparseable URL stops the component: the keys are not judged (no CS209 under legacy).
    let text = format!("S3_STORAGE_URL={}\n", cases[2].0);
    let out = run(&text, Kind::Controlplane, Target::Legacy);
    let codes: Vec<&str> = out.iter().map(|d| d.rule.code()).collect();
    assert_eq!(codes, ["CS206"]);
    let text = "S3_STORAGE_URL=http://minio-user:EXAMPLE-SECRET.0_1~2+3!4*5@minio:9000/cosmo\n";
    none(
        &run(text, Kind::Controlplane, Target::Next),
        Rule::UrlUserinfoEncoding,
    );
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
    assert_eq!(judged, 49, "cases that name a credential or migration code");
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
