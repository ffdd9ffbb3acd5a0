//! Test support: a [`Context`] built from text the way `check` builds it.

use crate::model::settings::{
    RouterSettings, S3ProviderSettings, effective_s3_providers, node_settings,
    router_env_providers, router_settings,
};
use crate::resolve::{self, Component};
use crate::rules::{Context, Diagnostic, Settings, Target};
use crate::source::{Document, Kind, dotenv, godotenv, yaml};

/// An owned file: text, parsed document and settings.
#[derive(Debug)]
pub(crate) struct Fixture {
    pub text: String,
    pub kind: Kind,
    pub env: Option<Vec<(String, String)>>,
    pub document: Document,
    pub settings: Settings,
}

impl Fixture {
    pub fn new(kind: Kind, text: &str) -> Self {
        Self::with_env(kind, text, None)
    }

    /// Router YAML read with `--env-file` variables (expanded before parsing).
    pub fn with_env(kind: Kind, text: &str, env: Option<&[(&str, &str)]>) -> Self {
        let env: Option<Vec<(String, String)>> = env.map(|vars| {
            vars.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        });
        let target = Target::Next;
        let (document, settings) = match kind {
            Kind::Router => {
                let doc = match &env {
                    Some(vars) => yaml::parse_with_env(text, &|name| {
                        vars.iter()
                            .rev()
                            .find(|(k, _)| k == name)
                            .map(|(_, v)| v.clone())
                    }),
                    None => yaml::parse(text),
                };
                let config = doc.root.as_ref().map(router_settings).unwrap_or_default();
                let providers = effective_s3_providers(&config, Vec::new());
                let settings = router(config, providers, target);
                (Document::Yaml(doc), settings)
            }
            Kind::RouterEnv => {
                let doc = godotenv::parse(text);
                let providers = router_env_providers(&doc);
                let settings = router(RouterSettings::default(), providers, target);
                (Document::Env(doc), settings)
            }
            Kind::Controlplane | Kind::Cdn => {
                let doc = dotenv::parse(text);
                let settings = node_settings(&doc, kind);
                let component = if kind == Kind::Cdn {
                    Component::Cdn
                } else {
                    Component::Controlplane
                };
                let resolved = resolve::node::resolve(component, &settings.pairs(), target);
                (Document::Env(doc), Settings::Node { settings, resolved })
            }
        };
        Self {
            text: text.to_string(),
            kind,
            env,
            document,
            settings,
        }
    }

    pub fn ctx(&self) -> Context<'_> {
        Context {
            text: &self.text,
            kind: self.kind,
            target: Target::Next,
            env: self.env.as_deref(),
            document: &self.document,
            settings: &self.settings,
        }
    }

    /// `(code, severity, spanned text)` of each finding, in order.
    pub fn summary(&self, diagnostics: &[Diagnostic]) -> Vec<(String, String, String)> {
        diagnostics
            .iter()
            .map(|d| {
                (
                    d.rule.code().to_string(),
                    d.severity.as_str().to_string(),
                    d.span.slice(&self.text).to_string(),
                )
            })
            .collect()
    }

    /// The file with a finding's fix applied (edits back to front).
    pub fn fixed(&self, d: &Diagnostic) -> String {
        let mut text = self.text.clone();
        let mut edits = d.fix.clone().expect("a fix").edits;
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        for e in edits {
            text.replace_range(e.span.start..e.span.end, &e.content);
        }
        text
    }
}

fn router(config: RouterSettings, providers: Vec<S3ProviderSettings>, target: Target) -> Settings {
    let plain: Vec<_> = providers
        .iter()
        .map(S3ProviderSettings::to_provider)
        .collect();
    let resolved = resolve::router::resolve(&plain, target);
    Settings::Router {
        config,
        providers,
        resolved,
    }
}
