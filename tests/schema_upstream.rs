#![allow(clippy::unwrap_used)]
//! Our router schema must accept and refuse `storage_providers` instances exactly as the
//! router's own schema does (testdata/schema/upstream-storage-providers.schema.json), except
//! that `session_token` is new.

use cosmo_s3::schema;
use serde_json::{Value, json};

fn upstream() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/schema/upstream-storage-providers.schema.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json")
}

fn verdicts(instance: &Value) -> (bool, bool) {
    let theirs = jsonschema::validator_for(&upstream()).expect("upstream compiles");
    let ours = jsonschema::validator_for(&schema::router()).expect("ours compiles");
    (theirs.is_valid(instance), ours.is_valid(instance))
}

fn s3(item: &Value) -> Value {
    json!({ "storage_providers": { "s3": [item] } })
}

#[test]
fn same_verdicts_as_the_router_schema() {
    let minimal = json!({"id": "s3", "endpoint": "minio:9000", "bucket": "cosmo"});
    let full = json!({"id": "s3", "endpoint": "minio:9000", "bucket": "cosmo",
        "region": "eu-west-1", "secure": true, "access_key": "a", "secret_key": "b"});
    // (instance, expected verdict of both schemas)
    let cases: Vec<(Value, bool)> = vec![
        (json!({}), true),
        (json!({"storage_providers": {}}), true),
        (s3(&minimal), true),
        (s3(&full), true),
        (s3(&json!({"id": "s3", "endpoint": "minio:9000"})), false),
        (s3(&json!({"endpoint": "minio:9000", "bucket": "b"})), false),
        (s3(&json!({"id": "s3", "bucket": "b"})), false),
        (
            s3(&json!({"id": "s3", "endpoint": "e", "bucket": "b", "secure": "true"})),
            false,
        ),
        (
            s3(&json!({"id": "s3", "endpoint": "e", "bucket": "b", "secure": null})),
            false,
        ),
        (
            s3(&json!({"id": "s3", "endpoint": "e", "bucket": "b", "region": 1})),
            false,
        ),
        (s3(&json!({"id": 7, "endpoint": "e", "bucket": "b"})), false),
        (
            s3(&json!({"id": "s3", "endpoint": "e", "bucket": "b", "usePathStyle": true})),
            false,
        ),
        (
            s3(&json!({"id": "s3", "endpoint": "e", "bucket": "b", "access_key": ""})),
            true,
        ),
        (s3(&json!("not an object")), false),
        (json!({"storage_providers": {"s3": null}}), false),
        (json!({"storage_providers": {"s3": {}}}), false),
        (json!({"storage_providers": {"s4": []}}), false),
        (json!({"storage_providers": []}), false),
        (
            json!({"storage_providers": {"cdn": [{"id": "cdn", "url": "https://cdn"}]}}),
            true,
        ),
        (
            json!({"storage_providers": {"cdn": [{"id": "cdn"}]}}),
            false,
        ),
        (
            json!({"storage_providers": {"cdn": [{"id": "c", "url": "u", "x": 1}]}}),
            false,
        ),
        (
            json!({"storage_providers": {"redis": [{"id": "r", "urls": ["redis://r"]}]}}),
            true,
        ),
        (
            json!({"storage_providers": {"redis": [{"id": "r", "urls": "redis://r"}]}}),
            false,
        ),
        (
            json!({"storage_providers": {"redis": [{"id": "r", "urls": [], "cluster_enabled": "yes"}]}}),
            false,
        ),
        (
            json!({"storage_providers": {"file_system": [{"id": "fs", "path": "./ops"}]}}),
            true,
        ),
        (
            json!({"storage_providers": {"file_system": [{"id": "fs"}]}}),
            false,
        ),
        (
            json!({"storage_providers": {"s3": [minimal.clone(), minimal]}}),
            true,
        ),
        (json!({"unrelated_top_level": {"anything": 1}}), true),
    ];
    for (instance, expected) in &cases {
        assert_eq!(verdicts(instance), (*expected, *expected), "{instance}");
    }
}

#[test]
fn session_token_is_the_one_difference() {
    let item = s3(&json!({"id": "s3", "endpoint": "e", "bucket": "b", "session_token": "t"}));
    assert_eq!(verdicts(&item), (false, true));
    let wrong = s3(&json!({"id": "s3", "endpoint": "e", "bucket": "b", "session_token": 1}));
    assert_eq!(verdicts(&wrong), (false, false));
}
