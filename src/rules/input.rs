//! Input rules: CS001 syntax, CS002 duplicate keys, CS003 unknown variables, CS004 unresolved
//! references, CS005 `$` that `os.ExpandEnv` rewrites, CS006 values that `#` truncates.

use crate::model::settings::Setting;
use crate::rules::fixes;
use crate::rules::{Context, Diagnostic, Rule, Severity};
use crate::source::expand::{self, RefKind};
use crate::source::yaml::{YamlNode, YamlProblemKind, YamlValue};
use crate::source::{EnvDocument, Kind, Quote};
use crate::span::Span;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    match ctx.kind {
        Kind::Router => {
            yaml_problems(ctx, out);
            unresolved_references(ctx, out);
            dollar_in_value(ctx, out);
        }
        Kind::RouterEnv | Kind::Controlplane | Kind::Cdn => {
            let Some(doc) = ctx.env_document() else {
                return;
            };
            env_syntax(ctx.kind, doc, out);
            env_duplicates(doc, out);
            unknown_variables(ctx, doc, out);
            if ctx.kind != Kind::RouterEnv {
                comment_truncates_value(ctx, doc, out);
            }
        }
    }
}

fn yaml_problems(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(doc) = ctx.yaml() else { return };
    for problem in &doc.problems {
        let diagnostic = match problem.kind {
            YamlProblemKind::Syntax => Diagnostic::new(
                Rule::Syntax,
                Severity::Error,
                problem.span,
                format!("YAML syntax error: {}", problem.message),
            )
            .with_help("the router refuses a config it cannot parse and does not start"),
            YamlProblemKind::DuplicateKey => {
                let d = Diagnostic::new(
                    Rule::DuplicateKey,
                    Severity::Error,
                    problem.span,
                    problem.message.clone(),
                )
                .with_help("the router's go-yaml refuses a mapping that repeats a key: keep one");
                let d = match &problem.pointer {
                    Some(pointer) => d.with_pointer(pointer),
                    None => d,
                };
                match problem.first {
                    Some(first) => d.with_label(first, "first defined here"),
                    None => d,
                }
            }
        };
        out.push(diagnostic);
    }
}

fn env_syntax(kind: Kind, doc: &EnvDocument, out: &mut Vec<Diagnostic>) {
    for problem in &doc.problems {
        let d = if kind == Kind::RouterEnv {
            Diagnostic::new(
                Rule::Syntax,
                Severity::Error,
                problem.span,
                problem.message.clone(),
            )
            .with_help(
                "godotenv rejects the whole file on one bad line; the router ignores that error, \
                 so none of this file's variables are set",
            )
        } else {
            Diagnostic::new(
                Rule::Syntax,
                Severity::Warning,
                problem.span,
                "npm dotenv silently skips this line: it is not `KEY=VALUE`",
            )
            .with_help("write `NAME=value`, or start the line with `#` to make it a comment")
        };
        out.push(d);
    }
}

fn env_duplicates(doc: &EnvDocument, out: &mut Vec<Diagnostic>) {
    let mut first_of: std::collections::HashMap<&str, &crate::source::EnvEntry> =
        std::collections::HashMap::new();
    for entry in &doc.entries {
        let first = *first_of.entry(entry.key.as_str()).or_insert(entry);
        if !std::ptr::eq(first, entry) {
            // Report each repeat once, against the first assignment.
            out.push(
                Diagnostic::new(
                    Rule::DuplicateKey,
                    Severity::Warning,
                    entry.key_span,
                    format!(
                        "`{}` is assigned more than once; the last assignment wins",
                        entry.key
                    ),
                )
                .with_pointer(format!("/{}", entry.key))
                .with_label(first.key_span, "also assigned here")
                .with_help("keep one assignment so readers see the value the component uses"),
            );
        }
    }
}

/// Variables the controlplane reads (`env.schema.ts`), without the session tokens.
const CONTROLPLANE_FIELDS: [&str; 7] = [
    "STORAGE_URL",
    "ENDPOINT",
    "REGION",
    "ACCESS_KEY_ID",
    "SECRET_ACCESS_KEY",
    "FORCE_PATH_STYLE",
    "USE_INDIVIDUAL_DELETES",
];

/// Variables the cdn-server reads.
const CDN_VARIABLES: [&str; 6] = [
    "S3_STORAGE_URL",
    "S3_REGION",
    "S3_ENDPOINT",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_FORCE_PATH_STYLE",
];

