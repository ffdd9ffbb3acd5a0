//! The router's probe: the HeadBucket minio-go v7.0.74 sends, built here and signed with
//! `aws-sigv4`, after the router's own credential chain ([`super::router_chain`]).

use super::classify::{Answer, Class, Signing, classify};
use super::http::{HttpAnswer, HttpError, xml_tag};
use super::report::{ClientProbe, CredentialReport, RequestReport, ResultReport};
use super::router_chain::{IamBranch, fetch, plan_iam};
use super::{Context, new_probe};
use crate::resolve::{Resolved, ResolvedClient, StaticKeys};
use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SigningSettings,
    UriPathNormalizationMode, sign,
};
use bytes::Bytes;
use http_body_util::Full;
use std::time::SystemTime;

/// minio-go's User-Agent shape; not signed, so it changes nothing S3 checks.
const USER_AGENT: &str = "MinIO (linux; amd64) minio-go/v7.0.74 cosmo-s3-probe";
/// minio-go signs HeadBucket and GetBucketLocation with the empty payload's hash.
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

pub async fn probe(ctx: &Context<'_>, resolved: &Resolved) -> ClientProbe {
    let client = &resolved.client;
    let mut probe = new_probe(client);
    if ctx.env.is_set("AWS_ACCESS_KEY_ID") {
        probe.notes.push(
            "the environment holds AWS_ACCESS_KEY_ID, which the router never reads (minio-go has no environment provider): set the provider's access_key/secret_key instead".to_string(),
        );
    }

    // 1. Credentials, in minio-go's order.
    let static_keys = resolved
        .keys
        .as_ref()
        .filter(|k| !k.access_key.is_empty() && !k.secret_key.is_empty());
    let mut keys: Option<StaticKeys> = None;
    if let Some(k) = static_keys {
        keys = Some(k.clone());
        probe.credentials = credential_report("static", Some("static"), k);
    } else {
        let branch = plan_iam(
            ctx.env,
            ctx.options.sts_endpoint.as_deref(),
            ctx.options.loopback_container_host(),
        );
        probe.credentials.chain = "router-iam";
        probe.credentials.asked = vec![format!("{} ({})", branch.name(), branch.target())];
        if matches!(branch, IamBranch::Imds { .. }) && ctx.env.metadata_disabled() {
            probe.credentials.error =
                Some("AWS_EC2_METADATA_DISABLED=true: metadata service not asked".to_string());
            probe.notes.push(
                "the real router ignores AWS_EC2_METADATA_DISABLED and would ask the metadata service (IMDSv2, then IMDSv1 after a 1 s token timeout)".to_string(),
            );
        } else if ctx.options.dry_run {
            // The source that would be asked; IAM sources always hand out session tokens.
            probe.credentials.source = Some(branch.name().to_string());
            probe.credentials.session_token = true;
        } else if ctx.options.offline {
            probe.error = Some(format!(
                "--offline: the router's credentials would come from {} ({}), which needs the network; nothing sent",
                branch.name(),
                branch.target()
            ));
            return probe;
        } else {
            match fetch(&branch, ctx.http, ctx.deadline).await {
                Ok(k) => {
                    let chain = probe.credentials.asked.clone();
                    probe.credentials = credential_report("router-iam", Some(branch.name()), &k);
                    probe.credentials.asked = chain;
                    keys = Some(k);
                }
                Err(e) => probe.credentials.error = Some(e),
            }
        }
        if keys.is_none() && probe.credentials.source.is_none() {
            probe.credentials.source = Some("anonymous".to_string());
            probe.notes.push("minio-go falls back to unsigned (anonymous) requests when no credentials are found".to_string());
        }
    }

    if let Some(error) = &client.error {
        return probe.refused(error);
    }
    let Some(base_url) = request_url(client) else {
        probe.error = Some("resolve computed no request for this provider".to_string());
        return probe;
    };

    // 2. The signing region: minio-go asks the bucket's location when none is configured.
    let mut region = client.region.clone().filter(|r| !r.is_empty());
    if region.is_none() {
        if ctx.options.dry_run {
            probe.notes.push("region empty: the router first sends GET /?location (signed for us-east-1) and signs with the region it answers".to_string());
        } else {
            match send(
                ctx,
                &format!("{base_url}?location="),
                "GET",
                "us-east-1",
                keys.as_ref(),
            )
            .await
            {
                Ok((answer, _)) if answer.status == 200 => {
                    let text = String::from_utf8_lossy(&answer.body);
                    let found = xml_tag(&text, "LocationConstraint").filter(|r| !r.is_empty());
                    region = Some(found.unwrap_or_else(|| "us-east-1".to_string()));
                }
                Ok((answer, _)) => probe.notes.push(format!(
                    "the router's GetBucketLocation answered {}; signing for us-east-1",
                    answer.status
                )),
                Err(e) => probe
                    .notes
                    .push(format!("the router's GetBucketLocation failed: {e}")),
            }
        }
    }
    let signing_region = region.clone().unwrap_or_else(|| "us-east-1".to_string());

    // 3. The request itself.
    let built = build(&base_url, "HEAD", &signing_region, keys.as_ref());
    let (request, signed_headers) = match built {
        Ok(b) => b,
        Err(e) => {
            probe.error = Some(e);
            return probe;
        }
    };
    let will_sign = keys.is_some() || (ctx.options.dry_run && probe.credentials.session_token);
    probe.request = Some(RequestReport {
        method: "HEAD",
        url: base_url.clone(),
        addressing: addressing(client),
        signing_region: will_sign.then(|| signing_region.clone()),
        signed: will_sign,
        token_attached: keys
            .as_ref()
            .map_or(will_sign, |k| k.session_token.is_some()),
        signed_headers: if keys.is_some() {
            signed_headers
        } else if will_sign {
            [
                "host",
                "x-amz-content-sha256",
                "x-amz-date",
                "x-amz-security-token",
            ]
            .map(String::from)
            .to_vec()
        } else {
            Vec::new()
        },
    });
    if ctx.options.dry_run {
        return probe;
    }

    probe.sent = true;
    let head = ctx.http.send(request, ctx.remaining()).await;
    let signing = Signing {
        anonymous: keys.is_none(),
        temporary_key: keys
            .as_ref()
            .is_some_and(|k| k.access_key.starts_with("ASIA")),
        token_attached: keys.as_ref().is_some_and(|k| k.session_token.is_some()),
    };
    let answer = match head {
        Ok(a) => a,
        Err(e) => {
            probe.result = Some(transport_failure(&e));
            probe.reachable = Some(false);
            return probe;
        }
    };
    let mut read = Answer {
        status: answer.status,
        code: answer.header("x-amz-error-code").map(str::to_string),
        bucket_region: answer.header("x-amz-bucket-region").map(str::to_string),
    };
    // HEAD answers carry no body: one GET /?location reads the error code.
    if matches!(answer.status, 400 | 403) && read.code.is_none() {
        if let Ok((location, _)) = send(
            ctx,
            &format!("{base_url}?location="),
            "GET",
            &signing_region,
            keys.as_ref(),
        )
        .await
        {
            read.code = xml_tag(&String::from_utf8_lossy(&location.body), "Code");
            if read.bucket_region.is_none() {
                read.bucket_region = location.header("x-amz-bucket-region").map(str::to_string);
            }
        }
    }
    probe.result = Some(result_report(&read, signing));
    probe.reachable = Some(read.status / 100 == 2);
    probe
}

