//! The router's credential chain as minio-go v7.0.74 runs it (DESIGN.md §3):
//! static keys (both set, + session token) → IAM (one branch: web identity, ECS relative URI,
//! Pod Identity full URI + token file, full URI on loopback, EC2 metadata) → anonymous.
//!
//! minio-go swallows IAM errors and goes anonymous, so a failed branch is reported as a
//! credential error next to an anonymous request, exactly what the router would send.
//! It never reads `AWS_ACCESS_KEY_ID`, profiles or `~/.aws`.

use super::env::ProbeEnv;
use super::http::{HttpClient, HttpError, xml_tag};
use crate::resolve::StaticKeys;
use bytes::Bytes;
use http_body_util::Full;
use std::time::{Duration, Instant};

/// The container endpoint of an ECS relative URI (minio-go and the AWS SDKs alike).
pub const ECS_HOST: &str = "http://169.254.170.2";
const IMDS_ENDPOINT: &str = "http://169.254.169.254";
/// minio-go v7.0.74 gives the IMDSv2 token request this long, then asks IMDSv1 without a token.
const IMDS_TOKEN_TIMEOUT: Duration = Duration::from_secs(1);

/// The one IAM branch minio-go picks, from the environment alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IamBranch {
    WebIdentity {
        sts_url: String,
        token_file: String,
        role_arn: String,
        session_name: Option<String>,
    },
    Ecs {
        url: String,
        token: Option<String>,
    },
    PodIdentity {
        url: String,
        token_file: String,
    },
    FullUri {
        url: String,
        token: Option<String>,
    },
    Imds {
        endpoint: String,
    },
}

impl IamBranch {
    pub fn name(&self) -> &'static str {
        match self {
            IamBranch::WebIdentity { .. } => "web-identity",
            IamBranch::Ecs { .. } => "ecs",
            IamBranch::PodIdentity { .. } => "pod-identity",
            IamBranch::FullUri { .. } => "container",
            IamBranch::Imds { .. } => "imds",
        }
    }

    /// Where the branch sends its request (for notes and dry runs; holds no secret).
    pub fn target(&self) -> &str {
        match self {
            IamBranch::WebIdentity { sts_url, .. } => sts_url,
            IamBranch::Ecs { url, .. }
            | IamBranch::PodIdentity { url, .. }
            | IamBranch::FullUri { url, .. } => url,
            IamBranch::Imds { endpoint } => endpoint,
        }
    }
}

/// minio-go's STS URL for web identity: `--sts-endpoint` wins (a cosmo-s3 test hook).
pub fn sts_url(env: &ProbeEnv, sts_override: Option<&str>) -> String {
    if let Some(url) = sts_override {
        return url.to_string();
    }
    match env.get("AWS_REGION") {
        Some(r) if r.starts_with("cn-") => format!("https://sts.{r}.amazonaws.com.cn"),
        Some(r) => format!("https://sts.{r}.amazonaws.com"),
        None => "https://sts.amazonaws.com".to_string(),
    }
}

/// `container_host`: the [`ProbeOptions::container_host`] test hook (loopback only).
///
/// [`ProbeOptions::container_host`]: super::ProbeOptions::container_host
pub fn plan_iam(
    env: &ProbeEnv,
    sts_override: Option<&str>,
    container_host: Option<std::net::SocketAddr>,
) -> IamBranch {
    if let Some(token_file) = env.get("AWS_WEB_IDENTITY_TOKEN_FILE") {
        return IamBranch::WebIdentity {
            sts_url: sts_url(env, sts_override),
            token_file: token_file.to_string(),
            role_arn: env.get("AWS_ROLE_ARN").unwrap_or_default().to_string(),
            session_name: env.get("AWS_ROLE_SESSION_NAME").map(str::to_string),
        };
    }
    if let Some(relative) = env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
        let host = container_host
            .filter(|a| a.ip().is_loopback())
            .map_or_else(|| ECS_HOST.to_string(), |a| format!("http://{a}"));
        return IamBranch::Ecs {
            url: format!("{host}{relative}"),
            token: env
                .get("AWS_CONTAINER_AUTHORIZATION_TOKEN")
                .map(str::to_string),
        };
    }
    if let Some(full) = env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
        if let Some(token_file) = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            return IamBranch::PodIdentity {
                url: full.to_string(),
                token_file: token_file.to_string(),
            };
        }
        return IamBranch::FullUri {
            url: full.to_string(),
            token: env
                .get("AWS_CONTAINER_AUTHORIZATION_TOKEN")
                .map(str::to_string),
        };
    }
    // minio-go always asks 169.254.169.254; the variable is the AWS SDKs' name, honoured here
    // so tests can point the probe at a loopback mock.
    let endpoint = env
        .get("AWS_EC2_METADATA_SERVICE_ENDPOINT")
        .unwrap_or(IMDS_ENDPOINT)
        .trim_end_matches('/')
        .to_string();
    IamBranch::Imds { endpoint }
}

