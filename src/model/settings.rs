//! Settings as read from a document, each value with its span and JSON pointer, ready for the
//! rules and for `resolve`.

use crate::resolve::access_key_id_prefix;
use crate::source::yaml::{ScalarStyle, ScalarValue, YamlNode, YamlValue};
use crate::source::{EnvDocument, Kind};
use crate::span::Span;

/// One scalar setting as written.
#[derive(Clone, PartialEq, Eq)]
pub struct Setting {
    /// The value as the component reads it (YAML: the scalar's text; env: the unquoted value).
    /// May be a secret: never render it without checking the key.
    pub value: String,
    /// The value as written.
    pub span: Span,
    /// The key as written.
    pub key_span: Span,
    /// `/storage_providers/s3/0/endpoint`, `/STORAGE_PROVIDER_S3_0_ENDPOINT`, `/S3_REGION`.
    pub pointer: String,
    /// A whole-value `${NAME}` / `$NAME` in router YAML: supplied at run time, content unknown.
    pub reference: bool,
    /// Quoted in the source (a quoted reference is always a string after expansion).
    pub quoted: bool,
}

impl std::fmt::Debug for Setting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The value may be a secret; show its length only.
        f.debug_struct("Setting")
            .field("pointer", &self.pointer)
            .field("value_len", &self.value.len())
            .field("span", &self.span)
            .field("reference", &self.reference)
            .finish()
    }
}

/// Whether `text` is exactly one `${NAME}` or `$NAME` reference (`os.ExpandEnv` names).
pub fn is_runtime_reference(text: &str) -> bool {
    let name_ok =
        |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    match text.strip_prefix('$') {
        Some(rest) => match rest.strip_prefix('{') {
            Some(inner) => inner.strip_suffix('}').is_some_and(name_ok),
            None => name_ok(rest) && !rest.starts_with(|c: char| c.is_ascii_digit()),
        },
        None => false,
    }
}

/// One S3 provider as the router ends up with it (after env overrides and `os.ExpandEnv`).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RouterS3Provider {
    pub id: String,
    pub endpoint: String,
    pub bucket: String,
    /// Empty: taken from a regional AWS host, else asked from the bucket (GetBucketLocation).
    pub region: String,
    pub secure: bool,
    pub access_key: String,
    pub secret_key: String,
    pub session_token: String,
}

impl std::fmt::Debug for RouterS3Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RouterS3Provider")
            .field("id", &self.id)
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("secure", &self.secure)
            .field(
                "access_key_id_prefix",
                &access_key_id_prefix(&self.access_key),
            )
            .field("secret_key_len", &self.secret_key.len())
            .field("session_token_len", &self.session_token.len())
            .finish()
    }
}

/// One S3 provider (from YAML or from `STORAGE_PROVIDER_S3_{n}_*`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct S3ProviderSettings {
    pub index: usize,
    /// `/storage_providers/s3/0` (YAML) or `/STORAGE_PROVIDER_S3_0` (env: a prefix, no variable).
    pub pointer: String,
    /// The whole item (YAML) or the first variable of the group (env).
    pub span: Span,
    pub id: Option<Setting>,
    pub endpoint: Option<Setting>,
    pub bucket: Option<Setting>,
    pub region: Option<Setting>,
    pub secure: Option<Setting>,
    pub access_key: Option<Setting>,
    pub secret_key: Option<Setting>,
    pub session_token: Option<Setting>,
}

impl S3ProviderSettings {
    fn slot(&mut self, field: &str) -> Option<&mut Option<Setting>> {
        Some(match field {
            "id" => &mut self.id,
            "endpoint" => &mut self.endpoint,
            "bucket" => &mut self.bucket,
            "region" => &mut self.region,
            "secure" => &mut self.secure,
            "access_key" => &mut self.access_key,
            "secret_key" => &mut self.secret_key,
            "session_token" => &mut self.session_token,
            _ => return None,
        })
    }

    /// The plain values `resolve::router` works on. `secure` follows Go's `strconv.ParseBool`
    /// (env) or YAML's `true`/`false`; anything else (a reference, `yes`) counts as false here,
    /// and the schema rules report it.
    pub fn to_provider(&self) -> RouterS3Provider {
        let text = |s: &Option<Setting>| s.as_ref().map(|s| s.value.clone()).unwrap_or_default();
        let secure = self.secure.as_ref().is_some_and(|s| {
            matches!(s.value.as_str(), "1" | "t" | "T" | "TRUE" | "true" | "True")
        });
        RouterS3Provider {
            id: text(&self.id),
            endpoint: text(&self.endpoint),
            bucket: text(&self.bucket),
            region: text(&self.region),
            secure,
            access_key: text(&self.access_key),
            secret_key: text(&self.secret_key),
            session_token: text(&self.session_token),
        }
    }
}

