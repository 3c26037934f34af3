//! The template subset against Go's `text/template` behaviour.

use super::*;
use serde_json::json;

fn run(t: &str, v: &Value) -> String {
    render(t, v).unwrap_or_else(|e| format!("ERR {e}"))
}

#[test]
fn fields_ranges_and_functions_print_as_go_does() {
    let v = json!({
        "Name": "/web",
        "State": {"Status": "running", "Pid": 2424},
        "Config": {"Image": "nginx", "Labels": {"tier": "front", "a": "b"}, "Env": ["A=1", "B=2"]},
        "NetworkSettings": {"Networks": {"bridge": {"IPAddress": "172.17.0.2"}}}
    });
    assert_eq!(run("{{.State.Status}}", &v), "running\n");
    assert_eq!(run("{{.State.Pid}}", &v), "2424\n");
    assert_eq!(run("{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", &v), "172.17.0.2\n");
    assert_eq!(run(r#"{{index .Config.Labels "tier"}}"#, &v), "front\n");
    assert_eq!(run("{{.Config.Labels}}", &v), "map[a:b tier:front]\n");
    assert_eq!(run("{{.Config.Env}}", &v), "[A=1 B=2]\n");
    assert_eq!(run("{{join .Config.Env \",\"}}", &v), "A=1,B=2\n");
    assert_eq!(run("{{.Name | upper}}", &v), "/WEB\n");
    assert_eq!(run("{{json .State}}", &v), "{\"Status\":\"running\",\"Pid\":2424}\n");
    assert_eq!(run("{{if .State.Pid}}up{{else}}down{{end}}", &v), "up\n");
    assert_eq!(run("{{- .Config.Image -}} !", &v), "nginx!\n");
    assert_eq!(run("{{with .State}}{{.Status}}{{end}}", &v), "running\n");
    assert_eq!(run("{{$.Name}}", &v), "/web\n");
}

/// Docker 29 dropped `NetworkSettings.IPAddress` (API v1.52); the CLI's
/// raw fallback runs with `missingkey=error`, and Go reports the chain at
/// its last link's byte offset.
#[test]
fn a_missing_key_is_go_s_missingkey_error() {
    let v = json!({"NetworkSettings": {"Networks": {}}});
    assert_eq!(
        render("{{.NetworkSettings.IPAddress}}", &v).unwrap_err(),
        "template: :1:18: executing \"\" at <.NetworkSettings.IPAddress>: map has no entry for key \"IPAddress\""
    );
    assert_eq!(
        render("{{.Nope}}", &v).unwrap_err(),
        "template: :1:2: executing \"\" at <.Nope>: map has no entry for key \"Nope\""
    );
}

#[test]
fn parse_errors_are_go_s() {
    assert_eq!(render("{{.A", &json!({})).unwrap_err(), "template: :1: unclosed action");
    assert_eq!(render("{{nope .A}}", &json!({})).unwrap_err(), "template: :1: function \"nope\" not defined");
    assert_eq!(render("{{range .A}}x", &json!({})).unwrap_err(), "template: :1: unexpected EOF");
}
