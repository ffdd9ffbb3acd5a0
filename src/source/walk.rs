//! Walking a directory argument for the files `check` takes (DESIGN.md §6).

use super::kind::is_yaml_path;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The router's top-level config keys (router/pkg/config/config.schema.json, `properties`,
/// wundergraph/cosmo 6e0a147). A YAML file holding none of them is not a router config.
pub const ROUTER_TOP_LEVEL_KEYS: &[&str] = &[
    "access_logs",
    "apollo_compatibility_flags",
    "apollo_router_compatibility_flags",
    "authentication",
    "authorization",
    "automatic_persisted_queries",
    "batching",
    "cache_control_policy",
    "cache_warmup",
    "cdn",
    "client_header",
    "cluster",
    "compliance",
    "connect_rpc",
    "controlplane_url",
    "cors",
    "demo_mode",
    "dev_mode",
    "engine",
    "events",
    "execution_config",
    "file_upload",
    "grace_period",
    "graph",
    "graphql_metrics",
    "graphql_path",
    "headers",
    "health_check_path",
    "instance_id",
    "introspection",
    "introspection_enabled",
    "json_log",
    "listen_addr",
    "liveness_check_path",
    "localhost_fallback_inside_docker",
    "log_level",
    "log_service_name",
    "mcp",
    "modules",
    "override_routing_url",
    "overrides",
    "persisted_operations",
    "playground",
    "playground_enabled",
    "playground_path",
    "plugins",
    "poll_interval",
    "poll_jitter",
    "pyroscope",
    "query_plans_enabled",
    "rate_limit",
    "readiness_check_path",
    "router_config_path",
    "router_registration",
    "security",
    "shutdown_delay",
    "split_config_poller",
    "storage_providers",
    "subgraph_error_propagation",
    "subgraph_extension_propagation",
    "telemetry",
    "tls",
    "traffic_shaping",
    "version",
    "watch_config",
    "websocket",
];

/// What a directory walk found: the files to check, in path order, and notes for stderr.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    pub notes: Vec<String>,
}

/// `.env`, `.env.*`, `*.env`, `env.example`, `*.env.example`.
pub fn is_env_name(name: &str) -> bool {
    name == ".env"
        || name.starts_with(".env.")
        || name.ends_with(".env")
        || name == "env.example"
        || name.ends_with(".env.example")
}

/// Walk `dir` recursively. Hidden folders are skipped; a folder reached twice (through a
/// symlink loop or two links) is read once; a YAML file with none of the router's
/// top-level keys is left out with a note. A YAML file that cannot be read or parsed is
/// kept, so that its error is reported.
pub fn walk(dir: &Path) -> Walk {
    let mut out = Walk::default();
    let mut seen = HashSet::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        let Ok(real) = folder.canonicalize() else {
            out.notes.push(format!(
                "skipped {}: cannot resolve the folder",
                folder.display()
            ));
            continue;
        };
        if !seen.insert(real) {
            continue;
        }
        let entries = match std::fs::read_dir(&folder) {
            Ok(e) => e,
            Err(e) => {
                out.notes.push(format!("skipped {}: {e}", folder.display()));
                continue;
            }
        };
        let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        names.sort();
        let mut subfolders = Vec::new();
        for path in names {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let name = name.unwrap_or_default();
            if path.is_dir() {
                if !name.starts_with('.') {
                    subfolders.push(path);
                }
            } else if is_env_name(&name) {
                out.files.push(path);
            } else if is_yaml_path(&path) {
                match router_yaml(&path) {
                    true => out.files.push(path),
                    false => out.notes.push(format!(
                        "skipped {}: not a router config (none of the router's top-level keys)",
                        path.display()
                    )),
                }
            }
        }
        // Depth first, in name order.
        pending.extend(subfolders.into_iter().rev());
    }
    out.files.sort();
    out
}

