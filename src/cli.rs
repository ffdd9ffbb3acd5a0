//! Command-line definitions. They also feed `completions` and `--help`.

use crate::rules::Target;
use crate::source::Kind;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Exit codes:
  0  nothing at or above the threshold (probe: bucket reachable; migrate --check: nothing to change)
  1  findings (probe: bucket not reachable with the credentials found; migrate --check: changes pending)
  2  cosmo-s3 could not do its job (bad arguments, unreadable file, unknown kind)

Examples:
  cosmo-s3 check config.yaml controlplane/.env cdn/.env
  cosmo-s3 check --format json --deny-warnings deploy/
  cosmo-s3 resolve --env-file router/.env config.yaml
  cosmo-s3 migrate --write --target next config.yaml
  cosmo-s3 probe --router config.yaml --dry-run
  cosmo-s3 explain CS301";

/// Check, resolve, migrate and probe the S3 settings of WunderGraph Cosmo's router,
/// controlplane and cdn-server.
#[derive(Debug, Parser)]
#[command(name = "cosmo-s3", version, about, after_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Log more on stderr (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate S3 settings against the schemas and the rule catalogue.
    #[command(after_help = "Examples:
  cosmo-s3 check router/config.yaml
  cosmo-s3 check --kind cdn - < cdn.env
  cosmo-s3 check --target legacy --ignore CS207 deploy/
  cosmo-s3 check --env-file router/.env --format json config.yaml")]
    Check(CheckArgs),

    /// Show every S3 client a component builds and what it will really use.
    #[command(after_help = "Examples:
  cosmo-s3 resolve controlplane/.env
  cosmo-s3 resolve --format json --env-file router/.env config.yaml")]
    Resolve(ResolveArgs),

    /// Rewrite legacy configs into the new shape (prints a diff unless --write).
    #[command(after_help = "Examples:
  cosmo-s3 migrate config.yaml               # show the diff of safe fixes
  cosmo-s3 migrate --write config.yaml       # apply them
  cosmo-s3 migrate --unsafe-fixes --check .  # CI: exit 1 when anything would change")]
    Migrate(MigrateArgs),

    /// Work out the credentials a component would obtain and try a read-only HeadBucket.
    #[command(after_help = "Examples:
  cosmo-s3 probe --router config.yaml --dry-run
  cosmo-s3 probe --controlplane .env --offline
  cosmo-s3 probe --cdn cdn.env --timeout 5 --format json")]
    Probe(ProbeArgs),

    /// Print the JSON Schema (draft 2020-12) of a component's S3 settings.
    Schema {
        /// Which component.
        #[arg(value_enum)]
        component: SchemaComponent,
    },

    /// Explain a rule: what it checks, why, an example, and how safe its fix is.
    #[command(after_help = "Examples:
  cosmo-s3 explain CS301
  cosmo-s3 explain endpoint-scheme
  cosmo-s3 explain --list")]
    Explain {
        /// A rule code (CS301) or name (endpoint-scheme).
        #[arg(required_unless_present = "list")]
        code: Option<String>,
        /// List every rule with its code, name and default severity.
        #[arg(long)]
        list: bool,
    },

    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaComponent {
    Router,
    Controlplane,
    Cdn,
}

/// `--kind`: `auto` or a fixed kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum KindArg {
    /// Judge each file by its extension, path and variables.
    #[default]
    Auto,
    Router,
    RouterEnv,
    Controlplane,
    Cdn,
}

impl KindArg {
    pub fn fixed(self) -> Option<Kind> {
        match self {
            KindArg::Auto => None,
            KindArg::Router => Some(Kind::Router),
            KindArg::RouterEnv => Some(Kind::RouterEnv),
            KindArg::Controlplane => Some(Kind::Controlplane),
            KindArg::Cdn => Some(Kind::Cdn),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    /// Readable text with snippets (colour on a terminal; NO_COLOR honoured).
    #[default]
    Human,
    /// One JSON object, `"version": 1` (README documents the shape).
    Json,
}

/// Options shared by the commands that read config files.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Files or directories to read; `-` reads standard input (needs --kind).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// What the files are; `auto` judges by name, folder and content.
    #[arg(long, value_enum, default_value_t = KindArg::Auto)]
    pub kind: KindArg,

    /// Variables for `${NAME}` in router YAML, read with the component's env rules
    /// (repeatable, later files win).
    #[arg(long = "env-file", value_name = "FILE")]
    pub env_files: Vec<PathBuf>,

    /// Also use the process environment for `${NAME}` (after --env-file files).
    #[arg(long)]
    pub env_from_process: bool,

    /// Which Cosmo release behaviour to judge against.
    #[arg(long, value_enum, default_value_t = Target::Next)]
    pub target: Target,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Drop a rule by code or name (repeatable).
    #[arg(long, value_name = "CODE")]
    pub ignore: Vec<String>,
}

#[derive(Debug, Clone, Args)]
pub struct ResolveArgs {
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Clone, Args)]
pub struct MigrateArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Apply the fixes to the files (safe ones, plus unsafe ones with --unsafe-fixes).
    #[arg(long, conflicts_with = "check")]
    pub write: bool,

    /// Include fixes that change behaviour to repair a bug.
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Exit 1 when the chosen fixes would change something; write nothing.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Clone, Args)]
#[command(group(clap::ArgGroup::new("component").required(true).args(["router", "controlplane", "cdn"])))]
pub struct ProbeArgs {
    /// Probe the router's S3 providers from this config YAML.
    #[arg(long, value_name = "FILE")]
    pub router: Option<PathBuf>,

    /// Only this router provider id.
    #[arg(long, value_name = "ID", requires = "router")]
    pub provider: Option<String>,

    /// Probe the controlplane's primary (and failover) storage from this env file.
    #[arg(long, value_name = "FILE")]
    pub controlplane: Option<PathBuf>,

    /// Probe the cdn-server's storage from this env file.
    #[arg(long, value_name = "FILE")]
    pub cdn: Option<PathBuf>,

    /// Extra variables, read with the component's env rules (repeatable, later files win).
    #[arg(long = "env-file", value_name = "FILE")]
    pub env_files: Vec<PathBuf>,

    /// Which Cosmo release behaviour to model.
    #[arg(long, value_enum, default_value_t = Target::Next)]
    pub target: Target,

    /// Resolve the chain without network and print the request; send nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Use only credential sources that need no network (static, environment, token files).
    #[arg(long)]
    pub offline: bool,

    /// Bound the whole probe, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub timeout: f64,

    /// STS endpoint for web identity (testing).
    #[arg(long, value_name = "URL")]
    pub sts_endpoint: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
