//! The router config's S3-related sections in the new shape (DESIGN.md §2, §3).
//!
//! Closed (unknown keys refused, as the router's own schema does): `storage_providers` and
//! its items, and the `storage` objects the router closes. Open: the rest of the router
//! config, which this tool does not judge. For `storage_providers` this accepts exactly what
//! the router's `config.schema.json` accepts, plus `session_token` (tests/schema_upstream.rs).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The router config (`config.yaml`), S3-related sections only.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "Cosmo router configuration (S3-related sections)")]
pub struct RouterConfig {
    /// Storage providers the router can load execution configs, persisted operations, APQ
    /// caches and MCP / ConnectRPC operations from.
    #[schemars(title = "Storage providers")]
    #[serde(default)]
    pub storage_providers: StorageProviders,
    /// Where the router loads its execution config from.
    #[schemars(title = "Execution config")]
    #[serde(default)]
    pub execution_config: ExecutionConfig,
    /// Persisted operations and where they are stored.
    #[schemars(title = "Persisted operations")]
    #[serde(default)]
    pub persisted_operations: PersistedOperations,
    /// Automatic persisted queries and their cache.
    #[schemars(title = "Automatic persisted queries")]
    #[serde(default)]
    pub automatic_persisted_queries: AutomaticPersistedQueries,
    /// The MCP server and where its operations are loaded from.
    #[schemars(title = "MCP")]
    #[serde(default)]
    pub mcp: FeatureWithStorage,
    /// The ConnectRPC server and where its proto files are loaded from.
    #[schemars(title = "ConnectRPC")]
    #[serde(default)]
    pub connect_rpc: FeatureWithStorage,
}

/// Providers by kind. Ids must be unique within a kind.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StorageProviders {
    /// S3-compatible object stores (minio-go v7).
    #[schemars(title = "S3 providers")]
    #[serde(default)]
    pub s3: Vec<S3Provider>,
    /// Cosmo-CDN-compatible HTTP providers.
    #[schemars(title = "CDN providers")]
    #[serde(default)]
    pub cdn: Vec<CdnProvider>,
    /// Redis providers (automatic persisted queries).
    #[schemars(title = "Redis providers")]
    #[serde(default)]
    pub redis: Vec<RedisProvider>,
    /// Local directories (MCP, ConnectRPC, persisted operations).
    #[schemars(title = "File system providers")]
    #[serde(default)]
    pub file_system: Vec<FileSystemProvider>,
}

/// One S3 provider. Give both keys or neither: without keys minio-go's IAM chain runs (web
/// identity, ECS, EKS Pod Identity, EC2 instance metadata).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct S3Provider {
    /// Unique among the S3 providers; features refer to it by `provider_id`.
    #[schemars(title = "Provider id", example = &"s3")]
    pub id: String,
    /// `host[:port]` only: no scheme (use `secure`), no path. Env:
    /// `STORAGE_PROVIDER_S3_{n}_ENDPOINT`.
    #[schemars(title = "Endpoint", example = &"s3.eu-west-1.amazonaws.com")]
    pub endpoint: String,
    /// The bucket name (S3 bucket naming rules). Env: `STORAGE_PROVIDER_S3_{n}_BUCKET`.
    #[schemars(title = "Bucket", example = &"cosmo")]
    pub bucket: String,
    /// The bucket's region. Empty: minio-go takes it from a regional AWS host, otherwise asks
    /// the bucket's location first (needs `s3:GetBucketLocation`).
    #[schemars(title = "Region", example = &"eu-west-1")]
    #[serde(default)]
    pub region: String,
    /// `true` means https. Default false.
    #[schemars(title = "Secure (https)", example = true)]
    #[serde(default)]
    pub secure: bool,
    /// Access key id; used only when `secret_key` is also non-empty.
    #[schemars(title = "Access key id", example = &"${S3_ACCESS_KEY_ID}")]
    #[serde(default)]
    pub access_key: String,
    /// Secret access key; used only when `access_key` is also non-empty. Prefer a
    /// `${NAME}` reference or the `STORAGE_PROVIDER_S3_{n}_SECRET_KEY` override.
    #[schemars(title = "Secret access key", example = &"${S3_SECRET_ACCESS_KEY}")]
    #[serde(default)]
    pub secret_key: String,
    /// Session token of temporary credentials (new); used only together with both keys.
    /// Empty means no token.
    #[schemars(title = "Session token", example = &"${AWS_SESSION_TOKEN}")]
    #[serde(default)]
    pub session_token: String,
}

