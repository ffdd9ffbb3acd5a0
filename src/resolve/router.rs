//! What the router's minio-go (v7.0.74) derives from one `storage_providers.s3` item
//! (DESIGN.md §3): endpoint URL and its validation, bucket addressing, region, credentials.
//!
//! The endpoint is parsed the way Go's `net/url` does (not WHATWG): minio-go builds
//! `http(s)://` + endpoint and refuses what `url.Parse` or `isValidEndpointURL` refuses, with
//! the messages below. The Amazon host patterns are matched against the URL's `Host`, port
//! included, as minio-go's regular expressions are (so `s3.amazonaws.com:443` is no Amazon
//! endpoint).

use super::{
    ClientError, Component, CredentialSource, Request, Resolved, ResolvedClient, StaticKeys,
    access_key_id_prefix,
};
use crate::rules::{Rule, Target};

pub use crate::model::settings::RouterS3Provider;

/// The endpoint URL minio-go accepted, split as Go's `url.URL` holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointUrl {
    pub scheme: &'static str,
    /// `Host`: hostname plus `:port` when written (brackets kept for IPv6).
    pub host: String,
    /// `Hostname()`: without port and brackets.
    pub hostname: String,
    pub port: Option<u16>,
}

impl EndpointUrl {
    /// The URL as minio-go prints it (`EndpointURL()`), userinfo dropped.
    pub fn url(&self) -> String {
        format!("{}://{}", self.scheme, self.host)
    }
}

/// `minio.New`'s checks on an endpoint: Go `url.Parse` of `scheme://endpoint`, then
/// `isValidEndpointURL`. The error is minio-go's (or Go's) message, exactly.
pub fn endpoint_url(endpoint: &str, secure: bool) -> Result<EndpointUrl, String> {
    let scheme = if secure { "https" } else { "http" };
    // Go's parse errors quote the whole URL: mask a userinfo password (a secret) first.
    let full = format!("{scheme}://{}", mask_password(endpoint));
    let parse_error = |what: String| format!("parse \"{full}\": {what}");

    // Go: the fragment and the query are cut off first, then the authority ends at `/`.
    let rest = endpoint.split('#').next().unwrap_or("");
    let rest = rest.split('?').next().unwrap_or("");
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    // Userinfo ends at the last `@`; minio-go keeps it in the URL and never uses it.
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    // With userinfo around, the "port" Go quotes may be a piece of the password
    // (`u:pw#x@h` is cut at `#`, leaving `u:pw` as host:port): never quote it then.
    let (hostname, port_text) = split_host_port(host).map_err(|what| {
        if endpoint.contains('@') {
            parse_error("invalid port after host (not shown: it may be part of a password)".into())
        } else {
            parse_error(what)
        }
    })?;
    check_go_host(hostname).map_err(parse_error)?;
    // Go keeps the host unescaped (`mi%C3%A9nio` is `miénio` from here on).
    let decoded = percent_decode(host);
    let host = decoded.as_str();
    let (hostname, _) = split_host_port(host).map_err(parse_error)?;
    if let Some((userinfo, _)) = authority.rsplit_once('@') {
        check_go_userinfo(userinfo).map_err(parse_error)?;
    }
    let port = match port_text {
        "" => None,
        p => p.parse::<u16>().ok(),
    };

    if !path.is_empty() && path != "/" {
        return Err("Endpoint url cannot have fully qualified paths.".to_string());
    }
    let bare = hostname.trim_start_matches('[').trim_end_matches(']');
    if bare.parse::<std::net::IpAddr>().is_err() && !is_valid_domain(bare) {
        return Err(format!(
            "Endpoint: {host} does not follow ip address or domain name standards."
        ));
    }
    let url = EndpointUrl {
        scheme,
        host: host.to_string(),
        hostname: bare.to_string(),
        port,
    };
    if host.contains(".s3.amazonaws.com") && !is_amazon_endpoint(&url.host) {
        return Err("Amazon S3 endpoint should be 's3.amazonaws.com'.".to_string());
    }
    if host.contains(".googleapis.com") && !is_google_endpoint(&url.host) {
        return Err(
            "Google Cloud Storage endpoint should be 'storage.googleapis.com'.".to_string(),
        );
    }
    Ok(url)
}