/// Run one IAM branch. `deadline` bounds every request it sends.
pub async fn fetch(
    branch: &IamBranch,
    http: &HttpClient,
    deadline: Instant,
) -> Result<StaticKeys, String> {
    match branch {
        IamBranch::WebIdentity {
            sts_url,
            token_file,
            role_arn,
            session_name,
        } => {
            let token = read_token_file(token_file)?;
            web_identity(
                http,
                deadline,
                sts_url,
                &token,
                role_arn,
                session_name.as_deref(),
            )
            .await
        }
        IamBranch::Ecs { url, token } => container(http, deadline, url, token.as_deref()).await,
        IamBranch::PodIdentity { url, token_file } => {
            let token = read_token_file(token_file)?;
            container(http, deadline, url, Some(&token)).await
        }
        IamBranch::FullUri { url, token } => {
            check_loopback(url).await?;
            container(http, deadline, url, token.as_deref()).await
        }
        IamBranch::Imds { endpoint } => imds(http, deadline, endpoint).await,
    }
}

fn read_token_file(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map(|t| t.trim().to_string())
        .map_err(|e| format!("cannot read token file {path}: {e}"))
}

fn remaining(deadline: Instant) -> Duration {
    deadline.saturating_duration_since(Instant::now())
}

fn request(method: &str, url: &str) -> Result<http::request::Builder, String> {
    let uri: http::Uri = url.parse().map_err(|e| format!("invalid URL {url}: {e}"))?;
    Ok(http::Request::builder().method(method).uri(uri))
}

fn describe(error: &HttpError, what: &str) -> String {
    format!("{what}: {error}")
}

/// minio-go sends `AssumeRoleWithWebIdentity` unsigned, as a form POST to the STS URL.
async fn web_identity(
    http: &HttpClient,
    deadline: Instant,
    sts_url: &str,
    token: &str,
    role_arn: &str,
    session_name: Option<&str>,
) -> Result<StaticKeys, String> {
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.append_pair("Action", "AssumeRoleWithWebIdentity")
        .append_pair("Version", "2011-06-15")
        .append_pair("WebIdentityToken", token)
        .append_pair("RoleArn", role_arn);
    if let Some(name) = session_name {
        form.append_pair("RoleSessionName", name);
    }
    let body = form.finish();
    let req = request("POST", sts_url)?
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| e.to_string())?;
    let answer = http
        .send(req, remaining(deadline))
        .await
        .map_err(|e| describe(&e, "STS AssumeRoleWithWebIdentity"))?;
    let text = String::from_utf8_lossy(&answer.body);
    if answer.status != 200 {
        let code = xml_tag(&text, "Code").unwrap_or_default();
        return Err(format!(
            "STS AssumeRoleWithWebIdentity answered {} {code}",
            answer.status
        ));
    }
    let keys = (
        xml_tag(&text, "AccessKeyId"),
        xml_tag(&text, "SecretAccessKey"),
    );
    match keys {
        (Some(access_key), Some(secret_key)) => Ok(StaticKeys {
            access_key,
            secret_key,
            session_token: xml_tag(&text, "SessionToken").filter(|t| !t.is_empty()),
        }),
        _ => Err("STS answer holds no credentials".to_string()),
    }
}

/// ECS / Pod Identity / full-URI container endpoint: GET, JSON answer.
async fn container(
    http: &HttpClient,
    deadline: Instant,
    url: &str,
    token: Option<&str>,
) -> Result<StaticKeys, String> {
    let mut req = request("GET", url)?;
    if let Some(token) = token {
        req = req.header("authorization", token);
    }
    let req = req
        .body(Full::new(Bytes::new()))
        .map_err(|e| e.to_string())?;
    let answer = http
        .send(req, remaining(deadline))
        .await
        .map_err(|e| describe(&e, "container credentials endpoint"))?;
    if answer.status != 200 {
        return Err(format!(
            "container credentials endpoint answered {}",
            answer.status
        ));
    }
    keys_from_json(&answer.body, "container credentials endpoint")
}

