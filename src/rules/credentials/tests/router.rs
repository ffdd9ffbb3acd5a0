//! Router (YAML and router-env) credential rules.

use super::{Fixture, find, none};
use crate::rules::{Diagnostic, Rule, Severity, Target};
use crate::source::Kind;

fn router(keys: &str, endpoint: &str, secure: bool) -> String {
    format!(
        "version: \"1\"\nstorage_providers:\n  s3:\n    - id: \"p\"\n      endpoint: \"{endpoint}\"\n      \
         bucket: \"cosmo-config\"\n      region: \"us-east-1\"\n      secure: {secure}\n{keys}"
    )
}

pub(super) fn run(text: &str, kind: Kind, target: Target) -> Vec<Diagnostic> {
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
