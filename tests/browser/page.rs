//! Reading and driving the page through its `data-testid` hooks, and saving
//! screenshots of it at a laptop's and a projector's size.

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

use crate::wait::until;

/// The sizes every screenshot is taken at: a common laptop and a projector.
const SIZES: [(u32, u32); 2] = [(1366, 768), (1920, 1080)];

pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

pub async fn all(client: &Client, css: &str) -> Result<Vec<Element>, String> {
    client.find_all(Locator::Css(css)).await.map_err(|e| e.to_string())
}

pub async fn one(client: &Client, css: &str) -> Element {
    until(&format!("an element {css}"), || async {
        let found = all(client, css).await?;
        found.into_iter().next().ok_or_else(|| "none yet".to_owned())
    })
    .await
}

pub async fn click(client: &Client, css: &str) {
    one(client, css).await.click().await.unwrap_or_else(|e| panic!("clicking {css}: {e}"));
}

pub async fn attrs(client: &Client, css: &str, attr: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for element in all(client, css).await? {
        out.push(element.attr(attr).await.map_err(|e| e.to_string())?.unwrap_or_default());
    }
    Ok(out)
}

/// A property of each match (`value` of an input: Yew sets it as a property).
pub async fn props(client: &Client, css: &str, prop: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for element in all(client, css).await? {
        out.push(element.prop(prop).await.map_err(|e| e.to_string())?.unwrap_or_default());
    }
    Ok(out)
}

/// Waits until `css`'s `attr` is `want`.
pub async fn attr_is(client: &Client, css: &str, attr: &str, want: &str) {
    until(&format!("{css} {attr}={want}"), || async {
        let got = attrs(client, css, attr).await?.join("|");
        if got == want {
            Ok(())
        } else {
            Err(got)
        }
    })
    .await;
}

/// Waits until `css`'s `prop` is `want`.
pub async fn prop_is(client: &Client, css: &str, prop: &str, want: &str) {
    until(&format!("{css} {prop}={want}"), || async {
        let got = props(client, css, prop).await?.join("|");
        if got == want {
            Ok(())
        } else {
            Err(got)
        }
    })
    .await;
}

pub async fn texts(client: &Client, css: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for element in all(client, css).await? {
        out.push(element.text().await.map_err(|e| e.to_string())?);
    }
    Ok(out)
}

pub async fn editor_value(client: &Client) -> Result<String, String> {
    let editor = client.find(Locator::Css(&testid("editor"))).await.map_err(|e| e.to_string())?;
    editor.prop("value").await.map_err(|e| e.to_string())?.ok_or_else(|| "no value".into())
}

/// Waits until `css` matches exactly `n` elements.
pub async fn count(client: &Client, css: &str, n: usize) {
    until(&format!("{n} × {css}"), || async {
        let found = all(client, css).await?.len();
        if found == n {
            Ok(())
        } else {
            Err(format!("{found} found"))
        }
    })
    .await
}

/// Opens the file `path` and appends `text` at the end, typed as a person would.
pub async fn append_to_file(client: &Client, path: &str, text: &str) {
    click(client, &format!("{}[data-path=\"{path}\"]", testid("file-tab"))).await;
    until(&format!("{path} in the editor"), || async {
        let label = attrs(client, &testid("editor"), "aria-label").await?.join("");
        if label.starts_with(path) {
            Ok(())
        } else {
            Err(label)
        }
    })
    .await;
    let before = editor_value(client).await.expect("the editor's text");
    let editor = one(client, &testid("editor")).await;
    editor.send_keys(text).await.expect("typing into the editor");
    let want = format!("{before}{text}");
    until("the typed text in the editor", || async {
        let value = editor_value(client).await?;
        if value == want {
            Ok(())
        } else {
            Err(format!("{value:?}"))
        }
    })
    .await;
}

/// Presses Build and waits for build `#n` in the history.
pub async fn build(client: &Client, n: usize) {
    click(client, &testid("build-button")).await;
    count(client, &testid("build-history"), n).await;
}

/// Shows a panel by its tab's title.
pub async fn show_panel(client: &Client, title: &str) {
    let xpath = format!("//button[@role='tab'][normalize-space()='{title}']");
    // The app may still be starting: wait for the tab.
    let tab = until(&format!("the {title} tab"), || async {
        client.find(Locator::XPath(&xpath)).await.map_err(|e| e.to_string())
    })
    .await;
    tab.click().await.unwrap_or_else(|e| panic!("clicking the {title} tab: {e}"));
}

/// Saves `target/screenshots/NAME-WxH.png` at each size, then goes back to the laptop size.
pub async fn screenshots(client: &Client, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&dir).expect("creating target/screenshots");
    for (w, h) in SIZES {
        // The window includes the browser's frame: size it so the page itself is w × h.
        client.set_window_size(w, h).await.expect("resizing the window");
        let frame = client
            .execute("return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];", vec![])
            .await
            .expect("measuring the window's frame");
        let dx = frame[0].as_u64().unwrap_or(0) as u32;
        let dy = frame[1].as_u64().unwrap_or(0) as u32;
        client.set_window_size(w + dx, h + dy).await.expect("resizing the window");
        // Let layout settle after the resize.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let png = client.screenshot().await.expect("taking a screenshot");
        overflow_check(client, &format!("{name}-{w}x{h}")).await;
        std::fs::write(dir.join(format!("{name}-{w}x{h}.png")), png).expect("saving a screenshot");
    }
    client.set_window_size(SIZES[0].0, SIZES[0].1).await.expect("resizing the window");
}

/// Regions that scroll sideways by design, as their kind does elsewhere: the
/// code editor, a lesson's code block (as in any documentation) and the
/// terminal, whose tables (`docker ps`) would lose their columns if wrapped.
/// Everything else wraps.
const SCROLL_SIDEWAYS: &str = ".editor, .md-code, .term-output";

/// Fails when a region that may scroll sideways does, but for those meant
/// to: something in it is wider than the panel, which a reader at that size
/// sees as a clipped line and a stray scroll bar.
async fn overflow_check(client: &Client, shot: &str) {
    let script = format!(
        r#"const out = [];
        for (const el of document.querySelectorAll('*')) {{
          const x = getComputedStyle(el).overflowX;
          if ((x === 'auto' || x === 'scroll') && el.scrollWidth > el.clientWidth + 1 && !el.matches('{SCROLL_SIDEWAYS}')) {{
            const wide = [...el.querySelectorAll('*')].filter(c => c.clientWidth > 0 && c.scrollWidth > c.clientWidth + 1 && getComputedStyle(c).overflowX === 'visible');
            out.push(el.className + ' is ' + el.scrollWidth + 'px wide in ' + el.clientWidth + 'px' + (wide.length ? ', widened by ' + wide[wide.length - 1].className : ''));
          }}
        }}
        return out;"#
    );
    let found = client.execute(&script, vec![]).await.expect("measuring overflow");
    let found: Vec<&str> = found.as_array().map(|a| a.iter().filter_map(|v| v.as_str()).collect()).unwrap_or_default();
    assert!(found.is_empty(), "{shot}: a panel scrolls sideways: {found:?}");
}
