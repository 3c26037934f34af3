//! The lessons' part of the reducer: the course (every embedded lesson, read
//! once), which screen shows, each exercise's last Check with the hints and
//! solution asked for, and the learner's progress. Grading is the lessons
//! crate's (`layerlab_lessons::grade`, which runs the core); nothing here
//! compares strings.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use layerlab_lessons::{Answer, CacheStep, Grade, Lesson, Solution, Task};

use crate::progress::Progress;

/// What fills the main area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Playground,
    Index,
    /// A lesson, by index into `Course::lessons`.
    Lesson(usize),
}

/// One exercise's state on screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attempt {
    pub grade: Option<Rc<Grade>>,
    /// The general hints shown so far (after the failed goal's own).
    pub hints: usize,
    /// The reference answer, once passed or asked for.
    pub solution: Option<Rc<Reference>>,
    /// The answer could not be read (unbalanced quotes in the words).
    pub error: Option<String>,
}

/// What the learner entered, as the exercise's form holds it; the reducer
/// turns it into the crate's `Answer` (the words are split by the core).
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// predict-argv: the words as typed, split as a shell would.
    Words(String),
    /// predict-cache: the ticked Dockerfile lines.
    Lines(BTreeSet<usize>),
    /// fix-it: the edited Dockerfile and run line.
    Dockerfile { dockerfile: String, run: String },
    /// terminal-task: `docker …` lines, one per line.
    Commands(String),
    /// choose: the ticked options.
    Choices(BTreeSet<usize>),
}

/// The crate's answer for `input`, or why it cannot be read.
pub fn answer(task: &Task, input: Input) -> Result<Answer, String> {
    Ok(match (task, input) {
        (_, Input::Words(text)) => {
            let split = layerlab_core::run::words::split(&text).map_err(|e| e.to_string())?;
            Answer::Argv(split.words.into_iter().map(|w| w.text).collect())
        }
        (_, Input::Lines(lines)) => Answer::Rebuilt(lines),
        (Task::FixIt { project, .. }, Input::Dockerfile { dockerfile, run }) => {
            let mut spec = project.clone();
            spec.dockerfile = dockerfile;
            let run = run.trim();
            let changed = !run.is_empty() && run != project.run_line();
            Answer::Project { project: spec.to_project(), run: changed.then(|| run.to_owned()) }
        }
        (_, Input::Dockerfile { .. }) => return Err("not a fix-it exercise".into()),
        (_, Input::Commands(text)) => Answer::Commands(
            text.lines()
                .map(|l| l.trim().trim_start_matches("$ ").trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect(),
        ),
        (_, Input::Choices(choices)) => Answer::Choices(choices),
    })
}

/// A predict-cache exercise's Dockerfile after the edits, and the lines of its layer steps.
pub type CacheLines = Rc<Result<(Vec<String>, Vec<usize>), String>>;

#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    pub lessons: Rc<Vec<Lesson>>,
    /// Why the embedded lessons did not load (a bug caught by the crate's tests).
    pub load_error: Option<String>,
    pub screen: Screen,
    /// By `LESSON/EXERCISE`.
    pub attempts: BTreeMap<String, Attempt>,
    /// By `LESSON/EXERCISE`, made when the lesson opens.
    pub cache_lines: BTreeMap<String, CacheLines>,
    pub progress: Progress,
}

impl Default for Course {
    fn default() -> Course {
        let (lessons, load_error) = match layerlab_lessons::load_all() {
            Ok(lessons) => (lessons, None),
            Err(errors) => (Vec::new(), Some(errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join("; "))),
        };
        Course {
            lessons: Rc::new(lessons),
            load_error,
            screen: Screen::Playground,
            attempts: BTreeMap::new(),
            cache_lines: BTreeMap::new(),
            progress: Progress::default(),
        }
    }
}

#[derive(Debug, Clone)]
pub enum LessonAction {
    Show(Screen),
    /// Check an exercise (lesson index, exercise index).
    Check {
        lesson: usize,
        exercise: usize,
        input: Input,
    },
    /// Show the next general hint.
    MoreHints {
        lesson: usize,
        exercise: usize,
    },
    ShowSolution {
        lesson: usize,
        exercise: usize,
    },
    /// Progress read from a file.
    Import(Progress),
}

