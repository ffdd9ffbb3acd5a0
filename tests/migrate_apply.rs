#![allow(clippy::unwrap_used)]
//! The pass engine: choosing, ordering, deferring and re-checking fixes.

use cosmo_s3::migrate::{FixSelection, Stop, apply_pass, run_passes};
use cosmo_s3::rules::{Applicability, Diagnostic, Edit, Fix, Rule, Severity};
use cosmo_s3::span::Span;

fn finding(rule: Rule, span: Span, applicability: Applicability, edits: Vec<Edit>) -> Diagnostic {
    Diagnostic::new(rule, Severity::Warning, span, "finding").with_fix(Fix {
        applicability,
        title: format!("fix {}", rule.code()),
        edits,
    })
}

/// Every match of `needle` in `text`, as a span.
fn all(text: &str, needle: &str) -> Vec<Span> {
    text.match_indices(needle)
        .map(|(i, m)| Span::new(i, i + m.len()))
        .collect()
}

/// A toy rule set over plain text: "ab" becomes "AB" (safe); "b" or "B" followed by "c"
/// becomes "BC" (safe). On "abc" both fire on overlapping bytes.
fn toy_check(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in all(text, "ab") {
        out.push(finding(
            Rule::EndpointScheme,
            s,
            Applicability::Safe,
            vec![Edit::replace(s, "AB")],
        ));
    }
    for needle in ["bc", "Bc"] {
        for s in all(text, needle) {
            out.push(finding(
                Rule::EmptyCredentialPlaceholders,
                s,
                Applicability::Safe,
                vec![Edit::replace(s, "BC")],
            ));
        }
    }
    out
}

#[test]
fn overlapping_fix_waits_for_the_next_pass() {
    let first = apply_pass("abc", &toy_check("abc"), FixSelection::Safe);
    assert_eq!(first.text, "ABc");
    assert_eq!(first.applied, vec![0]);
    assert_eq!(first.deferred, vec![1]);

    let outcome = run_passes("abc", 8, FixSelection::Safe, toy_check);
    assert_eq!(outcome.text, "ABC");
    assert_eq!(outcome.stop, Stop::Converged);
    assert_eq!(outcome.passes, 2);
    let applied: Vec<(Rule, usize)> = outcome.applied.iter().map(|a| (a.rule, a.pass)).collect();
    assert_eq!(
        applied,
        vec![
            (Rule::EndpointScheme, 1),
            (Rule::EmptyCredentialPlaceholders, 2)
        ]
    );
    assert_eq!(outcome.applied[1].title, "fix CS501");
    assert!(outcome.remaining.is_empty());
}

#[test]
fn a_fix_applies_all_of_its_edits_or_none() {
    let text = "one two three";
    let both = finding(
        Rule::EndpointScheme,
        Span::new(0, 3),
        Applicability::Safe,
        vec![
            Edit::replace(Span::new(0, 3), "1"),
            Edit::replace(Span::new(8, 13), "3"),
        ],
    );
    // Overlaps the second edit of `both` only; `both` starts earlier, so it wins whole.
    let clash = finding(
        Rule::EndpointPath,
        Span::new(4, 10),
        Applicability::Safe,
        vec![Edit::replace(Span::new(4, 10), "x")],
    );
    let r = apply_pass(text, &[clash, both], FixSelection::Safe);
    assert_eq!(r.text, "1 two 3");
    assert_eq!(r.applied, vec![1]);
    assert_eq!(r.deferred, vec![0]);
}

#[test]
fn unsafe_fixes_need_the_selection() {
    let text = "x = 1\n";
    let check = |t: &str| -> Vec<Diagnostic> {
        all(t, "1")
            .into_iter()
            .map(|s| {
                finding(
                    Rule::MissingSessionToken,
                    s,
                    Applicability::Unsafe,
                    vec![Edit::replace(s, "2")],
                )
            })
            .collect()
    };
    let safe = run_passes(text, 8, FixSelection::Safe, check);
    assert_eq!(safe.text, text);
    assert_eq!(safe.passes, 0);
    assert!(!safe.changed());
    assert_eq!(safe.remaining.len(), 1);
    assert_eq!(safe.remaining[0].rule, Rule::MissingSessionToken);

    let all_fixes = run_passes(text, 8, FixSelection::SafeAndUnsafe, check);
    assert_eq!(all_fixes.text, "x = 2\n");
    assert_eq!(all_fixes.applied.len(), 1);
    assert_eq!(all_fixes.applied[0].applicability, Applicability::Unsafe);
}

