//! Fix constructors: pure functions from spans in a text to a [`Fix`].
//!
//! Rules find what is wrong; these build the edits that repair it, touching only the bytes
//! that must change and copying the file's own style (indentation, key quoting, line
//! ending, `export` prefix) for anything they add. Each returns `None` when it cannot give
//! one certain answer; the rule still reports, without a fix.

use crate::rules::{Applicability, Edit, Fix};
use crate::span::Span;

/// A key and its value as written (quotes included), from a YAML entry or an env line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyValue {
    pub key: Span,
    pub value: Span,
}

// ---------------------------------------------------------------------------------------
// Text helpers

/// Start of the line holding `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// End of the line holding `offset`, line terminator excluded, and the terminator.
fn line_end(text: &str, offset: usize) -> (usize, &str) {
    match text[offset..].find('\n') {
        Some(i) => {
            let nl = offset + i;
            if nl > 0 && text.as_bytes()[nl - 1] == b'\r' {
                (nl - 1, "\r\n")
            } else {
                (nl, "\n")
            }
        }
        None => (text.len(), ""),
    }
}

/// The line ending to write on a new line next to `offset`: that line's own, else the
/// file's first, else `\n`.
fn line_ending_near(text: &str, offset: usize) -> &'static str {
    let (_, own) = line_end(text, offset);
    let sample = if own.is_empty() {
        line_end(text, 0).1
    } else {
        own
    };
    if sample == "\r\n" { "\r\n" } else { "\n" }
}

/// An edit adding `line` (no terminator) as a new line right after the line holding
/// `offset`. A last line without a final newline stays without one.
fn add_line_after(text: &str, offset: usize, line: &str) -> Edit {
    let eol = line_ending_near(text, offset);
    let (end, own) = line_end(text, offset);
    if own.is_empty() {
        Edit::insert(end, format!("{eol}{line}"))
    } else {
        Edit::insert(end + own.len(), format!("{line}{eol}"))
    }
}

/// The whole line holding `offset`, its terminator included.
fn whole_line(text: &str, offset: usize) -> Span {
    let start = line_start(text, offset);
    let (end, eol) = line_end(text, offset);
    Span::new(start, end + eol.len())
}

/// Indentation for a sibling key of the block-mapping key at `key`: the text before it,
/// with a sequence dash (`- `) turned into spaces. `None` for a flow mapping or a key that
/// does not start its line.
fn sibling_indent(text: &str, key: Span) -> Option<String> {
    let before = &text[line_start(text, key.start)..key.start];
    let mut indent = String::with_capacity(before.len());
    let mut rest = before;
    loop {
        let blank = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        indent.push_str(&rest[..blank]);
        rest = &rest[blank..];
        match rest.strip_prefix('-') {
            Some(after) if after.starts_with([' ', '\t']) => {
                indent.push(' ');
                rest = after;
            }
            _ => break,
        }
    }
    rest.is_empty().then_some(indent)
}

/// Whether a YAML key at `key` is written quoted, and with which quote.
fn key_quote(text: &str, key: Span) -> Option<char> {
    key.slice(text)
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\''))
}

fn yaml_key(text: &str, like: Span, name: &str) -> String {
    match key_quote(text, like) {
        Some(q) => format!("{q}{name}{q}"),
        None => name.to_owned(),
    }
}

/// The value's span without its quotes (YAML or env quotes).
fn inside_quotes(text: &str, value: Span) -> Span {
    let raw = value.slice(text);
    match raw.chars().next() {
        Some(q @ ('"' | '\'' | '`')) if raw.len() >= 2 && raw.ends_with(q) => {
            Span::new(value.start + 1, value.end - 1)
        }
        _ => value,
    }
}

