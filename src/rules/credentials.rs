//! Credential rules CS201–CS212 (RULES.md "Credentials").
//!
//! Keys are judged after merging, as the component sees them: the router's provider keys
//! (after env overrides and, with `--env-file`, `os.ExpandEnv`), and for the Node components
//! the URL userinfo field by field over the variables (`node.rs`). Without `--env-file`, a
//! router value written as `${NAME}` counts as set with unknown content: it satisfies "set"
//! checks but never matches `ASIA`/`AKIA`.

mod node;
#[cfg(test)]
pub(crate) mod tests;
mod userinfo;

use crate::model::settings::{S3ProviderSettings, Setting, is_runtime_reference};
use crate::resolve::Resolved;
use crate::rules::{Context, Diagnostic, Rule, Severity};
use crate::secrets::display_access_key;
use crate::source::Kind;
use url::Url;

pub use userinfo::{UserinfoProblem, url_userinfo_problem};

/// Run every credential rule on one file.
pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    match ctx.kind {
        Kind::Router | Kind::RouterEnv => {
            for (provider, resolved) in ctx.providers() {
                check_provider(ctx, provider, resolved, out);
            }
        }
        Kind::Controlplane | Kind::Cdn => node::check(ctx, out),
    }
}

// ---------------------------------------------------------------------------------------
// Helpers shared by the router and the Node rules

/// Whether `host` (a port is ignored) is served by Amazon S3 (RULES.md "AWS host"): any
/// `….amazonaws.com` or `….amazonaws.com.cn` name with an `s3` or `s3-…` label, which covers
/// `s3.R`, `s3-R`, dualstack, FIPS, accelerate, access point and VPC endpoint forms and
/// their virtual-host forms (`bucket.s3.R.amazonaws.com`). Unlike minio-go's
/// `is_amazon_endpoint`, virtual-host forms count and the port does not matter.
pub fn is_aws_host(host: &str) -> bool {
    let host = host.trim().to_ascii_lowercase();
    let host = match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => {
            name.to_string()
        }
        _ => host,
    };
    let host = host.trim_end_matches('.');
    let Some(labels) = host
        .strip_suffix(".amazonaws.com")
        .or_else(|| host.strip_suffix(".amazonaws.com.cn"))
    else {
        return false;
    };
    labels
        .split('.')
        .any(|label| label == "s3" || label.starts_with("s3-"))
}

/// Whether `host` is loopback as written: `localhost`, `127.0.0.0/8`, `::1` (brackets and a
/// port allowed). Any other name counts as remote, even one that resolves to loopback.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::Ipv6Addr>()
            .is_ok_and(|ip| ip.is_loopback())
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.octets()[0] == 127)
}

/// The value as written in the file, quotes removed: `"${S3_SECRET_KEY}"` -> `${S3_SECRET_KEY}`.
/// With `--env-file` the setting's value is already expanded; this is what the user wrote.
pub(crate) fn written<'t>(text: &'t str, setting: &Setting) -> &'t str {
    let raw = setting.span.slice(text);
    for quote in ['"', '\''] {
        if raw.len() >= 2 && raw.starts_with(quote) && raw.ends_with(quote) {
            return &raw[1..raw.len() - 1];
        }
    }
    raw
}

/// Present and non-empty (DESIGN.md §6).
fn set(setting: Option<&Setting>) -> Option<&Setting> {
    setting.filter(|s| !s.value.is_empty())
}

/// How the access key id may appear in a message: `` `ASIA…` `` or a plain description.
fn key_phrase(access_key: &str) -> String {
    match display_access_key(access_key) {
        Some(prefix) => format!("the access key `{prefix}…`"),
        None => "the access key".to_string(),
    }
}

/// Error on an AWS host, warning elsewhere (CS203, CS212).
fn by_host(aws: bool) -> Severity {
    if aws {
        Severity::Error
    } else {
        Severity::Warning
    }
}

/// The scheme and host of a resolved client's endpoint, when it has one.
fn endpoint_scheme_host(resolved: Option<&Resolved>) -> Option<(String, String)> {
    let endpoint = resolved?.client.endpoint.as_deref()?;
    let url = Url::parse(endpoint).ok()?;
    Some((url.scheme().to_string(), url.host_str()?.to_string()))
}

