//! joho/godotenv v1.5.1 `Parse`, the router's `.env` reader, with spans.
//!
//! godotenv walks the text statement by statement (`parser.go`): skip Unicode spaces and
//! `#` lines, read a key up to `=` or `:`, then a value: quoted (`'` or `"`, the first
//! quote not preceded by a backslash closes it, possibly lines later) or unquoted (to the
//! end of the line, cut at the last `#` that follows a space). Double-quoted and unquoted
//! values expand `$NAME`/`${NAME}` from keys read earlier in the same file. The first
//! error stops the parse and the router then sets none of the file's variables.
//!
//! Byte-level quirks kept on purpose: the key loop looks at single bytes, so UTF-8
//! continuation bytes 0x85 and 0xA0 count as spaces and others as Latin-1 letters; only
//! `\r\n` (not a lone `\r`) is normalised; `$(NAME` expands like `$NAME` (godotenv's
//! escape check compares the wrong regexp group).

use super::env::{EnvDocument, EnvEntry, EnvProblem, Quote};
use crate::span::Span;
use std::collections::HashMap;

/// godotenv's `Parse`, keeping every assignment with its spans. When godotenv refuses the
/// file, `entries` is empty and `problems` holds that one error, without the file text
/// godotenv quotes in its message (it may hold secrets); see [`error_text`].
pub fn parse(text: &str) -> EnvDocument {
    match run(text) {
        Ok(entries) => EnvDocument {
            entries,
            problems: Vec::new(),
        },
        Err(e) => EnvDocument {
            entries: Vec::new(),
            problems: vec![EnvProblem {
                span: e.line,
                message: e.safe,
            }],
        },
    }
}

/// godotenv's exact error message for `text`, if it refuses it. The message quotes file
/// text (the rest of the file after a bad key, or an unterminated value): never print it
/// for a file that may hold secrets. Meant for comparing with the real library.
pub fn error_text(text: &str) -> Option<String> {
    run(text).err().map(|e| e.exact)
}

struct ParseError {
    line: Span,
    safe: String,
    exact: String,
}

/// The text with `\r\n` replaced by `\n`, and each byte's offset in the original.
struct Source {
    bytes: Vec<u8>,
    orig: Vec<usize>,
}

impl Source {
    fn new(text: &str) -> Self {
        let raw = text.as_bytes();
        let mut bytes = Vec::with_capacity(raw.len());
        let mut orig = Vec::with_capacity(raw.len() + 1);
        let mut i = 0;
        while i < raw.len() {
            orig.push(i);
            if raw[i] == b'\r' && raw.get(i + 1) == Some(&b'\n') {
                bytes.push(b'\n');
                i += 2;
            } else {
                bytes.push(raw[i]);
                i += 1;
            }
        }
        orig.push(raw.len());
        Self { bytes, orig }
    }

    fn span(&self, a: usize, b: usize) -> Span {
        Span::new(self.orig[a], self.orig[b])
    }

    /// The char starting at byte `i` (the normalised text is valid UTF-8).
    fn char_at(&self, i: usize) -> Option<char> {
        let rest = self.bytes.get(i..)?;
        let len = rest.len().min(4);
        (1..=len).find_map(|l| std::str::from_utf8(&rest[..l]).ok()?.chars().next())
    }

    fn str(&self, a: usize, b: usize) -> String {
        String::from_utf8_lossy(&self.bytes[a..b]).into_owned()
    }

    fn line_span(&self, from: usize, to: usize) -> Span {
        let start = self.bytes[..from]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let end = self.bytes[to..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.bytes.len(), |i| to + i);
        self.span(start, end)
    }
}

/// godotenv's `isSpace`: spaces but not `\n`.
fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    )
}

/// Go's `unicode.IsLetter`/`IsNumber` for the Latin-1 rune a single byte stands for.
fn latin1_letter_or_number(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(b, 0xAA | 0xB5 | 0xBA | 0xB2 | 0xB3 | 0xB9 | 0xBC..=0xBE)
        || (0xC0..=0xFF).contains(&b) && b != 0xD7 && b != 0xF7
}

