//! Browser end-to-end tests: the Trunk-built `dist/` in headless Chromium.
//!
//! Needs `dist/` (from `trunk build`), Chromium and chromedriver; `cargo
//! xtask test` provides all three and passes their paths in `LAYERLAB_*`.
//! Every test saves screenshots under `target/screenshots/`.

mod bench;
mod browser;
mod compose;
mod lessons;
mod page;
mod practice;
mod run;
mod server;
mod wait;
mod worksheets;

use std::future::Future;
use std::path::PathBuf;

use fantoccini::Client;
use page::{
    all, append_to_file, attrs, build, click, count, editor_value, one, props, screenshots, show_panel, testid, texts,
};
use wait::until;

use browser::Browser;

const STORAGE_KEY: &str = "layerlab.project.v1";

/// Serves `dist/`, opens the app in a fresh browser, runs `body`, and always
/// closes the session (a panic in `body` is re-raised after cleanup).
async fn with_app<F, Fut>(body: F)
where
    F: FnOnce(Client, String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let url = server::serve(dist());
    let (browser, client) = Browser::start().await;
    client.set_window_size(1366, 768).await.expect("sizing the window");
    client.goto(&url).await.unwrap_or_else(|e| panic!("opening {url}: {e}"));
    // A spawned task turns a panic into a JoinError, so cleanup below still runs.
    let outcome = tokio::spawn(body(client.clone(), url)).await;
    let _ = client.close().await;
    drop(browser);
    if let Err(error) = outcome {
        std::panic::resume_unwind(error.into_panic());
    }
}

fn dist() -> PathBuf {
    let dist = std::env::var_os("LAYERLAB_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"));
    assert!(
        dist.join("index.html").is_file(),
        "{} has no index.html: run `cargo xtask test`, which builds dist/ with Trunk before these tests",
        dist.display()
    );
    dist
}

async fn stored(client: &Client, key: &str) -> Option<String> {
    let script = format!("return localStorage.getItem('{key}');");
    client.execute(&script, vec![]).await.ok()?.as_str().map(str::to_owned)
}

