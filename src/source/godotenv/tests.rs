use super::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Every `*.env` under testdata/source/godotenv against the `.json` beside it (godotenv
/// 1.5.1 output, from the godotenv-parse oracle: a map or `{"error": ...}`).
#[test]
fn fixtures_match_godotenv() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/source/godotenv");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "env") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let expected: BTreeMap<String, String> =
            serde_json::from_str(&std::fs::read_to_string(path.with_extension("json")).unwrap())
                .unwrap();
        let doc = parse(&text);
        match expected.get("error") {
            Some(message) => {
                assert_eq!(
                    error_text(&text).as_ref(),
                    Some(message),
                    "{}",
                    path.display()
                );
                assert!(doc.entries.is_empty());
                assert_eq!(doc.problems.len(), 1, "{}", path.display());
            }
            None => {
                let got: BTreeMap<String, String> = doc.variables().into_iter().collect();
                assert_eq!(got, expected, "{}", path.display());
                assert!(doc.problems.is_empty());
            }
        }
        seen += 1;
    }
    assert!(seen >= 8, "fixtures found: {seen}");
}

#[test]
fn expansion_uses_earlier_keys_only() {
    let doc = parse("LATER=$B\nB=x\nA=${B}/$B/\\$B/'$B'\nS='$B'\n");
    assert_eq!(doc.value("LATER"), Some(""));
    assert_eq!(doc.value("A"), Some("x/x/$B/'x'"));
    assert_eq!(doc.value("S"), Some("$B"));
}

#[test]
fn refused_file_reports_the_offending_line_without_its_text() {
    let text = "A=1\nSECRET=\"s3cr3t\nB=2\n";
    let doc = parse(text);
    assert!(doc.entries.is_empty());
    assert_eq!(doc.problems[0].span.slice(text), "SECRET=\"s3cr3t");
    assert!(!doc.problems[0].message.contains("s3cr3t"));
    assert_eq!(
        error_text(text).as_deref(),
        Some("unterminated quoted value \"s3cr3t")
    );
}

#[test]
fn spans_and_quotes() {
    let text = "export KEY: 'v # x' # c\r\nU = plain # c\r\nE=\n";
    let doc = parse(text);
    let k = doc.get("KEY").unwrap();
    assert_eq!(k.key_span.slice(text), "KEY");
    assert_eq!(k.value_span.slice(text), "'v # x'");
    assert_eq!(k.quote, Quote::Single);
    let u = doc.get("U").unwrap();
    assert_eq!(u.value_span.slice(text), "plain");
    assert_eq!(u.line_span.slice(text), "U = plain # c");
    assert!(doc.get("E").unwrap().value_span.is_empty());
}

#[test]
fn go_quote_matches_strconv() {
    assert_eq!(
        go_quote("a\"b\\\n\u{feff}é\u{1}"),
        "\"a\\\"b\\\\\\n\\ufeffé\\x01\""
    );
}

proptest::proptest! {
    #[test]
    fn never_panics(text in "[A-Za-z_ =:'\"#\\\\$(){}\\n\\r\t.é\u{a0}-]{0,60}") {
        let doc = parse(&text);
        proptest::prop_assert!(doc.problems.len() <= 1);
        for e in &doc.entries {
            proptest::prop_assert!(text.get(e.value_span.start..e.value_span.end).is_some());
        }
    }
}
