//! Router provider references (CS401–CS406): which provider each feature's `provider_id`
//! reaches, as the router's `ProviderRegistry` and its callers look them up (DESIGN.md §3,
//! `router/core/provider_registry.go`, `init_config_poller.go`, `router.go`).
//!
//! Known limitation: only this YAML file is seen. A provider defined in another
//! `CONFIG_PATH` file, or only through `STORAGE_PROVIDER_*` environment overrides, is not:
//! a reference to it is reported as unknown (CS401), and the help says so when the YAML has
//! no `storage_providers.s3` list (e.g. `provider_id: s3` with `STORAGE_PROVIDER_S3_0_ID=s3`
//! in the deployment's environment breaks this).

#[cfg(test)]
mod tests;

use crate::model::settings::{Feature, ProviderReference, RouterSettings, Setting};
use crate::rules::{Context, Diagnostic, Rule, Severity};
use crate::source::yaml::ScalarValue;
use crate::source::{Kind, YamlNode, YamlValue, expand};

/// The kinds of storage provider, in the router's own names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProviderKind {
    Cdn,
    S3,
    Redis,
    FileSystem,
}

impl ProviderKind {
    fn name(self) -> &'static str {
        match self {
            ProviderKind::Cdn => "cdn",
            ProviderKind::S3 => "s3",
            ProviderKind::Redis => "redis",
            ProviderKind::FileSystem => "file_system",
        }
    }
}

/// Every provider id this file defines, by kind.
struct Registry<'a> {
    kinds: Vec<(ProviderKind, Vec<&'a Setting>)>,
    /// Kinds with an id supplied at run time (`${ID}`): any reference may reach them.
    uncertain: Vec<ProviderKind>,
    /// No `storage_providers.s3` list in this YAML: S3 providers may come from env overrides.
    s3_list_absent: bool,
}

impl<'a> Registry<'a> {
    fn new(ctx: &Context<'_>, config: &'a RouterSettings) -> Self {
        let s3: Vec<&Setting> = config
            .s3
            .iter()
            .flatten()
            .filter_map(|p| p.id.as_ref())
            .collect();
        let kinds = vec![
            (ProviderKind::Cdn, config.cdn_ids.iter().collect()),
            (ProviderKind::S3, s3),
            (ProviderKind::Redis, config.redis_ids.iter().collect()),
            (
                ProviderKind::FileSystem,
                config.file_system_ids.iter().collect(),
            ),
        ];
        let uncertain: Vec<ProviderKind> = kinds
            .iter()
            .filter(|(_, ids)| ids.iter().any(|id| is_runtime(ctx, id)))
            .map(|(kind, _)| *kind)
            .collect();
        Self {
            kinds,
            uncertain,
            s3_list_absent: config.s3.is_none(),
        }
    }

    fn ids(&self, kind: ProviderKind) -> &[&'a Setting] {
        self.kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(&[], |(_, ids)| ids.as_slice())
    }

    /// The first provider of `kind` with this id.
    fn find(&self, kind: ProviderKind, id: &str) -> Option<&'a Setting> {
        self.ids(kind).iter().copied().find(|s| s.value == id)
    }
}

/// A `$` reference in router YAML without `--env-file`: `os.ExpandEnv` rewrites the text
/// (a run-time `${NAME}`, or `$$` and the like), so the id the router sees is unknown.
fn is_runtime(ctx: &Context<'_>, setting: &Setting) -> bool {
    ctx.env.is_none() && (setting.reference || !expand::scan(&setting.value).is_empty())
}

/// What the router's feature settings say, as far as the references depend on them.
struct Features {
    /// `execution_config.file.path`, `router_config_path` or `execution_config.manifest.path`:
    /// the execution config is static and no storage lookup happens.
    static_config: bool,
    graph_token: bool,
    /// `Some(true)` only when known to be on; `None` when supplied at run time.
    fallback_enabled: Option<bool>,
    persisted_disabled: Option<bool>,
    manifest_enabled: Option<bool>,
    apq_enabled: Option<bool>,
    mcp_enabled: Option<bool>,
    connect_rpc_enabled: Option<bool>,
}