const ROUTER_ENV_FIELDS: [&str; 8] = [
    "ID",
    "ENDPOINT",
    "ACCESS_KEY",
    "SECRET_KEY",
    "BUCKET",
    "REGION",
    "SECURE",
    "SESSION_TOKEN",
];

fn known_node_variables(kind: Kind) -> Vec<String> {
    match kind {
        Kind::Cdn => CDN_VARIABLES.iter().map(|s| (*s).to_string()).collect(),
        _ => CONTROLPLANE_FIELDS
            .iter()
            .flat_map(|f| [format!("S3_{f}"), format!("S3_FAILOVER_{f}")])
            .collect(),
    }
}

/// Session-token names: known with `--target next`; CS210 reports them otherwise.
fn is_session_token_variable(kind: Kind, name: &str) -> bool {
    match kind {
        Kind::Cdn => name == "S3_SESSION_TOKEN",
        Kind::Controlplane => name == "S3_SESSION_TOKEN" || name == "S3_FAILOVER_SESSION_TOKEN",
        Kind::RouterEnv => parse_router_env_name(name).is_some_and(|(_, f)| f == "SESSION_TOKEN"),
        Kind::Router => false,
    }
}

/// `STORAGE_PROVIDER_S3_{n}_{FIELD}` as caarlos0/env spells it: n in plain decimal.
fn parse_router_env_name(name: &str) -> Option<(usize, &str)> {
    let rest = name.strip_prefix("STORAGE_PROVIDER_S3_")?;
    let (n, field) = rest.split_once('_')?;
    let canonical =
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && (n == "0" || !n.starts_with('0'));
    let index = n.parse().ok().filter(|_| canonical)?;
    ROUTER_ENV_FIELDS.contains(&field).then_some((index, field))
}

fn unknown_variables(ctx: &Context<'_>, doc: &EnvDocument, out: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    let entries = doc.entries.iter().filter(|e| seen.insert(e.key.as_str()));
    if ctx.kind == Kind::RouterEnv {
        let entries: Vec<_> = entries
            .filter(|e| e.key.starts_with("STORAGE_PROVIDER_S3_"))
            .collect();
        // caarlos0/env reads n = 0, 1, ... and stops at the first index with no variable.
        let indices: std::collections::HashSet<usize> = entries
            .iter()
            .filter_map(|e| parse_router_env_name(&e.key).map(|(n, _)| n))
            .collect();
        let mut read_up_to = 0;
        while indices.contains(&read_up_to) {
            read_up_to += 1;
        }
        for entry in entries {
            let message = match parse_router_env_name(&entry.key) {
                Some((n, _)) if n >= read_up_to => format!(
                    "`{}` is never read: the router stops at the first missing index ({read_up_to})",
                    entry.key
                ),
                Some(_) => continue,
                None => format!("`{}` is not a variable the router reads", entry.key),
            };
            let known: Vec<String> = ROUTER_ENV_FIELDS
                .iter()
                .map(|f| format!("STORAGE_PROVIDER_S3_0_{f}"))
                .collect();
            out.push(unknown(
                entry.key_span,
                &entry.key,
                message,
                suggestion(&entry.key, &known, true),
            ));
        }
        return;
    }
    let known = known_node_variables(ctx.kind);
    for entry in entries.filter(|e| e.key.starts_with("S3_")) {
        if known.contains(&entry.key) || is_session_token_variable(ctx.kind, &entry.key) {
            continue;
        }
        let component = if ctx.kind == Kind::Cdn {
            "cdn-server"
        } else {
            "controlplane"
        };
        let message = format!("the {component} does not read `{}`", entry.key);
        out.push(unknown(
            entry.key_span,
            &entry.key,
            message,
            suggestion(&entry.key, &known, false),
        ));
    }
}

fn suggestion(name: &str, known: &[String], router_env: bool) -> Option<String> {
    if router_env {
        // Compare the field part, keep the user's index.
        let rest = name.strip_prefix("STORAGE_PROVIDER_S3_")?;
        let (n, field) = rest.split_once('_')?;
        let fields: Vec<String> = ROUTER_ENV_FIELDS.iter().map(|f| (*f).to_string()).collect();
        let field = crate::schema::nearest(field, &fields)?;
        return Some(format!("STORAGE_PROVIDER_S3_{n}_{field}"));
    }
    crate::schema::nearest(name, known)
}

