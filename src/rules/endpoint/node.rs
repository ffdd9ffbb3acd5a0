//! The endpoint family on the controlplane and the cdn-server: judged on what
//! `resolve::node` derived for each client (bucket, endpoint, region, path style), anchored
//! on the variable that caused it.

use super::{bucket_problem, edits, host_region, is_aws_host, is_aws_region};
use crate::model::settings::Setting;
use crate::resolve::ResolvedClient;
use crate::rules::fixes::{self, KeyValue};
use crate::rules::{Context, Diagnostic, Rule, Severity};
use crate::source::Kind;
use crate::span::Span;
use url::Url;

/// The variables behind one client.
#[derive(Debug, Clone, Copy)]
struct Names {
    url: &'static str,
    region: &'static str,
    path_style: &'static str,
}

const PRIMARY: Names = Names {
    url: "S3_STORAGE_URL",
    region: "S3_REGION",
    path_style: "S3_FORCE_PATH_STYLE",
};
const FAILOVER: Names = Names {
    url: "S3_FAILOVER_STORAGE_URL",
    region: "S3_FAILOVER_REGION",
    path_style: "S3_FAILOVER_FORCE_PATH_STYLE",
};

fn names(client: &ResolvedClient) -> Names {
    if client.name == "failover" {
        FAILOVER
    } else {
        PRIMARY
    }
}

/// Where a client's region came from.
#[derive(Debug, Clone, Copy)]
enum RegionSource<'a> {
    /// The cdn's `?region=` in the URL.
    Query(&'a Setting),
    Variable(&'a Setting),
    /// Unset: the component's default (`auto` on the controlplane, `default` on the cdn).
    Default,
}

fn query_param(url: &str, key: &str) -> Option<String> {
    let parsed = Url::parse(url).ok()?;
    parsed
        .query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

fn region_source<'a>(ctx: &Context<'a>, n: Names) -> RegionSource<'a> {
    let url = ctx.var(n.url);
    if ctx.kind == Kind::Cdn {
        if let Some(u) = url.filter(|u| query_param(&u.value, "region").is_some()) {
            return RegionSource::Query(u);
        }
    }
    ctx.var(n.region)
        .map_or(RegionSource::Default, RegionSource::Variable)
}

/// The hostname of the endpoint the client sends to.
fn endpoint_hostname(client: &ResolvedClient) -> Option<String> {
    let endpoint = Url::parse(client.endpoint.as_deref()?).ok()?;
    endpoint
        .host_str()
        .map(|h| h.trim_matches(['[', ']']).to_string())
}

pub(super) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for resolved in ctx.resolved() {
        client(ctx, &resolved.client, out);
    }
    if ctx.kind == Kind::Controlplane {
        query_params_ignored(ctx, out);
    }
    boolean_strings(ctx, out);
}

fn client(ctx: &Context<'_>, c: &ResolvedClient, out: &mut Vec<Diagnostic>) {
    let n = names(c);
    let Some(url_setting) = ctx.var(n.url) else {
        return;
    };
    let source = region_source(ctx, n);

    if c.region.as_deref() == Some("") {
        empty_region(ctx, n, url_setting, source, out);
    }
    let Ok(url) = Url::parse(&url_setting.value) else {
        return;
    };
    let host = endpoint_hostname(c);
    let aws = host.as_deref().is_some_and(is_aws_host);

    let style_wrong = addressing_style(ctx, c, n, url_setting, &url, aws, out);
    if !style_wrong {
        if let Some(problem) = c.bucket.as_deref().and_then(|b| bucket_problem(b, aws)) {
            let bucket = c.bucket.as_deref().unwrap_or("");
            out.push(
                problem
                    .diagnostic(
                        url_setting.span,
                        &format!("the bucket `{bucket}` derived from `{}`", n.url),
                    )
                    .with_pointer(&url_setting.pointer),
            );
        }
    }
    if let (Some(host), Some(region)) = (host.filter(|_| aws), c.region.as_deref()) {
        if !region.is_empty() {
            region_rules(ctx, n, url_setting, source, &host, region, out);
        }
    }
}

