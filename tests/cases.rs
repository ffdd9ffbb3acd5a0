//! The bug-report cases (`testdata/cases`, copied from the project's shared cases) and the
//! per-rule fixtures (`testdata/rules`): run `cosmo-s3 check --format json` on each and
//! compare with its `expect.json`. Keys: files, args, exit, must, must_not, min_count, lines,
//! mentions, severity, max_warnings (same meaning as the shared `check_cases.py`).

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn run_case(dir: &Path, case: &Value) -> Vec<String> {
    let strings = |key: &str| -> Vec<String> {
        case[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let output = Command::new(env!("CARGO_BIN_EXE_cosmo-s3"))
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(strings("args"))
        .args(strings("files"))
        .env("NO_COLOR", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap();
    let mut problems = Vec::new();
    let want_exit = case["exit"].as_i64().unwrap();
    if i64::from(output.status.code().unwrap_or(-1)) != want_exit {
        problems.push(format!("exit {:?}, want {want_exit}", output.status.code()));
    }
    let Ok(doc) = serde_json::from_slice::<Value>(&output.stdout) else {
        problems.push(format!(
            "stdout is not JSON; stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
        return problems;
    };
    let diags: Vec<&Value> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().into_iter().flatten())
        .collect();
    let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
    let must = strings("must");
    for code in &must {
        if !codes.contains(&code.as_str()) {
            problems.push(format!("missing {code}"));
        }
    }
    for code in strings("must_not") {
        if codes.contains(&code.as_str()) {
            problems.push(format!("unexpected {code}"));
        }
    }
    for d in &diags {
        let code = d["code"].as_str().unwrap_or_default();
        if d["severity"] == "error" && !must.iter().any(|m| m == code) {
            problems.push(format!("spurious error {code}: {}", d["message"]));
        }
        if !d["location"].is_object() {
            problems.push(format!("{code} has no location"));
        }
    }
    fn of_code<'a>(diags: &'a [&'a Value], code: &'a str) -> impl Iterator<Item = &'a &'a Value> {
        diags.iter().filter(move |d| d["code"] == code)
    }
    if let Some(lines) = case["lines"].as_object() {
        for (code, line) in lines {
            let at: Vec<&Value> = of_code(&diags, code)
                .map(|d| &d["location"]["line"])
                .collect();
            if !at.is_empty() && !at.contains(&line) {
                problems.push(format!("{code} at lines {at:?}, want {line}"));
            }
        }
    }
    if let Some(mentions) = case["mentions"].as_object() {
        for (code, word) in mentions {
            let word = word.as_str().unwrap();
            let texts: Vec<String> = of_code(&diags, code)
                .map(|d| format!("{} {}", d["message"], d["help"]))
                .collect();
            if !texts.is_empty() && !texts.iter().any(|t| t.contains(word)) {
                problems.push(format!("{code} does not mention {word}"));
            }
        }
    }
    if let Some(severities) = case["severity"].as_object() {
        for (code, severity) in severities {
            let found: Vec<&Value> = of_code(&diags, code).map(|d| &d["severity"]).collect();
            if found.iter().any(|s| *s != severity) {
                problems.push(format!("{code} severity {found:?}, want {severity}"));
            }
        }
    }
    if let Some(counts) = case["min_count"].as_object() {
        for (code, n) in counts {
            let count = of_code(&diags, code).count() as u64;
            if count < n.as_u64().unwrap() {
                problems.push(format!("{code} {count} times, want >= {n}"));
            }
        }
    }
    if let Some(max) = case["max_warnings"].as_u64() {
        let warnings: Vec<&str> = diags
            .iter()
            .filter(|d| d["severity"] == "warning")
            .filter_map(|d| d["code"].as_str())
            .collect();
        if warnings.len() as u64 > max {
            problems.push(format!("{} warnings: {warnings:?}", warnings.len()));
        }
    }
    problems
}

fn run_suite(folder: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expect.json")).unwrap()).unwrap();
    assert!(!cases.is_empty());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let problems = run_case(&dir, case);
            (!problems.is_empty()).then(|| format!("{}: {}", case["name"], problems.join("; ")))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn bug_report_cases() {
    run_suite("testdata/cases");
}

#[test]
fn rule_fixtures() {
    run_suite("testdata/rules");
}