#[tokio::test]
async fn the_flask_example_opens_and_builds() {
    with_app(|client, _| async move {
        let paths = until("the example's files", || async {
            let paths = attrs(&client, &testid("file-tab"), "data-path").await?;
            if paths.len() >= 4 {
                Ok(paths)
            } else {
                Err(format!("{paths:?}"))
            }
        })
        .await;
        for path in ["Dockerfile", "app.py", "requirements.txt", ".dockerignore"] {
            assert!(paths.iter().any(|p| p == path), "{path} missing from {paths:?}");
        }
        let examples = attrs(&client, &testid("example"), "data-name").await.expect("examples");
        assert_eq!(
            examples,
            [
                "flask",
                "node-express",
                "vite-nginx",
                "go-alpine",
                "go-scratch",
                "java-maven",
                "nginx-static",
                "compose-web-db-cache",
                "bad-dockerfile"
            ]
        );
        // The editor shows the example's Dockerfile with its instructions'
        // keywords highlighted, in order, as a reader scans them
        // (core/data/examples/flask/Dockerfile).
        let keywords = until("the highlighted keywords", || async {
            let keywords = texts(&client, ".editor-highlight .tok-keyword").await?;
            if keywords.is_empty() {
                Err("none yet".to_string())
            } else {
                Ok(keywords)
            }
        })
        .await;
        assert_eq!(keywords, ["FROM", "ENV", "RUN", "WORKDIR", "COPY", "RUN", "COPY", "USER", "EXPOSE", "CMD"]);
        let dockerfile = editor_value(&client).await.expect("editor");
        assert_eq!(dockerfile.lines().nth(1), Some("FROM python:3.12-slim"), "{dockerfile}");
        screenshots(&client, "01-first-visit").await;

        // The gallery: open it and pick Flask (the same project, so nothing is put aside).
        click(&client, ".header-examples > summary").await;
        screenshots(&client, "01-examples").await;
        click(&client, &format!("{}[data-name=\"flask\"]", testid("example"))).await;

        build(&client, 1).await;
        let status = one(&client, &testid("status")).await.text().await.expect("status text");
        assert_eq!(status, "Build #1: 122MB · 5 steps ran, none from the cache");
        let log = one(&client, &testid("build-log")).await.text().await.expect("log text");
        assert!(log.starts_with("Build #1: 6 steps, 8.5 s simulated\n"), "{log}");
        assert!(log.contains("\n[5/6] RUN pip install --no-cache-dir -r requirements.txt\nDONE 8.2s\n"), "{log}");
        assert!(
            log.contains(
                // pip's summary: `name-version`, sorted by name (versions from core/data/packages.json).
                "\nSuccessfully installed blinker-1.9.0 click-8.5.1 flask-3.1.3 gunicorn-27.0.1 itsdangerous-2.2.0 \
                 jinja2-3.1.6 markupsafe-3.0.4 werkzeug-3.1.9\n"
            ),
            "{log}"
        );
        screenshots(&client, "02-build-log").await;

        show_panel(&client, "Layers").await;
        count(&client, &testid("layer"), 6).await;
        let cached = attrs(&client, &testid("layer"), "data-cached").await.expect("layers");
        // Listed top of the image first.
        assert_eq!(cached, ["false", "false", "false", "false", "false", "base"]);
        let bytes: u64 = attrs(&client, &testid("image-size"), "data-bytes").await.expect("size")[0]
            .parse()
            .expect("a number of bytes");
        assert!(bytes > 100_000_000, "python:3.12-slim plus flask is over 100 MB, got {bytes}");
        let pip = attrs(&client, &testid("layer"), "data-line").await.expect("lines");
        assert_eq!(pip, ["18", "15", "14", "11", "9", "2"]);
        // `COPY . .` copies requirements.txt again over the first copy: those bytes are stored twice.
        let wasted = texts(&client, &testid("wasted")).await.expect("wasted");
        assert_eq!(wasted.len(), 1, "{wasted:?}");
        assert!(wasted[0].contains("app/requirements.txt"), "{wasted:?}");
        screenshots(&client, "03-layers").await;

        show_panel(&client, "Stages").await;
        count(&client, &testid("stage"), 1).await;

        // The same page for a dark room and for a projector.
        show_panel(&client, "Layers").await;
        client
            .find(fantoccini::Locator::XPath("//button[normalize-space()='Dark theme']"))
            .await
            .expect("the theme button")
            .click()
            .await
            .expect("switching to the dark theme");
        screenshots(&client, "10-dark").await;
        client
            .find(fantoccini::Locator::XPath("//button[normalize-space()='Presenter']"))
            .await
            .expect("the presenter button")
            .click()
            .await
            .expect("presenter mode");
        screenshots(&client, "11-dark-presenter").await;

        // A COPY without a destination: BuildKit's words under the editor, at
        // its line and the word at fault, and a build that does not start says why.
        append_to_file(&client, "Dockerfile", "COPY onlyone\n").await;
        let errors = until("one error in the problems", || async {
            let errors = texts(&client, &format!("{} .problem-message", testid("error"))).await?;
            if errors.len() == 1 {
                Ok(errors)
            } else {
                Err(format!("{errors:?}"))
            }
        })
        .await;
        assert_eq!(
            errors,
            ["COPY requires at least two arguments, but only one was provided. Destination could not be determined"]
        );
        assert_eq!(texts(&client, &format!("{} .problem-at", testid("error"))).await.expect("where"), ["23:6"]);
        build(&client, 2).await;
        let status = one(&client, &testid("status")).await.text().await.expect("status text");
        assert_eq!(status, "Build #2 did not start: fix the errors marked in the editor.");
    })
    .await;
}