impl Features {
    fn read(ctx: &Context<'_>, root: &YamlNode) -> Self {
        let env_set = |name: &str| ctx.env_var(name).is_some_and(|v| !v.is_empty());
        // YAML wins over an env override when present (the YAML is read after the env).
        let text_set = |pointer: &str, env: &str| match root.pointer(pointer) {
            Some(node) if !node.is_null() => node.as_text().is_some_and(|t| !t.is_empty()),
            _ => env_set(env),
        };
        let flag = |pointer: &str, env: &str| match root.pointer(pointer) {
            Some(node) if !node.is_null() => match &node.value {
                YamlValue::Scalar {
                    value: ScalarValue::Bool(b),
                    ..
                } => Some(*b),
                _ => None,
            },
            _ => match ctx.env_var(env) {
                Some(v) => go_bool(v),
                None => Some(false),
            },
        };
        Self {
            static_config: text_set("/execution_config/file/path", "EXECUTION_CONFIG_FILE_PATH")
                || text_set("/router_config_path", "ROUTER_CONFIG_PATH")
                || text_set(
                    "/execution_config/manifest/path",
                    "EXECUTION_CONFIG_MANIFEST_PATH",
                ),
            graph_token: text_set("/graph/token", "GRAPH_API_TOKEN"),
            fallback_enabled: flag(
                "/execution_config/fallback_storage/enabled",
                "EXECUTION_CONFIG_FALLBACK_STORAGE_ENABLED",
            ),
            persisted_disabled: flag(
                "/persisted_operations/disabled",
                "PERSISTED_OPERATIONS_DISABLED",
            ),
            manifest_enabled: flag(
                "/persisted_operations/manifest/enabled",
                "PERSISTED_OPERATIONS_MANIFEST_ENABLED",
            ),
            apq_enabled: flag("/automatic_persisted_queries/enabled", "APQ_ENABLED"),
            mcp_enabled: flag("/mcp/enabled", "MCP_ENABLED"),
            connect_rpc_enabled: flag("/connect_rpc/enabled", "CONNECT_RPC_ENABLED"),
        }
    }

    /// Whether the router looks the feature's provider up at all.
    fn active(&self, feature: Feature) -> bool {
        match feature {
            Feature::ExecutionConfig => !self.static_config,
            Feature::ExecutionConfigFallback => {
                !self.static_config && self.fallback_enabled == Some(true)
            }
            Feature::PersistedOperations => self.persisted_disabled == Some(false),
            Feature::AutomaticPersistedQueries => self.apq_enabled == Some(true),
            Feature::Mcp => self.mcp_enabled == Some(true),
            Feature::ConnectRpc => self.connect_rpc_enabled == Some(true),
        }
    }

    /// The severity of a reference that reaches nothing usable: what the router then does.
    fn severity(&self, feature: Feature) -> Severity {
        match feature {
            Feature::AutomaticPersistedQueries => Severity::Warning,
            Feature::PersistedOperations if !self.graph_token => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// Go's `strconv.ParseBool`, as caarlos0/env reads a bool.
fn go_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

fn describe(feature: Feature) -> &'static str {
    match feature {
        Feature::ExecutionConfig => "execution_config.storage",
        Feature::ExecutionConfigFallback => "execution_config.fallback_storage",
        Feature::PersistedOperations => "persisted_operations.storage",
        Feature::AutomaticPersistedQueries => "automatic_persisted_queries.storage",
        Feature::Mcp => "mcp.storage",
        Feature::ConnectRpc => "connect_rpc.storage",
    }
}

/// The kinds a feature looks up, in the router's order.
fn lookup(feature: Feature) -> &'static [ProviderKind] {
    use ProviderKind::*;
    match feature {
        Feature::ExecutionConfig | Feature::ExecutionConfigFallback => &[Cdn, S3],
        Feature::PersistedOperations => &[Cdn, S3, FileSystem],
        Feature::AutomaticPersistedQueries => &[Redis],
        Feature::Mcp | Feature::ConnectRpc => &[FileSystem],
    }
}

/// What happens when the feature's provider is not found.
fn consequence(feature: Feature, features: &Features) -> &'static str {
    match feature {
        Feature::AutomaticPersistedQueries => "the router silently uses an in-memory cache instead",
        Feature::PersistedOperations if features.graph_token => "the router does not start",
        Feature::PersistedOperations => {
            "without a graph token persisted operations are silently off (with \
             GRAPH_API_TOKEN set, the router does not start)"
        }
        _ => "the router does not start",
    }
}

fn kinds_text(kinds: &[ProviderKind]) -> String {
    let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
    match names.as_slice() {
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
        [] => String::new(),
    }
}

pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.kind != Kind::Router {
        return;
    }
    let (Some(config), Some(root)) = (
        ctx.router_config(),
        ctx.yaml().and_then(|y| y.root.as_ref()),
    ) else {
        return;
    };
    let registry = Registry::new(ctx, config);
    let features = Features::read(ctx, root);

    duplicates(&registry, out);
    for reference in &config.references {
        judge(ctx, &registry, &features, reference, out);
    }
    same_primary_fallback(ctx, config, root, &features, out);
    unused(ctx, config, &registry, out);
}