/// A router endpoint's host from its text when minio-go refused it (a scheme, a path,
/// userinfo): enough to tell an AWS host for the severity of CS203/CS212.
fn host_from_endpoint_text(endpoint: &str) -> &str {
    let rest = endpoint.split_once("://").map_or(endpoint, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    authority.rsplit_once('@').map_or(authority, |(_, h)| h)
}

// ---------------------------------------------------------------------------------------
// Router (YAML and router-env)

/// One provider's credential settings, as the router reads them.
struct ProviderKeys<'a> {
    access: Option<&'a Setting>,
    secret: Option<&'a Setting>,
    token: Option<&'a Setting>,
    /// The access key's content, when known (a literal, or any value after `--env-file`).
    access_text: Option<&'a str>,
    aws: bool,
}

fn check_provider(
    ctx: &Context<'_>,
    p: &S3ProviderSettings,
    resolved: Option<&Resolved>,
    out: &mut Vec<Diagnostic>,
) {
    let known = |s: &&Setting| ctx.env.is_some() || !s.reference;
    let host = match endpoint_scheme_host(resolved) {
        Some((_, host)) => Some(host),
        None => p
            .endpoint
            .as_ref()
            .map(|e| host_from_endpoint_text(&e.value).to_string()),
    };
    let keys = ProviderKeys {
        access: set(p.access_key.as_ref()),
        secret: set(p.secret_key.as_ref()),
        token: set(p.session_token.as_ref()),
        access_text: set(p.access_key.as_ref())
            .filter(known)
            .map(|s| s.value.as_str()),
        aws: host.as_deref().is_some_and(is_aws_host),
    };
    let id =
        p.id.as_ref()
            .map_or_else(|| format!("#{}", p.index), |s| format!("`{}`", s.value));

    partial_keys(ctx, p, &keys, &id, out);
    token_rules(ctx, p, &keys, &id, resolved, out);
    if ctx.kind == Kind::Router {
        literal_secrets(ctx, p, out);
    }
    env_keys_ignored(ctx, p, &keys, &id, out);
}

/// CS201 (router): exactly one of the keys set. With `--env-file`, an empty key written as a
/// reference is CS004's finding.
fn partial_keys(
    ctx: &Context<'_>,
    p: &S3ProviderSettings,
    keys: &ProviderKeys<'_>,
    id: &str,
    out: &mut Vec<Diagnostic>,
) {
    let (present, missing, missing_name, present_name) = match (keys.access, keys.secret) {
        (Some(a), None) => (a, p.secret_key.as_ref(), "secret_key", "access_key"),
        (None, Some(s)) => (s, p.access_key.as_ref(), "access_key", "secret_key"),
        _ => return,
    };
    // A key that is there but holds a mapping or a list (`access_key: *creds`) is CS102's
    // finding: the router refuses the whole config, so nothing falls back to IAM.
    if missing.is_none() && yaml_key_present(ctx, p, missing_name) {
        return;
    }
    let reference_left_empty = missing.is_some_and(|m| written(ctx.text, m).contains('$'));
    if ctx.env.is_some() && reference_left_empty {
        return;
    }
    let state = if missing.is_some() {
        "empty"
    } else {
        "missing"
    };
    let mut d = Diagnostic::new(
        Rule::PartialCredentials,
        Severity::Error,
        present.key_span,
        format!(
            "provider {id} sets `{present_name}` but `{missing_name}` is {state}: the router \
             ignores the pair and falls back to minio-go's IAM chain"
        ),
    )
    .with_help(format!(
        "set both `access_key` and `secret_key`, or remove both to use the IAM chain \
         (`{missing_name}` is required with `{present_name}`)"
    ))
    .with_pointer(&present.pointer);
    if let Some(m) = missing {
        d = d.with_label(m.key_span, format!("`{missing_name}` is empty"));
    }
    out.push(d);
}

/// Whether the YAML provider item has `key`, whatever its value.
fn yaml_key_present(ctx: &Context<'_>, p: &S3ProviderSettings, key: &str) -> bool {
    ctx.yaml()
        .and_then(|d| d.root.as_ref())
        .and_then(|root| root.pointer(&p.pointer))
        .is_some_and(|item| item.entry(key).is_some())
}

