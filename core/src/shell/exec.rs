//! The interpreter: runs a parsed script over the layer writer. It keeps the
//! shell state (`cd`, variables, `set -e/-x/-o pipefail`), routes output
//! (the log, `/dev/null`, files, pipes), looks commands up like the image's
//! shell would, and hands modelled commands to their models.

use super::parse::{self, Command, Connector, RedirOp};
use super::{apk, apt, build, files, npm, pip, users, Exec, Facts, Outcome};
use crate::catalog::OsFamily;
use crate::layers::{normalize, Entry, Kind};
use std::collections::BTreeMap;

/// Which shell interprets the script; decides error wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ShellKind {
    /// Debian/Ubuntu `/bin/sh`.
    Dash,
    /// Alpine/busybox `/bin/sh`.
    Ash,
    /// `bash` (a `SHELL ["/bin/bash", "-c"]`, or `/bin/sh` on Oracle Linux).
    Bash,
}

/// Where a command's output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Sink {
    Log,
    Null,
    Pipe,
    File(String),
}

/// The running shell.
pub(super) struct Sh<'e, 'a, 'w, 'f> {
    pub exec: &'e mut Exec<'a, 'w>,
    pub facts: &'e Facts<'f>,
    pub out: Outcome,
    pub cwd: String,
    pub(super) vars: BTreeMap<String, String>,
    pub(super) errexit: bool,
    pub(super) xtrace: bool,
    pub(super) pipefail: bool,
    pub kind: ShellKind,
    pub(super) sh_name: String,
    pub line: usize,
    pub(super) last: i32,
    pub(super) exit: Option<i32>,
    stdout: Sink,
    stderr: Sink,
    /// What the current command wrote to redirected files: size and a
    /// digest of the contents, so `echo v1 > /v` and `echo v2 > /v` leave
    /// different files (and so different layers and image ids).
    written: BTreeMap<String, Written>,
    /// `apk add --virtual NAME` groups, for `apk del NAME`.
    pub groups: BTreeMap<String, Vec<String>>,
}