/// CS403: two providers of one kind share an id.
fn duplicates(registry: &Registry<'_>, out: &mut Vec<Diagnostic>) {
    for (kind, ids) in &registry.kinds {
        for (i, id) in ids.iter().enumerate() {
            let Some(first) = ids[..i].iter().find(|earlier| earlier.value == id.value) else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    Rule::DuplicateProvider,
                    Severity::Error,
                    id.span,
                    format!(
                        "two {} providers have the id `{}`: the router does not start",
                        kind.name(),
                        id.value
                    ),
                )
                .with_pointer(&id.pointer)
                .with_label(first.span, "first defined here")
                .with_help("give each provider of a kind its own id"),
            );
        }
    }
}

/// CS401 / CS402 / CS404 for one reference.
fn judge(
    ctx: &Context<'_>,
    registry: &Registry<'_>,
    features: &Features,
    reference: &ProviderReference,
    out: &mut Vec<Diagnostic>,
) {
    let feature = reference.feature;
    let r = &reference.provider_id;
    // An empty id means the feature's default (the Cosmo CDN), not a reference.
    if r.value.is_empty() || is_runtime(ctx, r) || !features.active(feature) {
        return;
    }
    let id = r.value.as_str();
    let wanted = lookup(feature);
    let all = [
        ProviderKind::Cdn,
        ProviderKind::S3,
        ProviderKind::Redis,
        ProviderKind::FileSystem,
    ];
    let found: Vec<(ProviderKind, &Setting)> = all
        .iter()
        .filter_map(|&k| registry.find(k, id).map(|s| (k, s)))
        .collect();
    let usable: Vec<(ProviderKind, &Setting)> = wanted
        .iter()
        .filter_map(|&k| found.iter().find(|(f, _)| *f == k).copied())
        .collect();
    let what = describe(feature);
    let severity = features.severity(feature);

    if found.is_empty() {
        if all.iter().any(|k| registry.uncertain.contains(k)) {
            return;
        }
        let known: Vec<&str> = wanted
            .iter()
            .flat_map(|&k| registry.ids(k))
            .map(|s| s.value.as_str())
            .collect();
        let mut help = match (nearest(id, &known), known.as_slice()) {
            (Some(near), _) => format!("did you mean `{near}`?"),
            (None, [only]) => format!(
                "the only {} provider is `{only}`: did you mean it?",
                kinds_text(wanted)
            ),
            (None, _) => format!(
                "define a {} provider with this id under `storage_providers`",
                kinds_text(wanted)
            ),
        };
        // The known limitation, where it matters: an S3 provider defined only through
        // `STORAGE_PROVIDER_S3_*` overrides (or another CONFIG_PATH file) is not seen here.
        if registry.s3_list_absent && wanted.contains(&ProviderKind::S3) {
            help.push_str(
                " (an S3 provider defined only through STORAGE_PROVIDER_S3_* overrides or \
                 in another CONFIG_PATH file is not seen by this check)",
            );
        }
        out.push(
            Diagnostic::new(
                Rule::UnknownProvider,
                severity,
                r.span,
                format!(
                    "{what} names `{id}`, which no storage provider has: {}",
                    consequence(feature, features)
                ),
            )
            .with_pointer(&r.pointer)
            .with_help(help),
        );
    } else if usable.is_empty() {
        let mut d = Diagnostic::new(
            Rule::ProviderKind,
            severity,
            r.span,
            format!(
                "{what} needs a {} provider, but `{id}` is a {} provider: {}",
                kinds_text(wanted),
                kinds_text(&found.iter().map(|(k, _)| *k).collect::<Vec<_>>()),
                consequence(feature, features)
            ),
        )
        .with_pointer(&r.pointer)
        .with_help(format!("point it at a {} provider", kinds_text(wanted)));
        for (kind, s) in &found {
            d = d.with_label(s.span, format!("the {} provider `{id}`", kind.name()));
        }
        out.push(d);
    } else if usable.len() > 1 {
        let mut d = Diagnostic::new(
            Rule::ShadowedProvider,
            Severity::Warning,
            r.span,
            format!(
                "`{id}` names a {} provider: {what} uses the {} one and never the others",
                kinds_text(&usable.iter().map(|(k, _)| *k).collect::<Vec<_>>()),
                usable[0].0.name()
            ),
        )
        .with_pointer(&r.pointer)
        .with_help("give each provider its own id");
        for (i, (kind, s)) in usable.iter().enumerate() {
            let role = if i == 0 { "used" } else { "shadowed" };
            d = d.with_label(
                s.span,
                format!("the {} provider `{id}` ({role})", kind.name()),
            );
        }
        out.push(d);
    }

    // The manifest refuses a file_system id, whatever else has it (`IsFileSystem` first).
    if feature == Feature::PersistedOperations && features.manifest_enabled == Some(true) {
        if let Some(fs) = registry.find(ProviderKind::FileSystem, id) {
            out.push(
                Diagnostic::new(
                    Rule::ProviderKind,
                    Severity::Error,
                    r.span,
                    format!(
                        "the persisted operations manifest is enabled, but `{id}` is a \
                         file_system provider: the router does not start"
                    ),
                )
                .with_pointer(&r.pointer)
                .with_label(fs.span, format!("the file_system provider `{id}`"))
                .with_help("point persisted_operations.storage at an s3 or cdn provider"),
            );
        }
    }
}

