//! Which bytes of a file must never be shown, and how to hide them (DESIGN.md §6).
//!
//! Secrets (secret keys, session tokens, passwords, URL passwords, values of names ending
//! in `SECRET`, `PASSWORD`, `TOKEN` or `_KEY`) are replaced by `*` of the same width.
//! Access key ids are not secret, but a display shows at most their first four characters,
//! and only for ids of 16 characters or more. Everything that renders file text (snippets,
//! diffs) renders it from [`mask`] applied to [`masked_spans`].

use crate::source::{Document, EnvDocument, EnvEntry, Quote, YamlDocument, YamlNode, YamlValue};
use crate::span::Span;

/// Access key ids shorter than this (`admin`, `minio`) are not shown at all.
const SHOWABLE_ID_LEN: usize = 16;
const SHOWN_ID_PREFIX: usize = 4;

/// Whether a variable or key named `name` holds a secret (any case).
///
/// Wider than DESIGN.md §6's "ends in" on purpose: a name with `SECRET`, `PASSWORD`,
/// `PASSWD` or `TOKEN` as one of its words (`S3_SECRET_ACCESS_KEY_OLD`, `DB_PASSWORD_2`) is
/// a secret too. Hiding a harmless value costs little; showing a secret cannot be undone.
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    if is_access_key_id_name(&upper) {
        return false;
    }
    // `AWS_WEB_IDENTITY_TOKEN_FILE` names where a secret is, not the secret.
    let names_a_place = ["_FILE", "_PATH", "_DIR"]
        .iter()
        .any(|end| upper.ends_with(end));
    let secret_word = !names_a_place
        && upper
            .split(['_', '-', '.'])
            .any(|word| matches!(word, "SECRET" | "PASSWORD" | "PASSWD" | "TOKEN"));
    secret_word
        || ["SECRET", "PASSWORD", "TOKEN", "_KEY"]
            .iter()
            .any(|end| upper.ends_with(end))
}

/// Whether `name` holds an access key id (`access_key`, `*_ACCESS_KEY`, `*_KEY_ID`), any case.
/// `*_SECRET_ACCESS_KEY` is a secret, not an id.
pub fn is_access_key_id_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    upper.ends_with("KEY_ID")
        || (upper.ends_with("ACCESS_KEY") && !upper.ends_with("SECRET_ACCESS_KEY"))
}

/// How an access key id may be shown: its first four characters when it is at least 16
/// characters long (AWS-shaped), else not at all.
pub fn display_access_key(id: &str) -> Option<String> {
    (id.chars().count() >= SHOWABLE_ID_LEN).then(|| id.chars().take(SHOWN_ID_PREFIX).collect())
}

/// `scheme://user:password@host...` (the scheme is optional) with the password replaced by
/// `*` of the same width. The userinfo runs to the *last* `@`: a password may hold `/`, `#`,
/// `?` or `:` (which break the URL but must still be hidden); an `@` in a path hides more.
pub fn redact_url_password(url: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let Some(at) = url[start..].rfind('@').map(|i| start + i) else {
        return url.to_string();
    };
    match url[start..at].find(':') {
        Some(colon) => {
            let colon = start + colon;
            format!(
                "{}{}{}",
                &url[..=colon],
                mask_value(url[colon + 1..at].chars().count()),
                &url[at..]
            )
        }
        None => url.to_string(),
    }
}

/// A masked stand-in for a value of `len` characters.
pub fn mask_value(len: usize) -> String {
    "*".repeat(len)
}

/// Spans of secret values in `text` (the text `doc` was parsed from), sorted and merged.
pub fn secret_spans(doc: &Document, text: &str) -> Vec<Span> {
    let mut found = Found::default();
    collect(doc, text, &mut found);
    merge(found.secrets)
}

/// Everything a display must hide: secret values, plus the part of each access key id that
/// may not be shown. Sorted and merged; feed it to [`mask`].
pub fn masked_spans(doc: &Document, text: &str) -> Vec<Span> {
    let mut found = Found::default();
    collect(doc, text, &mut found);
    found.secrets.extend(found.ids);
    merge(found.secrets)
}

