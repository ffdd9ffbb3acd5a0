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

use crate::secrets::{display_access_key, is_access_key_id_name, is_secret_name, secret_spans};
use crate::source::yaml::{YamlNode, YamlValue};
use crate::source::{Document, EnvDocument};
use aho_corasick::{AhoCorasick, MatchKind};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// The shortest value scrubbed.
pub const MIN_CHARS: usize = 6;

/// The secret values of a run (and the access key ids, which may show at most a prefix).
///
/// All values are searched for at once (Aho-Corasick, leftmost-longest), so scrubbing a
/// message costs the same with ten secrets as with ten thousand.
#[derive(Debug, Clone, Default)]
pub struct Scrubber {
    /// Each value with the number of its leading characters that may stay visible.
    needles: Vec<(String, usize)>,
    seen: BTreeSet<String>,
    /// Built on the first scrub after a change.
    searcher: Option<AhoCorasick>,
}

impl Scrubber {
    pub const fn new() -> Self {
        Self {
            needles: Vec::new(),
            seen: BTreeSet::new(),
            searcher: None,
        }
    }

    /// Remember a secret `value` in every form it may be printed in: as written; its pieces
    /// between `/`, `\`, `?`, `#` and `@` (a URL password cut by one of them lands in a path
    /// or a bucket name in parts); without tabs and line breaks (WHATWG URL drops them);
    /// trimmed (YAML drops the blanks around a plain scalar);
    /// and JSON-escaped.
    pub fn add(&mut self, value: &str) {
        let no_breaks: String = value
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        for base in [value, no_breaks.as_str()] {
            let forms = [base, base.trim()]
                .into_iter()
                .chain(base.split(['/', '\\', '?', '#', '@']));
            for form in forms {
                self.push(form, 0);
            }
        }
    }

    /// Remember a URL password: as [`Scrubber::add`], and without its first character, as
    /// a bucket taken from a URL path (`pathname.slice(1)`) shows it when a URL without
    /// `//` puts the password in the path.
    pub fn add_url_password(&mut self, password: &str) {
        self.add(password);
        if let Some((i, _)) = password.char_indices().nth(1) {
            self.add(&password[i..]);
        }
    }

    /// Remember an access key id: shown as its first four characters when it is AWS-shaped
    /// (16+ characters), else not at all.
    pub fn add_access_key_id(&mut self, id: &str) {
        let keep = display_access_key(id).map_or(0, |prefix| prefix.chars().count());
        self.push(id, keep);
    }

    fn push(&mut self, form: &str, keep: usize) {
        if form.chars().count() < MIN_CHARS || !self.seen.insert(form.to_string()) {
            return;
        }
        self.needles.push((form.to_string(), keep));
        let json = serde_json::to_string(form).unwrap_or_default();
        let json = json.trim_matches('"');
        if json != form && self.seen.insert(json.to_string()) {
            self.needles.push((json.to_string(), keep));
        }
        self.searcher = None;
    }

    /// Remember every secret value (and access key id) of one parsed file.
    pub fn add_document(&mut self, document: &Document, text: &str) {
        self.add_remembered(&Remembered::new(
            document,
            text,
            &secret_spans(document, text),
        ));
    }

    /// Remember what [`Remembered::new`] took from a file.
    pub fn add_remembered(&mut self, remembered: &Remembered) {
        for value in &remembered.secrets {
            self.add(value);
        }
        for password in &remembered.url_passwords {
            self.add_url_password(password);
        }
        for id in &remembered.access_key_ids {
            self.add_access_key_id(id);
        }
    }

    /// Remember the secrets of environment variables: secret-named values, URL passwords
    /// in any value, access key ids.
    pub fn add_variables(&mut self, vars: &[(String, String)]) {
        for (name, value) in vars {
            if is_secret_name(name) {
                self.add(value);
            } else if is_access_key_id_name(name) {
                self.add_access_key_id(value);
            }
            for password in crate::secrets::url_passwords(value) {
                self.add_url_password(&password);
            }
        }
    }