/// A value written so that npm dotenv reads back exactly `value`: unquoted when that is
/// safe, else in the first quote style that keeps it intact. `None` when none does.
pub fn dotenv_quote(value: &str) -> Option<String> {
    let plain_safe = !value.is_empty()
        && !value.starts_with(['\'', '"', '`'])
        && !value.contains(['#', '\n', '\r'])
        && value.trim() == value;
    if plain_safe || value.is_empty() {
        return Some(value.to_owned());
    }
    // npm dotenv's quoted forms read `\<quote>` as an escaped quote, so a backslash just
    // before the closing quote would swallow it.
    if value.ends_with('\\') {
        return None;
    }
    // Single quotes and backticks keep everything literally but cannot hold their own
    // quote; double quotes turn `\n` and `\r` into line breaks, so a literal backslash-n
    // cannot go there.
    if !value.contains('\'') && !value.contains('\n') {
        Some(format!("'{value}'"))
    } else if !value.contains('"') && !value.contains("\\n") && !value.contains("\\r") {
        Some(format!("\"{value}\""))
    } else if !value.contains('`') {
        Some(format!("`{value}`"))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------
// CS301 endpoint-scheme

/// What stripping the scheme (and any userinfo, which minio-go drops) leaves.
struct SchemeStrip {
    /// The bytes to delete: `http://` or `https://user:pw@`.
    span: Span,
    secure: bool,
}

fn scheme_strip(text: &str, value: Span) -> Option<SchemeStrip> {
    let inner = inside_quotes(text, value);
    let raw = inner.slice(text);
    let lower = raw.get(..8).unwrap_or(raw).to_ascii_lowercase();
    let (scheme_len, secure) = if lower.starts_with("https://") {
        (8, true)
    } else if lower.starts_with("http://") {
        (7, false)
    } else {
        return None;
    };
    let authority_end = raw[scheme_len..]
        .find(['/', '?', '#'])
        .map_or(raw.len(), |i| scheme_len + i);
    let userinfo = raw[scheme_len..authority_end]
        .rfind('@')
        .map_or(0, |at| at + 1);
    Some(SchemeStrip {
        span: Span::new(inner.start, inner.start + scheme_len + userinfo),
        secure,
    })
}

fn bool_text(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// CS301 in router YAML: strip `http(s)://` (and userinfo) from the endpoint, keeping its
/// quotes, and make `secure` say what the scheme said. Safe when `secure` is absent or
/// already agrees; unsafe when it disagreed (the scheme wins).
pub fn yaml_endpoint_scheme(
    text: &str,
    endpoint: KeyValue,
    secure: Option<KeyValue>,
) -> Option<Fix> {
    let strip = scheme_strip(text, endpoint.value)?;
    let want = bool_text(strip.secure);
    let mut edits = vec![Edit::delete(strip.span)];
    let mut applicability = Applicability::Safe;
    match secure {
        Some(s) if s.value.slice(text) == want => {}
        Some(s) => {
            // YAML booleans are plain: a quoted "true" would be a string (CS102).
            edits.push(Edit::replace(s.value, want));
            applicability = Applicability::Unsafe;
        }
        None => {
            let line = match sibling_indent(text, endpoint.key) {
                Some(indent) => {
                    format!("{indent}{}: {want}", yaml_key(text, endpoint.key, "secure"))
                }
                None => {
                    // Flow mapping: add the pair right after the endpoint value.
                    let pair = format!(", {}: {want}", yaml_key(text, endpoint.key, "secure"));
                    edits.push(Edit::insert(endpoint.value.end, pair));
                    return Some(scheme_fix(edits, applicability, strip.secure));
                }
            };
            edits.push(add_line_after(text, endpoint.value.end, &line));
        }
    }
    Some(scheme_fix(edits, applicability, strip.secure))
}

fn scheme_fix(edits: Vec<Edit>, applicability: Applicability, secure: bool) -> Fix {
    Fix {
        applicability,
        title: format!(
            "Remove the scheme from the endpoint and set `secure: {}`",
            bool_text(secure)
        ),
        edits,
    }
}

/// CS301 in a router env file: the same for `STORAGE_PROVIDER_S3_{n}_ENDPOINT`, with
/// `STORAGE_PROVIDER_S3_{n}_SECURE` set or added after the endpoint line (same `export`
/// prefix). `index` is the provider's `n`.
pub fn env_endpoint_scheme(
    text: &str,
    endpoint: KeyValue,
    secure: Option<KeyValue>,
    index: usize,
) -> Option<Fix> {
    let strip = scheme_strip(text, endpoint.value)?;
    let want = bool_text(strip.secure);
    let mut edits = vec![Edit::delete(strip.span)];
    let mut applicability = Applicability::Safe;
    match secure {
        Some(s) => {
            let inner = inside_quotes(text, s.value);
            if inner.slice(text) != want {
                edits.push(Edit::replace(inner, want));
                applicability = Applicability::Unsafe;
            }
        }
        None => {
            let prefix = &text[line_start(text, endpoint.key.start)..endpoint.key.start];
            let line = format!("{prefix}STORAGE_PROVIDER_S3_{index}_SECURE={want}");
            edits.push(add_line_after(text, endpoint.value.end, &line));
        }
    }
    Some(scheme_fix(edits, applicability, strip.secure))
}

// ---------------------------------------------------------------------------------------
// CS501 empty-credential-placeholders

/// CS501: remove the `access_key: ""` and `secret_key: ""` lines entirely (a comment after
/// one stays, in its place on the line). `None` when a
/// placeholder shares its line with anything else (a sequence dash, a flow mapping):
/// deleting the line would take that with it.
pub fn remove_placeholder_lines(text: &str, placeholders: &[KeyValue]) -> Option<Fix> {
    let mut edits = Vec::with_capacity(placeholders.len());
    for p in placeholders {
        let start = line_start(text, p.key.start);
        let (end, _) = line_end(text, p.value.end);
        let before_key = &text[start..p.key.start];
        let after_value = text[p.value.end..end].trim_start_matches([' ', '\t']);
        let alone = before_key.trim_matches([' ', '\t']).is_empty()
            && (after_value.is_empty() || after_value.starts_with('#'));
        if !alone {
            return None;
        }
        if after_value.is_empty() {
            edits.push(Edit::delete(whole_line(text, p.key.start)));
        } else {
            // A comment after the placeholder stays, on its own line where the key was.
            let comment = end - after_value.len();
            edits.push(Edit::delete(Span::new(p.key.start, comment)));
        }
    }
    // Neighbouring lines become one deletion.
    edits.sort_by_key(|e| e.span.start);
    edits.dedup_by(|next, prev| {
        let touching = next.span.start <= prev.span.end;
        if touching {
            prev.span = prev.span.cover(next.span);
        }
        touching
    });
    // Deleting the last line of a file without a final newline: take the line break
    // before it instead, so the file still ends without one.
    if let Some(last) = edits.last_mut() {
        if last.span.end == text.len() && !text.ends_with('\n') && last.span.start > 0 {
            let before = if text[..last.span.start].ends_with("\r\n") {
                2
            } else {
                1
            };
            last.span.start -= before;
        }
    }
    (!edits.is_empty()).then(|| Fix {
        applicability: Applicability::Safe,
        title: "Remove the empty `access_key`/`secret_key` placeholders".into(),
        edits,
    })
}

// ---------------------------------------------------------------------------------------
// CS204 credentials-in-url

/// The variables a Node URL's credentials belong in: `S3_` or `S3_FAILOVER_`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlVariables {
    Primary,
    Failover,
}

impl UrlVariables {
    pub fn access_key_id(self) -> &'static str {
        match self {
            UrlVariables::Primary => "S3_ACCESS_KEY_ID",
            UrlVariables::Failover => "S3_FAILOVER_ACCESS_KEY_ID",
        }
    }

    pub fn secret_access_key(self) -> &'static str {
        match self {
            UrlVariables::Primary => "S3_SECRET_ACCESS_KEY",
            UrlVariables::Failover => "S3_FAILOVER_SECRET_ACCESS_KEY",
        }
    }
}