/// How [`mask_as`] replaces a hidden character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaskWidth {
    /// One `*` per character: for diffs and other plain text.
    Chars,
    /// One `*` per byte, so every byte offset into the text stays valid: for snippets drawn
    /// with spans of the original text. `héllo` (6 bytes) shows as six `*`.
    Bytes,
}

/// `text` with every character inside `spans` replaced by `*`, one per character.
pub fn mask(text: &str, spans: &[Span]) -> String {
    mask_as(text, spans, MaskWidth::Chars)
}

/// `text` with every character inside `spans` replaced by `*`. Spans may overlap, come in
/// any order or cut a character: they are merged, and widened to whole characters, so more
/// is hidden rather than less. Line breaks inside a span are kept, so a masked multi-line
/// value keeps its lines.
pub fn mask_as(text: &str, spans: &[Span], width: MaskWidth) -> String {
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for span in merge(spans.to_vec()) {
        let start = floor_boundary(text, span.start.max(cursor));
        let end = ceil_boundary(text, span.end);
        if start >= end {
            continue;
        }
        out.push_str(&text[cursor..start]);
        for c in text[start..end].chars() {
            match (c, width) {
                ('\n' | '\r', _) => out.push(c),
                (_, MaskWidth::Chars) => out.push('*'),
                (_, MaskWidth::Bytes) => out.extend(std::iter::repeat_n('*', c.len_utf8())),
            }
        }
        cursor = end;
    }
    out.push_str(&text[cursor..]);
    out
}

#[derive(Default)]
struct Found {
    secrets: Vec<Span>,
    ids: Vec<Span>,
}

impl Found {
    /// The part of an access key id value that a display hides.
    fn id(&mut self, text: &str, span: Span) {
        let value = span.slice(text);
        if value.is_empty() {
            return;
        }
        if value.chars().count() >= SHOWABLE_ID_LEN {
            let prefix: usize = value
                .chars()
                .take(SHOWN_ID_PREFIX)
                .map(char::len_utf8)
                .sum();
            self.ids.push(Span::new(span.start + prefix, span.end));
        } else {
            self.ids.push(span);
        }
    }
}

fn collect(doc: &Document, text: &str, found: &mut Found) {
    match doc {
        Document::Env(env) => collect_env(env, text, found),
        Document::Yaml(yaml) => collect_yaml(yaml, text, found),
    }
    // URLs and commented-out assignments anywhere in the text, comments included: a diff
    // shows context lines the parser never turned into values.
    collect_urls(text, found);
    collect_assignment_lines(text, found);
}

fn collect_env(env: &EnvDocument, text: &str, found: &mut Found) {
    for entry in &env.entries {
        let inner = match entry.quote {
            // npm dotenv cuts an unquoted value at `#` (`secret#tail` reads as `secret`), but
            // the tail is still part of what the operator typed as the secret: hide the rest
            // of the line too.
            Quote::None => unquoted_to_line_end(text, entry.value_span),
            quote => unquoted(text, entry.value_span, quote),
        };
        if inner.is_empty() || expanded_reference(text, entry, inner) {
            continue;
        }
        if is_secret_name(&entry.key) {
            found.secrets.push(inner);
        } else if is_access_key_id_name(&entry.key) {
            found.id(text, inner);
        }
    }
}

/// A value that is only a `${NAME}`/`$NAME` reference which the parser expanded (godotenv)
/// names a variable rather than holding a secret. npm dotenv does not expand, so there the
/// same text is the literal value and stays masked (a secret may well start with `$`).
fn expanded_reference(text: &str, entry: &EnvEntry, inner: Span) -> bool {
    let raw = inner.slice(text);
    is_reference(raw) && entry.value != raw
}

fn collect_yaml(yaml: &YamlDocument, text: &str, found: &mut Found) {
    if let Some(root) = &yaml.root {
        walk_yaml(root, text, found);
    }
}

