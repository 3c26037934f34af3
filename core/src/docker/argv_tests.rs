//! The real argv of a shell-form ENTRYPOINT, as Docker shows it: moby's
//! daemon joins Entrypoint and Cmd without looking at them, so `ENTRYPOINT
//! echo hello` run with `there` starts `/bin/sh -c "echo hello" there`, and
//! `docker inspect` prints Path `/bin/sh` and Args `["-c", "echo hello",
//! "there"]`; `docker ps` prints `"` + the command + `"`, cut to 20
//! characters with `…` unless `--no-trunc` (docker/cli
//! cli/command/formatter/container.go, `ContainerContext.Command`:
//! `Ellipsis(command, 20)` then `strconv.Quote`).

use super::*;
use crate::docker::test_support::run;

/// The COMMAND cell of a `docker ps -a` row of container `name`.
fn command_cell(table: &str, name: &str) -> String {
    let row = table.lines().find(|l| l.ends_with(name)).unwrap_or_else(|| panic!("no {name} in {table}"));
    let start = row.find('"').expect("a quoted COMMAND");
    let end = row.rfind('"').expect("a closing quote");
    row[start..=end].to_string()
}

#[test]
fn a_shell_form_entrypoint_gets_the_run_arguments_after_its_script() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new().with_file("Dockerfile", "FROM alpine:3.22\nENTRYPOINT echo hello\n");
    assert_eq!(run(&mut engine, &mut host, "docker build -t greet .").status, 0);
    let out = run(&mut engine, &mut host, "docker run --name greeter greet there");
    // sh takes `there` as $0; the script does not read it, so it prints hello.
    assert_eq!((out.status, out.stdout.as_str()), (0, "hello\n"), "{}", out.stderr);

    let inspect = run(&mut engine, &mut host, "docker inspect greeter");
    let json: serde_json::Value = serde_json::from_str(&inspect.stdout).expect("inspect prints JSON");
    assert_eq!(json[0]["Path"], "/bin/sh");
    assert_eq!(json[0]["Args"], serde_json::json!(["-c", "echo hello", "there"]));
    // Config keeps what the image and the line said.
    assert_eq!(json[0]["Config"]["Entrypoint"], serde_json::json!(["/bin/sh", "-c", "echo hello"]));
    assert_eq!(json[0]["Config"]["Cmd"], serde_json::json!(["there"]));

    let full = command_cell(&run(&mut engine, &mut host, "docker ps -a --no-trunc").stdout, " greeter");
    assert!(full.starts_with("\"/bin/sh -c ") && full.ends_with(" there\""), "{full}");
    let cut = command_cell(&run(&mut engine, &mut host, "docker ps -a").stdout, " greeter");
    assert!(cut.starts_with("\"/bin/sh -c ") && cut.ends_with("…\""), "{cut}");
    assert_eq!(cut.chars().count(), 22, "20 characters between the quotes: {cut}");
}

/// A script that reads its parameters gets them: `$0 $1` are `a b`.
#[test]
fn a_script_that_reads_its_parameters_prints_them() {
    let mut engine = Engine::new();
    let mut host = MemoryHost::new().with_file("Dockerfile", "FROM alpine:3.22\nENTRYPOINT echo \"$0 $1\"\n");
    assert_eq!(run(&mut engine, &mut host, "docker build -t params .").status, 0);
    let out = run(&mut engine, &mut host, "docker run --rm params a b");
    assert_eq!(out.stdout, "a b\n", "{}", out.stderr);
}