/// One variable the credentials may go to: its winning line when present, and whether its
/// value (after dotenv unquoting) is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetVariable {
    pub entry: Option<KeyValue>,
    pub empty: bool,
}

/// Characters WHATWG URL leaves as they are in userinfo. Anything else is percent-encoded
/// by Node before it signs (CS206), so "verbatim" would not be what Node used.
fn userinfo_verbatim(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "!$&'()*+,-._~%".contains(c))
}

/// CS204: move `user:password@` out of `S3_STORAGE_URL` (or the failover URL) into the
/// key variables, verbatim (still percent-encoded: Node signs with `url.username` as
/// written). An existing empty variable line is filled in place; a missing one is added
/// right after the URL line. `None` when a target variable is already set (that is
/// CS205's finding), or the userinfo is not what Node would use as written.
pub fn move_url_credentials(
    text: &str,
    url: KeyValue,
    vars: UrlVariables,
    access_key: TargetVariable,
    secret: TargetVariable,
) -> Option<Fix> {
    let inner = inside_quotes(text, url.value);
    let raw = inner.slice(text);
    let scheme_end = raw.find("://")? + 3;
    let authority_end = raw[scheme_end..]
        .find(['/', '?', '#'])
        .map_or(raw.len(), |i| scheme_end + i);
    let at = raw[scheme_end..authority_end].rfind('@')? + scheme_end;
    let userinfo = &raw[scheme_end..at];
    let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
    if !userinfo_verbatim(user) || !userinfo_verbatim(password) {
        return None;
    }

    let mut edits = vec![Edit::delete(Span::new(
        inner.start + scheme_end,
        inner.start + at + 1,
    ))];
    let mut added = Vec::new();
    for (value, target, name) in [
        (user, access_key, vars.access_key_id()),
        (password, secret, vars.secret_access_key()),
    ] {
        if value.is_empty() {
            continue;
        }
        if !target.empty {
            return None;
        }
        let mut written = dotenv_quote(value)?;
        match target.entry {
            Some(entry) => {
                // `KEY=   # note`: the empty value sits right before the comment; glued to
                // it, the `#` would no longer have a blank before it (CS006).
                if entry.value.is_empty() && text[entry.value.end..].starts_with('#') {
                    written.push(' ');
                }
                edits.push(Edit::replace(entry.value, written));
            }
            None => added.push(format!("{name}={written}")),
        }
    }
    if !added.is_empty() {
        let eol = line_ending_near(text, url.value.end);
        edits.push(add_line_after(text, url.value.end, &added.join(eol)));
    }
    Some(Fix {
        applicability: Applicability::Safe,
        title: format!(
            "Move the URL credentials to `{}`/`{}`",
            vars.access_key_id(),
            vars.secret_access_key()
        ),
        edits,
    })
}