fn walk_yaml(node: &YamlNode, text: &str, found: &mut Found) {
    match &node.value {
        YamlValue::Mapping(entries) => {
            for entry in entries {
                if let YamlValue::Scalar { .. } = entry.value.value {
                    let inner = yaml_inner(text, entry.value.span);
                    // The router expands `${NAME}` before parsing: a whole-value reference
                    // names a variable, it holds no secret.
                    if !inner.is_empty() && !is_reference(inner.slice(text)) {
                        if is_secret_name(&entry.key) {
                            found.secrets.push(inner);
                        } else if is_access_key_id_name(&entry.key) {
                            found.id(text, inner);
                        }
                    }
                }
                walk_yaml(&entry.value, text, found);
            }
        }
        YamlValue::Sequence(items) => items.iter().for_each(|i| walk_yaml(i, text, found)),
        YamlValue::Scalar { .. } => {}
    }
}

/// An unquoted value's span widened to the end of its line, trailing blanks excluded.
fn unquoted_to_line_end(text: &str, span: Span) -> Span {
    let rest = &text[span.start.min(text.len())..];
    let line = rest.split(['\n', '\r']).next().unwrap_or("");
    Span::new(
        span.start,
        span.start + line.trim_end_matches([' ', '\t']).len(),
    )
}

/// The value's span without its quotes.
fn unquoted(text: &str, span: Span, quote: Quote) -> Span {
    let q = match quote {
        Quote::None => return span,
        Quote::Single => '\'',
        Quote::Double => '"',
        Quote::Backtick => '`',
    };
    strip_quote(text, span, q)
}

fn yaml_inner(text: &str, span: Span) -> Span {
    match span.slice(text).chars().next() {
        Some(q @ ('"' | '\'')) => strip_quote(text, span, q),
        _ => span,
    }
}

fn strip_quote(text: &str, span: Span, q: char) -> Span {
    let raw = span.slice(text);
    if raw.len() >= 2 && raw.starts_with(q) && raw.ends_with(q) {
        Span::new(span.start + 1, span.end - 1)
    } else {
        span
    }
}

