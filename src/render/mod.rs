//! Rendering reports to text. Functions here return strings; the binary prints them.

pub mod human;
pub mod json;
pub mod resolve;

use crate::span::{LineIndex, Span};
use serde::Serialize;

/// A span as lines and columns (1-based, columns in characters) plus its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
}

impl Location {
    pub fn of(span: Span, text: &str, index: &LineIndex) -> Self {
        let start = index.line_col(text, span.start);
        let end = index.line_col(text, span.end);
        Self {
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            byte_start: span.start,
            byte_end: span.end,
        }
    }
}
