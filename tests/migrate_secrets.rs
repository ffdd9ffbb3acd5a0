#![allow(clippy::unwrap_used)]
//! Which bytes are secret, and how they are masked.

use cosmo_s3::secrets::{
    display_access_key, is_access_key_id_name, is_secret_name, mask, mask_value, masked_spans,
    secret_spans,
};
use cosmo_s3::source::yaml::{ScalarStyle, ScalarValue, YamlEntry};
use cosmo_s3::source::{Document, EnvDocument, EnvEntry, Quote, YamlDocument, YamlNode, YamlValue};
use cosmo_s3::span::Span;

#[test]
fn secret_names() {
    for name in [
        "S3_SECRET_ACCESS_KEY",
        "AWS_SECRET_ACCESS_KEY",
        "S3_SESSION_TOKEN",
        "STORAGE_PROVIDER_S3_0_SECRET_KEY",
        "DB_PASSWORD",
        "secret_key",
        "session_token",
        "client_secret",
        "api_key",
        "Graph_Token",
        "S3_SECRET_ACCESS_KEY_OLD",
        "DB_PASSWORD_2",
    ] {
        assert!(is_secret_name(name), "{name}");
    }
    for name in [
        "S3_ACCESS_KEY_ID",
        "AWS_ACCESS_KEY_ID",
        "STORAGE_PROVIDER_S3_0_ACCESS_KEY",
        "access_key",
        "S3_REGION",
        "key",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ] {
        assert!(!is_secret_name(name), "{name}");
    }
    assert!(is_access_key_id_name("s3_access_key_id"));
    assert!(is_access_key_id_name("access_key"));
    assert!(!is_access_key_id_name("S3_SECRET_ACCESS_KEY"));
}

#[test]
fn access_key_display() {
    assert_eq!(
        display_access_key("AKIAIOSFODNN7EXAMPLE"),
        Some("AKIA".to_owned())
    );
    assert_eq!(
        display_access_key("ASIA0123456789AB"),
        Some("ASIA".to_owned())
    );
    assert_eq!(display_access_key("ASIA0123456789A"), None);
    assert_eq!(display_access_key("minio"), None);
    assert_eq!(mask_value(5), "*****");
}

#[test]
fn mask_keeps_width_and_line_breaks() {
    let text = "a=pässwörd\nb=x\r\ny\n";
    let p = text.find("pä").expect("find");
    let spans = [Span::new(p, p + "pässwörd".len()), Span::new(15, 20)];
    assert_eq!(mask(text, &spans), "a=********\nb=*\r\n*\n");
    // A span that cuts 'ä' in half is widened to hide the whole character.
    assert_eq!(mask("ä", &[Span::new(1, 2)]), "*");
    assert_eq!(mask("abc", &[]), "abc");
}

fn entry(text: &str, key: &str, quote: Quote) -> EnvEntry {
    let key_start = text.find(&format!("{key}=")).expect("key");
    let value_start = key_start + key.len() + 1;
    let line_end = text[value_start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| value_start + i);
    let raw = &text[value_start..line_end];
    let value = match quote {
        Quote::None => raw.to_owned(),
        _ => raw[1..raw.len() - 1].to_owned(),
    };
    EnvEntry {
        key: key.to_owned(),
        key_span: Span::new(key_start, key_start + key.len()),
        value,
        value_span: Span::new(value_start, line_end),
        quote,
        line_span: Span::new(key_start, line_end),
    }
}

#[test]
fn env_secrets_ids_urls_and_comments() {
    let text = concat!(
        "S3_STORAGE_URL=https://AKIAIOSFODNN7EXAMPLE:wJalr%2Fsecret@s3.amazonaws.com/b\n",
        "S3_ACCESS_KEY_ID=minio\n",
        "S3_SECRET_ACCESS_KEY='minio123'\n",
        "S3_SESSION_TOKEN=\n",
        "DB_URL=postgres://postgres:changeme@db:5432/cp\n",
        "S3_REGION=auto\n",
        "# S3_SECRET_ACCESS_KEY=oldsecret\n",
        "#S3_ACCESS_KEY_ID=AKIAOLDOLDOLDOLDOLD\n",
    );
    let doc = Document::Env(EnvDocument {
        entries: vec![
            entry(text, "S3_STORAGE_URL", Quote::None),
            entry(text, "S3_ACCESS_KEY_ID", Quote::None),
            entry(text, "S3_SECRET_ACCESS_KEY", Quote::Single),
            entry(text, "S3_SESSION_TOKEN", Quote::None),
            entry(text, "DB_URL", Quote::None),
            entry(text, "S3_REGION", Quote::None),
        ],
        problems: Vec::new(),
    });
    assert_eq!(
        mask(text, &masked_spans(&doc, text)),
        concat!(
            "S3_STORAGE_URL=https://AKIA****************:**************@s3.amazonaws.com/b\n",
            "S3_ACCESS_KEY_ID=*****\n",
            "S3_SECRET_ACCESS_KEY='********'\n",
            "S3_SESSION_TOKEN=\n",
            "DB_URL=postgres://********:********@db:5432/cp\n",
            "S3_REGION=auto\n",
            "# S3_SECRET_ACCESS_KEY=*********\n",
            "#S3_ACCESS_KEY_ID=AKIA***************\n",
        )
    );
    // Secrets alone leave the ids visible.
    let secrets_only = mask(text, &secret_spans(&doc, text));
    assert!(secrets_only.contains("S3_ACCESS_KEY_ID=minio\n"));
    assert!(!secrets_only.contains("minio123"));
    assert!(!secrets_only.contains("changeme"));
}

