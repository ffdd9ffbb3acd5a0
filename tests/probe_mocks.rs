#![allow(clippy::unwrap_used)]
//! Probe against loopback mocks: an S3 stub answering real S3 error documents, and credential
//! endpoints (IMDSv2, container, STS web identity) for every chain branch.

mod support;

use cosmo_s3::probe::{Class, ProbeEnv, ProbeOptions, ProbeReport, run};
use cosmo_s3::resolve::{Component, Resolved};
use cosmo_s3::rules::Target;
use std::time::Duration;
use support::{MockServer, Reply, hermetic_env, keys, node_client, router_client, s3_error};

const ROLE_KEY: &str = "ASIAMOCKROLE00000000";
const ROLE_SECRET: &str = "mock-role-secret-value";
const ROLE_TOKEN: &str = "mock-role-session-token";

fn options() -> ProbeOptions {
    ProbeOptions {
        timeout: Duration::from_secs(5),
        ..ProbeOptions::default()
    }
}

fn probe(options: &ProbeOptions, env: &ProbeEnv, client: Resolved) -> ProbeReport {
    let report = run(options, env, &[client]);
    let json = serde_json::to_string(&report).expect("json");
    for secret in [ROLE_SECRET, ROLE_TOKEN, "stub-secret", "stub-token"] {
        assert!(!json.contains(secret), "a secret reached the JSON report");
        assert!(!cosmo_s3::probe::render_human(&report).contains(secret));
    }
    report
}

fn class(report: &ProbeReport) -> Class {
    report.probes[0].result.as_ref().expect("a result").class
}

/// An S3 stub: HEAD answers `head`, `GET /?location` answers `get`.
fn s3_stub(head: Reply, get: Reply) -> MockServer {
    MockServer::start(move |req| {
        if req.method == "HEAD" {
            head.clone()
        } else {
            get.clone()
        }
    })
}

fn creds_json() -> String {
    format!(
        r#"{{"Code":"Success","AccessKeyId":"{ROLE_KEY}","SecretAccessKey":"{ROLE_SECRET}","Token":"{ROLE_TOKEN}","Expiration":"2099-01-01T00:00:00Z"}}"#
    )
}

#[test]
fn anonymous_router_request_denied() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s3 = s3_stub(
        Reply::new(403, ""),
        Reply::new(403, &s3_error("AccessDenied", "Access Denied")),
    );
    let env = hermetic_env(dir.path()).overlay([("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEIGNORED00")]);
    let report = probe(
        &options(),
        &env,
        router_client(&s3.url(), "cosmo", Some("us-east-1"), None),
    );

    let p = &report.probes[0];
    assert_eq!(class(&report), Class::AnonymousDenied);
    assert_eq!(p.credentials.source.as_deref(), Some("anonymous"));
    assert_eq!(p.request.as_ref().map(|r| r.signed), Some(false));
    assert_eq!(p.reachable, Some(false));
    assert_eq!(report.exit_code, 1);
    assert!(p.notes.iter().any(|n| n.contains("AWS_ACCESS_KEY_ID")));
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("ignores AWS_EC2_METADATA_DISABLED"))
    );
    let seen = s3.requests();
    assert_eq!(seen.len(), 2, "HEAD plus one GET /?location");
    assert_eq!(
        (seen[0].method.as_str(), seen[0].target.as_str()),
        ("HEAD", "/cosmo/")
    );
    assert_eq!(seen[1].target, "/cosmo/?location=");
    assert!(seen[0].header("authorization").is_none());
}

#[test]
fn expired_token_read_from_the_error_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s3 = s3_stub(
        Reply::new(400, ""),
        Reply::new(
            400,
            &s3_error("ExpiredToken", "The provided token has expired."),
        ),
    );
    let client = router_client(
        &s3.url(),
        "cosmo",
        Some("us-east-1"),
        Some(keys(
            "ASIASTUB000000000000",
            "stub-secret",
            Some("stub-token"),
        )),
    );
    let report = probe(&options(), &hermetic_env(dir.path()), client);
    assert_eq!(class(&report), Class::ExpiredToken);
    assert_eq!(
        report.probes[0]
            .result
            .as_ref()
            .and_then(|r| r.code.as_deref()),
        Some("ExpiredToken")
    );
    let head = &s3.requests()[0];
    assert_eq!(head.header("x-amz-security-token"), Some("stub-token"));
    assert!(head.header("authorization").is_some_and(|a| {
        a.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token")
    }));
}

