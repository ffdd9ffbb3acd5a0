//! Endpoint, bucket and region rules (CS301–CS312).
//!
//! The router's rules (this file) judge each `storage_providers.s3` item (YAML) or
//! `STORAGE_PROVIDER_S3_{n}_*` group (router-env) as minio-go v7.0.74 reads it; the Node
//! components' rules (`endpoint/node.rs`) judge what `resolve::node` derived. Both lean on
//! `resolve` for what the component does and only decide what is worth a finding.

mod edits;
mod node;
#[cfg(test)]
mod node_tests;
#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
mod tests;

pub use node::components_disagree;

use crate::model::settings::{S3ProviderSettings, Setting};
use crate::resolve::router::{EndpointUrl, endpoint_url, is_amazon_endpoint, region_from_host};
use crate::rules::fixes::{self, KeyValue};
use crate::rules::{Context, Diagnostic, Rule, Severity};
use crate::source::{Kind, expand};

/// Run every endpoint/bucket/region rule on one file.
pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    match ctx.kind {
        Kind::Router | Kind::RouterEnv => router(ctx, out),
        Kind::Controlplane | Kind::Cdn => node::check(ctx, out),
    }
}

// ---------------------------------------------------------------------------------------
// Shared helpers

/// `[a-z]{2}(-[a-z]+)+-[0-9]+`: the shape of every AWS region (`us-gov-west-1`, `cn-north-1`).
pub(crate) fn is_aws_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    let lower = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase());
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1].iter().all(lower)
        && parts
            .last()
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The host itself and every dotted suffix of it, longest first (`b.s3.R.amazonaws.com`,
/// `s3.R.amazonaws.com`, …): the suffixes are where a virtual-host form keeps its AWS host.
fn host_and_suffixes(hostname: &str) -> impl Iterator<Item = &str> {
    std::iter::once(hostname).chain(
        hostname
            .match_indices('.')
            .map(move |(i, _)| &hostname[i + 1..]),
    )
}

/// "AWS host" (RULES.md): a hostname, port removed, that Amazon S3 serves, virtual-host forms
/// included. R2, GCS and other providers are not.
pub(crate) fn is_aws_host(hostname: &str) -> bool {
    host_and_suffixes(hostname).any(is_amazon_endpoint)
}

/// The AWS region a hostname names (`s3.R…`, `s3-R…`, dualstack, FIPS, `.cn`, VPC endpoint
/// forms, and their virtual-host forms), if any. `s3-accelerate` names none.
pub(crate) fn host_region(hostname: &str) -> Option<String> {
    host_and_suffixes(hostname)
        .filter_map(region_from_host)
        .find(|r| is_aws_region(r))
}

/// Whether a router value's content is unknown to us. Without `--env-file` the YAML is
/// read unexpanded: a `${NAME}`/`$NAME` is supplied at run time, and any other `$` that
/// `os.ExpandEnv` rewrites (`$$`, `${A:-b}`: CS005) makes the text differ from what the
/// router reads, so the value checks are skipped.
fn is_runtime_value(ctx: &Context<'_>, setting: &Setting) -> bool {
    ctx.kind == Kind::Router
        && ctx.env.is_none()
        && (setting.reference || !expand::scan(&setting.value).is_empty())
}

fn is_named(reference: &expand::Reference) -> bool {
    matches!(
        reference.kind,
        expand::RefKind::Braced(_) | expand::RefKind::Bare(_)
    )
}

/// With `--env-file`: the value as written holds a `${NAME}` that is unset or empty. CS004
/// reports that; the host and bucket rules stay quiet for the field (one finding per cause).
fn has_unset_reference(ctx: &Context<'_>, setting: &Setting) -> bool {
    // A plain `key: ${NAME}` that expands to nothing parses as an empty scalar with an empty
    // span, so read the rest of the key's line as written, as well as the value's span.
    let line_end = ctx.text[setting.key_span.end..]
        .find('\n')
        .map_or(ctx.text.len(), |i| setting.key_span.end + i);
    let after_key = ctx
        .text
        .get(setting.key_span.end..line_end.max(setting.span.end))
        .unwrap_or("");
    ctx.kind == Kind::Router
        && ctx.env.is_some()
        && expand::scan(after_key)
            .iter()
            .filter(|r| is_named(r))
            .filter_map(expand::Reference::lookup_name)
            .any(|name| ctx.env_var(name).is_none_or(str::is_empty))
}

fn key_value(setting: &Setting) -> KeyValue {
    KeyValue {
        key: setting.key_span,
        value: setting.span,
    }
}

// ---------------------------------------------------------------------------------------
// Router

fn router(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // Router YAML without its own `storage_providers.s3` list: the providers (if any) come
    // from env overrides in another file, whose spans are not this file's.
    if ctx.kind == Kind::Router && ctx.router_config().is_none_or(|c| c.s3.is_none()) {
        return;
    }
    for (provider, _) in ctx.providers() {
        router_provider(ctx, provider, out);
    }
}

/// An endpoint taken apart the way minio-go sees it, once a scheme and userinfo are set aside.
struct EndpointParts<'a> {
    /// `http://` / `https://` as written, when present.
    scheme: Option<&'a str>,
    userinfo: Option<&'a str>,
    /// `host[:port]` (what minio-go validates).
    authority: &'a str,
    /// From the first `/` up to `?` or `#`; empty when none.
    path: &'a str,
}

