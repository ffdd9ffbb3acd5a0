//! Build [`YamlNode`] trees from saphyr-parser events, with exact byte spans.
//!
//! saphyr reports positions in characters and lets a quoted scalar's span run over a
//! trailing comment, a block scalar's start at its content and a node's start at its anchor
//! or tag; we convert to bytes and recompute each of those ends from the text.

use super::scalar::resolve_plain;
use super::{ScalarStyle, ScalarValue, YamlEntry, YamlNode, YamlProblem, YamlProblemKind};
use super::{YamlValue, YamlValue::Scalar};
use crate::span::Span;
use saphyr_parser::{Event, Parser, ScalarStyle as SStyle};
use std::collections::HashMap;

/// Nodes copied through aliases, in total: a cap against "billion laughs" files.
const ALIAS_BUDGET: usize = 100_000;
/// Nesting depth cap, so that recursive walks over the tree cannot exhaust the stack.
const MAX_DEPTH: usize = 256;

/// Character index -> byte offset (identity for ASCII text).
struct CharMap {
    starts: Option<Vec<usize>>,
    len: usize,
}

impl CharMap {
    fn new(text: &str) -> Self {
        let starts = (!text.is_ascii()).then(|| {
            let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            v.push(text.len());
            v
        });
        Self {
            starts,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.starts {
            None => char_index.min(self.len),
            Some(v) => v.get(char_index).copied().unwrap_or(self.len),
        }
    }
}

enum Frame {
    Mapping {
        start: usize,
        flow: bool,
        anchor: usize,
        entries: Vec<YamlEntry>,
        key: Option<(YamlNode, bool)>,
        seen: HashMap<String, Span>,
        /// `<<` values, with the index in `entries` where they were written.
        merges: Vec<(usize, YamlNode)>,
    },
    Sequence {
        start: usize,
        flow: bool,
        anchor: usize,
        items: Vec<YamlNode>,
    },
}

pub(super) struct Output {
    pub root: Option<YamlNode>,
    pub problems: Vec<YamlProblem>,
}

struct Builder<'t> {
    text: &'t str,
    chars: CharMap,
    anchors: HashMap<usize, YamlNode>,
    stack: Vec<Frame>,
    problems: Vec<YamlProblem>,
    root: Option<YamlNode>,
    documents: usize,
    budget: usize,
    /// Byte offset where the previous event ended (block scalar headers lie after it).
    prev_end: usize,
}

pub(super) fn build(text: &str) -> Output {
    let mut b = Builder {
        text,
        chars: CharMap::new(text),
        anchors: HashMap::new(),
        stack: Vec::new(),
        problems: Vec::new(),
        root: None,
        documents: 0,
        budget: ALIAS_BUDGET,
        prev_end: 0,
    };
    let mut failed = false;
    for event in Parser::new_from_str(text) {
        match event {
            Ok((ev, span)) => {
                let start = b.chars.byte(span.start.index());
                let end = b.chars.byte(span.end.index());
                if let Err(problem) = b.on_event(ev, start, end.max(start)) {
                    b.problems.push(problem);
                    failed = true;
                    break;
                }
            }
            Err(e) => {
                let at = b.chars.byte(e.marker().index());
                let next = text[at..].chars().next().map_or(0, char::len_utf8);
                b.problems.push(syntax(Span::new(at, at + next), e.info()));
                failed = true;
                break;
            }
        }
    }
    Output {
        root: if failed { None } else { b.root },
        problems: b.problems,
    }
}

fn syntax(span: Span, message: &str) -> YamlProblem {
    YamlProblem {
        span,
        message: message.to_owned(),
        first: None,
        pointer: None,
        kind: YamlProblemKind::Syntax,
    }
}