#[test]
fn permanent_redirect_names_the_region() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s3 = s3_stub(
        Reply::new(301, "").header("x-amz-bucket-region", "eu-central-1"),
        Reply::new(
            301,
            &s3_error("PermanentRedirect", "use the right endpoint"),
        ),
    );
    let client = router_client(
        &s3.url(),
        "cosmo",
        Some("us-east-1"),
        Some(keys("AKIAEXAMPLESTUB00000", "stub-secret", None)),
    );
    let report = probe(&options(), &hermetic_env(dir.path()), client);
    let result = report.probes[0].result.as_ref().expect("result");
    assert_eq!(
        (result.class, result.region.as_deref()),
        (Class::WrongRegion, Some("eu-central-1"))
    );
    assert!(result.advice.contains("eu-central-1"));
    assert_eq!(s3.requests().len(), 1, "no follow-up GET after a 301");
}

#[test]
fn node_authorization_header_malformed_through_the_sdk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s3 = s3_stub(
        Reply::new(400, "").header("x-amz-bucket-region", "eu-west-1"),
        Reply::new(
            400,
            &s3_error(
                "AuthorizationHeaderMalformed",
                "the region 'auto' is wrong; expecting 'eu-west-1'",
            ),
        )
        .header("x-amz-bucket-region", "eu-west-1"),
    );
    let client = node_client(
        Component::Cdn,
        &s3.url(),
        "cosmo",
        "auto",
        Some(keys("AKIAEXAMPLESTUB00000", "stub-secret", None)),
    );
    let report = probe(&options(), &hermetic_env(dir.path()), client);
    let result = report.probes[0].result.as_ref().expect("result");
    assert_eq!(result.class, Class::WrongRegion);
    assert_eq!(result.region.as_deref(), Some("eu-west-1"));
    assert_eq!(result.code.as_deref(), Some("AuthorizationHeaderMalformed"));
    let seen = s3.requests();
    assert_eq!(seen[0].method, "HEAD");
    assert_eq!(seen[0].target, "/cosmo/");
    assert!(
        seen[0]
            .header("authorization")
            .is_some_and(|a| a.contains("/auto/s3/aws4_request"))
    );
}

