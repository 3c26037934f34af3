//! Where the commands meet the Compose file reader ([`super::file`]): the
//! files' text and what they need from outside (the variables they name,
//! the project's `.env`, the `env_file:` files) asked of the host — so a
//! session records every answer — then the normalized [`Project`] out, and
//! `docker compose config`.
//!
//! The host answers one variable at a time, so the variables a file can
//! interpolate are found first by their `$NAME` / `${NAME…}` references.

use super::cli::{default_project_name, read_files, Globals};
use super::file::{self, ComposeError, ComposeInput};
use super::model::Project;
use crate::docker::{Host, Output};
use std::collections::BTreeMap;

/// The names a text refers to with `$NAME` or `${NAME…}` (`$$` is a literal `$`).
fn referenced_variables(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut names = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        if bytes.get(i + 1) == Some(&b'$') {
            i += 2;
            continue;
        }
        let start = if bytes.get(i + 1) == Some(&b'{') { i + 2 } else { i + 1 };
        let mut end = start;
        while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
            end += 1;
        }
        if end > start {
            names.push(text[start..end].to_string());
        }
        i = end.max(i + 1);
    }
    names
}

/// The paths `env_file:` names (`env_file: a.env`, or a list of paths or
/// `path:` entries), read off the text line by line.
fn env_file_paths(text: &str) -> Vec<String> {
    let clean = |v: &str| v.trim().trim_matches(|c| c == '"' || c == '\'').to_string();
    let mut paths = Vec::new();
    let mut in_list: Option<usize> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if let Some(list_indent) = in_list {
            if let Some(item) = trimmed.strip_prefix("- ") {
                let item = item.trim_start_matches("path:");
                paths.push(clean(item));
                continue;
            }
            if let Some(p) = trimmed.strip_prefix("path:") {
                paths.push(clean(p));
                continue;
            }
            if indent <= list_indent || trimmed.is_empty() {
                in_list = None;
            } else {
                continue;
            }
        }
        if let Some(rest) = trimmed.strip_prefix("env_file:") {
            let rest = rest.trim();
            if rest.is_empty() {
                in_list = Some(indent);
            } else if let Some(list) = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
                paths.extend(list.split(',').map(clean).filter(|p| !p.is_empty()));
            } else {
                paths.push(clean(rest));
            }
        }
    }
    paths
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() || dir == "." || name.starts_with('/') {
        name.to_string()
    } else {
        format!("{}/{name}", dir.trim_end_matches('/'))
    }
}

/// Everything the reader needs, asked of the host.
fn input(host: &mut dyn Host, files: &[(String, String)], default_name: &str, g: &Globals) -> ComposeInput {
    let dir = g.project_directory.clone().unwrap_or_default();
    let dotenv = host.read_text(&join(&dir, ".env")).ok();
    let mut env = BTreeMap::new();
    let texts = files.iter().map(|(_, t)| t.as_str()).chain(dotenv.as_deref());
    let mut wanted: Vec<String> = texts.flat_map(referenced_variables).collect();
    wanted.push("COMPOSE_PROJECT_NAME".to_string());
    crate::sort::ord(&mut wanted);
    wanted.dedup();
    for name in wanted {
        if let Some(value) = host.env_var(&name) {
            env.insert(name, value);
        }
    }
    let mut env_files = BTreeMap::new();
    for (_, text) in files {
        for path in env_file_paths(text) {
            if let Ok(body) = host.read_text(&join(&dir, &path)) {
                env_files.insert(path, body);
            }
        }
    }
    ComposeInput {
        files: files.to_vec(),
        env,
        dotenv,
        project_dir_name: default_name.to_string(),
        // Filled after loading (below), when the files say nothing.
        working_dir: String::new(),
        project_name: g.project_name.clone(),
        env_files,
    }
}