/// Whether a YAML file should be checked as a router config.
fn router_yaml(path: &Path) -> bool {
    let Ok(text) = super::read::read_source(path) else {
        return true;
    };
    // Most router configs are block mappings whose top-level keys sit at column 0: read
    // those from the text, so walking a folder does not parse every config twice. Anything
    // else is parsed, so a file that does not parse is still taken (and reported as CS001).
    if block_top_level_keys(&text)
        .is_some_and(|keys| keys.iter().any(|k| ROUTER_TOP_LEVEL_KEYS.contains(k)))
    {
        return true;
    }
    let doc = super::yaml::parse(&text);
    let Some(root) = doc.root else {
        // A syntax error is a finding; an empty file is not a router config.
        return !doc.problems.is_empty();
    };
    root.entries()
        .iter()
        .any(|e| ROUTER_TOP_LEVEL_KEYS.contains(&e.key.as_str()))
}

/// The top-level keys of the first document when it is a plain block mapping, or `None`
/// when the text does not make that certain (then the caller parses).
fn block_top_level_keys(text: &str) -> Option<Vec<&str>> {
    let mut keys = Vec::new();
    for line in text.trim_start_matches('\u{feff}').lines() {
        let line = line.trim_end_matches('\r');
        let first = line.chars().next();
        match first {
            None | Some(' ' | '\t' | '#') => continue,
            Some('%') if keys.is_empty() => continue,
            _ => {}
        }
        if line.starts_with("---") || line.starts_with("...") {
            if keys.is_empty() {
                continue;
            }
            break; // a later document: the router reads only the first
        }
        if matches!(
            first,
            Some('{' | '[' | '-' | '?' | '&' | '*' | '!' | '|' | '>')
        ) {
            return None;
        }
        let (key, rest) = line.split_once(':')?;
        if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
            return None;
        }
        let key = key.trim_end();
        let key = key
            .strip_prefix('"')
            .and_then(|k| k.strip_suffix('"'))
            .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
            .unwrap_or(key);
        keys.push(key);
    }
    (!keys.is_empty()).then_some(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_keys_from_text_or_none() {
        let text =
            "# c\nversion: \"1\"\n\nstorage_providers:\n  s3: []\n'cors': {}\n---\nother: 1\n";
        assert_eq!(
            block_top_level_keys(text),
            Some(vec!["version", "storage_providers", "cors"])
        );
        assert_eq!(block_top_level_keys("{a: 1}\n"), None);
        assert_eq!(block_top_level_keys("- a\n"), None);
        assert_eq!(block_top_level_keys("a:b\n"), None);
        assert_eq!(block_top_level_keys("\n# only comments\n"), None);
    }

    #[test]
    fn env_names() {
        for n in [
            ".env",
            ".env.local",
            "cdn.env",
            "env.example",
            "prod.env.example",
        ] {
            assert!(is_env_name(n), "{n}");
        }
        for n in ["env", "environment", ".envrc", "env.sample", "a.env.bak"] {
            assert!(!is_env_name(n), "{n}");
        }
    }

    #[test]
    fn walks_takes_and_skips() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("cdn")).unwrap();
        std::fs::create_dir_all(d.join(".git/hooks")).unwrap();
        std::fs::write(d.join(".git/hooks/.env"), "A=1").unwrap();
        std::fs::write(d.join("cdn/.env"), "A=1").unwrap();
        std::fs::write(d.join("config.yaml"), "storage_providers:\n  s3: []\n").unwrap();
        std::fs::write(d.join("compose.yml"), "services:\n  x: {}\n").unwrap();
        std::fs::write(d.join("broken.yaml"), "a: [1\n").unwrap();
        std::fs::write(d.join("README.md"), "x").unwrap();
        std::fs::write(d.join("env.example"), "A=1").unwrap();
        let w = walk(d);
        let rel: Vec<String> = w
            .files
            .iter()
            .map(|p| p.strip_prefix(d).unwrap().display().to_string())
            .collect();
        assert_eq!(
            rel,
            ["broken.yaml", "cdn/.env", "config.yaml", "env.example"]
        );
        assert_eq!(w.notes.len(), 1);
        assert!(w.notes[0].contains("compose.yml"), "{:?}", w.notes);
        assert!(w.notes[0].contains("not a router config"), "{:?}", w.notes);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_ends() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("a")).unwrap();
        std::fs::write(d.join("a/.env"), "A=1").unwrap();
        std::os::unix::fs::symlink(d, d.join("a/loop")).unwrap();
        let w = walk(d);
        assert_eq!(w.files, [d.join("a/.env")]);
    }
}
