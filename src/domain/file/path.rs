//! JSON paths (`data.nodes[0].kpis[2].years["2024"]`) and finding the path at a position of a
//! JSON text, so a deserialization error from serde_json (which knows only a line and column)
//! can say *where* in the file the problem is.

use std::fmt;

use serde::Serialize;

/// One step of a [`JsonPath`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// A place in a JSON document, from the root. Printed as `data.nodes[0].title`; keys that are
/// not plain identifiers are quoted: `years["2024"]`. The root prints as `(ファイル全体)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct JsonPath(pub Vec<Segment>);

impl JsonPath {
    pub fn root() -> Self {
        Self::default()
    }

    /// A path of object keys only: `JsonPath::keys(&["data", "plans"])`.
    pub fn keys(keys: &[&str]) -> Self {
        Self(keys.iter().map(|k| Segment::Key((*k).to_owned())).collect())
    }

    #[must_use]
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.0.push(Segment::Key(key.into()));
        self
    }

    #[must_use]
    pub fn index(mut self, index: usize) -> Self {
        self.0.push(Segment::Index(index));
        self
    }

    /// This path followed by `other`.
    #[must_use]
    pub fn join(mut self, other: &JsonPath) -> Self {
        self.0.extend(other.0.iter().cloned());
        self
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(ファイル全体)");
        }
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(k) if is_identifier(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                Segment::Key(k) => {
                    // A JSON string literal is an unambiguous way to print any key.
                    let quoted = serde_json::to_string(k).map_err(|_| fmt::Error)?;
                    write!(f, "[{quoted}]")?;
                }
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// The byte offset of serde_json's (1-based line, 1-based byte column) in `text`.
pub(crate) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    if line > 1 {
        let mut seen = 1;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                seen += 1;
                if seen == line {
                    start = i + 1;
                    break;
                }
            }
        }
    }
    start.saturating_add(column).min(text.len())
}

enum Frame {
    Object {
        key: Option<String>,
        expect_key: bool,
    },
    Array {
        index: usize,
        started: bool,
    },
}

/// The path of the value being read at byte `offset` of `text`, a JSON document that has
/// already parsed (serde_json reports a type error just after the offending value, and a
/// missing field at the closing brace of the object that lacks it, so both land on the
/// right place). Never panics, whatever the text.
pub(crate) fn path_at(text: &str, offset: usize) -> JsonPath {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    // Marks the innermost array (if any) as holding a value at its current index.
    fn start_value(stack: &mut [Frame]) {
        if let Some(Frame::Array { started, .. }) = stack.last_mut() {
            *started = true;
        }
    }
    while i < end {
        let Some(&b) = bytes.get(i) else { break };
        match b {
            b'{' => {
                start_value(&mut stack);
                stack.push(Frame::Object {
                    key: None,
                    expect_key: true,
                });
            }
            b'[' => {
                start_value(&mut stack);
                stack.push(Frame::Array {
                    index: 0,
                    started: false,
                });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { expect_key, .. }) => *expect_key = true,
                Some(Frame::Array { index, started }) => {
                    *index += 1;
                    *started = false;
                }
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expect_key, .. }) = stack.last_mut() {
                    *expect_key = false;
                }
            }
            b'"' => {
                // Find the closing quote, skipping escapes.
                let mut j = i + 1;
                while let Some(&c) = bytes.get(j) {
                    match c {
                        b'\\' => j += 2,
                        b'"' => break,
                        _ => j += 1,
                    }
                }
                let literal = text.get(i..=j.min(bytes.len().saturating_sub(1)));
                if let Some(Frame::Object {
                    key,
                    expect_key: true,
                }) = stack.last_mut()
                {
                    *key = literal.and_then(|l| serde_json::from_str::<String>(l).ok());
                } else {
                    start_value(&mut stack);
                }
                i = j;
            }
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => start_value(&mut stack),
        }
        i += 1;
    }
    let mut path = JsonPath::root();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => path.0.push(Segment::Key(k.clone())),
            Frame::Array {
                index,
                started: true,
            } => path.0.push(Segment::Index(*index)),
            _ => {}
        }
    }
    path
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn display() {
        let p = JsonPath::keys(&["data", "nodes"])
            .index(0)
            .key("years")
            .key("2024")
            .key("target");
        assert_eq!(p.to_string(), r#"data.nodes[0].years["2024"].target"#);
        assert_eq!(JsonPath::root().to_string(), "(ファイル全体)");
    }

    fn located(text: &str, needle: &str) -> String {
        let at = text.find(needle).unwrap() + needle.len();
        path_at(text, at).to_string()
    }

    #[test]
    fn paths_at_positions() {
        let t = r#"{"data": {"nodes": [{"id": "a"}, {"id": 5, "x": [1, {"k\"": true}]}]}}"#;
        assert_eq!(located(t, "\"a\""), "data.nodes[0].id");
        assert_eq!(located(t, "5"), "data.nodes[1].id");
        assert_eq!(located(t, "true"), r#"data.nodes[1].x[1]["k\""]"#);
        assert_eq!(located(t, "\"a\"}"), "data.nodes[0]");
    }
}
