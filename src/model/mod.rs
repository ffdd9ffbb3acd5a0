//! Typed settings per component: the source of the JSON schemas (`schema`), and the builders
//! that turn a parsed document into values that keep, for every field, its span and pointer.
//!
//! `router` and `node` describe the new shape (DESIGN.md §2, §4) for `schemars`; `settings`
//! holds the span-carrying view the rules and `resolve` work from.

pub mod node;
pub mod router;
pub mod settings;

pub use settings::{
    Feature, NodeSettings, ProviderReference, RouterSettings, S3ProviderSettings, Setting,
    effective_s3_providers, is_runtime_reference, node_settings, router_env_providers,
    router_settings,
};
