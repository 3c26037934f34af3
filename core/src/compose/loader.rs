//! Where the commands meet the Compose file reader ([`super::file`]): the
//! files' text in, the normalized [`Project`] out (and `docker compose
//! config`). The reader is I/O-free and takes the environment as a map, so
//! this asks the host for every name the files could read (each identifier
//! in their text, which covers `${VAR}`, `$VAR` and a bare `environment:`
//! name), the project's `.env` and the files `env_file:` names.

use std::collections::BTreeMap;

use super::cli::{default_project_name, read_files, Globals};
use super::file::{self, node, ComposeInput};
use super::model::Project;
use crate::docker::{Host, Output};

/// The project the files describe, named `default_name` unless they say.
pub fn load(
    host: &mut dyn Host,
    files: &[(String, String)],
    default_name: &str,
    g: &Globals,
) -> Result<Project, String> {
    let input = input(host, files, default_name, g)?;
    file::load(&input).map_err(|e| e.to_string())
}

/// `docker compose config [--services|--volumes|-q]`: the normalized
/// project as YAML, or only its service or volume names, or nothing
/// (docker/compose `cmd/compose/config.go`).
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
        Err(e) => return Output::error(e, 1),
    };
    let default_name = default_project_name(host, g);
    let project = match load(host, &files, &default_name, g) {
        Ok(project) => project,
        Err(e) => return Output::error(e, 1),
    };
    let lines = |names: Vec<&String>| names.into_iter().map(|n| format!("{n}\n")).collect::<String>();
    match what {
        "services" => Output::ok(lines(project.services.iter().map(|s| &s.name).collect())),
        "volumes" => Output::ok(lines(project.volumes.keys().collect())),
        "quiet" => Output::ok(String::new()),
        _ => Output::ok(file::render::config(&project)),
    }
}

fn input(
    host: &mut dyn Host,
    files: &[(String, String)],
    default_name: &str,
    g: &Globals,
) -> Result<ComposeInput, String> {
    let dir = g.project_directory.clone().unwrap_or_default();
    let join = |name: &str| {
        if dir.is_empty() || name.starts_with('/') {
            name.to_string()
        } else {
            format!("{}/{name}", dir.trim_end_matches('/'))
        }
    };
    let dotenv = host.read_text(&join(".env")).ok();
    // compose-go: the project directory is --project-directory, else the
    // first -f file's directory, else the current one.
    let pwd = host.env_var("PWD").unwrap_or_default();
    let first_dir = g.files.first().and_then(|_| files.first()).map(|(path, _)| match path.rsplit_once('/') {
        Some(("", _)) => "/".to_string(),
        Some((dir, _)) if dir.starts_with('/') || pwd.is_empty() => dir.to_string(),
        Some((dir, _)) => format!("{}/{dir}", pwd.trim_end_matches('/')),
        None => pwd.clone(),
    });
    let working_dir = g.project_directory.clone().or(first_dir).unwrap_or(pwd);
    let base = working_dir.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let dir_name = file::normalize_project_name(base);
    let dir_name = if dir_name.is_empty() { default_name.to_string() } else { dir_name };
    let mut env = BTreeMap::new();
    let texts = files.iter().map(|(_, t)| t.as_str()).chain(dotenv.as_deref());
    for name in identifiers(texts).into_iter().chain(["COMPOSE_PROJECT_NAME".to_string()]) {
        if let Some(value) = host.env_var(&name) {
            env.insert(name, value);
        }
    }
    let mut input = ComposeInput {
        files: files.to_vec(),
        env,
        dotenv,
        project_dir_name: dir_name,
        working_dir,
        project_name: g.project_name.clone(),
        env_files: BTreeMap::new(),
    };
    // `env_file:` paths are only known once the files are read.
    if let Ok((tree, _)) = file::load_tree(&input) {
        for path in env_file_paths(&tree) {
            if let Ok(text) = host.read_text(&join(&path)) {
                input.env_files.insert(path, text);
            }
        }
    }
    Ok(input)
}

/// Every `[_A-Za-z][_A-Za-z0-9]*` word of the texts.
fn identifiers<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    for text in texts {
        let mut word = String::new();
        for c in text.chars().chain(std::iter::once(' ')) {
            if c == '_' || c.is_ascii_alphanumeric() {
                word.push(c);
            } else if !word.is_empty() {
                if !word.starts_with(|c: char| c.is_ascii_digit()) {
                    names.insert(std::mem::take(&mut word));
                }
                word.clear();
            }
        }
    }
    names.into_iter().collect()
}

fn env_file_paths(tree: &node::Node) -> Vec<String> {
    let mut paths = Vec::new();
    let Some(node::Value::Map(services)) = tree.get("services").map(|s| &s.value) else { return paths };
    for (_, service) in services {
        match service.get("env_file").map(|e| &e.value) {
            Some(node::Value::Str(path)) => paths.push(path.clone()),
            Some(node::Value::Seq(items)) => {
                for item in items {
                    match &item.value {
                        node::Value::Str(path) => paths.push(path.clone()),
                        node::Value::Map(_) => {
                            paths.extend(item.get("path").and_then(node::Node::as_str).map(str::to_string))
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    paths
}
