//! Test support: a [`Context`] built from text the way `check` builds it.

use crate::rules::{Context, Diagnostic, Settings, Target};
use crate::source::{Document, Kind};

/// An owned file: text, parsed document and settings.
#[derive(Debug)]
pub(crate) struct Fixture {
    pub text: String,
    pub kind: Kind,
    pub env: Option<Vec<(String, String)>>,
    pub document: Document,
    pub settings: Settings,
}

impl Fixture {
    pub fn new(kind: Kind, text: &str) -> Self {
        Self::with_env(kind, text, None)
    }

    /// Router YAML read with `--env-file` variables (expanded before parsing).
    pub fn with_env(kind: Kind, text: &str, env: Option<&[(&str, &str)]>) -> Self {
        let env: Option<Vec<(String, String)>> = env.map(|vars| {
            vars.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        });
        // Exactly the parse, settings and resolution `check` uses.
        let source = crate::source::SourceFile {
            path: "fixture".into(),
            text: text.to_string(),
            kind,
        };
        let analysis = crate::check::analyze(&source, env.as_deref(), Target::Next);
        Self {
            text: text.to_string(),
            kind,
            env,
            document: analysis.document,
            settings: analysis.settings,
        }
    }

    pub fn ctx(&self) -> Context<'_> {
        Context {
            text: &self.text,
            kind: self.kind,
            target: Target::Next,
            env: self.env.as_deref(),
            document: &self.document,
            settings: &self.settings,
        }
    }

    /// `(code, severity, spanned text)` of each finding, in order.
    pub fn summary(&self, diagnostics: &[Diagnostic]) -> Vec<(String, String, String)> {
        diagnostics
            .iter()
            .map(|d| {
                (
                    d.rule.code().to_string(),
                    d.severity.as_str().to_string(),
                    d.span.slice(&self.text).to_string(),
                )
            })
            .collect()
    }

    /// The file with a finding's fix applied (edits back to front).
    pub fn fixed(&self, d: &Diagnostic) -> String {
        let mut text = self.text.clone();
        let mut edits = d.fix.clone().expect("a fix").edits;
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        for e in edits {
            text.replace_range(e.span.start..e.span.end, &e.content);
        }
        text
    }
}