// ---------------------------------------------------------------------------------------
// CS309 query-params-ignored

/// CS309 (safe form): delete the query parameters named in `names` (`region`, `endpoint`)
/// from a controlplane URL, which ignores them. The `?` goes too when nothing is left.
pub fn delete_query_params(text: &str, url: KeyValue, names: &[&str]) -> Option<Fix> {
    let inner = inside_quotes(text, url.value);
    let raw = inner.slice(text);
    let query_start = raw.find('?')?;
    let query_end = raw[query_start..]
        .find('#')
        .map_or(raw.len(), |i| query_start + i);
    let query = &raw[query_start + 1..query_end];
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let name = pair.split_once('=').map_or(*pair, |(n, _)| n);
            !names.contains(&name)
        })
        .collect();
    if kept.len() == query.split('&').count() {
        return None;
    }
    let rebuilt = if kept.iter().all(|p| p.is_empty()) {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    };
    Some(Fix {
        applicability: Applicability::Safe,
        title: format!(
            "Remove the {} query parameter the controlplane ignores",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join("/")
        ),
        edits: vec![Edit::replace(
            Span::new(inner.start + query_start, inner.start + query_end),
            rebuilt,
        )],
    })
}

// ---------------------------------------------------------------------------------------
// CS502 missing-session-token

/// CS502: add `session_token: "${AWS_SESSION_TOKEN}"` after `secret_key`, as its sibling.
/// Unsafe: when the variable is set at run time, requests are signed with the token.
pub fn add_session_token(text: &str, secret_key: KeyValue) -> Option<Fix> {
    let key = yaml_key(text, secret_key.key, "session_token");
    let edit = match sibling_indent(text, secret_key.key) {
        Some(indent) => add_line_after(
            text,
            secret_key.value.end,
            &format!("{indent}{key}: \"${{AWS_SESSION_TOKEN}}\""),
        ),
        None => Edit::insert(
            secret_key.value.end,
            format!(", {key}: \"${{AWS_SESSION_TOKEN}}\""),
        ),
    };
    Some(Fix {
        applicability: Applicability::Unsafe,
        title: "Add `session_token: \"${AWS_SESSION_TOKEN}\"`".into(),
        edits: vec![edit],
    })
}

// ---------------------------------------------------------------------------------------
// CS006 comment-truncates-value

/// CS006: quote an unquoted env value that npm dotenv cuts at a `#`. The intended value is
/// the text after `=` up to a `#` that has a blank before it (a real comment) or the end
/// of the line, trailing blanks dropped. `value_start` is where the value begins (right
/// after `=` and any blanks). Unsafe: the component then reads the longer value.
pub fn quote_truncated_value(text: &str, value_start: usize) -> Option<Fix> {
    let (end, _) = line_end(text, value_start);
    let rest = &text[value_start..end];
    if rest.starts_with(['\'', '"', '`']) {
        return None;
    }
    // `KEY=   # note` is an empty value and a comment: the blanks before the value count.
    let blank_before = text[..value_start].ends_with([' ', '\t']);
    let mut cut = rest.len();
    let bytes = rest.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        let after_blank = if i == 0 {
            blank_before
        } else {
            matches!(bytes[i - 1], b' ' | b'\t')
        };
        if *b == b'#' && after_blank {
            cut = i;
            break;
        }
    }
    let intended = rest[..cut].trim_end_matches([' ', '\t']);
    if !intended.contains('#') {
        return None;
    }
    let quoted = dotenv_quote(intended)?;
    Some(Fix {
        applicability: Applicability::Unsafe,
        title: "Quote the value so `#` does not cut it".into(),
        edits: vec![Edit::replace(
            Span::new(value_start, value_start + intended.len()),
            quoted,
        )],
    })
}