/// `user:password@host` with the password replaced by `*` of the same width.
fn mask_password(endpoint: &str) -> String {
    crate::secrets::redact_url_password(endpoint)
}

/// Go's split of `host[:port]`: the port must be digits (any number of them).
fn split_host_port(host: &str) -> Result<(&str, &str), String> {
    let (name, port) = if host.starts_with('[') {
        match host.find(']') {
            Some(i) => {
                let (name, after) = host.split_at(i + 1);
                match after.strip_prefix(':') {
                    Some(p) => (name, p),
                    None if after.is_empty() => (name, ""),
                    None => return Err(format!("invalid port {after:?} after host")),
                }
            }
            None => return Err("missing ']' in host".to_string()),
        }
    } else {
        match host.rfind(':') {
            Some(i) => (&host[..i], &host[i + 1..]),
            None => (host, ""),
        }
    };
    if !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("invalid port \":{port}\" after host"));
    }
    Ok((name, port))
}

/// Go's checks on userinfo (after the host's): only unreserved and sub-delimiter
/// characters, `:`, `%` and `@`, then every `%` followed by two hex digits. Go quotes a bad
/// escape; here it is not shown, since it may be part of a password.
fn check_go_userinfo(userinfo: &str) -> Result<(), String> {
    let allowed = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                '-' | '.'
                    | '_'
                    | ':'
                    | '~'
                    | '!'
                    | '$'
                    | '&'
                    | '\''
                    | '('
                    | ')'
                    | '*'
                    | '+'
                    | ','
                    | ';'
                    | '='
                    | '%'
                    | '@'
            )
    };
    if !userinfo.chars().all(allowed) {
        return Err("net/url: invalid userinfo".to_string());
    }
    let bytes = userinfo.as_bytes();
    for (i, _) in userinfo.match_indices('%') {
        let hex = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_hexdigit);
        if !(hex(i + 1) && hex(i + 2)) {
            return Err(
                "invalid URL escape in the userinfo (not shown: it may be part of a password)"
                    .to_string(),
            );
        }
    }
    Ok(())
}

/// Go's host unescaping: only listed ASCII characters, and `%XX` only for non-ASCII bytes.
fn check_go_host(host: &str) -> Result<(), String> {
    let bytes = host.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let escape = host.get(i..(i + 3).min(host.len())).unwrap_or("%");
            let hex = |c: u8| (c as char).to_digit(16);
            let valid = escape.len() == 3 && escape.bytes().skip(1).all(|c| hex(c).is_some());
            if !valid || (hex(bytes[i + 1]).unwrap_or(0) < 8 && escape != "%25") {
                return Err(format!("invalid URL escape {escape:?}"));
            }
            i += 3;
            continue;
        }
        let allowed =
            b >= 0x80 || b.is_ascii_alphanumeric() || b"-_.~!$&'()*+,;=:[]<>\"".contains(&b);
        if !allowed {
            return Err(format!(
                "invalid character {:?} in host name",
                (b as char).to_string()
            ));
        }
        i += 1;
    }
    Ok(())
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = text
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// minio-go's `IsValidDomain`: length, leading/trailing characters and a punctuation list.
fn is_valid_domain(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && !host.starts_with(['-', '_', '.'])
        && !host.ends_with(['-', '_'])
        && !host.contains(|c| "`~!@#$%^&*()+={}[]|\\\"';:><?/".contains(c))
}

/// Match `text` against a minio-go pattern of the form `^PREFIX(.*?)SUFFIX$` in which every
/// `.` of PREFIX and SUFFIX matches any character; returns the capture.
fn capture<'a>(text: &'a str, prefix: &str, suffix: &str) -> Option<&'a str> {
    let fits = |part: &str, pattern: &str| {
        part.len() == pattern.len()
            && part
                .bytes()
                .zip(pattern.bytes())
                .all(|(t, p)| p == b'.' || t == p)
    };
    if !text.is_ascii() || text.len() < prefix.len() + suffix.len() {
        return None;
    }
    let end = text.len() - suffix.len();
    (fits(&text[..prefix.len()], prefix) && fits(&text[end..], suffix))
        .then(|| &text[prefix.len()..end])
}

