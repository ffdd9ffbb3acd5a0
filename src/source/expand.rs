//! Go's `os.ExpandEnv`, which the router runs over each config file's whole text before
//! YAML parsing (DESIGN.md §3), with a map from the expanded text back to the original.
//!
//! Go's rules (`os.Expand` + `getShellName`), byte by byte: a `$` that is the last byte
//! stays; `${` starts a braced name that runs to the next `}` anywhere later (across
//! lines); `${}` and a `${` with no `}` after it are eaten; `${X}` with X one special
//! character is that special variable; `$` followed by one of `*#$@!?-` or a digit is a
//! special variable; `$` followed by ASCII letters, digits and `_` is a bare name; `$`
//! followed by anything else stays. Substituted values are not scanned again.

use crate::span::Span;

/// What a `$` reference is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefKind {
    /// `${NAME}` with a plain name (`[A-Za-z_][A-Za-z0-9_]*`).
    Braced(String),
    /// `$NAME`.
    Bare(String),
    /// `$$`, `$1`, `$@`, `${1}`, ...: a special shell variable (normally empty). Holds its name.
    Special(String),
    /// `${}` or `${...}` whose text is no plain name (`${A:-b}`, `${ X }`). Holds the text
    /// between the braces; Go looks it up verbatim, which normally gives an empty string.
    BadBrace(String),
    /// A `${` with no `}` on its own line: it swallows everything up to the next `}` later in
    /// the file, or is eaten when no `}` follows at all.
    Unclosed,
}

/// One `$` reference in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// From the `$` through the closing `}` or the end of the name.
    pub span: Span,
    pub kind: RefKind,
}

impl Reference {
    /// The name Go passes to its lookup, or `None` when Go looks nothing up (a `${` eaten
    /// at the end, `${}`).
    pub fn lookup_name(&self) -> Option<&str> {
        match &self.kind {
            RefKind::Braced(n) | RefKind::Bare(n) | RefKind::Special(n) => Some(n),
            RefKind::BadBrace(n) if !n.is_empty() => Some(n),
            _ => None,
        }
    }
}

/// Go's `isShellSpecialVar`.
fn is_special(b: u8) -> bool {
    matches!(b, b'*' | b'#' | b'$' | b'@' | b'!' | b'?' | b'-') || b.is_ascii_digit()
}

fn is_alnum(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric()
}

fn is_plain_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty() && !b[0].is_ascii_digit() && b.iter().all(|&c| is_alnum(c))
}

/// What Go does at a `$` at byte `j`: the reference (if any) and the lookup name.
/// `None` means the `$` stays as text.
fn reference_at(text: &str, j: usize) -> Option<(Reference, Option<String>)> {
    let b = text.as_bytes();
    let s = &b[j + 1..];
    let first = *s.first()?;
    let make = |len: usize, kind: RefKind, name: Option<String>| {
        Some((
            Reference {
                span: Span::new(j, j + 1 + len),
                kind,
            },
            name,
        ))
    };
    if first == b'{' {
        if s.len() > 2 && is_special(s[1]) && s[2] == b'}' {
            let name = text[j + 2..j + 3].to_owned();
            return make(3, RefKind::Special(name.clone()), Some(name));
        }
        let Some(close) = s.iter().skip(1).position(|&c| c == b'}').map(|p| p + 1) else {
            // Bad syntax: Go eats the `${` and keeps what follows.
            return make(1, RefKind::Unclosed, None);
        };
        if close == 1 {
            return make(2, RefKind::BadBrace(String::new()), None);
        }
        let inner = &text[j + 2..j + 1 + close];
        let kind = if inner.contains('\n') {
            RefKind::Unclosed
        } else if is_plain_name(inner) {
            RefKind::Braced(inner.to_owned())
        } else {
            RefKind::BadBrace(inner.to_owned())
        };
        return make(close + 1, kind, Some(inner.to_owned()));
    }
    if is_special(first) {
        let name = char::from(first).to_string();
        return make(1, RefKind::Special(name.clone()), Some(name));
    }
    let len = s.iter().take_while(|&&c| is_alnum(c)).count();
    if len == 0 {
        return None;
    }
    let name = text[j + 1..j + 1 + len].to_owned();
    make(len, RefKind::Bare(name.clone()), Some(name))
}

/// Every reference `os.ExpandEnv` would act on, in order.
pub fn scan(text: &str) -> Vec<Reference> {
    let b = text.as_bytes();
    let mut refs = Vec::new();
    let mut j = 0;
    while j < b.len() {
        if b[j] == b'$' && j + 1 < b.len() {
            if let Some((r, _)) = reference_at(text, j) {
                j = r.span.end;
                refs.push(r);
                continue;
            }
        }
        j += 1;
    }
    refs
}

