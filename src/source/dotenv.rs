//! npm `dotenv` 16.6.1 `parse()`, byte for byte, with spans.
//!
//! dotenv runs one JavaScript regular expression (`LINE` in `lib/main.js`) with the `m` and
//! `g` flags over the text after turning every `\r\n` and lone `\r` into `\n`. Its matches,
//! not its lines, decide what is read: leading `\s*` may cross blank lines, a trailing
//! `\s*` may swallow the next comment line, a quoted value may run over several lines and
//! `KEY=` followed by a line break may even take a quoted value from the next line. To be
//! exact we do not approximate that with line rules: [`match_at`] is a small backtracking
//! matcher for that one expression, trying alternatives in the order the JS engine does.
//!
//! JS details that matter: `\s` includes U+FEFF (so a UTF-8 BOM is skipped), U+00A0 and the
//! Unicode spaces; `^`/`$` with `m` also break at U+2028/U+2029; `.` stops at all four line
//! terminators; `\w` is ASCII only.

use super::env::{EnvDocument, EnvEntry, EnvProblem, Quote};
use crate::span::Span;

/// The text after dotenv's `\r\n?` -> `\n` normalisation, as chars, with the original byte
/// offset of each char (and one past the end) so spans point into the text as read.
struct Normalized {
    chars: Vec<char>,
    orig: Vec<usize>,
}

impl Normalized {
    fn new(text: &str) -> Self {
        let mut chars = Vec::with_capacity(text.len());
        let mut orig = Vec::with_capacity(text.len() + 1);
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            orig.push(i);
            if c == '\r' {
                if let Some(&(_, '\n')) = iter.peek() {
                    iter.next();
                }
                chars.push('\n');
            } else {
                chars.push(c);
            }
        }
        orig.push(text.len());
        Self { chars, orig }
    }

    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// Original byte span of the char range `a..b`.
    fn span(&self, a: usize, b: usize) -> Span {
        Span::new(self.orig[a], self.orig[b])
    }
}

/// JavaScript `\s` (WhiteSpace + LineTerminator), which is also what `String.trim` removes.
fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// One successful `LINE` match, as char indexes into the normalised text.
struct LineMatch {
    key: (usize, usize),
    /// End of the separator (`=` or `:` plus the whitespace the lazy `\s*?` took).
    sep_end: usize,
    /// Capture group 2 (the raw value), absent when the optional group did not take part.
    value: Option<(usize, usize)>,
    end: usize,
}

fn skip_ws(n: &Normalized, mut i: usize) -> usize {
    while n.at(i).is_some_and(is_js_space) {
        i += 1;
    }
    i
}

/// `$` with the `m` flag.
fn at_line_end(n: &Normalized, i: usize) -> bool {
    n.at(i).is_none_or(is_line_terminator)
}

/// `\s*(?:#.*)?(?:$|$)` from `i`: the end of the first way it matches, in JS priority order.
fn match_tail(n: &Normalized, i: usize) -> Option<usize> {
    let max = skip_ws(n, i);
    // Greedy `\s*` gives back one char at a time.
    for ws_end in (i..=max).rev() {
        if n.at(ws_end) == Some('#') {
            let mut j = ws_end + 1;
            while n.at(j).is_some_and(|c| !is_line_terminator(c)) {
                j += 1;
            }
            // `.*` stops at a terminator or the end, where `$` always holds.
            return Some(j);
        }
        if at_line_end(n, ws_end) {
            return Some(ws_end);
        }
    }
    None
}

/// Closing-quote candidates for `q(?:\\q|[^q])*q` whose opening quote is at `open`, in the
/// order a backtracking engine tries them: the first unescaped quote, then each escaped
/// quote before it, nearest first.
fn closing_quotes(n: &Normalized, open: usize, q: char) -> Vec<usize> {
    let mut escaped = Vec::new();
    let mut i = open + 1;
    loop {
        match n.at(i) {
            None => break,
            Some('\\') if n.at(i + 1) == Some(q) => {
                escaped.push(i + 1);
                i += 2;
            }
            Some(c) if c == q => {
                escaped.push(i);
                escaped.reverse();
                return escaped;
            }
            Some(_) => i += 1,
        }
    }
    escaped.reverse();
    escaped
}

