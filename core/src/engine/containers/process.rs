//! What a container's process does, decided without running it.
//!
//! The rule table ([`RULES`]) is data: the first rule whose program (the
//! basename of `argv[0]`) and condition match decides how long the process
//! lives and how it takes `docker stop`'s signal. Entrypoint scripts that end
//! in `exec "$@"` (`docker-entrypoint.sh` and friends) are seen through, and
//! `sh -c SCRIPT` is read for its last command (or the program it `exec`s).
//! A program the table does not know is *assumed* to keep running (most
//! programs people put in an image are servers), and says so.
//!
//! Signals: a process that installs a SIGTERM handler (nginx, redis, the
//! databases) exits 0 soon after `docker stop`. One that does not dies of the
//! signal (exit 143) — unless it is PID 1: Linux does not deliver a signal
//! whose action is the default to a PID namespace's init, so SIGTERM is
//! ignored, `docker stop` waits its timeout and SIGKILLs (exit 137). Docker's
//! `docker run --init` reference says exactly this. A shell-form command
//! makes `/bin/sh` PID 1, which has no handler either, hence the 10 s stop.

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

/// What a rule says the program does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Does {
    Serves,
    /// Reads commands from stdin: runs while `-i` keeps stdin open, else exits 0.
    Repl,
    /// `sleep N`.
    Sleep,
    Exits(i32),
}

/// When a rule applies, beyond its program name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    Always,
    NoArgs,
    /// One argument equals one of these.
    ArgIs(&'static [&'static str]),
    /// None of these variables is set in the container's environment.
    EnvMissing(&'static [&'static str]),
}

struct Rule {
    programs: &'static [&'static str],
    when: When,
    does: Does,
    term: TermHandling,
    why: &'static str,
    logs: &'static [&'static str],
    /// Bytes the program (and its entrypoint) writes to the container's
    /// writable layer as it starts, as `docker ps -s` shows them.
    writes: u64,
}

const PYTHONS: &[&str] = &["python", "python3", "python3.11", "python3.12", "python3.13"];
const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh"];

