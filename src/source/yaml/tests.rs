use super::*;
use serde_json::{Value, json};
use std::path::Path;

fn root(text: &str) -> YamlNode {
    let doc = parse(text);
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    doc.root.unwrap()
}

/// goccy-yaml oracle shape: non-finite floats as `{"$float": ...}`.
fn goccy(node: &YamlNode) -> Value {
    match &node.value {
        YamlValue::Mapping(entries) => Value::Object(
            entries
                .iter()
                .map(|e| (e.key.clone(), goccy(&e.value)))
                .collect(),
        ),
        YamlValue::Sequence(items) => Value::Array(items.iter().map(goccy).collect()),
        YamlValue::Scalar {
            value: ScalarValue::Float(f),
            ..
        } if !f.is_finite() => {
            json!({"$float": if f.is_nan() { "NaN" } else if *f > 0.0 { "+Inf" } else { "-Inf" }})
        }
        _ => node.to_json(),
    }
}

/// testdata/source/yaml: each file against the `.json` beside it: `{"value": V}` from the
/// goccy-yaml oracle, or `{"error": true}` where the router refuses the file (see
/// known-differences.md for the files where goccy 1.9.5 is more lenient).
#[test]
fn fixtures_match_goccy() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/source/yaml");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(path.with_extension("json")).unwrap())
                .unwrap();
        let doc = parse(&text);
        if expected.get("error").is_some() {
            assert!(
                doc.problems
                    .iter()
                    .any(|p| p.kind == YamlProblemKind::Syntax),
                "{}",
                path.display()
            );
            assert!(doc.root.is_none());
        } else {
            assert!(
                doc.problems.is_empty(),
                "{}: {:?}",
                path.display(),
                doc.problems
            );
            assert_eq!(
                goccy(doc.root.as_ref().unwrap()),
                expected["value"],
                "{}",
                path.display()
            );
        }
        seen += 1;
    }
    assert!(seen >= 10, "fixtures found: {seen}");
}

#[test]
fn spans_are_exact() {
    let text = "a: \"x\" # c\n'b c' : 'it''s'   # c\nplain: v  # c\nlit: |\n  one\n  two\n\nflow: {k: \"v\", n: [1, 2]}  # c\nanch: &x !!str 5 # c\né: \"ü\" # c\n";
    let r = root(text);
    let slice = |p: &str| r.pointer(p).unwrap().span.slice(text).to_owned();
    assert_eq!(slice("/a"), "\"x\"");
    assert_eq!(slice("/b c"), "'it''s'");
    assert_eq!(r.entry("b c").unwrap().key_span.slice(text), "'b c'");
    assert_eq!(slice("/plain"), "v");
    assert_eq!(slice("/lit"), "|\n  one\n  two");
    assert_eq!(slice("/flow"), "{k: \"v\", n: [1, 2]}");
    assert_eq!(slice("/flow/k"), "\"v\"");
    assert_eq!(slice("/flow/n/1"), "2");
    assert_eq!(slice("/anch"), "5");
    assert_eq!(r.get("anch").unwrap().to_json(), json!("5"));
    assert_eq!(slice("/é"), "\"ü\"");
    assert_eq!(r.entry("é").unwrap().key_span.slice(text), "é");
    assert_eq!(r.get("lit").unwrap().as_text(), Some("one\ntwo\n"));
}

#[test]
fn block_collection_spans() {
    let text = "s3:\n  - id: a\n    bucket: b # c\n  - id: z\n";
    let r = root(text);
    assert_eq!(
        r.pointer("/s3").unwrap().span.slice(text),
        "- id: a\n    bucket: b # c\n  - id: z"
    );
    assert_eq!(
        r.pointer("/s3/0").unwrap().span.slice(text),
        "id: a\n    bucket: b"
    );
}

#[test]
fn duplicate_keys_at_any_depth() {
    let text = "a: 1\nb:\n  c: 1\n  \"c\": 2\nf: {x: 1, x: 2}\na: 3\n";
    let doc = parse(text);
    let dups: Vec<(&str, &str)> = doc
        .problems
        .iter()
        .map(|p| {
            assert_eq!(p.kind, YamlProblemKind::DuplicateKey);
            (p.span.slice(text), p.first.unwrap().slice(text))
        })
        .collect();
    assert_eq!(dups, [("\"c\"", "c"), ("x", "x"), ("a", "a")]);
    let pointers: Vec<Option<&str>> = doc.problems.iter().map(|p| p.pointer.as_deref()).collect();
    assert_eq!(pointers, [Some("/b/c"), Some("/f/x"), Some("/a")]);
    // Last value wins for reading.
    assert_eq!(doc.root.unwrap().get("a").unwrap().to_json(), json!(3));
    // Inside a list, and a key that needs escaping.
    let doc = parse("s3:\n  - id: a\n  - id: b\n    id: c\nk: {a/b~: 1, a/b~: 2}\n");
    let pointers: Vec<Option<&str>> = doc.problems.iter().map(|p| p.pointer.as_deref()).collect();
    assert_eq!(pointers, [Some("/s3/1/id"), Some("/k/a~1b~0")]);
}