/// Try the `LINE` expression anchored at char index `p` (a line start).
fn match_at(n: &Normalized, p: usize) -> Option<LineMatch> {
    let i = skip_ws(n, p);
    // `(?:export\s+)?`: only the longest whitespace run can be followed by a key char.
    if n.chars[i..].starts_with(&['e', 'x', 'p', 'o', 'r', 't']) {
        let after = i + 6;
        let ws_end = skip_ws(n, after);
        if ws_end > after && n.at(ws_end).is_some_and(is_key_char) {
            if let Some(m) = match_from_key(n, ws_end) {
                return Some(m);
            }
        }
    }
    if !n.at(i).is_some_and(is_key_char) {
        return None;
    }
    // `export` not followed by whitespace (or by no usable key) is an ordinary key.
    match_from_key(n, i)
}

fn match_from_key(n: &Normalized, key_start: usize) -> Option<LineMatch> {
    let mut key_end = key_start;
    while n.at(key_end).is_some_and(is_key_char) {
        key_end += 1;
    }
    // A shorter key would be followed by a key char, which no separator starts with.
    let mut seps = Vec::new();
    let ws = skip_ws(n, key_end);
    if n.at(ws) == Some('=') {
        let max = skip_ws(n, ws + 1);
        seps.extend((ws + 1)..=max); // lazy `\s*?`: shortest first
    }
    if n.at(key_end) == Some(':') {
        let max = skip_ws(n, key_end + 1);
        seps.extend((key_end + 2)..=max); // lazy `\s+?`
    }
    for sep_end in seps {
        if let Some((value, end)) = match_value_and_tail(n, sep_end) {
            return Some(LineMatch {
                key: (key_start, key_end),
                sep_end,
                value,
                end,
            });
        }
    }
    None
}

type ValueMatch = (Option<(usize, usize)>, usize);

/// The optional value group followed by the tail, from `start`.
fn match_value_and_tail(n: &Normalized, start: usize) -> Option<ValueMatch> {
    let open = skip_ws(n, start);
    for q in ['\'', '"', '`'] {
        if n.at(open) == Some(q) {
            for close in closing_quotes(n, open, q) {
                if let Some(end) = match_tail(n, close + 1) {
                    return Some((Some((start, close + 1)), end));
                }
            }
        }
    }
    // `[^#\r\n]+`, greedy.
    let mut max = start;
    while n
        .at(max)
        .is_some_and(|c| c != '#' && c != '\r' && c != '\n')
    {
        max += 1;
    }
    for v_end in ((start + 1)..=max).rev() {
        if let Some(end) = match_tail(n, v_end) {
            return Some((Some((start, v_end)), end));
        }
    }
    match_tail(n, start).map(|end| (None, end))
}

/// npm dotenv's `parse()`, keeping every assignment with its spans, and the lines it skips.
pub fn parse(text: &str) -> EnvDocument {
    let n = Normalized::new(text);
    let mut doc = EnvDocument::default();
    // Lines (as char ranges of the normalised text) that some match read.
    let mut covered: Vec<(usize, usize)> = Vec::new();
    let mut pos = 0;
    while pos <= n.chars.len() {
        // `^` with `m`: the start, or right after a line terminator.
        let is_line_start = pos == 0 || n.at(pos - 1).is_some_and(is_line_terminator);
        if !is_line_start {
            pos += 1;
            continue;
        }
        let Some(m) = match_at(&n, pos) else {
            pos += 1;
            continue;
        };
        doc.entries.push(entry_from(&n, &m));
        let last = m.value.map_or(m.sep_end, |v| v.1);
        covered.push((m.key.0, last));
        pos = m.end.max(pos + 1);
    }
    doc.problems = skipped_lines(&n, &covered);
    doc
}

