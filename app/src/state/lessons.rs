//! The lessons' part of the reducer: the course (every embedded lesson, read
//! once), which screen shows, each exercise's last Check with the hints and
//! solution asked for, the learner's progress, and the practice modes — the
//! review queue, drills, an interview, a teacher's worksheet (opened from a
//! link, or the draft being composed). Grading is the lessons crate's
//! (`layerlab_lessons::grade`, which runs the core); nothing here compares
//! strings. The clock is the caller's (`now`, ms since the epoch).

use std::collections::BTreeMap;
use std::rc::Rc;

use layerlab_lessons::{Exercise, Grade, Kind, Lesson, Task};

pub use super::answer::{answer, cache_lines, reference, CacheLines, Input, Reference};
pub use super::practice::{Interview, INTERVIEW_QUESTIONS};
use crate::progress::Progress;
use crate::sheet_work::SheetWork;
use crate::worksheet::Worksheet;

/// What fills the main area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Playground,
    Index,
    /// A lesson, by index into `Course::lessons`.
    Lesson(usize),
    Review,
    Drill,
    Interview,
    /// A worksheet opened from a teacher's link.
    Sheet,
    /// A teacher composing a worksheet.
    Compose,
}

/// Where an exercise on screen comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Lesson { lesson: usize, exercise: usize },
    Drill,
    Sheet(usize),
    Interview(usize),
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
    /// The answer of the last Check, as entered (kept with a worksheet's work).
    pub checked: Option<Input>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    pub lessons: Rc<Vec<Lesson>>,
    /// Why the embedded lessons did not load (a bug caught by the crate's tests).
    pub load_error: Option<String>,
    pub screen: Screen,
    /// By [`Course::key`].
    pub attempts: BTreeMap<String, Attempt>,
    /// By [`Course::key`], made when the exercise first shows.
    pub cache_lines: BTreeMap<String, CacheLines>,
    /// The forms as entered, by [`Course::key`] (an exercise not here shows
    /// its empty form), so an answer outlives its screen.
    pub inputs: BTreeMap<String, Input>,
    pub progress: Progress,
    /// The review queue as it was when the review opened, so an exercise
    /// checked there stays on screen with its grade.
    pub review: Vec<(usize, usize)>,
    pub drill: Option<Rc<Exercise>>,
    pub interview: Option<Rc<Interview>>,
    /// A worksheet from a link, or why the link did not open.
    pub sheet: Option<Result<Rc<Worksheet>, String>>,
    /// Where the open worksheet's work is kept (`sheet_work::key`).
    pub sheet_key: Option<String>,
    /// The worksheet being composed.
    pub draft: Rc<Worksheet>,
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
            inputs: BTreeMap::new(),
            progress: Progress::default(),
            review: Vec::new(),
            drill: None,
            interview: None,
            sheet: None,
            sheet_key: None,
            draft: Rc::new(Worksheet::default()),
        }
    }
}

#[derive(Debug, Clone)]
pub enum LessonAction {
    Show(Screen),
    /// Check an exercise's answer at `now`.
    Check {
        slot: Slot,
        input: Input,
        now: u64,
    },
    /// An exercise's form was edited.
    Input {
        slot: Slot,
        input: Input,
    },
    /// Show the next general hint.
    MoreHints(Slot),
    ShowSolution(Slot),
    /// Progress read from a file.
    Import(Progress),
    /// Open the review queue as it is at `now`.
    StartReview {
        now: u64,
    },
    /// A drill question of `kind` for `seed`.
    Drill {
        kind: Kind,
        seed: u64,
    },
    StartInterview {
        seed: u64,
        timed: bool,
        now: u64,
    },
    /// Leave the current question unanswered.
    SkipQuestion,
    /// End the interview (the time ran out, or the learner stopped).
    FinishInterview,
    /// Open a worksheet (from a link, or the draft to try it) with the work
    /// kept for it in this browser (`sheet_work::open` reads it).
    OpenSheet {
        sheet: Result<Rc<Worksheet>, String>,
        work: SheetWork,
    },
    /// The composed worksheet changed.
    Draft(Rc<Worksheet>),
}

