#![allow(clippy::unwrap_used)]
//! Property tests of `migrate` through the library: on generated router YAML and
//! controlplane env files, safe fixes are idempotent (twice equals once), never break the
//! file, and keep every value no fix is about.

use cosmo_s3::check::{CheckOptions, check_source};
use cosmo_s3::migrate::file::migrate_source;
use cosmo_s3::migrate::{FixSelection, Stop};
use cosmo_s3::source::{Kind, SourceFile, dotenv, yaml};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn config() -> Config {
    Config {
        cases: 64,
        rng_seed: RngSeed::Fixed(0x00c0_5305),
        failure_persistence: None,
        ..Config::default()
    }
}

fn source(text: &str, kind: Kind) -> SourceFile {
    SourceFile {
        path: PathBuf::from(match kind {
            Kind::Router => "config.yaml",
            _ => "controlplane.env",
        }),
        text: text.to_owned(),
        kind,
    }
}

/// The rule codes `check` reports on `text`. Codes only: a fix may move a finding (CS204
/// turns a URL-only key into `S3_ACCESS_KEY_ID`, and CS201 then points there).
///
/// Known limit: CS006 also fires on `KEY=   # note` (an empty value and a comment), so a
/// fill that glued a value to that comment would not show up as a new code here; the
/// byte-for-byte fixture variant-comment-heavy-controlplane in migrate_cli.rs covers it.
fn codes(text: &str, kind: Kind) -> BTreeSet<&'static str> {
    check_source(&source(text, kind), &CheckOptions::default())
        .diagnostics
        .iter()
        .map(|d| d.rule.code())
        .collect()
}

/// A fix repairs its own finding without creating another kind of finding.
fn no_new_findings(before: &str, after: &str, kind: Kind) -> Result<(), TestCaseError> {
    let new: Vec<_> = codes(after, kind)
        .difference(&codes(before, kind))
        .copied()
        .collect();
    prop_assert!(new.is_empty(), "new findings {:?} in\n{}", new, after);
    Ok(())
}

fn migrate(text: &str, kind: Kind) -> (String, Stop) {
    let m = migrate_source(
        &source(text, kind),
        &CheckOptions::default(),
        FixSelection::Safe,
    );
    (m.outcome.text, m.outcome.stop)
}

fn line_ending(crlf: bool) -> &'static str {
    if crlf { "\r\n" } else { "\n" }
}

// ---------------------------------------------------------------------------------------
// Router YAML

#[derive(Debug, Clone)]
struct Provider {
    endpoint: Option<(String, u8)>,
    secure: Option<bool>,
    region: bool,
    placeholders: bool,
    comment: Option<String>,
    blank: bool,
}

fn quote(value: &str, style: u8) -> String {
    match style {
        1 => format!("'{value}'"),
        2 => format!("\"{value}\""),
        _ => value.to_owned(),
    }
}

fn provider() -> impl Strategy<Value = Provider> {
    let scheme = prop::sample::select(vec!["", "", "http://", "https://", "HTTPS://"]);
    let host = prop::sample::select(vec![
        "minio:9000",
        "minio.internal:9443",
        "127.0.0.1:9000",
        "storage.googleapis.com",
        "s3.eu-west-1.amazonaws.com",
    ]);
    let endpoint = prop::option::weighted(
        0.9,
        (scheme, host, 0u8..3).prop_map(|(s, h, q)| (format!("{s}{h}"), q)),
    );
    (
        endpoint,
        prop::option::of(any::<bool>()),
        any::<bool>(),
        any::<bool>(),
        prop::option::of("[a-z ]{0,12}"),
        any::<bool>(),
    )
        .prop_map(
            |(endpoint, secure, region, placeholders, comment, blank)| Provider {
                endpoint,
                secure,
                region,
                placeholders,
                comment,
                blank,
            },
        )
}

fn router_yaml(providers: &[Provider], crlf: bool) -> String {
    let nl = line_ending(crlf);
    let mut out = format!("# generated{nl}storage_providers:{nl}  s3:{nl}");
    for (i, p) in providers.iter().enumerate() {
        if let Some(c) = &p.comment {
            out.push_str(&format!("    #{c}{nl}"));
        }
        out.push_str(&format!("    - id: p{i}{nl}"));
        match &p.endpoint {
            Some((e, q)) => out.push_str(&format!("      endpoint: {}{nl}", quote(e, *q))),
            None => out.push_str(&format!("      endpoint: \"\"{nl}")),
        }
        if p.blank {
            out.push_str(nl);
        }
        out.push_str(&format!("      bucket: cosmo # bucket{nl}"));
        if let Some(s) = p.secure {
            out.push_str(&format!("      secure: {s}{nl}"));
        }
        if p.region {
            out.push_str(&format!("      region: us-east-1{nl}"));
        }
        if p.placeholders {
            out.push_str(&format!(
                "      access_key: \"\"{nl}      secret_key: ''{nl}"
            ));
        }
    }
    out.push_str(&format!(
        "execution_config:{nl}  storage:{nl}    provider_id: p0{nl}"
    ));
    out
}