/// A feature that names a provider by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feature {
    ExecutionConfig,
    ExecutionConfigFallback,
    PersistedOperations,
    AutomaticPersistedQueries,
    Mcp,
    ConnectRpc,
}

impl Feature {
    pub const ALL: [(Feature, &'static str); 6] = [
        (Feature::ExecutionConfig, "/execution_config/storage"),
        (
            Feature::ExecutionConfigFallback,
            "/execution_config/fallback_storage",
        ),
        (
            Feature::PersistedOperations,
            "/persisted_operations/storage",
        ),
        (
            Feature::AutomaticPersistedQueries,
            "/automatic_persisted_queries/storage",
        ),
        (Feature::Mcp, "/mcp/storage"),
        (Feature::ConnectRpc, "/connect_rpc/storage"),
    ];
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderReference {
    pub feature: Feature,
    pub provider_id: Setting,
}

/// The router YAML's provider lists and references.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RouterSettings {
    /// `None` when the YAML has no `storage_providers.s3` list (env overrides then apply).
    pub s3: Option<Vec<S3ProviderSettings>>,
    pub cdn_ids: Vec<Setting>,
    pub redis_ids: Vec<Setting>,
    pub file_system_ids: Vec<Setting>,
    pub references: Vec<ProviderReference>,
}

fn yaml_setting(node: &YamlNode, key_span: Span, pointer: String) -> Option<Setting> {
    let YamlValue::Scalar { text, style, value } = &node.value else {
        return None;
    };
    let quoted = matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
    let value = match value {
        ScalarValue::Null => String::new(),
        _ => text.clone(),
    };
    Some(Setting {
        reference: is_runtime_reference(&value),
        value,
        span: node.span,
        key_span,
        pointer,
        quoted,
    })
}

fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Build the router settings from the first YAML document.
pub fn router_settings(root: &YamlNode) -> RouterSettings {
    let mut out = RouterSettings::default();
    let providers = root.get("storage_providers");
    if let Some(list) = providers.and_then(|p| p.get("s3")).filter(|n| !n.is_null()) {
        let items = list.items().iter().enumerate().map(|(index, item)| {
            let pointer = format!("/storage_providers/s3/{index}");
            let mut provider = S3ProviderSettings {
                index,
                span: item.span,
                pointer: pointer.clone(),
                ..Default::default()
            };
            for entry in item.entries() {
                let field_pointer = format!("{pointer}/{}", escape_pointer(&entry.key));
                let setting = yaml_setting(&entry.value, entry.key_span, field_pointer);
                if let Some(slot) = provider.slot(&entry.key) {
                    *slot = setting;
                }
            }
            provider
        });
        out.s3 = Some(items.collect());
    }
    for (kind, list) in [
        ("cdn", &mut out.cdn_ids),
        ("redis", &mut out.redis_ids),
        ("file_system", &mut out.file_system_ids),
    ] {
        let items = providers.and_then(|p| p.get(kind));
        for (index, item) in items.map(YamlNode::items).unwrap_or(&[]).iter().enumerate() {
            if let Some(entry) = item.entry("id") {
                let pointer = format!("/storage_providers/{kind}/{index}/id");
                list.extend(yaml_setting(&entry.value, entry.key_span, pointer));
            }
        }
    }
    for (feature, base) in Feature::ALL {
        let entry = root
            .pointer(base)
            .and_then(|storage| storage.entry("provider_id"));
        if let Some(entry) = entry {
            let pointer = format!("{base}/provider_id");
            if let Some(provider_id) = yaml_setting(&entry.value, entry.key_span, pointer) {
                out.references.push(ProviderReference {
                    feature,
                    provider_id,
                });
            }
        }
    }
    out
}

fn entry_setting(e: &crate::source::EnvEntry) -> Setting {
    Setting {
        value: e.value.clone(),
        span: e.value_span,
        key_span: e.key_span,
        pointer: format!("/{}", e.key),
        reference: false,
        quoted: !matches!(e.quote, crate::source::Quote::None),
    }
}

/// The router's `STORAGE_PROVIDER_S3_{n}_*` overrides: n from 0, stopping at the first index
/// with no variable at all (caarlos0/env reads no further).
pub fn router_env_providers(env: &EnvDocument) -> Vec<S3ProviderSettings> {
    const FIELDS: [&str; 8] = [
        "id",
        "endpoint",
        "bucket",
        "region",
        "secure",
        "access_key",
        "secret_key",
        "session_token",
    ];
    // One lookup table: a file may hold tens of thousands of providers.
    let winning: std::collections::HashMap<&str, &crate::source::EnvEntry> = env
        .winning_entries()
        .into_iter()
        .map(|e| (e.key.as_str(), e))
        .collect();
    let mut out = Vec::new();
    for index in 0.. {
        let prefix = format!("STORAGE_PROVIDER_S3_{index}_");
        let mut provider = S3ProviderSettings {
            index,
            pointer: format!("/{}", prefix.trim_end_matches('_')),
            ..Default::default()
        };
        let mut first: Option<Span> = None;
        for field in FIELDS {
            let name = format!("{prefix}{}", field.to_ascii_uppercase());
            if let Some(setting) = winning.get(name.as_str()).map(|e| entry_setting(e)) {
                first = Some(first.map_or(setting.key_span, |s| s.min(setting.key_span)));
                if let Some(slot) = provider.slot(field) {
                    *slot = Some(setting);
                }
            }
        }
        let Some(span) = first else { break };
        provider.span = span;
        out.push(provider);
    }
    out
}

/// The S3 providers the router ends up with: a YAML `storage_providers.s3` list replaces the
/// env overrides' list entirely.
///
/// Known limitation: only one YAML file is considered; with several `CONFIG_PATH` files a
/// later file's list would win, which the caller must merge first.
pub fn effective_s3_providers(
    yaml: &RouterSettings,
    env: Vec<S3ProviderSettings>,
) -> Vec<S3ProviderSettings> {
    match &yaml.s3 {
        Some(list) => list.clone(),
        None => env,
    }
}

/// A Node component's variables, each with its span (last assignment winning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeSettings {
    pub kind: Kind,
    pub variables: Vec<Setting>,
}

