//! Output of `resolve`: what each component will really use (DESIGN.md §6). No secrets: the
//! clients carry none.

use crate::resolve::{CredentialSource, ResolvedClient};
use crate::rules::Target;
use crate::source::Kind;
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::PathBuf;

/// One file's outcome: its clients, or why it could not be read.
pub type ResolvedFile = (PathBuf, Option<Kind>, Result<Vec<ResolvedClient>, String>);

pub fn json(target: Target, files: &[ResolvedFile]) -> String {
    let files: Vec<Value> = files
        .iter()
        .map(|(path, kind, clients)| {
            let mut obj = serde_json::Map::new();
            obj.insert("path".into(), json!(path.display().to_string()));
            obj.insert("kind".into(), json!(kind.map(Kind::as_str)));
            match clients {
                Ok(clients) => obj.insert("clients".into(), json!(clients)),
                Err(message) => obj.insert("error".into(), json!({ "message": message })),
            };
            Value::Object(obj)
        })
        .collect();
    let doc = json!({ "version": 1, "target": target, "files": files });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

fn source_text(source: CredentialSource) -> &'static str {
    match source {
        CredentialSource::Static => "static keys from the config",
        CredentialSource::DefaultChain => "AWS SDK default credential chain",
        CredentialSource::IamChain => "minio-go IAM chain (web identity, ECS, Pod Identity, IMDS)",
        CredentialSource::Anonymous => "anonymous (unsigned requests)",
    }
}

pub fn human(files: &[ResolvedFile]) -> String {
    let mut out = String::new();
    for (path, kind, clients) in files {
        let kind = kind.map_or("unknown", Kind::as_str);
        let _ = writeln!(out, "{} ({kind})", path.display());
        let clients = match clients {
            Ok(clients) => clients,
            Err(message) => {
                let _ = writeln!(out, "  error: {message}\n");
                continue;
            }
        };
        if clients.is_empty() {
            let _ = writeln!(out, "  no S3 client\n");
        }
        for c in clients {
            let _ = writeln!(out, "  {} {}", c.component.as_str(), c.name);
            let field = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
            let _ = writeln!(out, "    bucket      {}", field(&c.bucket));
            let _ = writeln!(out, "    endpoint    {}", field(&c.endpoint));
            let _ = writeln!(
                out,
                "    region      {}",
                c.region
                    .as_deref()
                    .map_or("- (asks the bucket's location)", |r| if r.is_empty() {
                        "(empty)"
                    } else {
                        r
                    })
            );
            if let Some(style) = c.force_path_style {
                let _ = writeln!(
                    out,
                    "    addressing  {}",
                    if style { "path style" } else { "virtual host" }
                );
            }
            if let Some(r) = &c.request {
                let port = r.port.map(|p| format!(":{p}")).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "    request     HEAD {}://{}{port}{}",
                    r.scheme, r.host, r.path
                );
            }
            let _ = writeln!(out, "    credentials {}", source_text(c.credential_source));
            if let Some(prefix) = &c.access_key_id_prefix {
                let _ = writeln!(out, "    access key  {prefix}…");
            }
            let _ = writeln!(
                out,
                "    token       {}",
                if c.session_token {
                    "session token attached"
                } else {
                    "none"
                }
            );
            if let Some(e) = &c.error {
                let _ = writeln!(out, "    error       {}: {}", e.code, e.message);
            }
        }
        out.push('\n');
    }
    // Values come from the file: no terminal control sequence gets through.
    crate::scrub::terminal_safe(&out).into_owned()
}
