//! The first state: a share link, else the project saved in this browser,
//! else the first example — with a notice for anything that did not open.

use std::rc::Rc;

use web_sys::window;
use yew::UseReducerDispatcher;

use crate::examples;
use crate::project::Project;
use crate::share::{self, Link};
use crate::state::{Action, LessonAction, Notice, Panel, Screen, State};
use crate::storage::{self, Loaded, Saved, TerminalLoaded};
use crate::worksheet::Worksheet;
use layerlab_core::playground::Playground;
use yew::Reducible;

/// The page's location: `(query, hash)`.
fn location() -> (String, String) {
    let Some(location) = window().map(|w| w.location()) else { return (String::new(), String::new()) };
    (location.search().unwrap_or_default(), location.hash().unwrap_or_default())
}

/// Whether the person prefers a dark page.
fn prefers_dark() -> bool {
    window().and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten()).is_some_and(|m| m.matches())
}

const UI_KEY: &str = "layerlab.ui.v1";

/// The theme and presenter mode chosen last time (`dark`, `light`, `+presenter`).
fn ui_prefs() -> Option<String> {
    window()?.local_storage().ok().flatten()?.get_item(UI_KEY).ok().flatten()
}

pub fn save_ui_prefs(dark: bool, presenter: bool) {
    let value = format!("{}{}", if dark { "dark" } else { "light" }, if presenter { "+presenter" } else { "" });
    if let Some(storage) = window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(UI_KEY, &value);
    }
}

pub fn init() -> State {
    let (query, hash) = location();
    let link = share::parse(&query, &hash);
    let mut notices = Vec::new();
    let stored = if link.embed { None } else { Some(storage::load()) };
    let stored_project = match stored {
        Some(Loaded::Project(project)) => Some(project),
        Some(Loaded::Unreadable { reason, kept_at }) => {
            notices.push(Notice::Unreadable { reason, kept_at });
            None
        }
        Some(Loaded::Nothing) | None => None,
    };
    let (project, from_link) = match &link.project {
        Some(Ok(shared)) => (shared.clone(), true),
        Some(Err(error)) => {
            notices.push(Notice::BadLink(error.to_string()));
            (stored_project.clone().unwrap_or_else(|| examples::first().project()), false)
        }
        None => (stored_project.clone().unwrap_or_else(|| examples::first().project()), false),
    };
    if from_link && !link.embed {
        if let Some(previous) = stored_project.filter(|p| *p != project) {
            if storage::keep_previous(&previous) {
                notices.push(Notice::Replaced { what: "a shared link".into() });
            }
        }
        if storage::save_over(&project) == Saved::Unavailable {
            notices.push(Notice::NotSaved);
        }
        clear_hash();
    }
    let mut state = State::new(project);
    if !link.embed {
        let restored = std::cell::RefCell::new(None);
        let loaded = storage::load_terminal(|stored| {
            let playground =
                Playground::restore(&stored.journal).map_err(|e| format!("its journal does not replay ({e})"))?;
            *restored.borrow_mut() = Some(playground);
            Ok(())
        });
        match (loaded, restored.into_inner()) {
            (TerminalLoaded::Terminal(stored), Some(playground)) => state = state.with_terminal(playground, stored),
            (TerminalLoaded::Unreadable { reason, kept_at }, _) => {
                notices.push(Notice::TerminalUnreadable { reason, kept_at })
            }
            _ => {}
        }
    }
    if !link.embed {
        let (progress, unreadable) = crate::progress::load();
        let mut course = (*state.course).clone();
        course.progress = progress;
        course.draft = std::rc::Rc::new(crate::worksheet::load_draft());
        // A teacher's worksheet opens over everything, with the work kept for
        // it; the link stays in the address bar, so a reload opens it again.
        let mut sheet_status = None;
        if let Some(sheet) = link_sheet(&link) {
            let (open, unreadable) = crate::sheet_work::open(sheet);
            course = course.reduce(open).unwrap_or(course);
            sheet_status = unreadable;
        }
        state.course = crate::state::Shared(std::rc::Rc::new(course));
        if let Some(why) = sheet_status {
            state.status = why;
        }
        if let Some(why) = unreadable {
            // Never a crash: the course starts fresh and the old value is kept aside.
            state.status = format!(
                "Your saved lesson progress could not be read ({why}); it was kept under {} and progress starts fresh.",
                crate::progress::UNREADABLE_KEY
            );
        }
    }
    state.embed = link.embed;
    state.notices = notices;
    let prefs = ui_prefs();
    state.dark = prefs.as_deref().map_or_else(prefers_dark, |p| p.starts_with("dark"));
    state.presenter = prefs.as_deref().is_some_and(|p| p.ends_with("+presenter")) && !link.embed;
    if from_link {
        state.status = "Opened the shared project.".into();
        open_link_view(state, &link)
    } else {
        state
    }
}

