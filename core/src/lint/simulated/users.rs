//! UserNotFound: a USER the image does not have. The build simulation
//! tracks users (the base image's accounts and those RUN added with
//! useradd/adduser): a RUN as a missing user fails the build with runc's
//! `unable to find user NAME: no matching entries in passwd file`, and a
//! container of an image whose final USER is missing fails to start with
//! the same words.

use super::{EngineRule, Finding, Sim};
use crate::build::BuildError;
use crate::catalog::{self, OsFamily};
use crate::instructions::{Instruction, Stage, User};
use crate::lint::{Edit, Fix};
use crate::span::Span;

pub(super) fn check(sim: &Sim<'_>, out: &mut Vec<Finding>) {
    // A RUN that needs the user: the build stopped there.
    if let Some(error) = &sim.outcome.error {
        if let BuildError::UserNotFound { user: name, span } = error {
            if let Some((stage, user)) = user_before(sim, span.start()) {
                let run_line = sim.line_of(span.start());
                let message = format!(
                    "no user {name} exists in the image when the RUN at line {run_line} starts, so the build fails: \
                     {}",
                    error.message()
                );
                out.push(found(sim, stage, user, name, message));
            }
        }
        return;
    }
    // The container needs the final USER.
    let Some(image) = &sim.outcome.image else { return };
    let name = image.config.user.split(':').next().unwrap_or("");
    if name.is_empty() || name.chars().all(|c| c.is_ascii_digit()) || image.users.contains(name) {
        return;
    }
    let pairs: Vec<(&Stage, &Instruction)> =
        sim.chain_stages().flat_map(|s| s.instructions.iter().map(move |i| (s, i))).collect();
    let last = pairs.into_iter().rev().find_map(|(s, i)| match i {
        Instruction::User(user) => Some((s, user)),
        _ => None,
    });
    if let Some((stage, user)) = last {
        let message = format!(
            "no user {name} exists in the image, so every container of it fails to start: `docker run` prints \
             unable to find user {name}: no matching entries in passwd file"
        );
        out.push(found(sim, stage, user, name, message));
    }
}

/// The last USER before `offset`, in the stage that holds it.
fn user_before<'a>(sim: &Sim<'a>, offset: usize) -> Option<(&'a Stage, &'a User)> {
    let stage = sim.file.stages.iter().rev().find(|s| s.from.common.span.start() <= offset)?;
    let user = stage.instructions.iter().rev().find_map(|i| match i {
        Instruction::User(user) if user.common.span.start() < offset => Some(user),
        _ => None,
    })?;
    Some((stage, user))
}

fn found(sim: &Sim<'_>, stage: &Stage, user: &User, name: &str, message: String) -> Finding {
    let alpine = root_image(sim, stage).is_some_and(|os| os == OsFamily::Alpine);
    let create = if alpine { format!("RUN adduser -D {name}") } else { format!("RUN useradd --create-home {name}") };
    // The account is made before the stage's first USER: after any USER the
    // RUN would itself run as that user (which may be this very missing one).
    let first = stage
        .instructions
        .iter()
        .find_map(|i| match i {
            Instruction::User(first) => Some(first),
            _ => None,
        })
        .unwrap_or(user);
    let mut found = Finding::at(EngineRule::UserNotFound.rule(), &user.common, message);
    found.fix = Some(Fix {
        text: format!("{create}\n{}", sim.text(first.common.span)),
        edits: vec![Edit::Dockerfile {
            span: Span::new(first.common.span.start(), first.common.span.start()),
            replacement: format!("{create}\n"),
        }],
    });
    found
}

/// The OS family of the image at the root of a stage's FROM chain.
fn root_image(sim: &Sim<'_>, stage: &Stage) -> Option<OsFamily> {
    let mut current = stage;
    for _ in 0..sim.file.stages.len() {
        match sim.file.base_stage(&current.from.image, current.index) {
            Some(parent) => current = parent,
            None => break,
        }
    }
    catalog::resolve(&current.from.image).ok().map(|r| r.image.os)
}
