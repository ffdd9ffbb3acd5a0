//! The `cosmo-s3` binary: parse arguments, run the library, render, exit.
//!
//! Exit codes: 0 clean, 1 findings (probe: unreachable; migrate --check: changes pending),
//! 2 the tool could not do its job.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use clap::{CommandFactory, Parser};
use cosmo_s3::check::{CheckOptions, CheckReport};
use cosmo_s3::cli::{CheckArgs, Cli, Command, Format, InputArgs, SchemaComponent};
use cosmo_s3::resolve::Component;
use cosmo_s3::rules::Rule;
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

/// Write to stdout; a closed pipe (`cosmo-s3 ... | head`) is not an error.
fn emit(text: &str) -> Result<(), String> {
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
        Command::Migrate(_) | Command::Probe(_) => Err("not built yet".into()),
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
    let options = check_options(&args.input, &args.ignore)?;
    let inputs = input::collect(&args.input.paths, args.input.kind.fixed());
    for note in &inputs.notes {
        eprintln!("note: {note}");
    }
    let report = CheckReport {
        files: cosmo_s3::check::check_all(inputs.sources, &options),
        notes: inputs.notes,
    };
    match args.input.format {
        Format::Json => emit(&render::json::check_report(&report))?,
        Format::Human => {
            for file in report.files.iter().filter(|f| f.error.is_some()) {
                eprintln!(
                    "error: {}: {}",
                    file.path.display(),
                    file.error.as_deref().unwrap_or_default()
                );
            }
            emit(&render::human::check_report(&report, human_style()))?;
        }
    }
    Ok(u8::try_from(report.exit_code(args.deny_warnings)).unwrap_or(2))
}

fn resolve(args: &InputArgs) -> Result<u8, String> {
    let options = check_options(args, &[])?;
    let inputs = input::collect(&args.paths, args.kind.fixed());
    for note in &inputs.notes {
        eprintln!("note: {note}");
    }
    let mut files = Vec::new();
    let mut failed = false;
    for source in inputs.sources {
        match source {
            Ok(source) => {
                let analysis =
                    cosmo_s3::check::analyze(&source, options.env.as_deref(), options.target);
                files.push((
                    source.path.clone(),
                    Some(source.kind),
                    Ok(analysis.resolved_clients()),
                ));
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
    Ok(if failed { 2 } else { 0 })
}