fn split_endpoint(endpoint: &str) -> EndpointParts<'_> {
    let lower = endpoint.get(..8).unwrap_or(endpoint).to_ascii_lowercase();
    let scheme_len = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        0
    };
    let rest = &endpoint[scheme_len..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (userinfo, authority) = match rest[..authority_end].rfind('@') {
        Some(at) => (Some(&rest[..at]), &rest[at + 1..authority_end]),
        None => (None, &rest[..authority_end]),
    };
    let after = &rest[authority_end..];
    let path_end = after.find(['?', '#']).unwrap_or(after.len());
    let path = if after.starts_with('/') {
        &after[..path_end]
    } else {
        ""
    };
    EndpointParts {
        scheme: (scheme_len > 0).then(|| &endpoint[..scheme_len]),
        userinfo,
        authority,
        path,
    }
}

/// Go's parse errors quote pieces of the endpoint; with userinfo in it (`u:pw#x@h` is cut at
/// `#`, so `pw` becomes a "port") those pieces may be a password: say less then.
fn quotable(endpoint: &str, message: String) -> String {
    if endpoint.contains('@') {
        "minio-go cannot parse this endpoint's host (Go's message is not shown: it would quote \
         part of the userinfo, which may be a password)"
            .to_string()
    } else {
        message
    }
}

fn router_provider(ctx: &Context<'_>, p: &S3ProviderSettings, out: &mut Vec<Diagnostic>) {
    let secure = p.secure.as_ref().filter(|s| !is_runtime_value(ctx, s));
    let secure_known = p.secure.is_none() || secure.is_some();
    let secure_on = p.to_provider().secure;

    let endpoint = p
        .endpoint
        .as_ref()
        .filter(|e| !e.value.is_empty() && !is_runtime_value(ctx, e));
    let mut url: Option<EndpointUrl> = None;
    if let Some(e) = endpoint {
        let parts = split_endpoint(&e.value);
        scheme_and_userinfo(ctx, p, e, &parts, out);
        endpoint_path(ctx, p, e, &parts, out);
        match endpoint_url(parts.authority, secure_on) {
            Ok(parsed) => url = Some(parsed),
            Err(message) if !has_unset_reference(ctx, e) => out.push(
                Diagnostic::new(
                    Rule::EndpointHost,
                    Severity::Error,
                    e.span,
                    quotable(&e.value, message),
                )
                .with_pointer(&e.pointer)
                .with_help("write the S3 API's `host[:port]`: a name or an IP address"),
            ),
            Err(_) => {}
        }
        if let Some(u) = &url {
            virtual_host_form(e, u, out);
            if secure_known {
                secure_mismatch(e, p.secure.as_ref(), u, secure_on, out);
            }
        }
    }

    let aws = url.as_ref().is_some_and(|u| is_aws_host(&u.hostname));
    if let Some(bucket) = p
        .bucket
        .as_ref()
        .filter(|b| !is_runtime_value(ctx, b) && !has_unset_reference(ctx, b))
    {
        if let Some(problem) = bucket_problem(&bucket.value, aws) {
            out.push(
                problem
                    .diagnostic(bucket.span, &format!("bucket `{}`", bucket.value))
                    .with_pointer(&bucket.pointer),
            );
        }
    }
    if let (Some(e), Some(u)) = (endpoint, url.as_ref().filter(|_| aws)) {
        router_region(ctx, p, e, u, out);
    }
}

