//! The order Compose starts services in: a dependency before what depends
//! on it (`depends_on`), otherwise the file's order; and the services a
//! command on `SERVICE…` takes along (their dependencies, as `up web`
//! starts `db` too).

use super::model::Project;
use std::fmt;

/// Why the services cannot be ordered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderError {
    /// compose-go's `graph.go`: `dependency cycle detected: a -> b -> a`.
    Cycle(Vec<String>),
    /// A `depends_on` naming no service.
    MissingDependency { service: String, dependency: String },
    /// A `SERVICE` argument naming no service.
    NoSuchService(String),
}

impl fmt::Display for OrderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrderError::Cycle(path) => write!(f, "dependency cycle detected: {}", path.join(" -> ")),
            OrderError::MissingDependency { service, dependency } => {
                write!(f, "service {service:?} depends on undefined service {dependency:?}: invalid compose project")
            }
            OrderError::NoSuchService(name) => write!(f, "no such service: {name}"),
        }
    }
}

/// The services in start order (dependencies first, then the file's order).
pub fn start_order(project: &Project) -> Result<Vec<String>, OrderError> {
    let mut done: Vec<String> = Vec::new();
    for s in &project.services {
        visit(project, &s.name, &mut Vec::new(), &mut done)?;
    }
    Ok(done)
}

fn visit(project: &Project, name: &str, path: &mut Vec<String>, done: &mut Vec<String>) -> Result<(), OrderError> {
    if done.iter().any(|d| d == name) {
        return Ok(());
    }
    if let Some(at) = path.iter().position(|p| p == name) {
        let mut cycle = path[at..].to_vec();
        cycle.push(name.to_string());
        return Err(OrderError::Cycle(cycle));
    }
    let service = project.service(name).ok_or_else(|| OrderError::NoSuchService(name.to_string()))?;
    path.push(name.to_string());
    for (dep, d) in &service.depends_on {
        if project.service(dep).is_none() {
            if d.required {
                return Err(OrderError::MissingDependency { service: name.to_string(), dependency: dep.clone() });
            }
            continue;
        }
        visit(project, dep, path, done)?;
    }
    path.pop();
    done.push(name.to_string());
    Ok(())
}

/// The services a command on `wanted` acts on, in start order: all of them
/// when none is named, else the named ones and their dependencies.
pub fn selection(project: &Project, wanted: &[String], with_deps: bool) -> Result<Vec<String>, OrderError> {
    let order = start_order(project)?;
    if wanted.is_empty() {
        return Ok(order);
    }
    for w in wanted {
        if project.service(w).is_none() {
            return Err(OrderError::NoSuchService(w.clone()));
        }
    }
    let mut keep: Vec<String> = wanted.to_vec();
    if with_deps {
        let mut i = 0;
        while i < keep.len() {
            if let Some(s) = project.service(&keep[i]) {
                for dep in s.depends_on.keys() {
                    if project.service(dep).is_some() && !keep.contains(dep) {
                        keep.push(dep.clone());
                    }
                }
            }
            i += 1;
        }
    }
    Ok(order.into_iter().filter(|s| keep.contains(s)).collect())
}

/// The services that depend on `name` (for `stop`: dependents first).
pub fn stop_order(project: &Project, services: &[String]) -> Result<Vec<String>, OrderError> {
    let mut order = selection(project, services, false)?;
    order.reverse();
    Ok(order)
}
