//! One exercise: its prompt, the form for its kind (words, ticked steps, an
//! inline Dockerfile editor, docker lines, options), the Check button and
//! what the crate's grade says, hints one at a time, the reference solution.

use std::collections::BTreeSet;

use layerlab_lessons::{Exercise, Task};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::grade::{GradeView, SolutionView};
use crate::components::markdown::{inline, MarkdownView};
use crate::state::lessons::Input;
use crate::state::{Action, LessonAction, Slot, State};

#[derive(Properties, PartialEq)]
pub struct ExerciseProps {
    pub state: UseReducerHandle<State>,
    pub slot: Slot,
    /// Interview mode: the Check records the answer but shows no grade,
    /// hint or solution (they come at the end).
    #[prop_or_default]
    pub blind: bool,
}

#[function_component(ExerciseView)]
pub fn exercise_view(props: &ExerciseProps) -> Html {
    let course = &props.state.course;
    let slot = props.slot;
    let Some(exercise) = course.exercise(slot) else { return html! {} };
    let attempt = course.attempt(slot);
    // The form lives in the reducer, so it outlives this screen (and a
    // worksheet's is kept in storage).
    let input = course.input(slot).unwrap_or_else(|| Input::first(exercise));
    let set = {
        let state = props.state.clone();
        Callback::from(move |input: Input| state.dispatch(Action::Lesson(LessonAction::Input { slot, input })))
    };
    let dispatch = |action: LessonAction| {
        let state = props.state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Lesson(action.clone())))
    };
    let on_check = {
        let (state, input) = (props.state.clone(), input.clone());
        Callback::from(move |_: MouseEvent| {
            let now = js_sys::Date::now() as u64;
            state.dispatch(Action::Lesson(LessonAction::Check { slot, input: input.clone(), now }))
        })
    };
    let passed = course.passed(slot) && !props.blind;
    let form = form(exercise, &input, &set, course.cache_lines.get(&course.key(slot)).cloned());
    let grade_failed = attempt.grade.as_ref().is_some_and(|g| !g.passed);
    let more_hints = attempt.hints < exercise.hints.len();
    let blind = props.blind;
    html! {
        <article class="exercise" data-testid="exercise" data-id={exercise.id.clone()} data-kind={exercise.kind().as_str()}
            data-passed={passed.to_string()}>
            <header class="exercise-head">
                <span class="exercise-kind">{ kind_title(exercise) }</span>
                <h4 class="exercise-title">{ &exercise.title }</h4>
                if passed { <span class="exercise-done" data-testid="exercise-done">{ "✓ Passed" }</span> }
            </header>
            <MarkdownView md={exercise.prompt.clone()} />
            { form }
            <div class="exercise-actions">
                <button class="exercise-check" data-testid="check" onclick={on_check}>{ if blind { "Answer" } else { "Check" } }</button>
                if !blind && grade_failed && more_hints {
                    <button class="exercise-button" data-testid="more-hint" onclick={dispatch(LessonAction::MoreHints(slot))}>
                        { if attempt.hints == 0 { "Show a hint" } else { "Another hint" } }
                    </button>
                }
                if !blind && attempt.solution.is_none() {
                    <button class="exercise-button" data-testid="show-solution" onclick={dispatch(LessonAction::ShowSolution(slot))}>
                        { "Show the solution" }
                    </button>
                }
            </div>
            if let Some(error) = attempt.error.clone() {
                <p class="exercise-error" role="alert">{ error }</p>
            }
            if !blind {
                if let Some(grade) = attempt.grade.clone() {
                    <GradeView {grade} />
                }
                if attempt.hints > 0 {
                    <ol class="exercise-hints" data-testid="hints">
                        { for exercise.hints.iter().take(attempt.hints).map(|h| html! { <li>{ inline(h) }</li> }) }
                    </ol>
                }
                if let Some(reference) = attempt.solution.clone() {
                    <SolutionView {reference} options={choices(exercise)} explanation={exercise.explanation.clone()} />
                }
            }
        </article>
    }
}

pub fn kind_title(exercise: &Exercise) -> &'static str {
    match exercise.task {
        Task::PredictArgv { .. } => "Predict the argv",
        Task::PredictCache { .. } => "Predict the cache",
        Task::FixIt { .. } => "Fix it",
        Task::TerminalTask { .. } => "Terminal task",
        Task::Choose { .. } => "Choose",
    }
}

pub fn choices(exercise: &Exercise) -> Vec<layerlab_lessons::Choice> {
    match &exercise.task {
        Task::Choose { options } => options.clone(),
        _ => Vec::new(),
    }
}

