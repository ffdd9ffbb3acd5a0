//! `check`: read every input, run the rules, and collect one [`FileReport`] per file.
//!
//! This module orchestrates; it never prints. The binary renders the [`CheckReport`].

use crate::input::InputError;
use crate::model::settings::{self, RouterSettings, S3ProviderSettings};
use crate::resolve::{Component, Resolved};
use crate::rules::{Context, Diagnostic, Rule, Settings, Severity, Target};
use crate::source::{Document, Kind, SourceFile, dotenv, godotenv, yaml};
use crate::span::LineIndex;
use std::path::PathBuf;

/// What `check` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub target: Target,
    /// Variables for `${NAME}` in router YAML (`--env-file`, then the process with
    /// `--env-from-process`). `None`: references are run-time values of unknown content.
    pub env: Option<Vec<(String, String)>>,
    pub ignore: Vec<Rule>,
}

/// The outcome for one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: PathBuf,
    pub kind: Option<Kind>,
    /// The text as read (for rendering snippets; render masks secrets first).
    pub text: String,
    pub document: Option<Document>,
    pub settings: Option<Settings>,
    /// Byte ranges of secret values in `text`; renderers replace them before showing text.
    pub secret_spans: Vec<crate::span::Span>,
    /// The file's secret values, for the scrubber of the thread that prints.
    pub remembered: crate::scrub::Remembered,
    pub diagnostics: Vec<Diagnostic>,
    /// The file could not be checked at all (unreadable, not UTF-8, unknown kind).
    pub error: Option<String>,
}

impl FileReport {
    pub fn failed(path: PathBuf, kind: Option<Kind>, error: String) -> Self {
        Self {
            path,
            kind,
            text: String::new(),
            document: None,
            settings: None,
            secret_spans: Vec::new(),
            remembered: crate::scrub::Remembered::default(),
            diagnostics: Vec::new(),
            error: Some(error),
        }
    }

    /// Rewrite every message, help, label and fix title (the binary scrubs them of secret
    /// values and terminal control characters before rendering).
    pub fn rewrite_messages(&mut self, rewrite: impl Fn(&str) -> String) {
        for d in &mut self.diagnostics {
            d.message = rewrite(&d.message);
            d.help = d.help.as_deref().map(&rewrite);
            for label in &mut d.labels {
                label.message = rewrite(&label.message);
            }
            if let Some(fix) = &mut d.fix {
                fix.title = rewrite(&fix.title);
            }
        }
    }

    pub fn from_source(source: &SourceFile) -> Self {
        Self {
            path: source.path.clone(),
            kind: Some(source.kind),
            text: source.text.clone(),
            document: None,
            settings: None,
            secret_spans: Vec::new(),
            remembered: crate::scrub::Remembered::default(),
            diagnostics: Vec::new(),
            error: None,
        }
    }
}

/// Counts over all files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Files checked (read and parsed as their kind).
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Files that could not be read (missing, not UTF-8, unknown kind): not checked.
    pub unreadable: usize,
}

#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub files: Vec<FileReport>,
    /// Notes for stderr (skipped files while walking folders).
    pub notes: Vec<String>,
}

