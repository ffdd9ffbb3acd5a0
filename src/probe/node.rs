//! The controlplane's and cdn-server's probe: static keys when both are set (plus
//! `S3_SESSION_TOKEN` under `--target next`), else the AWS default chain, then HeadBucket
//! through `aws-sdk-s3` with the endpoint, region and path style `resolve` computed.
//!
//! Known limitation: the live chain is aws-config's (Rust), the component's is the JS SDK's.
//! They agree on the order (env, profile files, web identity, container, IMDS) but not on every
//! detail: with `AWS_PROFILE` set the JS chain skips `AWS_ACCESS_KEY_ID`, aws-config does not
//! (a note says so), and SSO/`credential_process` profiles are not built in here (no `sso`
//! feature: a profile that needs them fails where the component would succeed).

use super::classify::{Answer, Class, Signing};
use super::report::{ClientProbe, RequestReport, ResultReport};
use super::router::{addressing, credential_report, request_url, result_report};
use super::{Context, ProbeEnv, new_probe};
use crate::resolve::{Resolved, StaticKeys};
use crate::rules::Target;
use aws_config::BehaviorVersion;
use aws_credential_types::credential_feature::AwsCredentialFeature;
use aws_credential_types::provider::ProvideCredentials;
use aws_sdk_s3::config::{Region, SharedCredentialsProvider};
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_types::os_shim_internal::Env;
use std::path::PathBuf;

