//! A lesson: its explanation, the worked example (which opens in the
//! playground, keeping the learner's project restorable), the
//! interview-ready answer (collapsed until asked for) and the exercises.

use yew::prelude::*;

use crate::components::app::Commit;
use crate::components::exercise::ExerciseView;
use crate::components::header::keep_previous;
use crate::components::markdown::MarkdownView;
use crate::components::runnable::RunnableCode;
use crate::state::{Action, LessonAction, Screen, Slot, State};

#[derive(Properties, PartialEq)]
pub struct LessonProps {
    pub state: UseReducerHandle<State>,
    pub commit: Commit,
    pub lesson: usize,
}

#[function_component(LessonView)]
pub fn lesson_view(props: &LessonProps) -> Html {
    let state = &props.state;
    let course = &state.course;
    let Some(lesson) = course.lessons.get(props.lesson) else { return html! {} };
    let show = |screen: Screen| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Lesson(LessonAction::Show(screen))))
    };
    let example = &lesson.example;
    let on_open = {
        let (state, commit) = (state.clone(), props.commit.clone());
        let (spec, title) = (example.project.clone(), example.title.clone());
        Callback::from(move |_: MouseEvent| {
            // The learner's own project stays restorable (the Replaced notice's "Restore it").
            keep_previous(&state, &format!("the lesson example “{title}”"));
            commit.emit((spec.to_project(), format!("Opened the lesson example “{title}”. Build it: Ctrl+Enter.")));
            state.dispatch(Action::RunLine(spec.run_line().to_owned()));
            state.dispatch(Action::Lesson(LessonAction::Show(Screen::Playground)));
        })
    };
    let total = lesson.exercises.len();
    let done = course.progress.passed_count(&lesson.id, lesson.exercises.iter().map(|e| e.id.as_str()));
    let (prev, next) = (props.lesson.checked_sub(1), Some(props.lesson + 1).filter(|&n| n < course.lessons.len()));
    html! {
        <article class="lesson" data-testid="lesson" data-id={lesson.id.clone()}>
            <nav class="lesson-nav">
                <button class="header-button" data-testid="back-to-index" onclick={show(Screen::Index)}>{ "← All lessons" }</button>
                <span class="lesson-progress" data-testid="lesson-progress" data-done={done.to_string()}>
                    <progress max={total.to_string()} value={done.to_string()}></progress>{ format!(" {done}/{total} exercises") }
                </span>
                if let Some(p) = prev { <button class="header-button" onclick={show(Screen::Lesson(p))}>{ "Previous" }</button> }
                if let Some(n) = next { <button class="header-button" data-testid="next-lesson" onclick={show(Screen::Lesson(n))}>{ "Next lesson →" }</button> }
            </nav>
            <h2 class="lesson-title">{ format!("{}. {}", lesson.number, lesson.title) }</h2>
            <p class="lesson-topics">{ for lesson.topics.iter().map(|t| html! { <span class="topic">{ t }</span> }) }</p>
            <MarkdownView md={lesson.explanation.clone()} />
            <section class="lesson-example" data-testid="example-section">
                <h3>{ "Worked example: " }{ &example.title }</h3>
                <MarkdownView md={example.walkthrough.clone()} />
                <pre class="md-code" data-language="dockerfile"><code>{ &example.project.dockerfile }</code></pre>
                <div class="lesson-example-actions">
                    <button class="exercise-check" data-testid="open-example" onclick={on_open}>{ "Open in playground" }</button>
                    <code>{ format!("$ {}", example.project.run_line()) }</code>
                </div>
                if !example.commands.is_empty() {
                    <div class="md-terminal">
                        { for example.commands.iter().map(|c| html! {
                            <RunnableCode command={AttrValue::from(c.clone())} />
                        }) }
                    </div>
                }
            </section>
            <details class="lesson-interview" data-testid="interview-answer">
                <summary>{ "Interview-ready answer" }</summary>
                <MarkdownView md={lesson.interview_answer.clone()} />
            </details>
            <section class="lesson-exercises">
                <h3>{ "Exercises" }</h3>
                { for (0..total).map(|i| html! {
                    <ExerciseView key={format!("{}/{}", lesson.id, i)} state={state.clone()} slot={Slot::Lesson { lesson: props.lesson, exercise: i }} />
                }) }
            </section>
        </article>
    }
}
