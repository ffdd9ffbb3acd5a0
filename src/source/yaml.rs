//! Router YAML with byte spans on every key and value.
//!
//! TODO(sources): parser to be implemented (saphyr-parser events, char->byte mapping).

use crate::span::Span;

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
