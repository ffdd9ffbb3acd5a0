//! Scrubbing printed text of the secret values a run knows: the last line of defence behind
//! masking.
//!
//! Masking ([`crate::secrets`]) hides a secret where it is written, in snippets and diffs. A
//! value can also travel: `bucket: ${MY_SECRET}` substitutes a secret into a field that is
//! not secret, an alias (`id: *secret`) copies one, godotenv expands `${MY_SECRET}` inside
//! its own file, and a URL password cut by a `/` turns up in a bucket name. From there it
//! reaches messages, `resolve` and `probe` as ordinary text. A [`Scrubber`] holds every
//! secret value known to the run and replaces each occurrence in text about to be printed,
//! as written and as JSON escapes it.
//!
//! Known limitation: values shorter than [`MIN_CHARS`] characters are not scrubbed: `x` or
//! `test` would blank out ordinary words of every message. Such a value still shows where
//! it was copied (`secret_key: &s abc` + `bucket: *s` prints `abc` as the bucket).

use crate::secrets::{is_secret_name, secret_spans};
use crate::source::yaml::{YamlNode, YamlValue};
use crate::source::{Document, EnvDocument};
use std::borrow::Cow;

/// The shortest value scrubbed.
pub const MIN_CHARS: usize = 6;

/// The secret values of a run, longest first.
#[derive(Debug, Clone, Default)]
pub struct Scrubber {
    needles: Vec<String>,
}

impl Scrubber {
    pub const fn new() -> Self {
        Self {
            needles: Vec::new(),
        }
    }

    /// Remember `value`, the pieces of it between `/`, `?`, `#` and `@` (a URL password cut
    /// by one of them lands in a path or a bucket name in parts), and their JSON forms.
    pub fn add(&mut self, value: &str) {
        let pieces = std::iter::once(value).chain(value.split(['/', '?', '#', '@']));
        let mut added = false;
        for piece in pieces {
            if piece.chars().count() < MIN_CHARS || self.needles.iter().any(|n| n == piece) {
                continue;
            }
            self.needles.push(piece.to_string());
            let json = serde_json::to_string(piece).unwrap_or_default();
            let json = json.trim_matches('"');
            if json != piece {
                self.needles.push(json.to_string());
            }
            added = true;
        }
        if added {
            // Longest first, so a value is replaced whole before any of its pieces.
            self.needles
                .sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
        }
    }

    /// Remember every secret value of one parsed file.
    pub fn add_document(&mut self, document: &Document, text: &str) {
        for value in secret_values(document, text) {
            self.add(&value);
        }
    }

    /// `text` with every known secret value replaced by `*`, one per character.
    pub fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = Cow::Borrowed(text);
        for needle in &self.needles {
            if out.contains(needle.as_str()) {
                let stars = "*".repeat(needle.chars().count());
                out = Cow::Owned(out.replace(needle.as_str(), &stars));
            }
        }
        out
    }
}

/// The secret values of a file: each secret span as written (quotes removed by the span),
/// and the value each secret-named key decodes to (escapes processed, `${NAME}` expanded).
pub fn secret_values(document: &Document, text: &str) -> Vec<String> {
    let mut values: Vec<String> = secret_spans(document, text)
        .into_iter()
        .map(|span| span.slice(text).to_string())
        .collect();
    match document {
        Document::Env(env) => env_values(env, &mut values),
        Document::Yaml(yaml) => {
            if let Some(root) = &yaml.root {
                yaml_values(root, false, &mut values);
            }
        }
    }
    values.retain(|v| !v.is_empty());
    values
}

fn env_values(env: &EnvDocument, out: &mut Vec<String>) {
    for entry in &env.entries {
        if is_secret_name(&entry.key) {
            out.push(entry.value.clone());
        }
    }
}

/// Scalars under a secret-named key, at any depth below it.
fn yaml_values(node: &YamlNode, secret: bool, out: &mut Vec<String>) {
    match &node.value {
        YamlValue::Scalar { text, .. } if secret => out.push(text.clone()),
        YamlValue::Scalar { .. } => {}
        YamlValue::Sequence(items) => items.iter().for_each(|i| yaml_values(i, secret, out)),
        YamlValue::Mapping(entries) => {
            for entry in entries {
                yaml_values(&entry.value, secret || is_secret_name(&entry.key), out);
            }
        }
    }
}

/// Text safe for a terminal: control characters other than tab and line breaks (ESC, BEL,
/// backspace...) are written as `\u{1b}`, so a config file cannot clear the screen, retitle
/// the terminal or hide the lines after it in a CI log.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_control(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_unsafe_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{dotenv, godotenv, yaml};

    #[test]
    fn scrubs_values_their_pieces_and_json_forms() {
        let mut s = Scrubber::default();
        s.add("abc");
        s.add("MARK\"QUOTE\\back");
        s.add("9999/MARKERTAIL");
        assert_eq!(s.scrub("abc stays"), "abc stays");
        assert_eq!(
            s.scrub(r#"{"bucket": "MARK\"QUOTE\\back"}"#),
            r#"{"bucket": "*****************"}"#
        );
        assert_eq!(s.scrub("MARK\"QUOTE\\back"), "***************");
        assert_eq!(
            s.scrub("bucket MARKERTAIL@minio:9000/cosmo"),
            "bucket **********@minio:9000/cosmo"
        );
    }

    #[test]
    fn a_file_gives_its_own_secret_values() {
        let text = "MY_SECRET=MARKERSELFEXPAND\nSTORAGE_PROVIDER_S3_0_BUCKET=${MY_SECRET}\n";
        let doc = Document::Env(godotenv::parse(text));
        assert_eq!(
            secret_values(&doc, text),
            ["MARKERSELFEXPAND", "MARKERSELFEXPAND"]
        );

        let text = "a:\n  secret_key: &s \"MARKER\\tALIAS\"\n  id: *s\n  session_token:\n    - MARKERSEQ\n";
        let doc = Document::Yaml(yaml::parse(text));
        let values = secret_values(&doc, text);
        assert!(values.contains(&"MARKER\tALIAS".to_string()), "{values:?}");
        assert!(values.contains(&"MARKERSEQ".to_string()), "{values:?}");

        let text = "S3_STORAGE_URL=http://user:pass-MARKER@host/b\n";
        let doc = Document::Env(dotenv::parse(text));
        assert_eq!(secret_values(&doc, text), ["pass-MARKER"]);
    }

    #[test]
    fn control_characters_are_escaped_for_the_terminal() {
        assert_eq!(terminal_safe("a\tb\nc"), "a\tb\nc");
        assert_eq!(terminal_safe("yes\u{1b}[8m \u{7}"), "yes\\u{1b}[8m \\u{7}");
    }
}
