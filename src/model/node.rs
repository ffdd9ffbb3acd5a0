//! The controlplane's and the cdn-server's S3 variables (DESIGN.md §4), for the env schemas.
//!
//! Every value is a string: that is all an environment holds. Whether a string is a usable
//! boolean (`S3_FORCE_PATH_STYLE=yes`) is rule CS310's concern, not the schema's. Variables
//! other than these (`DB_URL`, ...) are allowed: the components read many more; an unknown
//! `S3_*` name is rule CS003's concern.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The S3 variables the controlplane reads (`controlplane/src/core/env.schema.ts`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "Cosmo controlplane S3 environment")]
#[allow(non_snake_case)]
pub struct ControlplaneEnv {
    /// Where the controlplane stores blobs: `http(s)://[user:password@]host[:port]/bucket` (path
    /// style) or `https://bucket.host` (virtual host). Credentials belong in
    /// `S3_ACCESS_KEY_ID` / `S3_SECRET_ACCESS_KEY`, not in the URL.
    #[schemars(title = "Storage URL", example = &"http://minio:9000/cosmo")]
    pub S3_STORAGE_URL: String,
    /// Custom endpoint; empty means the URL's origin (without the bucket label).
    #[schemars(title = "Endpoint", example = &"https://s3.eu-west-1.amazonaws.com")]
    #[serde(default)]
    pub S3_ENDPOINT: String,
    /// The bucket's region. Unset means `auto`; present but empty stops the controlplane
    /// ("Missing region in S3 configuration."). On AWS it must be the bucket's real region.
    #[schemars(title = "Region", example = &"eu-west-1")]
    #[serde(default)]
    pub S3_REGION: String,
    /// Access key id. Empty (with an empty URL username) lets the AWS SDK default chain run.
    #[schemars(title = "Access key id", example = &"AKIAIOSFODNN7EXAMPLE")]
    #[serde(default)]
    pub S3_ACCESS_KEY_ID: String,
    /// Secret access key; used only together with the access key id.
    #[schemars(title = "Secret access key", example = &"${S3_SECRET_ACCESS_KEY}")]
    #[serde(default)]
    pub S3_SECRET_ACCESS_KEY: String,
    /// Session token of temporary credentials (new); used only together with both keys.
    #[schemars(title = "Session token", example = &"${AWS_SESSION_TOKEN}")]
    #[serde(default)]
    pub S3_SESSION_TOKEN: String,
    /// `true` for path-style addressing; any other value is false; unset means true.
    #[schemars(title = "Force path style", example = &"true")]
    #[serde(default)]
    pub S3_FORCE_PATH_STYLE: String,
    /// `true` to delete objects one by one (services without DeleteObjects).
    #[schemars(title = "Use individual deletes", example = &"false")]
    #[serde(default)]
    pub S3_USE_INDIVIDUAL_DELETES: String,
    /// Failover storage URL; when set, a second client is built from the `S3_FAILOVER_*` set.
    #[schemars(title = "Failover storage URL", example = &"http://minio-b:9000/cosmo")]
    #[serde(default)]
    pub S3_FAILOVER_STORAGE_URL: String,
    /// Failover custom endpoint; empty means the failover URL's origin.
    #[schemars(title = "Failover endpoint", example = &"http://minio-b:9000")]
    #[serde(default)]
    pub S3_FAILOVER_ENDPOINT: String,
    /// Failover region; unset means `auto`, present but empty stops the controlplane.
    #[schemars(title = "Failover region", example = &"eu-central-1")]
    #[serde(default)]
    pub S3_FAILOVER_REGION: String,
    /// Failover access key id.
    #[schemars(title = "Failover access key id", example = &"AKIAIOSFODNN7EXAMPLE")]
    #[serde(default)]
    pub S3_FAILOVER_ACCESS_KEY_ID: String,
    /// Failover secret access key.
    #[schemars(
        title = "Failover secret access key",
        example = &"${S3_FAILOVER_SECRET_ACCESS_KEY}"
    )]
    #[serde(default)]
    pub S3_FAILOVER_SECRET_ACCESS_KEY: String,
    /// Failover session token (new); used only together with both failover keys.
    #[schemars(title = "Failover session token", example = &"${AWS_SESSION_TOKEN}")]
    #[serde(default)]
    pub S3_FAILOVER_SESSION_TOKEN: String,
    /// `true` for path style on the failover; unset means auto-detect from the URL.
    #[schemars(title = "Failover force path style", example = &"true")]
    #[serde(default)]
    pub S3_FAILOVER_FORCE_PATH_STYLE: String,
    /// `true` to delete failover objects one by one.
    #[schemars(title = "Failover use individual deletes", example = &"false")]
    #[serde(default)]
    pub S3_FAILOVER_USE_INDIVIDUAL_DELETES: String,
}

/// The S3 variables the cdn-server reads (`cdn-server/src/s3.ts`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "Cosmo cdn-server S3 environment")]
#[allow(non_snake_case)]
pub struct CdnEnv {
    /// Where the cdn reads blobs from. Its query may carry `region` and `endpoint`, which win
    /// over `S3_REGION` and `S3_ENDPOINT`.
    #[schemars(title = "Storage URL", example = &"https://cosmo-cdn.s3.eu-west-1.amazonaws.com")]
    pub S3_STORAGE_URL: String,
    /// Region when the URL has no `region` parameter; unset means `default`, present but
    /// empty stops the cdn ("Missing region in S3 configuration.").
    #[schemars(title = "Region", example = &"eu-west-1")]
    #[serde(default)]
    pub S3_REGION: String,
    /// Custom endpoint when the URL has no `endpoint` parameter.
    #[schemars(title = "Endpoint", example = &"http://minio:9000")]
    #[serde(default)]
    pub S3_ENDPOINT: String,
    /// Access key id. Empty (with an empty URL username) lets the AWS SDK default chain run.
    #[schemars(title = "Access key id", example = &"AKIAIOSFODNN7EXAMPLE")]
    #[serde(default)]
    pub S3_ACCESS_KEY_ID: String,
    /// Secret access key; used only together with the access key id.
    #[schemars(title = "Secret access key", example = &"${S3_SECRET_ACCESS_KEY}")]
    #[serde(default)]
    pub S3_SECRET_ACCESS_KEY: String,
    /// Session token of temporary credentials (new); used only together with both keys.
    #[schemars(title = "Session token", example = &"${AWS_SESSION_TOKEN}")]
    #[serde(default)]
    pub S3_SESSION_TOKEN: String,
    /// `true` for path-style addressing; anything else (and unset) is false.
    #[schemars(title = "Force path style", example = &"true")]
    #[serde(default)]
    pub S3_FORCE_PATH_STYLE: String,
}