#[test]
fn the_pass_bound_stops_a_rule_that_keeps_firing() {
    // A buggy rule: every "x" wants to become "xx", forever.
    let check = |t: &str| -> Vec<Diagnostic> {
        all(t, "x")
            .into_iter()
            .take(1)
            .map(|s| {
                finding(
                    Rule::EndpointScheme,
                    s,
                    Applicability::Safe,
                    vec![Edit::replace(s, "xx")],
                )
            })
            .collect()
    };
    let outcome = run_passes("x", 3, FixSelection::Safe, check);
    assert_eq!(outcome.stop, Stop::PassLimit);
    assert_eq!(outcome.passes, 3);
    assert_eq!(outcome.text, "xxxx");
    assert_eq!(outcome.remaining.len(), 1);
}

#[test]
fn a_file_with_a_syntax_error_is_never_edited() {
    let check = |t: &str| -> Vec<Diagnostic> {
        let mut out = toy_check(t);
        out.push(Diagnostic::new(
            Rule::Syntax,
            Severity::Error,
            Span::new(0, 1),
            "bad",
        ));
        out
    };
    let outcome = run_passes("abc", 8, FixSelection::SafeAndUnsafe, check);
    assert_eq!(outcome.stop, Stop::SyntaxError);
    assert_eq!(outcome.text, "abc");
    assert!(outcome.applied.is_empty());
}

#[test]
fn a_pass_that_breaks_the_syntax_is_undone() {
    let check = |t: &str| -> Vec<Diagnostic> {
        if t.contains('"') && t.matches('"').count() % 2 == 1 {
            return vec![Diagnostic::new(
                Rule::Syntax,
                Severity::Error,
                Span::new(0, 0),
                "unterminated quote",
            )];
        }
        all(t, "value")
            .into_iter()
            .map(|s| {
                finding(
                    Rule::CommentTruncatesValue,
                    s,
                    Applicability::Safe,
                    vec![Edit::insert(s.start, "\"")],
                )
            })
            .collect()
    };
    let outcome = run_passes("k=value\n", 8, FixSelection::Safe, check);
    assert_eq!(
        outcome.stop,
        Stop::FixBrokeSyntax {
            rules: vec![Rule::CommentTruncatesValue]
        }
    );
    assert_eq!(outcome.text, "k=value\n");
    assert!(outcome.applied.is_empty());
}

#[test]
fn invalid_fixes_are_reported_not_applied() {
    let check = |_: &str| -> Vec<Diagnostic> {
        vec![finding(
            Rule::EndpointPath,
            Span::new(0, 1),
            Applicability::Safe,
            vec![Edit::replace(Span::new(5, 50), "x")],
        )]
    };
    let outcome = run_passes("short", 8, FixSelection::Safe, check);
    assert_eq!(outcome.text, "short");
    assert_eq!(outcome.invalid, vec![Rule::EndpointPath]);
    assert_eq!(outcome.stop, Stop::Converged);
}

/// Strip a router endpoint scheme, the way CS301's fix edits: only the scheme's bytes.
fn scheme_check(t: &str) -> Vec<Diagnostic> {
    all(t, "http://")
        .into_iter()
        .map(|s| {
            finding(
                Rule::EndpointScheme,
                s,
                Applicability::Safe,
                vec![Edit::delete(s)],
            )
        })
        .collect()
}

fn fixture(name: &str) -> String {
    let path = format!("{}/testdata/migrate/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Input and expected output differ only inside the edits; everything else, BOM, CRLF,
/// comments and the missing final newline included, comes through byte for byte.
#[test]
fn text_outside_the_edits_is_kept_byte_for_byte() {
    for (input, expected) in [
        ("crlf-bom.yaml", "crlf-bom.expected.yaml"),
        ("no-final-newline.yaml", "no-final-newline.expected.yaml"),
        ("comment-heavy.yaml", "comment-heavy.expected.yaml"),
    ] {
        let text = fixture(input);
        let outcome = run_passes(&text, 8, FixSelection::Safe, scheme_check);
        assert_eq!(outcome.text, fixture(expected), "{input}");
        assert_eq!(outcome.stop, Stop::Converged, "{input}");
        // Idempotent: the output has nothing left to fix.
        let again = run_passes(&outcome.text, 8, FixSelection::Safe, scheme_check);
        assert!(!again.changed(), "{input}");
    }
}

#[test]
fn fixtures_carry_the_variants_they_claim() {
    let crlf = fixture("crlf-bom.yaml");
    assert!(crlf.starts_with('\u{feff}'));
    assert!(crlf.contains("\r\n"));
    assert!(!crlf.replace("\r\n", "").contains('\n'));
    assert!(!fixture("no-final-newline.yaml").ends_with('\n'));
}
