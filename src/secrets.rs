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

/// Whether a variable or key named `name` holds a secret (any case, any word style).
///
/// Wider than DESIGN.md §6's "ends in" on purpose: a name that contains `SECRET`,
/// `PASSWORD`, `PASSWD` or `TOKEN` anywhere (`S3_SECRET_ACCESS_KEY_OLD`, `DB_PASSWORD_2`,
/// `S3SECRETKEY`) is a secret too, and camelCase counts as words (`secretKey`,
/// `sessionToken`, `apiKey`). Hiding a harmless value costs little; showing a secret cannot
/// be undone. Names of a place (`AWS_WEB_IDENTITY_TOKEN_FILE`, `tokenPath`) are not.
pub fn is_secret_name(name: &str) -> bool {
    // Most names (and every word of a comment) hold none of the parts: answer without
    // allocating.
    if !may_name_a_secret(name) {
        return false;
    }
    let plain = name.to_ascii_uppercase().replace('-', "_");
    let names_a_place = ["FILE", "PATH", "DIR"]
        .iter()
        .any(|end| plain.ends_with(end));
    let secret_part = ["SECRET", "PASSWORD", "PASSWD", "TOKEN"]
        .iter()
        .any(|word| plain.contains(word));
    if secret_part {
        return !names_a_place;
    }
    // `apiKey`, `APIKey`, `api-key`, `S3_KEY` (a bare `key` names too much to hide); but
    // not an access key id's name.
    let words = words_upper(name).replace('-', "_");
    !is_access_key_id_name(name) && (words.ends_with("_KEY") || plain.ends_with("APIKEY"))
}

/// Whether `text` holds, in any case, a part every secret name has (`SECRET`, `TOKEN`,
/// `PASSW`, `KEY`): a cheap test before the exact one.
fn may_name_a_secret(text: &str) -> bool {
    let b = text.as_bytes();
    let at = |i: usize, part: &[u8]| {
        b.get(i..i + part.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(part))
    };
    (0..b.len()).any(|i| match b[i].to_ascii_lowercase() {
        b'k' => at(i, b"key"),
        b's' => at(i, b"secret"),
        b't' => at(i, b"token"),
        b'p' => at(i, b"passw"),
        _ => false,
    })
}

/// `name` in upper case with a `_` where camelCase starts a word: `secretAccessKey` →
/// `SECRET_ACCESS_KEY`.
fn words_upper(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            out.push('_');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// Whether `name` holds an access key id (`access_key`, `*_ACCESS_KEY`, `*_KEY_ID`), any case.
/// `*_SECRET_ACCESS_KEY` is a secret, not an id.
pub fn is_access_key_id_name(name: &str) -> bool {
    let has_key = name
        .as_bytes()
        .windows(3)
        .any(|w| w.eq_ignore_ascii_case(b"KEY"));
    if !has_key {
        return false;
    }
    let upper = words_upper(name).replace('-', "_");
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
    secret_and_masked_spans(doc, text).1
}

/// [`secret_spans`] and [`masked_spans`] from one pass over the file.
pub fn secret_and_masked_spans(doc: &Document, text: &str) -> (Vec<Span>, Vec<Span>) {
    let mut found = Found::default();
    collect(doc, text, &mut found);
    let secrets = merge(found.secrets);
    let mut masked = secrets.clone();
    masked.extend(found.ids);
    (secrets, merge(masked))
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
        urls_in(text, inner, found);
        if names_a_url(&entry.key) && authority_starts(inner.slice(text)).is_empty() {
            schemeless_userinfo(text, inner.start, inner.slice(text), found);
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
                    // A URL whose password runs over a line break (a quoted multi-line
                    // scalar) is one value: the line-by-line scan cannot see its `@`.
                    if entry.value.span.slice(text).contains('\n') {
                        urls_in(text, entry.value.span, found);
                    }
                } else if is_secret_name(&entry.key) {
                    // `secret_key: [a, b]` or a mapping: the schema refuses it, the
                    // snippet that says so must not show what it holds.
                    every_scalar(&entry.value, found);
                }
                walk_yaml(&entry.value, text, found);
            }
        }
        YamlValue::Sequence(items) => items.iter().for_each(|i| walk_yaml(i, text, found)),
        YamlValue::Scalar { .. } => {}
    }
}

