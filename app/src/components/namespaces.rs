//! A container's namespaces drawn as boxes, each with what it holds
//! (processes, interfaces and routes, mounts, the hostname, …) and whose it
//! is (the container's own, or shared with the host or another container),
//! then its cgroup limits read as a person would say them. Used by the run
//! panel's dry run and by the terminal's containers alike.

use layerlab_core::engine::containers::cgroups::CgroupFile;
use layerlab_core::engine::containers::namespaces::{Contents, MountEntry, Namespace, Owner};
use layerlab_core::units::human_size;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NamespacesProps {
    pub namespaces: Vec<Namespace>,
}

#[function_component(Namespaces)]
pub fn namespaces(props: &NamespacesProps) -> Html {
    let boxes = props.namespaces.iter().map(|ns| {
        let kind = ns.kind.as_str();
        let (owner, whose) = match &ns.owner {
            Owner::Own => ("its own".to_owned(), "own"),
            Owner::Host => ("shared with the host".to_owned(), "host"),
            Owner::Container(name) => (format!("shared with {name}"), "container"),
        };
        let class = classes!("ns", (whose != "own").then_some("ns-shared"), (whose == "host").then_some("ns-host"));
        html! {
            <section {class} data-testid="namespace" data-kind={kind} data-owner={whose}
                aria-label={format!("{kind} namespace, {owner}")}>
                <header class="ns-head">
                    <span class="ns-kind">{ kind }</span>
                    <span class="ns-owner">{ owner }</span>
                </header>
                <div class="ns-body">{ contents(&ns.contents) }</div>
            </section>
        }
    });
    html! { <div class="ns-grid">{ for boxes }</div> }
}

fn contents(contents: &Contents) -> Html {
    match contents {
        Contents::Pid { processes } => {
            // The host PID column only where it says something the PID does not.
            let host_column = processes.iter().any(|p| p.host_pid.is_some_and(|h| h != p.pid));
            html! {
                <table class="ns-table">
                    <thead><tr>
                        <th>{ "PID" }</th>
                        if host_column { <th title="the same process's PID on the host">{ "host PID" }</th> }
                        <th>{ "PPID" }</th><th>{ "command" }</th>
                    </tr></thead>
                    <tbody>
                        { for processes.iter().map(|p| html! {
                            <tr>
                                <td>{ p.pid }</td>
                                if host_column { <td>{ p.host_pid.map(|h| h.to_string()).unwrap_or_default() }</td> }
                                <td>{ p.ppid }</td><td><code>{ &p.command }</code></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        }
        Contents::Net { interfaces, routes, nameserver, nat_rules } => html! { <>
            <ul class="ns-list">
                { for interfaces.iter().map(|i| html! {
                    <li><code>{ &i.name }</code>{ " " }<span class="ns-soft">{ i.address.clone().unwrap_or_else(|| "no address".into()) }</span></li>
                }) }
            </ul>
            if !routes.is_empty() {
                <p class="ns-sub">{ "routes" }</p>
                <ul class="ns-list">{ for routes.iter().map(|r| html! { <li><code>{ r }</code></li> }) }</ul>
            }
            <p class="ns-line"><span class="ns-soft">{ "nameserver " }</span><code>{ nameserver }</code></p>
            if !nat_rules.is_empty() {
                <p class="ns-sub">{ "NAT on the host" }</p>
                <ul class="ns-list">{ for nat_rules.iter().map(|r| html! { <li><code>{ r }</code></li> }) }</ul>
            }
        </> },
        Contents::Mnt { rootfs, mounts } => html! {
            <ul class="ns-list">{ for rootfs.iter().chain(mounts).map(mount) }</ul>
        },
        Contents::Uts { hostname } => html! {
            <p class="ns-line"><span class="ns-soft">{ "hostname " }</span><code>{ hostname }</code></p>
        },
        Contents::Ipc { mode } => html! { <p class="ns-line">{ mode }</p> },
        Contents::User { mapping } => html! { <p class="ns-line">{ mapping }</p> },
        Contents::Cgroup { path, .. } => html! { <p class="ns-line"><code class="ns-path">{ path }</code></p> },
    }
}

fn mount(m: &MountEntry) -> Html {
    // The rootfs's source is the whole lowerdir list: its start says enough (the title has it all).
    let source = match m.source.char_indices().nth(SOURCE_CHARS) {
        Some((cut, _)) => format!("{}…", &m.source[..cut]),
        None => m.source.clone(),
    };
    html! {
        <li title={m.source.clone()}>
            <code>{ &m.target }</code>{ " " }
            <span class="ns-soft">{ format!("{} {source}{}", m.fs_type, if m.read_only { " (read-only)" } else { "" }) }</span>
        </li>
    }
}

/// How much of a mount's source a box shows.
const SOURCE_CHARS: usize = 40;

#[derive(Properties, PartialEq)]
pub struct CgroupsProps {
    pub path: String,
    pub limits: Vec<CgroupFile>,
}

/// The cgroup v2 files runc wrote, each with what it means.
#[function_component(Cgroups)]
pub fn cgroups(props: &CgroupsProps) -> Html {
    let rows = props.limits.iter().map(|file| {
        let meaning = meaning(file);
        let limited = !file.value.starts_with("max");
        html! {
            <li class={classes!("cg-row", limited.then_some("cg-limited"))} data-testid="cgroup-limit" data-file={file.name}>
                <code class="cg-file">{ file.name }</code>
                <code class="cg-value">{ &file.value }</code>
                <span class="cg-meaning">{ meaning }</span>
            </li>
        }
    });
    html! {
        <div class="cg">
            <p class="cg-path"><code>{ &props.path }</code></p>
            <ul class="cg-list">{ for rows }</ul>
        </div>
    }
}

/// A cgroup file's value in words (`150000 100000` → 1.5 CPUs).
fn meaning(file: &CgroupFile) -> String {
    let value = file.value.trim();
    match file.name {
        "cpu.max" => match value.split_once(' ') {
            Some(("max", _)) => "no CPU limit (--cpus)".into(),
            Some((quota, period)) => match (quota.parse::<f64>(), period.parse::<f64>()) {
                (Ok(q), Ok(p)) if p > 0.0 => format!("at most {} CPUs", q / p),
                _ => String::new(),
            },
            None => String::new(),
        },
        "memory.max" | "memory.swap.max" => match value.parse::<u64>() {
            Ok(bytes) => format!("at most {}", human_size(bytes)),
            Err(_) => "no limit (-m)".into(),
        },
        "pids.max" => match value.parse::<u64>() {
            Ok(n) => format!("at most {n} processes"),
            Err(_) => "no limit (--pids-limit)".into(),
        },
        _ if value == "max" => "no limit".into(),
        _ => String::new(),
    }
}