#[test]
fn router_imds_v2_branch_signs_with_role_credentials() {
    let dir = tempfile::tempdir().expect("tempdir");
    let creds = creds_json();
    let server = MockServer::start(
        move |req| match (req.method.as_str(), req.target.as_str()) {
            ("PUT", "/latest/api/token") => Reply::new(200, "imds-session"),
            ("GET", "/latest/meta-data/iam/security-credentials/") => {
                Reply::new(200, "probe-role\n")
            }
            ("GET", "/latest/meta-data/iam/security-credentials/probe-role") => {
                Reply::new(200, &creds)
            }
            ("HEAD", "/cosmo/") => Reply::new(200, ""),
            _ => Reply::new(404, ""),
        },
    );
    let mut env =
        hermetic_env(dir.path()).overlay([("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url())]);
    env = env.overlay([("AWS_EC2_METADATA_DISABLED", "")]);
    let report = probe(
        &options(),
        &env,
        router_client(&server.url(), "cosmo", Some("us-east-1"), None),
    );
    let p = &report.probes[0];
    assert_eq!(class(&report), Class::Ok);
    assert_eq!(report.exit_code, 0);
    assert_eq!(
        (
            p.credentials.source.as_deref(),
            p.credentials.access_key_id_prefix.as_deref()
        ),
        (Some("imds"), Some("ASIA"))
    );
    let seen = server.requests();
    assert_eq!(
        seen[1].header("x-aws-ec2-metadata-token"),
        Some("imds-session")
    );
    assert_eq!(seen[3].header("x-amz-security-token"), Some(ROLE_TOKEN));
}

#[test]
fn router_imds_falls_back_to_v1_after_a_token_timeout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let creds = creds_json();
    let server = MockServer::start(
        move |req| match (req.method.as_str(), req.target.as_str()) {
            ("PUT", _) => Reply::new(200, "late").delayed(Duration::from_millis(1500)),
            ("GET", "/latest/meta-data/iam/security-credentials/") => Reply::new(200, "probe-role"),
            ("GET", "/latest/meta-data/iam/security-credentials/probe-role") => {
                Reply::new(200, &creds)
            }
            _ => Reply::new(200, ""),
        },
    );
    let env = hermetic_env(dir.path()).overlay([
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url()),
        ("AWS_EC2_METADATA_DISABLED", String::new()),
    ]);
    let report = probe(
        &options(),
        &env,
        router_client(&server.url(), "cosmo", Some("us-east-1"), None),
    );
    assert_eq!(report.probes[0].credentials.source.as_deref(), Some("imds"));
    let role_request = server
        .requests()
        .into_iter()
        .find(|r| r.target.ends_with("credentials/"))
        .expect("role request");
    assert_eq!(
        role_request.header("x-aws-ec2-metadata-token"),
        None,
        "IMDSv1 sends no token"
    );
}

#[test]
fn router_container_full_uri_and_pod_identity_token_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let creds = creds_json();
    let server = MockServer::start(move |req| match req.target.as_str() {
        "/creds" => Reply::new(200, &creds),
        _ => Reply::new(200, ""),
    });
    let full_uri = format!("{}/creds", server.url());
    let env = hermetic_env(dir.path()).overlay([
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full_uri),
        (
            "AWS_CONTAINER_AUTHORIZATION_TOKEN",
            "plain-auth".to_string(),
        ),
    ]);
    let report = probe(
        &options(),
        &env,
        router_client(&server.url(), "cosmo", Some("us-east-1"), None),
    );
    assert_eq!(
        report.probes[0].credentials.source.as_deref(),
        Some("container")
    );
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("plain-auth")
    );

    let token_file = dir.path().join("eks-token");
    std::fs::write(&token_file, "pod-identity-auth\n").expect("token file");
    let env = env.overlay([(
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
        token_file.display().to_string(),
    )]);
    let report = probe(
        &options(),
        &env,
        router_client(&server.url(), "cosmo", Some("us-east-1"), None),
    );
    assert_eq!(
        report.probes[0].credentials.source.as_deref(),
        Some("pod-identity")
    );
    assert_eq!(class(&report), Class::Ok);
    let last_creds = server
        .requests()
        .into_iter()
        .rfind(|r| r.target == "/creds")
        .expect("creds request");
    assert_eq!(
        last_creds.header("authorization"),
        Some("pod-identity-auth")
    );
}

#[test]
fn router_web_identity_asks_the_given_sts_endpoint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sts = MockServer::start(|req| {
        if req.method == "POST" && req.body.contains("Action=AssumeRoleWithWebIdentity") {
            Reply::new(
                200,
                &format!(
                    "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>{ROLE_KEY}</AccessKeyId><SecretAccessKey>{ROLE_SECRET}</SecretAccessKey><SessionToken>{ROLE_TOKEN}</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>"
                ),
            )
        } else {
            Reply::new(400, &s3_error("InvalidAction", "no"))
        }
    });
    let s3 = s3_stub(
        Reply::new(404, ""),
        Reply::new(404, &s3_error("NoSuchBucket", "none")),
    );
    let token = dir.path().join("web-token");
    std::fs::write(&token, "jwt-from-the-cluster").expect("token");
    let env = hermetic_env(dir.path()).overlay([
        ("AWS_WEB_IDENTITY_TOKEN_FILE", token.display().to_string()),
        (
            "AWS_ROLE_ARN",
            "arn:aws:iam::123456789012:role/cosmo".to_string(),
        ),
    ]);
    let options = ProbeOptions {
        sts_endpoint: Some(sts.url()),
        ..options()
    };
    let report = probe(
        &options,
        &env,
        router_client(&s3.url(), "cosmo", Some("us-east-1"), None),
    );
    assert_eq!(
        report.probes[0].credentials.source.as_deref(),
        Some("web-identity")
    );
    assert_eq!(class(&report), Class::BucketMissing);
    let body = &sts.requests()[0].body;
    assert!(
        body.contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fcosmo"),
        "{body}"
    );
    assert!(body.contains("WebIdentityToken=jwt-from-the-cluster"));
}