impl NodeSettings {
    pub fn get(&self, name: &str) -> Option<&Setting> {
        self.variables.iter().find(|s| s.pointer[1..] == *name)
    }

    /// The plain `(name, value)` list `resolve::node::resolve` takes.
    pub fn pairs(&self) -> Vec<(String, String)> {
        self.variables
            .iter()
            .map(|s| (s.pointer[1..].to_string(), s.value.clone()))
            .collect()
    }
}

/// Build a controlplane / cdn (or router-env) settings view from a parsed env file.
pub fn node_settings(env: &EnvDocument, kind: Kind) -> NodeSettings {
    let variables = env
        .winning_entries()
        .into_iter()
        .map(entry_setting)
        .collect();
    NodeSettings { kind, variables }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::env::{EnvEntry, Quote};
    use crate::source::yaml::YamlEntry;

    fn entry(key: &str, value: &str, at: usize) -> EnvEntry {
        let value_at = at + key.len() + 1;
        EnvEntry {
            key: key.into(),
            key_span: Span::new(at, at + key.len()),
            value: value.into(),
            value_span: Span::new(value_at, value_at + value.len()),
            quote: Quote::None,
            line_span: Span::new(at, value_at + value.len()),
        }
    }

    fn env(pairs: &[(&str, &str)]) -> EnvDocument {
        let mut at = 0;
        let entries = pairs
            .iter()
            .map(|(k, v)| {
                let e = entry(k, v, at);
                at = e.line_span.end + 1;
                e
            })
            .collect();
        EnvDocument {
            entries,
            problems: Vec::new(),
        }
    }

    #[test]
    fn env_overrides_stop_at_the_first_gap() {
        let doc = env(&[
            ("STORAGE_PROVIDER_S3_0_ID", "s3"),
            ("STORAGE_PROVIDER_S3_0_ENDPOINT", "minio:9000"),
            ("STORAGE_PROVIDER_S3_0_SECURE", "TRUE"),
            ("STORAGE_PROVIDER_S3_1_BUCKET", "second"),
            ("STORAGE_PROVIDER_S3_3_ID", "never-read"),
        ]);
        let providers = router_env_providers(&doc);
        assert_eq!(providers.len(), 2);
        let first = &providers[0];
        assert_eq!(first.pointer, "/STORAGE_PROVIDER_S3_0");
        let endpoint = first.endpoint.as_ref().unwrap();
        assert_eq!(endpoint.pointer, "/STORAGE_PROVIDER_S3_0_ENDPOINT");
        assert_eq!(endpoint.span, Span::new(59, 69));
        assert!(first.to_provider().secure);
        assert_eq!(providers[1].to_provider().bucket, "second");
        assert_eq!(providers[1].span, Span::new(104, 132));
    }

    fn scalar(text: &str, style: ScalarStyle, at: usize) -> YamlNode {
        YamlNode {
            value: YamlValue::Scalar {
                text: text.into(),
                style,
                value: ScalarValue::String(text.into()),
            },
            span: Span::new(at, at + text.len()),
        }
    }

    fn map(entries: Vec<(&str, YamlNode)>) -> YamlNode {
        YamlNode {
            value: YamlValue::Mapping(
                entries
                    .into_iter()
                    .map(|(key, value)| YamlEntry {
                        key: key.into(),
                        key_span: Span::new(value.span.start.saturating_sub(2), value.span.start),
                        value,
                    })
                    .collect(),
            ),
            span: Span::default(),
        }
    }

    #[test]
    fn yaml_providers_keep_spans_pointers_and_references() {
        let item = map(vec![
            ("id", scalar("s3", ScalarStyle::Plain, 10)),
            ("endpoint", scalar("${S3_ENDPOINT}", ScalarStyle::Plain, 20)),
            (
                "secret_key",
                scalar("${S3_SECRET}", ScalarStyle::DoubleQuoted, 40),
            ),
        ]);
        let root = map(vec![
            (
                "storage_providers",
                map(vec![(
                    "s3",
                    YamlNode {
                        value: YamlValue::Sequence(vec![item]),
                        span: Span::default(),
                    },
                )]),
            ),
            (
                "execution_config",
                map(vec![(
                    "storage",
                    map(vec![("provider_id", scalar("s3", ScalarStyle::Plain, 90))]),
                )]),
            ),
        ]);
        let settings = router_settings(&root);
        let s3 = settings.s3.as_ref().unwrap();
        let endpoint = s3[0].endpoint.as_ref().unwrap();
        assert_eq!(endpoint.pointer, "/storage_providers/s3/0/endpoint");
        assert_eq!(endpoint.span, Span::new(20, 34));
        assert!(endpoint.reference);
        let secret = s3[0].secret_key.as_ref().unwrap();
        assert!(secret.reference && secret.quoted);
        assert!(!format!("{secret:?}").contains("S3_SECRET"));
        assert_eq!(settings.references.len(), 1);
        assert_eq!(settings.references[0].feature, Feature::ExecutionConfig);
        assert_eq!(
            settings.references[0].provider_id.pointer,
            "/execution_config/storage/provider_id"
        );
        // A YAML list replaces the env overrides entirely.
        let from_env = router_env_providers(&env(&[("STORAGE_PROVIDER_S3_0_ID", "env")]));
        let effective = effective_s3_providers(&settings, from_env.clone());
        assert_eq!(effective.len(), 1);
        assert_eq!(effective[0].to_provider().id, "s3");
        let without_yaml = effective_s3_providers(&RouterSettings::default(), from_env);
        assert_eq!(without_yaml[0].to_provider().id, "env");
    }

    #[test]
    fn runtime_references_are_whole_values_only() {
        for yes in ["${A}", "$A", "${AWS_SESSION_TOKEN}", "$_x1"] {
            assert!(is_runtime_reference(yes), "{yes}");
        }
        for no in [
            "", "$", "${}", "${A:-b}", "$1", "a$A", "${A}b", "$$", "${ A }",
        ] {
            assert!(!is_runtime_reference(no), "{no}");
        }
    }

    #[test]
    fn node_settings_keep_the_last_assignment() {
        let doc = env(&[("S3_REGION", "a"), ("S3_REGION", "eu-west-1")]);
        let settings = node_settings(&doc, Kind::Cdn);
        let region = settings.get("S3_REGION").unwrap();
        assert_eq!(region.value, "eu-west-1");
        assert_eq!(region.pointer, "/S3_REGION");
        assert_eq!(region.span, Span::new(22, 31));
        assert_eq!(
            settings.pairs(),
            [("S3_REGION".to_string(), "eu-west-1".to_string())]
        );
    }
}