#[tokio::test]
async fn an_app_edit_rebuilds_only_the_copy_and_says_why() {
    with_app(|client, _| async move {
        build(&client, 1).await;
        append_to_file(&client, "app.py", "# a change\n").await;
        // Ctrl+Enter builds from the editor (WebDriver's Control and Enter keys), and types nothing.
        let typed = editor_value(&client).await.expect("editor");
        one(&client, &testid("editor")).await.send_keys("\u{E009}\u{E007}").await.expect("pressing Ctrl+Enter");
        count(&client, &testid("build-history"), 2).await;
        assert_eq!(editor_value(&client).await.expect("editor"), typed);

        show_panel(&client, "Cache").await;
        let reasons = until("one missed step with its reason", || async {
            let reasons = texts(&client, &testid("cache-reason")).await?;
            if reasons.len() == 1 {
                Ok(reasons)
            } else {
                Err(format!("{reasons:?}"))
            }
        })
        .await;
        assert!(reasons[0].contains("app.py"), "the reason names the changed file: {reasons:?}");
        // The core marks code with backticks; the panel shows it as code, not as the marks.
        assert!(!reasons[0].contains('`'), "backticks shown as text: {reasons:?}");
        count(&client, &format!("{} code", testid("cache-reason")), 1).await;
        screenshots(&client, "04-cache-after-edit").await;

        show_panel(&client, "Layers").await;
        count(&client, &testid("layer"), 6).await;
        let cached = attrs(&client, &testid("layer"), "data-cached").await.expect("layers");
        assert_eq!(cached, ["false", "true", "true", "true", "true", "base"]);
        // Clicking a layer ties it to its Dockerfile line.
        click(&client, &format!("{}[data-line=\"15\"]", testid("layer"))).await;
        until("line 15 selected in the editor", || async {
            let selected = all(&client, ".code-line.line-selected").await?.len();
            let value = editor_value(&client).await?;
            if selected == 1 && value.contains("FROM python") {
                Ok(())
            } else {
                Err(format!("{selected} selected lines"))
            }
        })
        .await;
        screenshots(&client, "05-layers-after-edit").await;

        // The selected layer's files: pip's packages, as a tree opened on the largest.
        let files = until("the pip layer's files", || async {
            let rows = texts(&client, ".layer-tree [role=treeitem]").await?;
            if rows.len() > 2 {
                Ok(rows)
            } else {
                Err(format!("{rows:?}"))
            }
        })
        .await;
        assert!(files.iter().any(|f| f.contains("site-packages")), "{files:?}");
        client
            .execute("document.querySelector('.layer-detail').scrollIntoView();", vec![])
            .await
            .expect("scrolling to the layer's files");
        screenshots(&client, "05-layer-files").await;
    })
    .await;
}

#[tokio::test]
async fn a_reload_keeps_the_project_and_a_bad_stored_value_is_kept_aside() {
    with_app(|client, _| async move {
        append_to_file(&client, "app.py", "# kept across reloads\n").await;
        until("the project in localStorage", || async {
            let saved = stored(&client, STORAGE_KEY).await.unwrap_or_default();
            if saved.contains("kept across reloads") {
                Ok(())
            } else {
                Err(saved)
            }
        })
        .await;
        client.refresh().await.expect("reloading the page");
        click(&client, &format!("{}[data-path=\"app.py\"]", testid("file-tab"))).await;
        until("the edit after the reload", || async {
            let value = editor_value(&client).await?;
            if value.ends_with("# kept across reloads\n") {
                Ok(())
            } else {
                Err(format!("{value:?}"))
            }
        })
        .await;

        client
            .execute(&format!("localStorage.setItem('{STORAGE_KEY}', '{{\"format\": 1, \"proj');"), vec![])
            .await
            .expect("storing a damaged value");
        client.refresh().await.expect("reloading the page");
        let notice = one(&client, &testid("notice")).await.text().await.expect("notice");
        assert!(notice.contains("could not be read"), "{notice}");
        let kept = client
            .execute(
                "return Object.keys(localStorage).filter(k => k.startsWith('layerlab.project.v1.unreadable.')).map(k => localStorage.getItem(k));",
                vec![],
            )
            .await
            .expect("listing keys");
        assert_eq!(kept, serde_json::json!(["{\"format\": 1, \"proj"]), "the damaged value is kept as it was");
        screenshots(&client, "06-unreadable-notice").await;
        // Work goes on: the next save neither loses the copy nor makes another.
        append_to_file(&client, "app.py", "# after the notice\n").await;
        let kept = client
            .execute("return Object.keys(localStorage).filter(k => k.includes('.unreadable.')).length;", vec![])
            .await
            .expect("listing keys");
        assert_eq!(kept, serde_json::json!(1));
        assert!(stored(&client, STORAGE_KEY).await.is_some_and(|s| s.contains("# after the notice")));
    })
    .await;
}