impl Summary {
    /// Count one more file.
    pub fn add(&mut self, report: &FileReport) {
        if report.error.is_some() {
            self.unreadable += 1;
            return;
        }
        self.files += 1;
        for d in &report.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

impl CheckReport {
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        self.files.iter().for_each(|f| s.add(f));
        s
    }

    /// 2 when a file could not be checked, 1 when findings reach the threshold, else 0.
    pub fn exit_code(&self, deny_warnings: bool) -> i32 {
        if self.files.iter().any(|f| f.error.is_some()) {
            return 2;
        }
        let threshold = if deny_warnings {
            Severity::Warning
        } else {
            Severity::Error
        };
        let failing = self
            .files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .any(|d| d.severity >= threshold);
        i32::from(failing)
    }
}

/// Parse one file and run every rule family on it (cross-file rules run in [`check_all`]).
pub fn check_source(source: &SourceFile, options: &CheckOptions) -> FileReport {
    let analysis = analyze(source, options.env.as_deref(), options.target);
    let mut diagnostics = Vec::new();
    {
        let ctx = analysis.context(source, options);
        crate::rules::run(&ctx, &mut diagnostics);
    }
    let mut report = FileReport::from_source(source);
    report.diagnostics = diagnostics;
    finish(&mut report, &options.ignore);
    let (secret, masked) =
        crate::secrets::secret_and_masked_spans(&analysis.document, &source.text);
    report.remembered = crate::scrub::Remembered::new(&analysis.document, &source.text, &secret);
    // Only snippets show text, and only files with findings have snippets.
    if !report.diagnostics.is_empty() {
        report.secret_spans = masked;
    }
    report.document = Some(analysis.document);
    report.settings = Some(analysis.settings);
    report
}

/// A file parsed, its settings built and resolved: everything a [`Context`] borrows.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub document: Document,
    pub settings: Settings,
}

impl Analysis {
    pub fn context<'a>(&'a self, source: &'a SourceFile, options: &'a CheckOptions) -> Context<'a> {
        Context {
            text: &source.text,
            kind: source.kind,
            target: options.target,
            env: options.env.as_deref(),
            document: &self.document,
            settings: &self.settings,
        }
    }
}

/// Parse `source` as its component reads it, then build and resolve its settings.
pub fn analyze(source: &SourceFile, env: Option<&[(String, String)]>, target: Target) -> Analysis {
    let text = source.text.as_str();
    let document = match source.kind {
        Kind::Router => Document::Yaml(match env {
            Some(vars) => {
                let lookup = |name: &str| {
                    vars.iter()
                        .rev()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                };
                yaml::parse_with_env(text, &lookup)
            }
            // Without variables the router still runs os.ExpandEnv: `$$`, `$1`, `${A:-b}` and an
            // unclosed `${` change the text whatever the environment holds. Apply those, and
            // keep each `${NAME}`/`$NAME` as a `${NAME}` placeholder of unknown content.
            None if text.contains('$') => yaml::parse_with_env(text, &placeholder),
            None => yaml::parse(text),
        }),
        Kind::RouterEnv => Document::Env(godotenv::parse(text)),
        Kind::Controlplane | Kind::Cdn => Document::Env(dotenv::parse(text)),
    };
    let settings = match (&document, source.kind) {
        (Document::Yaml(doc), _) => {
            let config = doc
                .root
                .as_ref()
                .map(settings::router_settings)
                .unwrap_or_default();
            let providers = settings::effective_s3_providers(&config, Vec::new());
            let resolved = resolve_router(&providers, target);
            Settings::Router {
                config,
                providers,
                resolved,
            }
        }
        (Document::Env(doc), Kind::RouterEnv) => {
            let providers = settings::router_env_providers(doc);
            let resolved = resolve_router(&providers, target);
            Settings::Router {
                config: RouterSettings::default(),
                providers,
                resolved,
            }
        }
        (Document::Env(doc), kind) => {
            let settings = settings::node_settings(doc, kind);
            let component = if kind == Kind::Cdn {
                Component::Cdn
            } else {
                Component::Controlplane
            };
            let resolved = crate::resolve::node::resolve(component, &settings.pairs(), target);
            Settings::Node { settings, resolved }
        }
    };
    Analysis { document, settings }
}

/// `${NAME}` for a plain variable name (its value is unknown); nothing for the special
/// variables (`$$`, `$1`, ...), which are empty in the router's environment.
fn placeholder(name: &str) -> Option<String> {
    let plain = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    plain.then(|| format!("${{{name}}}"))
}

