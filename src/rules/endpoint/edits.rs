//! Fixes of the endpoint family that `rules::fixes` does not already build.
//!
//! Each edits a value only where the text as written is exactly the value the component
//! reads (no escapes, no `${…}` substitution): otherwise there is no certain edit and the
//! rule reports without a fix.

use crate::model::settings::Setting;
use crate::rules::{Applicability, Edit, Fix};
use crate::source::EnvDocument;
use crate::span::Span;

/// The value's span without its quotes, when the text there is the value itself.
fn literal_inside(text: &str, setting: &Setting) -> Option<Span> {
    let raw = setting.span.slice(text);
    let inner = match raw.chars().next() {
        Some(q @ ('"' | '\'' | '`')) if raw.len() >= 2 && raw.ends_with(q) => {
            Span::new(setting.span.start + 1, setting.span.end - 1)
        }
        _ => setting.span,
    };
    (inner.slice(text) == setting.value).then_some(inner)
}

/// CS301 without a scheme: delete `user[:password]@` from the endpoint. Safe: minio-go
/// drops the userinfo anyway.
pub(super) fn strip_userinfo(text: &str, endpoint: &Setting) -> Option<Fix> {
    let inner = literal_inside(text, endpoint)?;
    let value = &endpoint.value;
    let authority_end = value.find(['/', '?', '#']).unwrap_or(value.len());
    let at = value[..authority_end].rfind('@')?;
    Some(Fix {
        applicability: Applicability::Safe,
        title: "Remove the userinfo minio-go ignores from the endpoint".into(),
        edits: vec![Edit::delete(Span::new(inner.start, inner.start + at + 1))],
    })
}

/// CS302 when the path is the bucket: delete the path. Unsafe: the router then starts and
/// talks to the host, which it did not before.
pub(super) fn delete_endpoint_path(text: &str, endpoint: &Setting, path: &str) -> Option<Fix> {
    let inner = literal_inside(text, endpoint)?;
    let start = endpoint.value.find(path)?;
    Some(Fix {
        applicability: Applicability::Unsafe,
        title: format!("Remove the path `{path}` from the endpoint"),
        edits: vec![Edit::delete(Span::new(
            inner.start + start,
            inner.start + start + path.len(),
        ))],
    })
}

/// CS306 / CS307: put `region` (an AWS region: plain letters, digits and `-`, safe unquoted
/// in YAML and dotenv) in place of a region value, keeping its quotes. Unsafe: the
/// component then signs for another region.
pub(super) fn replace_value(text: &str, setting: &Setting, region: &str) -> Option<Fix> {
    let inner = literal_inside(text, setting)?;
    Some(Fix {
        applicability: Applicability::Unsafe,
        title: format!("Set the region to `{region}`"),
        edits: vec![Edit::replace(inner, region)],
    })
}

/// Node env files: set `name=value`, in place when the variable is there (its last
/// assignment wins), else on a new line after the entry of `after`. Unsafe: a change of
/// behaviour by design (region, path style).
pub(super) fn set_env_var(
    text: &str,
    env: &EnvDocument,
    name: &str,
    value: &str,
    after: &str,
    title: String,
) -> Option<Fix> {
    let edit = match env.get(name) {
        Some(entry) => {
            let raw = entry.value_span.slice(text);
            let inner = match raw.chars().next() {
                Some(q @ ('"' | '\'' | '`')) if raw.len() >= 2 && raw.ends_with(q) => {
                    Span::new(entry.value_span.start + 1, entry.value_span.end - 1)
                }
                _ => entry.value_span,
            };
            // An empty value right before `# note` keeps a blank before the comment.
            if inner.is_empty() && text[inner.end..].starts_with('#') {
                Edit::replace(inner, format!("{value} "))
            } else {
                Edit::replace(inner, value)
            }
        }
        None => {
            let line = env.get(after)?.line_span;
            let eol = if text[line.end..].starts_with("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            // The line of `after` ends the file without a newline: keep it that way.
            if line.end == text.len() {
                Edit::insert(line.end, format!("{eol}{name}={value}"))
            } else {
                Edit::insert(line.end + eol.len(), format!("{name}={value}{eol}"))
            }
        }
    };
    Some(Fix {
        applicability: Applicability::Unsafe,
        title,
        edits: vec![edit],
    })
}
