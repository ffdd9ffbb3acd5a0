//! File kinds and `--kind auto` detection (DESIGN.md §6).

use serde::Serialize;

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