pub async fn probe(ctx: &Context<'_>, resolved: &Resolved) -> ClientProbe {
    let client = &resolved.client;
    let mut probe = new_probe(client);

    let static_keys = resolved
        .keys
        .as_ref()
        .filter(|k| !k.access_key.is_empty() && !k.secret_key.is_empty())
        .map(|k| StaticKeys {
            session_token: k
                .session_token
                .clone()
                .filter(|_| ctx.options.target.supports_session_token()),
            ..k.clone()
        });

    if let Some(error) = &client.error {
        return probe.refused(error);
    }
    let (Some(bucket), Some(endpoint), Some(region), Some(url)) = (
        client.bucket.clone(),
        client.endpoint.clone(),
        client.region.clone(),
        request_url(client),
    ) else {
        probe.error = Some("resolve left bucket, endpoint, region or request empty".to_string());
        return probe;
    };

    // 1. Credentials. A dry run finds none: it plans, and knows whether a token would come.
    let mut planned_token = false;
    let keys = match static_keys {
        Some(k) => {
            probe.credentials = credential_report("static", Some("static"), &k);
            Some(k)
        }
        None if ctx.options.target == Target::Legacy => {
            probe.credentials.chain = "none";
            probe.result = Some(ResultReport::new(
                Class::NoCredentials,
                "legacy releases throw \"Missing S3 credentials\" when the access key or secret is empty",
            ));
            probe.reachable = Some(false);
            return probe;
        }
        None => {
            probe.credentials.chain = "node-default";
            let planned = plan_default_chain(ctx.env);
            probe.credentials.asked = vec![planned.description.clone()];
            if ctx.env.is_set("AWS_PROFILE") && ctx.env.is_set("AWS_ACCESS_KEY_ID") {
                probe.notes.push("AWS_PROFILE is set: the component's JS SDK skips AWS_ACCESS_KEY_ID and reads the profile; this probe's chain (aws-config) takes the variables first".to_string());
            }
            if ctx.env.metadata_disabled() && planned.source == "none" {
                probe.notes.push("AWS_EC2_METADATA_DISABLED=true: the metadata service is not asked (the Node SDK honours this too)".to_string());
            }
            if ctx.options.dry_run {
                probe.credentials.source = Some(planned.source.to_string());
                planned_token = planned.token;
                None
            } else if ctx.options.offline {
                match env_keys(ctx.env) {
                    Some(k) => {
                        probe.credentials = credential_report("node-default", Some("env"), &k);
                        Some(k)
                    }
                    None => {
                        probe.error = Some(format!(
                            "--offline: the default chain would ask {}, which needs the network or files not read offline; nothing sent",
                            planned.description
                        ));
                        return probe;
                    }
                }
            } else {
                match default_chain(ctx, &region).await {
                    Ok((k, source)) => {
                        let asked = probe.credentials.asked.clone();
                        probe.credentials = credential_report("node-default", Some(source), &k);
                        probe.credentials.asked = asked;
                        Some(k)
                    }
                    Err(e) => {
                        probe.credentials.error = Some(e.clone());
                        probe.result = Some(ResultReport::new(Class::NoCredentials, e));
                        probe.reachable = Some(false);
                        return probe;
                    }
                }
            }
        }
    };

    // 2. The request the JS SDK sends (its signed header set; the Rust SDK's differs only in
    // unsigned bookkeeping headers).
    let token = keys
        .as_ref()
        .map_or(planned_token, |k| k.session_token.is_some());
    let mut signed_headers: Vec<String> = [
        "amz-sdk-invocation-id",
        "amz-sdk-request",
        "host",
        "x-amz-content-sha256",
        "x-amz-date",
    ]
    .map(String::from)
    .to_vec();
    if token {
        signed_headers.push("x-amz-security-token".to_string());
    }
    signed_headers.push("x-amz-user-agent".to_string());
    probe.request = Some(RequestReport {
        method: "HEAD",
        url,
        addressing: addressing(client),
        signing_region: Some(region.clone()),
        signed: true,
        token_attached: token,
        signed_headers,
    });
    let Some(keys) = keys else {
        return probe; // dry run
    };
    if ctx.options.dry_run {
        return probe;
    }

    // 3. HeadBucket through aws-sdk-s3, retries off, within the deadline.
    probe.sent = true;
    let s3 = s3_client(
        ctx,
        &keys,
        &endpoint,
        &region,
        client.force_path_style.unwrap_or(false),
    );
    let signing = Signing {
        anonymous: false,
        temporary_key: keys.access_key.starts_with("ASIA"),
        token_attached: keys.session_token.is_some(),
    };
    let head = tokio::time::timeout(ctx.remaining(), s3.head_bucket().bucket(&bucket).send()).await;
    let answer = match head {
        Err(_) => {
            probe.result = Some(ResultReport::new(
                Class::Timeout,
                "no answer before the deadline",
            ));
            probe.reachable = Some(false);
            return probe;
        }
        Ok(Ok(_)) => Answer {
            status: 200,
            ..Answer::default()
        },
        Ok(Err(SdkError::ServiceError(e))) => {
            let raw = e.raw();
            Answer {
                status: raw.status().as_u16(),
                code: None,
                bucket_region: raw.headers().get("x-amz-bucket-region").map(str::to_string),
            }
        }
        Ok(Err(SdkError::TimeoutError(_))) => {
            probe.result = Some(ResultReport::new(
                Class::Timeout,
                "no answer before the deadline",
            ));
            probe.reachable = Some(false);
            return probe;
        }
        Ok(Err(e)) => {
            let message = super::http::error_chain(&e);
            probe.result = Some(ResultReport::new(Class::Connection, message));
            probe.reachable = Some(false);
            return probe;
        }
    };
    let mut answer = answer;
    if matches!(answer.status, 400 | 403) {
        // GetBucketLocation's error document names the code HEAD could not carry.
        if let Ok(Err(e)) = tokio::time::timeout(
            ctx.remaining(),
            s3.get_bucket_location().bucket(&bucket).send(),
        )
        .await
        {
            answer.code = e.code().map(str::to_string);
            if answer.bucket_region.is_none() {
                answer.bucket_region = e
                    .raw_response()
                    .and_then(|r| r.headers().get("x-amz-bucket-region"))
                    .map(str::to_string);
            }
        }
    }
    probe.result = Some(result_report(&answer, signing));
    probe.reachable = Some(answer.status / 100 == 2);
    probe
}

