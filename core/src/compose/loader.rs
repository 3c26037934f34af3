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

/// `docker compose config`: the normalized project as YAML.
pub fn config(host: &mut dyn Host, g: &Globals) -> Output {
    let files = match read_files(host, g) {
        Ok(files) => files,
        Err(e) => return Output::error(e, 1),
    };
    let default_name = default_project_name(host, g);
    match load(host, &files, &default_name, g) {
        Ok(project) => Output::ok(file::render::config(&project)),
        Err(e) => Output::error(e, 1),
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
    let working_dir = g.project_directory.clone().or_else(|| host.env_var("PWD")).unwrap_or_default();
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
        project_dir_name: default_name.to_string(),
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
