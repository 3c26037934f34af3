//! The app's components, one per file, each with its Props and a stylesheet
//! of the same name under `static/`.

pub mod app;
pub mod diagnostics;
pub mod editor;
pub mod instruction_list;
pub mod status_bar;
