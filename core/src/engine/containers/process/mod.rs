//! What a container's process does, decided without running it.
//!
//! The rule table ([`RULES`]) is data: the first rule whose program (the
//! basename of `argv[0]`) and condition match decides how long the process
//! lives and how it takes `docker stop`'s signal. Entrypoint scripts that end
//! in `exec "$@"` (`docker-entrypoint.sh` and friends) are seen through, and
//! `sh -c SCRIPT` is read for its last command (or the program it `exec`s),
//! its `$NAME`s expanded from the container's environment and `$0`, `$1`…
//! from the words after the script, as a shell does (exec form expands nothing).
//! A program the table does not know is *assumed* to keep running (most
//! programs people put in an image are servers), and says so.
//!
//! Signals: a process that installs a SIGTERM handler (nginx, redis, the
//! databases) exits 0 soon after `docker stop`. One that does not dies of the
//! signal (exit 143) — unless it is PID 1: Linux does not deliver a signal
//! whose action is the default to a PID namespace's init, so SIGTERM is
//! ignored, `docker stop` waits its timeout and SIGKILLs (exit 137). Docker's
//! `docker run --init` reference says exactly this. A shell-form command
//! starts `/bin/sh -c`: Debian's dash stays PID 1 (no handler either, hence
//! the 10 s stop), while busybox ash and bash exec the script's last command,
//! which then is PID 1 itself (`catalog::shells`).

use crate::build::ImageConfig;
use crate::catalog::BaseImage;
use std::collections::BTreeSet;

/// How long the process lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    /// Keeps running until stopped.
    Serves,
    /// Runs this many seconds, then exits 0 (`sleep 30`).
    Runs { seconds: u64 },
    /// Exits at once with this code.
    Exits { code: i32 },
    /// A program the table does not know: assumed to keep running.
    Assumed,
}

/// What the application does with the stop signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermHandling {
    /// It installs a handler and shuts down cleanly (exit 0).
    Graceful,
    /// No handler: the default action (death, 128 + signal) — ignored when it is PID 1.
    Default,
}

/// The process a container runs, as the simulation sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Process {
    /// The argv of PID 1 (`/sbin/docker-init -- …` with `--init`).
    pub pid1: Vec<String>,
    /// The application (what the entrypoint script or the shell ends up running).
    pub app: Vec<String>,
    /// Whether PID 1 is a shell that runs the app as its child (`sh -c`).
    pub shell_parent: bool,
    pub init: bool,
    pub lifetime: Lifetime,
    pub term: TermHandling,
    /// Why, in words, for the tutor.
    pub reason: String,
    /// What `docker logs` shows after start (`{ts}` is replaced by the start time).
    pub logs: Vec<String>,
    /// Bytes the process writes to the writable layer as it starts (`docker ps -s`).
    pub writes: u64,
}

mod rules;
#[cfg(test)]
mod tests;

use rules::{Does, When, PYTHONS, RULES, SHELLS};

/// Entrypoint scripts that finish with `exec "$@"`: the program after them
/// replaces them (and becomes PID 1).
const EXEC_WRAPPERS: &[&str] = &[
    "docker-entrypoint.sh",
    "/docker-entrypoint.sh",
    "/usr/local/bin/docker-entrypoint.sh",
    "/__cacert_entrypoint.sh",
    "/usr/local/bin/mvn-entrypoint.sh",
];

/// The commands an image has, for "executable file not found".
#[derive(Debug, Clone)]
pub struct Executables<'a> {
    /// The catalog image it is (or was built from).
    pub base: Option<&'a BaseImage>,
    /// Words from the build's history (`COPY server /usr/local/bin/`,
    /// `apt-get install curl`): a built image may hold programs the
    /// catalog entry does not, and the stored image keeps no file list.
    pub built_words: BTreeSet<String>,
    /// ENTRYPOINT and CMD programs of the image's config exist by construction.
    pub configured: BTreeSet<String>,
}

fn basename(program: &str) -> &str {
    program.rsplit('/').next().unwrap_or(program)
}

