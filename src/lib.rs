//! cosmo-s3: check, resolve, migrate and probe the S3 settings of WunderGraph Cosmo.
//!
//! The library computes and returns values; only the binary prints. Data flows one way:
//! [`source`] (files → span-carrying documents) → [`model`] + [`resolve`] (typed settings,
//! what each component derives) → [`rules`] (diagnostics with fixes) → [`render`] (text).
//! [`migrate`] applies the fixes; `probe` starts from the resolved settings.

pub mod check;
pub mod cli;
pub mod input;
pub mod migrate;
pub mod model;
pub mod probe;
pub mod render;
pub mod resolve;
pub mod rules;
pub mod schema;
pub mod scrub;
pub mod secrets;
pub mod source;
pub mod span;