fn form(
    exercise: &Exercise,
    input: &Input,
    set: &Callback<Input>,
    cache_lines: Option<crate::state::lessons::CacheLines>,
) -> Html {
    match (&exercise.task, input) {
        (Task::PredictArgv { project, run, .. }, Input::Words(words)) => {
            let oninput = {
                let input = set.clone();
                Callback::from(move |e: InputEvent| {
                    let el: HtmlInputElement = e.target_unchecked_into();
                    input.emit(Input::Words(el.value()));
                })
            };
            html! {
                <div class="exercise-form">
                    <pre class="exercise-dockerfile" aria-label="Dockerfile">{ &project.dockerfile }</pre>
                    <p class="exercise-run"><code>{ format!("$ {run}") }</code></p>
                    <label class="exercise-label">
                        <span>{ "The process's argv, word by word (quote a word with spaces: " }<code>{ "/bin/sh -c 'echo hi'" }</code>{ ")" }</span>
                        <input class="exercise-input" data-testid="argv-input" value={words.clone()} {oninput}
                            spellcheck="false" autocomplete="off" />
                    </label>
                </div>
            }
        }
        (Task::PredictCache { edits, .. }, Input::Lines(ticked)) => {
            let (lines, steps) = match cache_lines.as_deref() {
                Some(Ok((lines, steps))) => (lines.clone(), steps.clone()),
                Some(Err(why)) => return html! { <p class="exercise-error">{ why.clone() }</p> },
                None => (Vec::new(), Vec::new()),
            };
            let rows = lines.iter().enumerate().map(|(i, text)| {
                let line = i + 1;
                let step = steps.contains(&line);
                let onchange = {
                    let (input, ticked) = (set.clone(), ticked.clone());
                    Callback::from(move |_: Event| {
                        let mut ticked = ticked.clone();
                        if !ticked.remove(&line) {
                            ticked.insert(line);
                        }
                        input.emit(Input::Lines(ticked));
                    })
                };
                html! {
                    <li class={classes!("cache-line", step.then_some("cache-line-step"))}>
                        <span class="cache-line-number">{ line }</span>
                        if step {
                            <input type="checkbox" data-testid="cache-tick" data-line={line.to_string()}
                                aria-label={format!("line {line} rebuilds")} checked={ticked.contains(&line)} {onchange} />
                        } else {
                            <span class="cache-line-blank"></span>
                        }
                        <code>{ text }</code>
                    </li>
                }
            });
            html! {
                <div class="exercise-form">
                    <p class="exercise-lead">{ "Built once, then: " }
                        { for edits.iter().map(|e| html! { <span class="exercise-edit">{ layerlab_lessons::describe_edit(e) }</span> }) }
                        { ". Tick the steps the second build runs again." }
                    </p>
                    <ol class="cache-lines" aria-label="The Dockerfile after the edits">{ for rows }</ol>
                </div>
            }
        }
        (Task::FixIt { project, .. }, Input::Dockerfile { dockerfile, run }) => {
            let on_dockerfile = {
                let (input, run) = (set.clone(), run.clone());
                Callback::from(move |e: InputEvent| {
                    let el: HtmlTextAreaElement = e.target_unchecked_into();
                    input.emit(Input::Dockerfile { dockerfile: el.value(), run: run.clone() });
                })
            };
            let on_run_line = {
                let (input, dockerfile) = (set.clone(), dockerfile.clone());
                Callback::from(move |e: InputEvent| {
                    let el: HtmlInputElement = e.target_unchecked_into();
                    input.emit(Input::Dockerfile { dockerfile: dockerfile.clone(), run: el.value() });
                })
            };
            // Room for a wrapped long line or two.
            let rows = dockerfile.lines().count().clamp(4, 18) as u32 + 2;
            let files: Vec<&String> = project.files.keys().collect();
            html! {
                <div class="exercise-form">
                    <label class="exercise-label">{ "Dockerfile" }
                        <textarea class="exercise-editor" data-testid="fix-editor" spellcheck="false" rows={rows.to_string()}
                            value={dockerfile.clone()} oninput={on_dockerfile} />
                    </label>
                    if !files.is_empty() {
                        <p class="exercise-files">{ "Context: " }{ for files.iter().map(|f| html! { <code>{ f.to_string() }</code> }) }</p>
                    }
                    <label class="exercise-label">{ "Run line" }
                        <input class="exercise-input" data-testid="fix-run" value={run.clone()} oninput={on_run_line} spellcheck="false" />
                    </label>
                </div>
            }
        }
        (Task::TerminalTask { setup, .. }, Input::Commands(text)) => {
            let oninput = {
                let input = set.clone();
                Callback::from(move |e: InputEvent| {
                    let el: HtmlTextAreaElement = e.target_unchecked_into();
                    input.emit(Input::Commands(el.value()));
                })
            };
            let before: Vec<String> = setup
                .iter()
                .map(|s| match s {
                    layerlab_lessons::SetupStep::Command { line } => format!("$ {line}"),
                    layerlab_lessons::SetupStep::Edit { edit } => {
                        format!("({})", layerlab_lessons::describe_edit(edit))
                    }
                })
                .collect();
            html! {
                <div class="exercise-form">
                    if !before.is_empty() {
                        <details class="exercise-setup"><summary>{ "What happened before you arrived" }</summary>
                            <pre>{ before.join("\n") }</pre>
                        </details>
                    }
                    <label class="exercise-label">{ "Your docker lines, one per line (run after the setup, in a fresh daemon)" }
                        <textarea class="exercise-editor" data-testid="task-commands" spellcheck="false" rows="4"
                            value={text.clone()} {oninput} placeholder="docker ps -a" />
                    </label>
                </div>
            }
        }
        (Task::Choose { options }, Input::Choices(picked)) => {
            let many = options.iter().filter(|o| o.correct).count() > 1;
            let rows = options.iter().enumerate().map(|(i, option)| {
                let onchange = {
                    let (input, picked) = (set.clone(), picked.clone());
                    Callback::from(move |_: Event| {
                        let mut picked = if many { picked.clone() } else { BTreeSet::new() };
                        if !picked.remove(&i) || !many {
                            picked.insert(i);
                        }
                        input.emit(Input::Choices(picked));
                    })
                };
                html! {
                    <li><label class="choice">
                        <input type={if many { "checkbox" } else { "radio" }} data-testid="choice" data-index={i.to_string()}
                            checked={picked.contains(&i)} {onchange} />
                        <span>{ inline(&option.text) }</span>
                    </label></li>
                }
            });
            html! {
                <div class="exercise-form">
                    if many { <p class="exercise-label">{ "Choose all that apply." }</p> }
                    <ul class="choices">{ for rows }</ul>
                </div>
            }
        }
        _ => html! {},
    }
}
