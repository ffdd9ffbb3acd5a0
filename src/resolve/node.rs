//! What the controlplane and the cdn-server derive from their environment (DESIGN.md §4), and
//! the HeadBucket request `@aws-sdk/client-s3` v3 would then build.
//!
//! Cosmo's part follows `createS3ClientConfig` / `extractS3BucketName` (controlplane
//! `core/util.ts`, cdn-server `utils.ts` + `s3.ts`); the SDK's part follows what the oracle
//! `node-s3-resolve` observed: a custom endpoint is always set, so the SDK addresses
//! `bucket.host` when path style is off, the endpoint is no IP, and the bucket is one DNS label.

use super::{
    ClientError, Component, CredentialSource, Request, Resolved, ResolvedClient, StaticKeys,
    access_key_id_prefix,
};
use crate::rules::{Rule, Target};
use url::Url;

/// What Cosmo throws when the region is empty (only an unset value gets the default).
pub const MISSING_REGION: &str = "Missing region in S3 configuration.";
/// What legacy releases throw when the access key or the secret is empty.
pub const MISSING_CREDENTIALS: &str =
    "Missing S3 credentials. Please provide access key ID and secret access key.";
/// What the SDK throws when path style leaves the bucket empty.
pub const EMPTY_BUCKET: &str = "No value provided for input HTTP label: Bucket.";

/// One client's settings as Cosmo gathers them before deriving anything (`S3StorageOptions`).
#[derive(Debug, Clone, Copy)]
struct Options<'a> {
    name: &'static str,
    url: Option<&'a str>,
    /// `None`: unset (the component's default decides); `Some("")` is an empty region.
    region: Option<&'a str>,
    endpoint: Option<&'a str>,
    access_key: &'a str,
    secret_key: &'a str,
    session_token: &'a str,
    /// `None`: auto-detect from the URL.
    force_path_style: Option<bool>,
}

/// Resolve the S3 clients of a Node component from its final variables (last value winning).
///
/// `component` must be [`Component::Controlplane`] or [`Component::Cdn`]; the router has its
/// own rules (`resolve::router`) and gives an empty list here.
pub fn resolve(component: Component, vars: &[(String, String)], target: Target) -> Vec<Resolved> {
    let get = |name: &str| {
        vars.iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    match component {
        Component::Router => Vec::new(),
        Component::Controlplane => {
            let mut out = vec![resolve_one(
                Component::Controlplane,
                controlplane_options("", "primary", &get),
                target,
            )];
            // `opts.s3StorageFailover?.url` is a truthiness check: an empty URL means no failover.
            if get("S3_FAILOVER_STORAGE_URL").is_some_and(|u| !u.is_empty()) {
                out.push(resolve_one(
                    Component::Controlplane,
                    controlplane_options("FAILOVER_", "failover", &get),
                    target,
                ));
            }
            out
        }
        Component::Cdn => vec![resolve_cdn(&get, target)],
    }
}

fn controlplane_options<'a>(
    infix: &str,
    name: &'static str,
    get: &impl Fn(&str) -> Option<&'a str>,
) -> Options<'a> {
    let var = |suffix: &str| get(&format!("S3_{infix}{suffix}"));
    let path_style = var("FORCE_PATH_STYLE");
    Options {
        name,
        url: var("STORAGE_URL"),
        // zod `.default('auto')` fills only an unset variable.
        region: Some(var("REGION").unwrap_or("auto")),
        endpoint: var("ENDPOINT"),
        access_key: var("ACCESS_KEY_ID").unwrap_or(""),
        secret_key: var("SECRET_ACCESS_KEY").unwrap_or(""),
        session_token: var("SESSION_TOKEN").unwrap_or(""),
        // Primary: unset means true. Failover: unset means auto-detect.
        force_path_style: match (path_style, infix.is_empty()) {
            (Some(v), _) => Some(v == "true"),
            (None, true) => Some(true),
            (None, false) => None,
        },
    }
}

