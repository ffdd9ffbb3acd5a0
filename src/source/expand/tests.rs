use super::*;
use std::path::Path;

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

/// testdata/source/expand: FILE, its `.envfile` (go-expandenv format) and the `.expected`
/// output of Go's os.ExpandEnv (from the go-expandenv oracle).
#[test]
fn fixtures_match_go_expandenv() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/source/expand");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let vars: Vec<(String, String)> = std::fs::read_to_string(path.with_extension("envfile"))
            .unwrap()
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let lookup = |n: &str| vars.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        let expected = std::fs::read_to_string(path.with_extension("expected")).unwrap();
        assert_eq!(expand(&text, &lookup).text, expected, "{}", path.display());
        seen += 1;
    }
    assert!(seen >= 4, "fixtures found: {seen}");
}

#[test]
fn scan_classifies_references() {
    let text = "${A} $B $$ $1 ${@} ${} ${A:-b} ${ X } $ $. ${x\ny} ${";
    let kinds: Vec<(String, RefKind)> = scan(text)
        .into_iter()
        .map(|r| (r.span.slice(text).to_owned(), r.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("${A}".into(), RefKind::Braced("A".into())),
            ("$B".into(), RefKind::Bare("B".into())),
            ("$$".into(), RefKind::Special("$".into())),
            ("$1".into(), RefKind::Special("1".into())),
            ("${@}".into(), RefKind::Special("@".into())),
            ("${}".into(), RefKind::BadBrace(String::new())),
            ("${A:-b}".into(), RefKind::BadBrace("A:-b".into())),
            ("${ X }".into(), RefKind::BadBrace(" X ".into())),
            ("${x\ny}".into(), RefKind::Unclosed),
            ("${".into(), RefKind::Unclosed),
        ]
    );
}

#[test]
fn unclosed_brace_swallows_to_the_next_closing_brace() {
    let text = "a: \"abc${oops\"\nb: \"${KEY}\"\n";
    let out = expand(text, &env(&[("KEY", "v")]));
    assert_eq!(out.text, "a: \"abc\"\n");
    assert_eq!(scan(text)[0].kind, RefKind::Unclosed);
}

#[test]
fn values_are_not_expanded_again() {
    let out = expand("x=${A}", &env(&[("A", "$B"), ("B", "no")]));
    assert_eq!(out.text, "x=$B");
}

#[test]
fn spans_map_back() {
    let text = "k: ${LONG_NAME}-x $U end";
    let out = expand(text, &env(&[("LONG_NAME", "ab")]));
    assert_eq!(out.text, "k: ab-x  end");
    // Literal text maps byte for byte.
    assert_eq!(out.original_span(Span::new(0, 2)), Span::new(0, 2));
    assert_eq!(out.original_span(Span::new(9, 12)).slice(text), "end");
    // A span touching substituted text widens to the whole reference.
    assert_eq!(
        out.original_span(Span::new(3, 5)).slice(text),
        "${LONG_NAME}"
    );
    assert_eq!(
        out.original_span(Span::new(4, 7)).slice(text),
        "${LONG_NAME}-x"
    );
    // An empty substitution: an empty span there maps to the reference.
    assert_eq!(out.original_span(Span::empty(8)).slice(text), "$U");
}

#[test]
fn a_span_ending_where_a_reference_vanished_covers_the_reference() {
    // A block scalar cut short by an unclosed `${`: the swallowed lines belong to the value
    // as written (they are what a mask over a secret must hide).
    let text = "k: |\n  ab${x\n  SECRET\n  }\nn: 1\n";
    let out = expand(text, &env(&[]));
    assert_eq!(out.text, "k: |\n  ab\nn: 1\n");
    let ab_end = out.text.find("ab").unwrap() + 2;
    assert_eq!(
        out.original_span(Span::new(3, ab_end)).slice(text),
        "|\n  ab${x\n  SECRET\n  }"
    );
    // A value followed by a reference to an empty variable takes it in; one set is not
    // adjacent text and stays out, as does a blank before the reference.
    let text = "k: b${E}\nv: b ${E}\n";
    let out = expand(text, &env(&[]));
    assert_eq!(out.text, "k: b\nv: b \n");
    assert_eq!(out.original_span(Span::new(3, 4)).slice(text), "b${E}");
    assert_eq!(out.original_span(Span::new(8, 9)).slice(text), "b");
}
