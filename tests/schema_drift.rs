#![allow(clippy::unwrap_used)]
//! The committed schemas under `schemas/` must be what `cosmo_s3::schema` generates.
//! To regenerate after changing `src/model`: `UPDATE_SCHEMAS=1 cargo test --release --test
//! schema_drift`.

use cosmo_s3::schema;
use std::path::PathBuf;

fn check(name: &str, generated: &serde_json::Value) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(format!("{name}.schema.json"));
    let text = schema::to_pretty(generated);
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        std::fs::write(&path, &text).expect("write schema");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} differs from the generated schema; run `UPDATE_SCHEMAS=1 cargo test --release \
         --test schema_drift` and commit the result",
        path.display()
    );
    // Every committed schema must compile as draft 2020-12.
    assert_eq!(
        generated["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(jsonschema::validator_for(generated).is_ok());
}

#[test]
fn router_schema_is_committed() {
    check("router", &schema::router());
}

#[test]
fn controlplane_schema_is_committed() {
    check("controlplane", &schema::controlplane());
}

#[test]
fn cdn_schema_is_committed() {
    check("cdn", &schema::cdn());
}

#[test]
fn every_s3_field_has_title_description_and_example() {
    let router = schema::router();
    let s3 = &router["properties"]["storage_providers"]["properties"]["s3"]["items"];
    assert_eq!(s3["additionalProperties"], false);
    let fields = s3["properties"].as_object().expect("s3 item properties");
    assert_eq!(fields.len(), 8);
    for (name, field) in fields {
        assert!(field["title"].is_string(), "{name} has no title");
        assert!(
            field["description"].is_string(),
            "{name} has no description"
        );
        assert!(field["examples"].is_array(), "{name} has no examples");
    }
    let required: Vec<&str> = s3["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(required, ["id", "endpoint", "bucket"]);
    // The rest of the router config stays open.
    assert_ne!(router["additionalProperties"], false);
    for env in [schema::controlplane(), schema::cdn()] {
        for (name, field) in env["properties"].as_object().expect("env properties") {
            assert_eq!(field["type"], "string", "{name}");
            assert!(
                field["title"].is_string() && field["examples"].is_array(),
                "{name}"
            );
        }
    }
}
