//! Settings as read from a document, each value with its span and JSON pointer, ready for the
//! rules and for `resolve`.

use crate::resolve::router::RouterS3Provider;
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

fn env_setting(env: &EnvDocument, name: &str) -> Option<Setting> {
    env.get(name).map(|e| Setting {
        value: e.value.clone(),
        span: e.value_span,
        key_span: e.key_span,
        pointer: format!("/{name}"),
        reference: false,
        quoted: !matches!(e.quote, crate::source::Quote::None),
    })
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
            if let Some(setting) = env_setting(env, &name) {
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
        .variables()
        .iter()
        .filter_map(|(name, _)| env_setting(env, name))
        .collect();
    NodeSettings { kind, variables }
}
