#![allow(clippy::unwrap_used)]
//! The committed completion scripts under `completions/` match the CLI.
//! Regenerate with `UPDATE_COMPLETIONS=1 cargo test --release --test completions`.

use clap::CommandFactory;
use clap_complete::Shell;
use cosmo_s3::cli::Cli;
use std::path::Path;

fn generated(shell: Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "cosmo-s3", &mut buf);
    String::from_utf8(buf).unwrap()
}

#[test]
fn committed_completions_match_the_cli() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let shells = [
        (Shell::Bash, "cosmo-s3.bash"),
        (Shell::Zsh, "_cosmo-s3"),
        (Shell::Fish, "cosmo-s3.fish"),
        (Shell::PowerShell, "_cosmo-s3.ps1"),
        (Shell::Elvish, "cosmo-s3.elv"),
    ];
    for (shell, file) in shells {
        let path = dir.join(file);
        let want = generated(shell);
        if std::env::var_os("UPDATE_COMPLETIONS").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{} is out of date: run UPDATE_COMPLETIONS=1 cargo test --release --test completions",
            path.display()
        );
        assert!(
            want.contains("check") && want.contains("deny-warnings"),
            "{file} lacks commands"
        );
    }
}
