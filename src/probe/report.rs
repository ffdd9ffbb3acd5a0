//! The probe's result: one [`ProbeReport`] with a [`ClientProbe`] per S3 client.
//!
//! JSON shape (`serde_json::to_string(&report)`), `"version": 1`. No field ever holds a secret:
//! keys appear only as `access_key_id_prefix` (DESIGN.md §6).
//!
//! ```text
//! { "version": 1, "target": "next|current|legacy", "dry_run": bool, "offline": bool,
//!   "exit_code": 0|1|2,
//!   "probes": [ {
//!       "component": "router|controlplane|cdn", "name": "<provider id>|primary|failover",
//!       "bucket": "cosmo"|null, "endpoint": "http://minio:9000"|null, "region": "us-east-1"|null,
//!       "credentials": {
//!           "chain": "static|router-iam|node-default|anonymous|none",
//!           "source": "static|env|profile|web-identity|ecs|pod-identity|container|imds|anonymous"|null,
//!           "asked": ["web-identity", ...],   // sources tried or (dry-run) that would be asked
//!           "access_key_id_prefix": "ASIA"|null, "session_token": bool,
//!           "error": "message"|null },
//!       "request": { "method": "HEAD", "url": "http://127.0.0.1:9000/cosmo/",
//!                    "addressing": "path|virtual-host", "signing_region": "us-east-1"|null,
//!                    "signed": bool, "token_attached": bool,
//!                    "signed_headers": ["host", "x-amz-content-sha256", "x-amz-date"] } | null,
//!       "sent": bool,                       // false for --dry-run and when nothing could be sent
//!       "result": { "class": "ok|bucket-missing|access-denied|wrong-region|unknown-key-id|
//!                              bad-signature|expired-token|invalid-token|token-missing|
//!                              anonymous-denied|no-credentials|component-error|connection|
//!                              timeout|unexpected",
//!                   "alternative": "<class>"|null, "status": 403|null, "code": "AccessDenied"|null,
//!                   "region": "eu-west-1"|null, "message": "...", "advice": "..." } | null,
//!       "reachable": true|false|null,       // null: not sent (dry-run, offline skip)
//!       "notes": ["..."],
//!       "error": "message"|null             // cosmo-s3 could not run this probe (exit 2)
//!   } ] }
//! ```

use super::classify::Class;
use crate::rules::Target;
use serde::Serialize;
use std::fmt::Write;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProbeReport {
    pub version: u32,
    pub target: Target,
    pub dry_run: bool,
    pub offline: bool,
    pub exit_code: i32,
    pub probes: Vec<ClientProbe>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientProbe {
    pub component: crate::resolve::Component,
    pub name: String,
    pub bucket: Option<String>,
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub credentials: CredentialReport,
    pub request: Option<RequestReport>,
    pub sent: bool,
    pub result: Option<ResultReport>,
    pub reachable: Option<bool>,
    pub notes: Vec<String>,
    pub error: Option<String>,
}

impl ClientProbe {
    /// The component itself would refuse this client (`resolve` found an error): nothing is
    /// sent, and the probe answers with that error.
    pub fn refused(mut self, error: &crate::resolve::ClientError) -> Self {
        self.result = Some(ResultReport::new(
            Class::ComponentError,
            format!("{}: {}", error.code, error.message),
        ));
        self.reachable = Some(false);
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct CredentialReport {
    pub chain: &'static str,
    pub source: Option<String>,
    pub asked: Vec<String>,
    pub access_key_id_prefix: Option<String>,
    pub session_token: bool,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestReport {
    pub method: &'static str,
    pub url: String,
    pub addressing: &'static str,
    pub signing_region: Option<String>,
    pub signed: bool,
    pub token_attached: bool,
    pub signed_headers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResultReport {
    pub class: Class,
    pub alternative: Option<Class>,
    pub status: Option<u16>,
    pub code: Option<String>,
    pub region: Option<String>,
    pub message: String,
    pub advice: String,
}

impl ResultReport {
    pub fn new(class: Class, message: impl Into<String>) -> Self {
        ResultReport {
            class,
            alternative: None,
            status: None,
            code: None,
            region: None,
            message: message.into(),
            advice: class.advice().to_string(),
        }
    }
}

impl ProbeReport {
    /// 2 when any probe could not run, else 1 when any bucket was not reachable, else 0.
    pub fn compute_exit_code(probes: &[ClientProbe]) -> i32 {
        if probes.is_empty() || probes.iter().any(|p| p.error.is_some()) {
            2
        } else if probes.iter().any(|p| p.reachable == Some(false)) {
            1
        } else {
            0
        }
    }
}

/// The human rendering (the binary prints it).
pub fn render_human(report: &ProbeReport) -> String {
    let mut out = String::new();
    for probe in &report.probes {
        render_probe(&mut out, probe, report.dry_run);
        out.push('\n');
    }
    let verdict = match report.exit_code {
        0 if report.dry_run => "dry run: nothing was sent",
        0 => "reachable",
        1 => "not reachable with the credentials found",
        _ => "cosmo-s3 could not run every probe",
    };
    let _ = writeln!(out, "{verdict} (exit {})", report.exit_code);
    // Values come from the file: no terminal control sequence gets through.
    crate::scrub::terminal_safe(&out).into_owned()
}

fn render_probe(out: &mut String, p: &ClientProbe, dry_run: bool) {
    let _ = writeln!(out, "{} {}", p.component.as_str(), p.name);
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_string());
    let _ = writeln!(
        out,
        "  bucket {}  endpoint {}  region {}",
        opt(&p.bucket),
        opt(&p.endpoint),
        opt(&p.region)
    );

    let c = &p.credentials;
    let source = c.source.clone().unwrap_or_else(|| "none".to_string());
    let _ = write!(out, "  credentials: {} chain, source {source}", c.chain);
    if let Some(prefix) = &c.access_key_id_prefix {
        let _ = write!(out, ", key {prefix}…");
    }
    if c.session_token {
        out.push_str(", with session token");
    }
    out.push('\n');
    if !c.asked.is_empty() {
        let verb = if dry_run { "would ask" } else { "asked" };
        let _ = writeln!(out, "  {verb}: {}", c.asked.join(", "));
    }
    if let Some(err) = &c.error {
        let _ = writeln!(out, "  credential error: {err}");
    }

    if let Some(r) = &p.request {
        let _ = writeln!(
            out,
            "  request: {} {} ({} style)",
            r.method, r.url, r.addressing
        );
        if r.signed {
            let _ = writeln!(
                out,
                "  signed (SigV4, region {}): {}{}",
                opt(&r.signing_region),
                r.signed_headers.join(";"),
                if r.token_attached {
                    ", token attached"
                } else {
                    ""
                }
            );
        } else {
            out.push_str("  unsigned (anonymous)\n");
        }
    }

    if let Some(res) = &p.result {
        let status = res.status.map(|s| format!(" {s}")).unwrap_or_default();
        let code = res
            .code
            .as_ref()
            .map(|c| format!(" {c}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  result: {}{status}{code}: {}",
            res.class.as_str(),
            res.message
        );
        if let Some(alt) = res.alternative {
            let _ = writeln!(
                out,
                "  or: {} (the answer cannot tell them apart): {}",
                alt.as_str(),
                alt.advice()
            );
        }
        let _ = writeln!(out, "  change: {}", res.advice);
    }
    for note in &p.notes {
        let _ = writeln!(out, "  note: {note}");
    }
    if let Some(err) = &p.error {
        let _ = writeln!(out, "  error: {err}");
    }
}
