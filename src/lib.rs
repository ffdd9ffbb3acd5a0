//! cosmo-s3: check, resolve, migrate and probe the S3 settings of WunderGraph Cosmo.
//!
//! The library computes and returns values; only the binary prints. Data flows one way:
//! [`source`] (files → span-carrying documents) → [`model`] + [`resolve`] (typed settings,
//! what each component derives) → [`rules`] (diagnostics with fixes) → `render` in the binary.

pub mod cli;
pub mod probe;
pub mod resolve;
pub mod rules;
pub mod source;
pub mod span;