impl Builder<'_> {
    fn on_event(&mut self, ev: Event<'_>, start: usize, end: usize) -> Result<(), YamlProblem> {
        let result = match ev {
            Event::DocumentStart(_) => {
                self.documents += 1;
                self.anchors.clear();
                Ok(())
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(syntax(Span::new(start, end), "nesting too deep"));
                }
                let at = self.skip_properties(start);
                let flow = matches!(self.text.as_bytes().get(at), Some(b'{' | b'['));
                let frame = if matches!(ev, Event::MappingStart(..)) {
                    Frame::Mapping {
                        start: at,
                        flow,
                        anchor,
                        entries: Vec::new(),
                        key: None,
                        seen: HashMap::new(),
                        merges: Vec::new(),
                    }
                } else {
                    Frame::Sequence {
                        start: at,
                        flow,
                        anchor,
                        items: Vec::new(),
                    }
                };
                self.stack.push(frame);
                Ok(())
            }
            Event::MappingEnd | Event::SequenceEnd => {
                // A flow end's span may run over a trailing comment: end at the bracket.
                let b = self.text.as_bytes();
                let end = if matches!(b.get(start), Some(b'}' | b']')) {
                    start + 1
                } else {
                    end
                };
                self.close(end)
            }
            Event::Scalar(value, style, anchor, tag) => {
                let node = self.scalar(&value, style, tag.as_deref(), start, end);
                self.complete(node, anchor)
            }
            Event::Alias(id) => {
                let Some(node) = self.anchors.get(&id).cloned() else {
                    return Err(syntax(Span::new(start, end), "unknown alias"));
                };
                let cost = count_nodes(&node);
                if cost > self.budget {
                    return Err(syntax(Span::new(start, end), "too many alias expansions"));
                }
                self.budget -= cost;
                self.complete(node, 0)
            }
            _ => Ok(()),
        };
        self.prev_end = end.max(self.prev_end);
        result
    }

    /// Skip an anchor (`&a`) and a tag (`!t`) and the blanks and comments after them.
    fn skip_properties(&self, mut at: usize) -> usize {
        let b = self.text.as_bytes();
        while matches!(b.get(at), Some(b'&' | b'!')) {
            while b.get(at).is_some_and(|c| !c.is_ascii_whitespace()) {
                at += 1;
            }
            at = skip_blank(b, at);
        }
        at
    }

    fn scalar(
        &self,
        value: &str,
        style: SStyle,
        tag: Option<&saphyr_parser::Tag>,
        start: usize,
        end: usize,
    ) -> YamlNode {
        let b = self.text.as_bytes();
        let (style, span) = match style {
            SStyle::SingleQuoted | SStyle::DoubleQuoted => {
                let at = self.skip_properties(start);
                let close = quoted_end(b, at).unwrap_or(end);
                let style = if b.get(at) == Some(&b'\'') {
                    ScalarStyle::SingleQuoted
                } else {
                    ScalarStyle::DoubleQuoted
                };
                (style, Span::new(at, close.max(at)))
            }
            SStyle::Literal | SStyle::Folded => {
                let header = block_header(b, self.prev_end, start).unwrap_or(start);
                let mut close = end;
                while close > start && b[close - 1].is_ascii_whitespace() {
                    close -= 1;
                }
                if close <= start {
                    close = header_end(b, header);
                }
                let style = if matches!(style, SStyle::Literal) {
                    ScalarStyle::Literal
                } else {
                    ScalarStyle::Folded
                };
                (style, Span::new(header, close.max(header)))
            }
            _ => {
                let at = self.skip_properties(start).min(end.max(start));
                (ScalarStyle::Plain, Span::new(at.min(end), end))
            }
        };
        let core = tag.filter(|t| t.handle == "tag:yaml.org,2002:");
        let typed = match (core.map(|t| t.suffix.as_str()), style) {
            (Some("str"), _) => ScalarValue::String(value.to_owned()),
            (Some(_), _) | (None, ScalarStyle::Plain) => resolve_plain(value),
            _ => ScalarValue::String(value.to_owned()),
        };
        YamlNode {
            value: Scalar {
                text: value.to_owned(),
                style,
                value: typed,
            },
            span,
        }
    }

    fn close(&mut self, end: usize) -> Result<(), YamlProblem> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let (node, anchor) = match frame {
            Frame::Sequence {
                start,
                flow,
                anchor,
                items,
            } => {
                let stop = if flow {
                    end
                } else {
                    items.last().map_or(start, |n| n.span.end)
                };
                let span = Span::new(start, stop.max(start));
                (
                    YamlNode {
                        value: YamlValue::Sequence(items),
                        span,
                    },
                    anchor,
                )
            }
            Frame::Mapping {
                start,
                flow,
                anchor,
                entries,
                merges,
                seen,
                ..
            } => {
                let stop = if flow {
                    end
                } else {
                    entries
                        .last()
                        .map(|e| e.value.span.end.max(e.key_span.end))
                        .into_iter()
                        .chain(merges.last().map(|m| m.1.span.end))
                        .max()
                        .unwrap_or(start)
                };
                let entries = self.apply_merges(entries, merges, &seen);
                let span = Span::new(start, stop.max(start));
                (
                    YamlNode {
                        value: YamlValue::Mapping(entries),
                        span,
                    },
                    anchor,
                )
            }
        };
        self.complete(node, anchor)
    }

    /// `<<` merges: keys written in the mapping win, then earlier merges over later ones.
    fn apply_merges(
        &mut self,
        entries: Vec<YamlEntry>,
        merges: Vec<(usize, YamlNode)>,
        seen: &HashMap<String, Span>,
    ) -> Vec<YamlEntry> {
        if merges.is_empty() {
            return entries;
        }
        let mut taken: std::collections::HashSet<String> = seen.keys().cloned().collect();
        let mut inserts: Vec<(usize, Vec<YamlEntry>)> = Vec::new();
        for (at, node) in merges {
            let sources: Vec<&YamlNode> = match &node.value {
                YamlValue::Mapping(_) => vec![&node],
                YamlValue::Sequence(items) => items.iter().collect(),
                YamlValue::Scalar { .. } => Vec::new(),
            };
            let mut added = Vec::new();
            for source in sources {
                let YamlValue::Mapping(from) = &source.value else {
                    self.problems.push(syntax(
                        source.span,
                        "a merge key (`<<`) takes a mapping or a list of mappings",
                    ));
                    continue;
                };
                for e in from {
                    if taken.insert(e.key.clone()) {
                        added.push(e.clone());
                    }
                }
            }
            if matches!(node.value, YamlValue::Scalar { .. }) {
                self.problems.push(syntax(
                    node.span,
                    "a merge key (`<<`) takes a mapping or a list of mappings",
                ));
            }
            inserts.push((at, added));
        }
        let mut out = Vec::new();
        let mut inserts = inserts.into_iter().peekable();
        for (i, e) in entries.into_iter().enumerate() {
            while let Some((_, added)) = inserts.next_if(|(at, _)| *at <= i) {
                out.extend(added);
            }
            out.push(e);
        }
        for (_, added) in inserts {
            out.extend(added);
        }
        out
    }

    /// A finished node: remember its anchor, then hand it to its parent.
    fn complete(&mut self, node: YamlNode, anchor: usize) -> Result<(), YamlProblem> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let documents = self.documents;
        let Some((top, parents)) = self.stack.split_last_mut() else {
            if documents <= 1 && self.root.is_none() {
                self.root = Some(node);
            }
            return Ok(());
        };
        match top {
            Frame::Sequence { items, .. } => items.push(node),
            Frame::Mapping {
                entries,
                key,
                seen,
                merges,
                ..
            } => match key.take() {
                None => {
                    let is_merge = matches!(&node.value,
                        Scalar { text, style: ScalarStyle::Plain, .. } if text == "<<");
                    *key = Some((node, is_merge));
                }
                Some((_, true)) => merges.push((entries.len(), node)),
                Some((k, false)) => {
                    let name = key_text(self.text, &k);
                    if let Some(first) = seen.get(&name) {
                        // Only the first document is read; later ones are not checked.
                        if documents <= 1 {
                            let pointer =
                                format!("{}/{}", pointer_to(parents, self.text), escape(&name));
                            self.problems.push(YamlProblem {
                                span: k.span,
                                message: format!("duplicate key \"{name}\""),
                                first: Some(*first),
                                pointer: Some(pointer),
                                kind: YamlProblemKind::DuplicateKey,
                            });
                        }
                    } else {
                        seen.insert(name.clone(), k.span);
                    }
                    entries.push(YamlEntry {
                        key: name,
                        key_span: k.span,
                        value: node,
                    });
                }
            },
        }
        Ok(())
    }
}

