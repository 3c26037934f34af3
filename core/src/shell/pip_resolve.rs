//! The order pip's resolver visits requirements in, and the `Collecting`
//! line each new project gets, over the data's one version per project.
//!
//! Sources, pypa/pip 26.2.1 under `src/pip/`:
//! - `_vendor/resolvelib/resolvers/resolution.py` `resolve`: every root
//!   requirement is added to the criteria first, then each round pins the
//!   unpinned identifier with the least preference key and adds its
//!   dependencies (new identifiers at the end of the criteria);
//! - `_internal/resolution/resolvelib/provider.py` `get_preference`: direct
//!   first, then pinned (`==`), then upper-bounded (`<`, `<=`, `~=`, `==*`),
//!   then the order the user gave, then any specifier before none, then the
//!   identifier;
//! - `factory.py` `collect_root_requirements` (roots with extras after the
//!   rest; the user's order by the first requirement's identifier) and
//!   `_make_requirements_from_install_req` (a requirement with extras and a
//!   specifier is two: one on the bare project, then one with the extras;
//!   a root whose marker fails is `Ignoring`);
//! - adding an identifier builds its best candidate, and building a
//!   project's candidate prepares it (`candidates.py` `__init__` calls
//!   `_prepare`), which logs `Collecting` (`operations/prepare.py`
//!   `_log_preparing_link`): the candidate's requirement (its template's,
//!   the first requirement of that identifier, marker split off by
//!   `constructors.py` `parse_req_from_line`) and where it comes from
//!   (`req_install.py` `from_path`: each parent's requirement joined by `->`
//!   down to `-r FILE (line N)`). Candidates are cached per file, so a
//!   project is collected once.
//!
//! Every project has one version in the data, which satisfies every
//! specifier (the data does not solve them), so pip never backtracks here.

use super::markers::{evaluate, MarkerEnv};
use super::pip_req::PipReq;
use std::collections::{BTreeMap, BTreeSet};

/// A requirement and what it comes from (pip's `InstallRequirement`).
#[derive(Debug, Clone)]
pub struct Ireq {
    pub req: PipReq,
    /// `-r requirements.txt (line 1)`, or the parent's `from_path`.
    pub comes_from: Option<String>,
}

impl Ireq {
    /// pip's `InstallRequirement.from_path`: this requirement, then what it comes from.
    fn chain(&self) -> String {
        match &self.comes_from {
            Some(c) => format!("{}->{c}", self.req.with_marker()),
            None => self.req.with_marker(),
        }
    }
}

/// A project's first `Collecting` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collected {
    /// The canonical project name.
    pub key: String,
    /// The name as the requirement spells it (pip's `req.name`).
    pub name: String,
    /// What follows `Collecting `.
    pub line: String,
    /// The requirement (without its marker) and what it comes from: the two
    /// parts of `line`, which `Requirement already satisfied:` splits.
    pub req: PipReq,
    pub comes_from: Option<String>,
}

/// What the resolver did.
#[derive(Debug, Default)]
pub struct Resolution {
    /// `Ignoring NAME: markers '…' don't match your environment` lines.
    pub ignored: Vec<String>,
    /// Every project, in the order pip collects it.
    pub collected: Vec<Collected>,
    /// Canonical names in the order pip pins them: the order it downloads
    /// the wheels in (`resolver.py` `resolve` fills the requirement set from
    /// the pins, in order).
    pub pins: Vec<String>,
    /// Canonical name → the canonical names it requires.
    pub edges: BTreeMap<String, BTreeSet<String>>,
    /// `Requires-Dist` entries whose marker could not be read (left out).
    pub unreadable: Vec<String>,
}

/// A requirement of the resolver: on an identifier, through an `Ireq`, or
/// (an extras candidate's own base) explicit.
#[derive(Debug, Clone)]
struct Req {
    ident: String,
    ireq: Option<Ireq>,
}

struct Criterion {
    ident: String,
    reqs: Vec<Req>,
    pinned: bool,
}

struct Resolver<'a, F: Fn(&str) -> Vec<String>> {
    env: &'a MarkerEnv,
    with_deps: bool,
    requires: F,
    criteria: Vec<Criterion>,
    /// Project → its candidate's requirement (pip's `LinkCandidate._ireq`).
    built: BTreeMap<String, Ireq>,
    /// Identifier with extras → its template (the extras candidate's `comes_from`).
    templates: BTreeMap<String, Ireq>,
    user_requested: BTreeMap<String, usize>,
    out: Resolution,
}

/// Resolves `roots` (in pip's order: command-line requirements, then each
/// file's) for `env`; `requires` gives a project's `Requires-Dist` entries,
/// which `--no-deps` (`with_deps` false) leaves unread (`provider.py`
/// `get_dependencies`).
pub fn resolve(
    roots: Vec<Ireq>,
    env: &MarkerEnv,
    with_deps: bool,
    requires: impl Fn(&str) -> Vec<String>,
) -> Resolution {
    let mut r = Resolver {
        env,
        with_deps,
        requires,
        criteria: Vec::new(),
        built: BTreeMap::new(),
        templates: BTreeMap::new(),
        user_requested: BTreeMap::new(),
        out: Resolution::default(),
    };
    let mut first: Vec<Req> = Vec::new();
    for (i, ireq) in roots.into_iter().enumerate() {
        if let Some(marker) = &ireq.req.marker {
            if !evaluate(marker, env).unwrap_or(true) {
                r.out
                    .ignored
                    .push(format!("Ignoring {}: markers '{marker}' don't match your environment", ireq.req.name));
                continue;
            }
        }
        let reqs = requirements_of(ireq);
        r.user_requested.entry(reqs[0].ident.clone()).or_insert(i);
        first.extend(reqs);
    }
    // Stable: roots with extras go after the rest.
    first.sort_by_key(|q| q.ident.contains('['));
    for req in first {
        r.add(req);
    }
    while let Some(ident) = r.next_pick() {
        r.pin(&ident);
    }
    r.out
}

