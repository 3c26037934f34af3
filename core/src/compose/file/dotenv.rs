//! The project's `.env` file and `env_file:` files, as compose-go's
//! `dotenv` package reads them: `KEY=VALUE` lines, `export ` prefixes,
//! `#` comments, single quotes literal, double quotes with `\n` escapes,
//! and `${VAR}` in unquoted and double-quoted values expanded from the
//! variables known so far.

use std::collections::BTreeMap;

use super::template::substitute;

/// Parses `text`; `outer` answers for variables the file does not set.
pub fn parse(text: &str, outer: &dyn Fn(&str) -> Option<String>) -> Result<BTreeMap<String, String>, String> {
    let mut vars: BTreeMap<String, String> = BTreeMap::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").map_or(line, str::trim_start);
        let Some((key, value)) = line.split_once('=') else {
            // A bare name inherits its value from the environment.
            if let Some(v) = outer(line) {
                vars.insert(line.to_string(), v);
            }
            continue;
        };
        let key = key.trim();
        if key.is_empty() || key.contains(char::is_whitespace) {
            return Err(format!("line {}: unexpected character in variable name {key:?}", n + 1));
        }
        let value = value.trim_start();
        let (value, expand) = if let Some(inner) = value.strip_prefix('\'') {
            (inner.split_once('\'').map_or(inner, |(v, _)| v).to_string(), false)
        } else if let Some(inner) = value.strip_prefix('"') {
            let body = inner.rsplit_once('"').map_or(inner, |(v, _)| v);
            (body.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"), true)
        } else {
            let cut = value.find(" #").map_or(value, |i| &value[..i]);
            (cut.trim_end().to_string(), true)
        };
        let value = if expand {
            let lookup = |name: &str| vars.get(name).cloned().or_else(|| outer(name));
            substitute(&value, &lookup).map_err(|e| format!("line {}: {e:?}", n + 1))?
        } else {
            value
        };
        vars.insert(key.to_string(), value);
    }
    Ok(vars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let outer = |n: &str| (n == "HOME").then(|| "/root".to_string());
        let vars = parse("# c\nA=1\nexport B = 'x $A'\nC=\"${A}\\n\"\nD=${HOME}/d # note\n", &outer).unwrap();
        assert_eq!(vars["A"], "1");
        assert_eq!(vars["B"], "x $A");
        assert_eq!(vars["C"], "1\n");
        assert_eq!(vars["D"], "/root/d");
    }
}
