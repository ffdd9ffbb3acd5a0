//! Controlplane and cdn credential rules.

use super::router::run;
use super::{Fixture, find, none};
use crate::rules::{Rule, Severity, Target};
use crate::source::Kind;

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