fn resolve_router(providers: &[S3ProviderSettings], target: Target) -> Vec<Resolved> {
    let plain: Vec<_> = providers
        .iter()
        .map(S3ProviderSettings::to_provider)
        .collect();
    crate::resolve::router::resolve(&plain, target)
}

/// Drop ignored findings (`--ignore`, `# cosmo-s3: ignore CODE` on the line before) and sort.
fn finish(report: &mut FileReport, ignore: &[Rule]) {
    let text = report.text.as_str();
    report.diagnostics.retain(|d| !ignore.contains(&d.rule));
    if !report.diagnostics.is_empty() && text.contains("cosmo-s3: ignore") {
        let index = LineIndex::new(text);
        let comments = crate::rules::suppressions(text);
        report.diagnostics.retain(|d| {
            let line = index.line_of(d.span.start);
            !comments
                .iter()
                .any(|(l, rule)| *l + 1 == line && *rule == d.rule)
        });
    }
    report
        .diagnostics
        .sort_by_key(|d| (d.span.start, d.rule, d.span.end));
    report.diagnostics.dedup();
}

/// Check every input, handing each finished report to `sink` in input order as soon as it
/// is final, so memory holds a few files at a time. Files are checked on up to four threads.
/// Controlplane and cdn files wait until the end: CS311 compares a controlplane and a cdn
/// file when exactly one of each was named, or when a folder holds exactly one of each;
/// they are handed over last.
pub fn check_each<I>(sources: I, options: &CheckOptions, sink: &mut dyn FnMut(FileReport))
where
    I: IntoIterator<Item = Result<SourceFile, InputError>>,
    I::IntoIter: Send,
{
    let mut held: Vec<FileReport> = Vec::new();
    in_order(sources.into_iter(), options, &mut |report: FileReport| {
        if report.error.is_none() && matches!(report.kind, Some(Kind::Controlplane | Kind::Cdn)) {
            held.push(report);
        } else {
            sink(report);
        }
    });
    for (cp, cdn) in node_pairs(&held) {
        let (a, b) = crate::rules::compare_node_files(&held[cp], &held[cdn], options);
        held[cp].diagnostics.extend(a);
        held[cdn].diagnostics.extend(b);
        for i in [cp, cdn] {
            finish(&mut held[i], &options.ignore);
        }
    }
    held.into_iter().for_each(sink);
}

fn check_one(source: Result<SourceFile, InputError>, options: &CheckOptions) -> FileReport {
    match source {
        Ok(source) => check_source(&source, options),
        Err(e) => FileReport::failed(e.path, e.kind, e.message),
    }
}

