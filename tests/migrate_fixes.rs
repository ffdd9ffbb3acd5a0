#![allow(clippy::unwrap_used)]
//! Fix constructors: input text -> expected output text, and idempotence on the output.

use cosmo_s3::migrate::{FixSelection, apply_pass};
use cosmo_s3::rules::fixes::{
    KeyValue, TargetVariable, UrlVariables, add_session_token, delete_query_params, dotenv_quote,
    env_endpoint_scheme, move_url_credentials, quote_truncated_value, remove_placeholder_lines,
    yaml_endpoint_scheme,
};
use cosmo_s3::rules::{Applicability, Diagnostic, Fix, Rule, Severity};
use cosmo_s3::span::Span;

fn apply(text: &str, fix: Fix) -> String {
    let d =
        Diagnostic::new(Rule::EndpointScheme, Severity::Error, Span::new(0, 0), "m").with_fix(fix);
    let r = apply_pass(text, &[d], FixSelection::SafeAndUnsafe);
    assert_eq!(r.applied, vec![0], "fix did not apply");
    r.text
}

/// The YAML `key: value` whose key is the `nth` occurrence of `key:`; the value runs to
/// a ` #` comment, a `,`/`}` in flow style, or the end of the line.
fn yaml_kv(text: &str, key: &str) -> Option<KeyValue> {
    let (k, _) = text.match_indices(&format!("{key}:")).find(|(i, _)| {
        *i == 0 || !text.as_bytes()[i - 1].is_ascii_alphanumeric() && text.as_bytes()[i - 1] != b'_'
    })?;
    let key_span = Span::new(k, k + key.len());
    let mut start = k + key.len() + 1;
    while text.as_bytes().get(start) == Some(&b' ') {
        start += 1;
    }
    let rest = &text[start..];
    let len = if rest.starts_with(['"', '\'']) {
        let q = rest.as_bytes()[0] as char;
        rest[1..].find(q).map_or(rest.len(), |i| i + 2)
    } else {
        rest.find([',', '}', '\r', '\n'])
            .map_or(rest.len(), |i| i)
            .min(rest.find(" #").unwrap_or(rest.len()))
    };
    Some(KeyValue {
        key: key_span,
        value: Span::new(start, start + len),
    })
}

/// A quoted YAML key (`"key":` or `'key':`), its span including the quotes.
fn yaml_quoted_kv(text: &str, key: &str) -> Option<KeyValue> {
    yaml_kv(text, &format!("\"{key}\"")).or_else(|| yaml_kv(text, &format!("'{key}'")))
}

/// The env line `NAME=value` (value to the end of the line).
fn env_kv(text: &str, name: &str) -> Option<KeyValue> {
    let k = text
        .match_indices(&format!("{name}="))
        .find(|(i, _)| *i == 0 || matches!(text.as_bytes()[i - 1], b'\n' | b' '))?
        .0;
    let start = k + name.len() + 1;
    let end = text[start..]
        .find(['\r', '\n'])
        .map_or(text.len(), |i| start + i);
    Some(KeyValue {
        key: Span::new(k, k + name.len()),
        value: Span::new(start, end),
    })
}

// --- CS301 ------------------------------------------------------------------------------

fn cs301_yaml(text: &str) -> Option<Fix> {
    let endpoint = yaml_kv(text, "endpoint").or_else(|| yaml_quoted_kv(text, "endpoint"))?;
    let secure = yaml_kv(text, "secure").or_else(|| yaml_quoted_kv(text, "secure"));
    yaml_endpoint_scheme(text, endpoint, secure)
}

fn check_yaml_301(input: &str, expected: &str, applicability: Applicability) {
    let fix = cs301_yaml(input).expect("a fix");
    assert_eq!(fix.applicability, applicability, "{input}");
    let out = apply(input, fix);
    assert_eq!(out, expected);
    assert!(cs301_yaml(&out).is_none(), "not idempotent: {out}");
}

#[test]
fn cs301_adds_secure_with_the_provider_indentation() {
    check_yaml_301(
        "storage_providers:\n  s3:\n    - id: s3\n      endpoint: \"https://minio:9000\" # tls\n      bucket: cosmo\n",
        "storage_providers:\n  s3:\n    - id: s3\n      endpoint: \"minio:9000\" # tls\n      secure: true\n      bucket: cosmo\n",
        Applicability::Safe,
    );
    check_yaml_301(
        "s3:\n  - endpoint: http://minio:9000\n    id: a\n",
        "s3:\n  - endpoint: minio:9000\n    secure: false\n    id: a\n",
        Applicability::Safe,
    );
}

