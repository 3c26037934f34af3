//! What `docker run` executes: the image's ENTRYPOINT and CMD combined with
//! the run line, by Docker's documented rules ("Understand how CMD and
//! ENTRYPOINT interact" in the Dockerfile reference):
//! - arguments after the image replace CMD, never ENTRYPOINT;
//! - `--entrypoint` replaces ENTRYPOINT and drops the image's CMD;
//! - the process is ENTRYPOINT followed by CMD (or the arguments), also when
//!   the ENTRYPOINT is shell form: `ENTRYPOINT echo hello` run with `there`
//!   starts `/bin/sh -c "echo hello" there` (moby's daemon joins Entrypoint
//!   and Cmd without looking at them, `daemon/create.go`'s
//!   `getEntrypointAndArgs`), and sh takes `there` as `$0`;
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
    /// The process's argv, as `docker inspect` shows it in Path and Args:
    /// after a `sh -c SCRIPT` entrypoint it still holds the CMD or the run
    /// arguments (see `script_parameters`).
    pub argv: Vec<String>,
    /// Where each word of `argv` comes from, one per word.
    pub origins: Vec<WordOrigin>,
    /// The words Docker appends after a `sh -c SCRIPT` entrypoint: the shell
    /// takes them as `$0`, `$1`, ... and the script ignores what it does not
    /// read. They are the last words of `argv`.
    pub script_parameters: Vec<String>,
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
    // `sh -c SCRIPT extra...`: Docker appends the words all the same; the
    // shell makes them the script's $0, $1, ...
    let is_shell_wrapper = entry.len() == 3 && entry[1] == "-c" && is_shell(&entry[0]);
    let script_parameters = if is_shell_wrapper { cmd.clone() } else { Vec::new() };
    if let Some((zero, rest)) = script_parameters.split_first() {
        let rest = if rest.is_empty() { String::new() } else { format!(" and {} as $1, ...", show(rest)) };
        let reads = if reads_parameters(&entry[2]) {
            "the script reads them"
        } else {
            "the script ignores what it does not read, and it reads none of them"
        };
        explanation.push(format!(
            "Docker appends {} after the shell-form ENTRYPOINT: {} takes `{zero}` as $0{rest}; {reads}",
            show(&cmd),
            entry[0]
        ));
    }
    let mut origins = vec![entry_origin; entry.len()];
    origins.extend(std::iter::repeat_n(cmd_origin, cmd.len()));
    let mut argv = entry;
    argv.extend(cmd);
    Ok(Argv { argv, origins, script_parameters, explanation })
}

impl Argv {
    /// The command that runs: the argv without the words a `sh -c SCRIPT`
    /// takes as its parameters. Docker's CMD/ENTRYPOINT table in the
    /// Dockerfile reference lists this (`/bin/sh -c exec_entry p1_entry`
    /// whatever the CMD), not the process's whole argv.
    pub fn runs(&self) -> &[String] {
        &self.argv[..self.argv.len() - self.script_parameters.len()]
    }
}

/// Whether a script reads its positional parameters (`$0`, `$1`, `${2}`, `$@`, `$*`, `$#`).
fn reads_parameters(script: &str) -> bool {
    let bytes = script.as_bytes();
    bytes.windows(2).enumerate().any(|(i, w)| {
        w[0] == b'$'
            && (w[1].is_ascii_digit()
                || matches!(w[1], b'@' | b'*' | b'#')
                || (w[1] == b'{'
                    && bytes.get(i + 2).is_some_and(|c| c.is_ascii_digit() || matches!(c, b'@' | b'*' | b'#'))))
    })
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

    /// A shell-form ENTRYPOINT still gets the run arguments: the process is
    /// `/bin/sh -c "echo hello" there` (moby joins Entrypoint and Cmd as they
    /// are), `there` is the script's $0, and the script does not read it.
    #[test]
    fn shell_form_entrypoint_still_gets_the_arguments() {
        let image = config(Some(&["/bin/sh", "-c", "echo hello"]), Some(&["ignored-cmd"]));
        let got = resolve_argv(&image, None, &strings(&["there"])).expect("runs");
        assert_eq!(got.argv, ["/bin/sh", "-c", "echo hello", "there"]);
        assert_eq!(got.runs(), ["/bin/sh", "-c", "echo hello"]);
        assert_eq!(got.script_parameters, ["there"]);
        assert_eq!(got.origins.last(), Some(&WordOrigin::Argument));
        let said = got.explanation.join("\n");
        assert!(said.contains("takes `there` as $0") && said.contains("ignores what it does not read"), "{said}");
        assert!(!said.contains("dropped") && !said.contains("does not run"), "{said}");
        // The image's CMD is appended the same way; a script that reads $0 $1 is told so.
        let image = config(Some(&["sh", "-c", "echo $0 $1"]), Some(&["a", "b"]));
        let got = resolve_argv(&image, None, &[]).expect("runs");
        assert_eq!((got.argv.len(), got.origins[3]), (5, WordOrigin::Cmd));
        assert!(got.explanation.iter().any(|e| e.ends_with("the script reads them")), "{:?}", got.explanation);
    }

    #[test]
    fn nginx_like_image_with_arguments() {
        let image = config(Some(&["/docker-entrypoint.sh"]), Some(&["nginx", "-g", "daemon off;"]));
        let got = resolve_argv(&image, None, &[]).expect("runs");
        assert_eq!(got.argv, ["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]);
    }
}
