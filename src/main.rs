//! The `cosmo-s3` binary: parse arguments, run the library, render, exit.
#![allow(clippy::print_stdout, clippy::print_stderr)]

fn main() {
    println!("cosmo-s3");
}
