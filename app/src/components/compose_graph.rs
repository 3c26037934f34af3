//! The Compose panel: the project's `compose.yaml` as a service graph —
//! one box per service (image, ports, each container's state and health as
//! the terminal's daemon has it now), `depends_on` edges labelled with their
//! condition, and the project's networks and volumes — so `docker compose
//! up -d` in the terminal lights the boxes up. Dependencies stand to the
//! left of what depends on them.

use yew::prelude::*;

use crate::components::runnable::RunnableCode;
use crate::state::Shared;
use layerlab_core::compose::view::{ComposeGraph, ServiceNode};

/// The box grid (pixels): a box's size and the gaps between columns and rows.
const BOX_W: i32 = 230;
const BOX_H: i32 = 124;
const GAP_X: i32 = 110;
const GAP_Y: i32 = 28;

#[derive(Properties, PartialEq)]
pub struct ComposeGraphProps {
    /// `None`: the project has no Compose file; `Err`: the file's error.
    pub graph: Option<Shared<Result<ComposeGraph, String>>>,
}

/// Where each service's box goes: its column is its depth, its row its
/// place among the services of that depth.
fn layout(services: &[ServiceNode]) -> Vec<(i32, i32)> {
    let mut rows_used: Vec<i32> = Vec::new();
    services
        .iter()
        .map(|s| {
            if rows_used.len() <= s.depth {
                rows_used.resize(s.depth + 1, 0);
            }
            let row = rows_used[s.depth];
            rows_used[s.depth] += 1;
            (s.depth as i32 * (BOX_W + GAP_X), row * (BOX_H + GAP_Y))
        })
        .collect()
}

/// The words and class a container's state shows with.
fn state_of(s: &ServiceNode) -> (String, &'static str) {
    let Some(c) = s.containers.first() else { return ("not created".into(), "none") };
    let class = match (c.state.as_str(), c.health.as_deref()) {
        ("running", Some("unhealthy")) => "bad",
        ("running", Some("starting")) => "wait",
        ("running", _) => "up",
        ("exited", _) if c.exit_code == 0 => "done",
        ("exited" | "dead", _) => "bad",
        _ => "none",
    };
    let mut text = c.state.clone();
    if let Some(h) = &c.health {
        text.push_str(&format!(" · {h}"));
    }
    if c.state == "exited" {
        text.push_str(&format!(" ({})", c.exit_code));
    }
    (text, class)
}

#[function_component(ComposeGraphPanel)]
pub fn compose_graph(props: &ComposeGraphProps) -> Html {
    let graph = match props.graph.as_ref().map(|g| &*g.0) {
        None => {
            return html! {
                <div class="compose-empty">
                    <p>{ "No compose.yaml in this project. Open the gallery's Compose example to see a web app, its database and its cache as a graph." }</p>
                </div>
            }
        }
        Some(Err(message)) => {
            return html! {
                <div class="compose-empty" data-testid="compose-error">
                    <p>{ "compose.yaml does not load:" }</p>
                    <pre class="compose-error">{ message }</pre>
                </div>
            }
        }
        Some(Ok(graph)) => graph,
    };
    let places = layout(&graph.services);
    let width = places.iter().map(|p| p.0 + BOX_W).max().unwrap_or(BOX_W) + 8;
    let height = places.iter().map(|p| p.1 + BOX_H).max().unwrap_or(BOX_H) + 8;
    let place_of = |name: &str| graph.services.iter().position(|s| s.name == name).map(|i| places[i]);

    let edges = graph.edges.iter().filter_map(|e| {
        let (from, to) = (place_of(&e.from)?, place_of(&e.to)?);
        // From the dependant's left side to the dependency's right side.
        let (x1, y1) = (from.0, from.1 + BOX_H / 2);
        let (x2, y2) = (to.0 + BOX_W, to.1 + BOX_H / 2);
        let label = e.condition.trim_start_matches("service_").replace('_', " ");
        let class = format!("compose-edge compose-edge-{}", e.condition.trim_start_matches("service_"));
        Some(html! {
            <g class={class} data-testid="compose-edge" data-from={e.from.clone()} data-to={e.to.clone()}>
                <line x1={x1.to_string()} y1={y1.to_string()} x2={(x2 + 6).to_string()} y2={y2.to_string()} marker-end="url(#compose-arrow)" />
                <text x={((x1 + x2) / 2).to_string()} y={((y1 + y2) / 2 - 6).to_string()} text-anchor="middle">{ label }</text>
            </g>
        })
    });

    let boxes = graph.services.iter().zip(&places).map(|(s, (x, y))| {
        let (state, class) = state_of(s);
        let style = format!("left:{x}px;top:{y}px;width:{BOX_W}px;height:{BOX_H}px");
        html! {
            <div class={classes!("compose-service", format!("compose-{class}"))} {style}
                data-testid="compose-service" data-service={s.name.clone()}>
                <div class="compose-service-head">
                    <span class="compose-dot" aria-hidden="true"></span>
                    <strong>{ &s.name }</strong>
                    if s.healthcheck { <span class="compose-tag" title="has a health check">{ "♥ check" }</span> }
                </div>
                <div class="compose-image" title={s.image.clone()}>
                    { if s.built { format!("build → {}", s.image) } else { s.image.clone() } }
                </div>
                if !s.ports.is_empty() {
                    <div class="compose-ports">{ s.ports.join(", ") }</div>
                }
                <div class="compose-state" data-testid="compose-state">{ state }</div>
            </div>
        }
    });

    let resources = graph
        .networks
        .iter()
        .map(|n| ("network", n))
        .chain(graph.volumes.iter().map(|v| ("volume", v)))
        .map(|(kind, r)| {
            html! {
                <li class={classes!("compose-resource", r.exists.then_some("compose-exists"))} data-testid="compose-resource">
                    <span class="compose-kind">{ kind }</span>
                    <code>{ &r.name }</code>
                    <span class="compose-exists-text">{ if r.exists { "created" } else { "not created" } }</span>
                </li>
            }
        });

    html! {
        <div class="compose" data-testid="compose-graph">
            <div class="compose-bar">
                <span>{ "Project " }<code>{ &graph.project }</code></span>
                <RunnableCode command={"docker compose up -d"} />
                <RunnableCode command={"docker compose ps"} />
                <RunnableCode command={"docker compose down"} />
            </div>
            <div class="compose-canvas" style={format!("width:{width}px;height:{height}px")}>
                <svg class="compose-edges" width={width.to_string()} height={height.to_string()} aria-hidden="true">
                    <defs>
                        <marker id="compose-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M 0 0 L 10 5 L 0 10 z" />
                        </marker>
                    </defs>
                    { for edges }
                </svg>
                { for boxes }
            </div>
            <ul class="compose-resources" aria-label="Networks and volumes">{ for resources }</ul>
            <p class="compose-legend">{ "An arrow points from a service to what it waits for: started, healthy (its health check passed) or completed successfully (it exited 0)." }</p>
        </div>
    }
}