impl Course {
    /// The exercise in `slot`.
    pub fn exercise(&self, slot: Slot) -> Option<&Exercise> {
        match slot {
            Slot::Lesson { lesson, exercise } => self.lessons.get(lesson)?.exercises.get(exercise),
            Slot::Drill => self.drill.as_deref(),
            Slot::Sheet(i) => self.sheet.as_ref()?.as_ref().ok()?.exercises.get(i),
            Slot::Interview(i) => {
                let (lesson, exercise) = *self.interview.as_ref()?.questions.get(i)?;
                self.lessons.get(lesson)?.exercises.get(exercise)
            }
        }
    }

    /// The lesson an exercise in `slot` belongs to (progress is kept for those).
    pub fn lesson_of(&self, slot: Slot) -> Option<&Lesson> {
        match slot {
            Slot::Lesson { lesson, .. } => self.lessons.get(lesson),
            Slot::Interview(i) => self.lessons.get(self.interview.as_ref()?.questions.get(i)?.0),
            Slot::Drill | Slot::Sheet(_) => None,
        }
    }

    /// The attempt's key: `LESSON/EXERCISE` for a lesson's, else the mode's.
    pub fn key(&self, slot: Slot) -> String {
        let id = self.exercise(slot).map_or("", |e| e.id.as_str());
        match slot {
            Slot::Lesson { .. } => format!("{}/{id}", self.lesson_of(slot).map_or("", |l| l.id.as_str())),
            Slot::Drill => format!("drill/{id}"),
            Slot::Sheet(i) => format!("sheet/{i}/{id}"),
            Slot::Interview(i) => format!("interview/{i}/{id}"),
        }
    }

    pub fn attempt(&self, slot: Slot) -> Attempt {
        self.attempts.get(&self.key(slot)).cloned().unwrap_or_default()
    }

    /// The exercise's form as entered, else its empty form.
    pub fn input(&self, slot: Slot) -> Option<Input> {
        let exercise = self.exercise(slot)?;
        let kept = self.inputs.get(&self.key(slot)).filter(|i| i.fits(&exercise.task));
        Some(kept.cloned().unwrap_or_else(|| Input::first(exercise)))
    }

    /// Whether the exercise counts as passed: in the progress for a lesson's,
    /// else by its last Check.
    pub fn passed(&self, slot: Slot) -> bool {
        match (slot, self.lesson_of(slot), self.exercise(slot)) {
            (Slot::Lesson { .. }, Some(l), Some(e)) => self.progress.passed(&l.id, &e.id),
            _ => self.attempt(slot).grade.is_some_and(|g| g.passed),
        }
    }

    /// Makes a predict-cache exercise's lines to tick, once.
    fn prepare(&mut self, slot: Slot) {
        let Some(e) = self.exercise(slot) else { return };
        if matches!(e.task, Task::PredictCache { .. }) {
            let lines = Rc::new(cache_lines(&e.task));
            self.cache_lines.entry(self.key(slot)).or_insert(lines);
        }
    }

    fn forget(&mut self, prefix: &str) {
        self.attempts.retain(|k, _| !k.starts_with(prefix));
        self.cache_lines.retain(|k, _| !k.starts_with(prefix));
        self.inputs.retain(|k, _| !k.starts_with(prefix));
    }

