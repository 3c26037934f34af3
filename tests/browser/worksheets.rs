//! A student's work on a teacher's worksheet in the browser: a half-typed
//! answer and a checked one come back after a reload (the Check graded
//! again, as the crate grades it); a second link pasted into the address
//! bar of the open tab opens without a reload, and Back finds the first
//! worksheet's work; a project link pasted the same way opens in the
//! editor, the project it replaces kept aside. And the composer edits a
//! goal's text parameters, saying why a bad value does not do.

use std::collections::BTreeSet;

use fantoccini::Client;
use layerlab_app::worksheet::Worksheet;
use layerlab_lessons::{Answer, Exercise, Kind, Predicate, Task};

use crate::lessons::{graded, in_exercise, set_value};
use crate::page::{append_to_file, attrs, click, count, editor_value, one, prop_is, props, screenshots, testid, texts};
use crate::wait::until;
use crate::with_app;

/// The first exercise of `kind` in the course.
fn first(kind: Kind) -> Exercise {
    let lessons = layerlab_lessons::load_all().expect("the lessons");
    lessons.iter().flat_map(|l| &l.exercises).find(|e| e.kind() == kind).cloned().expect("an exercise of the kind")
}

fn link(url: &str, sheet: &Worksheet) -> String {
    format!("{url}#{}", sheet.fragment())
}

/// Waits until the worksheet on screen has `title`.
async fn sheet_titled(client: &Client, title: &str) {
    until(&format!("the worksheet {title:?}"), || async {
        let got = crate::page::texts(client, &testid("sheet-title")).await?.join("");
        if got == title {
            Ok(())
        } else {
            Err(got)
        }
    })
    .await;
}

/// Marks the loaded page, so a reload would show (the mark is gone).
async fn mark_page(client: &Client) {
    client.execute("window.layerlabSamePage = true;", vec![]).await.expect("marking the page");
}

/// The page was not reloaded since [`mark_page`]: the app followed the address itself.
async fn assert_same_page(client: &Client) {
    let mark = client.execute("return window.layerlabSamePage === true;", vec![]).await.expect("reading the mark");
    assert_eq!(mark.as_bool(), Some(true), "the page was reloaded");
}

/// The keys of the kept worksheet work in localStorage.
async fn kept_sheets(client: &Client) -> usize {
    let script = "return Object.keys(localStorage).filter(k => k.startsWith(arguments[0]) && !k.endsWith('.unreadable')).length;";
    let n = client.execute(script, vec![layerlab_app::sheet_work::PREFIX.into()]).await.expect("reading localStorage");
    n.as_u64().unwrap_or_default() as usize
}

#[tokio::test]
async fn a_students_work_survives_a_reload_and_a_second_link() {
    let argv = first(Kind::PredictArgv);
    let choose = first(Kind::Choose);
    let Task::Choose { options } = choose.task.clone() else { unreachable!() };
    // A wrong choice, so the kept Check is a failed one.
    let wrong = options.iter().position(|o| !o.correct).expect("a wrong option");
    let expected = layerlab_lessons::grade(&choose, &Answer::Choices(BTreeSet::from([wrong])));
    assert!(!expected.passed);
    let sheet_a =
        Worksheet { title: "Week 1".into(), exercises: vec![argv.clone(), choose.clone()], ..Worksheet::default() };
    let sheet_b = Worksheet { title: "Week 2".into(), exercises: vec![argv.clone()], ..Worksheet::default() };
    let half_typed = "/bin/sh -c 'python";
    with_app(|client, url| async move {
        // Pasted into the address bar of the open tab: no reload, the worksheet opens.
        mark_page(&client).await;
        client.goto(&link(&url, &sheet_a)).await.expect("opening the first link");
        sheet_titled(&client, "Week 1").await;
        assert_same_page(&client).await;
        set_value(&client, &in_exercise(&argv.id, "argv-input"), half_typed).await;
        click(&client, &format!("{}[data-index=\"{wrong}\"]", in_exercise(&choose.id, "choice"))).await;
        click(&client, &in_exercise(&choose.id, "check")).await;
        graded(&client, &choose.id, false).await;

        // A reload finds both: the half-typed words and the checked choice with its grade.
        client.refresh().await.expect("reloading");
        sheet_titled(&client, "Week 1").await;
        prop_is(&client, &in_exercise(&argv.id, "argv-input"), "value", half_typed).await;
        graded(&client, &choose.id, expected.passed).await;
        let ticked = props(&client, &in_exercise(&choose.id, "choice"), "checked").await.unwrap();
        let want: Vec<String> = (0..options.len()).map(|i| (i == wrong).to_string()).collect();
        assert_eq!(ticked, want);
        let status = texts(&client, &testid("status")).await.unwrap_or_default().join("");
        assert!(!status.contains("could not be read"), "{status}");
        screenshots(&client, "worksheet-restored").await;

        // A second link in the same tab: its own, empty work; then an answer there.
        mark_page(&client).await;
        client.goto(&link(&url, &sheet_b)).await.expect("opening the second link");
        sheet_titled(&client, "Week 2").await;
        assert_same_page(&client).await;
        prop_is(&client, &in_exercise(&argv.id, "argv-input"), "value", "").await;
        set_value(&client, &in_exercise(&argv.id, "argv-input"), "nginx -g 'daemon off;'").await;
        until("both worksheets' work kept", || async {
            match kept_sheets(&client).await {
                2 => Ok(()),
                n => Err(format!("{n} kept")),
            }
        })
        .await;

        // Back: the first worksheet with its work, then forward to the second's.
        client.back().await.expect("going back");
        sheet_titled(&client, "Week 1").await;
        prop_is(&client, &in_exercise(&argv.id, "argv-input"), "value", half_typed).await;
        graded(&client, &choose.id, false).await;
        client.forward().await.expect("going forward");
        sheet_titled(&client, "Week 2").await;
        prop_is(&client, &in_exercise(&argv.id, "argv-input"), "value", "nginx -g 'daemon off;'").await;
    })
    .await;
}

