//! What `docker run` executes: the image's ENTRYPOINT and CMD combined with
//! the run line, by Docker's documented rules ("Understand how CMD and
//! ENTRYPOINT interact" in the Dockerfile reference):
//! - arguments after the image replace CMD, never ENTRYPOINT;
//! - `--entrypoint` replaces ENTRYPOINT and drops the image's CMD;
//! - the process is ENTRYPOINT followed by CMD (or the arguments);
//! - nothing at all is an error.

use super::Entrypoint;
use crate::build::ImageConfig;
use std::fmt;

/// Where a word of the argv comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordOrigin {
    /// The image's ENTRYPOINT.
    Entrypoint,
    /// The image's CMD.
    Cmd,
    /// The run line's arguments after the image (they replace CMD).
    Argument,
    /// `--entrypoint PROGRAM`.
    EntrypointFlag,
}

/// The process a container starts, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Argv {
    /// What runs. When the entrypoint is `sh -c SCRIPT`, this is the shell
    /// and its script: the words after it never run (see `ignored_by_shell`).
    pub argv: Vec<String>,
    /// Where each word of `argv` comes from, one per word.
    pub origins: Vec<WordOrigin>,
    /// Words Docker passes after a `sh -c SCRIPT` entrypoint: the shell takes
    /// them as `$0`, `$1`, ... and the script ignores them unless it reads them.
    pub ignored_by_shell: Vec<String>,
    /// The reasoning, one step per line, for the tutor to show.
    pub explanation: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgvError {
    /// Neither ENTRYPOINT nor CMD, and no arguments.
    NoCommand,
}

impl fmt::Display for ArgvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgvError::NoCommand => f.write_str("Error response from daemon: no command specified"),
        }
    }
}

/// Combines the image config with the run line's `--entrypoint` and arguments.
pub fn resolve_argv(config: &ImageConfig, entrypoint: Option<&Entrypoint>, args: &[String]) -> Result<Argv, ArgvError> {
    let mut explanation = Vec::new();
    let entry_origin = match entrypoint {
        Some(Entrypoint::Program(_)) => WordOrigin::EntrypointFlag,
        _ => WordOrigin::Entrypoint,
    };
    let cmd_origin = if args.is_empty() { WordOrigin::Cmd } else { WordOrigin::Argument };
    let entry: Vec<String> = match entrypoint {
        Some(Entrypoint::Reset) => {
            explanation.push("--entrypoint \"\" removes the image's ENTRYPOINT and its CMD".to_string());
            Vec::new()
        }
        Some(Entrypoint::Program(program)) => {
            explanation
                .push(format!("--entrypoint replaces the image's ENTRYPOINT with `{program}` and drops its CMD"));
            vec![program.clone()]
        }
        None => {
            let entry = config.entrypoint.clone().unwrap_or_default();
            if !entry.is_empty() {
                explanation.push(format!("ENTRYPOINT from the image: {}", show(&entry)));
            }
            entry
        }
    };
    let cmd: Vec<String> = if !args.is_empty() {
        explanation.push(format!("the arguments after the image replace CMD: {}", show(args)));
        args.to_vec()
    } else if entrypoint.is_some() {
        Vec::new()
    } else {
        let cmd = config.cmd.clone().unwrap_or_default();
        if !cmd.is_empty() {
            explanation.push(format!("CMD from the image: {}", show(&cmd)));
        }
        cmd
    };
    if entry.is_empty() && cmd.is_empty() {
        return Err(ArgvError::NoCommand);
    }
    // `sh -c SCRIPT extra...`: the extra words become $0, $1... of the script.
    let is_shell_wrapper = entry.len() == 3 && entry[1] == "-c" && is_shell(&entry[0]);
    if is_shell_wrapper && !cmd.is_empty() {
        explanation.push(format!(
            "the ENTRYPOINT is a shell running a script, so {} only becomes the script's $0, $1, ... and does not run",
            show(&cmd)
        ));
        let origins = vec![entry_origin; entry.len()];
        return Ok(Argv { argv: entry, origins, ignored_by_shell: cmd, explanation });
    }
    let mut origins = vec![entry_origin; entry.len()];
    origins.extend(std::iter::repeat_n(cmd_origin, cmd.len()));
    let mut argv = entry;
    argv.extend(cmd);
    Ok(Argv { argv, origins, ignored_by_shell: Vec::new(), explanation })
}

fn is_shell(program: &str) -> bool {
    matches!(program.rsplit('/').next(), Some("sh" | "bash" | "ash" | "dash" | "zsh"))
}

fn show(words: &[String]) -> String {
    serde_json::to_string(words).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(entrypoint: Option<&[&str]>, cmd: Option<&[&str]>) -> ImageConfig {
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        ImageConfig { entrypoint: entrypoint.map(own), cmd: cmd.map(own), ..ImageConfig::default() }
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn run_arguments_replace_cmd_not_entrypoint() {
        let image = config(Some(&["python"]), Some(&["app.py"]));
        let got = resolve_argv(&image, None, &strings(&["bash"])).expect("runs");
        assert_eq!(got.argv, ["python", "bash"]);
        assert_eq!(got.origins, [WordOrigin::Entrypoint, WordOrigin::Argument]);
        let got = resolve_argv(&image, None, &[]).expect("runs");
        assert_eq!(got.origins, [WordOrigin::Entrypoint, WordOrigin::Cmd]);
    }

    #[test]
    fn entrypoint_flag_drops_the_image_cmd() {
        let image = config(Some(&["python"]), Some(&["app.py"]));
        let got = resolve_argv(&image, Some(&Entrypoint::Program("sh".into())), &strings(&["-c", "ls"])).expect("runs");
        assert_eq!(got.argv, ["sh", "-c", "ls"]);
        assert_eq!(got.origins, [WordOrigin::EntrypointFlag, WordOrigin::Argument, WordOrigin::Argument]);
        let got = resolve_argv(&image, Some(&Entrypoint::Program("sh".into())), &[]).expect("runs");
        assert_eq!(got.argv, ["sh"]);
        let reset = resolve_argv(&image, Some(&Entrypoint::Reset), &strings(&["ls"])).expect("runs");
        assert_eq!(reset.argv, ["ls"]);
        assert_eq!(resolve_argv(&image, Some(&Entrypoint::Reset), &[]), Err(ArgvError::NoCommand));
    }

    #[test]
    fn nginx_like_image_with_arguments() {
        let image = config(Some(&["/docker-entrypoint.sh"]), Some(&["nginx", "-g", "daemon off;"]));
        let got = resolve_argv(&image, None, &[]).expect("runs");
        assert_eq!(got.argv, ["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]);
    }
}
