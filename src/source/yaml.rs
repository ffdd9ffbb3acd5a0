//! Router YAML with byte spans on every key and value.
//!
//! The router reads its config with goccy/go-yaml after `os.ExpandEnv`; we parse with
//! saphyr-parser (a YAML 1.2 event parser) and type scalars as goccy does. Only the first
//! document is read; duplicate keys are reported (the router's goccy v1.17.1 refuses them).

mod build;
mod scalar;

use super::expand::{self, Expansion};
use crate::span::Span;

/// Parse `text` as the router would after expansion, without expanding it.
pub fn parse(text: &str) -> YamlDocument {
    let out = build::build(text);
    YamlDocument {
        root: out.root,
        problems: out.problems,
    }
}

/// `os.ExpandEnv` with `lookup`, then parse, then map every span back to `text`: a node
/// whose text came from a substitution carries the span of its `${...}` reference.
pub fn parse_with_env(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> YamlDocument {
    let expansion = expand::expand(text, lookup);
    let mut doc = parse(&expansion.text);
    if let Some(root) = &mut doc.root {
        remap(root, &expansion);
    }
    for p in &mut doc.problems {
        p.span = expansion.original_span(p.span);
        p.first = p.first.map(|f| expansion.original_span(f));
    }
    doc
}

fn remap(node: &mut YamlNode, expansion: &Expansion) {
    node.span = expansion.original_span(node.span);
    match &mut node.value {
        YamlValue::Scalar { .. } => {}
        YamlValue::Sequence(items) => items.iter_mut().for_each(|n| remap(n, expansion)),
        YamlValue::Mapping(entries) => {
            for e in entries {
                e.key_span = expansion.original_span(e.key_span);
                remap(&mut e.value, expansion);
            }
        }
    }
}

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// A scalar's value as goccy/go-yaml (YAML 1.2 core schema) resolves it.
#[derive(Debug, Clone, PartialEq)]
pub enum ScalarValue {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    String(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum YamlValue {
    Scalar {
        /// The decoded text (escapes processed, folding applied).
        text: String,
        style: ScalarStyle,
        /// The typed value (quoted scalars are always strings).
        value: ScalarValue,
    },
    Mapping(Vec<YamlEntry>),
    Sequence(Vec<YamlNode>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct YamlEntry {
    pub key: String,
    /// The key as written (quotes included).
    pub key_span: Span,
    pub value: YamlNode,
}

#[derive(Debug, Clone, PartialEq)]
pub struct YamlNode {
    pub value: YamlValue,
    /// The value as written in the original text: quotes included, trailing comment excluded.
    /// For a value that came from an `os.ExpandEnv` substitution, the `${...}` reference.
    pub span: Span,
}

/// A YAML syntax or structure problem (CS001 / CS002).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlProblem {
    pub span: Span,
    pub message: String,
    /// For a duplicate key: the span of the first occurrence.
    pub first: Option<Span>,
    /// For a duplicate key: its JSON pointer (`/storage_providers/s3/0/bucket`).
    pub pointer: Option<String>,
    pub kind: YamlProblemKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlProblemKind {
    Syntax,
    DuplicateKey,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct YamlDocument {
    /// The first document of the stream (what the router reads), `None` when empty or unparsable.
    pub root: Option<YamlNode>,
    pub problems: Vec<YamlProblem>,
}

impl YamlNode {
    /// The node as JSON, for schema validation: mappings keep their first key order and
    /// the last value of a repeated key; `.inf`/`.nan` (no JSON form) become their text.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.value {
            YamlValue::Mapping(entries) => {
                let mut map = serde_json::Map::new();
                for e in entries {
                    map.insert(e.key.clone(), e.value.to_json());
                }
                Value::Object(map)
            }
            YamlValue::Sequence(items) => Value::Array(items.iter().map(Self::to_json).collect()),
            YamlValue::Scalar { text, value, .. } => match value {
                ScalarValue::Null => Value::Null,
                ScalarValue::Bool(b) => Value::Bool(*b),
                ScalarValue::Int(i) => i64::try_from(*i)
                    .map(Value::from)
                    .or_else(|_| u64::try_from(*i).map(Value::from))
                    .unwrap_or_else(|_| Value::String(text.clone())),
                ScalarValue::Float(f) => serde_json::Number::from_f64(*f)
                    .map_or_else(|| Value::String(text.clone()), Value::Number),
                ScalarValue::String(s) => Value::String(s.clone()),
            },
        }
    }

    /// The entry for `key` when this node is a mapping.
    pub fn entry(&self, key: &str) -> Option<&YamlEntry> {
        match &self.value {
            YamlValue::Mapping(entries) => entries.iter().rev().find(|e| e.key == key),
            _ => None,
        }
    }

    /// The value for `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&YamlNode> {
        self.entry(key).map(|e| &e.value)
    }

    /// Item `index` when this node is a sequence.
    pub fn item(&self, index: usize) -> Option<&YamlNode> {
        match &self.value {
            YamlValue::Sequence(items) => items.get(index),
            _ => None,
        }
    }

    /// Follow a JSON pointer (`/storage_providers/s3/0/endpoint`; `~0`/`~1` escapes).
    pub fn pointer(&self, pointer: &str) -> Option<&YamlNode> {
        if pointer.is_empty() {
            return Some(self);
        }
        let mut node = self;
        for raw in pointer.strip_prefix('/')?.split('/') {
            let token = raw.replace("~1", "/").replace("~0", "~");
            node = match &node.value {
                YamlValue::Mapping(_) => node.get(&token)?,
                YamlValue::Sequence(_) => node.item(token.parse().ok()?)?,
                YamlValue::Scalar { .. } => return None,
            };
        }
        Some(node)
    }

    /// The scalar's decoded text, for any scalar (typed or not).
    pub fn as_text(&self) -> Option<&str> {
        match &self.value {
            YamlValue::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The entries when this node is a mapping.
    pub fn entries(&self) -> &[YamlEntry] {
        match &self.value {
            YamlValue::Mapping(entries) => entries,
            _ => &[],
        }
    }

    /// The items when this node is a sequence.
    pub fn items(&self) -> &[YamlNode] {
        match &self.value {
            YamlValue::Sequence(items) => items,
            _ => &[],
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(
            &self.value,
            YamlValue::Scalar {
                value: ScalarValue::Null,
                ..
            }
        )
    }
}

#[cfg(test)]
mod tests;