impl Executables<'_> {
    pub fn has(&self, program: &str) -> bool {
        if self.configured.contains(program) {
            return true;
        }
        let name = basename(program);
        if name.is_empty() {
            return false;
        }
        self.base.is_some_and(|b| crate::shell::base_has_command(b, name)) || self.built_words.contains(name)
    }

    /// Whether the image has any shell (`docker exec -it c sh` on distroless fails).
    pub fn has_shell(&self) -> bool {
        self.has("sh")
    }
}

/// Collects the words of build history texts that could name a program.
pub fn history_words<'a>(texts: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for text in texts {
        for word in
            text.split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '[' | ']' | ',' | '&' | ';' | '|'))
        {
            let name = basename(word.trim_end_matches('/'));
            if !name.is_empty() && !name.starts_with('-') {
                words.insert(name.to_string());
            }
        }
    }
    words
}

/// runc's error when PID 1's program is missing, as `docker run` prints it
/// after `Error response from daemon: ` (observed in Docker 24–27 reports,
/// e.g. whyour/qinglong#2567); exit status 127.
pub fn not_found_message(program: &str) -> String {
    let cause = if program.contains('/') {
        format!("exec: {}: stat {program}: no such file or directory", crate::quote::go_quote(program))
    } else {
        format!("exec: {}: executable file not found in $PATH", crate::quote::go_quote(program))
    };
    format!(
        "failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: {cause}: unknown"
    )
}

/// What the container's environment and flags say, for the rules.
pub struct Launch<'a> {
    pub argv: &'a [String],
    pub image: &'a ImageConfig,
    /// `KEY=value`, the container's final environment.
    pub env: &'a [String],
    pub interactive: bool,
    pub tty: bool,
    pub init: bool,
    /// The process's working directory (empty: `/`).
    pub workdir: &'a str,
    pub hostname: &'a str,
    /// `--read-only`: the mount points that still take writes.
    pub read_only: Option<&'a [String]>,
    /// `--user` or the image's USER (`name`, `uid`, `uid:gid`; empty: root).
    pub user: &'a str,
}

/// Decides what the process does, or the runc error if PID 1's program is missing.
pub fn plan(launch: &Launch<'_>, exe: &Executables<'_>) -> Result<Process, String> {
    let argv = launch.argv;
    let Some(program) = argv.first() else { return Err("no command specified".to_string()) };
    if !exe.has(program) {
        return Err(not_found_message(program));
    }
    let mut app: Vec<String> = argv.to_vec();
    let mut notes = Vec::new();
    // Entrypoint scripts exec their arguments; a leading flag goes to the image's program.
    while app.first().is_some_and(|p| EXEC_WRAPPERS.contains(&p.as_str())) && app.len() > 1 {
        let wrapper = app.remove(0);
        if app[0].starts_with('-') {
            if let Some(program) = launch.image.cmd.as_ref().and_then(|c| c.first()) {
                app.insert(0, program.clone());
            }
        }
        notes.push(format!("{wrapper} sets things up and then `exec`s {}", app[0]));
    }
    let mut shell_parent = false;
    let mut lifetime_override = None;
    let mut echoed = Vec::new();
    if app.len() >= 3 && app[1] == "-c" && SHELLS.contains(&basename(&app[0])) {
        let script = app[2].clone();
        // `sh -c SCRIPT NAME ARGS…`: NAME is `$0` and ARGS are `$1`…, else `$0`
        // is the shell's own name (POSIX `sh -c command_string [command_name
        // [argument…]]`); the script's words are expanded from the container's
        // environment, which exec form never does.
        let positional: Vec<String> = match app.get(3..) {
            Some(rest) if !rest.is_empty() => rest.to_vec(),
            _ => vec![app[0].clone()],
        };
        let vars = Vars { env: launch.env, positional: &positional };
        echoed = earlier_echoes(&script, &vars);
        match read_script(&script, &vars) {
            Script::Exec(words) => {
                notes.push(format!("the shell `exec`s {}, which replaces it as PID 1", words[0]));
                app = words;
            }
            Script::Last(words) => {
                // Which shell `sh` is decides who is PID 1 (see `catalog::shells`).
                let shell = crate::catalog::shells::shell_of(exe.base, &app[0]);
                if shell.is_some_and(|s| s.execs_last_command())
                    && crate::shell::parse::exec_candidate(&script).is_some()
                    && exe.has(&words[0])
                {
                    let name = shell.map_or("the shell", |s| s.name());
                    notes.push(format!(
                        "{} is {name}, which execs the script's last command: {} replaces it as PID 1",
                        app[0], words[0]
                    ));
                } else {
                    shell_parent = true;
                    let which = match shell {
                        Some(s) if !s.execs_last_command() => {
                            format!(" ({}, which does not exec the last command of `sh -c`)", s.name())
                        }
                        _ => String::new(),
                    };
                    notes.push(format!("{}{which} stays PID 1 and runs the script's commands as its children", app[0]));
                }
                app = words;
            }
            Script::Exit(code) => {
                shell_parent = true;
                lifetime_override = Some(Lifetime::Exits { code });
            }
            Script::Loop => {
                shell_parent = true;
                lifetime_override = Some(Lifetime::Serves);
                notes.push("the script loops forever".to_string());
            }
            Script::Unread(what) => {
                shell_parent = true;
                lifetime_override = Some(Lifetime::Assumed);
                notes.push(format!(
                    "the script uses {what}, which the simulation does not read: {} is assumed to keep running",
                    app[0]
                ));
            }
        }
        if let Some(first) = app.first() {
            if lifetime_override.is_none() && !exe.has(first) {
                lifetime_override = Some(Lifetime::Exits { code: 127 });
                notes.push(format!("the shell cannot find {first}: `{first}: not found`, exit 127"));
            }
        }
    }
    let Decision { mut lifetime, term, why, mut logs, writes } = decide(&app, launch);
    if let Some(refused) = read_only_refusal(&app, launch, exe) {
        logs = vec![refused];
        lifetime_override = Some(Lifetime::Exits { code: 1 });
    }
    let logs: Vec<String> = echoed.into_iter().chain(logs).collect();
    if let Some(l) = lifetime_override {
        lifetime = l;
    }
    let mut reason = notes;
    reason.push(why);
    let pid1 = if launch.init {
        let mut p = vec!["/sbin/docker-init".to_string(), "--".to_string()];
        p.extend(argv.iter().cloned());
        p
    } else if shell_parent {
        argv.to_vec()
    } else {
        app.clone()
    };
    Ok(Process { pid1, app, shell_parent, init: launch.init, lifetime, term, reason: reason.join("; "), logs, writes })
}

