//! Reading a RUN instruction's commands: shell form through the shell
//! parser (`&&`, `||`, `;`, pipes), heredoc bodies when they are the script,
//! exec form as one command, and a crude word splitter when the parser
//! refuses the script (compound commands, subshells), so rules still see
//! the commands inside `if … then … fi`.

use crate::instructions::{CommandLine, Dockerfile, Instruction, Run};
use crate::shell::parse::{self, Part, Word};
use crate::syntax::heredoc_marker;
use std::borrow::Cow;
use std::collections::HashMap;

/// One simple command, its words as text (`$VAR` kept as written).
#[derive(Debug, Clone, Default)]
pub(in crate::lint) struct Command {
    /// Names assigned before the command (`PIP_NO_CACHE_DIR=1 pip …`).
    pub assigned: Vec<String>,
    pub words: Vec<String>,
}

impl Command {
    /// The program's base name (`/usr/bin/apt-get` → `apt-get`).
    pub fn program(&self) -> Option<&str> {
        let first = self.words.first()?;
        Some(first.rsplit('/').next().unwrap_or(first))
    }

    pub fn args(&self) -> &[String] {
        self.words.get(1..).unwrap_or(&[])
    }
}

/// The commands of a RUN, in order.
#[derive(Debug, Clone, Default)]
pub(in crate::lint) struct Script {
    pub commands: Vec<Command>,
    /// A pipe runs before any `set -o pipefail` in the same RUN.
    pub unguarded_pipe: bool,
}

/// Every RUN's commands, read once per lint and shared by the rules that
/// read them (best practices, the engine's placeholders and rules).
#[derive(Debug, Default)]
pub(in crate::lint) struct Scripts {
    /// By the byte offset where the RUN starts.
    by_start: HashMap<usize, Script>,
}

impl Scripts {
    /// Reads every RUN of every stage.
    pub fn of(file: &Dockerfile) -> Scripts {
        let runs = file.stages.iter().flat_map(|s| s.instructions.iter()).filter_map(|i| match i {
            Instruction::Run(run) => Some(run),
            _ => None,
        });
        Scripts { by_start: runs.map(|run| (run.common.span.start(), read(run))).collect() }
    }

    /// The commands of `run`, read now if `run` was not among those read.
    pub fn get(&self, run: &Run) -> Cow<'_, Script> {
        match self.by_start.get(&run.common.span.start()) {
            Some(script) => Cow::Borrowed(script),
            None => Cow::Owned(read(run)),
        }
    }
}

const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"];

/// The commands a RUN runs; a command run through `sudo` is listed twice,
/// as written and as the command sudo runs.
pub(in crate::lint) fn read(run: &Run) -> Script {
    let mut script = read_run(run);
    let inner: Vec<(usize, Command)> =
        script.commands.iter().enumerate().filter_map(|(i, c)| Some((i + 1, unwrap_sudo(c)?))).collect();
    for (at, command) in inner.into_iter().rev() {
        script.commands.insert(at, command);
    }
    script
}

/// `sudo -u app apt-get update` → `apt-get update`.
fn unwrap_sudo(command: &Command) -> Option<Command> {
    if command.program() != Some("sudo") {
        return None;
    }
    let args = command.args();
    let mut i = 0;
    while i < args.len() && args[i].starts_with('-') {
        i += if matches!(args[i].as_str(), "-u" | "-g" | "-C" | "-D" | "-h" | "-p" | "-r" | "-t" | "-U") {
            2
        } else {
            1
        };
    }
    let words = args.get(i..).filter(|w| !w.is_empty())?.to_vec();
    Some(Command { assigned: Vec::new(), words })
}

fn read_run(run: &Run) -> Script {
    match &run.command {
        CommandLine::Exec(argv) => {
            let command = Command { assigned: Vec::new(), words: argv.clone() };
            match command.program() {
                Some(p) if SHELLS.contains(&p) && argv.get(1).map(String::as_str) == Some("-c") => {
                    argv.get(2).map(|s| read_text(s)).unwrap_or_default()
                }
                _ => Script { commands: vec![command], unguarded_pipe: false },
            }
        }
        CommandLine::Shell(text) if run.heredocs.is_empty() => read_text(text),
        CommandLine::Shell(text) => {
            let outer: Vec<&str> = text.split_whitespace().filter(|w| heredoc_marker(w).is_none()).collect();
            let runs_body = match outer.first() {
                None => true,
                Some(first) => SHELLS.contains(&first.rsplit('/').next().unwrap_or(first)),
            };
            let mut script = if outer.is_empty() { Script::default() } else { read_text(&outer.join(" ")) };
            if runs_body {
                for doc in &run.heredocs {
                    let shebang = doc.content.lines().next().filter(|l| l.starts_with("#!"));
                    if shebang.is_some_and(|l| !SHELLS.iter().any(|s| l.contains(s))) {
                        continue;
                    }
                    let body = read_text(&doc.content);
                    script.unguarded_pipe |= body.unguarded_pipe;
                    script.commands.extend(body.commands);
                }
            }
            script
        }
    }
}