/// CS202, CS203, CS208, CS210 and CS212 for one router provider.
fn token_rules(
    ctx: &Context<'_>,
    p: &S3ProviderSettings,
    keys: &ProviderKeys<'_>,
    id: &str,
    resolved: Option<&Resolved>,
    out: &mut Vec<Diagnostic>,
) {
    let next = ctx.target.supports_session_token();
    let both = keys.access.is_some() && keys.secret.is_some();
    let access_text = keys.access_text.unwrap_or("");

    // CS210: with `current`/`legacy` the token replaces CS202/CS203/CS208/CS212.
    if let (false, Some(token)) = (next, p.session_token.as_ref()) {
        let yaml = ctx.kind == Kind::Router;
        let asia = both && access_text.starts_with("ASIA");
        // The schema refuses the key whatever its value; an empty env variable is no token.
        if yaml || !token.value.is_empty() {
            let (severity, effect) = if yaml {
                (
                    Severity::Error,
                    "the router's schema refuses `session_token`, so the router does not start",
                )
            } else if asia {
                (
                    Severity::Error,
                    "the variable is silently ignored, and the temporary key does not work \
                     without its token",
                )
            } else {
                (Severity::Warning, "the variable is silently ignored")
            };
            out.push(
                Diagnostic::new(
                    Rule::SessionTokenUnsupported,
                    severity,
                    token.key_span,
                    format!(
                        "provider {id}: releases of target `{}` have no session token support: \
                         {effect}",
                        ctx.target.as_str()
                    ),
                )
                .with_help(
                    "use `--target next` if you run a release with session tokens, or remove \
                     the token and use long-term keys or the IAM chain",
                )
                .with_pointer(&token.pointer),
            );
        }
        if keys.token.is_some() {
            return;
        }
    }

    // CS202: the token goes unused without both keys.
    if let Some(token) = keys.token.filter(|_| !both) {
        let mut d = Diagnostic::new(
            Rule::TokenWithoutKeys,
            Severity::Warning,
            token.key_span,
            format!(
                "provider {id} sets `session_token` without both `access_key` and `secret_key`: \
                 the token is ignored and minio-go's IAM chain is used"
            ),
        )
        .with_help("set the access key and secret the token belongs to, or remove the token")
        .with_pointer(&token.pointer);
        for (name, s) in [("access_key", &p.access_key), ("secret_key", &p.secret_key)] {
            if let Some(s) = s.as_ref().filter(|s| s.value.is_empty()) {
                d = d.with_label(s.key_span, format!("`{name}` is empty"));
            }
        }
        out.push(d);
        return;
    }
    let (Some(access), true) = (keys.access, both) else {
        return;
    };

    // CS203: a temporary key needs its token.
    if access_text.starts_with("ASIA") && keys.token.is_none() {
        out.push(
            Diagnostic::new(
                Rule::TemporaryKeyWithoutToken,
                by_host(keys.aws),
                access.span,
                format!(
                    "provider {id}: {} is a temporary (STS) key but no session token is set: \
                     S3 rejects its signatures",
                    key_phrase(access_text)
                ),
            )
            .with_help(
                "add `session_token: \"${AWS_SESSION_TOKEN}\"` next to the keys (target \
                 `next`), or use long-term keys or the IAM chain",
            )
            .with_pointer(&access.pointer),
        );
    }

    let Some(token) = keys.token else { return };
    // CS212: long-term keys take no token.
    if access_text.starts_with("AKIA") {
        out.push(
            Diagnostic::new(
                Rule::LongTermKeyWithToken,
                by_host(keys.aws),
                access.span,
                format!(
                    "provider {id}: {} is a long-term key, yet a session token is set: AWS \
                     answers InvalidToken",
                    key_phrase(access_text)
                ),
            )
            .with_label(token.key_span, "session token set here")
            .with_help("remove `session_token`, or use the temporary (ASIA…) key it belongs to")
            .with_pointer(&access.pointer),
        );
    }

    // CS208: the token travels in a header; over plain http anyone on the path reads it.
    let Some((scheme, host)) = endpoint_scheme_host(resolved) else {
        return;
    };
    if scheme == "http" && !is_loopback_host(&host) {
        let mut d = Diagnostic::new(
            Rule::TokenOverHttp,
            Severity::Warning,
            token.key_span,
            format!(
                "provider {id} sends its session token over plain http to `{host}`, which is \
                 not loopback"
            ),
        )
        .with_help("set `secure: true` (https) for this provider")
        .with_pointer(&token.pointer);
        if let Some(secure) = &p.secure {
            d = d.with_label(secure.span, "plain http");
        } else if let Some(endpoint) = &p.endpoint {
            d = d.with_label(endpoint.span, "plain http (`secure` is not set)");
        }
        out.push(d);
    }
}

