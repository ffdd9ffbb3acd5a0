//! One pass of fixes over one text: choose, order, refuse overlaps, apply back to front.
//!
//! Edits are byte ranges into the text the diagnostics were computed on. A fix is atomic:
//! all of its edits apply or none do. A fix that touches bytes an earlier accepted fix
//! touches waits for the next pass, when it is recomputed against the new text.

use crate::rules::{Applicability, Diagnostic, Edit, Fix};
use crate::span::Span;

/// Which fixes a run may apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixSelection {
    /// Only fixes that keep behaviour (`--write`).
    #[default]
    Safe,
    /// Safe fixes and the ones that change behaviour to repair a bug (`--unsafe-fixes`).
    SafeAndUnsafe,
}

impl FixSelection {
    pub fn admits(self, applicability: Applicability) -> bool {
        match self {
            FixSelection::Safe => applicability == Applicability::Safe,
            FixSelection::SafeAndUnsafe => true,
        }
    }
}

/// The result of one pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassResult {
    pub text: String,
    /// Indices into the diagnostics given, of the fixes applied, in text order.
    pub applied: Vec<usize>,
    /// Indices of chosen fixes that overlapped an accepted one: retried next pass.
    pub deferred: Vec<usize>,
    /// Indices of chosen fixes that can never apply (an edit out of range, off a character
    /// boundary, or overlapping another edit of the same fix). A rule bug, never applied.
    pub invalid: Vec<usize>,
}

/// Apply every fix `selection` admits among `diagnostics` to `text`, once.
pub fn apply_pass(text: &str, diagnostics: &[Diagnostic], selection: FixSelection) -> PassResult {
    let mut candidates: Vec<(usize, Vec<Edit>)> = Vec::new();
    let mut invalid = Vec::new();
    for (index, diagnostic) in diagnostics.iter().enumerate() {
        let Some(fix) = &diagnostic.fix else { continue };
        if !selection.admits(fix.applicability) {
            continue;
        }
        match sorted_valid_edits(text, fix) {
            Some(edits) => candidates.push((index, edits)),
            None => invalid.push(index),
        }
    }

    // Earlier fixes in the text win a conflict; on a tie the earlier diagnostic wins, so
    // the order is stable from run to run.
    candidates.sort_by_key(|(index, edits)| (edits.first().map(|e| e.span), *index));

    let mut accepted: Vec<Edit> = Vec::new();
    let mut applied = Vec::new();
    let mut deferred = Vec::new();
    for (index, edits) in candidates {
        let clashes = edits
            .iter()
            .any(|edit| accepted.iter().any(|taken| conflict(edit.span, taken.span)));
        if clashes {
            deferred.push(index);
        } else {
            accepted.extend(edits);
            applied.push(index);
        }
    }

    PassResult {
        text: apply_edits(text, accepted),
        applied,
        deferred,
        invalid,
    }
}

/// The fix's edits sorted by position, or `None` when they cannot be applied to `text`.
fn sorted_valid_edits(text: &str, fix: &Fix) -> Option<Vec<Edit>> {
    let mut edits = fix.edits.clone();
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let in_text = |s: Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    if !edits.iter().all(|e| in_text(e.span)) {
        return None;
    }
    if edits.windows(2).any(|w| conflict(w[0].span, w[1].span)) {
        return None;
    }
    Some(edits)
}

/// Whether two edits cannot both apply with one clear meaning.
///
/// Ranges that share bytes conflict. So do two insertions at the same offset (which one
/// comes first is not certain) and an insertion strictly inside a replaced range. An
/// insertion at either end of a replaced range is fine: it lands just before or after it.
fn conflict(a: Span, b: Span) -> bool {
    match (a.is_empty(), b.is_empty()) {
        (false, false) => a.overlaps(b),
        (true, true) => a.start == b.start,
        (true, false) => b.start < a.start && a.start < b.end,
        (false, true) => a.start < b.start && b.start < a.end,
    }
}

/// Apply non-conflicting edits, back to front so earlier offsets stay valid.
fn apply_edits(text: &str, mut edits: Vec<Edit>) -> String {
    // At equal starts an insertion sorts before a replacement; applied back to front,
    // the insertion therefore lands in front of the replaced text.
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = text.to_owned();
    for edit in edits.iter().rev() {
        out.replace_range(edit.span.start..edit.span.end, &edit.content);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Rule, Severity};

    fn diag(edits: Vec<Edit>, applicability: Applicability) -> Diagnostic {
        Diagnostic::new(Rule::EndpointScheme, Severity::Error, Span::new(0, 0), "m").with_fix(Fix {
            applicability,
            title: "t".into(),
            edits,
        })
    }

    #[test]
    fn conflicts() {
        assert!(conflict(Span::new(0, 3), Span::new(2, 5)));
        assert!(!conflict(Span::new(0, 3), Span::new(3, 5)));
        assert!(conflict(Span::empty(4), Span::empty(4)));
        assert!(conflict(Span::empty(4), Span::new(3, 5)));
        assert!(!conflict(Span::empty(3), Span::new(3, 5)));
        assert!(!conflict(Span::new(3, 5), Span::empty(5)));
    }

    #[test]
    fn insertion_before_replacement_at_same_offset() {
        let d = vec![
            diag(
                vec![Edit::replace(Span::new(0, 3), "XYZ")],
                Applicability::Safe,
            ),
            diag(vec![Edit::insert(0, ">")], Applicability::Safe),
        ];
        let r = apply_pass("abcdef", &d, FixSelection::Safe);
        assert_eq!(r.text, ">XYZdef");
        assert_eq!(r.applied, vec![1, 0]);
    }

    #[test]
    fn out_of_range_and_self_overlapping_fixes_are_invalid() {
        let d = vec![
            diag(vec![Edit::delete(Span::new(2, 99))], Applicability::Safe),
            diag(
                vec![
                    Edit::delete(Span::new(0, 2)),
                    Edit::replace(Span::new(1, 3), "q"),
                ],
                Applicability::Safe,
            ),
            diag(vec![Edit::delete(Span::new(1, 2))], Applicability::Safe),
        ];
        let r = apply_pass("é-x", &d, FixSelection::Safe);
        // Span 1..2 cuts 'é' (two bytes) in half: invalid as well.
        assert_eq!(r.invalid, vec![0, 1, 2]);
        assert_eq!(r.text, "é-x");
    }
}
