//! `probe`: which credentials a component would really obtain, and whether they open the bucket.
//!
//! Per client: the component's credential chain (router: [`router_chain`], minio-go v7.0.74;
//! controlplane/cdn: [`node`], static keys or the AWS default chain), then one read-only
//! HeadBucket (plus at most one `GET /?location` after a 400/403 to read the error code, and
//! the router's own GetBucketLocation when its region is empty). [`classify`] turns the answer
//! into advice; [`report`] holds the result and its JSON shape.
//!
//! Safety: `--dry-run` sends nothing at all; `--offline` uses only sources that need no network;
//! `--timeout` is one deadline for the whole run; `AWS_EC2_METADATA_DISABLED=true` is always
//! honoured. Secrets never reach the report.

pub mod classify;
pub mod env;
pub mod http;
pub mod node;
pub mod report;
pub mod router;
pub mod router_chain;

pub use classify::Class;
pub use env::ProbeEnv;
pub use report::{ClientProbe, ProbeReport, render_human};

use crate::resolve::{Component, Resolved, ResolvedClient};
use crate::rules::Target;
use report::CredentialReport;
use std::time::{Duration, Instant};

/// What `probe` was asked to do (the flags of `cosmo-s3 probe` that shape the run).
#[derive(Debug, Clone, PartialEq)]
pub struct ProbeOptions {
    pub target: Target,
    pub dry_run: bool,
    pub offline: bool,
    /// One deadline for the whole run (credential calls and S3 requests).
    pub timeout: Duration,
    /// Where web identity asks STS (router and Node chains); a testing hook.
    pub sts_endpoint: Option<String>,
    /// Testing hook, not a flag: the container endpoint's fixed host `169.254.170.2` (ECS
    /// relative URI, both chains) is replaced by this address, so a test can serve that
    /// branch on loopback. Anything but a loopback address is ignored.
    pub container_host: Option<std::net::SocketAddr>,
}

impl ProbeOptions {
    /// [`ProbeOptions::container_host`], when it is a loopback address.
    pub fn loopback_container_host(&self) -> Option<std::net::SocketAddr> {
        self.container_host.filter(|a| a.ip().is_loopback())
    }
}

impl Default for ProbeOptions {
    fn default() -> Self {
        ProbeOptions {
            target: Target::Next,
            dry_run: false,
            offline: false,
            timeout: Duration::from_secs(10),
            sts_endpoint: None,
            container_host: None,
        }
    }
}

impl From<&crate::cli::ProbeArgs> for ProbeOptions {
    fn from(args: &crate::cli::ProbeArgs) -> Self {
        // A negative, NaN or huge --timeout becomes 0 s or a day rather than a panic.
        let seconds = if args.timeout.is_finite() {
            args.timeout.clamp(0.0, 86_400.0)
        } else {
            0.0
        };
        ProbeOptions {
            target: args.target,
            dry_run: args.dry_run,
            offline: args.offline,
            timeout: Duration::from_secs_f64(seconds),
            sts_endpoint: args.sts_endpoint.clone(),
            container_host: None,
        }
    }
}

/// What every probe of one run shares.
#[derive(Debug)]
pub struct Context<'a> {
    pub options: &'a ProbeOptions,
    pub env: &'a ProbeEnv,
    pub http: &'a http::HttpClient,
    pub deadline: Instant,
}

impl Context<'_> {
    pub fn remaining(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }
}

/// Probe every client, in order, within one deadline. Builds its own small runtime, so the
/// binary calls it from plain synchronous code.
pub fn run(options: &ProbeOptions, env: &ProbeEnv, clients: &[Resolved]) -> ProbeReport {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build();
    let probes = match runtime {
        Ok(runtime) => runtime.block_on(run_all(options, env, &http::HttpClient::new(), clients)),
        Err(e) => could_not_run(clients, &format!("cannot start the async runtime: {e}")),
    };
    ProbeReport {
        version: 1,
        target: options.target,
        dry_run: options.dry_run,
        offline: options.offline,
        exit_code: ProbeReport::compute_exit_code(&probes),
        probes,
    }
}

async fn run_all(
    options: &ProbeOptions,
    env: &ProbeEnv,
    http: &http::HttpClient,
    clients: &[Resolved],
) -> Vec<ClientProbe> {
    let ctx = Context {
        options,
        env,
        http,
        deadline: Instant::now() + options.timeout,
    };
    let mut probes = Vec::with_capacity(clients.len());
    for resolved in clients {
        let probe = match resolved.client.component {
            Component::Router => router::probe(&ctx, resolved).await,
            Component::Controlplane | Component::Cdn => node::probe(&ctx, resolved).await,
        };
        probes.push(probe);
    }
    probes
}

fn could_not_run(clients: &[Resolved], message: &str) -> Vec<ClientProbe> {
    clients
        .iter()
        .map(|r| {
            let mut p = new_probe(&r.client);
            p.error = Some(message.to_string());
            p
        })
        .collect()
}

/// A probe with the client's identity filled in and nothing decided yet.
pub(crate) fn new_probe(client: &ResolvedClient) -> ClientProbe {
    ClientProbe {
        component: client.component,
        name: client.name.clone(),
        bucket: client.bucket.clone(),
        endpoint: client.endpoint.clone(),
        region: client.region.clone(),
        credentials: CredentialReport {
            chain: "none",
            ..CredentialReport::default()
        },
        request: None,
        sent: false,
        result: None,
        reachable: None,
        notes: Vec::new(),
        error: None,
    }
}