/// pip's `_make_requirements_from_install_req` for a named requirement.
fn requirements_of(ireq: Ireq) -> Vec<Req> {
    let mut reqs = Vec::new();
    if !ireq.req.extras.is_empty() && !ireq.req.specs.is_empty() {
        let bare = Ireq { req: ireq.req.without_extras(), comes_from: ireq.comes_from.clone() };
        reqs.push(Req { ident: bare.req.identifier(), ireq: Some(bare) });
    }
    reqs.push(Req { ident: ireq.req.identifier(), ireq: Some(ireq) });
    reqs
}

fn project_of(ident: &str) -> &str {
    ident.split('[').next().unwrap_or(ident)
}

impl<F: Fn(&str) -> Vec<String>> Resolver<'_, F> {
    fn add(&mut self, req: Req) {
        if let Some(c) = self.criteria.iter_mut().find(|c| c.ident == req.ident) {
            c.reqs.push(req);
            return;
        }
        let project = project_of(&req.ident).to_string();
        if let Some(template) = &req.ireq {
            if !self.built.contains_key(&project) {
                let cand = Ireq { req: template.req.without_marker(), comes_from: template.comes_from.clone() };
                let line = match &cand.comes_from {
                    Some(c) => format!("{} (from {c})", cand.req.display()),
                    None => cand.req.display(),
                };
                self.out.collected.push(Collected {
                    key: project.clone(),
                    name: cand.req.name.clone(),
                    line,
                    req: cand.req.clone(),
                    comes_from: cand.comes_from.clone(),
                });
                self.built.insert(project.clone(), cand);
            }
            if req.ident.contains('[') {
                self.templates.entry(req.ident.clone()).or_insert_with(|| template.clone());
            }
        }
        self.criteria.push(Criterion { ident: req.ident.clone(), reqs: vec![req], pinned: false });
    }

    /// The unpinned identifier pip picks next (`get_preference`'s least key).
    fn next_pick(&self) -> Option<String> {
        self.criteria.iter().filter(|c| !c.pinned).min_by_key(|c| self.preference(c)).map(|c| c.ident.clone())
    }

    fn preference(&self, c: &Criterion) -> (bool, bool, bool, usize, bool, String) {
        let direct = c.reqs.iter().any(|r| r.ireq.is_none());
        let ops: Vec<&(String, String)> =
            c.reqs.iter().filter_map(|r| r.ireq.as_ref()).flat_map(|i| &i.req.specs).collect();
        let pinned = ops.iter().any(|(op, v)| op.starts_with("==") && !v.contains('*'));
        let upper =
            ops.iter().any(|(op, v)| matches!(op.as_str(), "<" | "<=" | "~=") || (op == "==" && v.contains('*')));
        let requested = self.user_requested.get(&c.ident).copied().unwrap_or(usize::MAX);
        (!direct, !pinned, !upper, requested, ops.is_empty(), c.ident.clone())
    }

    fn pin(&mut self, ident: &str) {
        if let Some(c) = self.criteria.iter_mut().find(|c| c.ident == ident) {
            c.pinned = true;
        }
        let project = project_of(ident).to_string();
        let extras: Vec<String> = ident
            .strip_prefix(project.as_str())
            .unwrap_or("")
            .trim_matches(['[', ']'])
            .split(',')
            .filter(|e| !e.is_empty())
            .map(String::from)
            .collect();
        let comes_from = if extras.is_empty() {
            self.out.pins.push(project.clone());
            self.built.get(&project).map(Ireq::chain)
        } else {
            // An extras candidate requires its own base first (`candidates.py`
            // `ExtrasCandidate.iter_dependencies`), as an explicit requirement.
            self.add(Req { ident: project.clone(), ireq: None });
            self.templates.get(ident).map(Ireq::chain)
        };
        let env = self.env.with_extras(&extras);
        let mut deps = Vec::new();
        let specs = if self.with_deps { (self.requires)(&project) } else { Vec::new() };
        for spec in specs {
            let Some(req) = PipReq::parse(&spec) else { continue };
            match req.marker.as_deref().map(|m| evaluate(m, &env)) {
                None | Some(Ok(true)) => deps.push(req),
                Some(Ok(false)) => {}
                Some(Err(e)) => self.out.unreadable.push(format!("{project}: {spec}: {e:?}")),
            }
        }
        for req in deps {
            self.out.edges.entry(project.clone()).or_default().insert(req.key());
            for r in requirements_of(Ireq { req, comes_from: comes_from.clone() }) {
                self.add(r);
            }
        }
    }
}

#[cfg(test)]
mod tests;
