//! `check`: read every input, run the rules, and collect one [`FileReport`] per file.
//!
//! This module orchestrates; it never prints. The binary renders the [`CheckReport`].

use crate::rules::{Diagnostic, Rule, Severity, Target};
use crate::source::{Document, Kind, SourceFile};
use std::path::PathBuf;

/// What `check` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub target: Target,
    /// Variables for `${NAME}` in router YAML (`--env-file`, then the process with
    /// `--env-from-process`). `None`: references are run-time values of unknown content.
    pub env: Option<Vec<(String, String)>>,
    pub ignore: Vec<Rule>,
}

/// The outcome for one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: PathBuf,
    pub kind: Option<Kind>,
    /// The text as read (for rendering snippets; render masks secrets first).
    pub text: String,
    pub document: Option<Document>,
    /// Byte ranges of secret values in `text`; renderers replace them before showing text.
    pub secret_spans: Vec<crate::span::Span>,
    pub diagnostics: Vec<Diagnostic>,
    /// The file could not be checked at all (unreadable, not UTF-8, unknown kind).
    pub error: Option<String>,
}

impl FileReport {
    pub fn failed(path: PathBuf, kind: Option<Kind>, error: String) -> Self {
        Self {
            path,
            kind,
            text: String::new(),
            document: None,
            secret_spans: Vec::new(),
            diagnostics: Vec::new(),
            error: Some(error),
        }
    }

    pub fn from_source(source: &SourceFile) -> Self {
        Self {
            path: source.path.clone(),
            kind: Some(source.kind),
            text: source.text.clone(),
            document: None,
            secret_spans: Vec::new(),
            diagnostics: Vec::new(),
            error: None,
        }
    }
}

/// Counts over all files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub files: Vec<FileReport>,
    /// Notes for stderr (skipped files while walking folders).
    pub notes: Vec<String>,
}

impl CheckReport {
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            files: self.files.len(),
            ..Summary::default()
        };
        for d in self.files.iter().flat_map(|f| &f.diagnostics) {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }

    /// 2 when a file could not be checked, 1 when findings reach the threshold, else 0.
    pub fn exit_code(&self, deny_warnings: bool) -> i32 {
        if self.files.iter().any(|f| f.error.is_some()) {
            return 2;
        }
        let threshold = if deny_warnings {
            Severity::Warning
        } else {
            Severity::Error
        };
        let failing = self
            .files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .any(|d| d.severity >= threshold);
        i32::from(failing)
    }
}