fn unknown(span: Span, name: &str, message: String, suggestion: Option<String>) -> Diagnostic {
    let d = Diagnostic::new(Rule::UnknownVariable, Severity::Warning, span, message)
        .with_pointer(format!("/{name}"));
    match suggestion {
        Some(s) if s != name => d.with_help(format!("did you mean `{s}`?")),
        _ => d.with_help("remove it, or spell it as the component reads it"),
    }
}

/// CS004: with `--env-file`, a provider field whose `${NAME}` is unset or empty.
fn unresolved_references(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let unset = unset_references(ctx);
    for (provider, _) in ctx.providers() {
        let keys_empty = [&provider.access_key, &provider.secret_key]
            .map(|s| s.as_ref().is_none_or(|s| s.value.is_empty()));
        let fields = [
            ("id", &provider.id),
            ("endpoint", &provider.endpoint),
            ("bucket", &provider.bucket),
            ("region", &provider.region),
            ("secure", &provider.secure),
            ("access_key", &provider.access_key),
            ("secret_key", &provider.secret_key),
            ("session_token", &provider.session_token),
        ];
        for (field, setting) in fields {
            let Some(setting) = setting else { continue };
            let Some(name) = unresolved_in(&unset, setting) else {
                continue;
            };
            // `key: ${EMPTY}` unquoted reads as `key:` with no value: a null, which the
            // router's schema refuses for every field (the router does not start).
            let null = !setting.quoted && setting.value.is_empty();
            let (severity, message, help) = if null {
                (
                    Severity::Error,
                    format!(
                        "`{field}` refers to `{name}`, which is unset or empty: unquoted, the \
                         value becomes null and the router's schema refuses it"
                    ),
                    format!(
                        "set the variable in the env file, or quote the reference \
                         (`\"${{{name}}}\"`) so that empty means an empty string"
                    ),
                )
            } else {
                let severity = match field {
                    "access_key" | "secret_key" if keys_empty == [true, true] => Severity::Warning,
                    "access_key" | "secret_key" if keys_empty[0] != keys_empty[1] => {
                        Severity::Error
                    }
                    // `secure: "${EMPTY}"` is a string where the schema wants a boolean.
                    "id" | "endpoint" | "bucket" | "secure" => Severity::Error,
                    // Empty keys in pairs, an empty region (asks the bucket's location), an
                    // empty token or `secure` are what the router reads as unset.
                    _ => continue,
                };
                let help = if severity == Severity::Warning {
                    "with both keys empty the router silently falls back to its IAM credential chain"
                } else {
                    "set the variable in the env file, or write the value"
                };
                (
                    severity,
                    format!("`{field}` refers to `{name}`, which is unset or empty"),
                    help.to_string(),
                )
            };
            out.push(
                Diagnostic::new(Rule::UnresolvedReference, severity, setting.span, message)
                    .with_pointer(setting.pointer.clone())
                    .with_help(help),
            );
        }
    }
}

/// With `--env-file`: every `${NAME}`/`$NAME` whose variable is unset or empty, with its
/// name (`os.Getenv` treats both alike). Empty without `--env-file`.
pub fn unset_references(ctx: &Context<'_>) -> Vec<(Span, String)> {
    if ctx.env.is_none() {
        return Vec::new();
    }
    expand::scan(ctx.text)
        .iter()
        .filter_map(|r| Some((r.span, r.lookup_name()?.to_string())))
        .filter(|(_, name)| ctx.env_var(name).is_none_or(str::is_empty))
        .collect()
}

/// The first unset-or-empty variable referenced inside `setting`'s span, if any.
fn unresolved_in(unset: &[(Span, String)], setting: &Setting) -> Option<String> {
    unset
        .iter()
        .find(|(span, _)| setting.span.contains(*span))
        .map(|(_, name)| name.clone())
}

