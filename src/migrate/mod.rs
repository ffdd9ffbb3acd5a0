//! `migrate`: legacy settings to the new shape, as byte-range edits on the original text.
//!
//! - [`apply`]: one pass of fixes (choose, order, refuse overlaps, apply back to front);
//! - [`run_passes`]: re-check in memory after each pass until nothing changes;
//! - [`diff`]: the unified diff shown to the user, secrets masked;
//! - [`write`]: the atomic, faithful write back to disk.

pub mod apply;
pub mod diff;
pub mod file;
pub mod write;

pub use apply::{FixSelection, PassResult, apply_pass};

use crate::rules::{Applicability, Diagnostic, Rule};
use crate::span::Span;

/// Passes `migrate` runs at most. Every fix removes its own cause, so one pass plus one for
/// each deferred overlap is enough in practice; the bound only stops a rule bug from looping.
pub const DEFAULT_MAX_PASSES: usize = 8;

/// A fix that was applied, for the summary and the JSON list. Never holds a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedFix {
    pub rule: Rule,
    pub title: String,
    pub applicability: Applicability,
    /// 1-based pass in which it applied.
    pub pass: usize,
    /// The finding's span in the text of that pass (the original text for pass 1).
    pub span: Span,
}

/// Why the passes stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// A check found nothing more to apply.
    Converged,
    /// `max_passes` passes ran and chosen fixes still remain (a rule keeps re-firing).
    PassLimit,
    /// The input has a syntax problem (CS001): a file that does not parse is never edited.
    SyntaxError,
    /// A pass produced text that no longer parses; that pass was undone. A rule bug.
    FixBrokeSyntax { rules: Vec<Rule> },
}

/// What `run_passes` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The final text (the input unchanged when nothing applied).
    pub text: String,
    pub applied: Vec<AppliedFix>,
    /// The findings of the last check of `text`: what remains for a human (or for
    /// `--unsafe-fixes`).
    pub remaining: Vec<Diagnostic>,
    /// Fixes that could never apply (bad spans): a rule bug, reported by rule.
    pub invalid: Vec<Rule>,
    pub passes: usize,
    pub stop: Stop,
}

impl Outcome {
    pub fn changed(&self) -> bool {
        !self.applied.is_empty()
    }
}

fn is_syntax(d: &Diagnostic) -> bool {
    d.rule == Rule::Syntax
}

/// Apply fixes to `text` pass by pass, re-checking in memory with `check` after each,
/// until no chosen fix remains or `max_passes` passes have run.
pub fn run_passes<F>(
    text: &str,
    max_passes: usize,
    selection: FixSelection,
    mut check: F,
) -> Outcome
where
    F: FnMut(&str) -> Vec<Diagnostic>,
{
    let mut current = text.to_owned();
    let mut diagnostics = check(&current);
    let mut applied = Vec::new();
    let mut invalid = Vec::new();
    let mut passes = 0;

    if diagnostics.iter().any(is_syntax) {
        return Outcome {
            text: current,
            applied,
            remaining: diagnostics,
            invalid,
            passes,
            stop: Stop::SyntaxError,
        };
    }

    let stop = loop {
        let pending = diagnostics.iter().any(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| selection.admits(f.applicability))
        });
        if !pending {
            break Stop::Converged;
        }
        if passes == max_passes {
            break Stop::PassLimit;
        }

        let result = apply_pass(&current, &diagnostics, selection);
        passes += 1;
        for &i in &result.invalid {
            if !invalid.contains(&diagnostics[i].rule) {
                invalid.push(diagnostics[i].rule);
            }
        }
        // Only invalid fixes were left, or the applied edits rewrote text to itself:
        // another pass would see the same findings.
        if result.applied.is_empty() || result.text == current {
            break Stop::Converged;
        }

        let next = check(&result.text);
        if next.iter().any(is_syntax) {
            let rules = result
                .applied
                .iter()
                .map(|&i| diagnostics[i].rule)
                .collect();
            break Stop::FixBrokeSyntax { rules };
        }
        for &i in &result.applied {
            let d = &diagnostics[i];
            if let Some(fix) = &d.fix {
                applied.push(AppliedFix {
                    rule: d.rule,
                    title: fix.title.clone(),
                    applicability: fix.applicability,
                    pass: passes,
                    span: d.span,
                });
            }
        }
        current = result.text;
        diagnostics = next;
    };

    Outcome {
        text: current,
        applied,
        remaining: diagnostics,
        invalid,
        passes,
        stop,
    }
}