/// The project the files describe, named `default_name` unless they or
/// the flags say otherwise. Errors are the reader's, with their location.
pub fn load(
    host: &mut dyn Host,
    files: &[(String, String)],
    default_name: &str,
    g: &Globals,
) -> Result<Project, ComposeError> {
    let mut input = input(host, files, default_name, g);
    let mut project = file::load(&input)?;
    // A bare `environment: [NAME]` takes NAME from the shell (compose-go's
    // `resolveEnvironment`); the host answers only the names it is asked, so
    // ask for those the first reading left unset and read again with them.
    let bare: Vec<String> = project
        .services
        .iter()
        .flat_map(|s| s.environment.iter().filter(|(_, v)| v.is_none()).map(|(k, _)| k.clone()))
        .filter(|name| !input.env.contains_key(name))
        .collect();
    let mut found = false;
    for name in bare {
        if let Some(value) = host.env_var(&name) {
            input.env.insert(name, value);
            found = true;
        }
    }
    if found {
        project = file::load(&input)?;
    }
    if project.working_dir.is_empty() {
        project.working_dir = g.project_directory.clone().or_else(|| host.env_var("PWD")).unwrap_or_else(|| ".".into());
    }
    if project.config_files.is_empty() {
        project.config_files = files.iter().map(|(path, _)| path.clone()).collect();
    }
    Ok(project)
}

/// `docker compose config [--services|--volumes|-q]`: the normalized
/// project as YAML, or only its service or volume names, or nothing
/// (docker/compose `cmd/compose/config.go`); an error is the reader's, with
/// the file, line and column where the YAML has them.
pub fn config(host: &mut dyn Host, g: &Globals, args: &[String]) -> Output {
    let mut what = "yaml";
    for arg in args {
        what = match arg.as_str() {
            "--services" => "services",
            "--volumes" => "volumes",
            "-q" | "--quiet" => "quiet",
            other => return Output::error(format!("unknown flag: {other}"), 1),
        };
    }
    let files = match read_files(host, g) {
        Ok(files) => files,
        Err(message) => return Output::error(message, 1),
    };
    let name = default_project_name(host, g);
    let project = match load(host, &files, &name, g) {
        Ok(project) => project,
        Err(e) => return Output::error(e.to_string(), 1),
    };
    let lines = |names: Vec<&String>| names.into_iter().map(|n| format!("{n}\n")).collect::<String>();
    match what {
        "services" => Output::ok(lines(project.services.iter().map(|s| &s.name).collect())),
        "volumes" => Output::ok(lines(project.volumes.keys().collect())),
        "quiet" => Output::ok(String::new()),
        _ => Output::ok(file::render::config(&project)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_found_by_their_references_and_dollar_dollar_is_literal() {
        let text = "image: \"${IMAGE:-nginx}\"\ncommand: echo $$HOME $USER ${TAG?missing}\n";
        assert_eq!(referenced_variables(text), ["IMAGE", "USER", "TAG"]);
    }

    /// compose-go `loader/normalize.go` / `resolveEnvironment`: an
    /// `environment` entry without a value takes the shell's, and stays unset
    /// when the shell has none.
    #[test]
    fn a_bare_environment_name_takes_the_shells_value() {
        let text = "services:\n  web:\n    image: nginx\n    environment:\n      - API_KEY\n      - MISSING\n      - MODE=prod\n";
        let mut host = crate::docker::MemoryHost::new();
        host.env.insert("API_KEY".into(), "k-123".into());
        let g = Globals::default();
        let project = load(&mut host, &[("compose.yaml".into(), text.into())], "demo", &g).expect("loads");
        let env = &project.services[0].environment;
        assert_eq!(env.get("API_KEY"), Some(&Some("k-123".to_string())));
        assert_eq!(env.get("MISSING"), Some(&None));
        assert_eq!(env.get("MODE"), Some(&Some("prod".to_string())));
    }

    #[test]
    fn env_files_in_each_form() {
        let text = "services:\n  a:\n    env_file: a.env\n  b:\n    env_file:\n      - b.env\n      - path: c.env\n        required: false\n    image: x\n  d:\n    env_file: [\"d.env\", e.env]\n";
        assert_eq!(env_file_paths(text), ["a.env", "b.env", "c.env", "d.env", "e.env"]);
    }
}
