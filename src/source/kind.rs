//! File kinds and `--kind auto` detection (DESIGN.md §6).

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// What a file is, which decides its parser and its rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Router config YAML (goccy/go-yaml after `os.ExpandEnv`).
    Router,
    /// Router env file (`.env`, `-override-env`; joho/godotenv rules).
    RouterEnv,
    /// Controlplane env file (npm dotenv rules).
    Controlplane,
    /// CDN server env file (npm dotenv rules).
    Cdn,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Router => "router",
            Kind::RouterEnv => "router-env",
            Kind::Controlplane => "controlplane",
            Kind::Cdn => "cdn",
        }
    }

    pub fn is_env(self) -> bool {
        self != Kind::Router
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `--kind auto` could not decide (the CLI exits 2 with this message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KindError {
    /// Standard input has no name to judge by.
    Stdin,
    /// An env file whose path and variables name no component.
    Unknown { path: PathBuf },
}

impl fmt::Display for KindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KindError::Stdin => f.write_str(
                "standard input has no file name to judge its kind by: \
                 pass --kind router|router-env|controlplane|cdn",
            ),
            KindError::Unknown { path } => write!(
                f,
                "cannot tell which component reads {}: neither its name, its folder nor its \
                 variables say; pass --kind router-env|controlplane|cdn",
                path.display()
            ),
        }
    }
}

impl std::error::Error for KindError {}

pub fn is_yaml_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// The component a name points at. Dot-separated parts are read from the last one back and
/// the first part naming exactly one component decides, so `controlplane-only.cdn.env` is a
/// cdn file; a part naming two components decides nothing.
fn kind_in_name(name: &str) -> Option<Kind> {
    let name = name.to_ascii_lowercase();
    name.rsplit('.').find_map(|part| {
        let found: Vec<Kind> = [
            ("router", Kind::RouterEnv),
            ("controlplane", Kind::Controlplane),
            ("cdn", Kind::Cdn),
        ]
        .into_iter()
        .filter(|(word, _)| part.contains(word))
        .map(|(_, kind)| kind)
        .collect();
        match found.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    })
}

/// `--kind auto`: `.yaml`/`.yml` is a router config; an env file is judged by its file
/// name, then the nearest folder whose name names a component, then its variables.
pub fn detect(path: &Path, text: &str) -> Result<Kind, KindError> {
    if path == Path::new("-") {
        return Err(KindError::Stdin);
    }
    if let Some(kind) = detect_by_path(path) {
        return Ok(kind);
    }
    kind_by_variables(text).ok_or_else(|| KindError::Unknown {
        path: path.to_owned(),
    })
}

/// The part of [`detect`] that needs only the path: extension, file name, folders.
pub fn detect_by_path(path: &Path) -> Option<Kind> {
    if is_yaml_path(path) {
        return Some(Kind::Router);
    }
    if let Some(kind) = path
        .file_name()
        .and_then(|n| kind_in_name(&n.to_string_lossy()))
    {
        return Some(kind);
    }
    path.parent()
        .into_iter()
        .flat_map(Path::ancestors)
        .filter_map(Path::file_name)
        .find_map(|folder| kind_in_name(&folder.to_string_lossy()))
}

/// `STORAGE_PROVIDER_S3_*` or `CONFIG_PATH`: router-env; `S3_FAILOVER_*` or `DB_URL`:
/// controlplane. The cdn reads nothing the controlplane does not, so it is never guessed.
fn kind_by_variables(text: &str) -> Option<Kind> {
    let doc = super::dotenv::parse(text);
    let has = |pred: &dyn Fn(&str) -> bool| doc.entries.iter().any(|e| pred(&e.key));
    if has(&|k| k.starts_with("STORAGE_PROVIDER_S3_") || k == "CONFIG_PATH") {
        return Some(Kind::RouterEnv);
    }
    if has(&|k| k.starts_with("S3_FAILOVER_") || k == "DB_URL") {
        return Some(Kind::Controlplane);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str, text: &str) -> Result<Kind, KindError> {
        detect(Path::new(path), text)
    }

    #[test]
    fn yaml_is_router_whatever_its_name() {
        assert_eq!(kind("deploy/cdn/config.yaml", ""), Ok(Kind::Router));
        assert_eq!(kind("x.YML", ""), Ok(Kind::Router));
    }

    #[test]
    fn file_name_wins_over_folder_and_variables() {
        assert_eq!(kind("cdn/router.env", "DB_URL=x"), Ok(Kind::RouterEnv));
        assert_eq!(kind("controlplane.env", ""), Ok(Kind::Controlplane));
        assert_eq!(kind("x/.env.cdn", ""), Ok(Kind::Cdn));
        assert_eq!(kind("controlplane-only.cdn.env", ""), Ok(Kind::Cdn));
        assert_eq!(
            kind("cdn-vs-router.env", ""),
            Err(KindError::Unknown {
                path: "cdn-vs-router.env".into()
            })
        );
    }

    #[test]
    fn nearest_folder_then_variables() {
        assert_eq!(kind("deploy/cdn/prod/.env", ""), Ok(Kind::Cdn));
        assert_eq!(kind("router/controlplane/.env", ""), Ok(Kind::Controlplane));
        assert_eq!(
            kind(".env", "export STORAGE_PROVIDER_S3_0_ID=s3"),
            Ok(Kind::RouterEnv)
        );
        assert_eq!(kind(".env", "CONFIG_PATH=a.yaml"), Ok(Kind::RouterEnv));
        assert_eq!(
            kind("app/.env", "S3_FAILOVER_REGION=x"),
            Ok(Kind::Controlplane)
        );
        assert_eq!(kind(".env", "DB_URL=postgres://x"), Ok(Kind::Controlplane));
    }

    #[test]
    fn unknown_asks_for_kind() {
        let err = kind("app/.env", "S3_STORAGE_URL=http://minio:9000/b").unwrap_err();
        assert_eq!(
            err,
            KindError::Unknown {
                path: PathBuf::from("app/.env")
            }
        );
        assert!(err.to_string().contains("--kind"), "{err}");
        assert!(err.to_string().contains("app/.env"), "{err}");
        assert_eq!(kind("-", "A=1"), Err(KindError::Stdin));
        // A name holding two components decides nothing.
        assert!(kind("cdn-controlplane.env", "").is_err());
    }
}