pub(super) fn credential_report(
    chain: &'static str,
    source: Option<&str>,
    keys: &StaticKeys,
) -> CredentialReport {
    CredentialReport {
        chain,
        source: source.map(str::to_string),
        asked: Vec::new(),
        access_key_id_prefix: crate::resolve::access_key_id_prefix(&keys.access_key),
        session_token: keys.session_token.is_some(),
        error: None,
    }
}

pub(super) fn result_report(answer: &Answer, signing: Signing) -> ResultReport {
    let verdict = classify(answer, signing);
    let mut message = format!("HTTP {}", answer.status);
    if let Some(region) = &verdict.region {
        message = format!("{message}: the bucket is in {region}");
    }
    let mut report = ResultReport::new(verdict.class, message);
    report.alternative = verdict.alternative;
    report.status = Some(answer.status);
    report.code = answer.code.clone();
    if let Some(region) = &verdict.region {
        report.advice = format!("set the region to {region} (the bucket's region)");
    }
    report.region = verdict.region;
    report
}

pub(super) fn transport_failure(error: &HttpError) -> ResultReport {
    match error {
        HttpError::Timeout => ResultReport::new(Class::Timeout, "no answer before the deadline"),
        HttpError::Connection(msg) => ResultReport::new(Class::Connection, msg.clone()),
    }
}

pub(super) fn request_url(client: &ResolvedClient) -> Option<String> {
    let r = client.request.as_ref()?;
    let host = if r.host.contains(':') {
        format!("[{}]", r.host)
    } else {
        r.host.clone()
    };
    let port = r.port.map(|p| format!(":{p}")).unwrap_or_default();
    Some(format!("{}://{host}{port}{}", r.scheme, r.path))
}