#[test]
fn cs301_keeps_crlf_quoted_keys_and_a_missing_final_newline() {
    check_yaml_301(
        "s3:\r\n  - id: a\r\n    'endpoint': 'HTTP://u:p@minio:9000'",
        "s3:\r\n  - id: a\r\n    'endpoint': 'minio:9000'\r\n    'secure': false",
        Applicability::Safe,
    );
    check_yaml_301(
        "s3:\n  - \"id\": a\n    \"endpoint\": http://m:9000\n",
        "s3:\n  - \"id\": a\n    \"endpoint\": m:9000\n    \"secure\": false\n",
        Applicability::Safe,
    );
}

#[test]
fn cs301_secure_that_agrees_is_safe_and_one_that_disagrees_is_unsafe() {
    check_yaml_301(
        "s3:\n  - endpoint: https://m\n    secure: true\n",
        "s3:\n  - endpoint: m\n    secure: true\n",
        Applicability::Safe,
    );
    check_yaml_301(
        "s3:\n  - secure: false\n    endpoint: https://m\n",
        "s3:\n  - secure: true\n    endpoint: m\n",
        Applicability::Unsafe,
    );
}

#[test]
fn cs301_flow_mapping() {
    check_yaml_301(
        "s3: [{id: a, endpoint: \"http://m:9000\", bucket: b}]\n",
        "s3: [{id: a, endpoint: \"m:9000\", secure: false, bucket: b}]\n",
        Applicability::Safe,
    );
}

#[test]
fn cs301_env_override_form() {
    let input = "export STORAGE_PROVIDER_S3_0_ENDPOINT=\"https://minio:9000\"\nSTORAGE_PROVIDER_S3_0_BUCKET=b\n";
    let fix = env_endpoint_scheme(
        input,
        env_kv(input, "STORAGE_PROVIDER_S3_0_ENDPOINT").expect("endpoint"),
        None,
        0,
    )
    .expect("fix");
    assert_eq!(fix.applicability, Applicability::Safe);
    let out = apply(input, fix);
    assert_eq!(
        out,
        "export STORAGE_PROVIDER_S3_0_ENDPOINT=\"minio:9000\"\nexport STORAGE_PROVIDER_S3_0_SECURE=true\nSTORAGE_PROVIDER_S3_0_BUCKET=b\n"
    );
    let again = env_endpoint_scheme(
        &out,
        env_kv(&out, "STORAGE_PROVIDER_S3_0_ENDPOINT").expect("endpoint"),
        env_kv(&out, "STORAGE_PROVIDER_S3_0_SECURE"),
        0,
    );
    assert!(again.is_none());

    let input =
        "STORAGE_PROVIDER_S3_1_SECURE='false'\r\nSTORAGE_PROVIDER_S3_1_ENDPOINT=https://m\r\n";
    let fix = env_endpoint_scheme(
        input,
        env_kv(input, "STORAGE_PROVIDER_S3_1_ENDPOINT").expect("endpoint"),
        env_kv(input, "STORAGE_PROVIDER_S3_1_SECURE"),
        1,
    )
    .expect("fix");
    assert_eq!(fix.applicability, Applicability::Unsafe);
    assert_eq!(
        apply(input, fix),
        "STORAGE_PROVIDER_S3_1_SECURE='true'\r\nSTORAGE_PROVIDER_S3_1_ENDPOINT=m\r\n"
    );
}

// --- CS501 ------------------------------------------------------------------------------

fn cs501(text: &str) -> Option<Fix> {
    let placeholders: Vec<KeyValue> = ["access_key", "secret_key"]
        .iter()
        .filter_map(|k| yaml_kv(text, k))
        .filter(|kv| kv.value.slice(text) == "\"\"")
        .collect();
    if placeholders.is_empty() {
        return None;
    }
    remove_placeholder_lines(text, &placeholders)
}