/// CS301: `http(s)://` or `user@` in the endpoint.
fn scheme_and_userinfo(
    ctx: &Context<'_>,
    p: &S3ProviderSettings,
    e: &Setting,
    parts: &EndpointParts<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let message = match (parts.scheme, parts.userinfo) {
        (None, None) => return,
        (Some(s), None) => format!(
            "the endpoint starts with `{s}`: minio-go adds the scheme itself and refuses \
             this (\"Endpoint url cannot have fully qualified paths.\")"
        ),
        (None, Some(_)) => "the endpoint holds `user@`: minio-go silently drops it, so \
                            these are not the credentials used"
            .to_string(),
        (Some(s), Some(_)) => format!(
            "the endpoint starts with `{s}` and holds `user@`: minio-go refuses the \
             scheme and would drop the userinfo"
        ),
    };
    let secure_kv = p.secure.as_ref().map(key_value);
    let fix = match (parts.scheme, ctx.kind) {
        (Some(_), Kind::RouterEnv) => {
            fixes::env_endpoint_scheme(ctx.text, key_value(e), secure_kv, p.index)
        }
        (Some(_), _) => fixes::yaml_endpoint_scheme(ctx.text, key_value(e), secure_kv),
        (None, _) => edits::strip_userinfo(ctx.text, e),
    };
    let help = match parts.scheme {
        Some(s) => format!(
            "write only `host[:port]` and say `{}` with `secure: {}`; keys belong in \
             `access_key`/`secret_key`",
            s.trim_end_matches("://"),
            s.eq_ignore_ascii_case("https://")
        ),
        None => "write only `host[:port]`; keys belong in `access_key`/`secret_key`".into(),
    };
    let mut d = Diagnostic::new(Rule::EndpointScheme, Severity::Error, e.span, message)
        .with_pointer(&e.pointer)
        .with_help(help);
    if let Some(fix) = fix {
        d = d.with_fix(fix);
    }
    out.push(d);
}

/// CS302: a path other than empty or `/`.
fn endpoint_path(
    ctx: &Context<'_>,
    p: &S3ProviderSettings,
    e: &Setting,
    parts: &EndpointParts<'_>,
    out: &mut Vec<Diagnostic>,
) {
    if parts.path.is_empty() || parts.path == "/" {
        return;
    }
    let bucket = p.bucket.as_ref().map(|b| b.value.as_str());
    let is_bucket = bucket.is_some_and(|b| !b.is_empty() && parts.path.trim_matches('/') == b);
    let mut d = Diagnostic::new(
        Rule::EndpointPath,
        Severity::Error,
        e.span,
        format!(
            "the endpoint has the path `{}`: minio-go refuses any path (\"Endpoint url \
             cannot have fully qualified paths.\")",
            parts.path
        ),
    )
    .with_pointer(&e.pointer);
    if is_bucket {
        d = d.with_help("the bucket goes in `bucket` only: remove it from the endpoint");
        if let Some(fix) = edits::delete_endpoint_path(ctx.text, e, parts.path) {
            d = d.with_fix(fix);
        }
    } else {
        d = d.with_help(
            "minio-go cannot reach an S3 API under a sub-path: expose it at the root of a \
             host name (a reverse proxy's own host or port)",
        );
    }
    out.push(d);
}