/// Path style when the request path starts with the bucket, virtual-host otherwise.
pub(super) fn addressing(client: &ResolvedClient) -> &'static str {
    match (&client.request, &client.bucket) {
        (Some(r), Some(b))
            if r.path.trim_start_matches('/').starts_with(b.as_str()) && !b.is_empty() =>
        {
            "path"
        }
        _ => "virtual-host",
    }
}

async fn send(
    ctx: &Context<'_>,
    url: &str,
    method: &str,
    region: &str,
    keys: Option<&StaticKeys>,
) -> Result<(HttpAnswer, Vec<String>), HttpError> {
    let (request, headers) = build(url, method, region, keys).map_err(HttpError::Connection)?;
    ctx.http
        .send(request, ctx.remaining())
        .await
        .map(|a| (a, headers))
}

/// Build a request as minio-go does and sign it (SigV4, service `s3`) when there are keys.
/// Returns the request and the names of the signed headers.
fn build(
    url: &str,
    method: &str,
    region: &str,
    keys: Option<&StaticKeys>,
) -> Result<(http::Request<Full<Bytes>>, Vec<String>), String> {
    let uri: http::Uri = url
        .parse()
        .map_err(|e| format!("invalid request URL {url}: {e}"))?;
    let authority = uri
        .authority()
        .map(|a| a.as_str().to_string())
        .unwrap_or_default();
    let mut request = http::Request::builder()
        .method(method)
        .uri(uri)
        .header("host", authority)
        .header("user-agent", USER_AGENT)
        .body(Full::new(Bytes::new()))
        .map_err(|e| e.to_string())?;
    let Some(keys) = keys else {
        return Ok((request, Vec::new()));
    };
    request.headers_mut().insert(
        "x-amz-content-sha256",
        http::HeaderValue::from_static(EMPTY_SHA256),
    );

    let identity: aws_smithy_runtime_api::client::identity::Identity =
        aws_credential_types::Credentials::new(
            &keys.access_key,
            &keys.secret_key,
            keys.session_token.clone(),
            None,
            "cosmo-s3",
        )
        .into();
    let mut settings = SigningSettings::default();
    // S3 rules: no double encoding, no path normalisation; the hash header is set above.
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    settings.payload_checksum_kind = PayloadChecksumKind::NoHeader;
    let params: aws_sigv4::http_request::SigningParams<'_> =
        aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region(region)
            .name("s3")
            .time(SystemTime::now())
            .settings(settings)
            .build()
            .map_err(|e| format!("signing parameters: {e}"))?
            .into();
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .filter(|(name, _)| *name != "user-agent")
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                v.to_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let signable = SignableRequest::new(
        method,
        url,
        headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
        SignableBody::Precomputed(EMPTY_SHA256.to_string()),
    )
    .map_err(|e| format!("signing: {e}"))?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(|e| format!("signing: {e}"))?
        .into_parts();
    instructions.apply_to_request_http1x(&mut request);
    Ok((request.clone(), signed_header_names(&request)))
}

/// The `SignedHeaders=` list of the Authorization header (names only, never the signature).
fn signed_header_names<B>(request: &http::Request<B>) -> Vec<String> {
    request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|auth| auth.split("SignedHeaders=").nth(1))
        .and_then(|rest| rest.split(',').next())
        .map(|list| list.split(';').map(str::to_string).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_request_lists_minio_go_headers_and_token() {
        let keys = StaticKeys {
            access_key: "ASIAEXAMPLE000000000".to_string(),
            secret_key: "not-a-real-secret".to_string(),
            session_token: Some("tok".to_string()),
        };
        let (request, names) = build(
            "http://127.0.0.1:9000/cosmo/",
            "HEAD",
            "eu-west-1",
            Some(&keys),
        )
        .expect("build");
        assert_eq!(
            names,
            [
                "host",
                "x-amz-content-sha256",
                "x-amz-date",
                "x-amz-security-token"
            ]
        );
        let auth = request.headers()["authorization"].to_str().expect("ascii");
        assert!(
            auth.starts_with("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE000000000/"),
            "{auth}"
        );
        assert!(auth.contains("/eu-west-1/s3/aws4_request"), "{auth}");
        assert_eq!(request.headers()["host"], "127.0.0.1:9000");
    }

    #[test]
    fn anonymous_request_is_unsigned() {
        let (request, names) =
            build("http://127.0.0.1:9000/cosmo/", "HEAD", "us-east-1", None).expect("build");
        assert!(names.is_empty());
        assert!(request.headers().get("authorization").is_none());
    }
}
