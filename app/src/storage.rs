//! The editor text in `localStorage`, so a reload never loses work.
//!
//! Storage can be missing or full (private mode, quota): then the app keeps
//! working from memory, so every failure here is ignored on purpose.

use web_sys::Storage;

/// The `localStorage` key holding the editor text.
pub const KEY: &str = "layerlab.dockerfile";

fn local_storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The saved text, if any was saved.
pub fn load() -> Option<String> {
    local_storage()?.get_item(KEY).ok().flatten()
}

/// Saves `text`; best effort (see the module doc).
pub fn save(text: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(KEY, text);
    }
}
