//! `--format json` for `check` (DESIGN.md §6, `"version": 1`).

use super::Location;
use crate::check::{CheckReport, FileReport};
use crate::rules::Diagnostic;
use crate::span::LineIndex;
use serde_json::{Value, json};

/// The whole report as one JSON document (pretty, trailing newline).
pub fn check_report(report: &CheckReport) -> String {
    let files: Vec<Value> = report.files.iter().map(file).collect();
    let doc = json!({
        "version": 1,
        "files": files,
        "summary": report.summary(),
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

/// One file's entry as pretty JSON, each line indented by `indent` spaces (for streaming
/// the `files` array one report at a time).
pub fn file_entry(report: &FileReport, indent: usize) -> String {
    let text = serde_json::to_string_pretty(&file(report)).unwrap_or_default();
    let pad = " ".repeat(indent);
    text.lines()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn file(report: &FileReport) -> Value {
    let mut obj = serde_json::Map::new();
    obj.insert("path".into(), json!(report.path.display().to_string()));
    obj.insert("kind".into(), json!(report.kind.map(|k| k.as_str())));
    if let Some(error) = &report.error {
        obj.insert("error".into(), json!({ "message": error }));
        return Value::Object(obj);
    }
    let index = LineIndex::new(&report.text);
    let diagnostics: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| diagnostic(d, &report.text, &index))
        .collect();
    obj.insert("diagnostics".into(), Value::Array(diagnostics));
    Value::Object(obj)
}

fn diagnostic(d: &Diagnostic, text: &str, index: &LineIndex) -> Value {
    let mut obj = serde_json::Map::new();
    obj.insert("code".into(), json!(d.rule.code()));
    obj.insert("rule".into(), json!(d.rule.name()));
    obj.insert("severity".into(), json!(d.severity.as_str()));
    obj.insert("message".into(), json!(d.message));
    obj.insert("help".into(), json!(d.help));
    obj.insert("pointer".into(), json!(d.pointer));
    obj.insert("location".into(), json!(Location::of(d.span, text, index)));
    if !d.labels.is_empty() {
        let labels: Vec<Value> = d
            .labels
            .iter()
            .map(|l| json!({ "message": l.message, "location": Location::of(l.span, text, index) }))
            .collect();
        obj.insert("labels".into(), Value::Array(labels));
    }
    if let Some(fix) = &d.fix {
        obj.insert(
            "fix".into(),
            json!({ "applicability": fix.applicability, "title": fix.title }),
        );
    }
    Value::Object(obj)
}
