//! CS206: the userinfo of a storage URL as written, judged by the characters WHATWG URL
//! leaves alone. Works on the raw text because such URLs often do not parse at all.

use super::node::Names;
use crate::model::settings::Setting;
use crate::rules::{Context, Diagnostic, Rule, Severity};
use crate::span::Span;

/// What is wrong with a URL's userinfo as written (CS206).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserinfoProblem {
    /// Byte range of the userinfo (`user:password`) in the URL text.
    pub start: usize,
    pub end: usize,
    /// `username`, `password` or `username and password`.
    pub part: &'static str,
    /// A `/ \ ? #`: the authority ends there, so the URL is invalid or names another host.
    pub ends_authority: bool,
    /// Characters WHATWG URL percent-encodes (Node then signs with the encoded text).
    pub encoded: bool,
    /// A `%`: kept as written, so Node signs with the escape, not the character.
    pub percent: bool,
}

/// Find the userinfo as the user meant it and judge its characters. The intended userinfo
/// ends at the last `@` after `://`, even past a `/`, `?` or `#` that WHATWG would take as
/// the end of the authority (`https://KEY:SECRET/PART@host/bucket`).
///
/// Known limitation: an `@` in the path or the query (no bucket name holds one) is taken as
/// the end of a userinfo, so `https://host/bucket?x=a@b` is reported; an `@` after a nested
/// `://` (a `?endpoint=http://u@h` value) is not.
pub fn url_userinfo_problem(url: &str) -> Option<UserinfoProblem> {
    let start = url.find("://")? + 3;
    let rest = &url[start..];
    let limit = rest.find("://").unwrap_or(rest.len());
    let at = rest[..limit].rfind('@')?;
    let userinfo = &rest[..at];
    let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
    let judge = |s: &str| {
        let ends = s.contains(['/', '\\', '?', '#']);
        let percent = s.contains('%');
        // WHATWG URL deletes tabs and line breaks before parsing: they encode nothing.
        let encoded = s
            .chars()
            .any(|c| !(c.is_ascii_alphanumeric() || "!$&'()*+,-._~%/\\?#\t\n\r".contains(c)));
        (ends, encoded, percent)
    };
    let u = judge(user);
    let p = judge(password);
    let bad = |j: (bool, bool, bool)| j.0 || j.1 || j.2;
    let part = match (bad(u), bad(p)) {
        (true, true) => "username and password",
        (true, false) => "username",
        (false, true) => "password",
        (false, false) => return None,
    };
    Some(UserinfoProblem {
        start,
        end: start + at,
        part,
        ends_authority: u.0 || p.0,
        encoded: u.1 || p.1,
        percent: u.2 || p.2,
    })
}

/// CS206 on one storage URL variable.
pub(super) fn userinfo_encoding(
    ctx: &Context<'_>,
    names: &Names,
    url: &Setting,
    out: &mut Vec<Diagnostic>,
) {
    // Judge the text as written (inside its quotes), so the span lands on the userinfo.
    let raw = url.span.slice(ctx.text);
    let (inner_start, inner) = match raw.chars().next() {
        Some(q @ ('"' | '\'' | '`')) if raw.len() >= 2 && raw.ends_with(q) => {
            (url.span.start + 1, &raw[1..raw.len() - 1])
        }
        _ => (url.span.start, raw),
    };
    let Some(problem) = url_userinfo_problem(inner) else {
        return;
    };
    let effect = if problem.ends_authority {
        "holds a `/`, `\\`, `?` or `#`, which ends the URL's authority: the URL no longer \
         parses, or silently names another host"
    } else if problem.encoded {
        "holds characters WHATWG URL percent-encodes: Node signs with the encoded text, not \
         the key"
    } else {
        "holds `%`: Node keeps the escape as written and signs with it, not with the decoded \
         character"
    };
    out.push(
        Diagnostic::new(
            Rule::UrlUserinfoEncoding,
            Severity::Error,
            Span::new(inner_start + problem.start, inner_start + problem.end),
            format!("the URL {} in `{}` {effect}", problem.part, names.url),
        )
        .with_help(format!(
            "move the credentials to `{}` and `{}`, where they are used exactly as written",
            names.access, names.secret
        ))
        .with_pointer(&url.pointer),
    );
}