    /// The next course state, or `None` when nothing changed.
    pub fn reduce(&self, action: LessonAction) -> Option<Course> {
        let mut next = self.clone();
        match action {
            LessonAction::Show(screen) => {
                if let Screen::Lesson(i) = screen {
                    let lesson = self.lessons.get(i)?;
                    next.progress.open(&lesson.id);
                    for exercise in 0..lesson.exercises.len() {
                        next.prepare(Slot::Lesson { lesson: i, exercise });
                    }
                }
                next.screen = screen;
            }
            LessonAction::Check { slot, input, now } => return self.check(slot, input, now),
            LessonAction::Input { slot, input } => {
                if self.input(slot)? == input {
                    return None;
                }
                next.inputs.insert(self.key(slot), input);
            }
            LessonAction::MoreHints(slot) => {
                let total = self.exercise(slot)?.hints.len();
                let attempt = next.attempts.entry(self.key(slot)).or_default();
                attempt.hints = (attempt.hints + 1).min(total);
            }
            LessonAction::ShowSolution(slot) => {
                let solution = Rc::new(reference(self.exercise(slot)?));
                next.attempts.entry(self.key(slot)).or_default().solution = Some(solution);
            }
            LessonAction::Import(progress) => next.progress = progress,
            LessonAction::StartReview { now } => {
                next.review = self.progress.due(&self.lessons, now);
                for &(lesson, exercise) in &next.review.clone() {
                    let slot = Slot::Lesson { lesson, exercise };
                    // A fresh try: the last grade and solution are not shown again.
                    let key = next.key(slot);
                    next.attempts.remove(&key);
                    next.inputs.remove(&key);
                    next.prepare(slot);
                }
                next.screen = Screen::Review;
            }
            LessonAction::Drill { kind, seed } => {
                next.forget("drill/");
                next.drill = Some(Rc::new(super::practice::drill(kind, seed)));
                next.prepare(Slot::Drill);
                next.screen = Screen::Drill;
            }
            LessonAction::StartInterview { seed, timed, now } => {
                next.forget("interview/");
                let questions = layerlab_lessons::interview_set(&self.lessons, seed, INTERVIEW_QUESTIONS);
                let count = questions.len();
                next.interview = Some(Rc::new(Interview::new(questions, timed, now)));
                for i in 0..count {
                    next.prepare(Slot::Interview(i));
                }
                next.screen = Screen::Interview;
            }
            LessonAction::SkipQuestion => {
                let mut interview = (**self.interview.as_ref()?).clone();
                interview.advance();
                next.interview = Some(Rc::new(interview));
            }
            LessonAction::FinishInterview => {
                let mut interview = (**self.interview.as_ref()?).clone();
                if interview.finished {
                    return None;
                }
                interview.finished = true;
                next.interview = Some(Rc::new(interview));
            }
            LessonAction::OpenSheet { sheet, work } => {
                next.forget("sheet/");
                let count = sheet.as_ref().map_or(0, |s| s.exercises.len());
                next.sheet_key = sheet.as_ref().ok().map(|s| crate::sheet_work::key(s));
                next.sheet = Some(sheet);
                for i in 0..count {
                    next.prepare(Slot::Sheet(i));
                }
                next.restore(&work);
                next.screen = Screen::Sheet;
            }
            LessonAction::Draft(draft) => next.draft = draft,
        }
        Some(next)
    }

    /// A Check: the crate grades; a lesson's exercise (also asked in an
    /// interview) updates the progress and its review card.
    fn check(&self, slot: Slot, input: Input, now: u64) -> Option<Course> {
        let mut next = self.clone();
        let e = self.exercise(slot)?;
        let key = self.key(slot);
        if let Slot::Interview(i) = slot {
            let interview = self.interview.as_ref()?;
            if interview.finished || i != interview.current {
                return None;
            }
            if interview.out_of_time(now) {
                return self.reduce(LessonAction::FinishInterview);
            }
        }
        let answer = match answer(&e.task, input.clone()) {
            Ok(answer) => answer,
            Err(why) => {
                let attempt = next.attempts.entry(key).or_default();
                attempt.error = Some(why);
                attempt.checked = Some(input);
                return Some(next);
            }
        };
        let grade = layerlab_lessons::grade(e, &answer);
        if let Some(l) = self.lesson_of(slot) {
            next.progress.record(&l.id, &e.id, grade.passed, now);
        }
        let attempt = next.attempts.entry(key).or_default();
        if grade.passed && attempt.solution.is_none() {
            attempt.solution = Some(Rc::new(reference(e)));
        }
        attempt.grade = Some(Rc::new(grade));
        attempt.error = None;
        attempt.checked = Some(input);
        if let Slot::Interview(i) = slot {
            let mut interview = (**self.interview.as_ref()?).clone();
            interview.answered[i] = true;
            interview.advance();
            next.interview = Some(Rc::new(interview));
        }
        Some(next)
    }

