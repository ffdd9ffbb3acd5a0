//! The `cosmo-s3` binary: parse arguments, run the library, render, exit.
//!
//! Exit codes: 0 clean, 1 findings (probe: unreachable; migrate --check: changes pending),
//! 2 the tool could not do its job.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use clap::{CommandFactory, Parser};
use cosmo_s3::cli::{Cli, Command, Format};
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
        Command::Check(_)
        | Command::Resolve(_)
        | Command::Migrate(_)
        | Command::Probe(_)
        | Command::Schema { .. } => {
            let _ = (Format::Human, human_style());
            Err("not built yet".into())
        }
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