fn every_scalar(node: &YamlNode, found: &mut Found) {
    match &node.value {
        YamlValue::Scalar { .. } => found.secrets.push(node.span),
        YamlValue::Sequence(items) => items.iter().for_each(|i| every_scalar(i, found)),
        YamlValue::Mapping(entries) => entries.iter().for_each(|e| every_scalar(&e.value, found)),
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
pub(crate) fn is_reference(raw: &str) -> bool {
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
        urls_in(text, Span::new(offset, offset + line.len()), found);
    }
}

/// The URLs inside `span` of `text`, each taken to run to the next URL or the end of the
/// span. A span holding a line break is one value (a quoted multi-line scalar or dotenv
/// value): WHATWG URL drops tabs and line breaks, so `http://u:pass` + newline + `word@h`
/// has the password `password`.
fn urls_in(text: &str, span: Span, found: &mut Found) {
    let value = span.slice(text);
    if !value.contains('@') {
        return;
    }
    let urls = authority_starts(value);
    for (i, &(_, start)) in urls.iter().enumerate() {
        // A URL runs to the scheme of the next one.
        let end = urls
            .get(i + 1)
            .map_or(value.len(), |&(scheme, _)| scheme.max(start));
        userinfo(text, span.start + start, &value[start..end], found);
    }
}

/// The URL passwords in a value: what a display of a value derived from it (a bucket
/// taken from a URL, a variable substituted into another) must not show. A value without a
/// scheme counts as `user:password@host`.
pub fn url_passwords(value: &str) -> Vec<String> {
    let mut found = Found::default();
    urls_in(value, Span::new(0, value.len()), &mut found);
    if authority_starts(value).is_empty() {
        schemeless_userinfo(value, 0, value, &mut found);
    }
    found
        .secrets
        .into_iter()
        .map(|span| span.slice(value).to_string())
        .collect()
}

/// `user[:password]@host...` with no scheme (a router endpoint, which minio-go accepts; a
/// URL a Node component would misread): only when the text before the `@` has no blank.
fn schemeless_userinfo(text: &str, start: usize, candidate: &str, found: &mut Found) {
    let Some(at) = candidate.rfind('@') else {
        return;
    };
    if !candidate[..at].contains([' ', '\t']) {
        userinfo(text, start, candidate, found);
    }
}

/// A variable or key that holds an endpoint or a URL (`S3_STORAGE_URL`, `endpoint`).
fn names_a_url(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    upper.ends_with("URL") || upper.ends_with("ENDPOINT")
}

/// Where each URL in `s` begins (its scheme) and where its authority begins: after `scheme://` for any scheme, and
/// after `http:`, `https:`, `ws:`, `wss:` or `ftp:` followed by any run of `/` and `\` for
/// the schemes WHATWG URL calls special (it reads `http:u:p@h` and `http:\\u:p@h` as
/// `http://u:p@h`).
fn authority_starts(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (colon, _) in s.match_indices(':') {
        let scheme_start = s[..colon]
            .rfind(|c: char| !is_scheme_char(c))
            .map_or(0, |b| b + 1);
        let scheme = &s[scheme_start..colon];
        if !scheme.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let after = &s[colon + 1..];
        let special = ["http", "https", "ws", "wss", "ftp"]
            .iter()
            .any(|known| scheme.eq_ignore_ascii_case(known));
        if special {
            let slashes = after.len() - after.trim_start_matches(['/', '\\']).len();
            out.push((scheme_start, colon + 1 + slashes));
        } else if after.starts_with("//") {
            out.push((scheme_start, colon + 3));
        }
    }
    out
}

fn is_scheme_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')
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

/// Every line that looks like an assignment, parsed or not: commented out (`# KEY=old`), in
/// a YAML list item (`- secret_key: x`), with a quoted key (`"secret_key": x`), an explicit
/// key (`? secret_key` then `: x`), in a flow mapping (`{id: a, secret_key: x}`), or in a
/// file the parser refused (godotenv rejects a whole file on one bad line; YAML with a
/// syntax error has no tree), so CS001 snippets and diff context never show what the
/// parser did not turn into a value.
///
/// The later lines of a secret's block scalar or unclosed quoted value are hidden too.
fn collect_assignment_lines(text: &str, found: &mut Found) {
    let mut line_start = 0;
    // `? name` waiting for the `: value` line that follows it.
    let mut explicit_key: Option<&str> = None;
    // The later lines of a secret's multi-line value.
    let mut continuation = Continuation::None;
    for line in text.split_inclusive('\n') {
        let offset = line_start;
        line_start += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let at = |suffix: &str| offset + body.len() - suffix.len();
        if continuation.hides(body, offset, found) {
            continue;
        }
        continuation = Continuation::None;
        secret_in_comment(body, offset, found);
        let after = body.trim_start_matches(['#', ' ', '\t']);
        if let Some(name) = explicit_key.take() {
            if let Some(value) = after.strip_prefix(':') {
                assignment(text, found, name, at(value), value, Extent::Line);
                continue;
            }
        }
        let after = after.strip_prefix("- ").unwrap_or(after).trim_start();
        let (explicit, after) = match after.strip_prefix("? ") {
            Some(rest) => (true, rest.trim_start()),
            None => (false, after),
        };
        let after = match after.strip_prefix("export") {
            Some(rest) if rest.starts_with([' ', '\t']) => rest.trim_start(),
            _ => after,
        };
        let (name, rest) = split_name(after);
        let rest = rest.trim_start_matches([' ', '\t']);
        if explicit && rest.is_empty() {
            explicit_key = Some(name);
        } else if let Some(value) = rest.strip_prefix('=').or_else(|| rest.strip_prefix(':')) {
            assignment(text, found, name, at(value), value, Extent::Line);
            if is_secret_name(name) {
                let indent = body.len() - body.trim_start_matches([' ', '\t', '-', '#']).len();
                continuation = Continuation::after(value.trim(), indent);
            }
        }
        // Flow collections: a `name: value` after each `{`, `[` or `,` (a flow collection
        // continued from an earlier line is read as a block value above, to the line end).
        if !body.contains(['{', '[']) {
            continue;
        }
        for (i, _) in body.match_indices(['{', '[', ',']) {
            let (name, rest) = split_name(body[i + 1..].trim_start());
            let Some(value) = rest.trim_start_matches([' ', '\t']).strip_prefix(':') else {
                continue;
            };
            if value.is_empty() || value.starts_with([' ', '\t']) {
                assignment(text, found, name, at(value), value, Extent::Flow);
            }
        }
    }
}

/// A comment that names a secret (`# TODO rotate: S3_SECRET_ACCESS_KEY=...`, `#token: x`,
/// `# secret_key -> x`): everything in the comment after the name is hidden.
fn secret_in_comment(body: &str, offset: usize, found: &mut Found) {
    let hash = body
        .char_indices()
        .find(|&(i, c)| c == '#' && (i == 0 || body[..i].ends_with([' ', '\t'])))
        .map(|(i, _)| i);
    let Some(hash) = hash else {
        return;
    };
    let comment = &body[hash + 1..];
    if !may_name_a_secret(comment) {
        return;
    }
    let mut word_start = None;
    for (i, c) in comment
        .char_indices()
        .chain(std::iter::once((comment.len(), ' ')))
    {
        let in_word = c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
        match (in_word, word_start) {
            (true, None) => word_start = Some(i),
            (false, Some(start)) => {
                word_start = None;
                if is_secret_name(&comment[start..i]) {
                    let rest = comment[i..].trim_end();
                    let value = rest.trim_start_matches([' ', '\t', '=', ':']);
                    // Quotes around the value stay visible, as in a parsed value.
                    let inner = ['"', '\'']
                        .iter()
                        .find_map(|&q| value.strip_prefix(q)?.strip_suffix(q))
                        .unwrap_or(value);
                    let from = offset
                        + hash
                        + 1
                        + i
                        + (rest.len() - value.len())
                        + usize::from(inner.len() != value.len());
                    found.secrets.push(Span::new(from, from + inner.len()));
                    return;
                }
            }
            _ => {}
        }
    }
}

/// The rest of a secret's value on the lines after its key, in text no parser read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Continuation {
    None,
    /// A block scalar (`|`, `>`): every line indented deeper than the key, and blank lines.
    Block {
        indent: usize,
    },
    /// A quoted value not closed on its first line: up to the closing quote.
    Quote(char),
}