/// `LESSON/EXERCISE`, the exercise's global id.
pub fn key(lesson: &Lesson, exercise: usize) -> String {
    format!("{}/{}", lesson.id, lesson.exercises.get(exercise).map_or("", |e| e.id.as_str()))
}

impl Course {
    pub fn attempt(&self, lesson: usize, exercise: usize) -> Attempt {
        self.lessons.get(lesson).and_then(|l| self.attempts.get(&key(l, exercise))).cloned().unwrap_or_default()
    }

    /// The next course state, or `None` when nothing changed.
    pub fn reduce(&self, action: LessonAction) -> Option<Course> {
        let mut next = self.clone();
        match action {
            LessonAction::Show(screen) => {
                if let Screen::Lesson(i) = screen {
                    let lesson = self.lessons.get(i)?;
                    next.progress.open(&lesson.id);
                    for (n, e) in lesson.exercises.iter().enumerate() {
                        if matches!(e.task, Task::PredictCache { .. }) {
                            next.cache_lines.entry(key(lesson, n)).or_insert_with(|| Rc::new(cache_lines(&e.task)));
                        }
                    }
                }
                next.screen = screen;
            }
            LessonAction::Check { lesson, exercise, input } => {
                let l = self.lessons.get(lesson)?;
                let e = l.exercises.get(exercise)?;
                let answer = match answer(&e.task, input) {
                    Ok(answer) => answer,
                    Err(why) => {
                        next.attempts.entry(key(l, exercise)).or_default().error = Some(why);
                        return Some(next);
                    }
                };
                let grade = layerlab_lessons::grade(e, &answer);
                next.progress.record(&l.id, &e.id, grade.passed);
                let attempt = next.attempts.entry(key(l, exercise)).or_default();
                if grade.passed && attempt.solution.is_none() {
                    attempt.solution = Some(Rc::new(reference(e)));
                }
                attempt.grade = Some(Rc::new(grade));
                attempt.error = None;
            }
            LessonAction::MoreHints { lesson, exercise } => {
                let l = self.lessons.get(lesson)?;
                let total = l.exercises.get(exercise)?.hints.len();
                let attempt = next.attempts.entry(key(l, exercise)).or_default();
                attempt.hints = (attempt.hints + 1).min(total);
            }
            LessonAction::ShowSolution { lesson, exercise } => {
                let l = self.lessons.get(lesson)?;
                let e = l.exercises.get(exercise)?;
                next.attempts.entry(key(l, exercise)).or_default().solution = Some(Rc::new(reference(e)));
            }
            LessonAction::Import(progress) => next.progress = progress,
        }
        Some(next)
    }
}

/// An exercise's reference answer in the form the view shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Reference {
    Argv {
        argv: Vec<String>,
        explanation: Vec<String>,
    },
    Rebuilt {
        steps: Vec<CacheStep>,
    },
    Dockerfile {
        dockerfile: String,
        run: Option<String>,
    },
    Commands(Vec<String>),
    /// Choose: the options' own explanations are shown instead.
    Options,
    /// The engine could not compute it (a lesson bug the crate's tests catch).
    Unavailable(String),
}

/// What "show the solution" shows: computed by the engine for predictions.
pub fn reference(exercise: &layerlab_lessons::Exercise) -> Reference {
    match &exercise.task {
        Task::PredictArgv { .. } | Task::PredictCache { .. } => match layerlab_lessons::solve(exercise) {
            Ok(Solution::Argv { argv, explanation }) => Reference::Argv { argv, explanation },
            Ok(Solution::Rebuilt { steps, .. }) => Reference::Rebuilt { steps },
            Err(why) => Reference::Unavailable(why),
        },
        Task::FixIt { project, solution, .. } => Reference::Dockerfile {
            dockerfile: solution.dockerfile.clone(),
            run: (solution.run != project.run).then(|| solution.run_line().to_owned()),
        },
        Task::TerminalTask { solution, .. } => Reference::Commands(solution.clone()),
        Task::Choose { .. } => Reference::Options,
    }
}