#[test]
fn node_default_chain_uses_the_container_endpoint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let creds = creds_json();
    let server = MockServer::start(move |req| match req.target.as_str() {
        "/creds" => Reply::new(200, &creds),
        _ => Reply::new(200, ""),
    });
    let env = hermetic_env(dir.path()).overlay([(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        format!("{}/creds", server.url()),
    )]);
    let client = node_client(
        Component::Controlplane,
        &server.url(),
        "cosmo",
        "us-east-1",
        None,
    );
    let report = probe(&options(), &env, client);
    let p = &report.probes[0];
    assert_eq!(p.credentials.chain, "node-default");
    assert_eq!(p.credentials.source.as_deref(), Some("container"));
    assert_eq!(class(&report), Class::Ok);
    let head = server
        .requests()
        .into_iter()
        .find(|r| r.method == "HEAD")
        .expect("HEAD");
    assert_eq!(head.header("x-amz-security-token"), Some(ROLE_TOKEN));
}

#[test]
fn dry_run_sends_nothing_and_describes_the_request() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = MockServer::start(|_| Reply::new(200, ""));
    let env = hermetic_env(dir.path()).overlay([
        (
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            format!("{}/creds", server.url()),
        ),
        ("AWS_EC2_METADATA_DISABLED", String::new()),
    ]);
    let options = ProbeOptions {
        dry_run: true,
        ..options()
    };
    let clients = [
        router_client(&server.url(), "cosmo", None, None),
        node_client(
            Component::Cdn,
            &server.url(),
            "cosmo",
            "us-east-1",
            Some(keys("AKIAEXAMPLESTUB00000", "stub-secret", None)),
        ),
    ];
    let report = run(&options, &env, &clients);
    assert!(server.requests().is_empty(), "a dry run sent a request");
    assert_eq!(report.exit_code, 0);
    let router = &report.probes[0];
    assert_eq!(router.credentials.source.as_deref(), Some("container"));
    let request = router.request.as_ref().expect("request");
    assert_eq!(request.url, format!("{}/cosmo/", server.url()));
    assert_eq!((request.addressing, request.token_attached), ("path", true));
    assert!(router.notes.iter().any(|n| n.contains("GET /?location")));
    let node = &report.probes[1];
    assert_eq!(node.credentials.source.as_deref(), Some("static"));
    assert!(!node.sent && node.reachable.is_none());
}

#[test]
fn offline_refuses_network_sources_and_uses_env_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s3 = s3_stub(Reply::new(200, ""), Reply::new(200, ""));
    let options = ProbeOptions {
        offline: true,
        ..options()
    };
    let token = dir.path().join("t");
    std::fs::write(&token, "jwt").expect("token");
    let env = hermetic_env(dir.path())
        .overlay([("AWS_WEB_IDENTITY_TOKEN_FILE", token.display().to_string())]);
    let report = probe(
        &options,
        &env,
        router_client(&s3.url(), "cosmo", Some("us-east-1"), None),
    );
    assert_eq!(report.exit_code, 2);
    assert!(
        report.probes[0]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("web-identity"))
    );
    assert!(s3.requests().is_empty());

    let env = hermetic_env(dir.path()).overlay([
        ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEENVKEY000"),
        ("AWS_SECRET_ACCESS_KEY", "stub-secret"),
    ]);
    let report = probe(
        &options,
        &env,
        node_client(Component::Cdn, &s3.url(), "cosmo", "us-east-1", None),
    );
    assert_eq!(report.probes[0].credentials.source.as_deref(), Some("env"));
    assert_eq!(class(&report), Class::Ok);
}

#[test]
fn legacy_node_refuses_empty_keys_without_sending() {
    let dir = tempfile::tempdir().expect("tempdir");
    let s3 = s3_stub(Reply::new(200, ""), Reply::new(200, ""));
    let options = ProbeOptions {
        target: Target::Legacy,
        ..options()
    };
    let report = probe(
        &options,
        &hermetic_env(dir.path()),
        node_client(
            Component::Controlplane,
            &s3.url(),
            "cosmo",
            "us-east-1",
            None,
        ),
    );
    assert_eq!(class(&report), Class::NoCredentials);
    assert_eq!(report.exit_code, 1);
    assert!(s3.requests().is_empty());
}

