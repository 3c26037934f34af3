//! The app's components, one per file, each with its Props and a stylesheet
//! of the same name under `static/`.

pub mod app;
pub mod build_log;
pub mod cache;
pub mod editor;
pub mod files;
pub mod header;
pub mod layer_files;
pub mod layers;
pub mod notices;
pub mod panels;
pub mod problems;
pub mod stages;
pub mod status_bar;
