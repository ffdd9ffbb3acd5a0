use super::*;
use crate::rules::endpoint::testing::Fixture;

fn run(text: &str) -> Vec<(String, String, String)> {
    let f = Fixture::new(Kind::Router, text);
    let mut out = Vec::new();
    check(&f.ctx(), &mut out);
    f.summary(&out)
}

fn row(code: &str, severity: &str, span: &str) -> (String, String, String) {
    (code.to_string(), severity.to_string(), span.to_string())
}

const S3: &str =
    "storage_providers:\n  s3:\n    - id: minio\n      endpoint: minio:9000\n      bucket: cosmo\n";

#[test]
fn distance_counts_a_swap_once() {
    assert_eq!(distance("minoi", "minio"), 1);
    assert_eq!(distance("minio", "minio"), 0);
    assert_eq!(nearest("minoi", &["minio", "other"]), Some("minio"));
    assert_eq!(nearest("zzz", &["minio"]), None);
}

#[test]
fn unknown_provider_severity_follows_the_feature() {
    let exec = format!("{S3}execution_config:\n  storage:\n    provider_id: minoi\n");
    let f = Fixture::new(Kind::Router, &exec);
    let mut out = Vec::new();
    check(&f.ctx(), &mut out);
    assert_eq!(f.summary(&out), [row("CS401", "error", "minoi")]);
    assert_eq!(out[0].help.as_deref(), Some("did you mean `minio`?"));

    // Persisted operations: an error only with a graph token.
    let persisted = |token: &str| {
        run(&format!(
            "{S3}{token}execution_config:\n  storage:\n    provider_id: minio\npersisted_operations:\n  storage:\n    provider_id: \"ops\"\n"
        ))
    };
    assert_eq!(persisted(""), [row("CS401", "warning", "\"ops\"")]);
    assert_eq!(
        persisted("graph:\n  token: ${GRAPH_API_TOKEN}\n"),
        [row("CS401", "error", "\"ops\"")]
    );
    // With --env-file, the token comes from there.
    let text = format!(
        "{S3}execution_config:\n  storage:\n    provider_id: minio\npersisted_operations:\n  storage:\n    provider_id: ops\n"
    );
    let f = Fixture::with_env(Kind::Router, &text, Some(&[("GRAPH_API_TOKEN", "t")]));
    let mut out = Vec::new();
    check(&f.ctx(), &mut out);
    assert_eq!(f.summary(&out), [row("CS401", "error", "ops")]);
    let disabled = format!("{text}  disabled: true\n");
    assert_eq!(run(&disabled), []);
}

#[test]
fn features_that_are_off_or_static_look_nothing_up() {
    let apq = |enabled: &str| {
        run(&format!(
            "{S3}execution_config:\n  storage:\n    provider_id: minio\nautomatic_persisted_queries:\n  enabled: {enabled}\n  storage:\n    provider_id: redis\n"
        ))
    };
    assert_eq!(apq("true"), [row("CS401", "warning", "redis")]);
    assert_eq!(apq("false"), []);
    assert_eq!(apq("${APQ_ENABLED}"), []);
    let mcp = |enabled: &str| {
        run(&format!(
            "{S3}execution_config:\n  storage:\n    provider_id: minio\nmcp:\n  enabled: {enabled}\n  storage:\n    provider_id: minio\n"
        ))
    };
    assert_eq!(mcp("true"), [row("CS402", "error", "minio")]);
    assert_eq!(mcp("false"), []);
    let static_config = format!(
        "{S3}execution_config:\n  file:\n    path: config.json\n  storage:\n    provider_id: nope\n  fallback_storage:\n    enabled: true\n    provider_id: nope\npersisted_operations:\n  storage:\n    provider_id: minio\n"
    );
    assert_eq!(run(&static_config), []);
}

#[test]
fn kinds_duplicates_and_shadowing() {
    let text = "storage_providers:\n  s3:\n    - id: configs\n      endpoint: minio:9000\n      bucket: cosmo\n    - id: 'configs'\n      endpoint: minio:9000\n      bucket: cosmo\n  cdn:\n    - id: configs\n  redis:\n    - id: configs\n  file_system:\n    - id: ops\n    - id: ops\nexecution_config:\n  storage:\n    provider_id: configs\npersisted_operations:\n  storage:\n    provider_id: ops\n  manifest:\n    enabled: true\n";
    let f = Fixture::new(Kind::Router, text);
    let mut out = Vec::new();
    check(&f.ctx(), &mut out);
    assert_eq!(
        f.summary(&out),
        [
            row("CS403", "error", "'configs'"),
            row("CS403", "error", "ops"),
            row("CS404", "warning", "configs"),
            row("CS402", "error", "ops"),
        ]
    );
    // Both ends labelled: the duplicate's first definition, the shadowed providers.
    assert_eq!(out[0].labels[0].span.slice(text), "configs");
    assert_eq!(out[0].labels[0].span.start, text.find("configs").unwrap());
    assert_eq!(out[2].labels.len(), 2);
    assert!(out[2].message.contains("uses the cdn one"));
}

#[test]
fn fallback_and_unused() {
    let text = format!(
        "{S3}    - id: spare\n      endpoint: minio:9000\n      bucket: cosmo\nexecution_config:\n  storage:\n    provider_id: minio\n  fallback_storage:\n    enabled: true\n    provider_id: minio\n"
    );
    let f = Fixture::new(Kind::Router, &text);
    let mut out = Vec::new();
    check(&f.ctx(), &mut out);
    assert_eq!(
        f.summary(&out),
        [
            row("CS405", "error", "minio"),
            row("CS406", "info", "spare")
        ]
    );
    assert_eq!(
        out[0].pointer,
        "/execution_config/fallback_storage/provider_id"
    );
    assert_eq!(out[0].labels[0].span.slice(&text), "minio");
    // A run-time id may be anything: no CS406, no CS401.
    let text = format!("{S3}execution_config:\n  storage:\n    provider_id: ${{PROVIDER}}\n");
    assert_eq!(run(&text), []);
}

#[test]
fn router_env_files_have_no_references() {
    let f = Fixture::new(
        Kind::RouterEnv,
        "STORAGE_PROVIDER_S3_0_ID=minio\nSTORAGE_PROVIDER_S3_0_ENDPOINT=minio:9000\n",
    );
    let mut out = Vec::new();
    check(&f.ctx(), &mut out);
    assert!(out.is_empty());
}

/// The router's own full example config: the one finding is APQ naming `redis` while the
/// only redis provider is `my_redis` (router.go `buildAPQClient`: not found, so APQ runs on
/// an in-memory cache). `execution_config` is not looked up (`router_config_path` is set),
/// persisted operations reach the s3 provider, mcp is disabled.
#[test]
fn upstream_full_example() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/upstream/router/full.yaml"
    );
    let f = Fixture::new(Kind::Router, &std::fs::read_to_string(path).unwrap());
    let mut out = Vec::new();
    check(&f.ctx(), &mut out);
    crate::rules::endpoint::check(&f.ctx(), &mut out);
    assert_eq!(f.summary(&out), [row("CS401", "warning", "redis")]);
    assert_eq!(
        out[0].help.as_deref(),
        Some("the only redis provider is `my_redis`: did you mean it?")
    );
    assert_eq!(
        out[0].pointer,
        "/automatic_persisted_queries/storage/provider_id"
    );
}
