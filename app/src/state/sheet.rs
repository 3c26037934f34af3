//! The open worksheet's work as the reducer holds it and as it is kept
//! (`sheet_work::SheetWork`): made from the course's forms and attempts for
//! saving, and restored into them when the worksheet opens — a kept Check
//! is graded again by the engine, never read back as a stored verdict.

use std::rc::Rc;

use super::answer::{answer, reference};
use super::lessons::{Course, Slot};
use crate::sheet_work::{entry, SheetWork, Work, FORMAT};

impl Course {
    /// The open worksheet's work and its storage key (`None`: no worksheet open).
    pub fn sheet_work(&self) -> Option<(String, SheetWork)> {
        let sheet = self.sheet.as_ref()?.as_ref().ok()?;
        let key = self.sheet_key.clone()?;
        let mut work = SheetWork { format: FORMAT, ..SheetWork::default() };
        for (i, exercise) in sheet.exercises.iter().enumerate() {
            let name = self.key(Slot::Sheet(i));
            let (input, attempt) = (self.inputs.get(&name), self.attempts.get(&name));
            if input.is_none() && attempt.is_none() {
                continue;
            }
            let attempt = attempt.cloned().unwrap_or_default();
            let kept = Work {
                input: input.cloned(),
                checked: attempt.checked,
                hints: attempt.hints,
                solution: attempt.solution.is_some(),
            };
            work.exercises.insert(entry(i, &exercise.id), kept);
        }
        Some((key, work))
    }

    /// Puts kept work back on the open worksheet's exercises; entries for
    /// other exercises and forms of another kind are left out.
    pub(super) fn restore(&mut self, work: &SheetWork) {
        let Some(Ok(sheet)) = self.sheet.clone() else { return };
        for (i, exercise) in sheet.exercises.iter().enumerate() {
            let Some(kept) = work.exercises.get(&entry(i, &exercise.id)) else { continue };
            let key = self.key(Slot::Sheet(i));
            if let Some(input) = kept.input.clone().filter(|input| input.fits(&exercise.task)) {
                self.inputs.insert(key.clone(), input);
            }
            let attempt = self.attempts.entry(key).or_default();
            attempt.hints = kept.hints.min(exercise.hints.len());
            if let Some(checked) = kept.checked.clone().filter(|input| input.fits(&exercise.task)) {
                match answer(&exercise.task, checked.clone()) {
                    Ok(answer) => attempt.grade = Some(Rc::new(layerlab_lessons::grade(exercise, &answer))),
                    Err(why) => attempt.error = Some(why),
                }
                attempt.checked = Some(checked);
            }
            if kept.solution || attempt.grade.as_ref().is_some_and(|g| g.passed) {
                attempt.solution = Some(Rc::new(reference(exercise)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::lessons::{Input, LessonAction, Screen};
    use crate::worksheet::Worksheet;
    use layerlab_lessons::{Kind, Task};

    /// A worksheet of a lesson's first fix-it and first predict-argv.
    fn sheet(course: &Course) -> Worksheet {
        let find = |kind: Kind| {
            course.lessons.iter().flat_map(|l| &l.exercises).find(|e| e.kind() == kind).cloned().expect("an exercise")
        };
        Worksheet {
            title: "Week 2".into(),
            exercises: vec![find(Kind::FixIt), find(Kind::PredictArgv)],
            ..Worksheet::default()
        }
    }

    fn open(course: &Course, sheet: &Worksheet, work: SheetWork) -> Course {
        course.reduce(LessonAction::OpenSheet { sheet: Ok(Rc::new(sheet.clone())), work }).expect("it opens")
    }

    #[test]
    fn work_on_a_worksheet_comes_back_with_its_grades_recomputed() {
        let course = Course::default();
        let sheet = sheet(&course);
        let Task::FixIt { solution, .. } = &sheet.exercises[0].task else { unreachable!() };
        let opened = open(&course, &sheet, SheetWork::default());
        assert_eq!(opened.sheet_work().map(|(_, w)| w.exercises.len()), Some(0), "nothing entered, nothing kept");

        // The fix-it answered with the model Dockerfile and checked; the
        // argv half typed and never checked; a hint opened on the fix-it.
        let fixed = Input::Dockerfile { dockerfile: solution.dockerfile.clone(), run: solution.run_line().to_owned() };
        let worked = opened
            .reduce(LessonAction::Input { slot: Slot::Sheet(0), input: fixed.clone() })
            .and_then(|c| c.reduce(LessonAction::Check { slot: Slot::Sheet(0), input: fixed.clone(), now: 1 }))
            .and_then(|c| c.reduce(LessonAction::MoreHints(Slot::Sheet(0))))
            .and_then(|c| {
                c.reduce(LessonAction::Input { slot: Slot::Sheet(1), input: Input::Words("/bin/sh -c".into()) })
            })
            .expect("each step changes the course");
        let (key, work) = worked.sheet_work().expect("a worksheet is open");
        assert_eq!(key, crate::sheet_work::key(&sheet));
        let json = serde_json::to_string(&work).unwrap();

        // A reload: a fresh course opens the same link with what was kept.
        let reloaded = open(&Course::default(), &sheet, crate::sheet_work::read(&json).unwrap());
        assert_eq!(reloaded.screen, Screen::Sheet);
        assert_eq!(reloaded.input(Slot::Sheet(0)), Some(fixed));
        assert_eq!(reloaded.input(Slot::Sheet(1)), Some(Input::Words("/bin/sh -c".into())));
        let first = reloaded.attempt(Slot::Sheet(0));
        assert!(first.grade.expect("graded again").passed, "the model answer passes in the engine");
        assert!(first.solution.is_some(), "a pass shows the solution");
        assert_eq!(first.hints, worked.attempt(Slot::Sheet(0)).hints);
        assert!(reloaded.attempt(Slot::Sheet(1)).grade.is_none(), "never checked");
        assert_eq!(reloaded.sheet_work(), Some((key, work)));
    }

    #[test]
    fn kept_work_that_does_not_fit_is_left_out() {
        let course = Course::default();
        let sheet = sheet(&course);
        let mut work = SheetWork { format: FORMAT, ..SheetWork::default() };
        // A Words form on the fix-it, and an entry naming another exercise.
        let wrong_form =
            Work { input: Some(Input::Words("x".into())), checked: Some(Input::Words("x".into())), ..Work::default() };
        work.exercises.insert(entry(0, &sheet.exercises[0].id), wrong_form);
        let other = Work { input: Some(Input::Words("y".into())), ..Work::default() };
        work.exercises.insert(entry(1, "not-this-one"), other);
        let opened = open(&course, &sheet, work);
        assert_eq!(opened.input(Slot::Sheet(0)), opened.exercise(Slot::Sheet(0)).map(Input::first));
        assert!(opened.attempt(Slot::Sheet(0)).grade.is_none());
        assert_eq!(opened.input(Slot::Sheet(1)), Some(Input::Words(String::new())));
    }
}
