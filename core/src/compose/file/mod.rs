//! Reading Compose files: text in, the normalized [`Project`] out, the way
//! compose-go's loader does it (`loader/loader.go`): each file's YAML is
//! read ([`node`]), interpolated ([`interpolate`], [`template`]), merged
//! onto the files before it ([`merge`]), validated against the Compose
//! Specification's schema ([`schema`]), then typed and defaulted
//! ([`convert`]). [`render`] prints the result as `docker compose config`.
//!
//! The core reads no files: the caller passes each file's name and text,
//! the environment and the project's `.env`.

use std::collections::BTreeMap;

use super::model::Project;

mod convert;
pub mod dotenv;
mod error;
mod interpolate;
mod merge;
pub mod node;
pub mod render;
mod schema;
pub mod template;
pub mod values;

pub use convert::normalize_project_name;
pub use error::ComposeError;
pub use node::Location;

/// compose-go `cli/options.go`, `DefaultFileNames`: the first of these
/// present in the project directory is the Compose file.
pub const DEFAULT_FILE_NAMES: [&str; 4] = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];

/// compose-go `DefaultOverrideFileNames`: read after the default file.
pub const DEFAULT_OVERRIDE_FILE_NAMES: [&str; 4] =
    ["compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml"];

/// Which files Compose reads when no `-f` is given, from the names present
/// in the project directory: the first default name, then its override.
pub fn default_files<'a>(present: &[&'a str]) -> Result<Vec<&'a str>, ComposeError> {
    let pick = |names: &[&str]| names.iter().find_map(|n| present.iter().copied().find(|p| p == n));
    let main = pick(&DEFAULT_FILE_NAMES).ok_or(ComposeError::NoConfigFile)?;
    Ok(std::iter::once(main).chain(pick(&DEFAULT_OVERRIDE_FILE_NAMES)).collect())
}

/// Everything `docker compose` reads, as text.
#[derive(Debug, Clone, Default)]
pub struct ComposeInput {
    /// `(name, text)` of each `-f` file, in order.
    pub files: Vec<(String, String)>,
    /// The process environment.
    pub env: BTreeMap<String, String>,
    /// The project directory's `.env`, if there is one.
    pub dotenv: Option<String>,
    /// The project directory's base name (the project name's fallback).
    pub project_dir_name: String,
    /// The project directory's path (`Project::working_dir`); relative
    /// paths in the files stay relative in the model.
    pub working_dir: String,
    /// `-p NAME`.
    pub project_name: Option<String>,
    /// The text of the files `env_file:` names, by the path as written.
    pub env_files: BTreeMap<String, String>,
}

/// Loads, interpolates, merges, validates and normalizes the files.
pub fn load(input: &ComposeInput) -> Result<Project, ComposeError> {
    let (tree, env) = load_tree(input)?;
    convert::project(&tree, input, &env)
}

/// The merged, interpolated, validated tree and the environment used.
pub fn load_tree(input: &ComposeInput) -> Result<(node::Node, BTreeMap<String, String>), ComposeError> {
    if input.files.is_empty() {
        return Err(ComposeError::NoConfigFile);
    }
    let env = environment(input)?;
    let lookup = |name: &str| env.get(name).cloned();
    let mut merged: Option<node::Node> = None;
    for (name, text) in &input.files {
        for mut document in node::parse(name, text)? {
            if document.value == node::Value::Null {
                continue;
            }
            if !matches!(document.value, node::Value::Map(_)) {
                return Err(ComposeError::TopLevelNotMapping { at: document.at });
            }
            interpolate::interpolate(&mut document, &lookup)?;
            let mut next = match merged.take() {
                None => document,
                Some(base) => merge::merge(base, document)?,
            };
            merge::enforce_unicity(&mut next);
            schema::validate(&next)?;
            merged = Some(next);
        }
    }
    let at = Location { file: input.files[0].0.as_str().into(), line: 1, column: 1 };
    let tree = merged.unwrap_or_else(|| node::Node::new(node::Value::Map(Vec::new()), at));
    Ok((tree, env))
}

/// Checks one file against the Compose Specification's schema alone, as
/// written (no interpolation, no merge): compose-go's `schema.Validate`.
pub fn check_schema(name: &str, text: &str) -> Result<(), ComposeError> {
    for document in node::parse(name, text)? {
        if !matches!(document.value, node::Value::Map(_) | node::Value::Null) {
            return Err(ComposeError::TopLevelNotMapping { at: document.at });
        }
        schema::validate(&document)?;
    }
    Ok(())
}

/// The variables interpolation sees: the environment, then `.env` for the
/// names the environment lacks (compose-go `cli/options.go`, `WithDotEnv`:
/// a variable already in the environment is not overridden).
fn environment(input: &ComposeInput) -> Result<BTreeMap<String, String>, ComposeError> {
    let mut env = input.env.clone();
    if let Some(text) = &input.dotenv {
        let outer = |name: &str| input.env.get(name).cloned();
        let vars = dotenv::parse(text, &outer).map_err(|message| ComposeError::Invalid {
            at: Location { file: ".env".into(), line: 1, column: 1 },
            message: format!("failed to read .env: {message}"),
        })?;
        for (key, value) in vars {
            env.entry(key).or_insert(value);
        }
    }
    Ok(env)
}

#[cfg(test)]
mod tests;
