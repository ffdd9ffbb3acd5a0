//! The three JSON schemas (generated from `model`), and validation that maps each schema error
//! to a rule (CS101-CS104) at the exact key or value.
//!
//! The generated schemas are committed under `schemas/`; `tests/schema_drift.rs` fails when
//! they differ from what this module generates (`UPDATE_SCHEMAS=1 cargo test --release --test
//! schema_drift` rewrites them).

use crate::model::node::{CdnEnv, ControlplaneEnv};
use crate::model::router::RouterConfig;
use crate::model::settings::is_runtime_reference;
use crate::resolve::Component;
use crate::rules::Rule;
use crate::source::yaml::{ScalarStyle, ScalarValue, YamlNode, YamlValue};
use crate::source::{EnvDocument, Kind};
use jsonschema::error::ValidationErrorKind;
use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

fn generate<T: JsonSchema>() -> Value {
    // Inlined (no `$ref`) so a schema error's keyword location is a plain pointer into it.
    let schema = SchemaSettings::draft2020_12()
        .with(|s| s.inline_subschemas = true)
        .into_generator()
        .into_root_schema_for::<T>();
    schema.to_value()
}

/// The router config schema (S3-related sections closed, the rest open).
pub fn router() -> Value {
    generate::<RouterConfig>()
}

/// The controlplane's S3 environment.
pub fn controlplane() -> Value {
    generate::<ControlplaneEnv>()
}

/// The cdn-server's S3 environment.
pub fn cdn() -> Value {
    generate::<CdnEnv>()
}

/// The schema of a component.
pub fn for_component(component: Component) -> Value {
    match component {
        Component::Router => router(),
        Component::Controlplane => controlplane(),
        Component::Cdn => cdn(),
    }
}

/// The keywords the generated schemas use. Each means the same in draft 7 as in draft
/// 2020-12, which lets [`compiled`] build the validator under draft 7 (see there);
/// `tests/schema_drift.rs` fails when a schema uses any other keyword.
pub const KEYWORDS: &[&str] = &[
    "$schema",
    "additionalProperties",
    "default",
    "description",
    "examples",
    "items",
    "properties",
    "required",
    "title",
    "type",
];

/// Build the validator for a committed schema.
///
/// The schemas declare draft 2020-12, but the validator is built under draft 7: compiling
/// a schema first validates it against its meta-schema, and building the 2020-12
/// meta-schema's validator (eight vocabularies, dynamic references) takes about 1.2 ms of a
/// one-file `check` that is meant to finish in under 5 ms; the draft 7 meta-schema costs a
/// third of that. The verdicts cannot differ while every keyword used is in [`KEYWORDS`]
/// (the drift test holds this), and `tests/schema_drift.rs` also compiles each schema under
/// 2020-12 and compares verdicts on the test data.
pub fn build_validator(schema: &Value) -> Option<jsonschema::Validator> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(schema)
        .ok()
}

/// The schema a file of `kind` is validated against (router env files have none: their
/// variables are checked by name, not by a schema).
pub fn component_for(kind: Kind) -> Option<Component> {
    match kind {
        Kind::Router => Some(Component::Router),
        Kind::RouterEnv => None,
        Kind::Controlplane => Some(Component::Controlplane),
        Kind::Cdn => Some(Component::Cdn),
    }
}

/// Compile the validator for files of `kind` now (on a helper thread while the caller
/// parses, in a one-file `check`), so the first validation does not wait for it.
pub fn prepare(kind: Kind) {
    if let Some(component) = component_for(kind) {
        let _ = compiled(component);
    }
}

/// Each component's schema and its compiled validator, built once per process: `check` on
/// a thousand files compiles three schemas, not a thousand.
fn compiled(component: Component) -> Option<&'static (Value, jsonschema::Validator)> {
    use std::sync::OnceLock;
    static CACHE: [OnceLock<Option<(Value, jsonschema::Validator)>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = match component {
        Component::Router => 0,
        Component::Controlplane => 1,
        Component::Cdn => 2,
    };
    CACHE[slot]
        .get_or_init(|| {
            let schema = committed(component);
            let validator = build_validator(&schema)?;
            Some((schema, validator))
        })
        .as_ref()
}