    /// `text` with every known secret value replaced by `*`, one per character (an access
    /// key id keeps the prefix it may show).
    pub fn scrub<'a>(&mut self, text: &'a str) -> Cow<'a, str> {
        if self.needles.is_empty() {
            return Cow::Borrowed(text);
        }
        if self.searcher.is_none() {
            self.searcher = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(self.needles.iter().map(|(n, _)| n.as_str()))
                .ok();
        }
        let Some(searcher) = &self.searcher else {
            // The searcher could not be built (it has size limits): print nothing rather
            // than risk a secret.
            return Cow::Owned(String::new());
        };
        if !searcher.is_match(text) {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        searcher.replace_all_with(text, &mut out, |m, found, out| {
            let keep = self.needles[m.pattern().as_usize()].1;
            for (i, c) in found.chars().enumerate() {
                out.push(if i < keep { c } else { '*' });
            }
            true
        });
        Cow::Owned(out)
    }
}

/// What a file gives the scrubber, taken where the file is checked (on a worker thread) so
/// that the thread printing the reports only adds it.
#[derive(Debug, Clone, Default)]
pub struct Remembered {
    secrets: Vec<String>,
    url_passwords: Vec<String>,
    access_key_ids: Vec<String>,
}

impl Remembered {
    /// `secret_spans` is [`crate::secrets::secret_spans`] of the same file.
    pub fn new(document: &Document, text: &str, secret_spans: &[crate::span::Span]) -> Self {
        let url_passwords = match document {
            Document::Env(env) => env
                .entries
                .iter()
                .flat_map(|e| crate::secrets::url_passwords(&e.value))
                .collect(),
            Document::Yaml(_) => Vec::new(),
        };
        let access_key_ids = access_key_ids(document)
            .into_iter()
            // A `${NAME}` left as written names a variable.
            .filter(|id| !crate::secrets::is_reference(id))
            .collect();
        Remembered {
            secrets: secret_values_from(document, text, secret_spans),
            url_passwords,
            access_key_ids,
        }
    }
}

/// The secret values of a file: each secret span as written (quotes removed by the span),
/// the value each secret-named key decodes to (escapes processed, `${NAME}` expanded), and
/// every YAML scalar a secret-named
/// variable was substituted into (`bucket: "${MY_SECRET}"`, as the parser decoded it).
pub fn secret_values(document: &Document, text: &str) -> Vec<String> {
    secret_values_from(document, text, &secret_spans(document, text))
}

fn secret_values_from(
    document: &Document,
    text: &str,
    secret_spans: &[crate::span::Span],
) -> Vec<String> {
    let mut values: Vec<String> = secret_spans
        .iter()
        .map(|span| span.slice(text).to_string())
        .collect();
    match document {
        Document::Env(env) => env_values(env, &mut values),
        Document::Yaml(yaml) => {
            if let Some(root) = &yaml.root {
                yaml_values(root, false, &mut values);
                substituted_secrets(root, text, &mut values);
            }
        }
    }
    values.retain(|v| !v.is_empty());
    values.sort();
    values.dedup();
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
        // `secret_key: "${NAME}"` without --env-file names a variable, it holds no secret.
        YamlValue::Scalar { text, .. } if secret && !crate::secrets::is_reference(text) => {
            out.push(text.clone());
        }
        YamlValue::Scalar { .. } => {}
        YamlValue::Sequence(items) => items.iter().for_each(|i| yaml_values(i, secret, out)),
        YamlValue::Mapping(entries) => {
            for entry in entries {
                yaml_values(&entry.value, secret || is_secret_name(&entry.key), out);
            }
        }
    }
}

/// Scalars whose source holds a reference to a secret-named variable: the whole decoded
/// value is a secret, whatever field it landed in.
fn substituted_secrets(node: &YamlNode, text: &str, out: &mut Vec<String>) {
    match &node.value {
        YamlValue::Scalar { text: value, .. } => {
            let secret_reference = crate::source::expand::scan(node.span.slice(text))
                .iter()
                .any(|r| r.lookup_name().is_some_and(is_secret_name));
            // Without --env-file the reference stays as written: a name, not a secret.
            if secret_reference && !crate::secrets::is_reference(value) {
                out.push(value.clone());
            }
        }
        YamlValue::Sequence(items) => items.iter().for_each(|i| substituted_secrets(i, text, out)),
        YamlValue::Mapping(entries) => entries
            .iter()
            .for_each(|e| substituted_secrets(&e.value, text, out)),
    }
}

