//! The endpoint family on controlplane and cdn env files.

use super::testing::Fixture;
use super::*;
use crate::rules::Applicability;

fn run(kind: Kind, text: &str) -> (Fixture, Vec<Diagnostic>) {
    let f = Fixture::new(kind, text);
    let mut out = Vec::new();
    check(&f.ctx(), &mut out);
    (f, out)
}

fn rows(kind: Kind, text: &str) -> Vec<(String, String, String)> {
    let (f, out) = run(kind, text);
    f.summary(&out)
}

fn row(code: &str, severity: &str, span: &str) -> (String, String, String) {
    (code.to_string(), severity.to_string(), span.to_string())
}

const KEYS: &str = "S3_ACCESS_KEY_ID=minio-user\nS3_SECRET_ACCESS_KEY=EXAMPLESECRETKEY0000\n";

#[test]
fn region_auto_on_aws_names_the_hosts_region() {
    let text = "S3_STORAGE_URL=https://s3.us-east-1.amazonaws.com/example-bucket\nS3_REGION=auto\nS3_FORCE_PATH_STYLE=true\n";
    let (f, out) = run(Kind::Controlplane, text);
    assert_eq!(f.summary(&out), [row("CS306", "error", "auto")]);
    assert!(out[0].help.as_deref().unwrap().contains("us-east-1"));
    assert_eq!(out[0].pointer, "/S3_REGION");
    assert!(f.fixed(&out[0]).contains("S3_REGION=us-east-1\n"));

    // Unset: the controlplane's default `auto`; the fix adds the variable after the URL.
    let text = "S3_STORAGE_URL=https://s3.eu-west-1.amazonaws.com/b-1\n";
    let (f, out) = run(Kind::Controlplane, text);
    assert_eq!(
        f.summary(&out),
        [row(
            "CS306",
            "error",
            "https://s3.eu-west-1.amazonaws.com/b-1"
        )]
    );
    assert_eq!(
        f.fixed(&out[0]),
        "S3_STORAGE_URL=https://s3.eu-west-1.amazonaws.com/b-1\nS3_REGION=eu-west-1\n"
    );
    // The cdn's default `default` on the global host: no region to name, no fix.
    let (f, out) = run(Kind::Cdn, "S3_STORAGE_URL=https://b-1.s3.amazonaws.com\n");
    assert_eq!(
        f.summary(&out),
        [row("CS306", "error", "https://b-1.s3.amazonaws.com")]
    );
    assert!(out[0].fix.is_none());
    // Not AWS: `auto` is what R2 wants.
    assert_eq!(
        rows(
            Kind::Controlplane,
            "S3_STORAGE_URL=https://acc.r2.cloudflarestorage.com/b-1\nS3_REGION=auto\n"
        ),
        []
    );
}

#[test]
fn region_mismatch_and_empty_region() {
    let text = "S3_STORAGE_URL=https://b-1.s3.eu-west-1.amazonaws.com\nS3_REGION=\"us-east-1\"\n";
    let (f, out) = run(Kind::Cdn, text);
    assert_eq!(f.summary(&out), [row("CS307", "error", "\"us-east-1\"")]);
    assert_eq!(
        out[0].fix.as_ref().unwrap().applicability,
        Applicability::Unsafe
    );
    assert!(f.fixed(&out[0]).contains("S3_REGION=\"eu-west-1\""));

    let text = "S3_STORAGE_URL=https://s3.us-east-1.amazonaws.com/b-1\nS3_REGION=\n";
    assert_eq!(rows(Kind::Controlplane, text), [row("CS312", "error", "")]);
    let text = "S3_STORAGE_URL=http://minio:9000/cosmo?region=\nS3_FORCE_PATH_STYLE=true\n";
    assert_eq!(
        rows(Kind::Cdn, text),
        [row("CS312", "error", "http://minio:9000/cosmo?region=")]
    );
    // The query wins over an empty S3_REGION on the cdn.
    let text = "S3_STORAGE_URL=http://minio:9000/cosmo?region=us-east-1\nS3_REGION=\nS3_FORCE_PATH_STYLE=true\n";
    assert_eq!(rows(Kind::Cdn, text), []);
    // An empty failover region counts only with a failover URL.
    let failover =
        "S3_STORAGE_URL=http://minio:9000/cosmo\nS3_REGION=us-east-1\nS3_FAILOVER_REGION=\n";
    assert_eq!(rows(Kind::Controlplane, failover), []);
    let with_url = format!("{failover}S3_FAILOVER_STORAGE_URL=http://minio2:9000/cosmo\n");
    assert_eq!(
        rows(Kind::Controlplane, &with_url),
        [row("CS312", "error", "")]
    );
}

