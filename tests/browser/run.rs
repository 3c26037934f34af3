//! The playground's run side in the browser: the Run panel's dry runs of
//! the built image as a `docker run` line is typed, and the docker terminal
//! (containers, `docker ps`, history, a reload).

use fantoccini::Client;

use crate::page::{
    all, append_to_file, attrs, build, click, count, one, props, screenshots, show_panel, testid, texts,
};
use crate::wait::until;
use crate::with_app;

/// Replaces the run line with `line`, typed as a person would.
async fn type_run_line(client: &Client, line: &str) {
    let input = one(client, &testid("run-input")).await;
    input.send_keys("\u{E009}a").await.expect("selecting the run line");
    input.send_keys(line).await.expect("typing the run line");
    until(&format!("the typed run line {line:?}"), || async {
        let value = props(client, &testid("run-input"), "value").await?.join("");
        if value == line {
            Ok(())
        } else {
            Err(value)
        }
    })
    .await;
}

/// Waits until the argv chips hold `want`.
async fn argv_is(client: &Client, want: &[&str]) {
    until(&format!("argv {want:?}"), || async {
        let json = attrs(client, &testid("run-argv"), "data-argv").await?.join("");
        let argv: Vec<String> = serde_json::from_str(&json).map_err(|e| format!("{json:?}: {e}"))?;
        if argv == want {
            Ok(())
        } else {
            Err(format!("{argv:?}"))
        }
    })
    .await;
}