#[tokio::test]
async fn a_project_link_pasted_into_an_open_tab_opens_in_the_editor() {
    let lessons = layerlab_lessons::load_all().expect("the lessons");
    let project = lessons[2].example.project.to_project();
    let dockerfile = project.dockerfile().to_owned();
    let fragment = layerlab_app::share::fragment(&project, &[]);
    with_app(|client, url| async move {
        let before = until("the first project", || async { editor_value(&client).await }).await;
        assert_ne!(before, dockerfile, "the link brings another project");
        // The learner's own edit, saved as typed.
        append_to_file(&client, "Dockerfile", "\n# mine\n").await;
        let mine = editor_value(&client).await.unwrap();
        mark_page(&client).await;
        client.goto(&format!("{url}#{fragment}")).await.expect("pasting the link");
        until("the linked Dockerfile in the editor", || async {
            let value = editor_value(&client).await?;
            if value == dockerfile {
                Ok(())
            } else {
                Err(value)
            }
        })
        .await;
        // The replaced project can come back, and the address no longer holds the link.
        let notices = until("the replaced notice", || async {
            let text = texts(&client, &testid("notice")).await?.join("");
            if text.is_empty() {
                Err("no notice".to_owned())
            } else {
                Ok(text)
            }
        })
        .await;
        assert!(notices.contains("Opened a shared link"), "{notices}");
        assert_same_page(&client).await;
        let hash = client.execute("return location.hash;", vec![]).await.unwrap();
        assert_eq!(hash.as_str(), Some(""));
        count(&client, &testid("build-history"), 1).await;
        screenshots(&client, "worksheet-project-link").await;
        // Restore brings the learner's edit back.
        let restore = "//div[@data-testid='notice']//button[normalize-space()='Restore it']";
        client.find(fantoccini::Locator::XPath(restore)).await.expect("the restore button").click().await.unwrap();
        until("the learner's project again", || async {
            let value = editor_value(&client).await?;
            if value == mine {
                Ok(())
            } else {
                Err(value)
            }
        })
        .await;
    })
    .await;
}