/// The worksheet a link names, read (or why it does not open).
fn link_sheet(link: &Link) -> Option<Result<Rc<Worksheet>, String>> {
    let sheet = link.worksheet.clone()?;
    Some(sheet.map_err(|e| e.to_string()).and_then(|json| crate::worksheet::read(&json)).map(Rc::new))
}

/// The address's fragment changed in an open tab (a second link pasted, or
/// Back): open what it names as a fresh load would. The caller has saved
/// the current work first; a project it replaces is kept aside, as at boot.
pub fn follow_hash(dispatcher: &UseReducerDispatcher<State>) {
    let (query, hash) = location();
    let link = share::parse(&query, &hash);
    if link.embed {
        return;
    }
    if let Some(sheet) = link_sheet(&link) {
        let (open, unreadable) = crate::sheet_work::open(sheet);
        dispatcher.dispatch(Action::Lesson(open));
        if let Some(why) = unreadable {
            dispatcher.dispatch(Action::Status(why));
        }
        return;
    }
    match link.project {
        Some(Ok(project)) => {
            if let Some(previous) = storage::last_saved().filter(|p| *p != project) {
                if storage::keep_previous(&previous) {
                    dispatcher.dispatch(Action::Notice(Notice::Replaced { what: "a shared link".into() }));
                }
            }
            if storage::save_over(&project) == Saved::Unavailable {
                dispatcher.dispatch(Action::Notice(Notice::NotSaved));
            }
            clear_hash();
            dispatcher.dispatch(Action::Lesson(LessonAction::Show(Screen::Playground)));
            dispatcher.dispatch(Action::SetProject { project, status: "Opened the shared project.".into() });
            dispatcher.dispatch(Action::Build);
            if let Some(panel) = link.panel.as_deref().and_then(Panel::from_id) {
                dispatcher.dispatch(Action::ShowPanel(panel));
            }
            if let Some(layer) = link.layer {
                dispatcher.dispatch(Action::SelectLayer(Some(layer)));
            }
        }
        Some(Err(error)) => dispatcher.dispatch(Action::Notice(Notice::BadLink(error.to_string()))),
        None => {}
    }
}

/// A shared project opens built, at the panel and layer the link names.
fn open_link_view(state: State, link: &Link) -> State {
    let mut state = std::rc::Rc::new(state).reduce(Action::Build);
    if let Some(panel) = link.panel.as_deref().and_then(Panel::from_id) {
        state = state.reduce(Action::ShowPanel(panel));
    }
    if let Some(layer) = link.layer {
        state = state.reduce(Action::SelectLayer(Some(layer)));
    }
    std::rc::Rc::try_unwrap(state).unwrap_or_else(|rc| {
        // Unreachable in practice (no other owner); rebuild rather than panic.
        let mut s = State::new((*rc.project).clone());
        s.embed = rc.embed;
        s
    })
}

/// The link's data is in storage now: a reload must not reopen the link over later edits.
fn clear_hash() {
    let Some(window) = window() else { return };
    let (Ok(path), Ok(search), Ok(history)) =
        (window.location().pathname(), window.location().search(), window.history())
    else {
        return;
    };
    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{search}")));
}

/// A URL that opens `project` (with `extra` options) from this page.
pub fn share_url(project: &Project, extra: &[(&str, String)]) -> String {
    format!("{}#{}", page_url(), share::fragment(project, extra))
}

/// This page's address without query or fragment.
pub fn page_url() -> String {
    window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default()
}