fn resolve_cdn<'a>(get: &impl Fn(&str) -> Option<&'a str>, target: Target) -> Resolved {
    let url = get("S3_STORAGE_URL");
    let query = |key: &str| -> Option<String> {
        let parsed = Url::parse(url?).ok()?;
        parsed
            .query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    };
    // `searchParams.get(...) ?? env ?? default`: only an absent parameter falls through.
    let region = query("region");
    let endpoint = query("endpoint");
    let options = Options {
        name: "primary",
        url,
        region: Some(region.as_deref().or(get("S3_REGION")).unwrap_or("default")),
        endpoint: endpoint.as_deref().or(get("S3_ENDPOINT")),
        access_key: get("S3_ACCESS_KEY_ID").unwrap_or(""),
        secret_key: get("S3_SECRET_ACCESS_KEY").unwrap_or(""),
        session_token: get("S3_SESSION_TOKEN").unwrap_or(""),
        force_path_style: Some(get("S3_FORCE_PATH_STYLE") == Some("true")),
    };
    resolve_one(Component::Cdn, options, target)
}

fn error(code: Rule, message: impl Into<String>) -> Option<ClientError> {
    Some(ClientError {
        code: code.code().to_string(),
        message: message.into(),
    })
}

fn resolve_one(component: Component, opts: Options<'_>, target: Target) -> Resolved {
    let mut client = ResolvedClient {
        component,
        name: opts.name.to_string(),
        bucket: None,
        endpoint: None,
        region: None,
        force_path_style: None,
        request: None,
        credential_source: CredentialSource::DefaultChain,
        session_token: false,
        access_key_id_prefix: None,
        error: None,
    };
    let Some(raw_url) = opts.url else {
        // `new URL(undefined)` throws the same "Invalid URL" as an unparseable value.
        client.error = error(Rule::MissingField, "Invalid URL");
        return Resolved { client, keys: None };
    };
    let Ok(url) = Url::parse(raw_url) else {
        client.error = error(Rule::InvalidValue, "Invalid URL");
        return Resolved { client, keys: None };
    };

    let hostname = url.host_str().unwrap_or("");
    let virtual_host = hostname.split('.').count() > 2;
    let force_path_style = opts.force_path_style.unwrap_or(!virtual_host);
    let bucket = if force_path_style || !virtual_host {
        url.path().get(1..).unwrap_or("").to_string()
    } else {
        hostname.split('.').next().unwrap_or("").to_string()
    };
    // Non-special schemes (`s3://`) have the opaque origin "null", which Cosmo passes on.
    let origin = url.origin().ascii_serialization();
    let endpoint = match opts.endpoint {
        Some(e) if !e.is_empty() => e.to_string(),
        _ if force_path_style => origin,
        _ => origin.replacen(&format!("{bucket}."), "", 1),
    };

    // WHATWG keeps userinfo percent-encoded, and Node signs with exactly that text.
    let access_key = non_empty(url.username()).unwrap_or(opts.access_key);
    let secret_key = url
        .password()
        .and_then(non_empty)
        .unwrap_or(opts.secret_key);
    let has_keys = !access_key.is_empty() && !secret_key.is_empty();
    let token = (has_keys && target.supports_session_token())
        .then_some(opts.session_token)
        .and_then(non_empty);

    client.bucket = Some(bucket.clone());
    client.endpoint = Some(redact_userinfo(&endpoint));
    client.force_path_style = Some(force_path_style);
    client.access_key_id_prefix = access_key_id_prefix(access_key);
    client.session_token = token.is_some();
    client.credential_source = if has_keys {
        CredentialSource::Static
    } else {
        CredentialSource::DefaultChain
    };
    let keys = has_keys.then(|| StaticKeys {
        access_key: access_key.to_string(),
        secret_key: secret_key.to_string(),
        session_token: token.map(str::to_string),
    });

    let region = opts.region.unwrap_or("");
    client.region = Some(region.to_string());
    if target == Target::Legacy && !has_keys {
        client.error = error(Rule::EmptyCredentialsRejected, MISSING_CREDENTIALS);
    } else if region.is_empty() {
        client.error = error(Rule::EmptyRegion, MISSING_REGION);
    } else {
        match sdk_request(&endpoint, &bucket, region, force_path_style) {
            Ok(request) => client.request = Some(request),
            Err(e) => client.error = Some(e),
        }
    }
    Resolved { client, keys }
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// The endpoint as configured, with a URL password (a secret) masked at the same width.
fn redact_userinfo(endpoint: &str) -> String {
    crate::secrets::redact_url_password(endpoint)
}

/// The SDK's checks and its HeadBucket request, in the order the oracle showed them firing.
fn sdk_request(
    endpoint: &str,
    bucket: &str,
    region: &str,
    force_path_style: bool,
) -> Result<Request, ClientError> {
    let fail = |rule: Rule, message: String| ClientError {
        code: rule.code().to_string(),
        message,
    };
    if bucket.contains('/') {
        return Err(fail(
            Rule::BucketName,
            format!("Bucket name shouldn't contain '/', received '{bucket}'"),
        ));
    }
    if !is_host_label(region) {
        return Err(fail(
            Rule::InvalidValue,
            format!("Region not accepted: region=\"{region}\" is not a valid hostname component."),
        ));
    }
    let Ok(url) = Url::parse(endpoint) else {
        return Err(fail(Rule::InvalidValue, "Invalid URL".to_string()));
    };
    let host = url.host_str().unwrap_or("");
    if !matches!(url.scheme(), "http" | "https") {
        // The SDK rebuilds the endpoint from its parts before refusing it.
        let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
        return Err(fail(
            Rule::InvalidValue,
            format!(
                "Custom endpoint `{}://{host}{port}{}` was not a valid URI",
                url.scheme(),
                url.path()
            ),
        ));
    }
    let mut base = url.path().to_string();
    if !base.ends_with('/') {
        base.push('/');
    }
    let virtual_host = !force_path_style && is_virtual_hostable(bucket) && !is_ip(host);
    let (host, path) = if virtual_host {
        // Built as text and parsed again, as the SDK does: `xn--ab` fails here.
        let text = format!("{}://{bucket}.{host}/", url.scheme());
        match Url::parse(&text) {
            Ok(u) => (u.host_str().unwrap_or("").to_string(), base),
            Err(_) => return Err(fail(Rule::InvalidValue, "Invalid URL".to_string())),
        }
    } else {
        (host.to_string(), format!("{base}{}/", uri_encode(bucket)))
    };
    if bucket.is_empty() {
        let rule = if force_path_style {
            Rule::AddressingStyle
        } else {
            Rule::BucketName
        };
        return Err(fail(rule, EMPTY_BUCKET.to_string()));
    }
    Ok(Request {
        scheme: url.scheme().to_string(),
        host,
        port: url.port(),
        path,
    })
}

/// One DNS label: 1-63 of `A-Za-z0-9-`, not starting or ending with `-`.
fn is_host_label(s: &str) -> bool {
    (1..=63).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// The SDK's test for `bucket.host` addressing with a custom endpoint: one lowercase label of
/// 3-63 characters (so no dots at all) that is no IP address.
fn is_virtual_hostable(bucket: &str) -> bool {
    is_host_label(bucket) && bucket.len() >= 3 && bucket == bucket.to_lowercase() && !is_ip(bucket)
}

/// The SDK's `isIpAddress`: a dotted IPv4 or a bracketed IPv6 hostname.
fn is_ip(host: &str) -> bool {
    (host.starts_with('[') && host.ends_with(']'))
        || (host.split('.').count() == 4
            && host.split('.').all(|part| {
                !part.is_empty()
                    && part.len() <= 3
                    && part.bytes().all(|b| b.is_ascii_digit())
                    && (part == "0" || !part.starts_with('0'))
                    && part.parse::<u16>().is_ok_and(|n| n <= 255)
            }))
}

/// RFC 3986 encoding as the SDK applies to a path label: only unreserved characters stay.
fn uri_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// A reader for the fixtures: `KEY=VALUE` lines, `#` comment lines, optional double quotes
    /// around the whole value (npm dotenv gives the same result on these files).
    fn read_env(path: &std::path::Path) -> Vec<(String, String)> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| {
                let v = v
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .unwrap_or(v);
                (k.to_string(), v.to_string())
            })
            .collect()
    }

    /// Our answer in the oracle's normalized shape (scripts/differential-resolve).
    fn normalized(r: &Resolved) -> Value {
        let c = &r.client;
        let unparsed = c.bucket.is_none();
        json!({
            "name": c.name, "bucket": c.bucket, "endpoint": c.endpoint, "region": c.region,
            "force_path_style": c.force_path_style, "request": c.request,
            "credential_source": if unparsed { Value::Null } else { json!(c.credential_source) },
            "session_token": if unparsed { Value::Null } else { json!(c.session_token) },
            "error": c.error.as_ref().map(|e| e.message.clone()),
        })
    }

    #[test]
    fn fixtures_match_the_sdk_oracle() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/resolve");
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(root.join("node-expected.json")).unwrap(),
        )
        .unwrap();
        let files = expected["files"].as_object().unwrap();
        assert_eq!(files.len(), 19);
        for (name, by_kind) in files {
            let vars = read_env(&root.join("node").join(name));
            for (kind, component) in [
                ("controlplane", Component::Controlplane),
                ("cdn", Component::Cdn),
            ] {
                let ours: Vec<Value> = resolve(component, &vars, Target::Next)
                    .iter()
                    .map(normalized)
                    .collect();
                assert_eq!(Value::Array(ours), by_kind[kind], "{name} as {kind}");
            }
        }
    }

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn minio_path_url_on_the_cdn_addresses_bucket_dot_host() {
        let env = vars(&[("S3_STORAGE_URL", "http://minio:9000/cosmo")]);
        let cdn = &resolve(Component::Cdn, &env, Target::Next)[0].client;
        assert_eq!(cdn.region.as_deref(), Some("default"));
        let request = cdn.request.clone().unwrap();
        assert_eq!(
            (request.host.as_str(), request.port, request.path.as_str()),
            ("cosmo.minio", Some(9000), "/")
        );
        let cp = &resolve(Component::Controlplane, &env, Target::Next)[0].client;
        assert_eq!(cp.region.as_deref(), Some("auto"));
        assert_eq!(cp.request.clone().unwrap().path, "/cosmo/");
    }

    #[test]
    fn empty_region_is_cs312_and_legacy_empty_keys_are_cs209() {
        let env = vars(&[
            ("S3_STORAGE_URL", "http://minio:9000/cosmo"),
            ("S3_REGION", ""),
        ]);
        let cp = &resolve(Component::Controlplane, &env, Target::Next)[0].client;
        assert_eq!(
            cp.error,
            Some(ClientError {
                code: "CS312".into(),
                message: MISSING_REGION.into()
            })
        );
        assert_eq!(cp.request, None);
        let legacy = &resolve(Component::Controlplane, &env, Target::Legacy)[0].client;
        assert_eq!(legacy.error.clone().unwrap().code, "CS209");
        assert_eq!(legacy.error.clone().unwrap().message, MISSING_CREDENTIALS);
    }

    #[test]
    fn url_userinfo_wins_and_tokens_need_both_keys_and_next() {
        let env = vars(&[
            (
                "S3_STORAGE_URL",
                "http://AKIAEXAMPLE0000000000:fake%2Fsecret@minio:9000/cosmo",
            ),
            ("S3_ACCESS_KEY_ID", "other"),
            ("S3_SESSION_TOKEN", "fake-token"),
        ]);
        let next = &resolve(Component::Cdn, &env, Target::Next)[0];
        assert_eq!(next.client.credential_source, CredentialSource::Static);
        assert!(next.client.session_token);
        let keys = next.keys.clone().unwrap();
        assert_eq!(keys.secret_key, "fake%2Fsecret");
        assert_eq!(keys.access_key, "AKIAEXAMPLE0000000000");
        let current = &resolve(Component::Cdn, &env, Target::Current)[0];
        assert!(!current.client.session_token);
        let no_secret = vars(&[
            ("S3_STORAGE_URL", "http://minio:9000/cosmo"),
            ("S3_ACCESS_KEY_ID", "AKIAEXAMPLE0000000000"),
            ("S3_SESSION_TOKEN", "fake-token"),
        ]);
        let chain = &resolve(Component::Cdn, &no_secret, Target::Next)[0];
        assert_eq!(
            chain.client.credential_source,
            CredentialSource::DefaultChain
        );
        assert!(!chain.client.session_token);
        // The key id is no secret: shown (AWS-shaped) even when the pair is not used.
        assert_eq!(chain.client.access_key_id_prefix.as_deref(), Some("AKIA"));
    }

    #[test]
    fn endpoint_password_is_masked() {
        let env = vars(&[
            ("S3_STORAGE_URL", "http://minio:9000/cosmo"),
            ("S3_ENDPOINT", "http://user:hunter2@minio:9000"),
        ]);
        let cdn = &resolve(Component::Cdn, &env, Target::Next)[0].client;
        assert_eq!(
            cdn.endpoint.as_deref(),
            Some("http://user:*******@minio:9000")
        );
    }
}
