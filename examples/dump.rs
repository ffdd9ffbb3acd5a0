//! Print what cosmo-s3's parsers make of a file, in the JSON shape of the oracles under
//! shared/oracles (used by scripts/differential):
//!
//!     cargo run --release --example dump -- dotenv|godotenv|yaml FILE
//!     cargo run --release --example dump -- expand FILE ENVFILE
//!
//! This prints values, secrets included: it is a development tool for test inputs only.

use cosmo_s3::source::yaml::{ScalarValue, YamlNode, YamlProblemKind, YamlValue};
use cosmo_s3::source::{dotenv, expand, godotenv, yaml};
use serde_json::{Map, Value, json};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, file) = match args.as_slice() {
        [mode, file] | [mode, file, _] => (mode.as_str(), file),
        _ => return usage(),
    };
    let text = match cosmo_s3::source::read::read_source(std::path::Path::new(file)) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            return ExitCode::from(2);
        }
    };
    let out = match mode {
        "dotenv" => env_json(&dotenv::parse(&text).variables()).to_string(),
        "godotenv" => match godotenv::error_text(&text) {
            Some(e) => json!({ "error": e }).to_string(),
            None => env_json(&godotenv::parse(&text).variables()).to_string(),
        },
        "yaml" => yaml_json(&text).to_string(),
        "expand" => {
            let Some(env_file) = args.get(2) else {
                return usage();
            };
            let Ok(env) = std::fs::read_to_string(env_file) else {
                return ExitCode::from(2);
            };
            let vars = oracle_env(&env);
            let lookup = |name: &str| {
                vars.iter()
                    .rev()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
            };
            let expanded = expand::expand(&text, &lookup).text;
            let _ = std::io::stdout().write_all(expanded.as_bytes());
            return ExitCode::SUCCESS;
        }
        _ => return usage(),
    };
    let _ = writeln!(std::io::stdout(), "{out}");
    ExitCode::SUCCESS
}

fn usage() -> ExitCode {
    let _ = writeln!(
        std::io::stderr(),
        "usage: dump dotenv|godotenv|yaml FILE | dump expand FILE ENVFILE"
    );
    ExitCode::from(2)
}

fn env_json(vars: &[(String, String)]) -> Value {
    Value::Object(
        vars.iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
}

/// The go-expandenv oracle's ENVFILE: `KEY=VALUE` lines split at the first `=`, one
/// trailing `\r` dropped, blank and `#` lines skipped.
fn oracle_env(text: &str) -> Vec<(String, String)> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn yaml_json(text: &str) -> Value {
    let doc = yaml::parse(text);
    let syntax = doc
        .problems
        .iter()
        .find(|p| p.kind == YamlProblemKind::Syntax);
    let duplicates: Vec<Value> = doc
        .problems
        .iter()
        .filter(|p| p.kind == YamlProblemKind::DuplicateKey)
        .map(|p| Value::String(p.message.clone()))
        .collect();
    match (syntax, &doc.root) {
        (Some(p), _) => json!({ "error": p.message }),
        (None, root) => json!({
            "value": root.as_ref().map_or(Value::Null, goccy_value),
            "duplicates": duplicates,
        }),
    }
}

/// The goccy-yaml oracle's value shape: floats tagged when not finite, keys as strings.
fn goccy_value(node: &YamlNode) -> Value {
    match &node.value {
        YamlValue::Mapping(entries) => {
            let mut map = Map::new();
            for e in entries {
                let key = match e.value_key_scalar() {
                    Some(k) => k,
                    None => e.key.clone(),
                };
                map.insert(key, goccy_value(&e.value));
            }
            Value::Object(map)
        }
        YamlValue::Sequence(items) => Value::Array(items.iter().map(goccy_value).collect()),
        YamlValue::Scalar { value, .. } => match value {
            ScalarValue::Float(f) if f.is_nan() => json!({ "$float": "NaN" }),
            ScalarValue::Float(f) if f.is_infinite() => {
                json!({ "$float": if *f > 0.0 { "+Inf" } else { "-Inf" } })
            }
            _ => node.to_json(),
        },
    }
}

trait KeyText {
    fn value_key_scalar(&self) -> Option<String>;
}

impl KeyText for cosmo_s3::source::yaml::YamlEntry {
    /// goccy turns a null key into `"null"`.
    fn value_key_scalar(&self) -> Option<String> {
        matches!(self.key.as_str(), "~" | "null" | "Null" | "NULL").then(|| "null".to_owned())
    }
}
