use super::*;
use std::collections::BTreeMap;
use std::path::Path;

fn fixture_dir(kind: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/source")
        .join(kind)
}

/// Every `*.env` under testdata/source/dotenv against the `.json` beside it (npm dotenv
/// 16.6.1 output, from the dotenv-parse oracle).
#[test]
fn fixtures_match_npm_dotenv() {
    let mut seen = 0;
    for entry in std::fs::read_dir(fixture_dir("dotenv")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "env") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let expected: BTreeMap<String, String> =
            serde_json::from_str(&std::fs::read_to_string(path.with_extension("json")).unwrap())
                .unwrap();
        let got: BTreeMap<String, String> = parse(&text).variables().into_iter().collect();
        assert_eq!(got, expected, "{}", path.display());
        seen += 1;
    }
    assert!(seen >= 4, "fixtures found: {seen}");
}

#[test]
fn tricky_values() {
    let doc = parse("A=x#c\nB=\"a\\nb\"\nC='a\\nb'\nexport D = padded \nE=#c\n");
    assert_eq!(doc.value("A"), Some("x"));
    assert_eq!(doc.value("B"), Some("a\nb"));
    assert_eq!(doc.value("C"), Some("a\\nb"));
    assert_eq!(doc.value("D"), Some("padded"));
    assert_eq!(doc.value("E"), Some(""));
    assert!(doc.problems.is_empty());
}

#[test]
fn spans_point_at_the_text_as_written() {
    let text = "\u{feff}A=1\r\nexport KEY = \"q # x\" # note\r\nEMPTY=\nM='one\ntwo'\n";
    let doc = parse(text);
    let key = doc.get("KEY").unwrap();
    assert_eq!(key.key_span.slice(text), "KEY");
    assert_eq!(key.value_span.slice(text), "\"q # x\"");
    assert_eq!(key.value, "q # x");
    assert_eq!(key.quote, Quote::Double);
    assert_eq!(key.line_span.slice(text), "export KEY = \"q # x\" # note");
    let a = doc.get("A").unwrap();
    assert_eq!(a.key_span, Span::new(3, 4));
    assert_eq!(a.value_span.slice(text), "1");
    let empty = doc.get("EMPTY").unwrap();
    assert!(empty.value_span.is_empty());
    assert_eq!(
        &text[empty.value_span.start - 1..empty.value_span.start],
        "="
    );
    let m = doc.get("M").unwrap();
    assert_eq!(m.value, "one\ntwo");
    assert_eq!(m.line_span.slice(text), "M='one\ntwo'");
}

#[test]
fn skipped_lines_become_problems() {
    let text = "A=1\nnot an assignment\n  # comment\n\nÉ=x\nexport\nB=2\n";
    let doc = parse(text);
    let lines: Vec<&str> = doc.problems.iter().map(|p| p.span.slice(text)).collect();
    assert_eq!(lines, ["not an assignment", "É=x", "export"]);
    assert_eq!(doc.value("B"), Some("2"));
}

#[test]
fn duplicates_are_kept_last_wins() {
    let doc = parse("DUP=first\nDUP=second\n");
    assert_eq!(doc.entries.len(), 2);
    assert_eq!(doc.value("DUP"), Some("second"));
    assert_eq!(doc.variables(), [("DUP".to_owned(), "second".to_owned())]);
}

#[test]
fn value_may_come_from_the_next_line() {
    // dotenv's `\s*?` after `=` may take a line break when a quoted value follows.
    let doc = parse("NEXT=\n'v'\n");
    assert_eq!(doc.value("NEXT"), Some("v"));
    assert!(doc.problems.is_empty());
}

proptest::proptest! {
    #[test]
    fn never_panics_and_spans_are_in_bounds(text in "[A-Za-z_ =:'\"`#\\\\$\\n\\r\t.é\u{2028}-]{0,60}") {
        let doc = parse(&text);
        for e in &doc.entries {
            proptest::prop_assert!(text.get(e.key_span.start..e.key_span.end).is_some());
            proptest::prop_assert!(text.get(e.value_span.start..e.value_span.end).is_some());
            proptest::prop_assert!(text.get(e.line_span.start..e.line_span.end).is_some());
        }
    }
}