/// A CDN provider.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CdnProvider {
    /// Unique among the CDN providers.
    #[schemars(title = "Provider id", example = &"cdn")]
    pub id: String,
    /// The CDN's base URL.
    #[schemars(title = "URL", example = &"https://cosmo-cdn.wundergraph.com")]
    pub url: String,
}

/// A Redis provider.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RedisProvider {
    /// Unique among the Redis providers.
    #[schemars(title = "Provider id", example = &"redis")]
    pub id: String,
    /// Redis URLs (cluster seeds when `cluster_enabled`).
    #[schemars(title = "URLs", example = vec!["redis://localhost:6379"])]
    pub urls: Vec<String>,
    /// Use the Redis Cluster client.
    #[schemars(title = "Cluster enabled", example = false)]
    #[serde(default)]
    pub cluster_enabled: bool,
}

/// A local directory provider.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileSystemProvider {
    /// Unique among the file system providers.
    #[schemars(title = "Provider id", example = &"fs")]
    pub id: String,
    /// The directory data is read from.
    #[schemars(title = "Path", example = &"./operations")]
    pub path: String,
}

/// `execution_config`: only its storage references are described.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct ExecutionConfig {
    /// Primary storage: looks the id up among cdn, then s3 providers.
    #[schemars(title = "Storage")]
    #[serde(default)]
    pub storage: StorageReference,
    /// Used when the primary fails; must name another provider when enabled.
    #[schemars(title = "Fallback storage")]
    #[serde(default)]
    pub fallback_storage: FallbackStorage,
}

/// A reference to a storage provider, plus the object it names.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct StorageReference {
    /// The `id` of a provider under `storage_providers`.
    #[schemars(title = "Provider id", example = &"s3")]
    pub provider_id: String,
    /// The object's path in the provider.
    #[schemars(title = "Object path", example = &"router.json")]
    #[serde(default)]
    pub object_path: String,
    /// The prefix put in front of an operation's hash.
    #[schemars(title = "Object prefix", example = &"operations")]
    #[serde(default)]
    pub object_prefix: String,
}

/// `execution_config.fallback_storage`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct FallbackStorage {
    /// Whether the fallback is used.
    #[schemars(title = "Enabled", example = true)]
    pub enabled: bool,
    /// The `id` of a cdn or s3 provider, other than the primary's.
    #[schemars(title = "Provider id", example = &"s3-fallback")]
    #[serde(default)]
    pub provider_id: String,
    /// The object's path in the provider.
    #[schemars(title = "Object path", example = &"router.json")]
    #[serde(default)]
    pub object_path: String,
}

/// `persisted_operations`: only its storage reference is described.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct PersistedOperations {
    /// Looks the id up among cdn, s3, then file_system providers.
    #[schemars(title = "Storage")]
    #[serde(default)]
    pub storage: StorageReference,
}

/// `automatic_persisted_queries`: only its storage reference is described.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct AutomaticPersistedQueries {
    /// Needs a redis provider; an unknown id silently falls back to an in-memory cache.
    #[schemars(title = "Storage")]
    #[serde(default)]
    pub storage: StorageReference,
}

/// `mcp` and `connect_rpc`: only their storage reference is described.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct FeatureWithStorage {
    /// Whether the feature runs (its storage is looked up only then).
    #[schemars(title = "Enabled", example = true)]
    #[serde(default)]
    pub enabled: bool,
    /// Needs a file_system provider.
    #[schemars(title = "Storage")]
    #[serde(default)]
    pub storage: ClosedStorageReference,
}

/// A storage reference the router closes (no other keys).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClosedStorageReference {
    /// The `id` of a file_system provider.
    #[schemars(title = "Provider id", example = &"fs")]
    pub provider_id: String,
}
