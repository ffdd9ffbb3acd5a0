//! Prints the resolved clients of a controlplane or cdn env file as a JSON list.
//!
//! A stand-in for `cosmo-s3 resolve --format json` used by `scripts/differential-resolve`
//! while the CLI is wired: `cargo run --release --example resolve_node -- controlplane FILE
//! [next|current|legacy]`. The file is read with a deliberately simple reader (one
//! `KEY=VALUE` per line, split at the first `=`, one pair of surrounding quotes removed, no
//! escapes and no comments after values), so the generated inputs must stay within that
//! format.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use cosmo_s3::resolve::{Component, node};
use cosmo_s3::rules::Target;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (component, path) = match (args.first().map(String::as_str), args.get(1)) {
        (Some("controlplane"), Some(p)) => (Component::Controlplane, p),
        (Some("cdn"), Some(p)) => (Component::Cdn, p),
        _ => {
            eprintln!("usage: resolve_node controlplane|cdn FILE [next|current|legacy]");
            std::process::exit(2);
        }
    };
    let target = match args.get(2).map(String::as_str) {
        None | Some("next") => Target::Next,
        Some("current") => Target::Current,
        Some("legacy") => Target::Legacy,
        Some(other) => {
            eprintln!("unknown target {other}");
            std::process::exit(2);
        }
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let vars: Vec<(String, String)> = text
        .lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), unquote(v).to_string()))
        .collect();
    let clients: Vec<_> = node::resolve(component, &vars, target)
        .into_iter()
        .map(|r| r.client)
        .collect();
    match serde_json::to_string(&clients) {
        Ok(json) => println!("{json}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}

/// Drop one pair of matching surrounding quotes; nothing inside is unescaped.
fn unquote(value: &str) -> &str {
    for q in ['"', '\'', '`'] {
        if let Some(inner) = value.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    value
}
