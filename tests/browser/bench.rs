//! The browser benchmark: measures the page in real Chromium and writes
//! `target/bench/browser.md`. It reports, it does not judge: timings depend
//! on the machine and on whether `dist/` is a release build (`cargo xtask
//! test` makes one), so nothing here fails on a slow number.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use fantoccini::Client;
use serde_json::Value;

use crate::page::{attrs, click, one, testid};
use crate::{dist, with_app};

/// A Dockerfile of about `lines` lines over five stages.
fn long_dockerfile(lines: usize) -> String {
    let mut text = String::new();
    for stage in 0..5 {
        text.push_str(&format!("FROM alpine:3.20 AS s{stage}\nWORKDIR /work\n"));
        for i in 0..lines / 5 - 2 {
            text.push_str(&format!("RUN echo step {stage}.{i} > /work/f{i}\n"));
        }
    }
    text
}

/// Milliseconds from an input event on the editor to the next frame.
const KEYSTROKE: &str = r#"
const done = arguments[arguments.length - 1];
const area = document.querySelector('[data-testid="editor"]');
const t0 = performance.now();
area.value = area.value + arguments[0];
area.dispatchEvent(new Event('input', { bubbles: true }));
requestAnimationFrame(() => done(performance.now() - t0));
"#;

/// Milliseconds from a click on Build to the next frame.
const BUILD: &str = r#"
const done = arguments[arguments.length - 1];
const t0 = performance.now();
document.querySelector('[data-testid="build-button"]').click();
requestAnimationFrame(() => done(performance.now() - t0));
"#;

async fn ms(client: &Client, script: &str, args: Vec<Value>) -> f64 {
    client.execute_async(script, args).await.expect("running a measurement").as_f64().unwrap_or(f64::NAN)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs.get(xs.len() / 2).copied().unwrap_or(f64::NAN)
}

fn wasm_sizes() -> (u64, u64) {
    let wasm = std::fs::read_dir(dist())
        .expect("reading dist/")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "wasm"))
        .expect("a .wasm in dist/");
    let bytes = std::fs::read(&wasm).expect("reading the wasm");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes).expect("gzipping");
    (bytes.len() as u64, gz.finish().expect("gzipping").len() as u64)
}

#[tokio::test]
async fn browser_benchmark_report() {
    with_app(|client, _| async move {
        one(&client, &testid("editor")).await;
        let first_render = client
            .execute("return performance.getEntriesByName('layerlab-first-render')[0].startTime;", vec![])
            .await
            .expect("reading the first-render mark")
            .as_f64()
            .unwrap_or(f64::NAN);

        // Keystrokes in a 200-line Dockerfile.
        let text = long_dockerfile(200);
        client
            .execute(
                "const a = document.querySelector('[data-testid=\"editor\"]'); a.value = arguments[0]; \
                 a.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![Value::String(text)],
            )
            .await
            .expect("loading a 200-line Dockerfile");
        tokio::time::sleep(Duration::from_millis(200)).await;
        let mut keystrokes = Vec::new();
        for _ in 0..15 {
            keystrokes.push(ms(&client, KEYSTROKE, vec![Value::String("#".into())]).await);
        }

        // A build of each example.
        let names = attrs(&client, &testid("example"), "data-name").await.expect("examples");
        let mut builds = Vec::new();
        for name in &names {
            click(&client, ".header-examples > summary").await;
            click(&client, &format!("{}[data-name=\"{name}\"]", testid("example"))).await;
            tokio::time::sleep(Duration::from_millis(100)).await;
            builds.push((name.clone(), ms(&client, BUILD, vec![]).await));
        }

        let (raw, gzipped) = wasm_sizes();
        let mut report = String::from("# Browser benchmark\n\n");
        report.push_str(
            "Budgets are for a release build (`cargo xtask test` makes one); a debug `trunk build` is slower and larger.\n\n",
        );
        report.push_str(&format!("dist: `{}`\n\n| measure | value | budget |\n|---|---|---|\n", dist().display()));
        report.push_str(&format!(
            "| first render (navigation start to first render) | {first_render:.0} ms | 1000 ms |\n"
        ));
        report.push_str(&format!(
            "| keystroke in a 200-line Dockerfile to the next frame (median of {}) | {:.1} ms | 16 ms |\n",
            keystrokes.len(),
            median(keystrokes.clone())
        ));
        for (name, t) in &builds {
            report.push_str(&format!("| build of the {name} example to the next frame | {t:.1} ms | 50 ms |\n"));
        }
        report.push_str(&format!("| wasm, gzipped (raw {} KB) | {} KB | 600 KB |\n", raw / 1024, gzipped / 1024));
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
        std::fs::create_dir_all(&dir).expect("creating target/bench");
        std::fs::write(dir.join("browser.md"), &report).expect("writing the report");
        println!("{report}");

        assert!(first_render.is_finite() && first_render > 0.0, "the first-render mark was not set");
        assert!(keystrokes.iter().all(|t| t.is_finite()), "{keystrokes:?}");
        assert_eq!(builds.len(), names.len());
    })
    .await;
}
