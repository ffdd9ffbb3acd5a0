//! Reading files: kinds, and the span-carrying documents the rest of the crate works on.
//!
//! A [`Document`] holds the parsed view of one file; every key and value keeps its
//! [`Span`](crate::span::Span) into the original text, so rules can point at the exact bytes
//! and `migrate` can edit them.

pub mod dotenv;
pub mod env;
pub mod expand;
pub mod godotenv;
pub mod kind;
pub mod read;
pub mod walk;
pub mod yaml;

pub use env::{EnvDocument, EnvEntry, EnvProblem, Quote};
pub use kind::Kind;
pub use yaml::{YamlDocument, YamlNode, YamlValue};

use std::path::PathBuf;

/// One input file as read from disk (or standard input), before parsing.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (or `-` for standard input).
    pub path: PathBuf,
    /// The whole text, exactly as read (a UTF-8 BOM and CRLF line ends included).
    pub text: String,
    pub kind: Kind,
}

/// The parsed view of one file.
#[derive(Debug, Clone)]
pub enum Document {
    /// Router config YAML (`storage_providers`, `execution_config`, ...).
    Yaml(YamlDocument),
    /// An env file: npm dotenv rules for controlplane/cdn, godotenv rules for router-env.
    Env(EnvDocument),
}
