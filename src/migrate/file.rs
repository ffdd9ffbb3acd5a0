//! One file through `migrate`: passes in memory, then what to show or write.

use super::{DEFAULT_MAX_PASSES, FixSelection, Outcome, Stop, run_passes};
use crate::check::{CheckOptions, analyze, check_source};
use crate::source::SourceFile;
use crate::span::Span;

/// The result of migrating one file in memory (nothing written yet).
#[derive(Debug, Clone)]
pub struct FileMigration {
    pub source: SourceFile,
    pub outcome: Outcome,
    /// Spans to mask in the old and the new text (secrets and access key id tails).
    pub old_masked: Vec<Span>,
    pub new_masked: Vec<Span>,
}

impl FileMigration {
    pub fn changed(&self) -> bool {
        self.outcome.changed() && self.outcome.text != self.source.text
    }

    /// A file `migrate` refuses to edit: it does not parse (CS001).
    pub fn refused(&self) -> bool {
        self.outcome.stop == Stop::SyntaxError
    }
}

/// Run the fix passes on `source` with the same options `check` uses.
pub fn migrate_source(
    source: &SourceFile,
    options: &CheckOptions,
    selection: FixSelection,
) -> FileMigration {
    let outcome = run_passes(&source.text, DEFAULT_MAX_PASSES, selection, |text| {
        let candidate = SourceFile {
            path: source.path.clone(),
            text: text.to_owned(),
            kind: source.kind,
        };
        check_source(&candidate, options).diagnostics
    });
    let masked = |text: &str| {
        let candidate = SourceFile {
            path: source.path.clone(),
            text: text.to_owned(),
            kind: source.kind,
        };
        let analysis = analyze(&candidate, options.env.as_deref(), options.target);
        crate::secrets::masked_spans(&analysis.document, text)
    };
    FileMigration {
        old_masked: masked(&source.text),
        new_masked: masked(&outcome.text),
        source: source.clone(),
        outcome,
    }
}