impl Continuation {
    fn after(value: &str, indent: usize) -> Self {
        match value.chars().next() {
            Some('|' | '>') => Continuation::Block { indent },
            Some(q @ ('"' | '\'')) if !value[1..].contains(q) => Continuation::Quote(q),
            _ => Continuation::None,
        }
    }

    /// Hide what of `body` (a line starting at `offset`) belongs to the value; false when
    /// the value ended before this line.
    fn hides(&mut self, body: &str, offset: usize, found: &mut Found) -> bool {
        match *self {
            Continuation::None => false,
            Continuation::Block { indent } => {
                let content = body.trim_start_matches([' ', '\t']);
                if content.is_empty() {
                    return true;
                }
                let depth = body.len() - content.len();
                if depth <= indent {
                    return false;
                }
                found
                    .secrets
                    .push(Span::new(offset + depth, offset + body.len()));
                true
            }
            Continuation::Quote(q) => {
                let end = body.find(q).unwrap_or(body.len());
                found.secrets.push(Span::new(offset, offset + end));
                if end < body.len() {
                    *self = Continuation::None;
                }
                true
            }
        }
    }
}

/// A key at the start of `s`, bare or quoted, and the text after it.
fn split_name(s: &str) -> (&str, &str) {
    if let Some(q) = s.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        if let Some(close) = s[1..].find(q) {
            return (&s[1..=close], &s[close + 2..]);
        }
        return ("", s);
    }
    let len = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .unwrap_or(s.len());
    s.split_at(len)
}