/// The commands of a shell script.
pub(in crate::lint) fn read_text(text: &str) -> Script {
    match parse::parse(text) {
        Ok(parsed) => {
            let mut script = Script::default();
            let mut pipefail = false;
            for (pipeline, _) in parsed.items {
                if pipeline.commands.len() > 1 && !pipefail {
                    script.unguarded_pipe = true;
                }
                for cmd in pipeline.commands {
                    let command = Command {
                        assigned: cmd.assignments.iter().map(|(name, _)| name.clone()).collect(),
                        words: cmd.words.iter().map(word_text).collect(),
                    };
                    pipefail |= sets_pipefail(&command);
                    script.commands.push(command);
                }
            }
            script
        }
        Err(_) => crude(text),
    }
}

/// `set -o pipefail`, `set -euo pipefail`.
fn sets_pipefail(command: &Command) -> bool {
    if command.program() != Some("set") {
        return false;
    }
    let args = command.args();
    args.windows(2)
        .any(|w| w[1] == "pipefail" && w[0].starts_with('-') && !w[0].starts_with("--") && w[0].ends_with('o'))
}

fn word_text(word: &Word) -> String {
    let mut s = String::new();
    for part in &word.parts {
        match part {
            Part::Lit { text, .. } => s.push_str(text),
            Part::Var { name, .. } => {
                s.push_str("${");
                s.push_str(name);
                s.push('}');
            }
        }
    }
    s
}

const KEYWORDS: &[&str] =
    &["if", "then", "else", "elif", "fi", "while", "until", "do", "done", "!", "{", "}", "(", ")"];

/// Splits on `&&`, `||`, `;`, `|` and newlines outside quotes, and words on
/// blanks; drops quotes and shell keywords at the start of a command.
fn crude(text: &str) -> Script {
    let mut script = Script::default();
    let mut pipefail = false;
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = text.chars().peekable();
    let flush_word = |words: &mut Vec<String>, word: &mut String, in_word: &mut bool| {
        if *in_word {
            words.push(std::mem::take(word));
            *in_word = false;
        }
    };
    let end_command = |words: &mut Vec<String>, piped: bool, script: &mut Script, pipefail: &mut bool| {
        let start = words.iter().position(|w| !KEYWORDS.contains(&w.as_str())).unwrap_or(words.len());
        let rest: Vec<String> = words.drain(..).skip(start).collect();
        let split = rest.iter().position(|w| !w.split_once('=').is_some_and(|(n, _)| parse::is_name(n)));
        let split = split.unwrap_or(rest.len());
        let command = Command {
            assigned: rest[..split].iter().filter_map(|w| w.split_once('=').map(|(n, _)| n.to_string())).collect(),
            words: rest[split..].to_vec(),
        };
        if piped && !*pipefail {
            script.unguarded_pipe = true;
        }
        *pipefail |= sets_pipefail(&command);
        if !command.words.is_empty() || !command.assigned.is_empty() {
            script.commands.push(command);
        }
    };
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), '\\') => {
                if let Some(n) = chars.next() {
                    word.push(n);
                }
            }
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '\\') => {
                if let Some(n) = chars.next() {
                    if n != '\n' {
                        word.push(n);
                        in_word = true;
                    }
                }
            }
            (None, '#') if !in_word => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
                flush_word(&mut words, &mut word, &mut in_word);
                end_command(&mut words, false, &mut script, &mut pipefail);
            }
            (None, '|') => {
                flush_word(&mut words, &mut word, &mut in_word);
                let piped = chars.peek() != Some(&'|');
                if !piped {
                    chars.next();
                }
                end_command(&mut words, piped, &mut script, &mut pipefail);
            }
            (None, ';' | '&' | '\n' | '(' | ')' | '`') => {
                flush_word(&mut words, &mut word, &mut in_word);
                end_command(&mut words, false, &mut script, &mut pipefail);
            }
            (None, c) if c.is_whitespace() => flush_word(&mut words, &mut word, &mut in_word),
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    flush_word(&mut words, &mut word, &mut in_word);
    end_command(&mut words, false, &mut script, &mut pipefail);
    script
}
