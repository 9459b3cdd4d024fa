//! Just enough JSON to read the peer scripts' output lines (the crate takes
//! no JSON dependency for this).

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    /// As written: the tests compare whole numbers only.
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// Parses one complete JSON text.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let mut p = Parser {
            chars: text.chars().collect(),
            at: 0,
        };
        let value = p.value(0)?;
        p.space();
        if p.at != p.chars.len() {
            return Err(format!("trailing characters at {}", p.at));
        }
        Ok(value)
    }

    /// The member `key` of an object.
    pub(crate) fn get(&self, key: &str) -> Option<&Self> {
        match self {
            Self::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number as an integer, if this is a whole number.
    pub(crate) fn as_u64(&self) -> Option<u64> {
        match self {
            Self::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub(crate) fn as_array(&self) -> Option<&[Self]> {
        match self {
            Self::Array(items) => Some(items),
            _ => None,
        }
    }
}

/// Nesting the parser follows before giving up.
const MAX_DEPTH: usize = 32;

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Result<char, String> {
        let c = self.peek().ok_or("unexpected end")?;
        self.at += 1;
        Ok(c)
    }

    fn space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn expect(&mut self, word: &str) -> Result<(), String> {
        for want in word.chars() {
            if self.next()? != want {
                return Err(format!("expected {word} at {}", self.at));
            }
        }
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > MAX_DEPTH {
            return Err("nested too deep".to_owned());
        }
        self.space();
        match self.peek().ok_or("unexpected end")? {
            'n' => self.expect("null").map(|()| Json::Null),
            't' => self.expect("true").map(|()| Json::Bool(true)),
            'f' => self.expect("false").map(|()| Json::Bool(false)),
            '"' => self.string().map(Json::String),
            '[' => {
                self.at += 1;
                let mut items = Vec::new();
                self.space();
                if self.peek() == Some(']') {
                    self.at += 1;
                    return Ok(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.space();
                    match self.next()? {
                        ',' => {}
                        ']' => return Ok(Json::Array(items)),
                        c => return Err(format!("unexpected {c:?} in array")),
                    }
                }
            }
            '{' => {
                self.at += 1;
                let mut members = Vec::new();
                self.space();
                if self.peek() == Some('}') {
                    self.at += 1;
                    return Ok(Json::Object(members));
                }
                loop {
                    self.space();
                    let key = self.string()?;
                    self.space();
                    self.expect(":")?;
                    members.push((key, self.value(depth + 1)?));
                    self.space();
                    match self.next()? {
                        ',' => {}
                        '}' => return Ok(Json::Object(members)),
                        c => return Err(format!("unexpected {c:?} in object")),
                    }
                }
            }
            _ => {
                let start = self.at;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_digit() || "+-.eE".contains(c))
                {
                    self.at += 1;
                }
                let number: String = self.chars[start..self.at].iter().collect();
                number
                    .parse::<f64>()
                    .map(|_| Json::Number(number.clone()))
                    .map_err(|e| format!("bad number {number:?}: {e}"))
            }
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.expect("\"")?;
        let mut out = String::new();
        loop {
            match self.next()? {
                '"' => return Ok(out),
                '\\' => match self.next()? {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'u' => {
                        let high = self.hex4()?;
                        let code = if (0xd800..0xdc00).contains(&high) {
                            self.expect("\\u")?;
                            let low = self.hex4()?;
                            0x10000 + ((high - 0xd800) << 10) + (low.wrapping_sub(0xdc00) & 0x3ff)
                        } else {
                            high
                        };
                        out.push(char::from_u32(code).ok_or("bad \\u escape")?);
                    }
                    c => out.push(c),
                },
                c => out.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let mut value = 0;
        for _ in 0..4 {
            let digit = self.next()?.to_digit(16).ok_or("bad hex digit")?;
            value = value * 16 + digit;
        }
        Ok(value)
    }
}

#[test]
fn parses_what_python_json_dumps_writes() {
    let v =
        Json::parse(r#"{"a": [1, "x\u00fc\ud83d\ude00\n"], "b": {"c": null, "d": true}}"#).unwrap();
    assert_eq!(v.get("a").unwrap().as_array().unwrap()[0].as_u64(), Some(1));
    assert_eq!(
        v.get("a").unwrap().as_array().unwrap()[1].as_str(),
        Some("x\u{fc}\u{1f600}\n")
    );
    assert_eq!(v.get("b").unwrap().get("d"), Some(&Json::Bool(true)));
}