#[test]
fn env_reference_is_masked_unless_the_parser_expanded_it() {
    // npm dotenv keeps `$ecret` literally: it is the secret itself.
    let text = "S3_SECRET_ACCESS_KEY=$ecret\n";
    let literal = entry(text, "S3_SECRET_ACCESS_KEY", Quote::None);
    let doc = Document::Env(EnvDocument {
        entries: vec![literal.clone()],
        problems: Vec::new(),
    });
    assert_eq!(
        mask(text, &secret_spans(&doc, text)),
        "S3_SECRET_ACCESS_KEY=******\n"
    );
    // godotenv expanded it (to an earlier key's value): the text only names a variable.
    let expanded = EnvEntry {
        value: "from-earlier-key".into(),
        ..literal
    };
    let doc = Document::Env(EnvDocument {
        entries: vec![expanded],
        problems: Vec::new(),
    });
    assert!(secret_spans(&doc, text).is_empty());
}

fn scalar(text: &str, needle: &str, style: ScalarStyle) -> YamlNode {
    let start = text.find(needle).expect("needle");
    let decoded = match style {
        ScalarStyle::DoubleQuoted | ScalarStyle::SingleQuoted => &needle[1..needle.len() - 1],
        _ => needle,
    };
    YamlNode {
        value: YamlValue::Scalar {
            text: decoded.to_owned(),
            style,
            value: ScalarValue::String(decoded.to_owned()),
        },
        span: Span::new(start, start + needle.len()),
    }
}

fn yaml_entry(text: &str, key: &str, value: YamlNode) -> YamlEntry {
    let start = text.find(&format!("{key}:")).expect("key");
    YamlEntry {
        key: key.to_owned(),
        key_span: Span::new(start, start + key.len()),
        value,
    }
}

#[test]
fn router_yaml_secrets() {
    let text = concat!(
        "storage_providers:\n",
        "  s3:\n",
        "    - id: s3\n",
        "      endpoint: http://u:MARKERPW@minio:9000\n",
        "      access_key: \"minioadmin\"\n",
        "      secret_key: 'MARKERSECRET123'\n",
        "      session_token: \"${AWS_SESSION_TOKEN}\"\n",
        "graph:\n",
        "  token: MARKERTOKEN\n",
        "# secret_key: oldsecret\n",
    );
    let provider = YamlNode {
        value: YamlValue::Mapping(vec![
            yaml_entry(
                text,
                "endpoint",
                scalar(text, "http://u:MARKERPW@minio:9000", ScalarStyle::Plain),
            ),
            yaml_entry(
                text,
                "access_key",
                scalar(text, "\"minioadmin\"", ScalarStyle::DoubleQuoted),
            ),
            yaml_entry(
                text,
                "secret_key",
                scalar(text, "'MARKERSECRET123'", ScalarStyle::SingleQuoted),
            ),
            yaml_entry(
                text,
                "session_token",
                scalar(text, "\"${AWS_SESSION_TOKEN}\"", ScalarStyle::DoubleQuoted),
            ),
        ]),
        span: Span::new(0, 0),
    };
    let root = YamlNode {
        value: YamlValue::Mapping(vec![
            yaml_entry(
                text,
                "storage_providers",
                YamlNode {
                    value: YamlValue::Mapping(vec![yaml_entry(
                        text,
                        "s3",
                        YamlNode {
                            value: YamlValue::Sequence(vec![provider]),
                            span: Span::new(0, 0),
                        },
                    )]),
                    span: Span::new(0, 0),
                },
            ),
            yaml_entry(
                text,
                "graph",
                YamlNode {
                    value: YamlValue::Mapping(vec![yaml_entry(
                        text,
                        "token",
                        scalar(text, "MARKERTOKEN", ScalarStyle::Plain),
                    )]),
                    span: Span::new(0, 0),
                },
            ),
        ]),
        span: Span::new(0, 0),
    };
    let doc = Document::Yaml(YamlDocument {
        root: Some(root),
        problems: Vec::new(),
    });
    let masked = mask(text, &masked_spans(&doc, text));
    assert_eq!(
        masked,
        concat!(
            "storage_providers:\n",
            "  s3:\n",
            "    - id: s3\n",
            "      endpoint: http://*:********@minio:9000\n",
            "      access_key: \"**********\"\n",
            "      secret_key: '***************'\n",
            "      session_token: \"${AWS_SESSION_TOKEN}\"\n",
            "graph:\n",
            "  token: ***********\n",
            "# secret_key: *********\n",
        )
    );
}
