//! An exercise's goals in the worksheet composer: each predicate with what
//! it checks in words, every parameter as a field (numbers, names, paths,
//! run lines, argv words, edits) with a message when the text does not do,
//! its hint, and the predicates of the exercise's kind to add.

use layerlab_lessons::{Goal, Predicate, Scope};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::markdown::inline;
use crate::goal_params::{self, Param, ParamKind};

#[derive(Properties, PartialEq)]
pub struct GoalEditorProps {
    pub goals: Vec<Goal>,
    /// Project goals for a fix-it, daemon goals for a terminal task.
    pub scope: Scope,
    pub on_change: Callback<Vec<Goal>>,
}

fn text_of(e: &InputEvent) -> String {
    let target = e.target();
    if let Some(area) = target.as_ref().and_then(|t| wasm_bindgen::JsCast::dyn_ref::<HtmlTextAreaElement>(t)) {
        return area.value();
    }
    e.target_unchecked_into::<HtmlInputElement>().value()
}

#[function_component(GoalEditor)]
pub fn goal_editor(props: &GoalEditorProps) -> Html {
    let change = |g: usize, edit: fn(&mut Vec<Goal>, usize, Goal)| {
        let (goals, on_change) = (props.goals.clone(), props.on_change.clone());
        move |goal: Goal| {
            let mut goals = goals.clone();
            edit(&mut goals, g, goal);
            on_change.emit(goals);
        }
    };
    let rows = props.goals.iter().enumerate().map(|(g, goal)| {
        let replace = change(g, |goals, g, goal| {
            if let Some(slot) = goals.get_mut(g) {
                *slot = goal;
            }
        });
        let on_predicate = {
            let (replace, hint) = (replace.clone(), goal.hint.clone());
            Callback::from(move |predicate: Predicate| replace(Goal { predicate, hint: hint.clone() }))
        };
        let on_hint = {
            let (replace, predicate) = (replace.clone(), goal.predicate.clone());
            Callback::from(move |e: InputEvent| replace(Goal { predicate: predicate.clone(), hint: text_of(&e) }))
        };
        let remove = {
            let (goals, on_change) = (props.goals.clone(), props.on_change.clone());
            Callback::from(move |_: MouseEvent| {
                let mut goals = goals.clone();
                if g < goals.len() {
                    goals.remove(g);
                }
                on_change.emit(goals);
            })
        };
        let (check, params) = goal_params::params(&goal.predicate);
        html! {
            <li class="goal" data-testid="compose-goal" data-check={check.clone()}>
                <div class="goal-head">
                    <code class="goal-check">{ check }</code>
                    <span class="goal-describe" data-testid="compose-goal-describe">{ inline(&goal.predicate.describe()) }</span>
                    <button class="exercise-button" onclick={remove} aria-label="Remove this goal">{ "Remove" }</button>
                </div>
                if !params.is_empty() {
                    <div class="goal-params">
                        { for params.into_iter().map(|param| html! {
                            <GoalParam key={param.name.clone()} predicate={goal.predicate.clone()} param={param.clone()} on_change={on_predicate.clone()} />
                        }) }
                    </div>
                }
                <label class="goal-param goal-hint">
                    <span class="goal-param-name">{ "hint when it fails" }</span>
                    <input data-testid="compose-goal-hint" value={goal.hint.clone()} oninput={on_hint} />
                </label>
            </li>
        }
    });
    let on_add = {
        let (goals, on_change) = (props.goals.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let template = select.value().parse::<usize>().ok().and_then(|n| goal_params::TEMPLATES.get(n));
            select.set_value("");
            let Some(template) = template else { return };
            let Ok(predicate) = goal_params::predicate(template) else { return };
            let mut goals = goals.clone();
            goals.push(Goal { predicate, hint: template.hint.to_owned() });
            on_change.emit(goals);
        })
    };
    html! {
        <fieldset class="goal-editor">
            <legend>{ "Goals (checked by the engine)" }</legend>
            if props.goals.is_empty() {
                <p class="goal-none">{ "No goals yet: a student's answer passes only when every goal holds, so add at least one." }</p>
            }
            <ul class="goal-list">{ for rows }</ul>
            <select class="goal-add" data-testid="compose-add-goal" onchange={on_add} aria-label="Add a goal">
                <option value="" selected=true>{ "Add a goal…" }</option>
                { for goal_params::templates(props.scope).map(|(n, t)| html! { <option value={n.to_string()}>{ t.label }</option> }) }
            </select>
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct GoalParamProps {
    predicate: Predicate,
    param: Param,
    on_change: Callback<Predicate>,
}

/// One parameter's field: the text as typed stays while it does not read,
/// with the reason beside it; text that reads changes the goal.
#[function_component(GoalParam)]
fn goal_param(props: &GoalParamProps) -> Html {
    let typed = use_state(|| None::<(String, Option<String>)>);
    let Param { name, kind, text } = props.param.clone();
    // What was typed, while it is what the goal holds (or does not read).
    let (shown, error) = match &*typed {
        Some((t, Some(why))) => (t.clone(), Some(why.clone())),
        Some((t, None)) if goal_params::set(&props.predicate, &name, t).as_ref() == Ok(&props.predicate) => {
            (t.clone(), None)
        }
        _ => (text, None),
    };
    let oninput = {
        let (typed, predicate, name, on_change) =
            (typed.clone(), props.predicate.clone(), name.clone(), props.on_change.clone());
        Callback::from(move |e: InputEvent| {
            let text = text_of(&e);
            match goal_params::set(&predicate, &name, &text) {
                Ok(next) => {
                    typed.set(Some((text, None)));
                    on_change.emit(next);
                }
                Err(why) => typed.set(Some((text, Some(why)))),
            }
        })
    };
    let invalid = error.is_some().then_some("true");
    let placeholder = kind.placeholder(&name);
    let field = if kind == ParamKind::Edits {
        html! {
            <textarea data-testid="compose-goal-param" data-field={name.clone()} rows="3" spellcheck="false"
                value={shown} {oninput} aria-invalid={invalid} />
        }
    } else {
        let mode = matches!(kind, ParamKind::Megabytes | ParamKind::Count | ParamKind::Port).then_some("decimal");
        html! {
            <input data-testid="compose-goal-param" data-field={name.clone()} value={shown} {oninput} {placeholder}
                inputmode={mode} spellcheck="false" autocomplete="off" aria-invalid={invalid} />
        }
    };
    let wide = matches!(kind, ParamKind::Words | ParamKind::Edits | ParamKind::Optional | ParamKind::Text);
    html! {
        <label class={classes!("goal-param", wide.then_some("goal-param-wide"))}>
            <span class="goal-param-name">{ name }</span>
            { field }
            if let Some(why) = error {
                <span class="goal-param-error" role="alert" data-testid="compose-goal-error">{ why }</span>
            }
        </label>
    }
}