/// The schema as committed under `schemas/` (the drift test keeps it equal to the generated
/// one): parsing it is cheaper than generating it, which matters for a one-file `check`.
fn committed(component: Component) -> Value {
    let text = match component {
        Component::Router => include_str!("../schemas/router.schema.json"),
        Component::Controlplane => include_str!("../schemas/controlplane.schema.json"),
        Component::Cdn => include_str!("../schemas/cdn.schema.json"),
    };
    serde_json::from_str(text).unwrap_or_else(|_| for_component(component))
}

/// A schema as committed: pretty JSON with a trailing newline.
pub fn to_pretty(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

/// One schema error, mapped to a rule. Never holds a value from the instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaViolation {
    /// CS101 unknown field, CS102 wrong type, CS103 missing field, CS104 invalid value.
    pub rule: Rule,
    /// Unknown field: the unknown key's own pointer. Missing field: the parent object's.
    /// Otherwise the offending value's.
    pub pointer: String,
    /// The key concerned (the unknown, missing or mistyped one).
    pub key: Option<String>,
    pub message: String,
    /// Unknown field: the nearest known key, when one is close.
    pub suggestion: Option<String>,
}

/// Validate an instance against a component's schema.
pub fn validate(component: Component, instance: &Value) -> Vec<SchemaViolation> {
    validate_with_references(component, instance, &[])
}

/// Validate, treating the values at `references` as supplied at run time: they are never a
/// type, pattern or enum error (DESIGN.md §6). Pass the pointers [`router_instance`] returns.
pub fn validate_with_references(
    component: Component,
    instance: &Value,
    references: &[String],
) -> Vec<SchemaViolation> {
    let Some((schema, validator)) = compiled(component) else {
        // The schema is generated by this crate; tests/schema_drift.rs compiles each one.
        return Vec::new();
    };
    let mut out = Vec::new();
    for error in validator.iter_errors(instance) {
        let at = error.instance_path().as_str().to_string();
        let keyword_at = error.schema_path().as_str();
        let last_token = at.rsplit('/').next().filter(|_| !at.is_empty());
        let key = last_token.map(unescape);
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let parent = keyword_at
                    .strip_suffix("/additionalProperties")
                    .unwrap_or("");
                let known = known_keys(schema, parent);
                for name in unexpected {
                    out.push(SchemaViolation {
                        rule: Rule::UnknownField,
                        pointer: format!("{at}/{}", escape(name)),
                        key: Some(name.clone()),
                        message: format!("unknown field `{name}`"),
                        suggestion: nearest(name, &known),
                    });
                }
            }
            ValidationErrorKind::FalseSchema => out.push(SchemaViolation {
                rule: Rule::UnknownField,
                pointer: at.clone(),
                message: format!("unknown field `{}`", key.clone().unwrap_or_default()),
                key,
                suggestion: None,
            }),
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default().to_string();
                out.push(SchemaViolation {
                    rule: Rule::MissingField,
                    pointer: at.clone(),
                    message: format!("missing required field `{name}`"),
                    key: Some(name),
                    suggestion: None,
                });
            }
            ValidationErrorKind::Type { .. } => {
                if references.contains(&at) {
                    continue;
                }
                let expected = schema
                    .pointer(keyword_at)
                    .map(type_names)
                    .unwrap_or_default();
                let found = json_type(error.instance());
                out.push(SchemaViolation {
                    rule: Rule::WrongType,
                    pointer: at.clone(),
                    message: format!("expected {expected}, found {found}"),
                    key,
                    suggestion: None,
                });
            }
            other => {
                if references.contains(&at) {
                    continue;
                }
                out.push(SchemaViolation {
                    rule: Rule::InvalidValue,
                    pointer: at.clone(),
                    message: format!("value fails the schema's `{}` check", other.keyword()),
                    key,
                    suggestion: None,
                });
            }
        }
    }
    out
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn known_keys(schema: &Value, object_at: &str) -> Vec<String> {
    schema
        .pointer(&format!("{object_at}/properties"))
        .and_then(Value::as_object)
        .map(|props| props.keys().cloned().collect())
        .unwrap_or_default()
}

