//! The unified diff `migrate` shows, with secret values masked.
//!
//! Both texts are masked first (each secret character becomes `*`, so widths stay and a
//! changed secret still shows as a changed line), then diffed line by line with 3 lines of
//! context. Line ends are not printed as text: a CRLF file diffs like an LF one.

use crate::secrets::mask;
use crate::span::Span;
use similar::{ChangeTag, TextDiff};
use std::fmt::Write as _;
use std::time::Duration;

const CONTEXT_LINES: usize = 3;
/// Past this the diff algorithm settles for a coarser (still correct) answer.
const DIFF_TIMEOUT: Duration = Duration::from_secs(2);

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// One side of the diff: its text, the label printed in the header, and the byte spans
/// of the secret values in that text (see [`crate::secrets::masked_spans`]).
#[derive(Debug, Clone, Copy)]
pub struct DiffSide<'a> {
    pub label: &'a str,
    pub text: &'a str,
    pub secrets: &'a [Span],
}

/// A unified diff from `old` to `new`, or an empty string when they are equal.
///
/// `color` adds ANSI colours; the binary decides (terminal, `NO_COLOR`).
pub fn unified_diff(old: DiffSide<'_>, new: DiffSide<'_>, color: bool) -> String {
    if old.text == new.text {
        return String::new();
    }
    let old_masked = mask(old.text, old.secrets);
    let new_masked = mask(new.text, new.secrets);
    let diff = TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_lines(old_masked.as_str(), new_masked.as_str());

    let paint = |out: &mut String, colour: Option<&str>, line: &str| match colour {
        Some(code) if color => {
            let _ = writeln!(out, "{code}{line}{RESET}");
        }
        _ => {
            let _ = writeln!(out, "{line}");
        }
    };

    let mut out = String::new();
    paint(
        &mut out,
        Some(BOLD),
        &format!("--- {}", printable(old.label)),
    );
    paint(
        &mut out,
        Some(BOLD),
        &format!("+++ {}", printable(new.label)),
    );
    for hunk in diff
        .unified_diff()
        .context_radius(CONTEXT_LINES)
        .iter_hunks()
    {
        paint(&mut out, Some(CYAN), &hunk.header().to_string());
        for change in hunk.iter_changes() {
            let (sign, colour) = match change.tag() {
                ChangeTag::Equal => (' ', None),
                ChangeTag::Delete => ('-', Some(RED)),
                ChangeTag::Insert => ('+', Some(GREEN)),
            };
            let line = format!("{sign}{}", printable(strip_line_end(change.value())));
            paint(&mut out, colour, &line);
            if change.missing_newline() {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
    out
}

fn strip_line_end(line: &str) -> &str {
    line.strip_suffix('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .unwrap_or(line)
}

/// Control characters (other than tab) shown in caret form, so a file cannot send escape
/// sequences to the terminal through the diff.
fn printable(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\t' => out.push(c),
            '\u{7f}' => out.push_str("^?"),
            c if (c as u32) < 0x20 => {
                out.push('^');
                out.push(char::from(b'@' + c as u8));
            }
            c => out.push(c),
        }
    }
    out
}