/// CS304, second half: a virtual-host AWS form that minio-go accepts as a plain host and
/// then addresses path-style (`b.s3.R.amazonaws.com/b/key`).
fn virtual_host_form(e: &Setting, url: &EndpointUrl, out: &mut Vec<Diagnostic>) {
    if is_amazon_endpoint(&url.host) || is_amazon_endpoint(&url.hostname) {
        return;
    }
    let Some(aws) = host_and_suffixes(&url.hostname)
        .skip(1)
        .find(|h| is_amazon_endpoint(h))
    else {
        return;
    };
    out.push(
        Diagnostic::new(
            Rule::EndpointHost,
            Severity::Error,
            e.span,
            format!(
                "`{}` is a virtual-host AWS endpoint: minio-go does not see an Amazon host \
                 here and addresses it path-style, so object keys come out wrong",
                url.hostname
            ),
        )
        .with_pointer(&e.pointer)
        .with_help(format!(
            "set `endpoint: {aws}` and keep the bucket in `bucket`"
        )),
    );
}

/// CS303: the port says one protocol and `secure` the other, or MinIO's console port.
fn secure_mismatch(
    e: &Setting,
    secure: Option<&Setting>,
    url: &EndpointUrl,
    secure_on: bool,
    out: &mut Vec<Diagnostic>,
) {
    let (message, help) = match (url.port, secure_on) {
        (Some(9001), _) => (
            "port 9001 is MinIO's console port, not the S3 API".to_string(),
            "MinIO serves the S3 API on port 9000 by default".to_string(),
        ),
        (Some(443), false) => (
            "port 443 is HTTPS, but `secure` is false or absent: the router speaks plain \
             HTTP to it"
                .to_string(),
            "set `secure: true`".to_string(),
        ),
        (Some(80), true) => (
            "port 80 is plain HTTP, but `secure: true` makes the router speak TLS to it"
                .to_string(),
            "set `secure: false`, or use the TLS port".to_string(),
        ),
        _ => return,
    };
    let mut d = Diagnostic::new(Rule::SecureMismatch, Severity::Warning, e.span, message)
        .with_pointer(&e.pointer)
        .with_help(help);
    if let Some(s) = secure {
        d = d.with_label(s.span, "`secure` is set here");
    }
    out.push(d);
}

/// CS305: what is wrong with a bucket name, if anything.
pub(crate) struct BucketProblem {
    severity: Severity,
    reason: &'static str,
}

impl BucketProblem {
    pub(crate) fn diagnostic(&self, span: crate::span::Span, what: &str) -> Diagnostic {
        Diagnostic::new(
            Rule::BucketName,
            self.severity,
            span,
            format!("{what} {}", self.reason),
        )
        .with_help(
            "S3 bucket names are 3-63 characters of lowercase letters, digits, `.` and `-`, \
             starting and ending with a letter or digit",
        )
    }
}