/// Check `sources` on worker threads and hand the reports to `each` in input order.
///
/// Known limitation: the reorder buffer is not bounded. If one early file is very slow
/// (a 60 MiB YAML), the other workers' reports for later files wait in memory until it is
/// done; with ordinary configs a handful are in flight.
fn in_order(
    sources: impl Iterator<Item = Result<SourceFile, InputError>> + Send,
    options: &CheckOptions,
    each: &mut dyn FnMut(FileReport),
) {
    // One file (the pre-commit and editor case) is checked on this thread: starting workers
    // costs more than the check itself.
    let mut sources = sources.peekable();
    let Some(first) = sources.next() else { return };
    if sources.peek().is_none() {
        each(check_one(first, options));
        return;
    }
    let sources = std::iter::once(first).chain(sources);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    if workers < 2 {
        sources.for_each(|s| each(check_one(s, options)));
        return;
    }
    let queue = std::sync::Mutex::new(sources.enumerate());
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, FileReport)>(workers * 2);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (tx, queue) = (tx.clone(), &queue);
            scope.spawn(move || {
                loop {
                    // Reading happens under the lock (one file at a time from disk); checking
                    // does not. A poisoned lock means another worker panicked: stop.
                    let next = match queue.lock() {
                        Ok(mut q) => q.next(),
                        Err(_) => None,
                    };
                    let Some((i, source)) = next else { break };
                    if tx.send((i, check_one(source, options))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = std::collections::BTreeMap::new();
        let mut next = 0;
        for (i, report) in rx {
            waiting.insert(i, report);
            while let Some(report) = waiting.remove(&next) {
                each(report);
                next += 1;
            }
        }
    });
}

/// [`check_each`], collected.
pub fn check_all<I>(sources: I, options: &CheckOptions) -> Vec<FileReport>
where
    I: IntoIterator<Item = Result<SourceFile, InputError>>,
    I::IntoIter: Send,
{
    let mut reports = Vec::new();
    check_each(sources, options, &mut |r| reports.push(r));
    reports
}

/// Index pairs (controlplane, cdn) to compare: all files, or per folder.
fn node_pairs(reports: &[FileReport]) -> Vec<(usize, usize)> {
    let of_kind = |kind: Kind, folder: Option<&std::path::Path>| -> Vec<usize> {
        reports
            .iter()
            .enumerate()
            .filter(|(_, r)| r.error.is_none() && r.kind == Some(kind))
            .filter(|(_, r)| folder.is_none_or(|f| r.path.parent() == Some(f)))
            .map(|(i, _)| i)
            .collect()
    };
    let (cps, cdns) = (of_kind(Kind::Controlplane, None), of_kind(Kind::Cdn, None));
    if let ([cp], [cdn]) = (cps.as_slice(), cdns.as_slice()) {
        return vec![(*cp, *cdn)];
    }
    let mut pairs = Vec::new();
    let mut folders: Vec<&std::path::Path> = cps
        .iter()
        .filter_map(|&i| reports[i].path.parent())
        .collect();
    folders.dedup();
    for folder in folders {
        if let ([cp], [cdn]) = (
            of_kind(Kind::Controlplane, Some(folder)).as_slice(),
            of_kind(Kind::Cdn, Some(folder)).as_slice(),
        ) {
            pairs.push((*cp, *cdn));
        }
    }
    pairs
}

impl Analysis {
    /// The clients the component builds, with the keys they would sign with (for `probe`).
    pub fn resolved(&self) -> &[Resolved] {
        match &self.settings {
            Settings::Router { resolved, .. } | Settings::Node { resolved, .. } => resolved,
        }
    }

    /// Why the component could not use this file at all: YAML that does not parse (the
    /// router refuses to start), or a router env file godotenv refuses (none of its variables
    /// are set). `None` when the file is usable; npm dotenv only skips bad lines.
    pub fn refusal(&self) -> Option<String> {
        match &self.document {
            Document::Yaml(doc) => doc
                .problems
                .iter()
                .any(|p| p.kind == crate::source::yaml::YamlProblemKind::Syntax)
                .then(|| "the YAML does not parse (CS001): the router would not start; `cosmo-s3 check` shows where".to_string()),
            Document::Env(doc) => match &self.settings {
                Settings::Router { .. } if !doc.problems.is_empty() => Some(
                    "godotenv refuses this file (CS001): the router sets none of its variables".to_string(),
                ),
                _ => None,
            },
        }
    }

    /// The clients the component builds (no secrets).
    pub fn resolved_clients(&self) -> Vec<crate::resolve::ResolvedClient> {
        self.resolved().iter().map(|r| r.client.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unclosed_reference_swallows_providers_even_without_env_file() {
        // os.ExpandEnv runs whatever the environment holds: the `${` in the comment eats
        // everything up to the `}` on the last line, so the router sees no provider.
        let text = "version: \"1\"\n# comment with ${ here\nstorage_providers:\n  s3:\n    - id: a\n      endpoint: minio:9000\n      bucket: cosmo\n      access_key: abc }\n";
        let source = SourceFile {
            path: "r.yaml".into(),
            text: text.into(),
            kind: Kind::Router,
        };
        let analysis = analyze(&source, None, Target::Next);
        assert_eq!(analysis.resolved().len(), 0);
    }
}
