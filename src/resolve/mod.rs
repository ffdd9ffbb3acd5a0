//! What each component derives from its settings: one [`ResolvedClient`] per S3 client it builds.
//!
//! Router: `router.rs` (minio-go v7.0.74 endpoint and addressing rules).
//! Controlplane and cdn-server: `node.rs` (Cosmo's `createS3ClientConfig` + AWS SDK v3).

pub mod node;
pub mod router;

use serde::Serialize;

/// Which component builds the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Component {
    Router,
    Controlplane,
    Cdn,
}

impl Component {
    pub fn as_str(self) -> &'static str {
        match self {
            Component::Router => "router",
            Component::Controlplane => "controlplane",
            Component::Cdn => "cdn",
        }
    }
}

/// Where the client's credentials come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CredentialSource {
    /// Signs with configured keys.
    Static,
    /// Node components: the AWS SDK default credential chain.
    DefaultChain,
    /// Router: minio-go's IAM provider (web identity, ECS, Pod Identity, IMDS).
    IamChain,
    /// Nothing left: unsigned requests.
    Anonymous,
}

/// The HeadBucket request the component's SDK would send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Request {
    pub scheme: String,
    /// Host without the port.
    pub host: String,
    /// `None` when it is the scheme's default.
    pub port: Option<u16>,
    pub path: String,
}

/// Why the component would fail before sending anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientError {
    pub code: String,
    pub message: String,
}

/// One S3 client a component builds, and what it will really use. Holds no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedClient {
    pub component: Component,
    /// Router: the provider id; controlplane: `primary`/`failover`; cdn: `primary`.
    pub name: String,
    pub bucket: Option<String>,
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub force_path_style: Option<bool>,
    pub request: Option<Request>,
    pub credential_source: CredentialSource,
    pub session_token: bool,
    /// First four characters of an AWS-shaped (>= 16 chars) access key id, else `None`.
    pub access_key_id_prefix: Option<String>,
    pub error: Option<ClientError>,
}

/// The part of an access key id that may be shown (DESIGN.md §6).
pub fn access_key_id_prefix(key: &str) -> Option<String> {
    (key.chars().count() >= 16).then(|| key.chars().take(4).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_aws_shaped_ids_show_a_prefix() {
        assert_eq!(
            access_key_id_prefix("AKIAEXAMPLE000000000").as_deref(),
            Some("AKIA")
        );
        assert_eq!(access_key_id_prefix("admin"), None);
        assert_eq!(
            access_key_id_prefix("Pj6opX3288YukriGCzIr").as_deref(),
            Some("Pj6o")
        );
    }
}

/// The static keys a client would sign with. Only `probe` reads the secret parts; `Debug` and
/// every other view redact them.
#[derive(Clone, PartialEq, Eq)]
pub struct StaticKeys {
    pub access_key: String,
    pub secret_key: String,
    /// Non-empty session token, if any (already dropped for targets without token support).
    pub session_token: Option<String>,
}

impl std::fmt::Debug for StaticKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaticKeys")
            .field(
                "access_key_id_prefix",
                &access_key_id_prefix(&self.access_key),
            )
            .field(
                "secret_key",
                &format_args!("<{} chars>", self.secret_key.chars().count()),
            )
            .field(
                "session_token",
                &self.session_token.as_ref().map(|t| t.chars().count()),
            )
            .finish()
    }
}

/// A resolved client plus the keys it would sign with (for `probe`; never rendered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub client: ResolvedClient,
    pub keys: Option<StaticKeys>,
}
