//! BuildKit's build-check cases (`lint/cases/*`, from moby/buildkit's
//! `dockerfile_check_test.go`), run as `docker build --check` runs them: every
//! stage is checked, so a case's `lint_warnings` (when present) replace its
//! `warnings`. Rule, detail, description and URL are compared as multisets;
//! lines too, except where the case marks them as not asserted. The expected
//! error of the lint subrequest must match exactly, and no error is allowed
//! when none is expected.

use super::Tally;
use layerlab_core::lint::{check, LintInput};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// One expected or actual warning, in comparable form.
type Row = (String, String, String, String, Option<u64>);

pub fn run(root: &Path) -> Tally {
    let mut tally = Tally::new("lint");
    let dir = root.join("lint").join("cases");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    for case in cases {
        let name = case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let expected: Value = serde_json::from_str(&read(&case.join("expected.json"))).expect("expected.json is JSON");
        tally.total += 1;
        if expected["needs"].as_array().is_some_and(|n| n.iter().any(|v| v == "registry")) {
            let number = name.split('-').next().unwrap_or(&name).to_string();
            tally.skipped.push((number, "needs a registry".to_string()));
            continue;
        }
        match run_case(&case, &expected) {
            Ok(()) => tally.passed += 1,
            Err(why) => tally.failures.push(format!("lint {name}: {why}")),
        }
    }
    tally
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{} is readable: {e}", path.display()))
}

fn run_case(case: &Path, expected: &Value) -> Result<(), String> {
    let source = read(&case.join("Dockerfile"));
    let ignore_path = case.join("context").join(".dockerignore");
    let dockerignore = ignore_path.exists().then(|| read(&ignore_path));
    let build_args: BTreeMap<String, String> =
        serde_json::from_value(expected["build_args"].clone()).expect("build_args is a string map");
    let mut input = LintInput::new(&source, &build_args);
    input.dockerignore = dockerignore.as_deref();
    let result = check(&input);

    let list = if expected["lint_warnings"].is_array() { &expected["lint_warnings"] } else { &expected["warnings"] };
    let mut want: Vec<Row> = list.as_array().map(Vec::as_slice).unwrap_or_default().iter().map(expected_row).collect();
    let lines_asserted: Vec<bool> = want.iter().map(|r| r.4.is_some()).collect();
    let mut got: Vec<Row> = result
        .findings
        .iter()
        .map(|f| {
            let r = f.rule;
            (
                r.name.to_string(),
                f.message.clone(),
                r.description.to_string(),
                r.url.unwrap_or("").to_string(),
                Some(f.line as u64),
            )
        })
        .collect();
    // Lines are compared only when every expected entry asserts them.
    if lines_asserted.iter().any(|a| !a) {
        got.iter_mut().for_each(|r| r.4 = None);
        want.iter_mut().for_each(|r| r.4 = None);
    }
    let key = |r: &Row| (r.4, r.1.clone(), r.0.clone());
    want.sort_by_key(key);
    got.sort_by_key(key);
    if want != got {
        return Err(format!("warnings: expected {}, got {}", show(&want), show(&got)));
    }

    let want_error = expected["build_error"]["lint"]["text"].as_str();
    if want_error != result.error.as_deref() {
        return Err(format!("error: expected {want_error:?}, got {:?}", result.error));
    }
    Ok(())
}

/// A case's entry; the line is `None` when the case says it is not asserted
/// (then `line_from_dockerfile`, where given, is the true line).
fn expected_row(w: &Value) -> Row {
    let text = |k: &str| w[k].as_str().unwrap_or_default().to_string();
    let line = match w["line_asserted"].as_bool() {
        Some(false) => w["line_from_dockerfile"].as_u64(),
        _ => w["line"].as_u64(),
    };
    (text("rule"), text("detail"), text("description"), text("url"), line)
}

fn show(rows: &[Row]) -> String {
    let items: Vec<String> = rows
        .iter()
        .map(|(rule, detail, _, _, line)| match line {
            Some(l) => format!("{rule}@{l}: {detail}"),
            None => format!("{rule}: {detail}"),
        })
        .collect();
    format!("[{}]", items.join("; "))
}