fn skip_chars(src: &Source, mut i: usize, pred: impl Fn(char) -> bool) -> usize {
    while let Some(c) = src.char_at(i) {
        if !pred(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

fn run(text: &str) -> Result<Vec<EnvEntry>, ParseError> {
    let src = Source::new(text);
    let mut vars: HashMap<String, String> = HashMap::new();
    let mut entries = Vec::new();
    let mut pos = 0;
    while let Some(start) = statement_start(&src, pos) {
        let (key, key_span, value_start) = locate_key(&src, start)?;
        let (value, raw, quote, rest) = extract_value(&src, value_start, &vars, start)?;
        vars.insert(key.clone(), value.clone());
        let value_span = match raw {
            Some((a, b)) => src.span(a, b),
            None => src.span(value_start, value_start),
        };
        let last = raw.map_or(value_start, |r| r.1);
        entries.push(EnvEntry {
            key,
            key_span,
            value,
            value_span,
            quote,
            line_span: src.line_span(start, last.max(start)),
        });
        match rest {
            Some(r) => pos = r,
            None => break,
        }
    }
    Ok(entries)
}

/// `getStatementStart`: the next byte that is neither a Unicode space nor in a comment.
fn statement_start(src: &Source, mut pos: usize) -> Option<usize> {
    loop {
        pos = skip_chars(src, pos, char::is_whitespace);
        if pos >= src.bytes.len() {
            return None;
        }
        if src.bytes[pos] != b'#' {
            return Some(pos);
        }
        pos += src.bytes[pos..].iter().position(|&b| b == b'\n')?;
    }
}

/// `locateKeyName`: the key, its span, and where the value starts.
fn locate_key(src: &Source, start: usize) -> Result<(String, Span, usize), ParseError> {
    let mut k = skip_chars(src, start, is_space);
    if src.bytes[k..].starts_with(b"export") && src.char_at(k + 6).is_some_and(is_space) {
        k = skip_chars(src, k + 6, is_space);
    }
    let mut sep = None;
    for (i, &b) in src.bytes[k..].iter().enumerate() {
        if is_space(char::from(b)) || b == b'_' {
            continue;
        }
        if b == b'=' || b == b':' {
            sep = Some(k + i);
            break;
        }
        if latin1_letter_or_number(b) || b == b'.' {
            continue;
        }
        let shown = go_quote(&String::from(char::from(b)));
        return Err(ParseError {
            line: src.line_span(start, start),
            safe: format!(
                "godotenv refuses the file: unexpected character {shown} in variable name"
            ),
            exact: format!(
                "unexpected character {shown} in variable name near {}",
                go_quote_bytes(&src.bytes[k..])
            ),
        });
    }
    if k >= src.bytes.len() {
        return Err(ParseError {
            line: src.line_span(start, start),
            safe: "godotenv refuses the file: zero length string".to_owned(),
            exact: "zero length string".to_owned(),
        });
    }
    // Without a separator godotenv keeps an empty key and reads the text as its value.
    let (key_end, after) = match sep {
        Some(s) => (s, s + 1),
        None => (k, k),
    };
    let mut end = key_end;
    while end > k {
        let prev = src.bytes[..end]
            .iter()
            .rposition(|b| (b & 0xC0) != 0x80)
            .unwrap_or(k);
        match src.char_at(prev) {
            Some(c) if c.is_whitespace() => end = prev,
            _ => break,
        }
    }
    let value_start = skip_chars(src, after, is_space);
    Ok((src.str(k, end), src.span(k, end), value_start))
}

type Extracted = (String, Option<(usize, usize)>, Quote, Option<usize>);

/// `extractVarValue`: the value, its raw byte range, its quoting, and where to go on.
fn extract_value(
    src: &Source,
    at: usize,
    vars: &HashMap<String, String>,
    statement: usize,
) -> Result<Extracted, ParseError> {
    let bytes = &src.bytes;
    let quote = match bytes.get(at) {
        Some(&q @ (b'"' | b'\'')) => q,
        _ => return Ok(unquoted(src, at, vars)),
    };
    let close = (at + 1..bytes.len()).find(|&i| bytes[i] == quote && bytes[i - 1] != b'\\');
    let Some(close) = close else {
        let end = bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| at + i);
        return Err(ParseError {
            line: src.line_span(statement, statement),
            safe: "godotenv refuses the file: unterminated quoted value".to_owned(),
            exact: format!(
                "unterminated quoted value {}",
                String::from_utf8_lossy(&bytes[at..end])
            ),
        });
    };
    // godotenv trims every quote char from both ends of the text before the closing quote.
    let mut a = at;
    let mut b = close;
    while b > a && bytes[b - 1] == quote {
        b -= 1;
    }
    while a < b && bytes[a] == quote {
        a += 1;
    }
    let inner = src.str(a, b);
    let (value, q) = if quote == b'"' {
        (
            expand_variables(&expand_escapes(&inner), vars),
            Quote::Double,
        )
    } else {
        (inner, Quote::Single)
    };
    Ok((value, Some((at, close + 1)), q, Some(close + 1)))
}

fn unquoted(src: &Source, at: usize, vars: &HashMap<String, String>) -> Extracted {
    let bytes = &src.bytes;
    let end_of_line = bytes[at..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map(|i| at + i);
    let eol = match end_of_line {
        Some(e) => e,
        None if at == bytes.len() => return (String::new(), None, Quote::None, None),
        None => bytes.len(),
    };
    // The last `#` that follows a space starts a comment.
    let line = src.str(at, eol);
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut cut = line.len();
    for i in (1..chars.len()).rev() {
        if chars[i].1 == '#' && is_space(chars[i - 1].1) {
            cut = chars[i].0;
            break;
        }
    }
    let kept = &line[..cut];
    let trimmed = kept.trim_matches(is_space);
    let lead = kept.len() - kept.trim_start_matches(is_space).len();
    let raw = if trimmed.is_empty() {
        None
    } else {
        Some((at + lead, at + lead + trimmed.len()))
    };
    (expand_variables(trimmed, vars), raw, Quote::None, Some(eol))
}

/// `expandEscapes`: `\n` and `\r` become line breaks, then a backslash before anything
/// but `$` is dropped.
fn expand_escapes(s: &str) -> String {
    let mut first = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        // Go's `.` does not match `\n`.
        if c == '\\' && chars.peek().is_some_and(|&n| n != '\n') {
            let n = chars.next().unwrap_or_default();
            match n {
                'n' => first.push('\n'),
                'r' => first.push('\r'),
                other => {
                    first.push('\\');
                    first.push(other);
                }
            }
        } else {
            first.push(c);
        }
    }
    let mut out = String::with_capacity(first.len());
    let mut chars = first.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|&n| n != '$') {
            out.push(chars.next().unwrap_or_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// `expandVariables`: `(\\)?(\$)(\()?\{?([A-Z0-9_]+)?\}?`, each match replaced.
fn expand_variables(s: &str, vars: &HashMap<String, String>) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut i = 0;
    while i < b.len() {
        let escaped = b[i] == b'\\' && b.get(i + 1) == Some(&b'$');
        if b[i] != b'$' && !escaped {
            i += 1;
            continue;
        }
        let mut j = i + usize::from(escaped) + 1;
        if b.get(j) == Some(&b'(') {
            j += 1;
        }
        if b.get(j) == Some(&b'{') {
            j += 1;
        }
        let name_start = j;
        while b
            .get(j)
            .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_')
        {
            j += 1;
        }
        let name = &s[name_start..j];
        if b.get(j) == Some(&b'}') {
            j += 1;
        }
        out.push_str(&s[last..i]);
        if escaped {
            out.push_str(&s[i + 1..j]);
        } else if !name.is_empty() {
            out.push_str(vars.get(name).map_or("", String::as_str));
        } else {
            out.push_str(&s[i..j]);
        }
        last = j;
        i = j;
    }
    out.push_str(&s[last..]);
    out
}

/// Go's `%q` of a string (`strconv.Quote`). Printability is approximated: control
/// characters, non-ASCII spaces and the common format characters are escaped as Go does;
/// unassigned code points, which Go would also escape, are kept (known limitation).
fn go_quote(s: &str) -> String {
    go_quote_bytes(s.as_bytes())
}

fn go_quote_bytes(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\u{7}' => out.push_str("\\a"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{b}' => out.push_str("\\v"),
                c if (c as u32) < 0x20 || c == '\u{7f}' => {
                    out.push_str(&format!("\\x{:02x}", c as u32));
                }
                c if go_printable(c) => out.push(c),
                c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push_str(&format!("\\U{:08x}", c as u32)),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out.push('"');
    out
}

fn go_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    let u = c as u32;
    !(c.is_control()
        || c.is_whitespace()
        || matches!(u, 0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E)
        || matches!(u, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F)
        || matches!(u, 0xD800..=0xF8FF | 0xFEFF | 0xFFF9..=0xFFFB | 0xFFFE | 0xFFFF)
        || (0xF0000..).contains(&u))
}

#[cfg(test)]
mod tests;