/// CS005: a `$` that `os.ExpandEnv` rewrites, other than a whole-value reference.
fn dollar_in_value(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(root) = ctx.yaml().and_then(|d| d.root.as_ref()) else {
        return;
    };
    let providers_span = root
        .entry("storage_providers")
        .map(|e| e.key_span.cover(e.value.span));
    let mut scalars = Vec::new();
    collect_scalars(root, &mut scalars);
    let references = expand::scan(ctx.text);
    if references.is_empty() {
        return;
    }
    // Found only when a message would quote a reference: a whole pass over the file.
    let mut secrets: Option<Vec<Span>> = None;
    for reference in references {
        // Inside a secret the reference is part of the secret: describe it, never quote it.
        let mut quoted = || {
            let secrets =
                secrets.get_or_insert_with(|| crate::secrets::secret_spans(ctx.document, ctx.text));
            if secrets.iter().any(|s| s.overlaps(reference.span)) {
                "a `$` reference".to_string()
            } else {
                format!("`{}`", reference.span.slice(ctx.text))
            }
        };
        let in_scalar = scalars.iter().find(|s| s.contains(reference.span));
        let message = match (&reference.kind, in_scalar) {
            (RefKind::Unclosed, _) => {
                "an unclosed `${` swallows all text up to the next `}` in the file".to_string()
            }
            (_, None) => continue,
            (RefKind::Braced(_) | RefKind::Bare(_), Some(scalar)) => {
                if inner(ctx.text, *scalar) == reference.span {
                    continue;
                }
                format!(
                    "{} inside a value is replaced by the environment's value before the YAML is read",
                    quoted()
                )
            }
            (RefKind::Special(_), Some(_)) => {
                format!(
                    "{} is a special variable for Go's os.ExpandEnv and becomes empty",
                    quoted()
                )
            }
            (RefKind::BadBrace(_), Some(_)) => {
                "`${...}` holding no plain variable name becomes empty (no defaults, no spaces)"
                    .to_string()
            }
        };
        let severity = if providers_span.is_some_and(|p| p.contains(reference.span)) {
            Severity::Error
        } else {
            Severity::Warning
        };
        let mut d = Diagnostic::new(Rule::DollarInValue, severity, reference.span, message)
            .with_help(
                "the router runs os.ExpandEnv over the whole file and it has no escape for `$`: \
             put such a value in an environment variable and write `${NAME}`",
            );
        if reference.kind == RefKind::Unclosed && reference.span.len() > 2 {
            d = d.with_label(reference.span, "all of this is removed");
            d.span = Span::new(reference.span.start, reference.span.start + 2);
        }
        out.push(d);
    }
}

fn collect_scalars(node: &YamlNode, out: &mut Vec<Span>) {
    match &node.value {
        YamlValue::Scalar { .. } => out.push(node.span),
        YamlValue::Mapping(entries) => entries.iter().for_each(|e| collect_scalars(&e.value, out)),
        YamlValue::Sequence(items) => items.iter().for_each(|i| collect_scalars(i, out)),
    }
}

/// A scalar's span without its quotes.
fn inner(text: &str, span: Span) -> Span {
    let raw = span.slice(text);
    let quoted = raw.len() >= 2
        && ((raw.starts_with('"') && raw.ends_with('"'))
            || (raw.starts_with('\'') && raw.ends_with('\'')));
    if quoted {
        Span::new(span.start + 1, span.end - 1)
    } else {
        span
    }
}

/// CS006: an unquoted value where npm dotenv stops at `#`.
fn comment_truncates_value(ctx: &Context<'_>, doc: &EnvDocument, out: &mut Vec<Diagnostic>) {
    for entry in doc.entries.iter().filter(|e| e.quote == Quote::None) {
        let start = entry.value_span.start;
        let line = ctx.text[start..].split(['\n', '\r']).next().unwrap_or("");
        let raw = line.trim_end_matches([' ', '\t']);
        let cut = raw
            .char_indices()
            .find(|&(i, c)| c == '#' && (i == 0 || !raw[..i].ends_with([' ', '\t'])));
        let Some((at, _)) = cut else { continue };
        // `KEY=   # note` is an empty value and a comment; only `KEY=#x` loses text.
        if at == 0 && ctx.text[..start].ends_with([' ', '\t']) {
            continue;
        }
        let severity = if entry.key.starts_with("S3_") {
            Severity::Error
        } else {
            Severity::Warning
        };
        let span = Span::new(start, start + raw.len());
        let kept = if at == 0 {
            "an empty value".to_string()
        } else {
            format!("only the first {at} characters")
        };
        let mut d = Diagnostic::new(
            Rule::CommentTruncatesValue,
            severity,
            span,
            format!(
                "npm dotenv reads `#` as the start of a comment: `{}` gets {kept}",
                entry.key
            ),
        )
        .with_pointer(format!("/{}", entry.key))
        .with_help("quote the value: KEY=\"value#with-hash\"");
        if let Some(fix) = fixes::quote_truncated_value(ctx.text, start) {
            d = d.with_fix(fix);
        }
        out.push(d);
    }
}
