//! Checks that every rule is fully documented and that `explain` prints what it promises.

use super::*;

#[test]
fn every_rule_has_all_parts() {
    for &rule in Rule::ALL {
        let d = doc(rule);
        for (part, text) in [
            ("what", d.what),
            ("why", d.why),
            ("example", d.example),
            ("instead", d.instead),
            ("fix", d.fix),
            ("severity", default_severity(rule)),
        ] {
            assert!(!text.trim().is_empty(), "{rule}: empty {part}");
        }
        assert_ne!(
            d.example, d.instead,
            "{rule}: example equals the correction"
        );
    }
}

#[test]
fn fix_says_how_safe_it_is() {
    for &rule in Rule::ALL {
        let fix = doc(rule).fix;
        assert!(
            ["Safe", "Unsafe", "None"]
                .iter()
                .any(|p| fix.starts_with(p)),
            "{rule}: fix text starts with {fix:?}"
        );
    }
    assert!(doc(Rule::CredentialsInUrl).fix.starts_with("Safe:"));
    assert!(doc(Rule::RegionMismatch).fix.starts_with("Unsafe:"));
    assert!(doc(Rule::LiteralSecret).fix.starts_with("None:"));
}

#[test]
fn examples_name_their_file_and_use_placeholder_keys() {
    for &rule in Rule::ALL {
        let d = doc(rule);
        for text in [d.example, d.instead] {
            assert!(text.starts_with("# "), "{rule}: example has no file label");
            for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
                if word.starts_with("AKIA") || word.starts_with("ASIA") {
                    assert!(word.contains("EXAMPLE"), "{rule}: real-looking key id");
                }
                if word.len() >= 16 && word.contains("SECRET") {
                    assert!(word.starts_with("EXAMPLE"), "{rule}: secret placeholder");
                }
            }
        }
    }
}

#[test]
fn render_endpoint_scheme() {
    let text = render(Rule::EndpointScheme);
    assert_eq!(text.lines().next(), Some("CS301 endpoint-scheme (error)"));
    for needle in [
        "What it checks",
        "Why it matters",
        "Example",
        "Write instead",
        "Fix",
        "    endpoint: \"https://minio.example.internal:9000\"",
        "--ignore CS301",
        "# cosmo-s3: ignore CS301",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    assert!(text.ends_with("line before the finding.\n"));
}

#[test]
fn render_mixed_severity_header() {
    let text = render(Rule::DuplicateKey);
    assert_eq!(
        text.lines().next(),
        Some("CS002 duplicate-key (error for router YAML, warning for env files)")
    );
}

#[test]
fn prose_is_wrapped() {
    for &rule in Rule::ALL {
        let d = doc(rule);
        for text in [d.what, d.why, d.fix] {
            for line in wrap(text, "  ", WIDTH).lines() {
                assert!(line.len() <= WIDTH, "{rule}: {line:?}");
            }
        }
    }
    assert_eq!(wrap("a bb ccc", "", 4), "a bb\nccc\n");
    assert_eq!(wrap("", "  ", 10), "");
}
