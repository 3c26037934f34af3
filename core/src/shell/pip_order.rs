//! The order `pip install` installs in and the summary it prints after,
//! as pip computes them (pypa/pip `src/pip/_internal/resolution/resolvelib/
//! resolver.py` `get_installation_order`, `get_topological_weights`,
//! `_req_set_item_sorter`; `commands/install.py` `installed_packages_summary`).
//!
//! pip gives every package a weight: packages without dependencies are
//! pruned from the graph first and weigh the most (the number of nodes left,
//! root included, less one), and so on round by round; what a cycle leaves is
//! weighed by the longest path to it from the root. It installs by weight,
//! then by canonical name, both descending. The summary lists `name-version`
//! sorted by the name as requested.

use super::markers::normalize;
use std::collections::{BTreeMap, BTreeSet};

/// `packages` in install order. `edges` maps a package's canonical name to
/// the canonical names it requires; `roots` are the names asked for.
pub fn install_order(packages: &[String], roots: &[String], edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let keys: BTreeSet<String> = packages.iter().map(|p| normalize(p)).collect();
    // The graph over the packages; `None` (the root) is the empty string.
    let mut graph: BTreeMap<String, BTreeSet<String>> = keys
        .iter()
        .map(|k| (k.clone(), edges.get(k).map_or_else(BTreeSet::new, |e| e.intersection(&keys).cloned().collect())))
        .collect();
    graph.insert(String::new(), roots.iter().map(|r| normalize(r)).filter(|r| keys.contains(r)).collect());
    let mut weights: BTreeMap<String, usize> = BTreeMap::new();
    loop {
        let leaves: Vec<String> =
            graph.iter().filter(|(k, children)| !k.is_empty() && children.is_empty()).map(|(k, _)| k.clone()).collect();
        if leaves.is_empty() {
            break;
        }
        let weight = graph.len() - 1;
        for leaf in &leaves {
            weights.insert(leaf.clone(), weight);
            graph.remove(leaf);
        }
        for children in graph.values_mut() {
            for leaf in &leaves {
                children.remove(leaf);
            }
        }
    }
    // What is left has a cycle: the longest path from the root, cycles cut.
    let mut path = Vec::new();
    let mut visits: BTreeMap<String, usize> = BTreeMap::new();
    visit("", &graph, &mut path, &mut visits, &mut weights);
    let mut order: Vec<&String> = packages.iter().collect();
    order.sort_by_key(|p| {
        let key = normalize(p);
        std::cmp::Reverse((weights.get(&key).copied().unwrap_or(0), key))
    });
    order.into_iter().cloned().collect()
}

fn visit(
    node: &str,
    graph: &BTreeMap<String, BTreeSet<String>>,
    path: &mut Vec<String>,
    visits: &mut BTreeMap<String, usize>,
    weights: &mut BTreeMap<String, usize>,
) {
    // pip stops after five visits of a node, which keeps the walk linear.
    let seen = visits.entry(node.to_string()).or_default();
    if path.iter().any(|p| p == node) || *seen >= 5 {
        return;
    }
    *seen += 1;
    path.push(node.to_string());
    for child in graph.get(node).into_iter().flatten() {
        visit(child, graph, path, visits, weights);
    }
    path.pop();
    if !node.is_empty() {
        // pip's path holds the root too: the depth counts it.
        let depth = path.len();
        let weight = weights.entry(node.to_string()).or_default();
        *weight = (*weight).max(depth);
    }
}

/// `Successfully installed a-1.0 b-2.0`: sorted by the name as requested
/// (plain string order, so capitals first), with the version when known.
pub fn summary(packages: &[String], version: impl Fn(&str) -> Option<&'static str>) -> String {
    let mut names: Vec<&String> = packages.iter().collect();
    names.sort();
    let items: Vec<String> = names
        .into_iter()
        .map(|name| match version(name) {
            Some(v) => format!("{name}-{v}"),
            None => name.clone(),
        })
        .collect();
    format!("Successfully installed {}", items.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edges(list: &[(&str, &[&str])]) -> BTreeMap<String, BTreeSet<String>> {
        list.iter().map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect())).collect()
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    /// Worked by hand with pip's rules over Flask 3.1 and gunicorn 23's
    /// requirements: 10 nodes with the root, so the first leaves weigh 9,
    /// then jinja2, werkzeug and gunicorn (5 left) weigh 4, flask 1. It is the
    /// line pip prints for `pip install flask gunicorn` ("Installing
    /// collected packages: packaging, markupsafe, itsdangerous, click,
    /// blinker, werkzeug, jinja2, gunicorn, flask").
    #[test]
    fn flask_and_gunicorn_install_in_pips_order() {
        let packages = names(&[
            "flask",
            "gunicorn",
            "blinker",
            "click",
            "itsdangerous",
            "jinja2",
            "markupsafe",
            "werkzeug",
            "packaging",
        ]);
        let graph = edges(&[
            ("flask", &["blinker", "click", "itsdangerous", "jinja2", "markupsafe", "werkzeug"]),
            ("gunicorn", &["packaging"]),
            ("jinja2", &["markupsafe"]),
            ("werkzeug", &["markupsafe"]),
        ]);
        let order = install_order(&packages, &names(&["flask", "gunicorn"]), &graph);
        assert_eq!(
            order,
            names(&[
                "packaging",
                "markupsafe",
                "itsdangerous",
                "click",
                "blinker",
                "werkzeug",
                "jinja2",
                "gunicorn",
                "flask"
            ])
        );
    }

    #[test]
    fn a_cycle_is_weighed_by_its_depth_from_the_root() {
        let packages = names(&["a", "b", "c"]);
        let graph = edges(&[("a", &["b"]), ("b", &["a", "c"])]);
        // c is a leaf (weight 3); a and b form a cycle: root→a (1), root→a→b (2).
        let order = install_order(&packages, &names(&["a"]), &graph);
        assert_eq!(order, names(&["c", "b", "a"]));
    }

    #[test]
    fn the_summary_sorts_names_as_written_and_adds_versions() {
        let line = summary(&names(&["flask", "Jinja2", "unknown-x"]), |n| match n {
            "flask" => Some("3.1.3"),
            "Jinja2" => Some("3.1.6"),
            _ => None,
        });
        assert_eq!(line, "Successfully installed Jinja2-3.1.6 flask-3.1.3 unknown-x");
    }
}