/// The access key ids a file holds (env values and YAML scalars of id-named keys).
fn access_key_ids(document: &Document) -> Vec<String> {
    fn walk(node: &YamlNode, out: &mut Vec<String>) {
        match &node.value {
            YamlValue::Scalar { .. } => {}
            YamlValue::Sequence(items) => items.iter().for_each(|i| walk(i, out)),
            YamlValue::Mapping(entries) => {
                for entry in entries {
                    if let (true, YamlValue::Scalar { text, .. }) =
                        (is_access_key_id_name(&entry.key), &entry.value.value)
                    {
                        out.push(text.clone());
                    }
                    walk(&entry.value, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    match document {
        Document::Env(env) => out.extend(
            env.entries
                .iter()
                .filter(|e| is_access_key_id_name(&e.key))
                .map(|e| e.value.clone()),
        ),
        Document::Yaml(yaml) => {
            if let Some(root) = &yaml.root {
                walk(root, &mut out);
            }
        }
    }
    out
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
        assert_eq!(secret_values(&doc, text), ["MARKERSELFEXPAND"]);

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
    fn forms_a_value_takes_on_its_way_out() {
        let mut s = Scrubber::new();
        s.add("MARK\tERtab0002");
        s.add("  MARKERtrim  ");
        s.add("9000\\MARKERbs0001");
        assert_eq!(s.scrub("b MARKERtab0002@x"), "b *************@x");
        assert_eq!(s.scrub("region MARKERtrim."), "region **********.");
        assert_eq!(s.scrub("bucket MARKERbs0001@x"), "bucket ************@x");
        // A path read without its leading character (`pathname.slice(1)`).
        s.add_url_password("MARKERv03");
        assert_eq!(s.scrub("ARKERv03@minio"), "********@minio");
    }

    #[test]
    fn access_key_ids_keep_only_the_prefix_they_may_show() {
        let mut s = Scrubber::new();
        s.add_access_key_id("AKIAMARKERID000001");
        s.add_access_key_id("minio-user");
        assert_eq!(
            s.scrub("host AKIAMARKERID000001.s3, user minio-user"),
            "host AKIA**************.s3, user **********"
        );
    }

    #[test]
    fn url_passwords_and_substituted_secrets_count_as_secrets() {
        let mut s = Scrubber::new();
        s.add_variables(&[
            ("MY_URL".into(), "http://u:MARKERpw01@minio:9000".into()),
            ("NOT_A_URL".into(), "plain-value".into()),
        ]);
        assert_eq!(
            s.scrub("bucket http://u:MARKERpw01@m"),
            "bucket http://u:**********@m"
        );
        assert_eq!(s.scrub("plain-value"), "plain-value");

        let text = "a:\n  bucket: \"${ESC_SECRET}\"\n  region: ${PLAIN}\n";
        let lookup = |n: &str| match n {
            "ESC_SECRET" => Some("MARKER\\u0041BC".to_owned()),
            _ => Some("eu-west-1".to_owned()),
        };
        let doc = Document::Yaml(yaml::parse_with_env(text, &lookup));
        assert_eq!(secret_values(&doc, text), ["MARKERABC"]);
    }

    #[test]
    fn many_secrets_cost_one_pass() {
        let mut s = Scrubber::new();
        for i in 0..20_000 {
            s.add(&format!("MARKER{i:06}"));
        }
        let message = "value MARKER019999 and MARKER000000 and nothing else".repeat(100);
        let out = s.scrub(&message);
        assert!(!out.contains("MARKER"));
        assert_eq!(out.len(), message.len());
    }

    #[test]
    fn control_characters_are_escaped_for_the_terminal() {
        assert_eq!(terminal_safe("a\tb\nc"), "a\tb\nc");
        assert_eq!(terminal_safe("yes\u{1b}[8m \u{7}"), "yes\\u{1b}[8m \\u{7}");
    }
}
