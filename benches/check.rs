//! Where a one-file `check` spends its time, phase by phase (in-process; the whole-process
//! figures come from `scripts/bench-check`).
//!
//!     cargo bench --bench check

use cosmo_s3::check::{CheckOptions, analyze, check_source};
use cosmo_s3::rules::Target;
use cosmo_s3::source::{Kind, SourceFile};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;

const FULL: &str = include_str!("../testdata/upstream/router/full.yaml");
const ROUTER_SCHEMA: &str = include_str!("../schemas/router.schema.json");

fn source() -> SourceFile {
    SourceFile {
        path: PathBuf::from("full.yaml"),
        text: FULL.to_string(),
        kind: Kind::Router,
    }
}

fn phases(c: &mut Criterion) {
    let source = source();
    let options = CheckOptions::default();
    c.bench_function("yaml parse (full.yaml)", |b| {
        b.iter(|| cosmo_s3::source::yaml::parse(black_box(FULL)))
    });
    c.bench_function("analyze (parse, settings, resolve)", |b| {
        b.iter(|| analyze(black_box(&source), None, Target::Next))
    });
    // After the first iteration the meta-schema's validator is cached: this is the compile
    // cost of the router schema itself, not the one-time meta-schema cost of a process.
    c.bench_function("router schema: parse + compile", |b| {
        b.iter(|| {
            let schema: serde_json::Value =
                serde_json::from_str(black_box(ROUTER_SCHEMA)).expect("committed schema");
            cosmo_s3::schema::build_validator(&schema).expect("compiles")
        })
    });
    // The validator is compiled once per process: after the first iteration this is the
    // per-file cost of a many-file run.
    c.bench_function("check_source, validator warm", |b| {
        b.iter(|| check_source(black_box(&source), &options))
    });
}

criterion_group!(benches, phases);
criterion_main!(benches);