/// A piece of the expanded text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub expanded: Span,
    pub original: Span,
    /// True when the piece is a reference's substitution (possibly empty).
    pub substituted: bool,
}

/// The result of `os.ExpandEnv`, mappable back to the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    pub text: String,
    /// Consecutive pieces covering the expanded text (and the original) in order.
    pub pieces: Vec<Piece>,
}

/// Go's `os.Expand(text, lookup)`; a `None` from `lookup` counts as empty, as in `os.Getenv`.
pub fn expand(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Expansion {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut pieces = Vec::new();
    let mut literal_start = 0;
    let mut j = 0;
    let push_literal = |out: &mut String, pieces: &mut Vec<Piece>, from: usize, to: usize| {
        if from < to {
            let at = out.len();
            out.push_str(&text[from..to]);
            pieces.push(Piece {
                expanded: Span::new(at, out.len()),
                original: Span::new(from, to),
                substituted: false,
            });
        }
    };
    while j < b.len() {
        if b[j] == b'$' && j + 1 < b.len() {
            if let Some((r, name)) = reference_at(text, j) {
                push_literal(&mut out, &mut pieces, literal_start, j);
                let value = name.and_then(|n| lookup(&n)).unwrap_or_default();
                let at = out.len();
                out.push_str(&value);
                pieces.push(Piece {
                    expanded: Span::new(at, out.len()),
                    original: r.span,
                    substituted: true,
                });
                j = r.span.end;
                literal_start = j;
                continue;
            }
        }
        j += 1;
    }
    push_literal(&mut out, &mut pieces, literal_start, b.len());
    Expansion { text: out, pieces }
}

impl Expansion {
    /// The original span of `expanded`: text outside references maps byte for byte; an end
    /// that falls in (or touches only) substituted text widens to the whole reference.
    pub fn original_span(&self, expanded: Span) -> Span {
        if expanded.is_empty() {
            // An empty node sitting where an (empty or not) substitution is: that reference.
            if let Some(p) = self.pieces.iter().find(|p| {
                p.substituted
                    && p.expanded.start <= expanded.start
                    && expanded.start <= p.expanded.end
                    && (p.expanded.is_empty() || expanded.start < p.expanded.end)
            }) {
                return p.original;
            }
            // `key: ${EMPTY}` reads as `key: ` and the parser puts the null at the `:`: the
            // reference after it (past blanks) is where the value was written.
            let rest = self.text.get(expanded.start..).unwrap_or("");
            let rest = rest.strip_prefix(':').unwrap_or(rest);
            let at = self.text.len() - rest.trim_start_matches([' ', '\t']).len();
            if let Some(p) = self
                .pieces
                .iter()
                .find(|p| p.substituted && p.expanded.is_empty() && p.expanded.start == at)
            {
                return p.original;
            }
            let at = self.map_offset(expanded.start, true);
            return Span::empty(at);
        }
        let start = self.map_offset(expanded.start, true);
        let end =
            self.trailing_empty_substitutions(expanded.end, self.map_offset(expanded.end, false));
        Span::new(start, end.max(start))
    }

    /// `end` moved past references that expanded to nothing right where the node ends: the
    /// text they removed (`b${EMPTY}`, or a block scalar's lines swallowed by an unclosed
    /// `${`) belongs to the node as written, and a secret's mask must cover it.
    fn trailing_empty_substitutions(&self, expanded_end: usize, mut end: usize) -> usize {
        for p in &self.pieces {
            if p.expanded.start > expanded_end || p.original.start > end {
                break;
            }
            if p.substituted
                && p.expanded.is_empty()
                && p.expanded.start == expanded_end
                && p.original.start == end
            {
                end = p.original.end;
            }
        }
        end
    }

    /// Map one offset; `as_start` picks the piece beginning at a boundary, otherwise the one
    /// ending there.
    fn map_offset(&self, offset: usize, as_start: bool) -> usize {
        let inside = |p: &&Piece| {
            if as_start {
                p.expanded.start <= offset && offset < p.expanded.end
            } else {
                p.expanded.start < offset && offset <= p.expanded.end
            }
        };
        match self.pieces.iter().find(inside) {
            Some(p) if p.substituted => {
                if as_start {
                    p.original.start
                } else {
                    p.original.end
                }
            }
            Some(p) => p.original.start + (offset - p.expanded.start),
            None => self.pieces.last().map_or(offset, |p| {
                if offset >= p.expanded.end {
                    p.original.end
                } else {
                    offset
                }
            }),
        }
    }
}

#[cfg(test)]
mod tests;