/// CS312: a present but empty region, which no default fills.
fn empty_region(
    ctx: &Context<'_>,
    n: Names,
    url_setting: &Setting,
    source: RegionSource<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let (anchor, what) = match source {
        RegionSource::Query(u) => (u, format!("`?region=` in `{}` is empty", n.url)),
        RegionSource::Variable(v) => (v, format!("`{}` is present but empty", n.region)),
        RegionSource::Default => (url_setting, "the region is empty".to_string()),
    };
    let component = if ctx.kind == Kind::Cdn {
        "the cdn"
    } else {
        "the controlplane"
    };
    out.push(
        Diagnostic::new(
            Rule::EmptyRegion,
            Severity::Error,
            anchor.span,
            format!(
                "{what}: defaults fill only unset values, so {component} stops with \
                 \"Missing region in S3 configuration.\""
            ),
        )
        .with_pointer(&anchor.pointer)
        .with_help(format!(
            "set the bucket's region (e.g. `{}=us-east-1`), or remove the empty value",
            n.region
        )),
    );
}

/// CS306 / CS307 on an AWS endpoint.
fn region_rules(
    ctx: &Context<'_>,
    n: Names,
    url_setting: &Setting,
    source: RegionSource<'_>,
    host: &str,
    region: &str,
    out: &mut Vec<Diagnostic>,
) {
    let named = host_region(host);
    let anchor = match source {
        RegionSource::Query(u) => u,
        RegionSource::Variable(v) => v,
        RegionSource::Default => url_setting,
    };
    let fix = |want: &str| -> Option<crate::rules::Fix> {
        let title = format!("Set `{}` to `{want}`", n.region);
        match source {
            RegionSource::Variable(v) => edits::replace_value(ctx.text, v, want),
            RegionSource::Default => {
                edits::set_env_var(ctx.text, ctx.env_document()?, n.region, want, n.url, title)
            }
            // Editing the query would be a second source of truth; no certain fix.
            RegionSource::Query(_) => None,
        }
    };
    let origin = match source {
        RegionSource::Default => " (the default)",
        _ => "",
    };

    if !is_aws_region(region) {
        let help = match &named {
            Some(r) => format!("set `{}={r}`, the region `{host}` names", n.region),
            None => format!("set `{}` to the bucket's region", n.region),
        };
        let mut d = Diagnostic::new(
            Rule::AwsRegionRequired,
            Severity::Error,
            anchor.span,
            format!(
                "region `{region}`{origin} is no AWS region, and `{host}` is Amazon S3: AWS \
                 refuses the signature (AuthorizationHeaderMalformed)"
            ),
        )
        .with_pointer(&anchor.pointer)
        .with_help(help);
        if let Some(f) = named.as_deref().and_then(fix) {
            d = d.with_fix(f);
        }
        out.push(d);
        return;
    }
    if let Some(want) = named.as_deref().filter(|r| *r != region) {
        let mut d = Diagnostic::new(
            Rule::RegionMismatch,
            Severity::Error,
            anchor.span,
            format!(
                "region `{region}` differs from `{want}`, the region in `{host}`: AWS answers \
                 with a redirect the SDK does not follow (PermanentRedirect)"
            ),
        )
        .with_pointer(&anchor.pointer)
        .with_help(format!("set `{}={want}`", n.region));
        if !std::ptr::eq(anchor, url_setting) {
            d = d.with_label(url_setting.span, format!("this host is in `{want}`"));
        }
        if let Some(f) = fix(want) {
            d = d.with_fix(f);
        }
        out.push(d);
    }
}