    /// An interview's score: (passed, asked).
    pub fn interview_score(&self) -> (usize, usize) {
        let Some(interview) = self.interview.as_ref() else { return (0, 0) };
        let passed = (0..interview.questions.len())
            .filter(|&i| self.attempt(Slot::Interview(i)).grade.is_some_and(|g| g.passed))
            .count();
        (passed, interview.questions.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn course() -> Course {
        let course = Course::default();
        assert_eq!(course.load_error, None);
        course
    }

    fn find(course: &Course, kind: Kind) -> Slot {
        for (lesson, l) in course.lessons.iter().enumerate() {
            if let Some(exercise) = l.exercises.iter().position(|e| e.kind() == kind) {
                return Slot::Lesson { lesson, exercise };
            }
        }
        panic!("no {kind:?} exercise")
    }

    /// The engine's argv typed as a shell line: each word quoted.
    fn typed(exercise: &Exercise) -> String {
        let Reference::Argv { argv, .. } = reference(exercise) else { panic!("an argv reference") };
        argv.iter().map(|w| format!("'{}'", w.replace('\'', "'\\''"))).collect::<Vec<_>>().join(" ")
    }

    const NOW: u64 = 1_800_000_000_000;

    #[test]
    fn a_wrong_then_right_argv_keeps_the_pass_and_opens_the_solution() {
        let c = course();
        let slot = find(&c, Kind::PredictArgv);
        let wrong = c
            .reduce(LessonAction::Check { slot, input: Input::Words("nonsense 'two words'".into()), now: NOW })
            .unwrap();
        let attempt = wrong.attempt(slot);
        let grade = attempt.grade.unwrap();
        assert!(!grade.passed);
        assert!(!grade.explanation.is_empty(), "the resolver's reasoning explains a wrong answer");
        assert!(attempt.solution.is_none());
        let input = Input::Words(typed(c.exercise(slot).unwrap()));
        let right = wrong.reduce(LessonAction::Check { slot, input, now: NOW + 1 }).unwrap();
        assert!(right.attempt(slot).grade.unwrap().passed);
        assert!(right.attempt(slot).solution.is_some(), "a pass opens the solution");
        let (l, e) = (c.lesson_of(slot).unwrap(), c.exercise(slot).unwrap());
        assert!(right.progress.passed(&l.id, &e.id));
        assert_eq!(right.progress.lessons[&l.id].exercises[&e.id].attempts, 2);
    }

    #[test]
    fn cache_lines_are_the_edited_dockerfile_and_its_layer_steps() {
        let c = course();
        let slot = find(&c, Kind::PredictCache);
        let (lines, steps) = cache_lines(&c.exercise(slot).unwrap().task).unwrap();
        assert!(!steps.is_empty());
        for line in &steps {
            let text = &lines[line - 1];
            assert!(
                ["RUN", "COPY", "ADD", "WORKDIR"].iter().any(|k| text.trim_start().to_uppercase().starts_with(k)),
                "line {line} {text:?} is a layer step"
            );
        }
        let none = c.reduce(LessonAction::Check { slot, input: Input::Lines(BTreeSet::new()), now: NOW }).unwrap();
        assert!(none.attempt(slot).grade.is_some());
    }

    #[test]
    fn hints_stop_at_the_last_one() {
        let c = course();
        let slot = (0..c.lessons.len())
            .find_map(|lesson| {
                let exercise = c.lessons[lesson].exercises.iter().position(|e| !e.hints.is_empty())?;
                Some(Slot::Lesson { lesson, exercise })
            })
            .expect("an exercise with hints");
        let total = c.exercise(slot).unwrap().hints.len();
        let mut next = c.clone();
        for _ in 0..total + 3 {
            next = next.reduce(LessonAction::MoreHints(slot)).unwrap();
        }
        assert_eq!(next.attempt(slot).hints, total);
    }

    #[test]
    fn a_missed_exercise_comes_back_in_the_review_until_it_passes() {
        let c = course();
        let slot = find(&c, Kind::PredictArgv);
        let Slot::Lesson { lesson, exercise } = slot else { unreachable!() };
        let missed = c.reduce(LessonAction::Check { slot, input: Input::Words("no".into()), now: NOW }).unwrap();
        let review = missed.reduce(LessonAction::StartReview { now: NOW + 60_000 }).unwrap();
        assert_eq!(review.review, [(lesson, exercise)]);
        assert_eq!(review.screen, Screen::Review);
        assert!(review.attempt(slot).grade.is_none(), "a fresh try");
        let input = Input::Words(typed(c.exercise(slot).unwrap()));
        let passed = review.reduce(LessonAction::Check { slot, input, now: NOW + 120_000 }).unwrap();
        assert_eq!(passed.review, [(lesson, exercise)], "it stays on screen with its grade");
        assert!(passed.progress.due(&passed.lessons, NOW + 120_000).is_empty());
        assert_eq!(
            passed.progress.due(&passed.lessons, NOW + 120_000 + layerlab_lessons::DAY_MS),
            [(lesson, exercise)]
        );
    }

    #[test]
    fn an_interview_hides_grades_until_the_end_and_scores_them() {
        let c = course();
        let started = c.reduce(LessonAction::StartInterview { seed: 3, timed: true, now: NOW }).unwrap();
        let interview = started.interview.clone().unwrap();
        assert_eq!(interview.questions.len(), INTERVIEW_QUESTIONS);
        // The first answered right by the engine's own answer (or the correct options), the second skipped.
        let first = started.exercise(Slot::Interview(0)).unwrap().clone();
        let input = match &first.task {
            Task::Choose { options } => Input::Choices((0..options.len()).filter(|&i| options[i].correct).collect()),
            Task::PredictArgv { .. } => Input::Words(typed(&first)),
            _ => match reference(&first) {
                Reference::Rebuilt { steps } => {
                    Input::Lines(steps.iter().filter(|s| s.rebuilt).map(|s| s.line).collect())
                }
                other => panic!("{other:?}"),
            },
        };
        let answered = started.reduce(LessonAction::Check { slot: Slot::Interview(0), input, now: NOW + 1 }).unwrap();
        assert_eq!(answered.interview.as_ref().unwrap().current, 1);
        // Only the question on screen takes an answer.
        let stale = Input::Choices(BTreeSet::new());
        assert!(answered
            .reduce(LessonAction::Check { slot: Slot::Interview(0), input: stale, now: NOW + 2 })
            .is_none());
        let skipped = answered.reduce(LessonAction::SkipQuestion).unwrap();
        assert_eq!(skipped.interview.as_ref().unwrap().answered[..2], [true, false]);
        // Out of time: a late answer finishes the set instead of counting.
        let late_slot = Slot::Interview(2);
        let late = skipped
            .reduce(LessonAction::Check {
                slot: late_slot,
                input: Input::Choices(BTreeSet::new()),
                now: NOW + 10_000_000,
            })
            .unwrap();
        assert!(late.interview.as_ref().unwrap().finished);
        assert!(late.attempt(late_slot).grade.is_none());
        assert_eq!(late.interview_score(), (1, INTERVIEW_QUESTIONS));
        let lesson = &c.lessons[interview.questions[0].0];
        assert!(late.progress.passed(&lesson.id, &first.id), "an interview answer counts in the progress");
    }

    #[test]
    fn a_worksheets_exercises_are_graded_apart_from_the_progress() {
        let c = course();
        let slot = find(&c, Kind::PredictArgv);
        let exercise = c.exercise(slot).unwrap().clone();
        let sheet = Worksheet { title: "Class".into(), exercises: vec![exercise.clone()], ..Worksheet::default() };
        let opened =
            c.reduce(LessonAction::OpenSheet { sheet: Ok(Rc::new(sheet)), work: SheetWork::default() }).unwrap();
        assert_eq!(opened.screen, Screen::Sheet);
        let input = Input::Words(typed(&exercise));
        let done = opened.reduce(LessonAction::Check { slot: Slot::Sheet(0), input, now: NOW }).unwrap();
        assert!(done.passed(Slot::Sheet(0)));
        assert!(!done.passed(slot), "the lesson's own exercise is untouched");
        assert_eq!(done.progress, c.progress);
    }
}