/// Every scalar of the YAML by its JSON pointer.
fn yaml_leaves(text: &str) -> BTreeMap<String, Value> {
    fn walk(v: &Value, at: String, out: &mut BTreeMap<String, Value>) {
        match v {
            Value::Object(m) => m
                .iter()
                .for_each(|(k, v)| walk(v, format!("{at}/{k}"), out)),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, v)| walk(v, format!("{at}/{i}"), out)),
            v => {
                out.insert(at, v.clone());
            }
        }
    }
    let doc = yaml::parse(text);
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    let mut out = BTreeMap::new();
    walk(&doc.root.unwrap().to_json(), String::new(), &mut out);
    out
}

/// `https://`/`http://` (any case) removed, and the `secure` it implies.
fn without_scheme(endpoint: &str) -> (&str, Option<bool>) {
    let lower = endpoint.to_ascii_lowercase();
    if lower.starts_with("https://") {
        (&endpoint[8..], Some(true))
    } else if lower.starts_with("http://") {
        (&endpoint[7..], Some(false))
    } else {
        (endpoint, None)
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn router_yaml_migrates_once_and_keeps_untouched_values(
        providers in prop::collection::vec(provider(), 1..4),
        crlf in any::<bool>(),
    ) {
        let text = router_yaml(&providers, crlf);
        let (once, stop) = migrate(&text, Kind::Router);
        prop_assert_eq!(&stop, &Stop::Converged);
        let (twice, _) = migrate(&once, Kind::Router);
        prop_assert_eq!(&twice, &once);
        no_new_findings(&text, &once, Kind::Router)?;
        if crlf {
            prop_assert!(!once.replace("\r\n", "").contains('\n'));
        }

        let before = yaml_leaves(&text);
        let after = yaml_leaves(&once);
        let fixed_keys = ["endpoint", "secure", "access_key", "secret_key"];
        let untouched = |m: &BTreeMap<String, Value>| -> BTreeMap<String, Value> {
            m.iter()
                .filter(|(k, _)| !fixed_keys.iter().any(|f| k.ends_with(&format!("/{f}"))))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        prop_assert_eq!(untouched(&before), untouched(&after));

        for (i, p) in providers.iter().enumerate() {
            let at = |key: &str| format!("/storage_providers/s3/{i}/{key}");
            let old = before[&at("endpoint")].as_str().unwrap();
            let (host, scheme_secure) = without_scheme(old);
            let new_endpoint = after[&at("endpoint")].as_str().unwrap();
            let new_secure = after.get(&at("secure")).and_then(Value::as_bool);
            match (scheme_secure, p.secure) {
                // Safe: the scheme goes and `secure` says what it said.
                (Some(s), None) => {
                    prop_assert_eq!(new_endpoint, host);
                    prop_assert_eq!(new_secure, Some(s));
                }
                (Some(s), Some(was)) if s == was => {
                    prop_assert_eq!(new_endpoint, host);
                    prop_assert_eq!(new_secure, Some(s));
                }
                // Disagreeing `secure` is an unsafe fix: untouched here.
                _ => {
                    prop_assert_eq!(new_endpoint, old);
                    prop_assert_eq!(new_secure, p.secure);
                }
            }
            // CS501 removes both placeholders, and only them.
            prop_assert!(!after.contains_key(&at("access_key")));
            prop_assert!(!after.contains_key(&at("secret_key")));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Controlplane env

#[derive(Debug, Clone)]
struct EnvSpec {
    user: Option<String>,
    password: Option<String>,
    query: String,
    key_var: Option<String>,
    secret_var: Option<String>,
    failover: Option<(Option<String>, String)>,
    export: bool,
    url_quote: u8,
    comments: bool,
    crlf: bool,
    final_newline: bool,
}

fn userinfo_part() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop::sample::select(vec![
        "AKIAEXAMPLE0000000000".to_owned(),
        "minioadmin".to_owned(),
        "fake%2Fsecret".to_owned(),
        "fakesecret~x".to_owned(),
        String::new(),
    ]))
}

fn variable() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop::sample::select(vec![
        String::new(),
        String::new(),
        "\"\"".to_owned(),
        "AKIAEXAMPLE1111111111".to_owned(),
    ]))
}

fn query() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "",
        "",
        "?region=eu-west-1",
        "?endpoint=http://x:9000",
        "?x=1&region=us-east-1",
        "?region=",
        "?x=1",
    ])
    .prop_map(str::to_owned)
}

fn env_spec() -> impl Strategy<Value = EnvSpec> {
    (
        (
            userinfo_part(),
            userinfo_part(),
            query(),
            variable(),
            variable(),
        ),
        prop::option::of((userinfo_part(), query())),
        (
            any::<bool>(),
            0u8..3,
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (user, password, query, key_var, secret_var),
                failover,
                (export, url_quote, comments, crlf, final_newline),
            )| EnvSpec {
                user,
                password,
                query,
                key_var,
                secret_var,
                failover,
                export,
                url_quote,
                comments,
                crlf,
                final_newline,
            },
        )
}

