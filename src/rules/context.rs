//! What every rule family sees of one file: its text, parsed document, settings and what the
//! component resolves them to.

use crate::model::settings::{NodeSettings, RouterSettings, S3ProviderSettings, Setting};
use crate::resolve::Resolved;
use crate::rules::Target;
use crate::source::{Document, EnvDocument, Kind, YamlDocument};

/// The settings of one file, by component.
#[derive(Debug, Clone)]
pub enum Settings {
    /// Router YAML or router-env: the providers the router ends up with (YAML list, or the
    /// `STORAGE_PROVIDER_S3_{n}_*` overrides of a router-env file) and the references.
    Router {
        config: RouterSettings,
        providers: Vec<S3ProviderSettings>,
        /// One per provider, same order.
        resolved: Vec<Resolved>,
    },
    /// Controlplane or cdn env file.
    Node {
        settings: NodeSettings,
        /// Controlplane: primary then failover (when set); cdn: primary.
        resolved: Vec<Resolved>,
    },
}

/// Everything a rule may read about one file. Rules never read the file system or the
/// process environment.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub text: &'a str,
    pub kind: Kind,
    pub target: Target,
    /// `--env-file` variables (router YAML only; `None` without `--env-file`). With them the
    /// router YAML was expanded before parsing, so settings hold the expanded values.
    pub env: Option<&'a [(String, String)]>,
    pub document: &'a Document,
    pub settings: &'a Settings,
}

impl<'a> Context<'a> {
    pub fn yaml(&self) -> Option<&'a YamlDocument> {
        match self.document {
            Document::Yaml(doc) => Some(doc),
            Document::Env(_) => None,
        }
    }

    pub fn env_document(&self) -> Option<&'a EnvDocument> {
        match self.document {
            Document::Env(doc) => Some(doc),
            Document::Yaml(_) => None,
        }
    }

    /// Router providers (YAML or router-env) with their resolved clients.
    pub fn providers(
        &self,
    ) -> impl Iterator<Item = (&'a S3ProviderSettings, Option<&'a Resolved>)> {
        let (providers, resolved): (&[S3ProviderSettings], &[Resolved]) = match self.settings {
            Settings::Router {
                providers,
                resolved,
                ..
            } => (providers, resolved),
            Settings::Node { .. } => (&[], &[]),
        };
        providers
            .iter()
            .enumerate()
            .map(move |(i, p)| (p, resolved.get(i)))
    }

    pub fn router_config(&self) -> Option<&'a RouterSettings> {
        match self.settings {
            Settings::Router { config, .. } => Some(config),
            Settings::Node { .. } => None,
        }
    }

    pub fn node(&self) -> Option<&'a NodeSettings> {
        match self.settings {
            Settings::Node { settings, .. } => Some(settings),
            Settings::Router { .. } => None,
        }
    }

    /// Node variable `name` (last assignment wins).
    pub fn var(&self, name: &str) -> Option<&'a Setting> {
        self.node().and_then(|n| n.get(name))
    }

    pub fn resolved(&self) -> &'a [Resolved] {
        match self.settings {
            Settings::Router { resolved, .. } | Settings::Node { resolved, .. } => resolved,
        }
    }

    /// A variable from `--env-file` (router YAML).
    pub fn env_var(&self, name: &str) -> Option<&'a str> {
        self.env?
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// "Set" means present and non-empty, everywhere in the rules (DESIGN.md §6).
pub fn is_set(setting: Option<&Setting>) -> bool {
    setting.is_some_and(|s| !s.value.is_empty())
}