/// The rule table, first match wins.
const RULES: &[Rule] = &[
    Rule {
        programs: &["postgres"],
        when: When::EnvMissing(&["POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD"]),
        does: Does::Exits(1),
        term: TermHandling::Graceful,
        why: "the postgres image's entrypoint refuses to initialise a database without POSTGRES_PASSWORD",
        logs: &[
            "Error: Database is uninitialized and superuser password is not specified.",
            "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
            "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".",
        ],
        writes: 0,
    },
    Rule {
        programs: &["mysqld"],
        when: When::EnvMissing(&["MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"]),
        does: Does::Exits(1),
        term: TermHandling::Graceful,
        why: "the mysql image's entrypoint refuses to initialise without a root password option",
        logs: &[
            "[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified",
            "    You need to specify one of the following as an environment variable:",
            "    - MYSQL_ROOT_PASSWORD",
            "    - MYSQL_ALLOW_EMPTY_PASSWORD",
            "    - MYSQL_RANDOM_ROOT_PASSWORD",
        ],
        writes: 0,
    },
    Rule {
        programs: &["nginx"],
        when: When::Always,
        does: Does::Serves,
        term: TermHandling::Graceful,
        why: "nginx runs in the foreground (`daemon off;`) until stopped and shuts down cleanly on SIGQUIT/SIGTERM",
        // The entrypoint's conf edits, the cache directories and the pid file.
        writes: 1_093,
        logs: &[
            "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
            "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
            "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
            "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
            "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
            "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
            "/docker-entrypoint.sh: Configuration complete; ready for start up",
            "{ts} [notice] 1#1: using the \"epoll\" event method",
            "{ts} [notice] 1#1: start worker processes",
        ],
    },
    Rule {
        programs: &["httpd-foreground", "httpd"],
        when: When::Always,
        does: Does::Serves,
        term: TermHandling::Graceful,
        why: "Apache httpd runs in the foreground until stopped (the image's STOPSIGNAL SIGWINCH is its graceful stop)",
        logs: &["AH00558: httpd: Could not reliably determine the server's fully qualified domain name. Set the 'ServerName' directive globally to suppress this message"],
        writes: 0,
    },
    Rule {
        programs: &["redis-server"],
        when: When::Always,
        does: Does::Serves,
        term: TermHandling::Graceful,
        why: "redis-server serves until stopped and saves and exits cleanly on SIGTERM",
        logs: &[
            "1:C {ts} # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
            "1:M {ts} * Server initialized",
            "1:M {ts} * Ready to accept connections tcp",
        ],
        writes: 0,
    },
    Rule {
        programs: &["postgres"],
        when: When::Always,
        does: Does::Serves,
        term: TermHandling::Graceful,
        why: "postgres serves until stopped; SIGINT (the image's STOPSIGNAL) and SIGTERM shut it down cleanly",
        logs: &["{ts} UTC [1] LOG:  database system is ready to accept connections"],
        writes: 0,
    },
    Rule {
        programs: &["mysqld"],
        when: When::Always,
        does: Does::Serves,
        term: TermHandling::Graceful,
        why: "mysqld serves until stopped and shuts down cleanly on SIGTERM",
        logs: &["[Server] /usr/sbin/mysqld: ready for connections. Port: 3306"],
        writes: 0,
    },
    Rule {
        programs: PYTHONS,
        when: When::ArgIs(&["http.server"]),
        does: Does::Serves,
        term: TermHandling::Default,
        why: "python -m http.server serves until stopped; Python installs no SIGTERM handler",
        logs: &[],
        writes: 0,
    },
    Rule {
        programs: PYTHONS,
        when: When::NoArgs,
        does: Does::Repl,
        term: TermHandling::Default,
        why: "python with no script is the interactive interpreter, which reads stdin",
        logs: &[],
        writes: 0,
    },
    Rule {
        programs: &["node", "jshell", "irb"],
        when: When::NoArgs,
        does: Does::Repl,
        term: TermHandling::Default,
        why: "with no script this is an interactive REPL, which reads stdin",
        logs: &[],
        writes: 0,
    },
    Rule {
        programs: SHELLS,
        when: When::NoArgs,
        does: Does::Repl,
        term: TermHandling::Default,
        why: "a shell with no script reads commands from stdin",
        logs: &[],
        writes: 0,
    },
    Rule {
        programs: &["sleep"],
        when: When::Always,
        does: Does::Sleep,
        term: TermHandling::Default,
        why: "sleep waits, then exits 0; it has no SIGTERM handler",
        logs: &[],
        writes: 0,
    },
    Rule {
        programs: &["tail"],
        when: When::ArgIs(&["-f", "-F"]),
        does: Does::Serves,
        term: TermHandling::Default,
        why: "tail -f follows its file forever",
        logs: &[],
        writes: 0,
    },
    Rule {
        programs: &[
            "true", "echo", "ls", "cat", "env", "printenv", "pwd", "whoami", "id", "date", "uname", "hostname",
            "printf", "ps", "df", "du", "nproc", "free", "head", "wc", "which",
        ],
        when: When::Always,
        does: Does::Exits(0),
        term: TermHandling::Default,
        why: "prints something and exits 0",
        logs: &[],
        writes: 0,
    },
    Rule {
        programs: &["false"],
        when: When::Always,
        does: Does::Exits(1),
        term: TermHandling::Default,
        why: "false exits 1",
        logs: &[],
        writes: 0,
    },
];

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
        echoed = earlier_echoes(&script);
        match read_script(&script) {
            Script::Exec(words) => {
                notes.push(format!("the shell `exec`s {}, which replaces it as PID 1", words[0]));
                app = words;
            }
            Script::Last(words) => {
                shell_parent = true;
                notes.push(format!("{} stays PID 1 and runs the script's commands as children", app[0]));
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
    let Decision { mut lifetime, term, why, logs, writes } = decide(&app, launch);
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
    // Simulated output of the commands that print.
    match name {
        "echo" => logs.push(args.join(" ")),
        "hostname" | "whoami" | "pwd" | "date" | "uname" | "id" | "ls" | "env" | "printenv" | "cat" | "ps" => {
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

/// A word as written, quotes removed (`$VAR` kept as text: nothing is expanded here).
fn word_text(word: &crate::shell::parse::Word) -> String {
    use crate::shell::parse::Part;
    word.parts
        .iter()
        .map(|p| match p {
            Part::Lit { text, .. } => text.clone(),
            Part::Var { name, default: None, .. } => format!("${name}"),
            Part::Var { name, default: Some(d), .. } => format!("${{{name}:-{d}}}"),
        })
        .collect()
}

/// The script's simple commands in order (pipelines flattened), read with
/// the shell model's parser (`shell::parse`), or why it cannot be read.
fn commands(script: &str) -> Result<Vec<Vec<String>>, crate::shell::parse::Unsupported> {
    let parsed = crate::shell::parse::parse(script)?;
    Ok(parsed
        .items
        .iter()
        .flat_map(|(pipeline, _)| &pipeline.commands)
        .map(|c| c.words.iter().map(word_text).collect::<Vec<_>>())
        .filter(|words| !words.is_empty())
        .collect())
}

/// What the script's `echo`s before its last command print (the last
/// command's output comes from the rule table like any program's).
fn earlier_echoes(script: &str) -> Vec<String> {
    let mut commands = commands(script).unwrap_or_default();
    commands.pop();
    commands.into_iter().filter(|c| c[0] == "echo").map(|c| c[1..].join(" ")).collect()
}

/// What a script comes down to: its last command, an `exec`, an `exit`, a loop.
fn read_script(script: &str) -> Script {
    let mut commands = match commands(script) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn planned(image: &str, argv: &[&str], env: &[&str], interactive: bool) -> Result<Process, String> {
        let base = catalog::resolve(image).expect("catalog image").image;
        let config = ImageConfig::from_base(&base.config);
        let mut configured = BTreeSet::new();
        configured.extend(config.entrypoint.iter().flatten().take(1).cloned());
        configured.extend(config.cmd.iter().flatten().take(1).cloned());
        let exe = Executables { base: Some(base), built_words: BTreeSet::new(), configured };
        let argv = strings(argv);
        let env = strings(env);
        plan(&Launch { argv: &argv, image: &config, env: &env, interactive, tty: false, init: false }, &exe)
    }

    /// (image, argv, env, -i, lifetime). Each rule fires once, with a look-alike that does not.
    #[test]
    fn rule_table() {
        type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a str], bool, Lifetime);
        let cases: &[Case] = &[
            ("nginx", &["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"], &[], false, Lifetime::Serves),
            ("redis", &["docker-entrypoint.sh", "redis-server"], &[], false, Lifetime::Serves),
            ("postgres", &["docker-entrypoint.sh", "postgres"], &[], false, Lifetime::Exits { code: 1 }),
            ("postgres", &["docker-entrypoint.sh", "postgres"], &["POSTGRES_PASSWORD=x"], false, Lifetime::Serves),
            (
                "postgres",
                &["docker-entrypoint.sh", "postgres"],
                &["POSTGRES_PASSWORD="],
                false,
                Lifetime::Exits { code: 1 },
            ),
            ("mysql", &["docker-entrypoint.sh", "mysqld"], &["MYSQL_ROOT_PASSWORD=x"], false, Lifetime::Serves),
            ("python:3.12-slim", &["python3", "-m", "http.server"], &[], false, Lifetime::Serves),
            ("python:3.12-slim", &["python3"], &[], false, Lifetime::Exits { code: 0 }),
            ("python:3.12-slim", &["python3"], &[], true, Lifetime::Serves),
            ("python:3.12-slim", &["python3", "app.py"], &[], false, Lifetime::Assumed),
            ("alpine:3.22", &["/bin/sh"], &[], false, Lifetime::Exits { code: 0 }),
            ("alpine:3.22", &["/bin/sh"], &[], true, Lifetime::Serves),
            ("alpine:3.22", &["sh", "-c", "echo hi"], &[], false, Lifetime::Exits { code: 0 }),
            ("alpine:3.22", &["sh", "-c", "echo hi; exit 3"], &[], false, Lifetime::Exits { code: 3 }),
            ("alpine:3.22", &["sh", "-c", "while true; do sleep 1; done"], &[], false, Lifetime::Serves),
            ("alpine:3.22", &["sh", "-c", "nope --x"], &[], false, Lifetime::Exits { code: 127 }),
            ("alpine:3.22", &["sleep", "30"], &[], false, Lifetime::Runs { seconds: 30 }),
            ("alpine:3.22", &["sleep", "2m"], &[], false, Lifetime::Runs { seconds: 120 }),
            ("alpine:3.22", &["sleep", "infinity"], &[], false, Lifetime::Serves),
            ("alpine:3.22", &["tail", "-f", "/dev/null"], &[], false, Lifetime::Serves),
            ("alpine:3.22", &["tail", "-n", "1", "/etc/hosts"], &[], false, Lifetime::Assumed),
            ("alpine:3.22", &["true"], &[], false, Lifetime::Exits { code: 0 }),
            ("alpine:3.22", &["ls", "-l"], &[], false, Lifetime::Exits { code: 0 }),
            ("alpine:3.22", &["false"], &[], false, Lifetime::Exits { code: 1 }),
            ("node:22-alpine", &["docker-entrypoint.sh", "node"], &[], false, Lifetime::Exits { code: 0 }),
            ("node:22-alpine", &["docker-entrypoint.sh", "node", "server.js"], &[], false, Lifetime::Assumed),
        ];
        for (image, argv, env, interactive, want) in cases {
            let got = planned(image, argv, env, *interactive).unwrap_or_else(|e| panic!("{argv:?}: {e}"));
            assert_eq!(got.lifetime, *want, "{image} {argv:?} {env:?}");
        }
    }

    #[test]
    fn missing_executables_fail_with_runcs_message() {
        let e = planned("alpine:3.22", &["foo"], &[], false).expect_err("no foo");
        assert!(e.ends_with("exec: \"foo\": executable file not found in $PATH: unknown"), "{e}");
        let e = planned("alpine:3.22", &["/opt/app"], &[], false).expect_err("no /opt/app");
        assert!(e.contains("exec: \"/opt/app\": stat /opt/app: no such file or directory"), "{e}");
        // bash is not on alpine, but is on debian.
        assert!(planned("alpine:3.22", &["bash"], &[], false).is_err());
        assert!(planned("debian:bookworm-slim", &["bash"], &[], false).is_ok());
        // Distroless has no shell.
        assert!(planned("gcr.io/distroless/static-debian12", &["sh"], &[], false).is_err());
    }

    #[test]
    fn pid1_and_signal_handling() {
        let p = planned("nginx", &["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"], &[], false).expect("ok");
        assert_eq!((p.pid1[0].as_str(), p.term, p.shell_parent), ("nginx", TermHandling::Graceful, false));
        let p = planned("alpine:3.22", &["/bin/sh", "-c", "sleep 100"], &[], false).expect("ok");
        assert_eq!((p.pid1[0].as_str(), p.app[0].as_str(), p.shell_parent), ("/bin/sh", "sleep", true));
        let p = planned("alpine:3.22", &["/bin/sh", "-c", "exec sleep 100"], &[], false).expect("ok");
        assert_eq!((p.pid1[0].as_str(), p.shell_parent), ("sleep", false));
    }

    /// `sh -c` scripts are read with the shell model's parser (`shell::parse`).
    #[test]
    fn scripts_read_with_the_shell_parser() {
        // Quotes, `&&`, pipes and assignments: the last simple command decides.
        let p = planned("alpine:3.22", &["sh", "-c", "A=1 echo 'a b' && echo \"c d\" | cat"], &[], false).expect("ok");
        assert_eq!(
            (p.app.clone(), p.logs.clone()),
            (strings(&["cat"]), strings(&["a b", "c d", "(output of cat not simulated)"]))
        );
        let p = planned("alpine:3.22", &["sh", "-c", "cd /app; exec sleep \"$DELAY\""], &[], false).expect("ok");
        assert_eq!(p.app, strings(&["sleep", "$DELAY"]));
        assert!(!p.shell_parent);
        assert_eq!(read_script("until false; do :; done"), Script::Loop);
        assert_eq!(read_script(""), Script::Exit(0));
        assert_eq!(read_script("exit 300"), Script::Exit(44));
        // Syntax the model does not read is said so, not guessed.
        let p = planned("alpine:3.22", &["sh", "-c", "if true; then sleep 1; fi"], &[], false).expect("ok");
        assert_eq!((p.lifetime, p.shell_parent), (Lifetime::Assumed, true));
        assert!(p.reason.contains("shell keyword `if`"), "{}", p.reason);
    }

    #[test]
    fn start_writes_come_from_the_rule_table() {
        let p = planned("nginx", &["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"], &[], false).expect("ok");
        assert_eq!(p.writes, 1_093);
        assert_eq!(planned("alpine:3.22", &["sleep", "30"], &[], false).expect("ok").writes, 0);
    }

    #[test]
    fn python_output_is_buffered_without_a_tty() {
        let p = planned("python:3.12-slim", &["python3", "-m", "http.server"], &[], false).expect("ok");
        assert!(p.logs.is_empty());
        let p =
            planned("python:3.12-slim", &["python3", "-m", "http.server"], &["PYTHONUNBUFFERED=1"], false).expect("ok");
        assert_eq!(p.logs, ["Serving HTTP on 0.0.0.0 port 8000 (http://0.0.0.0:8000/) ..."]);
    }
}
