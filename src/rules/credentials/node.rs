//! Credential rules for the controlplane and the cdn-server, one S3 client at a time
//! (primary; the controlplane's failover when `S3_FAILOVER_STORAGE_URL` is set).
//!
//! The access key is `url.username` when non-empty, else `S3_ACCESS_KEY_ID`; the secret
//! likewise (`url.password` over `S3_SECRET_ACCESS_KEY`), field by field (DESIGN.md §4),
//! with the URL parsed as WHATWG does (the `url` crate) and kept percent-encoded.

use super::userinfo::userinfo_encoding;
use super::{by_host, endpoint_scheme_host, is_aws_host, is_loopback_host, key_phrase, set};
use crate::model::settings::Setting;
use crate::rules::fixes::{self, KeyValue, TargetVariable, UrlVariables};
use crate::rules::{Context, Diagnostic, Rule, Severity, Target};
use crate::source::Kind;
use crate::span::Span;
use url::Url;

/// The variables of one Node S3 client.
#[derive(Debug, Clone, Copy)]
pub(super) struct Names {
    client: &'static str,
    pub(super) url: &'static str,
    pub(super) access: &'static str,
    pub(super) secret: &'static str,
    token: &'static str,
    endpoint: &'static str,
    vars: UrlVariables,
}

const PRIMARY: Names = Names {
    client: "primary",
    url: "S3_STORAGE_URL",
    access: "S3_ACCESS_KEY_ID",
    secret: "S3_SECRET_ACCESS_KEY",
    token: "S3_SESSION_TOKEN",
    endpoint: "S3_ENDPOINT",
    vars: UrlVariables::Primary,
};

const FAILOVER: Names = Names {
    client: "failover",
    url: "S3_FAILOVER_STORAGE_URL",
    access: "S3_FAILOVER_ACCESS_KEY_ID",
    secret: "S3_FAILOVER_SECRET_ACCESS_KEY",
    token: "S3_FAILOVER_SESSION_TOKEN",
    endpoint: "S3_FAILOVER_ENDPOINT",
    vars: UrlVariables::Failover,
};

/// One half of the key pair after merging.
#[derive(Debug, Clone, Copy)]
struct Part<'a> {
    /// What Node signs with (URL userinfo still percent-encoded).
    value: &'a str,
    from_url: bool,
    var: Option<&'a Setting>,
}

impl Part<'_> {
    fn is_set(&self) -> bool {
        !self.value.is_empty()
    }
}

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let clients: &[Names] = match ctx.kind {
        Kind::Controlplane => &[PRIMARY, FAILOVER],
        _ => &[PRIMARY],
    };
    for names in clients {
        check_client(ctx, names, out);
    }
}

fn check_client(ctx: &Context<'_>, names: &Names, out: &mut Vec<Diagnostic>) {
    let url_setting = set(ctx.var(names.url));
    if let Some(url) = url_setting {
        userinfo_encoding(ctx, names, url, out);
    }
    let parsed = url_setting.map(|s| Url::parse(&s.value));
    let (user, password) = match &parsed {
        Some(Ok(url)) => (url.username(), url.password().unwrap_or("")),
        _ => ("", ""),
    };
    // A failover without its URL is never built; an unparseable URL stops the component
    // before any key is read. A missing primary URL (CS103) still leaves the variables to judge.
    let usable = match &parsed {
        Some(result) => result.is_ok(),
        None => names.client == "primary",
    };
    let access_var = ctx.var(names.access);
    let secret_var = ctx.var(names.secret);
    let access = merged(user, access_var);
    let secret = merged(password, secret_var);
    let token = set(ctx.var(names.token));

    session_token_unsupported(ctx, names, &access, out);
    if !usable {
        return;
    }
    if let Some(url) = url_setting.filter(|_| !user.is_empty() || !password.is_empty()) {
        credentials_in_url(ctx, names, url, out);
        shadowing(names, url, user, password, access_var, secret_var, out);
    }
    key_pair(ctx, names, url_setting, &access, &secret, out);

    let both = access.is_set() && secret.is_set();
    match token.filter(|_| ctx.target.supports_session_token()) {
        Some(token) if !both => token_without_keys(names, token, &access, &secret, out),
        _ if both => {
            let written_url = match set(ctx.var(names.endpoint)) {
                Some(endpoint) => Url::parse(&endpoint.value).ok(),
                None => parsed.as_ref().and_then(|p| p.as_ref().ok()).cloned(),
            };
            let signer = Signer {
                names,
                url: url_setting,
                access: &access,
                token,
                written_url,
            };
            signed_requests(ctx, &signer, out);
        }
        _ => {}
    }
}