#[test]
fn cs501_removes_placeholder_lines_entirely() {
    let input = "s3:\n  - id: s3\n    access_key: \"\"\n    secret_key: \"\"\n    bucket: b\n";
    let out = apply(input, cs501(input).expect("fix"));
    assert_eq!(out, "s3:\n  - id: s3\n    bucket: b\n");
    assert!(cs501(&out).is_none());

    // A comment after a placeholder is the operator's text: it stays where the key was.
    let input =
        "s3:\n  - id: s3\n    access_key: \"\"\n    secret_key: \"\" # legacy\n    bucket: b\n";
    let out = apply(input, cs501(input).expect("fix"));
    assert_eq!(out, "s3:\n  - id: s3\n    # legacy\n    bucket: b\n");
    assert!(cs501(&out).is_none());

    let input = "s3:\r\n  - id: s3\r\n    access_key: \"\"\r\n    secret_key: \"\"";
    assert_eq!(
        apply(input, cs501(input).expect("fix")),
        "s3:\r\n  - id: s3"
    );

    // Sharing the line with the sequence dash: deleting it would drop the item.
    assert!(cs501("s3:\n  - access_key: \"\"\n    secret_key: \"\"\n").is_none());
}

// --- CS204 ------------------------------------------------------------------------------

fn target(text: &str, name: &str) -> TargetVariable {
    let entry = env_kv(text, name);
    let empty = entry.is_none_or(|kv| matches!(kv.value.slice(text), "" | "\"\"" | "''"));
    TargetVariable { entry, empty }
}

fn cs204(text: &str, vars: UrlVariables) -> Option<Fix> {
    let url_name = match vars {
        UrlVariables::Primary => "S3_STORAGE_URL",
        UrlVariables::Failover => "S3_FAILOVER_STORAGE_URL",
    };
    move_url_credentials(
        text,
        env_kv(text, url_name)?,
        vars,
        target(text, vars.access_key_id()),
        target(text, vars.secret_access_key()),
    )
}

#[test]
fn cs204_adds_the_variables_after_the_url() {
    let input = "# cp\nS3_STORAGE_URL=http://minio:minio123@minio:9000/cosmo\nS3_REGION=auto\n";
    let fix = cs204(input, UrlVariables::Primary).expect("fix");
    assert_eq!(fix.applicability, Applicability::Safe);
    assert!(!fix.title.contains("minio123"));
    let out = apply(input, fix);
    assert_eq!(
        out,
        "# cp\nS3_STORAGE_URL=http://minio:9000/cosmo\nS3_ACCESS_KEY_ID=minio\nS3_SECRET_ACCESS_KEY=minio123\nS3_REGION=auto\n"
    );
    assert!(cs204(&out, UrlVariables::Primary).is_none());
}

#[test]
fn cs204_fills_empty_lines_in_place_verbatim_and_quoted() {
    let input = "S3_ACCESS_KEY_ID=\r\nS3_FAILOVER_STORAGE_URL=\"https://AKIAEXAMPLE:'pa%2Fss@s3.amazonaws.com/b\"\r\nS3_FAILOVER_SECRET_ACCESS_KEY=\"\"\r\n";
    let out = apply(input, cs204(input, UrlVariables::Failover).expect("fix"));
    assert_eq!(
        out,
        "S3_ACCESS_KEY_ID=\r\nS3_FAILOVER_STORAGE_URL=\"https://s3.amazonaws.com/b\"\r\nS3_FAILOVER_ACCESS_KEY_ID=AKIAEXAMPLE\r\nS3_FAILOVER_SECRET_ACCESS_KEY=\"'pa%2Fss\"\r\n"
    );
}

#[test]
fn cs204_refuses_when_a_variable_is_set_or_userinfo_would_be_encoded() {
    let set = "S3_STORAGE_URL=http://u:p@h/b\nS3_SECRET_ACCESS_KEY=other\n";
    assert!(cs204(set, UrlVariables::Primary).is_none());
    let encoded = "S3_STORAGE_URL=http://u:p^w@h/b\n";
    assert!(cs204(encoded, UrlVariables::Primary).is_none());
    // Only a user: only the access key moves.
    let user_only = "S3_STORAGE_URL=http://u@h/b";
    assert_eq!(
        apply(
            user_only,
            cs204(user_only, UrlVariables::Primary).expect("fix")
        ),
        "S3_STORAGE_URL=http://h/b\nS3_ACCESS_KEY_ID=u"
    );
}