/// The share link made in a first visit, with the Dockerfile it holds.
async fn share_an_edited_project(client: &Client) -> (String, String) {
    append_to_file(client, "Dockerfile", "LABEL shared=yes\n").await;
    let dockerfile = editor_value(client).await.expect("editor");
    click(client, &testid("share-button")).await;
    let url = until("the share link", || async {
        let url = props(client, &testid("share-url"), "value").await?.join("");
        if url.contains("#v1=") {
            Ok(url)
        } else {
            Err(url)
        }
    })
    .await;
    (url, dockerfile)
}

#[tokio::test]
async fn a_share_link_opens_the_same_project() {
    with_app(|client, _| async move {
        let (url, dockerfile) = share_an_edited_project(&client).await;
        screenshots(&client, "07-share").await;
        // Someone else's browser: nothing stored.
        client.execute("localStorage.clear();", vec![]).await.expect("clearing storage");
        // A fresh load (from another page: only the fragment differs from this
        // page's URL, which the open tab would follow without reloading).
        client.goto("about:blank").await.expect("leaving the app");
        client.goto(&url).await.expect("opening the link");
        until("the shared Dockerfile", || async {
            let value = editor_value(&client).await?;
            if value == dockerfile {
                Ok(())
            } else {
                Err(format!("{value:?}"))
            }
        })
        .await;
        // A shared project opens built.
        count(&client, &testid("build-history"), 1).await;
    })
    .await;
}

#[tokio::test]
async fn embed_mode_is_read_only_without_toolbars() {
    with_app(|client, _| async move {
        let (url, dockerfile) = share_an_edited_project(&client).await;
        let embed = url.replacen('#', "?embed#", 1);
        client.goto(&embed).await.expect("opening the embed link");
        until("the shared Dockerfile, embedded", || async {
            let value = editor_value(&client).await?;
            if value == dockerfile {
                Ok(())
            } else {
                Err(format!("{value:?}"))
            }
        })
        .await;
        assert!(all(&client, &testid("build-button")).await.expect("query").is_empty(), "no toolbar in embed mode");
        assert!(all(&client, &testid("file-tab")).await.expect("query").is_empty(), "no file panel in embed mode");
        let readonly = attrs(&client, &testid("editor"), "readonly").await.expect("editor");
        assert_eq!(readonly.len(), 1);
        assert_ne!(readonly[0], "", "the editor is read-only");
        show_panel(&client, "Layers").await;
        count(&client, &testid("layer"), 6).await;
        screenshots(&client, "08-embed").await;
        // Embedding never touches the viewer's own saved project.
        assert_eq!(stored(&client, STORAGE_KEY).await.map(|s| s.contains("LABEL shared=yes")), Some(true));
    })
    .await;
}

#[tokio::test]
async fn a_lint_fix_applies_with_one_click() {
    with_app(|client, _| async move {
        // Shell form: a shell becomes PID 1 and keeps SIGTERM from the app; the fix is exec form.
        append_to_file(&client, "Dockerfile", "CMD python app.py\n").await;
        let fixes = until("a fix for the shell-form CMD", || async {
            let fixes = all(&client, &testid("fix-button")).await?.len();
            if fixes > 0 {
                Ok(fixes)
            } else {
                Err("no fix button".to_owned())
            }
        })
        .await;
        screenshots(&client, "09-problems").await;
        click(&client, &testid("fix-button")).await;
        until("the fixed Dockerfile", || async {
            let value = editor_value(&client).await?;
            let left = all(&client, &testid("fix-button")).await?.len();
            if !value.contains("CMD python app.py") && left < fixes {
                Ok(())
            } else {
                Err(format!("{left} fixes left; {value:?}"))
            }
        })
        .await;
    })
    .await;
}