#[test]
fn timeout_and_refused_connection() {
    let dir = tempfile::tempdir().expect("tempdir");
    let slow = s3_stub(
        Reply::new(200, "").delayed(Duration::from_secs(3)),
        Reply::new(200, ""),
    );
    let options = ProbeOptions {
        timeout: Duration::from_millis(400),
        ..options()
    };
    let k = || Some(keys("AKIAEXAMPLESTUB00000", "stub-secret", None));
    let started = std::time::Instant::now();
    let report = probe(
        &options,
        &hermetic_env(dir.path()),
        router_client(&slow.url(), "cosmo", Some("us-east-1"), k()),
    );
    assert_eq!(class(&report), Class::Timeout);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the deadline was not kept"
    );

    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr");
    let url = format!("http://{closed}");
    let report = probe(
        &ProbeOptions::default(),
        &hermetic_env(dir.path()),
        router_client(&url, "cosmo", Some("us-east-1"), k()),
    );
    assert_eq!(class(&report), Class::Connection);
    let report = probe(
        &ProbeOptions::default(),
        &hermetic_env(dir.path()),
        node_client(Component::Cdn, &url, "cosmo", "us-east-1", k()),
    );
    assert_eq!(class(&report), Class::Connection);
}

/// The STS mock of the web-identity tests: AssumeRoleWithWebIdentity answers the role's
/// temporary credentials.
fn sts_mock() -> MockServer {
    MockServer::start(|req| {
        if req.method == "POST" && req.body.contains("Action=AssumeRoleWithWebIdentity") {
            Reply::new(
                200,
                &format!(
                    "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>{ROLE_KEY}</AccessKeyId><SecretAccessKey>{ROLE_SECRET}</SecretAccessKey><SessionToken>{ROLE_TOKEN}</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>"
                ),
            )
        } else {
            Reply::new(400, &s3_error("InvalidAction", "no"))
        }
    })
}

#[test]
fn node_default_chain_web_identity_asks_the_given_sts_endpoint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sts = sts_mock();
    let s3 = s3_stub(Reply::new(200, ""), Reply::new(200, ""));
    let token = dir.path().join("web-token");
    std::fs::write(&token, "jwt-from-the-cluster").expect("token");
    let env = hermetic_env(dir.path()).overlay([
        ("AWS_WEB_IDENTITY_TOKEN_FILE", token.display().to_string()),
        (
            "AWS_ROLE_ARN",
            "arn:aws:iam::123456789012:role/cosmo".to_string(),
        ),
    ]);
    let options = ProbeOptions {
        sts_endpoint: Some(sts.url()),
        ..options()
    };
    let client = node_client(Component::Cdn, &s3.url(), "cosmo", "eu-central-1", None);
    let report = probe(&options, &env, client);
    let p = &report.probes[0];
    assert_eq!(
        (p.credentials.chain, p.credentials.source.as_deref()),
        ("node-default", Some("web-identity"))
    );
    assert_eq!(class(&report), Class::Ok);
    let body = &sts.requests()[0].body;
    assert!(
        body.contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fcosmo"),
        "{body}"
    );
    assert!(
        body.contains("WebIdentityToken=jwt-from-the-cluster"),
        "{body}"
    );
    let head = &s3.requests()[0];
    assert_eq!(head.method, "HEAD");
    assert_eq!(head.header("x-amz-security-token"), Some(ROLE_TOKEN));
    assert!(
        head.header("authorization")
            .is_some_and(|a| a.contains(&format!("Credential={ROLE_KEY}/"))
                && a.contains("/eu-central-1/s3/aws4_request")),
        "{:?}",
        head.header("authorization")
    );
}

/// The IMDS mock: IMDSv2 token, role name, role credentials (the extended and the classic
/// paths, whichever the SDK asks).
fn imds_mock() -> MockServer {
    let creds = creds_json();
    MockServer::start(move |req| {
        let target = req.target.trim_end_matches('/');
        match (req.method.as_str(), target) {
            // Real IMDS names the token's lifetime; the AWS SDKs refuse a token without it.
            ("PUT", "/latest/api/token") => Reply::new(200, "imds-session")
                .header("x-aws-ec2-metadata-token-ttl-seconds", "21600"),
            _ if req.header("x-aws-ec2-metadata-token") != Some("imds-session") => {
                Reply::new(401, "")
            }
            (
                "GET",
                "/latest/meta-data/iam/security-credentials"
                | "/latest/meta-data/iam/security-credentials-extended",
            ) => Reply::new(200, "probe-role"),
            (
                "GET",
                "/latest/meta-data/iam/security-credentials/probe-role"
                | "/latest/meta-data/iam/security-credentials-extended/probe-role",
            ) => Reply::new(200, &creds),
            _ => Reply::new(404, ""),
        }
    })
}

