//! The rule table and PID 1 against Docker's behaviour, case by case.

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
    plan(
        &Launch {
            argv: &argv,
            image: &config,
            env: &env,
            interactive,
            tty: false,
            init: false,
            workdir: "",
            hostname: "",
            read_only: None,
            user: "",
        },
        &exe,
    )
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
        // `touch FILE` returns as soon as the file exists (it used to be assumed a server).
        ("alpine:3.22", &["touch", "/tmp/x"], &[], false, Lifetime::Exits { code: 0 }),
        ("alpine:3.22", &["sh", "-c", "mkdir -p /data && touch /data/x"], &[], false, Lifetime::Exits { code: 0 }),
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
    let p = planned("alpine:3.22", &["/bin/sh", "-c", "exec sleep 100"], &[], false).expect("ok");
    assert_eq!((p.pid1[0].as_str(), p.shell_parent), ("sleep", false));
}

/// `CMD sleep 1000` runs `/bin/sh -c "sleep 1000"`; who is PID 1 depends on
/// the image's own `sh` (`catalog::shells` cites the sources): busybox ash
/// (Alpine) and bash exec the script's last command, Debian's dash (patch
/// 0004, bookworm 0.5.12-2 and trixie 0.5.12-12) stays PID 1 with the
/// command as its child. Either way nothing handles SIGTERM: the kernel
/// does not deliver it to a PID namespace's init without a handler.
#[test]
fn pid1_of_a_shell_form_command_is_decided_by_the_images_shell() {
    let pid1 = |image: &str, argv: &[&str]| {
        let p = planned(image, argv, &[], false).expect("starts");
        (p.pid1[0].clone(), p.app[0].clone(), p.shell_parent, p.term)
    };
    // busybox ash: the last command replaces the shell, also after `;` and `&&`.
    for script in ["sleep 1000", "echo start; sleep 1000", "cd /tmp && sleep 1000"] {
        let got = pid1("alpine:3.22", &["/bin/sh", "-c", script]);
        assert_eq!(got, ("sleep".into(), "sleep".into(), false, TermHandling::Default), "{script}");
    }
    // ... but not in a pipeline or once a trap is set.
    for script in ["sleep 1000 | cat", "trap 'echo bye' TERM; sleep 1000"] {
        assert!(pid1("alpine:3.22", &["/bin/sh", "-c", script]).2, "{script}");
    }
    // Debian's dash keeps itself as PID 1: python:3.12-slim (bookworm), nginx (trixie), ubuntu.
    for image in ["python:3.12-slim-bookworm", "nginx", "ubuntu:24.04", "debian:trixie-slim"] {
        let got = pid1(image, &["/bin/sh", "-c", "sleep 1000"]);
        assert_eq!((got.0.as_str(), got.1.as_str(), got.2), ("/bin/sh", "sleep", true), "{image}");
    }
    // bash, asked for by name on Debian, execs like ash.
    assert_eq!(pid1("debian:bookworm-slim", &["bash", "-c", "true; sleep 1000"]).0, "sleep");
    let p = planned("python:3.12-slim", &["/bin/sh", "-c", "python app.py"], &[], false).expect("starts");
    assert!(p.reason.contains("dash, which does not exec"), "{}", p.reason);
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
    let p = planned("alpine:3.22", &["sh", "-c", "cd /app; exec sleep \"$DELAY\""], &["DELAY=5"], false).expect("ok");
    assert_eq!(p.app, strings(&["sleep", "5"]));
    assert!(!p.shell_parent);
    let none = Vars { env: &[], positional: &[] };
    assert_eq!(read_script("until false; do :; done", &none), Script::Loop);
    assert_eq!(read_script("", &none), Script::Exit(0));
    assert_eq!(read_script("exit 300", &none), Script::Exit(44));
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
    let p = planned("python:3.12-slim", &["python3", "-m", "http.server"], &["PYTHONUNBUFFERED=1"], false).expect("ok");
    assert_eq!(p.logs, ["Serving HTTP on 0.0.0.0 port 8000 (http://0.0.0.0:8000/) ..."]);
}

/// A shell expands `$NAME` from the container's environment and `$0`, `$1`…
/// from the words after the script (POSIX `sh -c command_string
/// [command_name [argument...]]`,
/// <https://pubs.opengroup.org/onlinepubs/9799919799/utilities/sh.html>);
/// exec form runs no shell, so nothing is expanded (Dockerfile reference,
/// "Exec form ... does not invoke a command shell ... `RUN [ "echo", "$HOME" ]`
/// won't do variable substitution on `$HOME`":
/// <https://docs.docker.com/reference/dockerfile/#shell-and-exec-form>).
#[test]
fn a_shell_expands_variables_and_exec_form_does_not() {
    let logs = |argv: &[&str], env: &[&str]| planned("alpine:3.22", argv, env, false).expect("ok").logs;
    assert_eq!(logs(&["sh", "-c", "echo $NAME"], &["NAME=bob"]), ["bob"]);
    assert_eq!(logs(&["/bin/sh", "-c", "echo $HOME"], &["HOME=/root"]), ["/root"]);
    assert_eq!(logs(&["echo", "$HOME"], &["HOME=/root"]), ["$HOME"]);
    assert_eq!(logs(&["sh", "-c", "echo $0 $1", "a", "b"], &[]), ["a b"]);
    assert_eq!(logs(&["sh", "-c", "echo $0"], &[]), ["sh"]);
    // Unset and unquoted, a variable is no word at all; quoted, an empty one.
    assert_eq!(logs(&["sh", "-c", "echo $UNSET x \"${GREETING:-hi}\""], &[]), ["x hi"]);
}
