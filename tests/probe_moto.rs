#![allow(clippy::unwrap_used)]
//! Probe against a real S3 implementation with signature checking: moto 5.2.5 in server mode,
//! auth enforced, started on 127.0.0.1 by this test (needs `scripts/test-env`).
//! moto's limits (no 403 for unsigned requests, no expiry, no region check) are covered by the
//! S3 stub in probe_mocks.rs.

mod support;

use cosmo_s3::probe::{Class, ProbeOptions, ProbeReport, run};
use cosmo_s3::resolve::{Component, Resolved};
use std::time::Duration;
use support::moto::Moto;
use support::{hermetic_env, keys, node_client, router_client};

fn verdict(report: &ProbeReport) -> (Class, Option<Class>) {
    let r = report.probes[0].result.as_ref().expect("a result");
    (r.class, r.alternative)
}

#[test]
fn moto_answers_are_classified_for_router_and_node() {
    let Some(moto) = Moto::start() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let env = hermetic_env(dir.path());
    let options = ProbeOptions {
        timeout: Duration::from_secs(10),
        ..ProbeOptions::default()
    };
    let c = &moto.creds;
    let endpoint = moto.endpoint();

    // (case, bucket, region, keys, expected class, expected alternative)
    let cases = [
        (
            "good key",
            "probe-us",
            "us-east-1",
            keys(&c.key, &c.secret, None),
            Class::Ok,
            None,
        ),
        (
            "eu bucket",
            "probe-eu",
            "eu-west-1",
            keys(&c.key, &c.secret, None),
            Class::Ok,
            None,
        ),
        (
            "missing bucket",
            "probe-none",
            "us-east-1",
            keys(&c.key, &c.secret, None),
            Class::BucketMissing,
            None,
        ),
        (
            "unknown key",
            "probe-us",
            "us-east-1",
            keys("AKIAUNKNOWNEXAMPLE00", &c.secret, None),
            Class::UnknownKeyId,
            None,
        ),
        (
            "bad secret",
            "probe-us",
            "us-east-1",
            keys(&c.key, "wrong-secret-value", None),
            Class::BadSignature,
            None,
        ),
        (
            "session credentials",
            "probe-us",
            "us-east-1",
            keys(&c.role_key, &c.role_secret, Some(&c.role_token)),
            Class::Ok,
            None,
        ),
        (
            "token required",
            "probe-us",
            "us-east-1",
            keys(&c.role_key, &c.role_secret, None),
            Class::TokenMissing,
            Some(Class::UnknownKeyId),
        ),
        (
            "wrong token",
            "probe-us",
            "us-east-1",
            keys(&c.role_key, &c.role_secret, Some("not-the-token")),
            Class::InvalidToken,
            None,
        ),
    ];

    for (case, bucket, region, k, class, alternative) in cases {
        let clients: [Resolved; 2] = [
            router_client(&endpoint, bucket, Some(region), Some(k.clone())),
            node_client(
                Component::Controlplane,
                &endpoint,
                bucket,
                region,
                Some(k.clone()),
            ),
        ];
        for client in clients {
            let component = client.client.component;
            let report = run(&options, &env, &[client]);
            assert_eq!(
                verdict(&report),
                (class, alternative),
                "{case} ({component:?})"
            );
            let expected_exit = if class == Class::Ok { 0 } else { 1 };
            assert_eq!(report.exit_code, expected_exit, "{case} ({component:?})");
            let json = serde_json::to_string(&report).expect("json");
            assert!(!json.contains(&k.secret_key), "secret in JSON ({case})");
        }
    }

    // The router with an empty region asks the bucket's location first, as minio-go does.
    let report = run(
        &options,
        &env,
        &[router_client(
            &endpoint,
            "probe-eu",
            None,
            Some(keys(&c.key, &c.secret, None)),
        )],
    );
    assert_eq!(verdict(&report).0, Class::Ok);
    let request = report.probes[0].request.as_ref().expect("request");
    assert_eq!(request.signing_region.as_deref(), Some("eu-west-1"));
}