/// CS405: the fallback execution config storage is the primary one.
fn same_primary_fallback(
    ctx: &Context<'_>,
    config: &RouterSettings,
    root: &YamlNode,
    features: &Features,
    out: &mut Vec<Diagnostic>,
) {
    if !features.active(Feature::ExecutionConfigFallback) {
        return;
    }
    let id_of = |feature: Feature| {
        config
            .references
            .iter()
            .find(|r| r.feature == feature)
            .map(|r| &r.provider_id)
    };
    let primary = id_of(Feature::ExecutionConfig);
    let fallback = id_of(Feature::ExecutionConfigFallback);
    if primary
        .into_iter()
        .chain(fallback)
        .any(|s| is_runtime(ctx, s))
    {
        return;
    }
    fn value(s: Option<&Setting>) -> &str {
        s.map_or("", |s| s.value.as_str())
    }
    if value(primary) != value(fallback) {
        return;
    }
    let enabled = root
        .pointer("/execution_config/fallback_storage")
        .and_then(|n| n.entry("enabled"));
    let (span, pointer) = match (fallback, enabled) {
        (Some(f), _) => (f.span, f.pointer.clone()),
        (None, Some(e)) => (
            e.key_span,
            "/execution_config/fallback_storage/enabled".into(),
        ),
        (None, None) => return,
    };
    let name = match value(fallback) {
        "" => "the default Cosmo CDN".to_string(),
        id => format!("`{id}`"),
    };
    let mut d = Diagnostic::new(
        Rule::SamePrimaryFallback,
        Severity::Error,
        span,
        format!(
            "the fallback execution config storage is {name}, the same as the primary: the \
             router does not start"
        ),
    )
    .with_pointer(pointer)
    .with_help("point fallback_storage at another provider, or disable it");
    if let Some(p) = primary {
        d = d.with_label(p.span, "the primary storage");
    }
    out.push(d);
}

/// CS406: an S3 provider that no feature able to use S3 names.
fn unused(
    ctx: &Context<'_>,
    config: &RouterSettings,
    registry: &Registry<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let s3_refs: Vec<&Setting> = config
        .references
        .iter()
        .filter(|r| lookup(r.feature).contains(&ProviderKind::S3))
        .map(|r| &r.provider_id)
        .collect();
    if s3_refs.iter().any(|r| is_runtime(ctx, r)) {
        return;
    }
    // A reference that names nothing (CS401, a typo of an id most likely) is the cause of a
    // provider going unused: one finding for it.
    let dangling = s3_refs.iter().any(|r| {
        !r.value.is_empty()
            && registry
                .kinds
                .iter()
                .all(|(k, _)| registry.find(*k, &r.value).is_none())
    });
    if dangling {
        return;
    }
    for provider in config.s3.iter().flatten() {
        let Some(id) = provider.id.as_ref() else {
            continue;
        };
        if id.value.is_empty() || is_runtime(ctx, id) || s3_refs.iter().any(|r| r.value == id.value)
        {
            continue;
        }
        out.push(
            Diagnostic::new(
                Rule::UnusedProvider,
                Severity::Info,
                id.span,
                format!("no feature uses the S3 provider `{}`", id.value),
            )
            .with_pointer(&id.pointer)
            .with_help("reference it from execution_config or persisted_operations, or remove it"),
        );
    }
}

/// The known id closest to `id` (at most 2 edits away), for a "did you mean".
fn nearest<'a>(id: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (distance(id, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Optimal string alignment distance (adjacent swaps count once: `minoi` → `minio`).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}
