//! A lesson's Markdown, from the blocks the lessons crate read (paragraphs,
//! headings, lists, code) and typed inline spans: elements, never innerHTML.
//! A `terminal` block's lines are commands that run with a click
//! (`RunnableCode`, through the app's `Runner` context).

use layerlab_lessons::{Block, Markdown};
use yew::prelude::*;

use crate::components::runnable::RunnableCode;
use crate::inline::{spans, Span};

#[derive(Properties, PartialEq)]
pub struct MarkdownProps {
    pub md: Markdown,
}

#[function_component(MarkdownView)]
pub fn markdown_view(props: &MarkdownProps) -> Html {
    let blocks = props.md.blocks.iter().map(|block| match block {
        Block::Paragraph { text } => html! { <p>{ inline(text) }</p> },
        Block::Heading { level, text } => {
            if *level <= 2 {
                html! { <h3 class="md-heading">{ inline(text) }</h3> }
            } else {
                html! { <h4 class="md-heading">{ inline(text) }</h4> }
            }
        }
        Block::List { ordered: true, items } => html! { <ol>{ for items.iter().map(|i| html! { <li>{ inline(i) }</li> }) }</ol> },
        Block::List { ordered: false, items } => html! { <ul>{ for items.iter().map(|i| html! { <li>{ inline(i) }</li> }) }</ul> },
        Block::Code { language, code } if language.as_deref() == Some("terminal") => html! {
            <div class="md-terminal" data-testid="terminal-block">
                { for code.lines().map(|line| html! { <RunnableCode command={AttrValue::from(line.to_owned())} /> }) }
            </div>
        },
        Block::Code { language, code } => html! {
            <pre class="md-code" data-language={language.clone().unwrap_or_default()}><code>{ code.clone() }</code></pre>
        },
    });
    html! { <div class="md">{ for blocks }</div> }
}

/// A line of text with its inline markup as elements.
pub fn inline(text: &str) -> Html {
    spans(text)
        .into_iter()
        .map(|span| match span {
            Span::Text(t) => html! { { t } },
            Span::Code(c) => html! { <code>{ c }</code> },
            Span::Bold(b) => html! { <strong>{ b }</strong> },
            Span::Emphasis(e) => html! { <em>{ e }</em> },
        })
        .collect()
}