/// IMDSv2: token (PUT), role name, credentials; IMDSv1 (no token) when the token request times
/// out after one second, as minio-go v7.0.74 does. Any other token failure ends the branch.
async fn imds(http: &HttpClient, deadline: Instant, endpoint: &str) -> Result<StaticKeys, String> {
    let token_req = request("PUT", &format!("{endpoint}/latest/api/token"))?
        .header("x-aws-ec2-metadata-token-ttl-seconds", "21600")
        .body(Full::new(Bytes::new()))
        .map_err(|e| e.to_string())?;
    let token = match http
        .send(token_req, IMDS_TOKEN_TIMEOUT.min(remaining(deadline)))
        .await
    {
        Ok(a) if a.status == 200 => Some(String::from_utf8_lossy(&a.body).trim().to_string()),
        Ok(a) => return Err(format!("IMDS token request answered {}", a.status)),
        Err(HttpError::Timeout) if !remaining(deadline).is_zero() => None,
        Err(e) => return Err(describe(&e, "IMDS token request")),
    };

    let get = |path: String| {
        let mut req = request("GET", &format!("{endpoint}{path}"));
        if let (Ok(r), Some(t)) = (req.as_mut(), token.as_deref()) {
            *r = std::mem::take(r).header("x-aws-ec2-metadata-token", t);
        }
        req.and_then(|r| r.body(Full::new(Bytes::new())).map_err(|e| e.to_string()))
    };
    let roles = http
        .send(
            get("/latest/meta-data/iam/security-credentials/".to_string())?,
            remaining(deadline),
        )
        .await
        .map_err(|e| describe(&e, "IMDS role request"))?;
    if roles.status != 200 {
        return Err(format!("IMDS role request answered {}", roles.status));
    }
    let roles = String::from_utf8_lossy(&roles.body).to_string();
    let role = roles
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .ok_or("IMDS lists no instance role")?;
    let creds = http
        .send(
            get(format!("/latest/meta-data/iam/security-credentials/{role}"))?,
            remaining(deadline),
        )
        .await
        .map_err(|e| describe(&e, "IMDS credentials request"))?;
    if creds.status != 200 {
        return Err(format!(
            "IMDS credentials request answered {}",
            creds.status
        ));
    }
    keys_from_json(&creds.body, "IMDS")
}

/// The JSON both the container endpoints and IMDS answer with.
fn keys_from_json(body: &[u8], what: &str) -> Result<StaticKeys, String> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| format!("{what} answered no JSON"))?;
    if let Some(code) = value.get("Code").and_then(|c| c.as_str()) {
        if code != "Success" {
            return Err(format!("{what} answered Code {code}"));
        }
    }
    let field = |name: &str| value.get(name).and_then(|v| v.as_str()).map(str::to_string);
    match (field("AccessKeyId"), field("SecretAccessKey")) {
        (Some(access_key), Some(secret_key)) => Ok(StaticKeys {
            access_key,
            secret_key,
            session_token: field("Token").filter(|t| !t.is_empty()),
        }),
        _ => Err(format!("{what} answer holds no credentials")),
    }
}

/// minio-go resolves the host of a full URI and accepts it only when every address is
/// loopback. Pod Identity is handled before this, as in v7.0.74.
pub async fn check_loopback(url: &str) -> Result<(), String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("invalid URL {url}: {e}"))?;
    let host = parsed
        .host_str()
        .unwrap_or_default()
        .trim_matches(['[', ']']);
    let port = parsed.port_or_known_default().unwrap_or(80);
    let addrs: Vec<std::net::SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|e| format!("cannot resolve {host}: {e}"))?
        .collect();
    if addrs.is_empty() || addrs.iter().any(|a| !a.ip().is_loopback()) {
        return Err(format!("uri host is not a loopback address: {url}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branch_order_follows_minio_go() {
        let env = ProbeEnv::from_pairs([
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/t"),
            ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/x"),
            ("AWS_REGION", "cn-north-1"),
        ]);
        let branch = plan_iam(&env, None, None);
        assert_eq!(branch.name(), "web-identity");
        assert_eq!(branch.target(), "https://sts.cn-north-1.amazonaws.com.cn");

        let env = ProbeEnv::from_pairs([("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/x")]);
        assert_eq!(
            plan_iam(&env, None, None).target(),
            "http://169.254.170.2/v2/x"
        );
        // The test hook takes loopback addresses only.
        let loopback = "127.0.0.1:9".parse().ok();
        assert_eq!(
            plan_iam(&env, None, loopback).target(),
            "http://127.0.0.1:9/v2/x"
        );
        let elsewhere = "10.0.0.1:9".parse().ok();
        assert_eq!(
            plan_iam(&env, None, elsewhere).target(),
            "http://169.254.170.2/v2/x"
        );

        let env = ProbeEnv::from_pairs([
            (
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://169.254.170.23/v1/credentials",
            ),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/var/run/token"),
        ]);
        assert_eq!(plan_iam(&env, None, None).name(), "pod-identity");

        assert_eq!(
            plan_iam(&ProbeEnv::default(), None, None),
            IamBranch::Imds {
                endpoint: "http://169.254.169.254".to_string()
            }
        );
        assert_eq!(
            sts_url(&ProbeEnv::default(), None),
            "https://sts.amazonaws.com"
        );
    }

    #[test]
    fn credential_json_needs_both_keys() {
        let ok = br#"{"Code":"Success","AccessKeyId":"ASIAEXAMPLE00000000","SecretAccessKey":"s","Token":"t"}"#;
        let keys = keys_from_json(ok, "x").expect("keys");
        assert_eq!(keys.session_token.as_deref(), Some("t"));
        assert_eq!(
            keys_from_json(br#"{"Code":"Failure"}"#, "IMDS").unwrap_err(),
            "IMDS answered Code Failure"
        );
    }
}
