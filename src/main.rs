//! The `cosmo-s3` binary: parse arguments, run the library, render, exit.
//!
//! Exit codes: 0 clean, 1 findings (probe: unreachable; migrate --check: changes pending),
//! 2 the tool could not do its job.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use clap::{CommandFactory, Parser};
use cosmo_s3::check::CheckOptions;
use cosmo_s3::cli::{
    CheckArgs, Cli, Command, Format, InputArgs, MigrateArgs, ProbeArgs, SchemaComponent,
};
use cosmo_s3::resolve::Component;
use cosmo_s3::rules::Rule;
use cosmo_s3::scrub::{Scrubber, terminal_safe};
use cosmo_s3::source::{Kind, dotenv, godotenv};
use cosmo_s3::{input, render, schema};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Every secret value this run knows: values of secret-named variables from `--env-file`
/// (and the process with `--env-from-process`), and the secret values of each file read.
/// Everything printed on stdout is scrubbed of them as a last line of defence (see
/// [`cosmo_s3::scrub`], which also says which values are too short to scrub).
static SCRUB: std::sync::Mutex<Scrubber> = std::sync::Mutex::new(Scrubber::new());

fn remember_secrets(vars: &[(String, String)]) {
    if let Ok(mut scrubber) = SCRUB.lock() {
        scrubber.add_variables(vars);
    }
}

/// Remember the secret values of a parsed file before anything about it is printed.
fn remember_document(document: &cosmo_s3::source::Document, text: &str) {
    if let Ok(mut scrubber) = SCRUB.lock() {
        scrubber.add_document(document, text);
    }
}

/// `path: message`, unless the message already names the path.
fn with_path(path: &std::path::Path, message: &str) -> String {
    let shown = path.display().to_string();
    if message.contains(&shown) {
        message.to_string()
    } else {
        format!("{shown}: {message}")
    }
}

fn scrub(text: &str) -> String {
    match SCRUB.lock() {
        Ok(mut scrubber) => scrubber.scrub(text).into_owned(),
        // A poisoned lock means a panic elsewhere: print nothing rather than risk a secret.
        Err(_) => String::new(),
    }
}

/// Write to stdout, scrubbed; a closed pipe (`cosmo-s3 ... | head`) is not an error.
fn emit(text: &str) -> Result<(), String> {
    let text = scrub(text);
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write to standard output: {e}")),
    }
}

/// Colour only on a terminal, and never with `NO_COLOR` set (non-empty).
fn color_for(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn human_style() -> cosmo_s3::render::human::Style {
    cosmo_s3::render::human::Style {
        color: color_for(std::io::stdout().is_terminal()),
        width: 100,
    }
}

fn run(cli: Cli) -> Result<u8, String> {
    match cli.command {
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "cosmo-s3", &mut buf);
            emit(&String::from_utf8_lossy(&buf))?;
            Ok(0)
        }
        Command::Explain { code, list } => explain(code.as_deref(), list),
        Command::Check(args) => check(&args),
        Command::Resolve(args) => resolve(&args.input),
        Command::Schema { component } => {
            let component = match component {
                SchemaComponent::Router => Component::Router,
                SchemaComponent::Controlplane => Component::Controlplane,
                SchemaComponent::Cdn => Component::Cdn,
            };
            emit(&schema::to_pretty(&schema::for_component(component)))?;
            Ok(0)
        }
        Command::Migrate(args) => migrate(&args),
        Command::Probe(args) => probe(&args),
    }
}

fn explain(code: Option<&str>, list: bool) -> Result<u8, String> {
    use cosmo_s3::rules::{Rule, docs};
    if list {
        let mut out = String::new();
        for rule in Rule::ALL {
            out.push_str(&format!(
                "{}  {:<36} {}\n",
                rule.code(),
                rule.name(),
                docs::default_severity(*rule)
            ));
        }
        emit(&out)?;
        return Ok(0);
    }
    let code = code.unwrap_or_default();
    let rule = Rule::from_code(code).ok_or_else(|| {
        format!("unknown rule `{code}`: `cosmo-s3 explain --list` shows every code")
    })?;
    emit(&docs::render(rule))?;
    Ok(0)
}

