//! One file through `migrate`: passes in memory, then what to show or write.

use super::{DEFAULT_MAX_PASSES, FixSelection, Outcome, Stop, run_passes};
use crate::check::{CheckOptions, analyze, check_source};
use crate::scrub::Remembered;
use crate::secrets::secret_and_masked_spans;
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
    /// The secret values of the old and the new text, for the scrubber of what is printed.
    pub remembered: [Remembered; 2],
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
    // One pass over each text gives both what a diff masks and what the scrubber learns.
    let secrets = |text: &str| {
        let candidate = SourceFile {
            path: source.path.clone(),
            text: text.to_owned(),
            kind: source.kind,
        };
        let analysis = analyze(&candidate, options.env.as_deref(), options.target);
        let (secret, masked) = secret_and_masked_spans(&analysis.document, text);
        (masked, Remembered::new(&analysis.document, text, &secret))
    };
    let (old_masked, old_remembered) = secrets(&source.text);
    let (new_masked, new_remembered) = secrets(&outcome.text);
    FileMigration {
        old_masked,
        new_masked,
        remembered: [old_remembered, new_remembered],
        source: source.clone(),
        outcome,
    }
}