fn userinfo(user: Option<&String>, password: Option<&String>) -> String {
    match (user, password) {
        (None, None) => String::new(),
        (u, None) => format!("{}@", u.unwrap()),
        (u, Some(p)) => format!("{}:{p}@", u.map_or("", String::as_str)),
    }
}

fn controlplane_env(s: &EnvSpec) -> String {
    let nl = line_ending(s.crlf);
    let mut lines = Vec::new();
    if s.comments {
        lines.push("# controlplane storage".to_owned());
        lines.push(String::new());
    }
    let url = format!(
        "http://{}minio:9000/cosmo{}",
        userinfo(s.user.as_ref(), s.password.as_ref()),
        s.query
    );
    let export = if s.export { "export " } else { "" };
    lines.push(format!(
        "{export}S3_STORAGE_URL={}",
        quote(&url, s.url_quote)
    ));
    lines.push("S3_REGION=us-east-1".to_owned());
    if let Some(v) = &s.key_var {
        lines.push(format!("S3_ACCESS_KEY_ID={v}"));
    }
    if s.comments {
        lines.push("# the secret".to_owned());
    }
    if let Some(v) = &s.secret_var {
        let comment = if s.comments { "   # keep me" } else { "" };
        lines.push(format!("S3_SECRET_ACCESS_KEY={v}{comment}"));
    }
    if let Some((user, query)) = &s.failover {
        lines.push(format!(
            "S3_FAILOVER_STORAGE_URL=https://{}backup:9000/failover{query}",
            userinfo(user.as_ref(), Some(&"fakefailover".to_owned()))
        ));
        lines.push("S3_FAILOVER_REGION=us-east-1".to_owned());
    }
    let mut text = lines.join(nl);
    if s.final_newline {
        text.push_str(nl);
    }
    text
}

fn env_map(text: &str) -> BTreeMap<String, String> {
    dotenv::parse(text).variables().into_iter().collect()
}

/// The URL without userinfo and without the query parameters the controlplane ignores.
fn url_core(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..authority_end].rsplit('@').next().unwrap();
    let tail = &rest[authority_end..];
    let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("region=") && !p.starts_with("endpoint="))
        .collect();
    let query = if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    };
    format!("{scheme}://{host}{path}{query}")
}

/// The user and password Node signs with: URL userinfo first, else the variables.
fn credentials(vars: &BTreeMap<String, String>, url: &str, prefix: &str) -> (String, String) {
    let rest = vars[url].split_once("://").unwrap().1;
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let (user, password) = match authority.rsplit_once('@') {
        Some((info, _)) => info.split_once(':').unwrap_or((info, "")),
        None => ("", ""),
    };
    let var = |name: &str| {
        vars.get(&format!("{prefix}{name}"))
            .cloned()
            .unwrap_or_default()
    };
    let pick = |url: &str, name: &str| {
        if url.is_empty() {
            var(name)
        } else {
            url.to_owned()
        }
    };
    (
        pick(user, "ACCESS_KEY_ID"),
        pick(password, "SECRET_ACCESS_KEY"),
    )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn controlplane_env_migrates_once_and_keeps_what_node_reads(spec in env_spec()) {
        let text = controlplane_env(&spec);
        let (once, stop) = migrate(&text, Kind::Controlplane);
        prop_assert_eq!(&stop, &Stop::Converged);
        let (twice, _) = migrate(&once, Kind::Controlplane);
        prop_assert_eq!(&twice, &once);
        no_new_findings(&text, &once, Kind::Controlplane)?;
        if spec.crlf {
            prop_assert!(!once.replace("\r\n", "").contains('\n'));
        }
        prop_assert_eq!(once.ends_with('\n'), text.ends_with('\n'));

        let before = env_map(&text);
        let after = env_map(&once);
        let touched = |k: &String| {
            k.ends_with("STORAGE_URL") || k.ends_with("ACCESS_KEY_ID")
                || k.ends_with("SECRET_ACCESS_KEY")
        };
        let rest = |m: &BTreeMap<String, String>| -> BTreeMap<String, String> {
            m.iter().filter(|(k, _)| !touched(k)).map(|(k, v)| (k.clone(), v.clone())).collect()
        };
        prop_assert_eq!(rest(&before), rest(&after));

        for (url, prefix) in [("S3_STORAGE_URL", "S3_"), ("S3_FAILOVER_STORAGE_URL", "S3_FAILOVER_")] {
            let Some(old) = before.get(url) else {
                prop_assert!(!after.contains_key(url));
                continue;
            };
            prop_assert_eq!(url_core(old), url_core(&after[url]));
            prop_assert_eq!(
                credentials(&before, url, prefix),
                credentials(&after, url, prefix),
                "{}", url
            );
        }
    }
}