#[test]
fn node_default_chain_imds_v2_branch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let imds = imds_mock();
    let s3 = s3_stub(
        Reply::new(404, ""),
        Reply::new(404, &s3_error("NoSuchBucket", "none")),
    );
    let env = hermetic_env(dir.path()).overlay([
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()),
        ("AWS_EC2_METADATA_DISABLED", String::new()),
    ]);
    let client = node_client(
        Component::Controlplane,
        &s3.url(),
        "cosmo",
        "us-east-1",
        None,
    );
    let report = probe(&options(), &env, client);
    let p = &report.probes[0];
    assert_eq!(p.credentials.source.as_deref(), Some("imds"));
    assert_eq!(p.credentials.access_key_id_prefix.as_deref(), Some("ASIA"));
    assert_eq!(class(&report), Class::BucketMissing);
    assert_eq!(report.exit_code, 1);
    let seen = imds.requests();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].target.as_str()),
        ("PUT", "/latest/api/token")
    );
    assert!(seen.len() >= 3, "{} IMDS requests", seen.len());
    let head = s3
        .requests()
        .into_iter()
        .find(|r| r.method == "HEAD")
        .expect("HEAD");
    assert_eq!(head.header("x-amz-security-token"), Some(ROLE_TOKEN));
}

#[test]
fn node_default_chain_ecs_relative_uri_through_the_test_hook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let creds = creds_json();
    let ecs = MockServer::start(move |req| match req.target.as_str() {
        "/v2/credentials/task-role" => Reply::new(200, &creds),
        _ => Reply::new(404, ""),
    });
    let s3 = s3_stub(Reply::new(200, ""), Reply::new(200, ""));
    let env = hermetic_env(dir.path()).overlay([(
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "/v2/credentials/task-role",
    )]);
    let options = ProbeOptions {
        container_host: Some(ecs.addr),
        ..options()
    };
    let client = node_client(Component::Cdn, &s3.url(), "cosmo", "us-east-1", None);
    let report = probe(&options, &env, client);
    assert_eq!(
        report.probes[0].credentials.source.as_deref(),
        Some("container")
    );
    assert_eq!(class(&report), Class::Ok);
    assert_eq!(ecs.requests().len(), 1);
    assert_eq!(
        s3.requests()[0].header("x-amz-security-token"),
        Some(ROLE_TOKEN)
    );
}

#[test]
fn router_ecs_relative_uri_through_the_test_hook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let creds = creds_json();
    let ecs = MockServer::start(move |req| match req.target.as_str() {
        "/v2/credentials/task-role" => Reply::new(200, &creds),
        "/cosmo/" => Reply::new(200, ""),
        _ => Reply::new(404, ""),
    });
    let env = hermetic_env(dir.path()).overlay([
        (
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "/v2/credentials/task-role",
        ),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ecs-auth"),
    ]);
    let options = ProbeOptions {
        container_host: Some(ecs.addr),
        ..options()
    };
    let report = probe(
        &options,
        &env,
        router_client(&ecs.url(), "cosmo", Some("us-east-1"), None),
    );
    assert_eq!(report.probes[0].credentials.source.as_deref(), Some("ecs"));
    assert_eq!(class(&report), Class::Ok);
    let seen = ecs.requests();
    assert_eq!(seen[0].target, "/v2/credentials/task-role");
    assert_eq!(seen[0].header("authorization"), Some("ecs-auth"));
    assert_eq!(seen[1].header("x-amz-security-token"), Some(ROLE_TOKEN));
}

#[test]
fn container_host_hook_ignores_addresses_that_are_not_loopback() {
    let options = ProbeOptions {
        container_host: "192.0.2.1:80".parse().ok(),
        ..options()
    };
    assert_eq!(options.loopback_container_host(), None);
    let options = ProbeOptions {
        container_host: "[::1]:80".parse().ok(),
        ..options
    };
    assert_eq!(options.loopback_container_host(), "[::1]:80".parse().ok());
}