/// CS202: a token that goes unused because a key is empty after merging.
fn token_without_keys(
    names: &Names,
    token: &Setting,
    access: &Part<'_>,
    secret: &Part<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let mut d = Diagnostic::new(
        Rule::TokenWithoutKeys,
        Severity::Warning,
        token.key_span,
        format!(
            "`{}` is set without both keys: the token is ignored and the AWS SDK's default \
             chain is used",
            names.token
        ),
    )
    .with_help(format!(
        "set `{}` and `{}` to the keys the token belongs to, or remove the token",
        names.access, names.secret
    ))
    .with_pointer(&token.pointer);
    for (part, name) in [(access, names.access), (secret, names.secret)] {
        if let Some(var) = part.var.filter(|_| !part.is_set()) {
            d = d.with_label(var.key_span, format!("`{name}` is empty"));
        }
    }
    out.push(d);
}

/// A client that signs with static keys: what CS203, CS212 and CS208 look at.
struct Signer<'a> {
    names: &'a Names,
    url: Option<&'a Setting>,
    access: &'a Part<'a>,
    /// The session token variable, when set (any target).
    token: Option<&'a Setting>,
    /// `S3_ENDPOINT` when set, else the storage URL, as written.
    written_url: Option<Url>,
}

/// CS203, CS212, CS208 for a client with both keys.
fn signed_requests(ctx: &Context<'_>, s: &Signer<'_>, out: &mut Vec<Diagnostic>) {
    let names = s.names;
    let access = s.access;
    let resolved = ctx
        .resolved()
        .iter()
        .find(|r| r.client.name == names.client);
    let endpoint = endpoint_scheme_host(resolved);
    // Judge hosts as resolved and as written: a URL the SDK mangles (CS308 turns the cdn's
    // `https://s3.R.amazonaws.com/b` into `https://R.amazonaws.com`) still shows where the
    // operator meant to send requests.
    let written_host = s.written_url.as_ref().and_then(Url::host_str).unwrap_or("");
    let hosts = [
        endpoint.as_ref().map_or("", |(_, h)| h.as_str()),
        written_host,
    ];
    let aws = hosts.iter().any(|h| is_aws_host(h));
    let loopback = hosts.iter().any(|h| is_loopback_host(h));
    let anchor = access_anchor(s.url, access);
    let pointer = pointer_of(s.url, access, names);

    if access.value.starts_with("ASIA") && s.token.is_none() {
        out.push(
            Diagnostic::new(
                Rule::TemporaryKeyWithoutToken,
                by_host(aws),
                anchor,
                format!(
                    "{} is a temporary (STS) key but `{}` is not set: S3 rejects its signatures",
                    key_phrase(access.value),
                    names.token
                ),
            )
            .with_help(format!(
                "set `{}` (target `next`), or use long-term keys or the default chain",
                names.token
            ))
            .with_pointer(&pointer),
        );
    }
    // Under `current`/`legacy` a token is CS210's alone.
    let Some(token) = s.token.filter(|_| ctx.target.supports_session_token()) else {
        return;
    };
    if access.value.starts_with("AKIA") {
        out.push(
            Diagnostic::new(
                Rule::LongTermKeyWithToken,
                by_host(aws),
                anchor,
                format!(
                    "{} is a long-term key, yet `{}` is set: AWS answers InvalidToken",
                    key_phrase(access.value),
                    names.token
                ),
            )
            .with_label(token.key_span, "session token set here")
            .with_help(format!(
                "remove `{}`, or use the temporary (ASIA…) key it belongs to",
                names.token
            ))
            .with_pointer(&pointer),
        );
    }
    if let Some((_, host)) = endpoint.filter(|(scheme, _)| scheme == "http" && !loopback) {
        let mut d = Diagnostic::new(
            Rule::TokenOverHttp,
            Severity::Warning,
            token.key_span,
            format!("the session token is sent over plain http to `{host}`, which is not loopback"),
        )
        .with_help("use an `https://` URL (and endpoint)")
        .with_pointer(&token.pointer);
        if let Some(e) = set(ctx.var(names.endpoint)).or(s.url) {
            d = d.with_label(e.span, "plain http");
        }
        out.push(d);
    }
}

