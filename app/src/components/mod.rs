//! The app's components, one per file, each with its Props and a stylesheet
//! of the same name under `static/`.

pub mod app;
pub mod build_log;
pub mod cache;
pub mod compose_graph;
pub mod drill;
pub mod editor;
pub mod exercise;
pub mod files;
pub mod goal_editor;
pub mod grade;
pub mod header;
pub mod interview;
pub mod layer_files;
pub mod layers;
pub mod lesson;
pub mod lesson_index;
pub mod markdown;
pub mod namespaces;
pub mod notices;
pub mod panels;
pub mod problems;
pub mod review;
pub mod run_compare;
pub mod run_panel;
pub mod run_story;
pub mod runnable;
pub mod sheet;
pub mod stages;
pub mod status_bar;
pub mod terminal_panel;
pub mod worksheet_editor;

use yew::{Callback, MouseEvent};

/// The pair of handlers that tie a row to its Dockerfile line: entering
/// highlights the line, leaving clears it.
pub fn hover_line(on_hover: &Callback<Option<usize>>, line: usize) -> (Callback<MouseEvent>, Callback<MouseEvent>) {
    let (enter, leave) = (on_hover.clone(), on_hover.clone());
    (Callback::from(move |_: MouseEvent| enter.emit(Some(line))), Callback::from(move |_: MouseEvent| leave.emit(None)))
}
