//! `layerlab-app`: Layerlab's browser front end, a Yew app over `layerlab-core`.
//!
//! One reducer ([`state::State`]) owns the editor text and its analysis; the
//! components under [`components`] only render what it holds.

pub mod components;
pub mod state;
mod storage;

pub use components::app::App;
