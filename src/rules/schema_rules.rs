//! Schema rules CS101–CS104: the generated JSON Schemas, with each violation mapped back to the
//! exact key or value; plus the URL checks a schema cannot express for the Node components.

use crate::resolve::Component;
use crate::rules::{Context, Diagnostic, Rule, Severity};
use crate::schema::{self, SchemaViolation};
use crate::source::yaml::YamlNode;
use crate::source::{EnvDocument, Kind};
use crate::span::Span;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    match ctx.kind {
        Kind::Router => {
            let Some(root) = ctx.yaml().and_then(|d| d.root.as_ref()) else {
                return;
            };
            let (instance, references) = schema::router_instance(root);
            let unresolved = crate::rules::input::unset_references(ctx);
            for v in schema::validate_with_references(Component::Router, &instance, &references) {
                let span = yaml_span(root, &v);
                let mut d = diagnostic(&v, span);
                if let Some((_, name)) = unresolved.iter().find(|(r, _)| span.contains(*r)) {
                    // In an S3 provider, a `${NAME}` left unset or empty is CS004's finding,
                    // not a type error; elsewhere say why the value is what it is.
                    if v.pointer.starts_with("/storage_providers/s3/") {
                        continue;
                    }
                    d.message = format!("{} (`{name}` is unset or empty)", d.message);
                }
                out.push(d);
            }
        }
        Kind::Controlplane | Kind::Cdn => {
            let Some(doc) = ctx.env_document() else {
                return;
            };
            let Some(component) = schema::component_for(ctx.kind) else {
                return;
            };
            for v in schema::validate(component, &schema::env_instance(doc)) {
                let span = env_span(doc, &v);
                out.push(diagnostic(&v, span));
            }
            node_urls(ctx, doc, out);
        }
        Kind::RouterEnv => {}
    }
}

fn diagnostic(v: &SchemaViolation, span: Span) -> Diagnostic {
    let d = Diagnostic::new(v.rule, Severity::Error, span, v.message.clone())
        .with_pointer(v.pointer.clone());
    match (&v.suggestion, v.rule) {
        (Some(s), _) => d.with_help(format!("did you mean `{s}`?")),
        (None, Rule::UnknownField) => d.with_help("remove it: the component refuses or ignores it"),
        _ => d,
    }
}

fn parent_pointer(pointer: &str) -> &str {
    pointer.rfind('/').map_or("", |i| &pointer[..i])
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The key span of the entry holding the node at `pointer`, walking up to the nearest key.
fn nearest_key(root: &YamlNode, mut pointer: &str) -> Span {
    while !pointer.is_empty() {
        let parent = parent_pointer(pointer);
        let token = unescape(&pointer[parent.len() + 1..]);
        if let Some(entry) = root.pointer(parent).and_then(|p| p.entry(&token)) {
            return entry.key_span;
        }
        pointer = parent;
    }
    Span::empty(0)
}

fn yaml_span(root: &YamlNode, v: &SchemaViolation) -> Span {
    if matches!(v.rule, Rule::UnknownField | Rule::MissingField) {
        return nearest_key(root, &v.pointer);
    }
    let key = nearest_key(root, &v.pointer);
    match root.pointer(&v.pointer) {
        // A value written before its own key came through an alias (`access_key: *creds`,
        // the anchor further up): the finding belongs where the alias is used.
        Some(node) if !key.is_empty() && node.span.start < key.start => key,
        Some(node) => node.span,
        None => key,
    }
}

fn env_span(doc: &EnvDocument, v: &SchemaViolation) -> Span {
    let name = unescape(v.pointer.trim_start_matches('/'));
    match doc.get(&name) {
        Some(entry) if v.rule == Rule::UnknownField => entry.key_span,
        Some(entry) => entry.value_span,
        None => Span::empty(0),
    }
}

/// CS104 for the Node components: an unparseable storage URL, and an endpoint that is not an
/// absolute http(s) URL (the SDK throws "Invalid URL" at start).
fn node_urls(ctx: &Context<'_>, doc: &EnvDocument, out: &mut Vec<Diagnostic>) {
    let failover = ctx.kind == Kind::Controlplane
        && doc
            .value("S3_FAILOVER_STORAGE_URL")
            .is_some_and(|v| !v.is_empty());
    let mut urls = vec!["S3_STORAGE_URL"];
    let mut endpoints = vec!["S3_ENDPOINT"];
    if failover {
        urls.push("S3_FAILOVER_STORAGE_URL");
        endpoints.push("S3_FAILOVER_ENDPOINT");
    }
    for name in urls {
        let Some(entry) = doc.get(name) else { continue };
        if url::Url::parse(&entry.value).is_err()
            && !crate::rules::credentials::userinfo_breaks_url(&entry.value)
        {
            out.push(
                Diagnostic::new(
                    Rule::InvalidValue,
                    Severity::Error,
                    entry.value_span,
                    format!("`{name}` is not a URL the component can parse (`new URL` throws \"Invalid URL\")"),
                )
                .with_pointer(format!("/{name}"))
                .with_help("write it as http(s)://host[:port]/bucket"),
            );
        }
    }
    for name in endpoints {
        let Some(entry) = doc.get(name).filter(|e| !e.value.is_empty()) else {
            continue;
        };
        if !is_http_url(&entry.value) {
            out.push(
                Diagnostic::new(
                    Rule::InvalidValue,
                    Severity::Error,
                    entry.value_span,
                    format!(
                        "`{name}` must be an absolute http:// or https:// URL; the SDK refuses it"
                    ),
                )
                .with_pointer(format!("/{name}"))
                .with_help("write the scheme too, e.g. https://minio.example.internal:9000"),
            );
        }
    }
    if ctx.kind == Kind::Cdn
        && let Some(entry) = doc.get("S3_STORAGE_URL")
        && let Ok(url) = url::Url::parse(&entry.value)
        && let Some((_, endpoint)) = url.query_pairs().find(|(k, _)| k == "endpoint")
        && !endpoint.is_empty()
        && !is_http_url(&endpoint)
    {
        out.push(
            Diagnostic::new(
                Rule::InvalidValue,
                Severity::Error,
                entry.value_span,
                "the `endpoint` query parameter must be an absolute http:// or https:// URL",
            )
            .with_pointer("/S3_STORAGE_URL"),
        );
    }
}

fn is_http_url(value: &str) -> bool {
    url::Url::parse(value).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
}
