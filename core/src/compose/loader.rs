//! Where the commands meet the Compose file reader: the files' text in,
//! the normalized [`Project`] out (and `docker compose config`).

use super::cli::Globals;
use super::model::Project;
use crate::docker::{Host, Output};

/// The project the files describe, named `default_name` unless they say.
pub fn load(
    _host: &mut dyn Host,
    _files: &[(String, String)],
    _default_name: &str,
    _g: &Globals,
) -> Result<Project, String> {
    Err("layerlab: the Compose file reader is not part of this build yet".to_string())
}

/// `docker compose config`.
pub fn config(_host: &mut dyn Host, _g: &Globals) -> Output {
    Output::error("layerlab: docker compose config is not part of this build yet".to_string(), 1)
}