pub(crate) fn bucket_problem(bucket: &str, aws_host: bool) -> Option<BucketProblem> {
    let error = |reason| {
        Some(BucketProblem {
            severity: Severity::Error,
            reason,
        })
    };
    let len = bucket.len();
    if bucket.is_empty() {
        return error("is empty");
    }
    if bucket.contains('/') {
        return error("holds `/`: a bucket is one name, not a path");
    }
    if len < 3 {
        return error("is shorter than 3 characters");
    }
    if len > 63 {
        return error("is longer than 63 characters");
    }
    if bucket.parse::<std::net::IpAddr>().is_ok() {
        return error("is an IP address");
    }
    if bucket.contains("..") || bucket.contains(".-") || bucket.contains("-.") {
        return error("holds `..`, `.-` or `-.`");
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !bucket.chars().all(allowed)
        || !edge_ok(bucket.chars().next())
        || !edge_ok(bucket.chars().last())
    {
        return error("holds a character a bucket name cannot have, or starts or ends badly");
    }
    if bucket.contains(|c: char| c.is_ascii_uppercase() || c == '_') {
        // minio-go and the SDK send it; AWS refuses it, some other S3 services accept it.
        return Some(BucketProblem {
            severity: if aws_host {
                Severity::Error
            } else {
                Severity::Warning
            },
            reason: if aws_host {
                "holds uppercase letters or `_`, which Amazon S3 refuses"
            } else {
                "holds uppercase letters or `_`: not a valid S3 bucket name, though some \
                 S3-compatible services accept it"
            },
        });
    }
    None
}

/// CS306 / CS307 for a router provider on an AWS host.
fn router_region(
    ctx: &Context<'_>,
    p: &S3ProviderSettings,
    endpoint: &Setting,
    url: &EndpointUrl,
    out: &mut Vec<Diagnostic>,
) {
    let region = p.region.as_ref();
    if region.is_some_and(|r| is_runtime_value(ctx, r)) {
        return;
    }
    let value = region.map_or("", |r| r.value.as_str());
    let named = host_region(&url.hostname);
    let name_it = || match &named {
        Some(r) => format!("set `region: {r}`, the region `{}` names", url.hostname),
        None => "set `region` to the bucket's region".to_string(),
    };
    let region_fix = |r: &Setting| {
        named
            .as_deref()
            .and_then(|want| edits::replace_value(ctx.text, r, want))
    };

    if value.is_empty() {
        // A virtual-host form already has CS304 (minio-go does not treat it as Amazon).
        if !is_amazon_endpoint(&url.hostname) {
            return;
        }
        let anchor = region.unwrap_or(endpoint);
        let (severity, message) = if url.hostname.starts_with("s3-accelerate") {
            (
                Severity::Error,
                format!(
                    "no region for `{}`: minio-go takes `accelerate` from this host as the \
                     region and signs with it, which AWS refuses",
                    url.hostname
                ),
            )
        } else if region_from_host(&url.host).is_some_and(|r| is_aws_region(&r)) {
            return;
        } else {
            (
                Severity::Info,
                format!(
                    "no region for `{}`: minio-go first asks the bucket's location \
                     (GetBucketLocation, needs `s3:GetBucketLocation`)",
                    url.host
                ),
            )
        };
        let mut d = Diagnostic::new(Rule::AwsRegionRequired, severity, anchor.span, message)
            .with_pointer(&anchor.pointer)
            .with_help(name_it());
        if let Some(fix) = region.and_then(region_fix) {
            d = d.with_fix(fix);
        }
        out.push(d);
        return;
    }

    let Some(r) = region else { return };
    if !is_aws_region(value) {
        let mut d = Diagnostic::new(
            Rule::AwsRegionRequired,
            Severity::Error,
            r.span,
            format!(
                "region `{value}` is no AWS region, and `{}` is Amazon S3: AWS refuses the \
                 signature (AuthorizationHeaderMalformed)",
                url.hostname
            ),
        )
        .with_pointer(&r.pointer)
        .with_help(name_it());
        if let Some(fix) = region_fix(r) {
            d = d.with_fix(fix);
        }
        out.push(d);
        return;
    }
    if let Some(host) = named.as_deref().filter(|h| *h != value) {
        let mut d = Diagnostic::new(
            Rule::RegionMismatch,
            Severity::Error,
            r.span,
            format!(
                "region `{value}` differs from `{host}`, the region in `{}`: AWS refuses the \
                 signature or redirects",
                url.hostname
            ),
        )
        .with_pointer(&r.pointer)
        .with_help(format!("set `region: {host}`"));
        d = d.with_label(endpoint.span, format!("this host is in `{host}`"));
        if let Some(fix) = region_fix(r) {
            d = d.with_fix(fix);
        }
        out.push(d);
    }
}
