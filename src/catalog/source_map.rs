//! Positions of JSON values, so semantic errors (duplicate ids, dangling references) can be
//! reported as `file:line:column` like syntax errors are.
//!
//! The map is built from text that serde_json has already accepted, by a small scanner that
//! records the start of every value under its JSON pointer (`/sections/0/questions/2/id`).

use std::collections::HashMap;

/// Line and column (both 1-based; the column counts characters) of every value in a document.
#[derive(Debug, Default)]
pub struct SourceMap {
    offsets: HashMap<String, usize>,
    line_starts: Vec<usize>,
    text_len: usize,
}

impl SourceMap {
    /// Indexes `text`. Text that is not valid JSON gives a partial map, never a panic.
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut scanner = Scanner {
            bytes: text.as_bytes(),
            text,
            pos: 0,
            offsets: HashMap::new(),
            depth: 0,
        };
        let mut path = String::new();
        scanner.value(&mut path);
        SourceMap {
            offsets: scanner.offsets,
            line_starts,
            text_len: text.len(),
        }
    }

    /// Position of the value at `pointer`, or of the nearest enclosing value that exists.
    pub fn position(&self, text: &str, pointer: &str) -> (usize, usize) {
        let mut p = pointer;
        loop {
            if let Some(&off) = self.offsets.get(p) {
                return self.line_col(text, off);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return (1, 1),
            }
        }
    }

    /// Line and column of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text_len);
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let col = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, col)
    }
}

/// Escapes a key for use in a JSON pointer (RFC 6901).
pub fn escape_key(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

struct Scanner<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    offsets: HashMap<String, usize>,
    depth: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    fn value(&mut self, path: &mut String) {
        self.skip_ws();
        self.offsets.insert(path.clone(), self.pos);
        if self.depth > 256 {
            return;
        }
        match self.peek() {
            Some(b'{') => {
                self.depth += 1;
                self.object(path);
                self.depth -= 1;
            }
            Some(b'[') => {
                self.depth += 1;
                self.array(path);
                self.depth -= 1;
            }
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while matches!(self.peek(), Some(c) if !matches!(c, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'))
                {
                    self.pos += 1;
                }
            }
            None => {}
        }
    }

    fn object(&mut self, path: &mut String) {
        self.pos += 1;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'}') | None => {
                    self.pos += 1;
                    return;
                }
                Some(b',') => self.pos += 1,
                Some(b'"') => {
                    let key = self.string();
                    self.skip_ws();
                    if self.peek() == Some(b':') {
                        self.pos += 1;
                    }
                    let len = path.len();
                    path.push('/');
                    path.push_str(&escape_key(&key));
                    self.value(path);
                    path.truncate(len);
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    fn array(&mut self, path: &mut String) {
        self.pos += 1;
        let mut index = 0usize;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b']') | None => {
                    self.pos += 1;
                    return;
                }
                Some(b',') => self.pos += 1,
                Some(_) => {
                    let len = path.len();
                    path.push('/');
                    path.push_str(&index.to_string());
                    self.value(path);
                    path.truncate(len);
                    index += 1;
                }
            }
        }
    }

    /// Scans a string starting at its opening quote and returns its decoded content.
    fn string(&mut self) -> String {
        let start = self.pos;
        self.pos += 1;
        let mut escaped = false;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => {
                    if let Some(b'\\' | b'"') = self.peek() {
                        self.pos += 1;
                    }
                    escaped = true;
                }
                b'"' => break,
                _ => {}
            }
        }
        let raw = self.text.get(start..self.pos).unwrap_or("");
        if escaped {
            serde_json::from_str(raw).unwrap_or_default()
        } else {
            raw.get(1..raw.len().saturating_sub(1))
                .unwrap_or("")
                .to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values() {
        let text =
            "{\n  \"a\": [\n    {\"id\": \"x\"},\n    {\"id\": \"y\\\"z\", \"k/e\": 1}\n  ]\n}";
        let map = SourceMap::new(text);
        assert_eq!(map.position(text, "/a/0/id"), (3, 12));
        assert_eq!(map.position(text, "/a/1/id"), (4, 12));
        assert_eq!(map.position(text, "/a/1/k~1e"), (4, 27));
        assert_eq!(
            map.position(text, "/a/7/missing"),
            (2, 8),
            "falls back to the nearest parent"
        );
        assert_eq!(map.position(text, ""), (1, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "{\"é\": \"ü\", \"b\": 2}";
        let map = SourceMap::new(text);
        assert_eq!(map.position(text, "/b"), (1, 17));
    }
}
