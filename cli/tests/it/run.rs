//! `layerlab run --dry-run`.

use super::{layerlab, text};

fn dry_run(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["run", "--dry-run", "--json"];
    all.extend_from_slice(args);
    let out = layerlab(&all, "");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn the_classic_confusions_come_out_right() {
    // Arguments after the image replace CMD, not ENTRYPOINT.
    let r = dry_run(&["nginx", "bash"]);
    assert_eq!(r["argv"], serde_json::json!(["/docker-entrypoint.sh", "bash"]));
    // --entrypoint clears the image's CMD.
    let r = dry_run(&["--entrypoint", "sh", "nginx"]);
    assert_eq!(r["argv"], serde_json::json!(["sh"]));
    assert_eq!(r["cmd"], serde_json::Value::Null);
    // EXPOSE without -p publishes nothing.
    let r = dry_run(&["nginx"]);
    assert_eq!(r["ports"], serde_json::json!([]));
    let r = dry_run(&["-p", "127.0.0.1:8080:80/udp", "nginx"]);
    assert_eq!(
        r["ports"],
        serde_json::json!([{"host_ip": "127.0.0.1", "host_port": 8080, "container_port": 80, "protocol": "udp"}])
    );
    // Debian's dash stays PID 1 for `sh -c`; Alpine's busybox ash execs the
    // last command, which then is PID 1 (core's catalog::shells cites both).
    let r = dry_run(&["debian:bookworm-slim", "sh", "-c", "sleep 1"]);
    assert_eq!((r["pid1"].as_str(), r["signals_reach_app"].as_bool()), (Some("sh"), Some(false)));
    let r = dry_run(&["alpine:3.22", "sh", "-c", "sleep 1"]);
    assert_eq!((r["pid1"].as_str(), r["signals_reach_app"].as_bool()), (Some("sleep"), Some(true)));
    // -P: the host port the daemon's allocator would bind (the ephemeral range starts at 32768).
    let r = dry_run(&["-P", "nginx"]);
    assert_eq!(
        r["ports"],
        serde_json::json!([{"host_ip": "0.0.0.0", "host_port": 32768, "container_port": 80, "protocol": "tcp"}])
    );
}

/// The text output lists the published ports and a PID 1 line that tells
/// what `docker stop` does; `--network host` with `-p` prints the daemon's
/// warning as docker/cli does (`WARNING: ` + moby's text, on stderr).
#[test]
fn the_text_output_lists_ports_and_the_stop_story() {
    let out = layerlab(&["run", "--dry-run", "-p", "8080:80", "-P", "python:3.12-slim", "python", "app.py"], "");
    let stdout = text(&out.stdout);
    assert!(stdout.contains("port:    80/tcp -> 0.0.0.0:8080\n"), "{stdout}");
    assert!(
        stdout.contains("PID 1:   python: docker stop sends SIGTERM → nothing acts on it: SIGKILL after 10 s (137)"),
        "{stdout}"
    );
    let out = layerlab(&["run", "--dry-run", "--network", "host", "-p", "8080:80", "nginx"], "");
    assert_eq!(text(&out.stderr), "WARNING: Published ports are discarded when using host network mode\n");
    assert!(!text(&out.stdout).contains("port:"), "{}", text(&out.stdout));
}

#[test]
fn docker_errors_exit_125() {
    let out = layerlab(&["run", "--dry-run", "--bogus", "nginx"], "");
    assert_eq!(out.status.code(), Some(125));
    assert!(text(&out.stderr).starts_with("unknown flag: --bogus"), "{}", text(&out.stderr));
    let out = layerlab(&["run", "--dry-run", "pyhton:3.12"], "");
    assert_eq!(out.status.code(), Some(125));
    assert!(text(&out.stderr).contains("did you mean python"), "{}", text(&out.stderr));
}

/// The dry run tells the story of `docker run` (CLI → dockerd → containerd →
/// runc → the process) from a throwaway copy of the daemon: no container is
/// left behind.
#[test]
fn a_dry_run_tells_the_story_and_creates_nothing() {
    let state = crate::fresh_state();
    let out = crate::layerlab(
        &["--state", state.to_str().expect("utf-8"), "run", "--dry-run", "--json", "-p", "8080:80", "nginx"],
        "",
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let actors: Vec<&str> =
        report["story"].as_array().expect("story").iter().filter_map(|s| s["actor"].as_str()).collect();
    for actor in ["docker CLI", "dockerd", "containerd", "containerd-shim-runc-v2", "runc"] {
        assert!(actors.contains(&actor), "{actors:?}");
    }
    let execve = report["story"].as_array().expect("story").iter().find(|s| s["kind"] == "Exec").expect("execve");
    assert_eq!(execve["action"], "execve /docker-entrypoint.sh nginx -g daemon off;");
    assert!(!state.exists(), "a dry run records nothing");
}