/// The layer steps of a predict-cache exercise's second build, as lines to
/// tick (the Dockerfile after the edits, each line with whether it is a step).
pub fn cache_lines(task: &Task) -> Result<(Vec<String>, Vec<usize>), String> {
    let Task::PredictCache { project, edits, .. } = task else { return Err("not a predict-cache exercise".into()) };
    let steps = layerlab_lessons::cache_steps(project, edits)?;
    let mut edited = project.to_project();
    let mut no_cache = false;
    for edit in edits {
        layerlab_lessons::apply(&mut edited, edit, &mut no_cache)?;
    }
    let lines = edited.dockerfile().lines().map(str::to_owned).collect();
    Ok((lines, steps.iter().map(|s| s.line).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> Course {
        let course = Course::default();
        assert_eq!(course.load_error, None);
        course
    }

    fn find(course: &Course, kind: layerlab_lessons::Kind) -> (usize, usize) {
        for (li, l) in course.lessons.iter().enumerate() {
            if let Some(ei) = l.exercises.iter().position(|e| e.kind() == kind) {
                return (li, ei);
            }
        }
        panic!("no {kind:?} exercise")
    }

    #[test]
    fn a_wrong_then_right_argv_keeps_the_pass_and_opens_the_solution() {
        let c = course();
        let (lesson, exercise) = find(&c, layerlab_lessons::Kind::PredictArgv);
        let wrong = c
            .reduce(LessonAction::Check { lesson, exercise, input: Input::Words("nonsense 'two words'".into()) })
            .unwrap();
        let attempt = wrong.attempt(lesson, exercise);
        let grade = attempt.grade.unwrap();
        assert!(!grade.passed);
        assert!(!grade.explanation.is_empty(), "the resolver's reasoning explains a wrong answer");
        assert!(attempt.solution.is_none());
        let Reference::Argv { argv, .. } = reference(&c.lessons[lesson].exercises[exercise]) else {
            panic!("an argv reference")
        };
        // Typed as a shell line: each word quoted, so spaces inside a word survive.
        let typed = argv.iter().map(|w| format!("'{}'", w.replace('\'', "'\\''"))).collect::<Vec<_>>().join(" ");
        let right = wrong.reduce(LessonAction::Check { lesson, exercise, input: Input::Words(typed) }).unwrap();
        assert!(right.attempt(lesson, exercise).grade.unwrap().passed);
        assert!(right.attempt(lesson, exercise).solution.is_some(), "a pass opens the solution");
        let l = &c.lessons[lesson];
        assert!(right.progress.passed(&l.id, &l.exercises[exercise].id));
        assert_eq!(right.progress.lessons[&l.id].exercises[&l.exercises[exercise].id].attempts, 2);
    }

    #[test]
    fn cache_lines_are_the_edited_dockerfile_and_its_layer_steps() {
        let c = course();
        let (lesson, exercise) = find(&c, layerlab_lessons::Kind::PredictCache);
        let (lines, steps) = cache_lines(&c.lessons[lesson].exercises[exercise].task).unwrap();
        assert!(!steps.is_empty());
        for line in &steps {
            let text = &lines[line - 1];
            assert!(
                ["RUN", "COPY", "ADD", "WORKDIR"].iter().any(|k| text.trim_start().to_uppercase().starts_with(k)),
                "line {line} {text:?} is a layer step"
            );
        }
        let none = c.reduce(LessonAction::Check { lesson, exercise, input: Input::Lines(BTreeSet::new()) }).unwrap();
        assert!(none.attempt(lesson, exercise).grade.is_some());
    }

    #[test]
    fn hints_stop_at_the_last_one() {
        let c = course();
        let (lesson, exercise) = (0..c.lessons.len())
            .find_map(|l| c.lessons[l].exercises.iter().position(|e| !e.hints.is_empty()).map(|e| (l, e)))
            .expect("an exercise with hints");
        let total = c.lessons[lesson].exercises[exercise].hints.len();
        let mut next = c.clone();
        for _ in 0..total + 3 {
            next = next.reduce(LessonAction::MoreHints { lesson, exercise }).unwrap();
        }
        assert_eq!(next.attempt(lesson, exercise).hints, total);
    }
}