#[test]
fn addressing_style() {
    // The cdn's default is off: `cosmo.minio:9000`.
    let text = format!("S3_STORAGE_URL=http://minio:9000/cosmo\nS3_REGION=us-east-1\n{KEYS}");
    let (f, out) = run(Kind::Cdn, &text);
    assert_eq!(
        f.summary(&out),
        [row("CS308", "error", "http://minio:9000/cosmo")]
    );
    assert!(out[0].message.contains("cosmo.minio"));
    assert!(
        f.fixed(&out[0])
            .starts_with("S3_STORAGE_URL=http://minio:9000/cosmo\nS3_FORCE_PATH_STYLE=true\n")
    );
    // More than two labels, path style off: the first label is the bucket.
    let text = "S3_STORAGE_URL=http://minio.east.example.internal/b-1\nS3_REGION=us-east-1\nS3_FORCE_PATH_STYLE=false\n";
    let (f, out) = run(Kind::Cdn, text);
    assert_eq!(f.summary(&out)[0].0, "CS308");
    assert!(out[0].message.contains("`minio`"));
    assert!(f.fixed(&out[0]).contains("S3_FORCE_PATH_STYLE=true\n"));
    // A virtual-host URL with the controlplane's default path style: empty bucket, not CS305.
    let text = "S3_STORAGE_URL=https://b-1.s3.us-east-1.amazonaws.com\nS3_REGION=us-east-1\n";
    let (f, out) = run(Kind::Controlplane, text);
    assert_eq!(
        f.summary(&out),
        [row(
            "CS308",
            "error",
            "https://b-1.s3.us-east-1.amazonaws.com"
        )]
    );
    assert!(
        f.fixed(&out[0])
            .contains("amazonaws.com\nS3_FORCE_PATH_STYLE=false\nS3_REGION")
    );
    // Right: virtual host with path style off; path URL with it on.
    let ok = "S3_STORAGE_URL=https://b-1.s3.us-east-1.amazonaws.com\nS3_REGION=us-east-1\nS3_FORCE_PATH_STYLE=false\n";
    assert_eq!(rows(Kind::Cdn, ok), []);
    // An explicit AWS endpoint takes `bucket.host` rightly.
    let text = "S3_STORAGE_URL=http://x/b-1\nS3_ENDPOINT=https://s3.eu-west-1.amazonaws.com\nS3_REGION=eu-west-1\n";
    assert_eq!(rows(Kind::Cdn, text), []);
}

#[test]
fn bucket_from_the_url_path() {
    let text = format!(
        "S3_STORAGE_URL=http://minio:9000/cosmo/configs\nS3_REGION=us-east-1\nS3_FORCE_PATH_STYLE=true\n{KEYS}"
    );
    let (f, out) = run(Kind::Controlplane, &text);
    assert_eq!(
        f.summary(&out),
        [row("CS305", "error", "http://minio:9000/cosmo/configs")]
    );
    assert!(out[0].message.contains("`cosmo/configs`"));
}

#[test]
fn query_params_and_booleans() {
    let text = format!(
        "S3_STORAGE_URL=http://minio:9000/cosmo?region=us-east-1&endpoint=http://x\nS3_FORCE_PATH_STYLE=true\n{KEYS}S3_USE_INDIVIDUAL_DELETES=yes\nS3_FAILOVER_FORCE_PATH_STYLE=\n"
    );
    let (f, out) = run(Kind::Controlplane, &text);
    assert_eq!(
        f.summary(&out),
        [
            row(
                "CS309",
                "warning",
                "http://minio:9000/cosmo?region=us-east-1&endpoint=http://x"
            ),
            row("CS310", "warning", "yes"),
            row("CS310", "warning", ""),
        ]
    );
    assert!(
        f.fixed(&out[0])
            .starts_with("S3_STORAGE_URL=http://minio:9000/cosmo\n")
    );
    assert!(out[2].message.contains("auto-detect"));
    // The cdn reads the query, and has no individual deletes. `True` is false, so the
    // path-style URL is also addressed wrongly (CS308 reports what that does).
    let cdn = "S3_STORAGE_URL=http://minio:9000/cosmo?region=us-east-1\nS3_FORCE_PATH_STYLE=True\nS3_USE_INDIVIDUAL_DELETES=1\n";
    assert_eq!(
        rows(Kind::Cdn, cdn),
        [
            row("CS308", "error", "http://minio:9000/cosmo?region=us-east-1"),
            row("CS310", "warning", "True")
        ]
    );
}

#[test]
fn components_compare_bucket_and_aws_region() {
    let cp = Fixture::new(
        Kind::Controlplane,
        "S3_STORAGE_URL=https://s3.amazonaws.com/cosmo-config\nS3_REGION=eu-west-1\n",
    );
    let cdn = Fixture::new(
        Kind::Cdn,
        "S3_STORAGE_URL=https://cosmo-config.s3.amazonaws.com\nS3_REGION=us-east-1\n",
    );
    let (a, b) = components_disagree(&cp.ctx(), &cdn.ctx());
    assert_eq!(cp.summary(&a), [row("CS311", "error", "eu-west-1")]);
    assert_eq!(cdn.summary(&b), [row("CS311", "error", "us-east-1")]);

    let cdn = Fixture::new(
        Kind::Cdn,
        "S3_STORAGE_URL=http://minio.internal:9000/other\nS3_FORCE_PATH_STYLE=true\n",
    );
    let cp = Fixture::new(
        Kind::Controlplane,
        "S3_STORAGE_URL=http://minio:9000/cosmo\n",
    );
    let (a, b) = components_disagree(&cp.ctx(), &cdn.ctx());
    assert_eq!(
        cp.summary(&a),
        [row("CS311", "error", "http://minio:9000/cosmo")]
    );
    assert!(b[0].message.contains("`other`"));
    // Regions are compared only on AWS.
    let cdn = Fixture::new(
        Kind::Cdn,
        "S3_STORAGE_URL=http://minio.internal:9000/cosmo\nS3_FORCE_PATH_STYLE=true\nS3_REGION=eu-west-1\n",
    );
    let (a, b) = components_disagree(&cp.ctx(), &cdn.ctx());
    assert!(a.is_empty() && b.is_empty());
}