#[tokio::test]
async fn the_run_panel_follows_the_run_line() {
    with_app(|client, _| async move {
        show_panel(&client, "Run").await;
        let empty = one(&client, ".run-empty").await.text().await.expect("the empty state");
        assert!(empty.contains("Build first"), "{empty}");

        build(&client, 1).await;
        let line = props(&client, &testid("run-input"), "value").await.expect("the run line");
        assert_eq!(line, ["docker run app"]);
        // The Flask example's exec-form CMD, as is.
        argv_is(&client, &["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", "app:app"]).await;
        let pid1 = one(&client, &testid("pid1")).await.text().await.expect("PID 1");
        assert!(pid1.contains("gunicorn") && pid1.contains("SIGTERM"), "{pid1}");
        let kinds = attrs(&client, &testid("namespace"), "data-kind").await.expect("namespaces");
        assert_eq!(kinds, ["pid", "net", "mnt", "uts", "ipc", "user", "cgroup"]);
        // EXPOSE 8000 without -p: documented, unreachable.
        let reachable = attrs(&client, &testid("port-mapping"), "data-reachable").await.expect("ports");
        assert_eq!(reachable, ["false"]);
        // Top first: Docker's init layer, the five layers the Dockerfile made
        // (each with its history text and size), then python:3.12-slim's four.
        let layers = texts(&client, &testid("mount-layer")).await.expect("overlay");
        assert_eq!(layers.len(), 10, "{layers:#?}");
        assert_eq!(
            layers[..6],
            [
                "Docker's init layer: /etc/hosts, /etc/resolv.conf, /etc/hostname",
                "COPY . . # buildkit\n479B",
                "RUN /bin/sh -c pip install --no-cache-dir -r requirements.txt # buildkit\n3.16MB",
                "COPY requirements.txt . # buildkit\n30B",
                "WORKDIR /app\n0B",
                "RUN /bin/sh -c useradd --create-home --uid 10001 app # buildkit\n160B",
            ]
        );
        assert_eq!(layers[9], "# debian.sh --arch 'amd64' out/ 'trixie' '@1785715200'\n82.2MB");
        // What happens on `docker run`, one numbered step each, as the panel
        // reads (the container's id and PID 1's host PID are the simulation's).
        let story = texts(&client, &testid("story-step")).await.expect("story");
        let read: Vec<String> =
            story.iter().map(|step| step.split('\n').nth(1).unwrap_or_default().to_string()).collect();
        let expected = [
            "docker CLI parses the flags and connects to /var/run/docker.sock",
            "dockerd POST /containers/create",
            "dockerd looks up app in the local image store",
            "dockerd creates the container: config, a writable layer, mounts",
            "dockerd POST /containers/",
            "dockerd (libnetwork) sets up the network sandbox",
            "containerd creates a task from the OCI bundle dockerd prepared",
            "containerd-shim-runc-v2 starts, one per container, and calls runc",
            "runc reads config.json and creates the container",
            "runc unshares pid, net, mnt, uts, ipc and cgroup namespaces",
            "runc creates /sys/fs/cgroup/system.slice/docker-",
            "runc mounts the overlay rootfs, /proc, /dev, /sys and the volumes",
            "runc pivot_root into the rootfs",
            "runc execve gunicorn --bind 0.0.0.0:8000 --workers 2 app:app",
            "gunicorn --bind 0.0.0.0:8000 --workers 2 app:app host PID ",
        ];
        assert_eq!(read.len(), expected.len(), "{story:#?}");
        for (n, (step, want)) in read.iter().zip(expected).enumerate() {
            assert!(story[n].starts_with(&format!("{}\n", n + 1)), "{story:#?}");
            if want.ends_with('/') || want.ends_with('-') || want.ends_with(' ') {
                assert!(step.starts_with(want), "step {}: {step}", n + 1);
            } else {
                assert_eq!(step, want, "step {}", n + 1);
            }
        }
        no_sideways_scroll(&client).await;
        screenshots(&client, "20-run").await;
        for (section, name) in
            [("namespace", "20-run-namespaces"), ("mount-layer", "20-run-overlay"), ("story-step", "20-run-story")]
        {
            let script = format!("document.querySelector('[data-testid={section}]').scrollIntoView();");
            client.execute(&script, vec![]).await.expect("scrolling the panel");
            screenshots(&client, name).await;
        }

        // Arguments replace CMD; -p publishes the port.
        type_run_line(&client, "docker run -p 8000:8000 app python -V").await;
        argv_is(&client, &["python", "-V"]).await;
        until("a published port", || async {
            let reachable = attrs(&client, &testid("port-mapping"), "data-reachable").await?;
            if reachable == ["true"] {
                Ok(())
            } else {
                Err(format!("{reachable:?}"))
            }
        })
        .await;

        // --entrypoint clears CMD.
        type_run_line(&client, "docker run --entrypoint sh app").await;
        argv_is(&client, &["sh"]).await;

        // Two lines side by side: the image's CMD against arguments that replace it.
        type_run_line(&client, "docker run app").await;
        click(&client, &testid("run-compare-toggle")).await;
        let second = one(&client, &testid("run-input-b")).await;
        second.send_keys("\u{E009}a").await.expect("selecting the second line");
        second.send_keys("docker run app python -V").await.expect("typing the second line");
        until("both lines resolved side by side", || async {
            let argvs = attrs(&client, &testid("compare-argv"), "data-argv").await?;
            let want = [r#"["gunicorn","--bind","0.0.0.0:8000","--workers","2","app:app"]"#, r#"["python","-V"]"#];
            if argvs == want {
                Ok(())
            } else {
                Err(format!("{argvs:?}"))
            }
        })
        .await;
        // Every word differs, and PID 1 too: both are marked, with words a person reads.
        let second_side = one(&client, &format!("{}[data-side=\"second\"]", testid("compare-side"))).await;
        let text = second_side.text().await.expect("the second side");
        assert!(text.contains("python") && text.to_lowercase().contains("differs"), "{text}");
        let pid1 = attrs(&client, &testid("compare-pid1"), "data-differs").await.expect("PID 1s");
        assert_eq!(pid1, ["true", "true"]);
        screenshots(&client, "21-run-compare").await;
        // The same line twice: nothing is marked.
        let second = one(&client, &testid("run-input-b")).await;
        second.send_keys("\u{E009}a").await.expect("selecting the second line");
        second.send_keys("docker run app").await.expect("typing the second line");
        until("no differences", || async {
            let marked = attrs(&client, ".run-compare [data-differs]", "data-differs").await?;
            if !marked.is_empty() && marked.iter().all(|d| d == "false") {
                Ok(())
            } else {
                Err(format!("{marked:?}"))
            }
        })
        .await;
        click(&client, &format!("{}[aria-expanded=\"true\"]", testid("run-compare-toggle"))).await;
        count(&client, &testid("run-compare"), 0).await;

        // A bad flag: Docker's words at the input, nothing else breaks.
        type_run_line(&client, "docker run --bogus app").await;
        let error = one(&client, &testid("run-error")).await.text().await.expect("the error");
        assert!(error.contains("unknown flag: --bogus"), "{error}");
        screenshots(&client, "21-run-error").await;

        // A shell-form ENTRYPOINT: Docker still appends the line's arguments
        // after the script, and sh takes them as $0, $1 (the script ignores them).
        append_to_file(&client, "Dockerfile", "ENTRYPOINT gunicorn app:app\n").await;
        build(&client, 2).await;
        type_run_line(&client, "docker run app --workers 4").await;
        argv_is(&client, &["/bin/sh", "-c", "gunicorn app:app", "--workers", "4"]).await;
        // python:3.12-slim's sh is Debian's dash, which stays PID 1.
        let pid1 = one(&client, &testid("pid1")).await;
        assert_eq!(pid1.attr("data-reaches-app").await.expect("attr").as_deref(), Some("false"));
        let note = one(&client, ".run-note").await.text().await.expect("the script's parameters");
        assert!(note.contains("--workers") && note.contains("ignores what it does not read"), "{note}");
        screenshots(&client, "22-run-shell-form").await;
    })
    .await;
}

/// The panel's content fits its width (nothing clipped, no sideways
/// scrolling); on failure, the elements that stick out.
async fn no_sideways_scroll(client: &Client) {
    let script = "const body = document.querySelector('.panels-body');
        const right = body.getBoundingClientRect().right;
        if (body.scrollWidth <= body.clientWidth) return [];
        return [...body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > right + 1)
            .slice(-5).map(e => e.tagName + '.' + e.className + ' in ' + e.parentElement.className + ': '
                + (e.textContent || '').slice(0, 60));";
    let wide = client.execute(script, vec![]).await.expect("measuring the panel");
    assert_eq!(wide, serde_json::json!([]), "elements wider than the panel");
}

/// Types `line` at the terminal's prompt and presses Enter.
async fn run_in_terminal(client: &Client, line: &str) {
    let input = one(client, &testid("terminal-input")).await;
    input.send_keys(&format!("{line}\u{E007}")).await.expect("typing in the terminal");
}

/// Waits until the terminal's prompt holds `want`.
async fn prompt_is(client: &Client, want: &str) {
    until(&format!("{want:?} at the prompt"), || async {
        let value = props(client, &testid("terminal-input"), "value").await?.join("");
        if value == want {
            Ok(())
        } else {
            Err(value)
        }
    })
    .await;
}

/// Waits until the terminal's output contains every one of `parts`.
async fn output_has(client: &Client, parts: &[&str]) -> String {
    until(&format!("{parts:?} in the terminal"), || async {
        let text = texts(client, &testid("terminal-output")).await?.join("");
        if parts.iter().all(|p| text.contains(p)) {
            Ok(text)
        } else {
            Err(text)
        }
    })
    .await
}

#[tokio::test]
async fn the_terminal_runs_containers_and_survives_a_reload() {
    with_app(|client, _| async move {
        show_panel(&client, "Terminal").await;
        run_in_terminal(&client, "docker run -d -p 8080:80 nginx").await;
        run_in_terminal(&client, "docker ps").await;
        output_has(&client, &["$ docker ps", "nginx", "0.0.0.0:8080->80/tcp", "Up "]).await;
        // The container it started is selected, its namespaces drawn.
        count(&client, &testid("terminal-container"), 1).await;
        until("the container's namespaces", || async {
            let kinds =
                attrs(&client, &format!("{} {}", testid("container-detail"), testid("namespace")), "data-kind").await?;
            if kinds.len() == 7 {
                Ok(())
            } else {
                Err(format!("{kinds:?}"))
            }
        })
        .await;
        run_in_terminal(&client, "images").await;
        output_has(&client, &["$ docker images", "DISK USAGE", "nginx"]).await;
        screenshots(&client, "23-terminal").await;

        // Tab completes commands, and names from the daemon's state.
        let input = one(&client, &testid("terminal-input")).await;
        input.send_keys("docker ru\u{E004}").await.expect("typing and pressing Tab");
        prompt_is(&client, "docker run ").await;
        input.send_keys("-d ngi\u{E004}").await.expect("typing and pressing Tab");
        // `nginx` and `nginx:latest` both fit: Tab extends to what they share.
        prompt_is(&client, "docker run -d nginx").await;
        // Several candidates: Tab lists them.
        input.send_keys("\u{E009}a").await.expect("selecting the line");
        input.send_keys("docker p\u{E004}").await.expect("typing and pressing Tab");
        let offered = one(&client, &testid("terminal-completions")).await.text().await.expect("completions");
        for word in ["ps", "pull", "port"] {
            assert!(offered.split_whitespace().any(|w| w == word), "{word} in {offered}");
        }
        screenshots(&client, "23-terminal-completion").await;
        input.send_keys("\u{E009}a\u{E003}").await.expect("clearing the line");

        // ↑ brings back the last command.
        one(&client, &testid("terminal-input")).await.send_keys("\u{E013}").await.expect("pressing ↑");
        until("the last command back at the prompt", || async {
            let value = props(&client, &testid("terminal-input"), "value").await?.join("");
            if value == "images" {
                Ok(())
            } else {
                Err(value)
            }
        })
        .await;

        // A reload keeps the screen and the daemon (its journal replays).
        client.refresh().await.expect("reloading the page");
        show_panel(&client, "Terminal").await;
        output_has(&client, &["0.0.0.0:8080->80/tcp"]).await;
        count(&client, &testid("terminal-container"), 1).await;
        run_in_terminal(&client, "clear").await;
        until("a cleared screen", || async {
            let entries = all(&client, ".term-entry").await?.len();
            if entries == 0 {
                Ok(())
            } else {
                Err(format!("{entries} entries"))
            }
        })
        .await;
        // The screen was cleared: this answer comes from the replayed daemon.
        run_in_terminal(&client, "ps").await;
        output_has(&client, &["$ docker ps", "0.0.0.0:8080->80/tcp"]).await;

        click(&client, &testid("presenter-toggle")).await;
        until("presenter mode", || async {
            let on = client
                .execute("return document.documentElement.classList.contains('presenter');", vec![])
                .await
                .map_err(|e| e.to_string())?;
            if on == serde_json::json!(true) {
                Ok(())
            } else {
                Err(on.to_string())
            }
        })
        .await;
        screenshots(&client, "24-terminal-presenter").await;

        // A damaged terminal is kept aside and reported; the project is untouched.
        client
            .execute("localStorage.setItem('layerlab.terminal.v1', '{\"format\": 1, \"jour');", vec![])
            .await
            .expect("storing a damaged terminal");
        client.refresh().await.expect("reloading the page");
        let notice = one(&client, &testid("notice")).await.text().await.expect("notice");
        assert!(notice.contains("terminal saved in this browser could not be read"), "{notice}");
        let kept = client
            .execute(
                "return Object.keys(localStorage).filter(k => k.startsWith('layerlab.terminal.v1.unreadable.')).length;",
                vec![],
            )
            .await
            .expect("listing keys");
        assert_eq!(kept, serde_json::json!(1));
    })
    .await;
}

#[tokio::test]
async fn the_build_buttons_image_and_clicked_commands_reach_the_terminal() {
    with_app(|client, _| async move {
        // Build in the editor, then ask the terminal: the image is there as `app`.
        build(&client, 1).await;
        show_panel(&client, "Terminal").await;
        run_in_terminal(&client, "docker images").await;
        // CLI 29's tree view names images as repo:tag.
        let listed = output_has(&client, &["$ docker images", "IMAGE"]).await;
        assert!(listed.lines().any(|l| l.starts_with("app:latest ")), "{listed}");
        // Completion knows it too, and it runs.
        let input = one(&client, &testid("terminal-input")).await;
        input.send_keys("docker run -d ap\u{E004}").await.expect("typing and pressing Tab");
        prompt_is(&client, "docker run -d app").await;
        input.send_keys("\u{E007}").await.expect("pressing Enter");
        count(&client, &testid("terminal-container"), 1).await;

        // A command written in the Run panel's text runs in the terminal when clicked.
        show_panel(&client, "Run").await;
        let command = "docker run -d --network host --pid host nginx";
        click(&client, &format!("{}[data-command=\"{command}\"]", testid("runnable-command"))).await;
        output_has(&client, &[&format!("$ {command}")]).await;
        let selected = attrs(&client, "[role=tab][aria-selected=\"true\"]", "id").await.expect("tabs");
        assert_eq!(selected, ["tab-terminal"], "the terminal is shown");
        count(&client, &testid("terminal-container"), 2).await;
        // That container shares the host's net and pid namespaces: drawn as such, with the host's view.
        until("the host's namespaces", || async {
            let owners =
                attrs(&client, &format!("{} {}", testid("container-detail"), testid("namespace")), "data-owner")
                    .await?;
            let kinds =
                attrs(&client, &format!("{} {}", testid("container-detail"), testid("namespace")), "data-kind").await?;
            let host: Vec<&str> =
                kinds.iter().zip(&owners).filter(|(_, o)| *o == "host").map(|(k, _)| k.as_str()).collect();
            if ["pid", "net", "uts"].iter().all(|k| host.contains(k)) {
                Ok(())
            } else {
                Err(format!("{kinds:?} {owners:?}"))
            }
        })
        .await;
        let detail = one(&client, &testid("container-detail")).await.text().await.expect("the detail");
        assert!(detail.contains("shared with the host"), "{detail}");
        assert!(detail.contains("/sbin/init") && detail.contains("dockerd"), "the host's processes: {detail}");
        assert!(detail.contains("192.168.1.10/24"), "the host's interfaces: {detail}");
        let script = "document.querySelector('[data-testid=container-detail] [data-kind=pid]').scrollIntoView();";
        client.execute(script, vec![]).await.expect("scrolling to the pid namespace");
        screenshots(&client, "25-terminal-host-namespaces").await;
    })
    .await;
}