fn type_names(types: &Value) -> String {
    match types {
        Value::String(t) => t.clone(),
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "another type".to_string(),
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The known key closest to `name` (case-insensitive edit distance), when it is close enough
/// to be a likely typo.
pub fn nearest(name: &str, known: &[String]) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&lower, &k.to_ascii_lowercase()), k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.clone())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// The JSON instance of a router YAML document, and the pointers of unquoted whole-value
/// `${NAME}`/`$NAME` references (supplied at run time; pass them to
/// [`validate_with_references`]). A quoted reference is not listed: after expansion it is a
/// string, so in a boolean field the router refuses it (CS102).
pub fn router_instance(root: &YamlNode) -> (Value, Vec<String>) {
    let mut references = Vec::new();
    let value = match &root.value {
        // The schema constrains only the S3-related top-level sections and leaves the rest
        // of the router config open: convert those sections, and stand a `null` in for the
        // others (any value is valid there), instead of converting the whole config.
        YamlValue::Mapping(entries) => {
            let closed = router_closed_sections();
            let mut map = Map::new();
            for e in entries {
                let value = if closed.contains(&e.key.as_str()) {
                    yaml_to_json(&e.value, format!("/{}", escape(&e.key)), &mut references)
                } else {
                    Value::Null
                };
                map.insert(e.key.clone(), value);
            }
            Value::Object(map)
        }
        _ => yaml_to_json(root, String::new(), &mut references),
    };
    (value, references)
}

/// The top-level keys the router schema describes (its `properties`).
fn router_closed_sections() -> &'static [&'static str] {
    use std::sync::OnceLock;
    static KEYS: OnceLock<Vec<&'static str>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let schema = committed(Component::Router);
        let names = schema["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect::<Vec<_>>());
        names
            .unwrap_or_default()
            .into_iter()
            .map(|k| &*Box::leak(k.into_boxed_str()))
            .collect()
    })
}

fn yaml_to_json(node: &YamlNode, pointer: String, references: &mut Vec<String>) -> Value {
    match &node.value {
        YamlValue::Scalar { text, style, value } => {
            if *style == ScalarStyle::Plain && is_runtime_reference(text) {
                references.push(pointer);
            }
            match value {
                ScalarValue::Null => Value::Null,
                ScalarValue::Bool(b) => Value::Bool(*b),
                ScalarValue::Int(i) => i64::try_from(*i)
                    .map(Value::from)
                    .or_else(|_| u64::try_from(*i).map(Value::from))
                    .unwrap_or_else(|_| Value::from(*i as f64)),
                ScalarValue::Float(f) => {
                    serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
                }
                ScalarValue::String(s) => Value::String(s.clone()),
            }
        }
        YamlValue::Mapping(entries) => {
            let mut map = Map::new();
            for e in entries {
                let child = format!("{pointer}/{}", escape(&e.key));
                // Last duplicate wins, as in the router's decoder (CS002 reports duplicates).
                map.insert(e.key.clone(), yaml_to_json(&e.value, child, references));
            }
            Value::Object(map)
        }
        YamlValue::Sequence(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, format!("{pointer}/{i}"), references))
                .collect(),
        ),
    }
}

/// The JSON instance of an env file: every variable as a string (last assignment winning).
pub fn env_instance(env: &EnvDocument) -> Value {
    Value::Object(
        env.variables()
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect(),
    )
}
