//! The Compose panel in the browser: the gallery's Compose example drawn as
//! a service graph, then `docker compose up -d` in the terminal, and the
//! graph showing what the daemon now runs.

use crate::page::{attrs, click, one, screenshots, show_panel, testid, texts};
use crate::wait::until;
use crate::with_app;

/// The state line of each service's box, by service name.
async fn states(client: &fantoccini::Client) -> Result<Vec<(String, String)>, String> {
    let names = attrs(client, &testid("compose-service"), "data-service").await?;
    let states = texts(client, &testid("compose-state")).await?;
    Ok(names.into_iter().zip(states).collect())
}

#[tokio::test]
async fn the_compose_example_comes_up_and_its_graph_shows_it() {
    with_app(|client, _| async move {
        click(&client, ".header-examples > summary").await;
        click(&client, &format!("{}[data-name=\"compose-web-db-cache\"]", testid("example"))).await;
        show_panel(&client, "Compose").await;
        let before = until("the graph of compose.yaml", || async {
            let s = states(&client).await?;
            if s.len() == 3 {
                Ok(s)
            } else {
                Err(format!("{s:?}"))
            }
        })
        .await;
        // Dependencies first, nothing created yet.
        let names: Vec<&str> = before.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["cache", "db", "web"]);
        assert!(before.iter().all(|(_, s)| s == "not created"), "{before:?}");
        let edges = attrs(&client, &testid("compose-edge"), "data-to").await.expect("edges");
        assert_eq!(edges, ["cache", "db"]);
        let labels = texts(&client, &format!("{} text", testid("compose-edge"))).await.expect("labels");
        assert_eq!(labels, ["started", "healthy"]);
        screenshots(&client, "30-compose-graph").await;

        show_panel(&client, "Terminal").await;
        let input = one(&client, &testid("terminal-input")).await;
        input.send_keys("docker compose up -d\u{E007}").await.expect("typing in the terminal");
        until("compose's progress in the terminal", || async {
            let text = texts(&client, &testid("terminal-output")).await?.join("");
            if text.contains("[+] up 8/8") && text.contains("Container shop-db-1") && text.contains("Healthy") {
                Ok(())
            } else {
                Err(text)
            }
        })
        .await;
        screenshots(&client, "30-compose-up-terminal").await;

        show_panel(&client, "Compose").await;
        let after = until("the services running", || async {
            let s = states(&client).await?;
            if s.iter().all(|(_, state)| state.starts_with("running")) {
                Ok(s)
            } else {
                Err(format!("{s:?}"))
            }
        })
        .await;
        let db = after.iter().find(|(n, _)| n == "db").map(|(_, s)| s.as_str());
        assert_eq!(db, Some("running · healthy"));
        let resources = texts(&client, &testid("compose-resource")).await.expect("networks and volumes");
        assert!(resources.iter().all(|r| r.ends_with("created") && !r.ends_with("not created")), "{resources:?}");
        screenshots(&client, "30-compose-graph-up").await;
    })
    .await;
}