/// minio-go's `GetRegionFromURL`, on the `Host` (port included).
pub fn region_from_host(host: &str) -> Option<String> {
    if host == "s3-external-1.amazonaws.com" {
        return None;
    }
    // Load balancer hosts name no region (`elb(.*?).amazonaws.com(.cn)?$`, unanchored start).
    let elb = host.match_indices("elb").any(|(i, _)| {
        let rest = &host[i + 3..];
        capture(rest, "", ".amazonaws.com").is_some()
            || capture(rest, "", ".amazonaws.com.cn").is_some()
    });
    if elb {
        return None;
    }
    let patterns: [(&str, &str); 7] = [
        ("s3-fips.dualstack.", ".amazonaws.com"),
        ("s3-fips.", ".amazonaws.com"),
        ("s3.dualstack.", ".amazonaws.com"),
        ("s3-", ".amazonaws.com"),
        ("s3.dualstack.cn", ".amazonaws.com.cn"),
        ("s3.cn", ".amazonaws.com.cn"),
        ("s3.", ".amazonaws.com"),
    ];
    for (prefix, suffix) in patterns {
        if let Some(region) = capture(host, prefix, suffix) {
            // The China patterns capture `cn…` inside the group.
            let region = if prefix.ends_with("cn") {
                format!("cn{region}")
            } else {
                region.to_string()
            };
            return Some(region);
        }
    }
    // PrivateLink: `^(?:bucket|accesspoint).vpce-.*?.s3.(.*?).vpce.amazonaws.com$`.
    let middle = ["bucket.vpce-", "accesspoint.vpce-"]
        .iter()
        .find_map(|lead| capture(host, lead, ".vpce.amazonaws.com"))?;
    // `.*?.s3.` is lazy: the first `s3` that has one character before and one after it.
    let i =
        (0..middle.len().saturating_sub(3)).find(|&i| middle.get(i + 1..i + 3) == Some("s3"))?;
    middle.get(i + 4..).map(str::to_string)
}

/// minio-go's `IsAmazonEndpoint` on the `Host`.
pub fn is_amazon_endpoint(host: &str) -> bool {
    host == "s3.amazonaws.com"
        || host == "s3-external-1.amazonaws.com"
        || region_from_host(host).is_some()
}

fn is_google_endpoint(host: &str) -> bool {
    host == "storage.googleapis.com"
}

fn is_fips_or_private_link(host: &str) -> bool {
    (host.starts_with("s3-fips") && host.ends_with(".amazonaws.com"))
        || host.ends_with(".vpce.amazonaws.com")
}

/// minio-go's default (`BucketLookupAuto`) addressing: `bucket.host` for Amazon, Google and
/// Aliyun endpoints, except https with a dotted bucket (its certificate would not match).
pub fn is_virtual_host(url: &EndpointUrl, bucket: &str) -> bool {
    let dotted_over_tls = url.scheme == "https" && bucket.contains('.');
    !bucket.is_empty()
        && !dotted_over_tls
        && (is_amazon_endpoint(&url.host)
            || is_google_endpoint(&url.host)
            || url.host.ends_with("aliyuncs.com"))
}

/// minio-go's `CheckValidBucketName`, run before HeadBucket is sent.
fn check_bucket_name(bucket: &str) -> Result<(), &'static str> {
    let valid_char = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':');
    let b = bucket.as_bytes();
    if b.is_empty() {
        return Err("Bucket name cannot be empty");
    }
    if b.len() < 3 {
        return Err("Bucket name cannot be shorter than 3 characters");
    }
    if b.len() > 63 {
        return Err("Bucket name cannot be longer than 63 characters");
    }
    let ends_ok = b[0].is_ascii_alphanumeric() && b[b.len() - 1].is_ascii_alphanumeric();
    if !ends_ok || !b.iter().all(|&c| valid_char(c)) {
        return Err("Bucket name contains invalid characters");
    }
    if bucket.parse::<std::net::Ipv4Addr>().is_ok() {
        return Err("Bucket name cannot be an ip address");
    }
    if bucket.contains("..") || bucket.contains(".-") || bucket.contains("-.") {
        return Err("Bucket name contains invalid characters");
    }
    Ok(())
}