fn s3_client(
    ctx: &Context<'_>,
    keys: &StaticKeys,
    endpoint: &str,
    region: &str,
    force_path_style: bool,
) -> aws_sdk_s3::Client {
    let credentials = aws_credential_types::Credentials::new(
        &keys.access_key,
        &keys.secret_key,
        keys.session_token.clone(),
        None,
        "cosmo-s3",
    );
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_string()))
        .endpoint_url(endpoint)
        .force_path_style(force_path_style)
        .credentials_provider(SharedCredentialsProvider::new(credentials))
        .http_client(sdk_http_client(!is_plain_http(endpoint)))
        .retry_config(aws_sdk_s3::config::retry::RetryConfig::disabled())
        .timeout_config(
            aws_sdk_s3::config::timeout::TimeoutConfig::builder()
                .operation_timeout(ctx.remaining())
                .build(),
        )
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

/// The AWS crates' own hyper client, with rustls on ring (no aws-lc). `trust_store`: read
/// the machine's trust store for https; a client that only ever sends plain http (an
/// `http://` S3 endpoint) skips reading it, which is most of a loopback probe's time.
fn sdk_http_client(trust_store: bool) -> SharedHttpClient {
    use aws_smithy_http_client::tls;
    let mut builder = aws_smithy_http_client::Builder::new().tls_provider(tls::Provider::Rustls(
        tls::rustls_provider::CryptoMode::Ring,
    ));
    if !trust_store {
        if let Ok(context) = tls::TlsContext::builder()
            .with_trust_store(tls::TrustStore::empty())
            .build()
        {
            builder = builder.tls_context(context);
        }
    }
    builder.build_https()
}

fn is_plain_http(url: &str) -> bool {
    url.get(..7)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("http://"))
}

/// The default chain's client. With [`ProbeOptions::container_host`] (a test hook) the
/// container endpoint's fixed host is swapped for that loopback address.
///
/// [`ProbeOptions::container_host`]: super::ProbeOptions::container_host
fn chain_http_client(ctx: &Context<'_>) -> SharedHttpClient {
    let base = sdk_http_client(true);
    let Some(to) = ctx.options.loopback_container_host() else {
        return base;
    };
    aws_smithy_runtime_api::client::http::http_client_fn(move |settings, components| {
        use aws_smithy_runtime_api::client::http::{HttpClient, SharedHttpConnector};
        SharedHttpConnector::new(ContainerRedirect {
            inner: base.http_connector(settings, components),
            to,
        })
    })
}

/// Sends requests for `http://169.254.170.2/...` to a loopback address instead.
#[derive(Debug)]
struct ContainerRedirect {
    inner: aws_smithy_runtime_api::client::http::SharedHttpConnector,
    to: std::net::SocketAddr,
}

impl aws_smithy_runtime_api::client::http::HttpConnector for ContainerRedirect {
    fn call(
        &self,
        mut request: aws_smithy_runtime_api::client::orchestrator::HttpRequest,
    ) -> aws_smithy_runtime_api::client::http::HttpConnectorFuture {
        if let Some(path) = request.uri().strip_prefix(super::router_chain::ECS_HOST) {
            let redirected = format!("http://{}{path}", self.to);
            if request.set_uri(redirected.as_str()).is_err() {
                // Never fall through to the link-local host.
                return aws_smithy_runtime_api::client::http::HttpConnectorFuture::ready(Err(
                    aws_smithy_runtime_api::client::result::ConnectorError::other(
                        "container_host redirect failed".into(),
                        None,
                    ),
                ));
            }
        }
        self.inner.call(request)
    }
}

/// `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`): the chain's first
/// source, the only one `--offline` runs.
fn env_keys(env: &ProbeEnv) -> Option<StaticKeys> {
    Some(StaticKeys {
        access_key: env.get("AWS_ACCESS_KEY_ID")?.to_string(),
        secret_key: env.get("AWS_SECRET_ACCESS_KEY")?.to_string(),
        session_token: env.get("AWS_SESSION_TOKEN").map(str::to_string),
    })
}

/// The source the JS default chain would take, judged from variables and files only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedSource {
    /// `env`, `profile`, `web-identity`, `container`, `imds` or `none`.
    pub source: &'static str,
    /// The source with where it reads from, for the report (holds no secret).
    pub description: String,
    /// Whether the credentials it gives carry a session token: always for the role-based
    /// sources, for `env` and a profile only when a token is written there.
    pub token: bool,
}

