#![allow(clippy::unwrap_used)]
//! `schema::validate` maps schema errors to CS101-CS104 at the exact pointer.

use cosmo_s3::resolve::Component;
use cosmo_s3::rules::Rule;
use cosmo_s3::schema::{self, SchemaViolation};
use cosmo_s3::source::yaml::{ScalarStyle, ScalarValue, YamlEntry, YamlNode, YamlValue};
use cosmo_s3::span::Span;
use serde_json::json;

fn codes(v: &[SchemaViolation]) -> Vec<(&'static str, &str, Option<&str>)> {
    v.iter()
        .map(|v| (v.rule.code(), v.pointer.as_str(), v.key.as_deref()))
        .collect()
}

#[test]
fn unknown_field_points_at_the_key_and_suggests() {
    let instance = json!({"storage_providers": {"s3": [
        {"id": "s3", "endpoint": "e", "bucket": "b", "secretkey": "hunter2-secret"}]}});
    let v = schema::validate(Component::Router, &instance);
    assert_eq!(
        codes(&v),
        [(
            "CS101",
            "/storage_providers/s3/0/secretkey",
            Some("secretkey")
        )]
    );
    assert_eq!(v[0].suggestion.as_deref(), Some("secret_key"));
    assert!(!v[0].message.contains("hunter2"));
}

#[test]
fn missing_field_points_at_the_parent() {
    let instance = json!({"storage_providers": {"s3": [{"id": "s3", "endpoint": "e"}]}});
    let v = schema::validate(Component::Router, &instance);
    assert_eq!(
        codes(&v),
        [("CS103", "/storage_providers/s3/0", Some("bucket"))]
    );
    assert_eq!(v[0].rule, Rule::MissingField);
}

#[test]
fn wrong_type_never_shows_the_value() {
    let instance = json!({"storage_providers": {"s3": [
        {"id": "s3", "endpoint": "e", "bucket": "b", "secure": "true", "secret_key": 12345}]}});
    let v = schema::validate(Component::Router, &instance);
    let mut got = codes(&v);
    got.sort();
    assert_eq!(
        got,
        [
            (
                "CS102",
                "/storage_providers/s3/0/secret_key",
                Some("secret_key")
            ),
            ("CS102", "/storage_providers/s3/0/secure", Some("secure")),
        ]
    );
    let secret = v
        .iter()
        .find(|v| v.key.as_deref() == Some("secret_key"))
        .unwrap();
    assert_eq!(secret.message, "expected string, found integer");
    assert!(!secret.message.contains("12345"));
}

#[test]
fn env_schemas_require_the_url_and_type_strings() {
    let v = schema::validate(Component::Cdn, &json!({"S3_REGION": "eu-west-1"}));
    assert_eq!(codes(&v), [("CS103", "", Some("S3_STORAGE_URL"))]);
    let ok = json!({"S3_STORAGE_URL": "http://minio:9000/cosmo", "DB_URL": "postgres://x",
        "S3_FAILOVER_SESSION_TOKEN": "t"});
    assert!(schema::validate(Component::Controlplane, &ok).is_empty());
    assert!(schema::validate(Component::Cdn, &ok).is_empty());
}

fn scalar(text: &str, style: ScalarStyle, value: ScalarValue, at: usize) -> YamlNode {
    YamlNode {
        value: YamlValue::Scalar {
            text: text.to_string(),
            style,
            value,
        },
        span: Span::new(at, at + text.len()),
    }
}

fn mapping(entries: Vec<(&str, YamlNode)>) -> YamlNode {
    YamlNode {
        value: YamlValue::Mapping(
            entries
                .into_iter()
                .map(|(k, v)| YamlEntry {
                    key: k.to_string(),
                    key_span: Span::default(),
                    value: v,
                })
                .collect(),
        ),
        span: Span::default(),
    }
}

fn router_doc(secure: YamlNode) -> YamlNode {
    let s = |t: &str| scalar(t, ScalarStyle::Plain, ScalarValue::String(t.to_string()), 0);
    let item = mapping(vec![
        ("id", s("s3")),
        ("endpoint", s("${S3_ENDPOINT}")),
        ("bucket", s("cosmo")),
        ("secure", secure),
    ]);
    mapping(vec![(
        "storage_providers",
        mapping(vec![(
            "s3",
            YamlNode {
                value: YamlValue::Sequence(vec![item]),
                span: Span::default(),
            },
        )]),
    )])
}

#[test]
fn plain_references_are_runtime_values_but_quoted_ones_are_strings() {
    let plain = router_doc(scalar(
        "${SECURE}",
        ScalarStyle::Plain,
        ScalarValue::String("${SECURE}".into()),
        40,
    ));
    let (instance, refs) = schema::router_instance(&plain);
    assert_eq!(
        refs,
        [
            "/storage_providers/s3/0/endpoint",
            "/storage_providers/s3/0/secure"
        ]
    );
    assert_eq!(instance["storage_providers"]["s3"][0]["bucket"], "cosmo");
    assert!(schema::validate_with_references(Component::Router, &instance, &refs).is_empty());
    assert_eq!(schema::validate(Component::Router, &instance).len(), 1);

    let quoted = router_doc(scalar(
        "${SECURE}",
        ScalarStyle::DoubleQuoted,
        ScalarValue::String("${SECURE}".into()),
        40,
    ));
    let (instance, refs) = schema::router_instance(&quoted);
    let v = schema::validate_with_references(Component::Router, &instance, &refs);
    assert_eq!(
        codes(&v),
        [("CS102", "/storage_providers/s3/0/secure", Some("secure"))]
    );

    let boolean = router_doc(scalar(
        "true",
        ScalarStyle::Plain,
        ScalarValue::Bool(true),
        40,
    ));
    let (instance, refs) = schema::router_instance(&boolean);
    assert!(schema::validate_with_references(Component::Router, &instance, &refs).is_empty());
}