fn merged<'a>(from_url: &'a str, var: Option<&'a Setting>) -> Part<'a> {
    if from_url.is_empty() {
        Part {
            value: var.map_or("", |v| v.value.as_str()),
            from_url: false,
            var,
        }
    } else {
        Part {
            value: from_url,
            from_url: true,
            var,
        }
    }
}

/// Where a finding about the access key goes: the URL value when the key comes from it, else
/// the variable's value.
fn access_anchor(url: Option<&Setting>, access: &Part<'_>) -> Span {
    match (access.from_url, url, access.var) {
        (true, Some(url), _) => url.span,
        (_, _, Some(var)) => var.span,
        _ => Span::empty(0),
    }
}

fn pointer_of(url: Option<&Setting>, access: &Part<'_>, names: &Names) -> String {
    match (access.from_url, url) {
        (true, Some(url)) => url.pointer.clone(),
        _ => format!("/{}", names.access),
    }
}

/// CS201 (current/next) and CS209 (legacy): the merged pair is half or wholly empty.
fn key_pair(
    ctx: &Context<'_>,
    names: &Names,
    url: Option<&Setting>,
    access: &Part<'_>,
    secret: &Part<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let where_set = |part: &Part<'_>| match (part.from_url, url, part.var) {
        (true, Some(url), _) => (
            url.span,
            url.pointer.clone(),
            format!("the `{}` userinfo", names.url),
        ),
        (_, _, Some(var)) => (
            var.key_span,
            var.pointer.clone(),
            format!("`{}`", &var.pointer[1..]),
        ),
        _ => (Span::empty(0), String::new(), String::new()),
    };
    if ctx.target == Target::Legacy {
        let empty: Vec<(&Part<'_>, &str)> = [(access, names.access), (secret, names.secret)]
            .into_iter()
            .filter(|(p, _)| !p.is_set())
            .collect();
        let Some(&(_, first_name)) = empty.first() else {
            return;
        };
        // Anchor on an empty variable when there is one, else on the URL variable's key.
        let present: Vec<&Setting> = empty.iter().filter_map(|(p, _)| p.var).collect();
        let (span, pointer) = match (present.first(), url) {
            (Some(var), _) => (var.key_span, var.pointer.clone()),
            (None, Some(url)) => (url.key_span, url.pointer.clone()),
            (None, None) => (Span::empty(0), format!("/{first_name}")),
        };
        let what = empty
            .iter()
            .map(|(_, n)| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(" and ");
        let mut d = Diagnostic::new(
            Rule::EmptyCredentialsRejected,
            Severity::Error,
            span,
            format!(
                "{what} empty after merging with the URL ({} client): legacy releases throw \
                 \"Missing S3 credentials\" at start",
                names.client
            ),
        )
        .with_help(
            "set both keys, or run a release with the default-chain fix (`--target current`) \
             to use the AWS SDK's default chain",
        )
        .with_pointer(pointer);
        for var in present.iter().skip(1) {
            d = d.with_label(var.key_span, "empty");
        }
        out.push(d);
        return;
    }
    let (present, missing, missing_name) = match (access.is_set(), secret.is_set()) {
        (true, false) => (access, secret, names.secret),
        (false, true) => (secret, access, names.access),
        _ => return,
    };
    let (span, pointer, source) = where_set(present);
    let mut d = Diagnostic::new(
        Rule::PartialCredentials,
        Severity::Error,
        span,
        format!(
            "{source} gives one key but `{missing_name}` is empty after merging: the pair is \
             silently ignored and the AWS SDK's default chain is used"
        ),
    )
    .with_help("set both the access key and the secret, or neither to use the default chain")
    .with_pointer(pointer);
    if let Some(var) = missing.var {
        d = d.with_label(var.key_span, format!("`{missing_name}` is empty"));
    }
    out.push(d);
}

/// CS210: a session-token variable with `--target current`/`legacy`, which ignore it.
fn session_token_unsupported(
    ctx: &Context<'_>,
    names: &Names,
    access: &Part<'_>,
    out: &mut Vec<Diagnostic>,
) {
    if ctx.target.supports_session_token() {
        return;
    }
    let Some(token) = set(ctx.var(names.token)) else {
        return;
    };
    let (severity, effect) = if access.value.starts_with("ASIA") {
        (
            Severity::Error,
            "and the temporary key does not work without it",
        )
    } else {
        (Severity::Warning, "and requests are signed without it")
    };
    out.push(
        Diagnostic::new(
            Rule::SessionTokenUnsupported,
            severity,
            token.key_span,
            format!(
                "`{}` is silently ignored by releases of target `{}` (no session token support), \
                 {effect}",
                names.token,
                ctx.target.as_str()
            ),
        )
        .with_help(
            "use `--target next` if you run a release with session tokens, or use long-term \
             keys or the default chain",
        )
        .with_pointer(&token.pointer),
    );
}

/// CS204: `user:password@` in the storage URL; the fix moves it to the variables.
fn credentials_in_url(ctx: &Context<'_>, names: &Names, url: &Setting, out: &mut Vec<Diagnostic>) {
    let target = |name: &str| {
        let var = ctx.var(name);
        TargetVariable {
            entry: var.map(|v| KeyValue {
                key: v.key_span,
                value: v.span,
            }),
            empty: var.is_none_or(|v| v.value.is_empty()),
        }
    };
    let fix = fixes::move_url_credentials(
        ctx.text,
        KeyValue {
            key: url.key_span,
            value: url.span,
        },
        names.vars,
        target(names.access),
        target(names.secret),
    );
    let mut d = Diagnostic::new(
        Rule::CredentialsInUrl,
        Severity::Warning,
        url.span,
        format!("`{}` carries credentials in its userinfo", names.url),
    )
    .with_help(format!(
        "put them in `{}` and `{}`: URLs end up in logs and process listings",
        names.access, names.secret
    ))
    .with_pointer(&url.pointer);
    if let Some(fix) = fix {
        d = d.with_fix(fix);
    }
    out.push(d);
}

/// CS205: URL userinfo shadows a set variable (field by field), or the pair mixes sources.
fn shadowing(
    names: &Names,
    url: &Setting,
    user: &str,
    password: &str,
    access_var: Option<&Setting>,
    secret_var: Option<&Setting>,
    out: &mut Vec<Diagnostic>,
) {
    let access_var = set(access_var);
    let secret_var = set(secret_var);
    for (from_url, var, part) in [
        (user, access_var, "username"),
        (password, secret_var, "password"),
    ] {
        let Some(var) = var.filter(|_| !from_url.is_empty()) else {
            continue;
        };
        let name = &var.pointer[1..];
        let (severity, how) = if var.value == from_url {
            (Severity::Info, "the same value")
        } else {
            (Severity::Error, "a different value")
        };
        out.push(
            Diagnostic::new(
                Rule::UrlCredentialsShadowVariables,
                severity,
                var.key_span,
                format!(
                    "`{name}` is ignored: the URL {part} in `{}` wins, and it holds {how}",
                    names.url
                ),
            )
            .with_label(url.span, format!("the URL {part} used instead"))
            .with_help(format!(
                "keep the credentials in one place: remove them from `{}`",
                names.url
            ))
            .with_pointer(&var.pointer),
        );
    }
    let mixed = match (user.is_empty(), password.is_empty()) {
        (false, true) => secret_var.map(|v| ("username", v)),
        (true, false) => access_var.map(|v| ("password", v)),
        _ => None,
    };
    if let Some((part, var)) = mixed {
        let name = &var.pointer[1..];
        out.push(
            Diagnostic::new(
                Rule::UrlCredentialsShadowVariables,
                Severity::Error,
                url.span,
                format!(
                    "the key pair mixes sources: the URL {part} in `{}` with `{name}`",
                    names.url
                ),
            )
            .with_label(var.key_span, "the other half of the pair")
            .with_help(format!(
                "keep both keys in one place, preferably `{}` and `{}`",
                names.access, names.secret
            ))
            .with_pointer(&url.pointer),
        );
    }
}