/// The regional host minio-go sends to for an Amazon endpoint (`getS3Endpoint`).
///
/// Known limitation: minio-go looks the region up in a fixed table and falls back to
/// `s3.us-east-1.amazonaws.com` for anything else; here every AWS-shaped region counts as
/// listed, so a region AWS has not launched (`xx-west-9`) gets `s3.xx-west-9.amazonaws.com`
/// instead of the us-east-1 host.
fn regional_host(region: &str, dualstack: bool) -> String {
    let aws_shaped = region.split('-').count() >= 3
        && region.split('-').next().is_some_and(|p| p.len() == 2)
        && region
            .rsplit('-')
            .next()
            .is_some_and(|n| n.parse::<u8>().is_ok())
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let region = if aws_shaped { region } else { "us-east-1" };
    let stack = if dualstack { "dualstack." } else { "" };
    let tld = if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    format!("s3.{stack}{region}.{tld}")
}

/// Resolve every provider: one client each, named by its id.
pub fn resolve(providers: &[RouterS3Provider], target: Target) -> Vec<Resolved> {
    providers.iter().map(|p| resolve_one(p, target)).collect()
}

fn resolve_one(p: &RouterS3Provider, target: Target) -> Resolved {
    // minio-go's chain takes static keys only when both are non-empty; otherwise its IAM
    // provider runs, and it always ends with the EC2 metadata service, so without keys the
    // source is the IAM chain: whether that yields nothing (anonymous requests) is only known
    // at run time (`probe`).
    let has_keys = !p.access_key.is_empty() && !p.secret_key.is_empty();
    let token = (has_keys && target.supports_session_token() && !p.session_token.is_empty())
        .then(|| p.session_token.clone());
    let keys = has_keys.then(|| StaticKeys {
        access_key: p.access_key.clone(),
        secret_key: p.secret_key.clone(),
        session_token: token.clone(),
    });
    let mut client = ResolvedClient {
        component: Component::Router,
        name: p.id.clone(),
        bucket: Some(p.bucket.clone()),
        endpoint: None,
        region: None,
        force_path_style: None,
        request: None,
        credential_source: if has_keys {
            CredentialSource::Static
        } else {
            CredentialSource::IamChain
        },
        session_token: token.is_some(),
        access_key_id_prefix: access_key_id_prefix(&p.access_key),
        error: None,
    };

    // Configured regions are what the client is built with, whatever else goes wrong.
    if !p.region.is_empty() {
        client.region = Some(p.region.clone());
    }
    // Without `--env-file`, a `${NAME}` is left as written: its value comes at run time.
    for (field, value) in [("endpoint", &p.endpoint), ("bucket", &p.bucket)] {
        if let Some(reference) = crate::source::expand::scan(value).first() {
            client.error = Some(ClientError {
                code: Rule::UnresolvedReference.code().to_string(),
                message: format!(
                    "the {field} `{}` is known only at run time: give --env-file to resolve it",
                    reference.span.slice(value)
                ),
            });
            return Resolved { client, keys };
        }
    }

    let url = match endpoint_url(&p.endpoint, p.secure) {
        Ok(url) => url,
        Err(message) => {
            client.error = Some(ClientError {
                code: endpoint_rule(&p.endpoint).code().to_string(),
                message,
            });
            return Resolved { client, keys };
        }
    };
    let region = if p.region.is_empty() {
        region_from_host(&url.host)
    } else {
        Some(p.region.clone())
    };
    let virtual_host = is_virtual_host(&url, &p.bucket);
    client.endpoint = Some(url.url());
    client.region.clone_from(&region);
    client.force_path_style = Some(!virtual_host);

    if let Err(message) = check_bucket_name(&p.bucket) {
        client.error = Some(ClientError {
            code: Rule::BucketName.code().to_string(),
            message: message.to_string(),
        });
        return Resolved { client, keys };
    }

    // Amazon endpoints are re-targeted to the bucket's regional host, port dropped. Known
    // limitation: with no region configured or in the host, the real host depends on the
    // GetBucketLocation answer; the endpoint's own host is reported then.
    let (host, port) = match &region {
        Some(r) if is_amazon_endpoint(&url.host) && !is_fips_or_private_link(&url.host) => (
            regional_host(r, url.host.starts_with("s3.dualstack.")),
            None,
        ),
        _ => (url.hostname.clone(), url.port),
    };
    let default_port = if url.scheme == "https" { 443 } else { 80 };
    let host = if url.host.starts_with('[') {
        format!("[{host}]")
    } else {
        host
    };
    client.request = Some(if virtual_host {
        Request {
            scheme: url.scheme.to_string(),
            host: format!("{}.{host}", p.bucket),
            port: port.filter(|&p| p != default_port),
            path: "/".to_string(),
        }
    } else {
        Request {
            scheme: url.scheme.to_string(),
            host,
            port: port.filter(|&p| p != default_port),
            path: format!("/{}/", p.bucket),
        }
    });
    Resolved { client, keys }
}

