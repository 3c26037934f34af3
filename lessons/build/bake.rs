//! Writes lessons as Rust expressions, for the build script: the lessons it
//! read and validated become code that constructs them, so the app neither
//! embeds the TOML files nor parses them. Every struct and enum is
//! destructured without `..` and every enum matched without `_`, so a field
//! or variant added to the model fails here, at build time, until it is baked.

use crate::goals::Predicate;
use crate::markdown::Markdown;
use crate::model::{Choice, Edit, Example, Exercise, Goal, Lesson, ProjectSpec, SetupStep, Task};
use crate::parse::LoadError;
use std::collections::BTreeMap;

/// A value as a Rust expression of its type, in the scope of `lessons/src/baked.rs`.
pub trait Bake {
    fn bake(&self) -> String;
}

impl Bake for String {
    fn bake(&self) -> String {
        format!("s({self:?})")
    }
}

macro_rules! literal {
    ($($t:ty),*) => {$(
        impl Bake for $t {
            fn bake(&self) -> String {
                format!("{self:?}")
            }
        }
    )*};
}
literal!(bool, u8, u16, u32, usize, f64);

impl<T: Bake> Bake for Option<T> {
    fn bake(&self) -> String {
        match self {
            Some(v) => format!("Some({})", v.bake()),
            None => "None".into(),
        }
    }
}

impl<T: Bake> Bake for Vec<T> {
    fn bake(&self) -> String {
        format!("vec![{}]", self.iter().map(Bake::bake).collect::<Vec<_>>().join(", "))
    }
}

impl Bake for BTreeMap<String, String> {
    fn bake(&self) -> String {
        format!("map(&[{}])", self.iter().map(|(k, v)| format!("({k:?}, {v:?})")).collect::<Vec<_>>().join(", "))
    }
}

/// Only the source: the blocks are read again when the lessons load (the
/// source was checked here, and keeping one copy of the text halves the data).
impl Bake for Markdown {
    fn bake(&self) -> String {
        format!("md({:?})", self.source)
    }
}

/// `Type { field: value, … }` from a struct destructured field by field.
macro_rules! bake_struct {
    ($ty:ident { $($f:ident),* $(,)? }) => {
        impl Bake for $ty {
            fn bake(&self) -> String {
                let $ty { $($f),* } = self;
                let mut out = format!("{} {{", stringify!($ty));
                $( out.push_str(&format!(" {}: {},", stringify!($f), $f.bake())); )*
                out.push_str(" }");
                out
            }
        }
    };
}

/// `Type::Variant { field: value, … }` for enums whose variants have named fields (or none).
macro_rules! bake_enum {
    ($ty:ident { $($v:ident { $($f:ident),* }),* $(,)? }) => {
        impl Bake for $ty {
            fn bake(&self) -> String {
                match self {
                    $( $ty::$v { $($f),* } => {
                        let mut out = format!("{}::{} {{", stringify!($ty), stringify!($v));
                        $( out.push_str(&format!(" {}: {},", stringify!($f), $f.bake())); )*
                        out.push_str(" }");
                        out
                    } )*
                }
            }
        }
    };
}

bake_struct!(Lesson { id, number, title, topics, summary, explanation, interview_answer, example, exercises, file });
bake_struct!(Example { title, walkthrough, project, commands });
bake_struct!(ProjectSpec { dockerfile, files, executable, build_args, target, run });
bake_struct!(Exercise { id, title, prompt, hints, explanation, task, line });
bake_struct!(Choice { text, correct, why });
bake_struct!(Goal { predicate, hint });
bake_struct!(LoadError { file, line, column, message });

bake_enum!(Task {
    PredictArgv { project, run, answer },
    PredictCache { project, edits, answer },
    FixIt { project, solution, goals },
    TerminalTask { project, setup, solution, goals },
    Choose { options },
});
bake_enum!(Edit {
    Set { file, text },
    Append { file, text },
    Replace { file, old, new },
    Delete { file },
    BuildArg { name, value },
    NoCache {},
});
bake_enum!(SetupStep { Command { line }, Edit { edit } });
bake_enum!(Predicate {
    Builds {},
    ImageSizeUnder { mb },
    LayersAtMost { count },
    NoLayerWastes { mb },
    RunsAsNonRoot { run },
    ArgvIs { argv, run },
    StopReachesApp { run },
    PortPublished { port, run },
    PortOnLoopbackOnly { port, run },
    MemoryLimitAtMost { mb, run },
    Exposes { port },
    HasHealthcheck {},
    HasLabel { key },
    LintSilent { rule },
    FileInImage { path },
    FileNotInImage { path },
    NotInContext { path },
    CommandAbsent { command },
    StaysCached { edits, step },
    ReusesCache { edits, first },
    NoDanglingImages {},
    ImageExists { reference },
    ImageAbsent { reference },
    AllContainersStopped {},
    NoContainers {},
    ContainerRunning { name },
    ContainerAbsent { name },
    HostReaches { name, port, address },
    ContainersReach { from, to },
    NetworkExists { name },
    NetworkAbsent { name },
    VolumeExists { name },
    VolumeMounted { container, volume, destination },
    PushedForPlatforms { reference, platforms },
});

/// The body of `lessons/src/baked.rs`'s `load`: one function per lesson (so
/// no one function is huge), or the errors the lessons have.
pub fn module(loaded: &Result<Vec<Lesson>, Vec<LoadError>>) -> String {
    let mut out = String::from("/// The lessons as `load` reads them from `content/`, validated at build time.\n");
    match loaded {
        Ok(lessons) => {
            let calls: Vec<String> = (0..lessons.len()).map(|i| format!("lesson_{i}()")).collect();
            out.push_str(&format!(
                "pub fn load() -> Result<Vec<Lesson>, Vec<LoadError>> {{\n    Ok(vec![{}])\n}}\n",
                calls.join(", ")
            ));
            for (i, lesson) in lessons.iter().enumerate() {
                out.push_str(&format!("\nfn lesson_{i}() -> Lesson {{\n    {}\n}}\n", lesson.bake()));
            }
        }
        Err(errors) => {
            out.push_str(&format!(
                "pub fn load() -> Result<Vec<Lesson>, Vec<LoadError>> {{\n    Err({})\n}}\n",
                errors.bake()
            ));
        }
    }
    out
}