/// Where an assignment's value ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Extent {
    /// At the end of the line: a dotenv or block-style YAML value (a `#` tail included).
    Line,
    /// In a YAML flow collection: at the closing quote, or a plain value at `,`, `}`, `]`.
    Flow,
}

/// Record the value of `name = value` (`value` starts at byte `start` of `text`) as a
/// secret or an id when the name says so.
fn assignment(
    text: &str,
    found: &mut Found,
    name: &str,
    start: usize,
    value: &str,
    extent: Extent,
) {
    let lead = value.len() - value.trim_start().len();
    let value = value.trim_start();
    let start = start + lead;
    let quote = value.chars().next().filter(|c| matches!(c, '"' | '\''));
    let (inner_start, inner) = match (quote, extent) {
        (Some(q), Extent::Flow) => match value[1..].find(q) {
            Some(close) => (1, &value[1..=close]),
            None => (1, value[1..].trim_end()),
        },
        (None, Extent::Flow) => {
            let end = value.find([',', '}', ']']).unwrap_or(value.len());
            let end = value[..end].find(" #").unwrap_or(end);
            (0, value[..end].trim_end())
        }
        // `"value"  # comment`: the value is what the quotes hold.
        (Some(q), Extent::Line)
            if value[1..].find(q).is_some_and(|close| {
                let after = value[close + 2..].trim_start();
                after.is_empty() || after.starts_with('#')
            }) =>
        {
            let close = value[1..].find(q).map_or(0, |c| c + 1);
            (1, &value[1..close])
        }
        (_, Extent::Line) => {
            let trimmed = value.trim_end();
            let quoted = trimmed.len() >= 2
                && quote.is_some_and(|q| trimmed.starts_with(q) && trimmed.ends_with(q));
            // Keep the quotes visible, as the parsed view does.
            if quoted {
                (1, &trimmed[1..trimmed.len() - 1])
            } else {
                (0, trimmed)
            }
        }
    };
    if name.is_empty() || inner.is_empty() || is_reference(inner.trim_matches(['"', '\''])) {
        return;
    }
    let span = Span::new(start + inner_start, start + inner_start + inner.len());
    // A router endpoint takes `user:password@host` without a scheme (minio-go drops it).
    let bare = inner.trim_matches(['"', '\'']);
    if names_a_url(name) && authority_starts(bare).is_empty() {
        let bare_start = span.start + inner.find(bare).unwrap_or(0);
        schemeless_userinfo(text, bare_start, bare, found);
    }
    if is_secret_name(name) {
        found.secrets.push(span);
    } else if is_access_key_id_name(name) {
        found.id(text, span);
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

    fn shown(text: &str, doc: &Document) -> String {
        mask(text, &masked_spans(doc, text))
    }

    fn yaml(text: &str) -> Document {
        Document::Yaml(crate::source::yaml::parse(text))
    }

    #[test]
    fn names_in_any_word_style() {
        for secret in [
            "secretKey",
            "sessionToken",
            "apiKey",
            "S3SECRETKEY",
            "dbPassword",
            "S3_SECRET_ACCESS_KEY_OLD",
            "x-amz-security-token",
            "passWord",
            "SeCrEt",
            "APIKey",
            "api-key",
            "S3_SECRETACCESS_KEY",
        ] {
            assert!(is_secret_name(secret), "{secret}");
        }
        for not_secret in [
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "tokenPath",
            "accessKeyId",
            "accessKey",
            "bucket",
        ] {
            assert!(!is_secret_name(not_secret), "{not_secret}");
        }
        assert!(is_access_key_id_name("accessKeyId"));
        assert!(is_access_key_id_name("accessKey"));
    }

    #[test]
    fn urls_without_slashes_or_with_backslashes() {
        let text = "A=http:user:pw-one@h/b\nB=https:\\\\user:pw-two@h\nC=s3://u:pw-three@h x ftp://v:pw-four@g\n";
        let doc = Document::Env(dotenv::parse(text));
        assert_eq!(
            shown(text, &doc),
            "A=http:****:******@h/b\nB=https:\\\\****:******@h\nC=s3://*:********@h x ftp://*:*******@g\n"
        );
        // `host:port` and `key:value` are not URLs.
        let text = "A=minio:9000\nB=k:v@w\n";
        let doc = Document::Env(dotenv::parse(text));
        assert_eq!(shown(text, &doc), text);
    }

    #[test]
    fn a_url_password_over_a_line_break_is_hidden_on_both_lines() {
        let text = "S3_STORAGE_URL=\"http://user:first\nsecond@h/b\"\n";
        let doc = Document::Env(dotenv::parse(text));
        assert_eq!(
            shown(text, &doc),
            "S3_STORAGE_URL=\"http://****:*****\n******@h/b\"\n"
        );
        let text = "u: \"http://user:first\n  second@h/b\"\n";
        assert_eq!(
            shown(text, &yaml(text)),
            "u: \"http://****:*****\n********@h/b\"\n"
        );
    }

    #[test]
    fn every_yaml_key_shape() {
        let text = "- {id: a, secret_key: s1, \"session_token\": 's2', bucket: b}\n\
                    - \"secret_key\": s3\n  ? session_token\n  : s4\n\
                    - secretKey: s5\n  secret_key: [s6, s7]\n  session_token: {n: s8}\n";
        assert_eq!(
            shown(text, &yaml(text)),
            "- {id: a, secret_key: **, \"session_token\": '**', bucket: b}\n\
             - \"secret_key\": **\n  ? session_token\n  : **\n\
             - secretKey: **\n  secret_key: ********\n  session_token: *******\n"
        );
    }

    #[test]
    fn shapes_in_a_file_without_a_tree() {
        // Unclosed flow mapping: only the text scan sees these.
        let text = "- {id: a, secret_key: s1, 'session_token': \"s2 x\", bucket: b\n\
                    - ? secret_key\n  : s3\nbad: [\n";
        let doc = yaml(text);
        assert!(matches!(&doc, Document::Yaml(y) if y.root.is_none()));
        assert_eq!(
            shown(text, &doc),
            "- {id: a, secret_key: **, 'session_token': \"****\", bucket: b\n\
             - ? secret_key\n  : **\nbad: [\n"
        );
    }

    #[test]
    fn comments_that_name_a_secret_hide_the_rest() {
        let text = "# export  S3_SESSION_TOKEN=t0ken1\n\
                    S3_STORAGE_URL=http://m/b # S3_SECRET_ACCESS_KEY=s3cret2\n\
                    # TODO rotate: S3_SECRET_ACCESS_KEY=s3cret3\n\
                    # secret_key -> s3cret4\n\
                    S3_REGION=eu # a region, not a secret\n";
        let doc = Document::Env(dotenv::parse(text));
        assert_eq!(
            shown(text, &doc),
            "# export  S3_SESSION_TOKEN=******\n\
             S3_STORAGE_URL=http://m/b # S3_SECRET_ACCESS_KEY=*******\n\
             # TODO rotate: S3_SECRET_ACCESS_KEY=*******\n\
             # secret_key **********\n\
             S3_REGION=eu # a region, not a secret\n"
        );
    }

    #[test]
    fn later_lines_of_a_multi_line_secret_in_text_no_parser_read() {
        // A second YAML document (the parser reads the first) and a refused env file.
        let text = "a: 1\n---\nsecret_key: |2-\n    line1\n  line2\n\nnext: shown\n";
        assert_eq!(
            shown(text, &yaml(text)),
            "a: 1\n---\nsecret_key: ***\n    *****\n  *****\n\nnext: shown\n"
        );
        let text = "STORAGE_PROVIDER_S3_0_SECRET_KEY=\"first\nsecond\" x\nbad line\n";
        let doc = Document::Env(crate::source::godotenv::parse(text));
        assert_eq!(
            shown(text, &doc),
            "STORAGE_PROVIDER_S3_0_SECRET_KEY=******\n******\" x\nbad line\n"
        );
    }
}