#[tokio::test]
async fn two_tabs_never_silently_overwrite_each_other() {
    with_app(|client, url| async move {
        let first = client.window().await.expect("this tab");
        let second = client.new_window(true).await.expect("a second tab").handle;
        client.switch_to_window(second.clone()).await.expect("to the second tab");
        client.goto(&url).await.expect("opening the app again");
        one(&client, &testid("editor")).await;

        // An edit in the first tab shows up in the second, which had nothing unsaved.
        client.switch_to_window(first).await.expect("to the first tab");
        append_to_file(&client, "app.py", "# from the first tab\n").await;
        client.switch_to_window(second).await.expect("to the second tab");
        click(&client, &format!("{}[data-path=\"app.py\"]", testid("file-tab"))).await;
        until("the first tab's edit in the second tab", || async {
            let value = editor_value(&client).await?;
            if value.ends_with("# from the first tab\n") {
                Ok(())
            } else {
                Err(format!("{value:?}"))
            }
        })
        .await;

        // Another tab saves behind this one's back (no event reaches this tab): its next save must not overwrite it.
        client
            .execute(
                &format!(
                    "const r = JSON.parse(localStorage.getItem('{STORAGE_KEY}')); r.tab = 'someone-else'; r.rev += 1; \
                     localStorage.setItem('{STORAGE_KEY}', JSON.stringify(r));"
                ),
                vec![],
            )
            .await
            .expect("saving as another tab");
        append_to_file(&client, "app.py", "# from the second tab\n").await;
        let notice = one(&client, &testid("notice")).await.text().await.expect("notice");
        assert!(notice.contains("Another tab saved"), "{notice}");
        let saved = stored(&client, STORAGE_KEY).await.unwrap_or_default();
        assert!(saved.contains("someone-else") && !saved.contains("from the second tab"), "overwritten: {saved}");
        screenshots(&client, "12-two-tabs-conflict").await;

        // The person chooses: this tab's version is saved, on purpose.
        client
            .find(fantoccini::Locator::XPath("//button[normalize-space()=\"Keep this tab's version\"]"))
            .await
            .expect("the keep button")
            .click()
            .await
            .expect("keeping this tab's version");
        until("this tab's version saved", || async {
            let saved = stored(&client, STORAGE_KEY).await.unwrap_or_default();
            if saved.contains("from the second tab") {
                Ok(())
            } else {
                Err(saved)
            }
        })
        .await;
    })
    .await;
}

#[tokio::test]
async fn a_multi_stage_build_shows_its_stages_and_what_the_target_skips() {
    with_app(|client, _| async move {
        let dockerfile = "FROM alpine:3.20 AS build\nRUN echo hello > /greeting\nFROM alpine:3.20 AS unused\nRUN echo never\nFROM busybox:1.36\nCOPY --from=build /greeting /greeting\nCMD [\"cat\", \"/greeting\"]\n";
        let editor = one(&client, &testid("editor")).await;
        editor.clear().await.expect("clearing the editor");
        editor.send_keys(dockerfile).await.expect("typing the Dockerfile");
        until("the typed Dockerfile", || async {
            let value = editor_value(&client).await?;
            if value == dockerfile {
                Ok(())
            } else {
                Err(format!("{value:?}"))
            }
        })
        .await;
        build(&client, 1).await;
        show_panel(&client, "Stages").await;
        count(&client, &testid("stage"), 3).await;
        let skipped = attrs(&client, &format!("{}.stage-skipped", testid("stage")), "data-name").await.expect("stages");
        assert_eq!(skipped, ["unused"]);
        let copies = texts(&client, ".stage-edge-stage").await.expect("edges");
        assert!(copies.iter().any(|e| e.contains("COPY --from=build")), "{copies:?}");
        screenshots(&client, "13-stages").await;
        show_panel(&client, "Layers").await;
        let groups = texts(&client, ".layers-group-title").await.expect("groups");
        assert!(groups.iter().any(|g| g.to_lowercase().contains("not in the final image")), "{groups:?}");
        // The image's layers are busybox's and the COPY; the builder's steps are listed apart.
        count(&client, &testid("layer"), 2).await;
        count(&client, &testid("build-stage-step"), 2).await;
        screenshots(&client, "14-layers-multi-stage").await;
    })
    .await;
}
