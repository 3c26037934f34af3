//! compose-go's own test data (core/tests/conformance/compose/, see the
//! README there): the template cases of `template/template_test.go`, the
//! Compose files of `loader/loader_test.go` and `schema/schema_test.go`
//! with what each asserts, and `schema/using-variables.yaml`.

use super::Tally;
use layerlab_core::compose::file::template::{substitute, TemplateError};
use layerlab_core::compose::file::{check_schema, load, ComposeInput};
use std::path::Path;

/// The `defaults` mapping of template_test.go.
fn defaults(name: &str) -> Option<String> {
    match name {
        "FOO" => Some("first".to_string()),
        "BAR" => Some(String::new()),
        "JSON" => Some(r#"{"json":2}"#.to_string()),
        _ => None,
    }
}

pub fn run_template(root: &Path) -> Tally {
    let mut tally = Tally::new("compose-template");
    let table = std::fs::read_to_string(root.join("compose/template.tsv")).expect("compose/template.tsv");
    for line in table.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        tally.total += 1;
        let fields: Vec<&str> = line.split('\t').collect();
        let (name, template, kind) = (fields[0], fields.get(1).copied().unwrap_or(""), fields.get(2).copied());
        let expected = fields.get(3).copied().unwrap_or("");
        let got = substitute(template, &defaults);
        let ok = match (kind, &got) {
            (Some("skip"), _) => {
                tally.skipped.push((name.to_string(), expected.to_string()));
                continue;
            }
            (Some("ok"), Ok(value)) => value == expected,
            (Some("invalid"), Err(TemplateError::Invalid { .. })) => true,
            (Some("required"), Err(TemplateError::Required { variable, reason })) => {
                let message = if reason.is_empty() {
                    format!("required variable {variable} is missing a value")
                } else {
                    format!("required variable {variable} is missing a value: {reason}")
                };
                message == expected
            }
            _ => false,
        };
        if ok {
            tally.passed += 1;
        } else {
            tally
                .failures
                .push(format!("compose-template {name}: {template:?}: expected {kind:?} {expected:?}, got {got:?}"));
        }
    }
    tally
}

/// One case of loader.txt.
struct Case {
    name: String,
    env: Vec<(String, String)>,
    expect: Result<(), String>,
    text: String,
}

fn cases(text: &str) -> Vec<Case> {
    let mut out: Vec<Case> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("=== ") {
            out.push(Case { name: name.to_string(), env: Vec::new(), expect: Ok(()), text: String::new() });
        } else if let Some(case) = out.last_mut() {
            if let Some(env) = line.strip_prefix("--- env: ") {
                let (k, v) = env.split_once('=').unwrap_or((env, ""));
                case.env.push((k.to_string(), v.to_string()));
            } else if let Some(error) = line.strip_prefix("--- error: ") {
                case.expect = Err(error.to_string());
            } else if line != "--- ok" {
                case.text.push_str(line);
                case.text.push('\n');
            }
        }
    }
    out
}

pub fn run_loader(root: &Path) -> Tally {
    let mut tally = Tally::new("compose-loader");
    let text = std::fs::read_to_string(root.join("compose/loader.txt")).expect("compose/loader.txt");
    let mut all = cases(&text);
    // schema_test.go's TestValidateVariables validates this file as written.
    let variables = std::fs::read_to_string(root.join("compose/using-variables.yaml")).expect("using-variables.yaml");
    all.push(Case {
        name: "schema_test.go/TestValidateVariables".into(),
        env: Vec::new(),
        expect: Ok(()),
        text: variables,
    });
    for case in all {
        tally.total += 1;
        // schema_test.go calls schema.Validate alone; loader_test.go loads.
        let result = if case.name.starts_with("schema_test.go/") {
            check_schema("compose.yaml", &case.text).map(|_| ())
        } else {
            let input = ComposeInput {
                files: vec![("compose.yaml".into(), case.text.clone())],
                env: case.env.iter().cloned().collect(),
                project_dir_name: "conformance".into(),
                ..ComposeInput::default()
            };
            load(&input).map(|_| ())
        };
        let ok = match (&case.expect, &result) {
            (Ok(()), Ok(())) => true,
            (Err(want), Err(got)) => got.compose_message().contains(want.as_str()),
            _ => false,
        };
        if ok {
            tally.passed += 1;
        } else {
            let got = result.map_err(|e| e.to_string());
            tally.failures.push(format!("compose-loader {}: expected {:?}, got {got:?}", case.name, case.expect));
        }
    }
    tally
}