// --- CS309 ------------------------------------------------------------------------------

#[test]
fn cs309_deletes_ignored_query_parameters() {
    let names = ["region", "endpoint"];
    let input = "S3_STORAGE_URL=http://minio:9000/cosmo?region=eu&x=1&endpoint=http://a\n";
    let kv = env_kv(input, "S3_STORAGE_URL").expect("url");
    let out = apply(input, delete_query_params(input, kv, &names).expect("fix"));
    assert_eq!(out, "S3_STORAGE_URL=http://minio:9000/cosmo?x=1\n");
    let kv = env_kv(&out, "S3_STORAGE_URL").expect("url");
    assert!(delete_query_params(&out, kv, &names).is_none());

    let input = "S3_STORAGE_URL='http://minio:9000/cosmo?region=eu-west-1#f'\n";
    let kv = env_kv(input, "S3_STORAGE_URL").expect("url");
    assert_eq!(
        apply(input, delete_query_params(input, kv, &names).expect("fix")),
        "S3_STORAGE_URL='http://minio:9000/cosmo#f'\n"
    );
}

// --- CS502 ------------------------------------------------------------------------------

#[test]
fn cs502_adds_the_session_token_reference_after_secret_key() {
    let input = "s3:\n  - id: a\n    access_key: ${AWS_ACCESS_KEY_ID}\n    secret_key: \"${AWS_SECRET_ACCESS_KEY}\" # from env\n    bucket: b\n";
    let fix = add_session_token(input, yaml_kv(input, "secret_key").expect("kv")).expect("fix");
    assert_eq!(fix.applicability, Applicability::Unsafe);
    assert_eq!(
        apply(input, fix),
        "s3:\n  - id: a\n    access_key: ${AWS_ACCESS_KEY_ID}\n    secret_key: \"${AWS_SECRET_ACCESS_KEY}\" # from env\n    session_token: \"${AWS_SESSION_TOKEN}\"\n    bucket: b\n"
    );
    let input = "s3:\r\n  - secret_key: $AWS_SECRET_ACCESS_KEY";
    let fix = add_session_token(input, yaml_kv(input, "secret_key").expect("kv")).expect("fix");
    assert_eq!(
        apply(input, fix),
        "s3:\r\n  - secret_key: $AWS_SECRET_ACCESS_KEY\r\n    session_token: \"${AWS_SESSION_TOKEN}\""
    );
}

// --- CS006 ------------------------------------------------------------------------------

fn cs006(text: &str, name: &str) -> Option<Fix> {
    quote_truncated_value(text, env_kv(text, name)?.value.start)
}

#[test]
fn cs006_quotes_a_value_that_hash_truncates() {
    // Expected values checked with the npm dotenv oracle (`dotenv-parse`): the quoted
    // forms parse to `abc#def`, `#abc`, `it's#1`.
    for (input, expected) in [
        (
            "S3_SECRET_ACCESS_KEY=abc#def # note\n",
            "S3_SECRET_ACCESS_KEY='abc#def' # note\n",
        ),
        ("S3_REGION=#abc", "S3_REGION='#abc'"),
        ("S3_X=it's#1\r\n", "S3_X=\"it's#1\"\r\n"),
    ] {
        let name = &input[..input.find('=').expect("=")];
        let out = apply(input, cs006(input, name).expect("fix"));
        assert_eq!(out, expected);
        assert!(cs006(&out, name).is_none(), "{out}");
    }
    // An ordinary comment (blank before `#`) is no truncation.
    assert!(cs006("S3_REGION=auto # note\n", "S3_REGION").is_none());
}

#[test]
fn dotenv_quoting_choices() {
    assert_eq!(dotenv_quote("minio").as_deref(), Some("minio"));
    assert_eq!(dotenv_quote("").as_deref(), Some(""));
    assert_eq!(dotenv_quote("a b ").as_deref(), Some("'a b '"));
    assert_eq!(dotenv_quote("'x").as_deref(), Some("\"'x\""));
    assert_eq!(dotenv_quote("'x\"#").as_deref(), Some("`'x\"#`"));
    assert_eq!(dotenv_quote("'\"`#"), None);
    assert_eq!(dotenv_quote("a#\\"), None);
}
