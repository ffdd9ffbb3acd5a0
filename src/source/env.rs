//! The shared shape of a parsed env file (npm dotenv or godotenv rules).

use crate::span::Span;

/// How a value was quoted in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    None,
    Single,
    Double,
    Backtick,
}

/// One `KEY=VALUE` assignment the parser accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvEntry {
    pub key: String,
    /// The key name only (without `export `).
    pub key_span: Span,
    /// The value after unquoting/unescaping (and, for godotenv, `$VAR` expansion).
    pub value: String,
    /// The raw value text as written, quotes included (empty span right after `=` when empty).
    pub value_span: Span,
    pub quote: Quote,
    /// The whole logical line(s) of the assignment, without the line terminator.
    pub line_span: Span,
}

/// A line or region the parser skipped or refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvProblem {
    pub span: Span,
    pub message: String,
}

/// A parsed env file. Entries are in file order; duplicates are kept (last one wins when read).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvDocument {
    pub entries: Vec<EnvEntry>,
    /// npm dotenv: non-blank, non-comment lines it silently skips (CS001 warnings).
    /// godotenv: the error that makes it reject the whole file (at most one, CS001 error).
    pub problems: Vec<EnvProblem>,
}

impl EnvDocument {
    /// The entry that wins for `key` (the last one), if any.
    pub fn get(&self, key: &str) -> Option<&EnvEntry> {
        self.entries.iter().rev().find(|e| e.key == key)
    }

    /// The value that wins for `key`.
    pub fn value(&self, key: &str) -> Option<&str> {
        self.get(key).map(|e| e.value.as_str())
    }

    /// The final variables, last value winning, in first-seen order.
    pub fn variables(&self) -> Vec<(String, String)> {
        self.winning_entries()
            .into_iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect()
    }

    /// For each variable, the entry that wins (the last), in first-seen order. Linear: env
    /// files with tens of thousands of lines exist.
    pub fn winning_entries(&self) -> Vec<&EnvEntry> {
        let mut slot_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let mut out: Vec<&EnvEntry> = Vec::new();
        for e in &self.entries {
            match slot_of.get(e.key.as_str()) {
                Some(&i) => out[i] = e,
                None => {
                    slot_of.insert(&e.key, out.len());
                    out.push(e);
                }
            }
        }
        out
    }
}