/// CS308: the URL and the path-style setting disagree. Returns whether it fired (the bucket
/// derived from such a URL is then wrong for that reason alone, so CS305 stays quiet).
fn addressing_style(
    ctx: &Context<'_>,
    c: &ResolvedClient,
    n: Names,
    url_setting: &Setting,
    url: &Url,
    aws_endpoint: bool,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let Some(path_style) = c.force_path_style else {
        return false;
    };
    let hostname = url.host_str().unwrap_or("");
    let virtual_host = hostname.split('.').count() > 2;
    let path = url.path().get(1..).unwrap_or("");
    let bucket = c.bucket.as_deref().unwrap_or("");

    let (message, set_to) = if path_style && path.is_empty() {
        (
            format!(
                "path style is on but `{}` has no path: the bucket is empty and the SDK \
                 stops (\"No value provided for input HTTP label: Bucket.\")",
                n.url
            ),
            // Only a virtual-host URL says where the bucket is.
            virtual_host.then_some("false"),
        )
    } else if !path_style && !path.is_empty() && virtual_host {
        (
            format!(
                "path style is off, so the bucket is `{bucket}`, the first label of \
                 `{hostname}`, and the path `/{path}` is ignored"
            ),
            // An AWS virtual-host URL with a path: which one is meant is not certain.
            (!is_aws_host(hostname)).then_some("true"),
        )
    } else if !path_style && !path.is_empty() && !aws_endpoint {
        let Some(request) = c.request.as_ref() else {
            return false;
        };
        if !request.host.starts_with(&format!("{bucket}.")) {
            // The SDK fell back to path style itself (a bucket that is no DNS label).
            return false;
        }
        (
            format!(
                "path style is off, so the SDK sends to `{}` instead of `{hostname}` with the \
                 bucket `{bucket}` in the path",
                request.host
            ),
            Some("true"),
        )
    } else {
        return false;
    };

    let mut d = Diagnostic::new(
        Rule::AddressingStyle,
        Severity::Error,
        url_setting.span,
        message,
    )
    .with_pointer(&url_setting.pointer)
    .with_help(match set_to {
        Some(v) => format!("set `{}={v}`", n.path_style),
        None => format!(
            "put the bucket in the URL path, or set `{}` to match the URL",
            n.path_style
        ),
    });
    if let Some(v) = ctx.var(n.path_style) {
        d = d.with_label(v.span, "path style is set here");
    }
    let fix = set_to.and_then(|v| {
        let title = format!("Set `{}={v}`", n.path_style);
        edits::set_env_var(ctx.text, ctx.env_document()?, n.path_style, v, n.url, title)
    });
    if let Some(f) = fix {
        d = d.with_fix(f);
    }
    out.push(d);
    true
}

/// CS309: `?region=` / `?endpoint=` in a controlplane URL, which it ignores.
fn query_params_ignored(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for name in [PRIMARY.url, FAILOVER.url] {
        let Some(url) = ctx.var(name) else { continue };
        let present: Vec<&str> = ["region", "endpoint"]
            .into_iter()
            .filter(|k| query_param(&url.value, k).is_some())
            .collect();
        if present.is_empty() {
            continue;
        }
        let listed = present
            .iter()
            .map(|k| format!("`?{k}=`"))
            .collect::<Vec<_>>()
            .join(" and ");
        let kv = KeyValue {
            key: url.key_span,
            value: url.span,
        };
        let mut d = Diagnostic::new(
            Rule::QueryParamsIgnored,
            Severity::Warning,
            url.span,
            format!("the controlplane ignores {listed} in `{name}` (only the cdn reads them)"),
        )
        .with_pointer(&url.pointer)
        .with_help("set `S3_REGION` / `S3_ENDPOINT` instead, and remove them from the URL");
        if let Some(f) = fixes::delete_query_params(ctx.text, kv, &present) {
            d = d.with_fix(f);
        }
        out.push(d);
    }
}