impl PlannedSource {
    fn new(source: &'static str, description: String, token: bool) -> Self {
        Self {
            source,
            description,
            token,
        }
    }
}

pub fn plan_default_chain(env: &ProbeEnv) -> PlannedSource {
    if !env.is_set("AWS_PROFILE") && env_keys(env).is_some() {
        let token = env.is_set("AWS_SESSION_TOKEN");
        return PlannedSource::new("env", "env (AWS_ACCESS_KEY_ID)".to_string(), token);
    }
    let profile = env.get("AWS_PROFILE").unwrap_or("default");
    for (file, path) in profile_files(env) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let wanted = if file == "config" && profile != "default" {
            format!("[profile {profile}]")
        } else {
            format!("[{profile}]")
        };
        if let Some(keys) = profile_keys(&text, &wanted) {
            // A role, SSO or web identity profile hands out temporary credentials; static
            // keys carry a token only when one is written beside them.
            let token = keys.iter().any(|k| {
                matches!(
                    k.as_str(),
                    "aws_session_token" | "role_arn" | "web_identity_token_file"
                ) || k.starts_with("sso_")
            });
            let description = format!("profile {profile} ({})", path.display());
            return PlannedSource::new("profile", description, token);
        }
    }
    if env.is_set("AWS_WEB_IDENTITY_TOKEN_FILE") && env.is_set("AWS_ROLE_ARN") {
        let description = "web-identity (STS AssumeRoleWithWebIdentity)".to_string();
        return PlannedSource::new("web-identity", description, true);
    }
    if let Some(uri) = env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
        let description = format!("container ({}{uri})", super::router_chain::ECS_HOST);
        return PlannedSource::new("container", description, true);
    }
    if let Some(uri) = env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
        return PlannedSource::new("container", format!("container ({uri})"), true);
    }
    if env.metadata_disabled() {
        let description = "none (AWS_EC2_METADATA_DISABLED=true; the chain fails)".to_string();
        return PlannedSource::new("none", description, false);
    }
    let endpoint = env
        .get("AWS_EC2_METADATA_SERVICE_ENDPOINT")
        .unwrap_or("http://169.254.169.254");
    PlannedSource::new("imds", format!("imds ({endpoint})"), true)
}

/// The keys of the `[section]` header `wanted` in an ini-style AWS file, lower-cased; `None`
/// when the section is absent.
fn profile_keys(text: &str, wanted: &str) -> Option<Vec<String>> {
    let mut lines = text.lines().map(str::trim);
    lines.find(|l| *l == wanted)?;
    Some(
        lines
            .take_while(|l| !l.starts_with('['))
            .filter(|l| !l.starts_with('#') && !l.starts_with(';'))
            .filter_map(|l| l.split_once('='))
            .map(|(k, _)| k.trim().to_ascii_lowercase())
            .collect(),
    )
}

fn profile_files(env: &ProbeEnv) -> Vec<(&'static str, PathBuf)> {
    let home = env.get("HOME").map(PathBuf::from);
    let pick = |var: &str, default: &str| {
        env.get(var)
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".aws").join(default)))
    };
    let mut files = Vec::new();
    if let Some(p) = pick("AWS_SHARED_CREDENTIALS_FILE", "credentials") {
        files.push(("credentials", p));
    }
    if let Some(p) = pick("AWS_CONFIG_FILE", "config") {
        files.push(("config", p));
    }
    files
}