fn entry_from(n: &Normalized, m: &LineMatch) -> EnvEntry {
    let key: String = n.chars[m.key.0..m.key.1].iter().collect();
    let (raw_start, raw_end) = match m.value {
        Some((a, b)) => {
            // `value.trim()`
            let mut a = a;
            let mut b = b;
            while a < b && is_js_space(n.chars[a]) {
                a += 1;
            }
            while b > a && is_js_space(n.chars[b - 1]) {
                b -= 1;
            }
            (a, b)
        }
        None => (m.sep_end, m.sep_end),
    };
    let raw = &n.chars[raw_start..raw_end];
    let first = raw.first().copied();
    // `/^(['"`])([\s\S]*)\1$/mg`: a value that starts and ends with the same quote loses
    // both. (A match further in would need a line break, and every value with one starts
    // and ends with its quote, so the first match is the whole value.)
    let stripped =
        raw.len() >= 2 && matches!(first, Some('\'' | '"' | '`')) && raw.last().copied() == first;
    let body = if stripped {
        &raw[1..raw.len() - 1]
    } else {
        raw
    };
    let mut value: String = body.iter().collect();
    if first == Some('"') {
        value = value.replace("\\n", "\n").replace("\\r", "\r");
    }
    let quote = match (stripped, first) {
        (true, Some('\'')) => Quote::Single,
        (true, Some('"')) => Quote::Double,
        (true, Some('`')) => Quote::Backtick,
        _ => Quote::None,
    };
    let value_span = if m.value.is_some() {
        n.span(raw_start, raw_end)
    } else {
        // Empty value: right after the separator character.
        let sep_char = m.sep_end.min(after_separator(n, m.key.1));
        n.span(sep_char, sep_char)
    };
    let line_start = line_start_of(n, m.key.0);
    let line_end = line_end_of(n, raw_end.max(m.key.1));
    EnvEntry {
        key,
        key_span: n.span(m.key.0, m.key.1),
        value,
        value_span,
        quote,
        line_span: n.span(line_start, line_end),
    }
}

/// Index right after the `=` or `:` that follows the key.
fn after_separator(n: &Normalized, key_end: usize) -> usize {
    let mut i = key_end;
    while let Some(c) = n.at(i) {
        i += 1;
        if c == '=' || c == ':' {
            break;
        }
    }
    i
}

fn line_start_of(n: &Normalized, mut i: usize) -> usize {
    while i > 0 && n.chars[i - 1] != '\n' {
        i -= 1;
    }
    i
}

fn line_end_of(n: &Normalized, mut i: usize) -> usize {
    while n.at(i).is_some_and(|c| c != '\n') {
        i += 1;
    }
    i
}

/// Lines no match read that are neither blank nor comments: dotenv drops them silently.
fn skipped_lines(n: &Normalized, covered: &[(usize, usize)]) -> Vec<EnvProblem> {
    let mut problems = Vec::new();
    let mut start = 0;
    let mut covered = covered.iter().peekable();
    while start <= n.chars.len() {
        let end = line_end_of(n, start);
        while covered.peek().is_some_and(|c| c.1 < start) {
            covered.next();
        }
        let read = covered.peek().is_some_and(|c| c.0 <= end && start <= c.1);
        let first = n.chars[start..end].iter().find(|c| !is_js_space(**c));
        if !read && first.is_some_and(|c| *c != '#') {
            problems.push(EnvProblem {
                span: n.span(start, end),
                message: "npm dotenv ignores this line: it is not `KEY=VALUE` \
                          (a key holds only letters, digits, `_`, `.` and `-`)"
                    .to_owned(),
            });
        }
        start = end + 1;
    }
    problems
}

#[cfg(test)]
mod tests;
