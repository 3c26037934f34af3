//! `layerlab-app`: Layerlab's browser playground, a Yew app over `layerlab-core`.
//!
//! One reducer ([`state::State`]) owns the project, its analysis and the
//! build history; [`model`] turns the core's results into what the panels
//! draw; the components under [`components`] only render and dispatch.

mod boot;
pub mod components;
pub mod diff;
pub mod examples;
pub mod goal_params;
pub mod highlight;
pub mod inline;
pub mod model;
pub mod panic;
pub mod progress;
pub mod project;
pub mod share;
pub mod sheet_work;
pub mod state;
pub mod storage;
#[cfg(test)]
mod stylesheets;
pub mod terminal;
pub mod worksheet;

pub use components::app::App;