/// `touch` or `mkdir` of a path outside every writable mount of a
/// `--read-only` container: the kernel answers EROFS and the tool says so in
/// its own words (busybox `touch` prints `PATH: strerror`, its `mkdir`
/// "can't create directory"; coreutils "cannot touch"/"cannot create
/// directory" with the path quoted), exit status 1.
fn read_only_refusal(app: &[String], launch: &Launch<'_>, exe: &Executables<'_>) -> Option<String> {
    let writable = launch.read_only?;
    let name = basename(app.first()?);
    let cwd = if launch.workdir.is_empty() { "/" } else { launch.workdir };
    let path = app[1..].iter().find(|a| !a.starts_with('-'))?;
    let absolute = if path.starts_with('/') { path.clone() } else { format!("{}/{path}", cwd.trim_end_matches('/')) };
    let under =
        |mount: &String| absolute == *mount || absolute.starts_with(&format!("{}/", mount.trim_end_matches('/')));
    if writable.iter().any(under) {
        return None;
    }
    let busybox = crate::catalog::shells::shell_of(exe.base, "sh") == Some(crate::catalog::shells::Shell::BusyboxAsh);
    match (name, busybox) {
        ("touch", true) => Some(format!("touch: {path}: Read-only file system")),
        ("touch", false) => Some(format!("touch: cannot touch '{path}': Read-only file system")),
        ("mkdir", true) => Some(format!("mkdir: can't create directory '{path}': Read-only file system")),
        ("mkdir", false) => Some(format!("mkdir: cannot create directory '{path}': Read-only file system")),
        _ => None,
    }
}

fn env_has(env: &[String], key: &str) -> bool {
    env.iter().any(|e| e.split_once('=').is_some_and(|(k, v)| k == key && !v.is_empty()))
}

/// What the rule table says of the application.
struct Decision {
    lifetime: Lifetime,
    term: TermHandling,
    why: String,
    logs: Vec<String>,
    writes: u64,
}

