//! The selected layer's files as a tree, dive's way: this layer's changes
//! or everything up to it, largest first or by name; directories open on
//! demand, so a layer of thousands of files stays light.

use std::collections::{BTreeMap, BTreeSet};

use yew::prelude::*;

use crate::model::{self, FileRow};
use crate::state::{BuildEntry, Shared};
use layerlab_core::units::human_size;

#[derive(Properties, PartialEq)]
pub struct LayerFilesProps {
    pub entry: Shared<BuildEntry>,
    /// Index into the image's layers.
    pub layer: usize,
}

/// A directory or a file of the tree.
#[derive(Default)]
struct Node {
    /// Bytes under it (a file's own size).
    size: u64,
    /// What the layer did to this path, when it is listed itself.
    change: Option<&'static str>,
    /// Listed as a directory (an empty one has no children here).
    dir: bool,
    children: BTreeMap<String, Node>,
}

fn tree(rows: &[FileRow]) -> Node {
    let mut root = Node::default();
    for row in rows {
        let mut node = &mut root;
        node.size += row.size;
        for part in row.path.split('/').filter(|p| !p.is_empty()) {
            node = node.children.entry(part.to_owned()).or_default();
            node.size += row.size;
        }
        node.change = Some(row.change);
        node.dir = row.is_dir;
    }
    root
}

/// The directories leading to the largest path: open from the start.
fn opened_for(rows: &[FileRow]) -> BTreeSet<String> {
    let Some(largest) = rows.iter().max_by_key(|r| r.size) else { return BTreeSet::new() };
    let parts: Vec<&str> = largest.path.split('/').filter(|p| !p.is_empty()).collect();
    (1..parts.len()).map(|n| format!("/{}", parts[..n].join("/"))).collect()
}

#[function_component(LayerFiles)]
pub fn layer_files(props: &LayerFilesProps) -> Html {
    let up_to = use_state(|| false);
    let by_size = use_state(|| true);
    let rows = props.entry.build.as_ref().map(|b| model::layer_files(b, props.layer, *up_to)).unwrap_or_default();
    let opened = {
        let initial = opened_for(&rows);
        use_state(move || initial)
    };
    {
        // Another layer or view: open the way to its largest file again.
        let (opened, rows) = (opened.clone(), rows.clone());
        use_effect_with((props.layer, *up_to), move |_| opened.set(opened_for(&rows)));
    }
    let root = tree(&rows);
    let toggle = |state: &UseStateHandle<bool>, value: bool| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.set(value))
    };
    let on_dir = {
        let opened = opened.clone();
        Callback::from(move |path: String| {
            let mut next = (*opened).clone();
            if !next.remove(&path) {
                next.insert(path);
            }
            opened.set(next);
        })
    };
    html! {
        <div class="layer-files">
            <div class="layer-files-bar" role="group" aria-label="Which files">
                <button class="layer-files-toggle" aria-pressed={(!*up_to).to_string()} onclick={toggle(&up_to, false)}>{ "This layer" }</button>
                <button class="layer-files-toggle" aria-pressed={(*up_to).to_string()} onclick={toggle(&up_to, true)}>{ "Everything up to here" }</button>
                <span class="layer-files-gap"></span>
                <button class="layer-files-toggle" aria-pressed={(*by_size).to_string()} onclick={toggle(&by_size, true)}>{ "Largest first" }</button>
                <button class="layer-files-toggle" aria-pressed={(!*by_size).to_string()} onclick={toggle(&by_size, false)}>{ "By name" }</button>
            </div>
            if rows.is_empty() {
                <p class="layer-note">{ "This layer changes no files." }</p>
            } else {
                <ul class="layer-tree" role="tree" aria-label="Files">
                    { children(&root, "", &opened, *by_size, &on_dir) }
                </ul>
            }
        </div>
    }
}

fn children(node: &Node, path: &str, opened: &BTreeSet<String>, by_size: bool, on_dir: &Callback<String>) -> Html {
    let mut kids: Vec<(&String, &Node)> = node.children.iter().collect();
    if by_size {
        layerlab_core::sort::by(&mut kids, |a, b| b.1.size.cmp(&a.1.size).then_with(|| a.0.cmp(b.0)));
    }
    html! {
        { for kids.into_iter().map(|(name, child)| {
            let full = format!("{path}/{name}");
            let mark = match child.change {
                Some("added") => "+",
                Some("removed") => "−",
                Some(_) => "~",
                None => "",
            };
            let class = classes!("tree-row", child.change.map(|c| format!("file-{c}")));
            if child.children.is_empty() {
                html! {
                    <li role="treeitem" {class}>
                        <span class="file-change" title={child.change}>{ mark }</span>
                        <code class="file-path">{ name }{ if child.dir { "/" } else { "" } }</code>
                        <span class="file-size">{ if child.dir { String::new() } else { human_size(child.size) } }</span>
                    </li>
                }
            } else {
                let open = opened.contains(&full);
                let onclick = {
                    let (on_dir, full) = (on_dir.clone(), full.clone());
                    Callback::from(move |_: MouseEvent| on_dir.emit(full.clone()))
                };
                html! {
                    <li role="treeitem" aria-expanded={open.to_string()} {class}>
                        <button class="tree-dir" {onclick}>
                            <span class="file-change" title={child.change}>{ if open { "▾" } else { "▸" } }</span>
                            <code class="file-path">{ format!("{name}/") }</code>
                            <span class="file-size">{ human_size(child.size) }</span>
                        </button>
                        if open {
                            <ul class="layer-tree" role="group">{ children(child, &full, opened, by_size, on_dir) }</ul>
                        }
                    </li>
                }
            }
        }) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(path: &str, size: u64) -> FileRow {
        FileRow { path: path.into(), change: "added", size, is_dir: false }
    }

    #[test]
    fn directories_sum_their_files_and_the_largest_file_is_opened() {
        let rows = [row("/usr/lib/a.so", 100), row("/usr/lib/b.so", 50), row("/app/x.py", 7)];
        let root = tree(&rows);
        assert_eq!(root.size, 157);
        assert_eq!(root.children["usr"].size, 150);
        assert_eq!(root.children["usr"].children["lib"].children["a.so"].change, Some("added"));
        assert_eq!(opened_for(&rows), ["/usr".to_owned(), "/usr/lib".to_owned()].into_iter().collect());
    }
}
