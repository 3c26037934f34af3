//! Browser end-to-end tests: the Trunk-built `dist/` in headless Chromium.
//!
//! Needs `dist/` (from `trunk build`), Chromium and chromedriver; `cargo
//! xtask test` provides all three and passes their paths in `LAYERLAB_*`.

mod browser;
mod server;
mod wait;

use std::future::Future;
use std::path::PathBuf;

use fantoccini::{Client, Locator};
use wait::until;

use browser::Browser;

const EDITOR: &str = "[data-testid=editor]";
const INSTRUCTION: &str = "[data-testid=instruction]";
const ERROR: &str = "[data-testid=error]";
const STATUS: &str = "[data-testid=status]";
const STORAGE_KEY: &str = "layerlab.dockerfile";

/// Serves `dist/`, opens the app in a fresh browser, runs `body`, and always
/// closes the session (a panic in `body` is re-raised after cleanup).
async fn with_app<F, Fut>(body: F)
where
    F: FnOnce(Client, String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let url = server::serve(dist());
    let (browser, client) = Browser::start().await;
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

async fn editor_value(client: &Client) -> Result<String, String> {
    let editor = client.find(Locator::Css(EDITOR)).await.map_err(|e| e.to_string())?;
    editor.prop("value").await.map_err(|e| e.to_string())?.ok_or_else(|| "no value".into())
}

async fn texts(client: &Client, css: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for element in client.find_all(Locator::Css(css)).await.map_err(|e| e.to_string())? {
        out.push(element.text().await.map_err(|e| e.to_string())?);
    }
    Ok(out)
}

/// Replaces the editor's text by typing, as a user would.
async fn type_into_editor(client: &Client, text: &str) {
    let editor =
        until("the editor", || async { client.find(Locator::Css(EDITOR)).await.map_err(|e| e.to_string()) }).await;
    editor.clear().await.expect("clearing the editor");
    editor.send_keys(text).await.expect("typing into the editor");
    until("the typed text in the editor", || async {
        let value = editor_value(client).await?;
        if value == text {
            Ok(())
        } else {
            Err(format!("{value:?}"))
        }
    })
    .await;
}

#[tokio::test]
async fn typing_updates_instructions_and_errors() {
    with_app(|client, _| async move {
        type_into_editor(&client, "FROM alpine:3.20 AS base\nRUN echo hi\nCOPY onlyone\n").await;

        until("3 instructions", || async {
            let items = texts(&client, INSTRUCTION).await?;
            let status = texts(&client, STATUS).await?.join("");
            if items.len() == 3 {
                Ok(())
            } else {
                Err(format!("{} instructions {items:?}; status {status:?}", items.len()))
            }
        })
        .await;
        until("an error on line 3", || async {
            let errors = texts(&client, ERROR).await?;
            if errors.iter().any(|e| e.starts_with("3:")) {
                Ok(())
            } else {
                Err(format!("errors {errors:?}"))
            }
        })
        .await;
        until("the status line", || async {
            let status = texts(&client, STATUS).await?.join("");
            if status.starts_with("3 instructions") {
                Ok(())
            } else {
                Err(format!("{status:?}"))
            }
        })
        .await;
    })
    .await;
}

#[tokio::test]
async fn text_survives_a_reload() {
    with_app(|client, _| async move {
        let typed = "FROM busybox\nRUN echo kept across reloads\n";
        type_into_editor(&client, typed).await;
        until("the text in localStorage", || async {
            let script = format!("return localStorage.getItem('{STORAGE_KEY}');");
            let saved = client.execute(&script, vec![]).await.map_err(|e| e.to_string())?;
            if saved.as_str() == Some(typed) {
                Ok(())
            } else {
                Err(format!("{saved}"))
            }
        })
        .await;

        client.refresh().await.expect("reloading the page");
        until("the typed text after the reload", || async {
            let value = editor_value(&client).await?;
            if value == typed {
                Ok(())
            } else {
                Err(format!("{value:?}"))
            }
        })
        .await;
    })
    .await;
}