/// Applies the rule table to the application's argv.
fn decide(app: &[String], launch: &Launch<'_>) -> Decision {
    let Some(program) = app.first() else {
        return Decision {
            lifetime: Lifetime::Exits { code: 0 },
            term: TermHandling::Default,
            why: "nothing to run".to_string(),
            logs: Vec::new(),
            writes: 0,
        };
    };
    let name = basename(program);
    let args = &app[1..];
    let rule = RULES.iter().find(|r| {
        r.programs.contains(&name)
            && match r.when {
                When::Always => true,
                When::NoArgs => args.is_empty(),
                When::ArgIs(values) => args.iter().any(|a| values.contains(&a.as_str())),
                When::EnvMissing(keys) => !keys.iter().any(|k| env_has(launch.env, k)),
            }
    });
    let Some(rule) = rule else {
        return Decision {
            lifetime: Lifetime::Assumed,
            term: TermHandling::Default,
            why: format!("{name} is not in the simulation's table: assumed to keep running, with no SIGTERM handler"),
            logs: Vec::new(),
            writes: 0,
        };
    };
    let mut logs: Vec<String> = rule.logs.iter().map(|l| l.to_string()).collect();
    let lifetime = match rule.does {
        Does::Serves => Lifetime::Serves,
        Does::Exits(code) => Lifetime::Exits { code },
        Does::Sleep => match args.first().map(String::as_str) {
            Some("infinity") => Lifetime::Serves,
            Some(n) => Lifetime::Runs { seconds: parse_sleep(n).unwrap_or(0) },
            None => Lifetime::Exits { code: 1 },
        },
        Does::Repl if launch.interactive => Lifetime::Serves,
        Does::Repl => Lifetime::Exits { code: 0 },
    };
    let why = match rule.does {
        Does::Repl if launch.interactive => format!("{}; -i keeps stdin open, so it waits for input", rule.why),
        Does::Repl => format!("{}; without -i its stdin is closed at once, so it exits 0", rule.why),
        _ => rule.why.to_string(),
    };
    // Simulated output of the commands that print: what the launch knows
    // (the environment, the working directory, the hostname), else a note.
    let mut lifetime = lifetime;
    match (name, args) {
        ("echo", _) => logs.push(args.join(" ")),
        ("env" | "printenv", []) => logs.extend(launch.env.iter().cloned()),
        // `printenv NAME`: the value, or nothing and exit 1 when unset (coreutils and busybox alike).
        ("printenv", [key]) => match launch.env.iter().find_map(|e| e.strip_prefix(&format!("{key}="))) {
            Some(value) => logs.push(value.to_string()),
            None => lifetime = Lifetime::Exits { code: 1 },
        },
        ("pwd", []) => logs.push(if launch.workdir.is_empty() { "/" } else { launch.workdir }.to_string()),
        ("hostname", []) => logs.push(launch.hostname.to_string()),
        // A user given by name is in the image's passwd (else the start failed); a bare uid may not be.
        ("whoami", []) => match launch.user.split(':').next().unwrap_or_default() {
            "" | "0" | "root" => logs.push("root".to_string()),
            name if !name.bytes().all(|b| b.is_ascii_digit()) => logs.push(name.to_string()),
            _ => logs.push("(output of whoami not simulated)".to_string()),
        },
        ("hostname" | "whoami" | "pwd" | "date" | "uname" | "id" | "ls" | "env" | "printenv" | "cat" | "ps", _) => {
            logs.push(format!("(output of {name} not simulated)"))
        }
        _ => {}
    }
    if PYTHONS.contains(&name) && matches!(rule.does, Does::Serves) {
        // print() to a pipe is block-buffered: nothing shows until the buffer fills.
        if launch.tty || env_has(launch.env, "PYTHONUNBUFFERED") {
            let port = args.iter().skip_while(|a| *a != "http.server").nth(1).cloned().unwrap_or("8000".into());
            logs.push(format!("Serving HTTP on 0.0.0.0 port {port} (http://0.0.0.0:{port}/) ..."));
        }
    }
    Decision { lifetime, term: rule.term, why, logs, writes: rule.writes }
}