/// aws-config's default chain over the probe's environment (not the process's).
async fn default_chain(
    ctx: &Context<'_>,
    region: &str,
) -> Result<(StaticKeys, &'static str), String> {
    let mut pairs: Vec<(&str, &str)> = ctx.env.pairs().collect();
    if let Some(sts) = ctx.options.sts_endpoint.as_deref() {
        pairs.push(("AWS_ENDPOINT_URL_STS", sts));
    }
    let config = aws_config::defaults(BehaviorVersion::latest())
        .env(Env::from_slice(&pairs))
        .region(Region::new(region.to_string()))
        .http_client(chain_http_client(ctx))
        .load()
        .await;
    let provider = config
        .credentials_provider()
        .ok_or("the default chain could not be built")?;
    let credentials = tokio::time::timeout(ctx.remaining(), provider.provide_credentials())
        .await
        .map_err(|_| "the default chain found no credentials before the deadline".to_string())?
        .map_err(|e| {
            format!(
                "the default chain found no credentials: {}",
                super::http::error_chain(&e)
            )
        })?;
    let source = credentials
        .get_property::<Vec<AwsCredentialFeature>>()
        .and_then(|features| features.iter().rev().find_map(source_name))
        .unwrap_or("default-chain");
    Ok((
        StaticKeys {
            access_key: credentials.access_key_id().to_string(),
            secret_key: credentials.secret_access_key().to_string(),
            session_token: credentials.session_token().map(str::to_string),
        },
        source,
    ))
}

fn source_name(feature: &AwsCredentialFeature) -> Option<&'static str> {
    use AwsCredentialFeature as F;
    Some(match feature {
        F::CredentialsEnvVars => "env",
        F::CredentialsEnvVarsStsWebIdToken
        | F::CredentialsStsAssumeRoleWebId
        | F::CredentialsProfileStsWebIdToken => "web-identity",
        F::CredentialsProfile
        | F::CredentialsProfileSourceProfile
        | F::CredentialsProfileNamedProvider => "profile",
        F::CredentialsHttp => "container",
        F::CredentialsImds => "imds",
        F::CredentialsProcess | F::CredentialsProfileProcess => "process",
        F::CredentialsSso | F::CredentialsProfileSso => "sso",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_follows_the_js_chain_order() {
        let env = ProbeEnv::from_pairs([
            ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE0000000000"),
            ("AWS_SECRET_ACCESS_KEY", "x"),
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/t"),
            ("AWS_ROLE_ARN", "arn:aws:iam::1:role/r"),
        ]);
        assert_eq!(
            plan_default_chain(&env),
            PlannedSource::new("env", "env (AWS_ACCESS_KEY_ID)".to_string(), false)
        );
        let env = env.overlay([("AWS_PROFILE", "nope"), ("HOME", "/nonexistent")]);
        assert_eq!(
            plan_default_chain(&env).description,
            "web-identity (STS AssumeRoleWithWebIdentity)"
        );
        let env = ProbeEnv::from_pairs([
            ("AWS_EC2_METADATA_DISABLED", "true"),
            ("HOME", "/nonexistent"),
        ]);
        assert_eq!(plan_default_chain(&env).source, "none");
    }

    #[test]
    fn a_profile_carries_a_token_only_when_it_holds_one_or_assumes_a_role() {
        let dir = tempfile::tempdir().expect("tempdir");
        let creds = dir.path().join("credentials");
        let config = dir.path().join("config");
        std::fs::write(
            &creds,
            "[default]\naws_access_key_id = AKIAEXAMPLE0000000000\naws_secret_access_key = x\n\n\
             [temp]\naws_access_key_id = ASIAEXAMPLE000000000\naws_secret_access_key = x\n\
             aws_session_token = t\n",
        )
        .expect("write");
        std::fs::write(
            &config,
            "[profile role]\n# aws_session_token = old\nrole_arn = arn:aws:iam::1:role/r\n\
             source_profile = default\n",
        )
        .expect("write");
        let env = ProbeEnv::from_pairs([
            ("AWS_SHARED_CREDENTIALS_FILE", creds.display().to_string()),
            ("AWS_CONFIG_FILE", config.display().to_string()),
        ]);
        let plan =
            |profile: &str| plan_default_chain(&env.clone().overlay([("AWS_PROFILE", profile)]));
        assert_eq!(
            (plan("default").source, plan("default").token),
            ("profile", false)
        );
        assert_eq!((plan("temp").source, plan("temp").token), ("profile", true));
        assert_eq!((plan("role").source, plan("role").token), ("profile", true));
        assert_eq!(plan("missing").source, "imds");
    }
}