#[test]
fn merges_and_aliases() {
    let text = "base: &b {bucket: cdn, region: eu}\nm:\n  bucket: mine\n  <<: *b\nl:\n  <<: [*b, {extra: 1}]\nalias: *b\n";
    let doc = parse(text);
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    let r = doc.root.unwrap();
    assert_eq!(
        r.get("m").unwrap().to_json(),
        json!({"bucket": "mine", "region": "eu"})
    );
    assert_eq!(
        r.get("l").unwrap().to_json(),
        json!({"bucket": "cdn", "region": "eu", "extra": 1})
    );
    assert_eq!(
        r.get("alias").unwrap().to_json(),
        r.get("base").unwrap().to_json()
    );
    // A merged value keeps the span where it is written.
    assert_eq!(r.pointer("/m/region").unwrap().span.slice(text), "eu");
}

#[test]
fn only_the_first_document() {
    let doc = parse("a: 1\n---\na: 2\na: 3\n");
    assert!(doc.problems.is_empty());
    assert_eq!(doc.root.unwrap().to_json(), json!({"a": 1}));
    assert_eq!(parse("").root, None);
}

#[test]
fn syntax_errors_have_spans() {
    let text = "a: 1\n b: 2\n";
    let doc = parse(text);
    assert!(doc.root.is_none());
    let p = &doc.problems[0];
    assert_eq!(p.kind, YamlProblemKind::Syntax);
    assert_eq!(p.span, Span::new(7, 8));
    let doc = parse("a: *nope\n");
    assert_eq!(doc.problems[0].kind, YamlProblemKind::Syntax);
}

#[test]
fn quoted_scalars_are_strings() {
    let r = root("a: \"true\"\nb: '1'\nc: true\nd: yes\ne: 0x10\nf: ~\n");
    assert_eq!(
        r.to_json(),
        json!({"a": "true", "b": "1", "c": true, "d": "yes", "e": 16, "f": null})
    );
}

#[test]
fn env_substitution_keeps_original_spans() {
    let text = "s3:\n  bucket: ${BUCKET} # c\n  region: \"${REGION}\"\n  id: x\n";
    let lookup = |n: &str| match n {
        "BUCKET" => Some("a-much-longer-bucket".to_owned()),
        "REGION" => Some("eu".to_owned()),
        _ => None,
    };
    let doc = parse_with_env(text, &lookup);
    let r = doc.root.unwrap();
    assert_eq!(
        r.pointer("/s3/bucket").unwrap().as_text(),
        Some("a-much-longer-bucket")
    );
    assert_eq!(
        r.pointer("/s3/bucket").unwrap().span.slice(text),
        "${BUCKET}"
    );
    assert_eq!(
        r.pointer("/s3/region").unwrap().span.slice(text),
        "\"${REGION}\""
    );
    assert_eq!(r.pointer("/s3/id").unwrap().span.slice(text), "x");
    assert_eq!(
        r.pointer("/s3")
            .unwrap()
            .entry("id")
            .unwrap()
            .key_span
            .slice(text),
        "id"
    );
}

#[test]
fn alias_bombs_are_refused() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let doc = parse(&text);
    assert!(doc.root.is_none());
    assert_eq!(doc.problems[0].message, "too many alias expansions");
}

proptest::proptest! {
    #[test]
    fn never_panics_on_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..80)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse(&text);
    }

    #[test]
    fn never_panics_on_near_yaml(text in "[a-z:#&*!|>'\"{}\\[\\],\\- \\n\t\u{e9}<]{0,80}") {
        let doc = parse(&text);
        for p in &doc.problems {
            proptest::prop_assert!(text.get(p.span.start..p.span.end).is_some());
        }
        if let Some(root) = &doc.root {
            proptest::prop_assert!(text.get(root.span.start..root.span.end).is_some());
        }
    }
}