/// `sleep` durations: `30`, `1.5`, `2m`, `1h`, `1d`.
fn parse_sleep(text: &str) -> Option<u64> {
    let (number, unit) = match text.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&text[..i], c),
        _ => (text, 's'),
    };
    let value: f64 = number.parse().ok()?;
    let scale = match unit {
        's' => 1.0,
        'm' => 60.0,
        'h' => 3600.0,
        'd' => 86_400.0,
        _ => return None,
    };
    let seconds = (value * scale).ceil();
    (seconds.is_finite() && seconds >= 0.0).then_some(seconds as u64)
}

/// What a `sh -c` script comes down to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Script {
    /// `… exec PROGRAM ARGS`: the program replaces the shell.
    Exec(Vec<String>),
    /// The last command, run as the shell's child.
    Last(Vec<String>),
    /// `exit N`.
    Exit(i32),
    /// `while`/`until` loops: assumed endless.
    Loop,
    /// Syntax the shell model does not read (`if`, `for`, `$(…)`, `&`): the
    /// shell is assumed to keep running, and the reason says why.
    Unread(String),
}

/// What a `sh -c` script's `$…` expand to: the container's environment and
/// the positional parameters (`$0` first).
struct Vars<'a> {
    env: &'a [String],
    positional: &'a [String],
}

impl Vars<'_> {
    /// A parameter's value; `None` when unset.
    fn get(&self, name: &str) -> Option<String> {
        if let Ok(n) = name.parse::<usize>() {
            return self.positional.get(n).cloned();
        }
        match name {
            "@" | "*" => Some(self.positional.get(1..).unwrap_or_default().join(" ")),
            "#" => Some(self.positional.len().saturating_sub(1).to_string()),
            _ => {
                self.env.iter().find_map(|e| e.split_once('=').filter(|(k, _)| *k == name).map(|(_, v)| v.to_string()))
            }
        }
    }
}

/// A word after the shell's expansion, quotes removed; `None` when it
/// expands to nothing unquoted (an unset `$X` is no argument at all).
fn word_text(word: &crate::shell::parse::Word, vars: &Vars<'_>) -> Option<String> {
    use crate::shell::parse::Part;
    let mut text = String::new();
    let mut quoted = false;
    for part in &word.parts {
        match part {
            Part::Lit { text: t, quoted: q } => {
                text.push_str(t);
                quoted |= *q || !t.is_empty();
            }
            Part::Var { name, default, quoted: q } => {
                quoted |= *q;
                let value = vars.get(name).filter(|v| !v.is_empty() || default.is_none());
                text.push_str(&value.or_else(|| default.clone()).unwrap_or_default());
            }
        }
    }
    (quoted || !text.is_empty()).then_some(text)
}

/// The script's simple commands in order (pipelines flattened), read with
/// the shell model's parser (`shell::parse`) and expanded, or why it cannot be read.
fn commands(script: &str, vars: &Vars<'_>) -> Result<Vec<Vec<String>>, crate::shell::parse::Unsupported> {
    let parsed = crate::shell::parse::parse(script)?;
    Ok(parsed
        .items
        .iter()
        .flat_map(|(pipeline, _)| &pipeline.commands)
        .map(|c| c.words.iter().filter_map(|w| word_text(w, vars)).collect::<Vec<_>>())
        .filter(|words| !words.is_empty())
        .collect())
}

/// What the script's `echo`s before its last command print (the last
/// command's output comes from the rule table like any program's).
fn earlier_echoes(script: &str, vars: &Vars<'_>) -> Vec<String> {
    let mut commands = commands(script, vars).unwrap_or_default();
    commands.pop();
    commands.into_iter().filter(|c| c[0] == "echo").map(|c| c[1..].join(" ")).collect()
}

/// What a script comes down to: its last command, an `exec`, an `exit`, a loop.
fn read_script(script: &str, vars: &Vars<'_>) -> Script {
    let mut commands = match commands(script, vars) {
        Ok(c) => c,
        Err(e) if e.0.contains("`while`") || e.0.contains("`until`") => return Script::Loop,
        Err(e) => return Script::Unread(e.0),
    };
    let Some(last) = commands.pop() else { return Script::Exit(0) };
    match last[0].as_str() {
        "exec" if last.len() > 1 => Script::Exec(last[1..].to_vec()),
        "exit" => Script::Exit(last.get(1).and_then(|n| n.parse::<i32>().ok()).map_or(0, |n| n & 0xff)),
        _ => Script::Last(last),
    }
}
