//! Interview mode: quick questions across topics, one at a time, timed or
//! not. An answer is graded when given but nothing is revealed until the
//! end: then the score, each question's grade and solution, and the
//! lesson's interview-ready answer (what a strong candidate would say).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::exercise::{choices, ExerciseView};
use crate::components::grade::{GradeView, SolutionView};
use crate::components::markdown::MarkdownView;
use crate::state::lessons::reference;
use crate::state::{Action, LessonAction, Screen, Slot, State};

#[derive(Properties, PartialEq)]
pub struct InterviewProps {
    pub state: UseReducerHandle<State>,
}

#[function_component(InterviewView)]
pub fn interview_view(props: &InterviewProps) -> Html {
    let course = &props.state.course;
    let now = use_state(|| js_sys::Date::now() as u64);
    let interview = course.interview.clone();
    let deadline = interview.as_ref().filter(|i| !i.finished).and_then(|i| i.deadline());
    // A timed set ticks every second and ends itself when the time is up.
    {
        let (now, state) = (now.clone(), props.state.clone());
        use_effect_with(deadline, move |deadline| {
            let interval = deadline.and_then(|deadline| {
                let tick = Closure::<dyn Fn()>::new(move || {
                    let t = js_sys::Date::now() as u64;
                    now.set(t);
                    if t >= deadline {
                        state.dispatch(Action::Lesson(LessonAction::FinishInterview));
                    }
                });
                let window = web_sys::window()?;
                let id = window
                    .set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), 1000)
                    .ok()?;
                Some((id, tick))
            });
            move || {
                if let (Some((id, _tick)), Some(window)) = (interval, web_sys::window()) {
                    window.clear_interval_with_handle(id);
                }
            }
        });
    }
    let Some(interview) = interview else { return html! {} };
    let dispatch = |action: LessonAction| {
        let state = props.state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Lesson(action.clone())))
    };
    let total = interview.questions.len();
    let nav = html! {
        <nav class="lesson-nav">
            <button class="header-button" data-testid="back-to-index" onclick={dispatch(LessonAction::Show(Screen::Index))}>{ "← All lessons" }</button>
        </nav>
    };
    if !interview.finished {
        let i = interview.current;
        let left = deadline.map(|d| d.saturating_sub(*now) / 1000);
        let lesson = course.lesson_of(Slot::Interview(i)).map(|l| l.id.clone()).unwrap_or_default();
        return html! {
            <article class="lesson" data-testid="interview" data-finished="false" data-question={i.to_string()} data-lesson={lesson}>
                { nav }
                <h2 class="lesson-title">{ "Interview mode" }</h2>
                <div class="interview-bar">
                    <span data-testid="interview-position">{ format!("Question {} of {total}", i + 1) }</span>
                    <progress max={total.to_string()} value={i.to_string()}></progress>
                    if let Some(left) = left {
                        <span class="interview-timer" data-testid="interview-timer" role="timer">
                            { format!("{}:{:02} left", left / 60, left % 60) }
                        </span>
                    } else {
                        <span class="interview-timer">{ "Untimed" }</span>
                    }
                </div>
                <p class="interview-lead">{ "Answer as you would in an interview. Nothing is marked until the end." }</p>
                <ExerciseView key={format!("interview/{i}")} state={props.state.clone()} slot={Slot::Interview(i)} blind=true />
                <div class="interview-next">
                    <button class="exercise-button" data-testid="skip-question" onclick={dispatch(LessonAction::SkipQuestion)}>{ "Skip" }</button>
                    <button class="exercise-button" data-testid="finish-interview" onclick={dispatch(LessonAction::FinishInterview)}>{ "End the interview" }</button>
                </div>
            </article>
        };
    }
    let (passed, asked) = course.interview_score();
    let results = (0..total).map(|i| {
        let slot = Slot::Interview(i);
        let (Some(exercise), Some(lesson)) = (course.exercise(slot), course.lesson_of(slot)) else { return html! {} };
        let attempt = course.attempt(slot);
        let verdict = match attempt.grade.as_ref() {
            Some(g) if g.passed => "right",
            Some(_) => "wrong",
            None => "unanswered",
        };
        html! {
            <li class={classes!("interview-result", format!("interview-{verdict}"))} data-testid="interview-result"
                data-verdict={verdict} data-id={exercise.id.clone()} data-lesson={lesson.id.clone()}>
                <h4 class="interview-question">
                    <span class="interview-verdict">{ match verdict { "right" => "✓ Right", "wrong" => "✗ Wrong", _ => "— Not answered" } }</span>
                    { format!(" {}. {} — {}", i + 1, exercise.title, lesson.title) }
                </h4>
                if let Some(grade) = attempt.grade.clone() {
                    <GradeView {grade} />
                }
                <SolutionView reference={std::rc::Rc::new(reference(exercise))} options={choices(exercise)} explanation={exercise.explanation.clone()} />
                <section class="interview-model" data-testid="model-answer">
                    <h5 class="solution-title">{ "Interview-ready answer" }</h5>
                    <MarkdownView md={lesson.interview_answer.clone()} />
                </section>
            </li>
        }
    });
    let again = {
        let (state, timed) = (props.state.clone(), interview.limit.is_some());
        Callback::from(move |_: MouseEvent| {
            let now = js_sys::Date::now() as u64;
            let seed = now ^ (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
            state.dispatch(Action::Lesson(LessonAction::StartInterview { seed, timed, now }))
        })
    };
    html! {
        <article class="lesson" data-testid="interview" data-finished="true">
            { nav }
            <h2 class="lesson-title">{ "Interview mode: results" }</h2>
            <p class="interview-score" data-testid="interview-score" data-passed={passed.to_string()} data-total={asked.to_string()}>
                { format!("You scored {passed} of {asked}.") }
            </p>
            <ol class="interview-results">{ for results }</ol>
            <div class="interview-next">
                <button class="exercise-check" data-testid="interview-again" onclick={again}>{ "Another set" }</button>
            </div>
        </article>
    }
}
