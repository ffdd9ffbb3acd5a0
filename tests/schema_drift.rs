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

/// Every keyword the schemas use, collected by walking them as schemas (the values of
/// `default` and `examples` are data, not schemas).
fn keywords(schema: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    let Some(object) = schema.as_object() else {
        return;
    };
    for (key, value) in object {
        out.insert(key.clone());
        match key.as_str() {
            "properties" => {
                for sub in value.as_object().into_iter().flat_map(|m| m.values()) {
                    keywords(sub, out);
                }
            }
            "items" | "additionalProperties" => keywords(value, out),
            _ => {}
        }
    }
}

/// `schema::build_validator` builds under draft 7 (its meta-schema is much cheaper to
/// compile). That is only sound while every keyword means the same in both drafts.
#[test]
fn schemas_use_only_keywords_that_mean_the_same_in_draft_7() {
    let mut used = std::collections::BTreeSet::new();
    for s in [schema::router(), schema::controlplane(), schema::cdn()] {
        keywords(&s, &mut used);
    }
    let allowed: std::collections::BTreeSet<String> =
        schema::KEYWORDS.iter().map(|k| (*k).to_string()).collect();
    assert_eq!(used, allowed);
}

/// The error set of a validator on an instance: (instance path, schema path).
fn verdict(v: &jsonschema::Validator, instance: &serde_json::Value) -> Vec<(String, String)> {
    let mut errors: Vec<(String, String)> = v
        .iter_errors(instance)
        .map(|e| {
            (
                e.instance_path().as_str().to_string(),
                e.schema_path().as_str().to_string(),
            )
        })
        .collect();
    errors.sort();
    errors
}

/// The draft 7 build and a draft 2020-12 build agree on every test-data file, and on
/// instances made to break each keyword.
#[test]
fn draft_7_build_agrees_with_draft_2020_12() {
    use cosmo_s3::source::{dotenv, yaml};
    use serde_json::json;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut instances: Vec<(&str, serde_json::Value)> = vec![
        (
            "router",
            json!({"storage_providers": {"s3": [{"id": 1, "bucket": ["x"]}]}}),
        ),
        ("router", json!({"storage_providers": {"s3": {"id": "a"}}})),
        (
            "router",
            json!({"storage_providers": {"s3": [{"id": "a", "endpoint": "e", "bucket": "b", "secure": "yes", "extra": 1}]}}),
        ),
        ("router", json!({"storage_providers": []})),
        ("controlplane", json!({"S3_STORAGE_URL": 5})),
        ("cdn", json!({"S3_REGION": null})),
    ];
    let mut stack = vec![root];
    let mut files = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let name = path.to_string_lossy().to_string();
            if name.ends_with(".yaml") || name.ends_with(".yml") {
                if let Some(node) = yaml::parse(&text).root {
                    instances.push(("router", schema::router_instance(&node).0));
                    files += 1;
                }
            } else if name.contains(".env") || name.ends_with("env.example") {
                let env = schema::env_instance(&dotenv::parse(&text));
                instances.push(("controlplane", env.clone()));
                instances.push(("cdn", env));
                files += 1;
            }
        }
    }
    assert!(files > 100, "only {files} test-data files found");
    let pairs: Vec<(&str, jsonschema::Validator, jsonschema::Validator)> = [
        ("router", schema::router()),
        ("controlplane", schema::controlplane()),
        ("cdn", schema::cdn()),
    ]
    .into_iter()
    .map(|(name, s)| {
        let fast = schema::build_validator(&s).unwrap();
        let reference = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&s)
            .unwrap();
        (name, fast, reference)
    })
    .collect();
    let mut errors = 0;
    for (component, instance) in &instances {
        let (_, fast, reference) = pairs.iter().find(|(n, _, _)| n == component).unwrap();
        let expected = verdict(reference, instance);
        errors += expected.len();
        assert_eq!(verdict(fast, instance), expected, "{component}: {instance}");
    }
    // The comparison must have seen errors of several kinds, not only valid files.
    assert!(errors >= 10, "only {errors} schema errors compared");
}