#[tokio::test]
async fn the_composer_edits_text_parameters_and_says_why_a_value_does_not_do() {
    let lessons = layerlab_lessons::load_all().expect("the lessons");
    let (index, exercise) = lessons
        .iter()
        .enumerate()
        .find_map(|(i, l)| Some((i, l.exercises.iter().find(|e| e.kind() == Kind::FixIt)?.clone())))
        .expect("a fix-it");
    let Task::FixIt { goals, .. } = &exercise.task else { unreachable!() };
    let before = goals.len();
    with_app(|client, _| async move {
        click(&client, &testid("nav-lessons")).await;
        click(&client, &testid("compose")).await;
        let select = testid("compose-lesson");
        one(&client, &select).await;
        let pick = "const s = document.querySelector(arguments[0]); s.value = arguments[1]; \
                    s.dispatchEvent(new Event('change', { bubbles: true }));";
        client.execute(pick, vec![select.clone().into(), index.to_string().into()]).await.expect("picking the lesson");
        click(&client, &format!("{}[data-id=\"{}\"]", testid("compose-add"), exercise.id)).await;
        count(&client, &testid("compose-goal"), before).await;

        // Add "Has a label" and "Runs this argv": text parameters.
        let label = layerlab_app::goal_params::TEMPLATES.iter().position(|t| t.json.contains("has-label")).unwrap();
        let argv = layerlab_app::goal_params::TEMPLATES.iter().position(|t| t.json.contains("argv-is")).unwrap();
        for (n, template) in [label, argv].into_iter().enumerate() {
            let add = testid("compose-add-goal");
            client.execute(pick, vec![add.into(), template.to_string().into()]).await.expect("adding a goal");
            count(&client, &testid("compose-goal"), before + n + 1).await;
        }
        let key = format!(
            "{}[data-check=\"has-label\"] {}[data-field=\"key\"]",
            testid("compose-goal"),
            testid("compose-goal-param")
        );
        set_value(&client, &key, "team name").await;
        let error = format!("{}[data-check=\"has-label\"] {}", testid("compose-goal"), testid("compose-goal-error"));
        let why = until("the key's message", || async { texts(&client, &error).await.map(|t| t.join("")) }).await;
        assert_eq!(why, "key is one word, without spaces");
        prop_is(&client, &key, "value", "team name").await;
        set_value(&client, &key, "org.example.team").await;
        count(&client, &error, 0).await;
        let words = format!(
            "{}[data-check=\"argv-is\"] {}[data-field=\"argv\"]",
            testid("compose-goal"),
            testid("compose-goal-param")
        );
        set_value(&client, &words, "/bin/sh -c 'exec app'").await;
        let run = format!(
            "{}[data-check=\"argv-is\"] {}[data-field=\"run\"]",
            testid("compose-goal"),
            testid("compose-goal-param")
        );
        set_value(&client, &run, "docker run --bogus app").await;
        let run_error = format!("{}[data-check=\"argv-is\"] {}", testid("compose-goal"), testid("compose-goal-error"));
        let why =
            until("the run line's message", || async { texts(&client, &run_error).await.map(|t| t.join("")) }).await;
        assert!(why.starts_with("the run line does not read"), "{why}");
        set_value(&client, &run, "").await;
        count(&client, &run_error, 0).await;
        let described = texts(&client, &testid("compose-goal-describe")).await.unwrap();
        assert!(described.iter().any(|d| d == "the image has the label org.example.team"), "{described:?}");
        assert!(described.iter().any(|d| d == "the container runs /bin/sh -c exec app"), "{described:?}");
        set_value(&client, &key, "team name").await;
        let goal = one(&client, &format!("{}[data-check=\"has-label\"]", testid("compose-goal"))).await;
        client
            .execute("arguments[0].scrollIntoView({ block: 'center' });", vec![serde_json::to_value(&goal).unwrap()])
            .await
            .unwrap();
        screenshots(&client, "worksheet-compose-goals").await;
        set_value(&client, &key, "org.example.team").await;

        // The link carries the edited goals, as the crate reads them.
        click(&client, &testid("compose-share")).await;
        let url = until("the worksheet link", || async {
            let link = props(&client, &testid("compose-link"), "value").await?.join("");
            if link.contains("#w1=") {
                Ok(link)
            } else {
                Err(link)
            }
        })
        .await;
        let packed = url.split("#w1=").nth(1).unwrap();
        let sheet = layerlab_app::worksheet::read(&layerlab_app::share::unpack(packed).unwrap()).unwrap();
        let Task::FixIt { goals, .. } = &sheet.exercises[0].task else { panic!("a fix-it") };
        let added: Vec<&Predicate> = goals[before..].iter().map(|g| &g.predicate).collect();
        assert_eq!(
            added,
            [
                &Predicate::HasLabel { key: "org.example.team".into() },
                &Predicate::ArgvIs { argv: vec!["/bin/sh".into(), "-c".into(), "exec app".into()], run: None },
            ]
        );
        // A fix-it offers every project predicate (and a terminal task the daemon's).
        let offered = attrs(&client, &format!("{} option", testid("compose-add-goal")), "value").await.unwrap();
        assert_eq!(offered.len(), 1 + layerlab_app::goal_params::templates(layerlab_lessons::Scope::Project).count());
    })
    .await;
}