/// The JSON pointer of the node the innermost of `frames` is building: each enclosing
/// mapping's pending key, each enclosing sequence's next index (a `<<` merge adds nothing).
fn pointer_to(frames: &[Frame], text: &str) -> String {
    let mut out = String::new();
    for frame in frames {
        match frame {
            Frame::Mapping {
                key: Some((k, false)),
                ..
            } => {
                out.push('/');
                out.push_str(&escape(&key_text(text, k)));
            }
            Frame::Sequence { items, .. } => out.push_str(&format!("/{}", items.len())),
            Frame::Mapping { .. } => {}
        }
    }
    out
}

/// One JSON pointer token (RFC 6901): `~` as `~0`, `/` as `~1`.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A key as text: a scalar's decoded text, otherwise the key as written.
fn key_text(text: &str, key: &YamlNode) -> String {
    match &key.value {
        Scalar { text, .. } => text.clone(),
        _ => key.span.slice(text).to_owned(),
    }
}

fn count_nodes(node: &YamlNode) -> usize {
    1 + match &node.value {
        YamlValue::Scalar { .. } => 0,
        YamlValue::Sequence(items) => items.iter().map(count_nodes).sum(),
        YamlValue::Mapping(entries) => entries.iter().map(|e| 1 + count_nodes(&e.value)).sum(),
    }
}

/// Skip spaces, tabs, line breaks and comments.
fn skip_blank(b: &[u8], mut at: usize) -> usize {
    loop {
        match b.get(at) {
            Some(b' ' | b'\t' | b'\r' | b'\n') => at += 1,
            Some(b'#') => {
                while b.get(at).is_some_and(|&c| c != b'\n') {
                    at += 1;
                }
            }
            _ => return at,
        }
    }
}

/// One past the closing quote of the quoted scalar opening at `at`.
fn quoted_end(b: &[u8], at: usize) -> Option<usize> {
    let quote = *b.get(at)?;
    let mut i = at + 1;
    while i < b.len() {
        match b[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The `|` or `>` that introduces a block scalar whose content starts at `content`.
fn block_header(b: &[u8], from: usize, content: usize) -> Option<usize> {
    let mut i = from.min(content);
    while i < content {
        match b[i] {
            b'|' | b'>' => return Some(i),
            b'#' if i == 0 || b[i - 1].is_ascii_whitespace() => {
                while i < content && b[i] != b'\n' {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// End of a block scalar header (`|`, `>-`, `|2+`).
fn header_end(b: &[u8], header: usize) -> usize {
    let mut i = header + 1;
    while b
        .get(i)
        .is_some_and(|c| matches!(c, b'-' | b'+') || c.is_ascii_digit())
    {
        i += 1;
    }
    i.min(b.len())
}
