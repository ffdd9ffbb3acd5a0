//! Human output through miette: file, line, column, a labelled snippet, help, the rule code.
//!
//! Snippets are drawn from a copy of the text in which every secret value is replaced by `*`
//! of the same width, so the layout is unchanged and nothing secret is shown.
//!
//! Known limitation: the mask has one `*` per *byte*, so that every span of the diagnostic
//! still points at the same bytes. A secret with non-ASCII characters (`héllo`, 6 bytes)
//! therefore shows one `*` more than it has characters; nothing else shifts.

use crate::check::{CheckReport, FileReport};
use crate::rules::{Diagnostic, Severity};
use crate::span::LineIndex;
use crate::span::Span;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan};

/// The text a snippet is drawn from: secrets masked one `*` per byte (every span of the
/// original text stays valid); a lone CR, a line break to npm dotenv and YAML alike, shown
/// as one (LF, also one byte); other control characters (ESC, BEL...) shown as `?`, one per
/// byte, so a file cannot drive the terminal.
fn display_text(text: &str, secrets: &[Span]) -> String {
    let masked = crate::secrets::mask_as(text, secrets, crate::secrets::MaskWidth::Bytes);
    if !masked
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        return masked;
    }
    let mut out = String::with_capacity(masked.len());
    let mut chars = masked.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => out.push(c),
            '\r' => out.push('\n'),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.extend(std::iter::repeat_n('?', c.len_utf8())),
            c => out.push(c),
        }
    }
    out
}

struct Finding<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a Excerpt,
}

/// The masked text of one file with its line index, shared by all its findings. miette asks
/// it for a few lines around each span; answering from the index keeps a file with
/// thousands of findings linear (miette's own `str` source scans from the start each time).
struct Excerpt {
    name: String,
    text: String,
    lines: LineIndex,
}

impl miette::SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let (start, end) = (span.offset(), span.offset() + span.len());
        if end > self.text.len() {
            return Err(miette::MietteError::OutOfBounds);
        }
        let first = self.lines.line_of(start).saturating_sub(before).max(1);
        let last_of_span = self
            .lines
            .line_of(end.saturating_sub(usize::from(end > start)).max(start));
        let last = (last_of_span + after).min(self.lines.line_of(self.text.len()));
        let data_start = self.lines.line_start(first);
        let data_end = if last >= self.lines.line_of(self.text.len()) {
            self.text.len()
        } else {
            self.lines.line_start(last + 1)
        };
        // miette puts `line:column` of the span's start in the header.
        let column = self
            .text
            .get(self.lines.line_start(self.lines.line_of(start))..start)
            .map_or(0, |s| s.chars().count());
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[data_start..data_end],
            (data_start, data_end - data_start).into(),
            first - 1,
            column,
            last - first + 1,
        )))
    }
}

impl std::fmt::Debug for Finding<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::fmt::Display for Finding<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Finding<'_> {}

impl miette::Diagnostic for Finding<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        let rule = self.diagnostic.rule;
        Some(Box::new(format!("{}({})", rule.code(), rule.name())))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        let d = self.diagnostic;
        let fix = d.fix.as_ref().map(|f| {
            let how = match f.applicability {
                crate::rules::Applicability::Safe => "cosmo-s3 migrate --write",
                crate::rules::Applicability::Unsafe => "cosmo-s3 migrate --write --unsafe-fixes",
            };
            format!("fix: {} ({how})", f.title)
        });
        match (&d.help, fix) {
            (None, None) => None,
            (Some(h), None) => Some(Box::new(h.clone())),
            (None, Some(f)) => Some(Box::new(f)),
            (Some(h), Some(f)) => Some(Box::new(format!("{h}\n{f}"))),
        }
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let d = self.diagnostic;
        let primary = LabeledSpan::new_primary_with_span(
            Some(d.rule.name().to_string()),
            (d.span.start, d.span.len()),
        );
        let secondary = d.labels.iter().map(|l| {
            LabeledSpan::new_with_span(Some(l.message.clone()), (l.span.start, l.span.len()))
        });
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

/// How to draw.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_context_lines(1)
}

/// Render one file's findings (or its error).
pub fn file_report(report: &FileReport, style: Style) -> String {
    let mut out = String::new();
    let name = report.path.display().to_string();
    if report.error.is_some() {
        // The binary reports read errors on stderr; the summary counts the file.
        return out;
    }
    let masked = display_text(&report.text, &report.secret_spans);
    let source = Excerpt {
        lines: LineIndex::new(&masked),
        text: masked,
        name,
    };
    let handler = handler(style);
    for diagnostic in &report.diagnostics {
        let finding = Finding {
            diagnostic,
            source: &source,
        };
        let _ = handler.render_report(&mut out, &finding);
        out.push('\n');
    }
    out
}

/// Render the whole report, ending with a one-line summary.
pub fn check_report(report: &CheckReport, style: Style) -> String {
    let mut out = String::new();
    for file in &report.files {
        out.push_str(&file_report(file, style));
    }
    out.push_str(&summary_line(report.summary()));
    out
}

/// `3 files checked: 1 error, 2 warnings, 0 infos`
pub fn summary_line(s: crate::check::Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let unreadable = if s.unreadable == 0 {
        String::new()
    } else {
        format!(" ({} could not be read)", s.unreadable)
    };
    format!(
        "{} checked{unreadable}: {}, {}, {}\n",
        plural(s.files, "file"),
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_unreadable_files_apart() {
        let s = crate::check::Summary {
            files: 1,
            errors: 0,
            warnings: 2,
            infos: 1,
            unreadable: 1,
        };
        assert_eq!(
            summary_line(s),
            "1 file checked (1 could not be read): 0 errors, 2 warnings, 1 info\n"
        );
    }

    #[test]
    fn masking_keeps_width_and_layout() {
        let text = "A=1\nS3_SECRET_ACCESS_KEY=héllo\nB=2\n";
        let start = text.find("héllo").unwrap();
        let masked = display_text(text, &[Span::new(start, start + "héllo".len())]);
        assert_eq!(masked, "A=1\nS3_SECRET_ACCESS_KEY=******\nB=2\n");
        assert_eq!(masked.len(), text.len());
        let multi = display_text("K=\"ab\ncd\"\nX=1\n", &[Span::new(3, 8)]);
        assert_eq!(multi, "K=\"**\n**\"\nX=1\n");
    }

    #[test]
    fn overlapping_unsorted_or_mid_character_spans_hide_more_not_less() {
        let text = "S=abcdefgh\nT=é1\n";
        // Overlapping and out of order: all of 2..10 is hidden.
        let masked = display_text(text, &[Span::new(6, 10), Span::new(2, 7)]);
        assert_eq!(masked, "S=********\nT=é1\n");
        // A span starting inside `é` (bytes 13..15) is widened to the whole character.
        let masked = display_text(text, &[Span::new(14, 16)]);
        assert_eq!(masked, "S=abcdefgh\nT=***\n");
        assert_eq!(masked.len(), text.len());
    }

    #[test]
    fn a_lone_cr_is_shown_as_a_line_break_and_crlf_is_kept() {
        assert_eq!(display_text("A=1\rB=2\r\nC=3", &[]), "A=1\nB=2\r\nC=3");
    }

    #[test]
    fn terminal_control_characters_never_reach_a_snippet() {
        let text = "S3_REGION=\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{85}\tx";
        let shown = display_text(text, &[]);
        assert_eq!(shown, "S3_REGION=?]0;PWNED??[2J??\tx");
        assert_eq!(shown.len(), text.len());
    }
}
