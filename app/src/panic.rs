//! What a crash looks like: a readable message over the page, the project's
//! Dockerfile ready to copy, and the reassurance that the work is saved
//! (every change is saved before it is analysed, see `components::app`).

use std::fmt::Write;

use wasm_bindgen::JsCast;

/// Installs the hook; call once, before the first render.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
        show(&info.to_string());
    }));
}

fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = document.body() else { return };
    let Ok(panel) = document.create_element("section") else { return };
    panel.set_class_name("crash");
    let _ = panel.set_attribute("role", "alert");
    let _ = panel.set_attribute("data-testid", "crash");
    let mut text = String::new();
    let _ = write!(
        text,
        "Layerlab stopped because of a bug — not because of anything you typed.\n\n\
         Your project is saved in this browser: reload the page to carry on.\n\n\
         What went wrong (for a bug report): {message}"
    );
    let heading = document.create_element("h2").ok();
    if let Some(h) = &heading {
        h.set_text_content(Some("Something went wrong"));
        let _ = panel.append_child(h);
    }
    if let Ok(p) = document.create_element("p") {
        p.set_text_content(Some(&text));
        let _ = panel.append_child(&p);
    }
    if let Some(project) = crate::storage::last_saved() {
        if let Ok(area) = document.create_element("textarea") {
            let _ = area.set_attribute("aria-label", "Your Dockerfile, to copy");
            let _ = area.set_attribute("readonly", "");
            if let Some(area) = area.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                area.set_value(project.dockerfile());
            }
            let _ = panel.append_child(&area);
        }
    }
    let _ = body.append_child(&panel);
}