/// CS310: a boolean variable that is not exactly `true` or `false`.
fn boolean_strings(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let names: &[&str] = match ctx.kind {
        Kind::Controlplane => &[
            "S3_FORCE_PATH_STYLE",
            "S3_USE_INDIVIDUAL_DELETES",
            "S3_FAILOVER_FORCE_PATH_STYLE",
            "S3_FAILOVER_USE_INDIVIDUAL_DELETES",
        ],
        _ => &["S3_FORCE_PATH_STYLE"],
    };
    for &name in names {
        let Some(v) = ctx.var(name) else { continue };
        if v.value == "true" || v.value == "false" {
            continue;
        }
        let unset_means = match (ctx.kind, name) {
            (Kind::Controlplane, "S3_FORCE_PATH_STYLE") => " (unset would mean true)",
            (_, "S3_FAILOVER_FORCE_PATH_STYLE") => " (unset would mean auto-detect)",
            _ => "",
        };
        let message = if v.value.is_empty() {
            format!("`{name}` is present but empty, which means false{unset_means}")
        } else {
            format!(
                "`{name}` is `{}`: only exactly `true` is true, anything else is \
                 false{unset_means}",
                v.value
            )
        };
        out.push(
            Diagnostic::new(Rule::BooleanString, Severity::Warning, v.span, message)
                .with_pointer(&v.pointer)
                .with_help("write exactly `true` or `false`, or remove the line"),
        );
    }
}

/// CS311: given a controlplane and a cdn file, their primary clients resolve to different
/// buckets, or (both on AWS hosts) different regions. One finding on each file.
pub fn components_disagree(
    controlplane: &Context<'_>,
    cdn: &Context<'_>,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let primary = |ctx: &Context<'_>| {
        ctx.resolved()
            .iter()
            .map(|r| &r.client)
            .find(|c| c.name == "primary")
            .cloned()
    };
    let (Some(cp), Some(cd)) = (primary(controlplane), primary(cdn)) else {
        return (Vec::new(), Vec::new());
    };
    let mut out = (Vec::new(), Vec::new());

    let anchor = |ctx: &Context<'_>| {
        ctx.var(PRIMARY.url)
            .map_or((Span::empty(0), format!("/{}", PRIMARY.url)), |s| {
                (s.span, s.pointer.clone())
            })
    };
    let push = |out: &mut Vec<Diagnostic>, span_pointer: (Span, String), m: String| {
        out.push(
            Diagnostic::new(Rule::ComponentsDisagree, Severity::Error, span_pointer.0, m)
                .with_pointer(span_pointer.1)
                .with_help(
                    "the controlplane writes what the cdn serves: both must use the same \
                     bucket in the same region",
                ),
        );
    };

    let usable = |b: &Option<String>| b.as_deref().filter(|b| !b.is_empty()).map(str::to_owned);
    if let (Some(a), Some(b)) = (usable(&cp.bucket), usable(&cd.bucket)) {
        if a != b {
            push(
                &mut out.0,
                anchor(controlplane),
                format!("the controlplane uses bucket `{a}`, the cdn bucket `{b}`"),
            );
            push(
                &mut out.1,
                anchor(cdn),
                format!("the cdn uses bucket `{b}`, the controlplane bucket `{a}`"),
            );
        }
    }

    let aws_region = |c: &ResolvedClient| {
        let on_aws = endpoint_hostname(c).as_deref().is_some_and(is_aws_host);
        c.region.clone().filter(|r| on_aws && is_aws_region(r))
    };
    if let (Some(a), Some(b)) = (aws_region(&cp), aws_region(&cd)) {
        if a != b {
            let region_anchor = |ctx: &Context<'_>| match region_source(ctx, PRIMARY) {
                RegionSource::Query(s) | RegionSource::Variable(s) => (s.span, s.pointer.clone()),
                RegionSource::Default => anchor(ctx),
            };
            push(
                &mut out.0,
                region_anchor(controlplane),
                format!("the controlplane uses region `{a}`, the cdn region `{b}`"),
            );
            push(
                &mut out.1,
                region_anchor(cdn),
                format!("the cdn uses region `{b}`, the controlplane region `{a}`"),
            );
        }
    }
    out
}
