//! The run panel's lower half: the container's overlay mount drawn as a
//! stack (volumes and binds on top, the writable layer, Docker's init layer,
//! the image's layers down to the base, each with the instruction that made
//! it) and the story of the start as a stepper, from the CLI through
//! dockerd, containerd, the shim and runc to the process, one step at a time.

use layerlab_core::engine::containers::{MountKind, OverlayStack, Step};
use layerlab_core::units::human_size;
use yew::prelude::*;

use crate::components::runnable::rich_text;

#[derive(Properties, PartialEq)]
pub struct OverlayProps {
    pub overlay: OverlayStack,
}

#[function_component(Overlay)]
pub fn overlay(props: &OverlayProps) -> Html {
    let o = &props.overlay;
    let mounts = o.mounts.iter().map(|m| {
        let what = match m.kind {
            MountKind::Volume if m.anonymous => "anonymous volume".to_owned(),
            MountKind::Volume => format!("volume {}", m.name.clone().unwrap_or_default()),
            MountKind::Bind => "bind mount".to_owned(),
            MountKind::Tmpfs => "tmpfs".to_owned(),
        };
        html! {
            <li class="ov-row ov-mount">
                <code class="ov-path">{ &m.destination }</code>
                <span class="ov-what">{ format!("{what}{}", if m.rw { "" } else { ", read-only" }) }</span>
                <code class="ov-source">{ &m.source }</code>
            </li>
        }
    });
    let layers = o.lowerdirs.iter().rev().map(|l| {
        let (class, what) = match &l.digest {
            None => ("ov-init", "Docker's init layer: /etc/hosts, /etc/resolv.conf, /etc/hostname".to_owned()),
            Some(_) => ("ov-layer", l.created_by.clone()),
        };
        html! {
            <li class={classes!("ov-row", class)} data-testid="mount-layer" title={l.path.clone()}>
                <span class="ov-what">{ what }</span>
                <span class="ov-size">{ if l.digest.is_some() { human_size(l.size) } else { String::new() } }</span>
            </li>
        }
    });
    html! {
        <div class="ov">
            <p class="ov-merged">{ "The container sees " }<code>{ &o.merged }</code>{ " as / — the layers below, merged, top wins:" }</p>
            <ol class="ov-stack">
                { for mounts }
                <li class="ov-row ov-upper">
                    <span class="ov-what">{ "the container's writable layer (upperdir): every write lands here" }</span>
                    <code class="ov-source">{ &o.upperdir }</code>
                </li>
                { for layers }
            </ol>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct StoryProps {
    pub steps: Vec<Step>,
}

/// One step at a time; the steps ahead stay visible, dimmed.
#[function_component(Story)]
pub fn story(props: &StoryProps) -> Html {
    let current = use_state(|| 0usize);
    let n = props.steps.len();
    let at = (*current).min(n.saturating_sub(1));
    let go = |to: usize| {
        let current = current.clone();
        Callback::from(move |_: MouseEvent| current.set(to))
    };
    let steps = props.steps.iter().enumerate().map(|(i, step)| {
        let state = match i.cmp(&at) {
            std::cmp::Ordering::Less => "done",
            std::cmp::Ordering::Equal => "current",
            std::cmp::Ordering::Greater => "ahead",
        };
        let onclick = go(i);
        html! {
            <li class={classes!("story-step", format!("story-{state}"))} data-testid="story-step"
                aria-current={(i == at).then_some("step")}>
                <button class="story-pick" {onclick} aria-label={format!("Step {} of {n}", i + 1)}>{ i + 1 }</button>
                <div class="story-text">
                    <p class="story-action"><strong class="story-actor">{ &step.actor }</strong>{ " " }{ rich_text(&step.action) }</p>
                    if i <= at {
                        <p class="story-effect">{ rich_text(&step.effect) }</p>
                    }
                </div>
            </li>
        }
    });
    html! {
        <div class="story">
            <div class="story-controls">
                <button class="story-button" disabled={at == 0} onclick={go(at.saturating_sub(1))}>{ "← Back" }</button>
                <span class="story-count" aria-live="polite">{ format!("Step {} of {n}", at + 1) }</span>
                <button class="story-button" disabled={at + 1 >= n} onclick={go((at + 1).min(n.saturating_sub(1)))}>{ "Next →" }</button>
                <button class="story-button" disabled={at + 1 >= n} onclick={go(n.saturating_sub(1))}>{ "All" }</button>
            </div>
            <ol class="story-list">{ for steps }</ol>
        </div>
    }
}