/// `--env-file` files (later win), then the process environment with `--env-from-process`.
/// Read with the rules of the component judged: godotenv for the router, npm dotenv otherwise.
fn env_variables(args: &InputArgs) -> Result<Option<Vec<(String, String)>>, String> {
    if args.env_files.is_empty() && !args.env_from_process {
        return Ok(None);
    }
    let node = matches!(args.kind.fixed(), Some(Kind::Controlplane | Kind::Cdn));
    let mut vars = Vec::new();
    for path in &args.env_files {
        let text = cosmo_s3::source::read::read_source(path).map_err(|e| e.to_string())?;
        let doc = if node {
            dotenv::parse(&text)
        } else {
            godotenv::parse(&text)
        };
        if !node && !doc.problems.is_empty() {
            return Err(format!(
                "{}: godotenv refuses this env file (the router would set none of its variables)",
                path.display()
            ));
        }
        vars.extend(doc.variables());
    }
    if args.env_from_process {
        vars.extend(std::env::vars());
    }
    remember_secrets(&vars);
    Ok(Some(vars))
}

fn check_options(args: &InputArgs, ignore: &[String]) -> Result<CheckOptions, String> {
    let ignore = ignore
        .iter()
        .map(|code| {
            Rule::from_code(code)
                .ok_or_else(|| format!("--ignore {code}: no such rule (`cosmo-s3 explain --list`)"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CheckOptions {
        target: args.target,
        env: env_variables(args)?,
        ignore,
    })
}

fn check(args: &CheckArgs) -> Result<u8, String> {
    use cosmo_s3::check::{FileReport, Summary};
    use cosmo_s3::rules::Severity;

    let options = check_options(&args.input, &args.ignore)?;
    let inputs = input::collect(&args.input.paths, args.input.kind.fixed());
    // One file (pre-commit, an editor): its schema's validator compiles on the second core
    // while this thread reads and parses the file. Many files: the workers compile it once.
    if let Some(kind) = inputs.sole_kind() {
        std::thread::spawn(move || cosmo_s3::schema::prepare(kind));
    }
    for note in &inputs.notes {
        eprintln!("note: {note}");
    }
    let threshold = if args.deny_warnings {
        Severity::Warning
    } else {
        Severity::Error
    };
    let json = args.input.format == Format::Json;
    let style = human_style();
    let mut summary = Summary::default();
    let mut exit = 0u8;
    let mut failure: Option<String> = None;
    if json {
        emit("{\n  \"version\": 1,\n  \"files\": [")?;
    }
    // Each report is rendered and dropped as soon as it is final: memory holds one file.
    let mut sink = |mut report: FileReport| {
        if failure.is_some() {
            return;
        }
        if let Ok(mut scrubber) = SCRUB.lock() {
            scrubber.add_remembered(&report.remembered);
        }
        // Messages are scrubbed before rendering: wrapped to the terminal's width, a value
        // would no longer match as a whole.
        report.rewrite_messages(|m| terminal_safe(&scrub(m)).into_owned());
        if let Some(error) = &report.error {
            eprintln!("error: {}", with_path(&report.path, error));
            exit = 2;
        } else if report.diagnostics.iter().any(|d| d.severity >= threshold) {
            exit = exit.max(1);
        }
        let text = if json {
            let sep = if summary.files == 0 { "\n" } else { ",\n" };
            format!("{sep}{}", render::json::file_entry(&report, 4))
        } else {
            render::human::file_report(&report, style)
        };
        summary.add(&report);
        if let Err(e) = emit(&text) {
            failure = Some(e);
        }
    };
    cosmo_s3::check::check_each(inputs.into_sources(), &options, &mut sink);
    if let Some(e) = failure {
        return Err(e);
    }
    if json {
        let tail = serde_json::to_string_pretty(&serde_json::json!({ "summary": summary }))
            .unwrap_or_default();
        let tail = tail
            .trim_start_matches('{')
            .trim_end_matches('}')
            .trim_matches('\n');
        emit(&format!("\n  ],\n{tail}\n}}\n"))?;
    } else {
        emit(&render::human::summary_line(summary))?;
    }
    Ok(exit)
}

fn resolve(args: &InputArgs) -> Result<u8, String> {
    let options = check_options(args, &[])?;
    let inputs = input::collect(&args.paths, args.kind.fixed());
    for note in &inputs.notes {
        eprintln!("note: {note}");
    }
    let mut files = Vec::new();
    let mut failed = false;
    let mut unusable = false;
    for source in inputs.into_sources() {
        match source {
            Ok(source) => {
                let analysis =
                    cosmo_s3::check::analyze(&source, options.env.as_deref(), options.target);
                remember_document(&analysis.document, &source.text);
                if let Some(problem) = analysis.refusal() {
                    // The component would not start (or would read none of it): no client.
                    unusable = true;
                    files.push((source.path.clone(), Some(source.kind), Err(problem)));
                    continue;
                }
                let clients = analysis.resolved_clients();
                // A client the component refuses makes the file unusable as written; a value
                // known only at run time (CS004 without --env-file) does not.
                unusable |= clients.iter().any(|c| {
                    c.error
                        .as_ref()
                        .is_some_and(|e| e.code != Rule::UnresolvedReference.code())
                });
                files.push((source.path.clone(), Some(source.kind), Ok(clients)));
            }
            Err(e) => {
                failed = true;
                files.push((e.path, e.kind, Err(e.message)));
            }
        }
    }
    let text = match args.format {
        Format::Json => render::resolve::json(args.target, &files),
        Format::Human => render::resolve::human(&files),
    };
    emit(&text)?;
    Ok(if failed { 2 } else { u8::from(unusable) })
}

fn migrate(args: &MigrateArgs) -> Result<u8, String> {
    use cosmo_s3::migrate::{self, FixSelection, diff, file::migrate_source};
    use cosmo_s3::rules::Applicability;
    use std::collections::BTreeMap;

    let options = check_options(&args.input, &[])?;
    let selection = if args.unsafe_fixes {
        FixSelection::SafeAndUnsafe
    } else {
        FixSelection::Safe
    };
    let inputs = input::collect(&args.input.paths, args.input.kind.fixed());
    for note in &inputs.notes {
        eprintln!("note: {note}");
    }
    let color = color_for(std::io::stdout().is_terminal());
    let mut exit = 0u8;
    let mut out = String::new();
    let mut json_files = Vec::new();
    let mut fixed: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut left: BTreeMap<String, usize> = BTreeMap::new();
    for source in inputs.into_sources() {
        let source = match source {
            Ok(source) => source,
            Err(e) => {
                eprintln!("error: {}", with_path(&e.path, &e.message));
                json_files.push(serde_json::json!({"path": e.path.display().to_string(), "error": {"message": e.message}}));
                exit = 2;
                continue;
            }
        };
        let result = migrate_source(&source, &options, selection);
        if let Ok(mut scrubber) = SCRUB.lock() {
            result
                .remembered
                .iter()
                .for_each(|r| scrubber.add_remembered(r));
        }
        let path = source.path.display().to_string();
        if result.refused() {
            eprintln!(
                "error: {path}: not edited: it does not parse (CS001); `cosmo-s3 check {path}` shows where"
            );
            json_files.push(serde_json::json!({"path": path, "kind": source.kind.as_str(), "error": {"message": "syntax error (CS001): not edited"}}));
            exit = 2;
            continue;
        }
        if let migrate::Stop::FixBrokeSyntax { rules } = &result.outcome.stop {
            let codes: Vec<&str> = rules.iter().map(|r| r.code()).collect();
            eprintln!(
                "warning: {path}: a fix for {} would break the file; it was not applied",
                codes.join(", ")
            );
        }
        for d in &result.outcome.remaining {
            let why = match d.fix.as_ref().map(|f| f.applicability) {
                Some(Applicability::Unsafe) => "with --unsafe-fixes",
                Some(Applicability::Safe) => "safe fix left",
                None => "by hand",
            };
            *left
                .entry(format!("{} {}", d.rule.code(), why))
                .or_default() += 1;
        }
        if result.changed() {
            if args.check {
                exit = exit.max(1);
            }
            if args.write {
                // A file that cannot be written is reported; the other files still are done.
                let written = if source.path.as_os_str() == "-" {
                    Err("standard input cannot be written back: run `migrate` without --write to see the diff".to_string())
                } else {
                    Ok(())
                };
                let written = written.and_then(|()| migrate::write::read(&source.path).map_err(|e| e.to_string())).and_then(|snapshot| {
                    if snapshot.text != source.text {
                        return Err(format!("{path} changed on disk while cosmo-s3 was reading it; nothing written"));
                    }
                    migrate::write::write_atomic(&snapshot.snapshot, &result.outcome.text).map_err(|e| e.to_string())
                });
                if let Err(message) = written {
                    eprintln!("error: {message}");
                    json_files.push(serde_json::json!({"path": path, "kind": source.kind.as_str(), "error": {"message": message}}));
                    exit = 2;
                    continue;
                }
            } else {
                out.push_str(&diff::unified_diff(
                    diff::DiffSide {
                        label: &format!("a/{path}"),
                        text: &source.text,
                        secrets: &result.old_masked,
                    },
                    diff::DiffSide {
                        label: &format!("b/{path}"),
                        text: &result.outcome.text,
                        secrets: &result.new_masked,
                    },
                    color,
                ));
            }
        }
        // Counted only once the file is written (or, without --write, would be).
        for applied in &result.outcome.applied {
            *fixed.entry(applied.rule.code()).or_default() += 1;
        }
        let index = cosmo_s3::span::LineIndex::new(&source.text);
        let fixes: Vec<_> = result
            .outcome
            .applied
            .iter()
            .map(|a| {
                let mut fix = serde_json::json!({
                    "code": a.rule.code(), "rule": a.rule.name(), "title": a.title,
                    "applicability": a.applicability, "pass": a.pass,
                });
                if a.pass == 1 {
                    fix["location"] =
                        serde_json::json!(render::Location::of(a.span, &source.text, &index));
                }
                fix
            })
            .collect();
        let remaining: Vec<_> = result
            .outcome
            .remaining
            .iter()
            .map(|d| serde_json::json!({"code": d.rule.code(), "rule": d.rule.name(), "severity": d.severity.as_str(),
                "fix": d.fix.as_ref().map(|f| serde_json::json!({"applicability": f.applicability, "title": f.title}))}))
            .collect();
        json_files.push(serde_json::json!({"path": path, "kind": source.kind.as_str(), "changed": result.changed(),
            "written": args.write && result.changed(), "fixes": fixes, "remaining": remaining}));
    }
    match args.input.format {
        Format::Json => {
            let doc = serde_json::json!({"version": 1, "files": json_files});
            emit(&format!(
                "{}\n",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            ))?;
        }
        Format::Human => emit(&out)?,
    }
    let verb = if args.write { "fixed" } else { "would fix" };
    if fixed.is_empty() {
        if exit != 2 {
            eprintln!("nothing to fix");
        }
    } else {
        eprintln!(
            "{verb}: {}",
            fixed
                .iter()
                .map(|(k, n)| format!("{k} ×{n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !left.is_empty() {
        eprintln!(
            "left: {}",
            left.iter()
                .map(|(k, n)| format!("{k} ×{n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(exit)
}

/// `probe`: the component's file, read as the component reads it where it runs: the process
/// environment, plus `--env-file` files (later win).
fn probe(args: &ProbeArgs) -> Result<u8, String> {
    use cosmo_s3::probe::{self, ProbeEnv, ProbeOptions};

    let (path, kind) = match (&args.router, &args.controlplane, &args.cdn) {
        (Some(p), _, _) => (p, Kind::Router),
        (_, Some(p), _) => (p, Kind::Controlplane),
        (_, _, Some(p)) => (p, Kind::Cdn),
        _ => return Err("name one of --router, --controlplane or --cdn".into()),
    };
    let source = input::read_file(path, Some(kind)).map_err(|e| e.message)?;
    let mut extra: Vec<(String, String)> = Vec::new();
    for file in &args.env_files {
        let text = cosmo_s3::source::read::read_source(file).map_err(|e| e.to_string())?;
        let doc = if kind == Kind::Router {
            godotenv::parse(&text)
        } else {
            dotenv::parse(&text)
        };
        if kind == Kind::Router && !doc.problems.is_empty() {
            return Err(format!(
                "{}: godotenv refuses this env file (the router would set none of its variables)",
                file.display()
            ));
        }
        extra.extend(doc.variables());
    }
    let process: Vec<(String, String)> = std::env::vars().collect();
    // The environment the component sees. Router: the process plus the env files, and the
    // YAML expanded with it. Node: dotenv loads the file without overriding what the process
    // already has, so the process wins over the file.
    let (env, mut clients) = if kind == Kind::Router {
        let env = ProbeEnv::from_process().overlay(extra.clone());
        let vars: Vec<(String, String)> = process.into_iter().chain(extra).collect();
        remember_secrets(&vars);
        let analysis = cosmo_s3::check::analyze(&source, Some(&vars), args.target);
        remember_document(&analysis.document, &source.text);
        if analysis.resolved().is_empty() {
            return Err(no_router_provider(path, &analysis.document));
        }
        (env, analysis.resolved().to_vec())
    } else {
        let document = dotenv::parse(&source.text);
        let mut vars = document.variables();
        remember_document(&cosmo_s3::source::Document::Env(document), &source.text);
        vars.extend(extra);
        vars.extend(process);
        remember_secrets(&vars);
        let component = if kind == Kind::Cdn {
            Component::Cdn
        } else {
            Component::Controlplane
        };
        let clients = cosmo_s3::resolve::node::resolve(component, &vars, args.target);
        (ProbeEnv::from_pairs(vars), clients)
    };
    if let Some(id) = &args.provider {
        clients.retain(|r| &r.client.name == id);
        if clients.is_empty() {
            return Err(format!("{}: no S3 provider with id `{id}`", path.display()));
        }
    }
    let report = probe::run(&ProbeOptions::from(args), &env, &clients);
    match args.format {
        Format::Json => emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        ))?,
        Format::Human => emit(&probe::render_human(&report))?,
    }
    Ok(u8::try_from(report.exit_code).unwrap_or(2))
}

/// Why a router file gave `probe` nothing to probe (exit 2 with this message, not a bare code).
fn no_router_provider(path: &std::path::Path, document: &cosmo_s3::source::Document) -> String {
    use cosmo_s3::source::{Document, yaml::YamlProblemKind};
    let refused = matches!(document, Document::Yaml(doc)
        if doc.problems.iter().any(|p| p.kind == YamlProblemKind::Syntax));
    if refused {
        format!(
            "{}: the YAML does not parse (CS001), so the router would not start; `cosmo-s3 check {}` shows where",
            path.display(),
            path.display()
        )
    } else {
        format!(
            "{}: no S3 provider to probe (storage_providers.s3 is empty or absent)",
            path.display()
        )
    }
}