/// `${NAME}` or `$NAME` and nothing else.
fn is_reference(raw: &str) -> bool {
    let name = raw
        .strip_prefix("${")
        .and_then(|r| r.strip_suffix('}'))
        .or_else(|| raw.strip_prefix('$'));
    name.is_some_and(|n| {
        let mut chars = n.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// `scheme://user:password@host` anywhere: the password is a secret, the user an id.
///
/// The userinfo is taken up to the LAST `@` before a blank or a quote, even past a `/`,
/// `?` or `#`: WHATWG URL would end the authority there (CS206), but the operator still
/// meant the text before the `@` as a password, so it is hidden all the same. Over-masking
/// (`https://host/a:b@c` hides `b`) is the price.
fn collect_urls(text: &str, found: &mut Found) {
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let offset = line_start;
        line_start += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        let mut from = 0;
        while let Some(pos) = line[from..].find("://") {
            let start = from + pos + 3;
            // The userinfo runs to the last `@` before the next URL on the line: a password
            // may hold quotes, blanks, `/` or `#` (all of which break the URL, but must still
            // be hidden). A later `@` in a path only hides more.
            let end = line[start..].find("://").map_or(line.len(), |i| start + i);
            userinfo(text, offset + start, &line[start..end], found);
            from = start;
        }
    }
}

/// Hide the password of `user:password@host...` starting at `start`; show the user as an
/// access key id may be shown.
fn userinfo(text: &str, start: usize, candidate: &str, found: &mut Found) {
    let Some(at) = candidate.rfind('@') else {
        return;
    };
    let userinfo = &candidate[..at];
    let (user_len, password) = match userinfo.find(':') {
        Some(colon) => (colon, Some(Span::new(start + colon + 1, start + at))),
        None => (at, None),
    };
    if let Some(p) = password.filter(|p| !p.is_empty()) {
        found.secrets.push(p);
    }
    let user = &userinfo[..user_len];
    if !user.contains(['/', '?', '#']) {
        found.id(text, Span::new(start, start + user_len));
    }
}

/// A commented-out assignment (`# S3_SECRET_ACCESS_KEY=old`, `# secret_key: old`) keeps
/// its secret; hide the value of a secret name after `#` as well.
/// Every line that looks like an assignment, parsed or not: commented out (`# KEY=old`), in
/// a YAML list item (`- secret_key: x`), or in a file the parser refused (godotenv rejects a
/// whole file on one bad line; YAML with a syntax error has no tree), so CS001 snippets and
/// diff context never show what the parser did not turn into a value.
///
/// Known limitation: only the first line of a multi-line value is found this way; in a file
/// the parser refused, the later lines of a quoted multi-line secret are not hidden
/// (`KEY="abc` + newline + `secret-rest` in a godotenv-refused file shows `secret-rest`).
fn collect_assignment_lines(text: &str, found: &mut Found) {
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let offset = line_start;
        line_start += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let after = body.trim_start_matches(['#', ' ', '\t']);
        let after = after.strip_prefix("- ").unwrap_or(after).trim_start();
        let after = after.strip_prefix("export ").unwrap_or(after);
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
            .unwrap_or(after.len());
        let (name, rest) = after.split_at(name_len);
        let rest = rest.trim_start_matches([' ', '\t']);
        let Some(value) = rest.strip_prefix('=').or_else(|| rest.strip_prefix(':')) else {
            continue;
        };
        let value_trimmed = value.trim();
        let unquoted = value_trimmed.trim_matches(['"', '\'']);
        if name.is_empty() || value_trimmed.is_empty() || is_reference(unquoted) {
            continue;
        }
        let value_start =
            offset + body.len() - value.len() + (value.len() - value.trim_start().len());
        let mut span = Span::new(value_start, value_start + value_trimmed.len());
        // A router endpoint takes `user:password@host` without a scheme (minio-go drops it).
        if name.to_ascii_uppercase().ends_with("ENDPOINT") && !value_trimmed.contains("://") {
            let inner = value_trimmed.trim_matches(['"', '\'']);
            let inner_start = value_start + value_trimmed.find(inner).unwrap_or(0);
            userinfo(text, inner_start, inner, found);
        }
        let quoted = value_trimmed.len() >= 2
            && ['"', '\'']
                .iter()
                .any(|&q| value_trimmed.starts_with(q) && value_trimmed.ends_with(q));
        if quoted {
            // Keep the quotes visible, as the parsed view does.
            span = Span::new(span.start + 1, span.end - 1);
        }
        if is_secret_name(name) {
            found.secrets.push(span);
        } else if is_access_key_id_name(name) {
            found.id(text, span);
        }
    }
}

fn merge(mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|s| !s.is_empty());
    spans.sort();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod truncated_value_tests {
    use super::*;
    use crate::source::dotenv;

    #[test]
    fn url_passwords_are_redacted_up_to_the_last_at() {
        assert_eq!(
            redact_url_password("http://u:pw@h:9000/b"),
            "http://u:**@h:9000/b"
        );
        assert_eq!(redact_url_password("http://u:a:b#c@h"), "http://u:*****@h");
        assert_eq!(redact_url_password("u:a/b@h:9000"), "u:***@h:9000");
        assert_eq!(redact_url_password("http://user@h"), "http://user@h");
        assert_eq!(redact_url_password("http://h:9000/b"), "http://h:9000/b");
    }

    #[test]
    fn a_secret_cut_by_hash_is_hidden_whole() {
        let text = "S3_SECRET_ACCESS_KEY=abc#MARKERTAIL\nS3_SESSION_TOKEN=#MARKERTOKEN\n";
        let doc = Document::Env(dotenv::parse(text));
        let masked = mask(text, &secret_spans(&doc, text));
        assert_eq!(
            masked,
            "S3_SECRET_ACCESS_KEY=**************\nS3_SESSION_TOKEN=************\n"
        );
    }
}