/// CS207: a literal secret in router YAML (an access key id is no secret).
fn literal_secrets(ctx: &Context<'_>, p: &S3ProviderSettings, out: &mut Vec<Diagnostic>) {
    for (name, env_name, setting) in [
        ("secret_key", "SECRET_KEY", &p.secret_key),
        ("session_token", "SESSION_TOKEN", &p.session_token),
    ] {
        let Some(s) = setting else { continue };
        let text = written(ctx.text, s);
        if text.is_empty() || s.value.is_empty() && !text.contains('$') {
            continue;
        }
        if is_runtime_reference(text) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Rule::LiteralSecret,
                Severity::Warning,
                s.span,
                format!("`{name}` holds a literal secret in the config file"),
            )
            .with_help(format!(
                "write `{name}: \"${{S3_{env_name}}}\"` and set `S3_{env_name}` in the router's \
                 environment (a `STORAGE_PROVIDER_S3_{}_{env_name}` override does not reach a \
                 provider defined in the YAML: the YAML list replaces the overrides' list)",
                p.index
            ))
            .with_pointer(&s.pointer),
        );
    }
}

/// The names whose presence means minio-go's IAM chain has a real source besides IMDS.
const IAM_SOURCES: [&str; 3] = [
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
];

/// CS211: `AWS_ACCESS_KEY_ID` in the environment given, no static keys in the provider.
/// The environment is `--env-file` (router YAML) or, for a router-env file, the file itself
/// (the router loads it into its environment).
fn env_keys_ignored(
    ctx: &Context<'_>,
    p: &S3ProviderSettings,
    keys: &ProviderKeys<'_>,
    id: &str,
    out: &mut Vec<Diagnostic>,
) {
    if keys.access.is_some() || keys.secret.is_some() {
        return;
    }
    let own = ctx.env_document().filter(|_| ctx.kind == Kind::RouterEnv);
    let lookup = |name: &str| -> Option<&str> {
        ctx.env_var(name)
            .or_else(|| own.and_then(|d| d.value(name)))
            .filter(|v| !v.is_empty())
    };
    if lookup("AWS_ACCESS_KEY_ID").is_none() {
        return;
    }
    let iam = IAM_SOURCES.iter().find(|n| lookup(n).is_some());
    let (severity, message) = match iam {
        Some(source) => (
            Severity::Info,
            format!(
                "provider {id} has no static keys: the router uses `{source}` through \
                 minio-go's IAM chain and never reads `AWS_ACCESS_KEY_ID`"
            ),
        ),
        None => (
            Severity::Warning,
            format!(
                "provider {id} has no static keys and the router never reads \
                 `AWS_ACCESS_KEY_ID`: minio-go's IAM chain runs (ending at the instance \
                 metadata service) and the keys in the environment go unused"
            ),
        ),
    };
    let anchor = p.id.as_ref().map_or(p.span, |s| s.span);
    let mut d = Diagnostic::new(
        Rule::EnvCredentialsIgnoredByRouter,
        severity,
        anchor,
        message,
    )
    .with_help(
        "to sign with those keys, set `access_key: \"${AWS_ACCESS_KEY_ID}\"` and \
         `secret_key: \"${AWS_SECRET_ACCESS_KEY}\"` on the provider",
    )
    .with_pointer(&p.pointer);
    if let Some(entry) = own.and_then(|d| d.get("AWS_ACCESS_KEY_ID")) {
        d = d.with_label(entry.key_span, "not read by the router");
    }
    out.push(d);
}

/// Whether CS206 (not CS104) owns an unparseable URL: its userinfo is what breaks it.
/// For the schema rule: skip CS104 on `S3_STORAGE_URL`/`S3_FAILOVER_STORAGE_URL` when this
/// says so.
pub fn userinfo_breaks_url(url: &str) -> bool {
    Url::parse(url).is_err() && url_userinfo_problem(url).is_some()
}
