//! Errors and warnings, with their line and column.

use std::rc::Rc;

use layerlab_core::{Analysis, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DiagnosticsProps {
    pub analysis: Rc<Analysis>,
}

#[function_component(Diagnostics)]
pub fn diagnostics(props: &DiagnosticsProps) -> Html {
    let items = props.analysis.diagnostics.iter().map(|d| {
        let severity = d.severity.as_str();
        // Errors and warnings get their own test ids so tests can count errors alone.
        let testid = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        html! {
            <li class={classes!("diagnostic", format!("diagnostic-{severity}"))} data-testid={testid}>
                <span class="diagnostic-location">{ format!("{}:{}", d.start.line, d.start.col) }</span>
                <span class="diagnostic-severity">{ severity }</span>
                <span class="diagnostic-message">{ &d.message }</span>
            </li>
        }
    });

    html! {
        <div class="diagnostics" data-testid="error-list">
            <h2 class="panel-title">{ "Problems" }</h2>
            if props.analysis.diagnostics.is_empty() {
                <p class="panel-empty">{ "No problems found." }</p>
            } else {
                <ul class="diagnostics-items">{ for items }</ul>
            }
        </div>
    }
}