/// Which rule an endpoint refusal belongs to (RULES.md CS301/CS302/CS304).
fn endpoint_rule(endpoint: &str) -> Rule {
    if endpoint.contains("://") {
        Rule::EndpointScheme
    } else if endpoint
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .contains('/')
    {
        Rule::EndpointPath
    } else {
        Rule::EndpointHost
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn provider(endpoint: &str, secure: bool, bucket: &str) -> RouterS3Provider {
        RouterS3Provider {
            id: "s3".into(),
            endpoint: endpoint.into(),
            bucket: bucket.into(),
            secure,
            ..Default::default()
        }
    }

    /// Every endpoint × secure × bucket the `minio-endpoint` oracle answered, with its answer
    /// written into testdata/resolve/minio-endpoint.json.
    #[test]
    fn endpoint_rules_match_the_minio_oracle() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/testdata/resolve/minio-endpoint.json"
        );
        let fixture: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let cases = fixture["cases"].as_array().unwrap();
        assert_eq!(cases.len(), 232);
        for case in cases {
            let endpoint = case["endpoint"].as_str().unwrap();
            let secure = case["secure"].as_bool().unwrap();
            let bucket = case["bucket"].as_str().unwrap();
            let oracle = &case["oracle"];
            let ours = endpoint_url(endpoint, secure);
            let what = format!("{endpoint:?} secure={secure} bucket={bucket}");
            if oracle["ok"] == false {
                assert_eq!(ours.err().as_deref(), oracle["error"].as_str(), "{what}");
                continue;
            }
            let url = ours.unwrap_or_else(|e| panic!("{what}: {e}"));
            let region = region_from_host(&url.host).unwrap_or_default();
            assert_eq!(region, oracle["region"].as_str().unwrap(), "{what}");
            assert_eq!(is_amazon_endpoint(&url.host), oracle["amazon"], "{what}");
            assert_eq!(is_google_endpoint(&url.host), oracle["google"], "{what}");
            assert_eq!(
                is_virtual_host(&url, bucket),
                oracle["virtualHost"],
                "{what}"
            );
        }
    }

    /// Go's url.Parse refuses bad userinfo (minio-endpoint oracle: `parse "http://u:p^w@minio:9000":
    /// net/url: invalid userinfo`, `invalid URL escape "%zz"`); the password stays masked here.
    #[test]
    fn userinfo_go_refuses_stops_the_router() {
        let err = |e: &str| endpoint_url(e, false).err();
        assert_eq!(
            err("u:p^w@minio:9000").as_deref(),
            Some("parse \"http://u:***@minio:9000\": net/url: invalid userinfo")
        );
        assert_eq!(
            err("u:p w@minio:9000").as_deref(),
            Some("parse \"http://u:***@minio:9000\": net/url: invalid userinfo")
        );
        let escape = err("u:sec%zz@minio:9000").unwrap();
        assert!(
            escape.ends_with(
                "invalid URL escape in the userinfo (not shown: it may be part of a password)"
            ),
            "{escape}"
        );
        assert!(!escape.contains("sec%zz"), "{escape}");
        assert_eq!(err("u:ok%41@minio:9000"), None);
        assert_eq!(err("u:p@w@minio:9000"), None);
    }

    fn request(r: &Resolved) -> (String, String, Option<u16>, String) {
        let q = r.client.request.clone().unwrap();
        (q.scheme, q.host, q.port, q.path)
    }

    #[test]
    fn path_style_for_minio_virtual_host_for_aws() {
        let minio = &resolve(&[provider("minio:9000", false, "cosmo")], Target::Next)[0];
        assert_eq!(minio.client.endpoint.as_deref(), Some("http://minio:9000"));
        assert_eq!(minio.client.force_path_style, Some(true));
        assert_eq!(minio.client.region, None);
        assert_eq!(
            request(minio),
            ("http".into(), "minio".into(), Some(9000), "/cosmo/".into())
        );
        assert_eq!(minio.client.credential_source, CredentialSource::IamChain);

        let aws = &resolve(
            &[provider("s3.eu-west-1.amazonaws.com", true, "cosmo")],
            Target::Next,
        )[0];
        assert_eq!(aws.client.region.as_deref(), Some("eu-west-1"));
        assert_eq!(
            request(aws),
            (
                "https".into(),
                "cosmo.s3.eu-west-1.amazonaws.com".into(),
                None,
                "/".into()
            )
        );

        // https + a dotted bucket: path style on the regional host.
        let dotted = &resolve(
            &[RouterS3Provider {
                region: "us-east-1".into(),
                ..provider("s3.amazonaws.com", true, "my.dotted.bucket")
            }],
            Target::Next,
        )[0];
        assert_eq!(
            request(dotted),
            (
                "https".into(),
                "s3.us-east-1.amazonaws.com".into(),
                None,
                "/my.dotted.bucket/".into()
            )
        );
    }

    #[test]
    fn endpoint_errors_carry_minio_messages_and_rules() {
        let r = &resolve(
            &[provider("https://s3.amazonaws.com", true, "cosmo")],
            Target::Next,
        )[0];
        let e = r.client.error.clone().unwrap();
        assert_eq!(e.code, "CS301");
        assert_eq!(e.message, "Endpoint url cannot have fully qualified paths.");
        assert_eq!(r.client.request, None);
        let r = &resolve(
            &[provider("minio:9000/cosmo", false, "cosmo")],
            Target::Next,
        )[0];
        assert_eq!(r.client.error.clone().unwrap().code, "CS302");
        let r = &resolve(&[provider("minio-", false, "cosmo")], Target::Next)[0];
        assert_eq!(
            r.client.error.clone().unwrap(),
            ClientError {
                code: "CS304".into(),
                message: "Endpoint: minio- does not follow ip address or domain name standards."
                    .into()
            }
        );
        let r = &resolve(
            &[provider("u:hunter2@min io", false, "cosmo")],
            Target::Next,
        )[0];
        assert_eq!(
            r.client.error.clone().unwrap().message,
            "parse \"http://u:*******@min io\": invalid character \" \" in host name"
        );
        let r = &resolve(&[provider("minio:9000", false, "ab")], Target::Next)[0];
        assert_eq!(
            r.client.error.clone().unwrap().message,
            "Bucket name cannot be shorter than 3 characters"
        );
    }

    #[test]
    fn credentials_and_session_token_by_target() {
        let keyed = RouterS3Provider {
            access_key: "AKIAEXAMPLE0000000000".into(),
            secret_key: "fake-secret".into(),
            session_token: "fake-token".into(),
            ..provider("minio:9000", false, "cosmo")
        };
        let next = &resolve(std::slice::from_ref(&keyed), Target::Next)[0];
        assert_eq!(next.client.credential_source, CredentialSource::Static);
        assert!(next.client.session_token);
        assert_eq!(next.client.access_key_id_prefix.as_deref(), Some("AKIA"));
        assert_eq!(
            next.keys.as_ref().unwrap().session_token.as_deref(),
            Some("fake-token")
        );
        let current = &resolve(std::slice::from_ref(&keyed), Target::Current)[0];
        assert!(!current.client.session_token);
        assert_eq!(current.keys.as_ref().unwrap().session_token, None);
        // One key alone counts as none: minio-go's IAM chain runs.
        let half = RouterS3Provider {
            secret_key: String::new(),
            ..keyed
        };
        let half = &resolve(&[half], Target::Next)[0];
        assert_eq!(half.client.credential_source, CredentialSource::IamChain);
        assert!(!half.client.session_token);
        assert!(half.keys.is_none());
        assert!(!format!("{half:?}").contains("fake-token"));
    }
}