impl<'e, 'a, 'w, 'f> Sh<'e, 'a, 'w, 'f> {
    fn new(exec: &'e mut Exec<'a, 'w>, facts: &'e Facts<'f>) -> Self {
        let mut vars: BTreeMap<String, String> = BTreeMap::new();
        vars.insert("PATH".into(), "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into());
        for (k, v) in &facts.image.config.env {
            vars.insert(k.clone(), v.clone());
        }
        for (k, v) in &exec.env {
            vars.insert(k.clone(), v.clone());
        }
        let home = if facts.user == "root" || facts.user.is_empty() || facts.user == "0" {
            "/root".to_string()
        } else {
            format!("/home/{}", facts.user)
        };
        vars.entry("HOME".into()).or_insert(home);
        let sh_name = exec.shell.first().cloned().unwrap_or_else(|| "/bin/sh".to_string());
        let kind = if sh_name.ends_with("bash") || facts.image.os.is_rpm_based() {
            ShellKind::Bash
        } else if matches!(facts.image.os, OsFamily::Alpine | OsFamily::None) {
            ShellKind::Ash
        } else {
            ShellKind::Dash
        };
        let cwd = normalize("/", &exec.workdir);
        Sh {
            exec,
            facts,
            out: Outcome::default(),
            cwd,
            vars,
            errexit: false,
            xtrace: false,
            pipefail: false,
            kind,
            sh_name,
            line: 1,
            last: 0,
            exit: None,
            stdout: Sink::Log,
            stderr: Sink::Log,
            written: BTreeMap::new(),
            groups: BTreeMap::new(),
        }
    }

    /// `path` made absolute against the current directory.
    pub fn abs(&self, path: &str) -> String {
        normalize(&self.cwd, path)
    }

    pub fn home(&self) -> String {
        self.var("HOME")
    }

    pub fn var(&self, name: &str) -> String {
        self.vars.get(name).cloned().unwrap_or_default()
    }

    /// A line on stdout.
    pub fn say(&mut self, line: impl Into<String>) {
        let line = line.into();
        let sink = self.stdout.clone();
        self.emit(&sink, line);
    }

    /// A line on stderr.
    pub fn warn(&mut self, line: impl Into<String>) {
        let line = line.into();
        let sink = self.stderr.clone();
        self.emit(&sink, line);
    }

    fn emit(&mut self, sink: &Sink, line: String) {
        match sink {
            Sink::Log => self.out.log.push(line),
            Sink::Null | Sink::Pipe => {}
            Sink::File(path) => {
                let w = self.written.entry(path.clone()).or_insert(Written::EMPTY);
                w.size += line.len() as u64 + 1;
                w.digest = extend_digest(extend_digest(w.digest, &line), "\n");
            }
        }
    }

    /// Writes a file of `size` bytes; its digest derives from `path` and `seed`.
    pub fn put_file(&mut self, path: &str, size: u64, seed: &str) {
        let entry = Entry::file(size, digest(&format!("{path}\0{seed}")));
        self.exec.writer.put(path, entry);
    }

    pub fn installed(&mut self, cmds: impl IntoIterator<Item = String>) {
        for c in cmds {
            self.out.removed.retain(|r| *r != c);
            if !self.out.installed.contains(&c) {
                self.out.installed.push(c);
            }
        }
    }

    pub fn removed(&mut self, cmds: impl IntoIterator<Item = String>) {
        for c in cmds {
            self.out.installed.retain(|r| *r != c);
            if !self.out.removed.contains(&c) {
                self.out.removed.push(c);
            }
        }
    }

    pub fn estimated(&mut self, what: impl Into<String>) {
        self.out.estimated.push(what.into());
    }

    pub fn not_simulated(&mut self, argv: &[String]) {
        self.out.not_simulated.push(argv.join(" "));
    }

    pub fn seconds(&mut self, s: f64) {
        self.out.seconds += s;
    }

    fn run(&mut self, script: &parse::Script) {
        let mut prev = Connector::Seq;
        for (pipeline, connector) in &script.items {
            let skip = match prev {
                Connector::And => self.last != 0,
                Connector::Or => self.last == 0,
                Connector::Seq => false,
            };
            prev = *connector;
            if skip {
                continue;
            }
            self.line = pipeline.line;
            let mut statuses = Vec::new();
            let n = pipeline.commands.len();
            for (i, cmd) in pipeline.commands.iter().enumerate() {
                self.stdout = if i + 1 < n { Sink::Pipe } else { Sink::Log };
                self.stderr = Sink::Log;
                statuses.push(self.command(cmd));
                if self.exit.is_some() && n == 1 {
                    return;
                }
                self.exit = None;
            }
            self.stdout = Sink::Log;
            self.stderr = Sink::Log;
            let last = statuses.last().copied().unwrap_or(0);
            let mut status =
                if self.pipefail { statuses.iter().rev().copied().find(|s| *s != 0).unwrap_or(0) } else { last };
            if pipeline.negated {
                status = i32::from(status == 0);
            }
            self.last = status;
            if self.errexit && status != 0 && !pipeline.negated && *connector == Connector::Seq {
                return;
            }
        }
    }

    fn command(&mut self, cmd: &Command) -> i32 {
        let mut argv = Vec::new();
        for w in &cmd.words {
            argv.extend(self.expand(w));
        }
        let assigns: Vec<(String, String)> =
            cmd.assignments.iter().map(|(k, v)| (k.clone(), self.expand(v).join(" "))).collect();
        if argv.is_empty() {
            for (k, v) in assigns {
                self.vars.insert(k, v);
            }
            return self.redirect(cmd).err().unwrap_or(0);
        }
        if self.xtrace {
            let trace = format!("+ {}", argv.join(" "));
            self.out.log.push(trace);
        }
        if let Err(code) = self.redirect(cmd) {
            return code;
        }
        let saved: Vec<(String, Option<String>)> =
            assigns.iter().map(|(k, v)| (k.clone(), self.vars.insert(k.clone(), v.clone()))).collect();
        let code = self.dispatch(&argv);
        for (k, old) in saved {
            match old {
                Some(v) => self.vars.insert(k, v),
                None => self.vars.remove(&k),
            };
        }
        self.flush_files();
        code
    }

    /// Applies a command's redirections; Err(status) when a file cannot be created.
    fn redirect(&mut self, cmd: &Command) -> Result<(), i32> {
        for r in &cmd.redirs {
            let target = self.expand(&r.target).join(" ");
            let sink = match r.op {
                RedirOp::Read => continue,
                RedirOp::Dup => match target.as_str() {
                    "1" => self.stdout.clone(),
                    "2" => self.stderr.clone(),
                    _ => continue,
                },
                RedirOp::Write | RedirOp::Append if target == "/dev/null" => Sink::Null,
                RedirOp::Write | RedirOp::Append => {
                    let path = self.abs(&target);
                    let parent_ok = match path.rfind('/') {
                        Some(0) | None => true,
                        Some(i) => self.is_dir(&path[..i]),
                    };
                    if !parent_ok {
                        let msg = match self.kind {
                            ShellKind::Dash => {
                                format!(
                                    "{}: {}: cannot create {target}: Directory nonexistent",
                                    self.sh_name, self.line
                                )
                            }
                            // UNVERIFIED wording for ash and bash.
                            ShellKind::Ash => format!("{}: can't create {target}: nonexistent directory", self.sh_name),
                            ShellKind::Bash => {
                                format!("{}: line {}: {target}: No such file or directory", self.sh_name, self.line)
                            }
                        };
                        self.out.log.push(msg);
                        return Err(if self.kind == ShellKind::Dash { 2 } else { 1 });
                    }
                    let start = match (&r.op, self.exec.writer.get(&path).map(|e| &e.kind)) {
                        (RedirOp::Append, Some(Kind::File { size, digest })) => {
                            Written { size: *size, digest: *digest }
                        }
                        _ => Written::EMPTY,
                    };
                    self.written.insert(path.clone(), start);
                    Sink::File(path)
                }
            };
            match r.fd {
                1 => self.stdout = sink,
                2 => self.stderr = sink,
                _ => {}
            }
        }
        Ok(())
    }

    fn flush_files(&mut self) {
        for (path, w) in std::mem::take(&mut self.written) {
            self.exec.writer.put(&path, Entry::file(w.size, w.digest));
        }
    }

    /// Looks a command up and runs its model.
    pub fn dispatch(&mut self, argv: &[String]) -> i32 {
        let Some(name) = argv.first().map(String::as_str) else { return 0 };
        self.seconds(0.01);
        match name {
            ":" | "true" => return 0,
            "false" => return 1,
            "exit" => {
                let code = argv.get(1).map_or(Some(self.last), |a| a.parse::<i32>().ok().map(|c| c & 0xff));
                let code = code.unwrap_or(2);
                self.exit = Some(code);
                self.last = code;
                return code;
            }
            "cd" => return self.cd(argv),
            "set" => return self.set(argv),
            "export" => {
                for a in &argv[1..] {
                    if let Some((k, v)) = a.split_once('=') {
                        self.vars.insert(k.to_string(), v.to_string());
                    }
                }
                return 0;
            }
            "unset" => {
                for a in &argv[1..] {
                    self.vars.remove(a);
                }
                return 0;
            }
            "echo" => {
                let text = argv[1..].iter().filter(|a| *a != "-n" && *a != "-e").cloned().collect::<Vec<_>>().join(" ");
                self.say(text);
                return 0;
            }
            "pwd" => {
                let cwd = self.cwd.clone();
                self.say(cwd);
                return 0;
            }
            _ => {}
        }
        if !self.has_command(name) {
            let msg = self.not_found_message(name);
            self.warn(msg);
            return 127;
        }
        let tool = name.rsplit('/').next().unwrap_or(name);
        match tool {
            "apt-get" | "apt" => apt::run(self, argv),
            "apk" => apk::run(self, argv),
            "pip" | "pip3" => pip::run(self, argv),
            "python" | "python3"
                if argv.get(1).is_some_and(|a| a == "-m") && argv.get(2).is_some_and(|a| a == "pip") =>
            {
                pip::run(self, &argv[2..])
            }
            "npm" => npm::run(self, argv),
            "go" => build::go(self, argv),
            "mvn" => build::mvn(self, argv),
            "useradd" | "adduser" | "groupadd" | "addgroup" => users::run(self, argv),
            "mkdir" | "touch" | "cp" | "mv" | "rm" | "chmod" | "chown" | "curl" | "wget" | "tar" | "ln" => {
                files::run(self, argv)
            }
            _ => {
                self.not_simulated(argv);
                0
            }
        }
    }
}

/// A file a redirection is writing: its size so far and the digest of
/// what was written.
#[derive(Debug, Clone, Copy)]
struct Written {
    size: u64,
    digest: u64,
}

impl Written {
    const EMPTY: Written = Written { size: 0, digest: FNV_OFFSET };
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a, for deterministic file digests.
pub(super) fn digest(s: &str) -> u64 {
    extend_digest(FNV_OFFSET, s)
}

/// FNV-1a continued over more bytes: appending to a file extends its
/// digest as if the whole contents were hashed at once.
fn extend_digest(h: u64, s: &str) -> u64 {
    s.bytes().fold(h, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

pub(super) fn run_script(script: &str, exec: &mut Exec, facts: &Facts) -> Outcome {
    if facts.image.shell.is_none() && exec.shell.is_empty() {
        return cannot_start(script, "/bin/sh");
    }
    let mut sh = Sh::new(exec, facts);
    if sh.kind == ShellKind::Bash && sh.sh_name.ends_with("bash") && !sh.has_command("bash") {
        let name = sh.sh_name.clone();
        return cannot_start(script, &name);
    }
    match parse::parse(script) {
        Ok(parsed) => {
            // `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` and friends.
            let shell_args: Vec<String> = sh.exec.shell.iter().skip(1).cloned().collect();
            if !shell_args.is_empty() {
                let mut set = vec!["set".to_string()];
                set.extend(shell_args.into_iter().filter(|a| a != "-c"));
                sh.set(&set);
            }
            sh.run(&parsed);
            sh.out.exit_code = sh.exit.unwrap_or(sh.last);
        }
        Err(parse::Unsupported(what)) => {
            sh.out.not_simulated.push(what);
        }
    }
    sh.out
}

/// The process never started: runc's error, verified against docker/buildx#2400
/// (`runc run failed: unable to start container process: exec: "/bin/sh": stat /bin/sh:
/// no such file or directory`). UNVERIFIED: the exact BuildKit prefix and that no
/// `exit code:` follows; 127 here is the simulation's convention.
/// runc's words when the shell a RUN needs is missing (`FROM scratch`,
/// distroless): runc 1.2 and later put init's failures under "error during
/// container init" (as BuildKit's log shows them with current Docker, e.g.
/// <https://github.com/Rickitywrekked/Mesh_Dash/issues/2>, Docker 28).
fn cannot_start(_script: &str, binary: &str) -> Outcome {
    let msg = format!(
        "runc run failed: unable to start container process: error during container init: exec: \"{binary}\": stat {binary}: no such file or directory"
    );
    Outcome { exit_code: 127, log: vec![msg.clone()], failed_to_start: Some(msg), ..Outcome::default() }
}

pub(super) fn run_argv(argv: &[String], exec: &mut Exec, facts: &Facts) -> Outcome {
    let mut sh = Sh::new(exec, facts);
    let Some(name) = argv.first() else {
        // UNVERIFIED: BuildKit rejects an empty exec form before running anything.
        let msg = "runc run failed: unable to start container process: exec: no command".to_string();
        return Outcome { exit_code: 127, log: vec![msg.clone()], failed_to_start: Some(msg), ..Outcome::default() };
    };
    let builtin = matches!(name.as_str(), "cd" | "set" | "export" | "unset" | "exit" | ":");
    if builtin || !sh.has_command(name) {
        let msg = format!(
            "runc run failed: unable to start container process: exec: \"{name}\": executable file not found in $PATH"
        );
        return Outcome { exit_code: 127, log: vec![msg.clone()], failed_to_start: Some(msg), ..Outcome::default() };
    }
    sh.kind = ShellKind::Dash;
    let code = sh.dispatch(argv);
    sh.out.exit_code = code;
    sh.out
}
