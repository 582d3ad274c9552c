//! A small, strict JSON reader and writer.
//!
//! The assistant reads merchant configuration and writes the visitor profile as JSON. A
//! dedicated reader keeps serde_json out of the shipped WebAssembly, reports syntax errors
//! with a line and column a merchant can find in their editor, and never panics: every
//! input ends in a [`Value`] or a [`SyntaxError`]. Objects keep their key order, so error
//! reports follow the order of the file.

use std::fmt;

/// Nesting deeper than this is rejected rather than risking the stack on hostile input.
const MAX_DEPTH: usize = 128;

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// Any JSON number, as a double (as JavaScript reads it).
    Number(f64),
    /// A string, with escapes resolved.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, in the order the keys appear in the text.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member `key` of an object, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// A short name of the JSON type, for error messages ("expected a string, found a number").
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Why a text is not JSON, and where (1-based line and column, counted in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Line of the problem, from 1.
    pub line: usize,
    /// Column of the problem, from 1.
    pub column: usize,
    /// What is wrong.
    pub message: &'static str,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for SyntaxError {}

/// Parses a complete JSON text (RFC 8259). A leading byte-order mark is allowed.
///
/// ```
/// use shop_assistant::core::json::{parse, Value};
/// let v = parse(r#"{"price": 12.5, "tags": ["decaf"]}"#).unwrap();
/// assert_eq!(v.get("price"), Some(&Value::Number(12.5)));
/// assert!(parse("{\"a\": }").unwrap_err().to_string().starts_with("line 1, column 7"));
/// ```
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser {
        src: text.as_bytes(),
        pos: 0,
    };
    p.skip_ws();
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos < p.src.len() {
        return Err(p.error("unexpected text after the end of the JSON value"));
    }
    Ok(value)
}

struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, message: &'static str) -> SyntaxError {
        let end = self.pos.min(self.src.len());
        let before = &self.src[..end];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        // Count characters, not bytes, so the column matches what an editor shows.
        let column = 1 + before[line_start..]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count();
        SyntaxError {
            line,
            column,
            message,
        }
    }

    // Inlined: the reader calls these for every byte of a catalogue file (10% of its time
    // for 90 bytes of wasm).
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    #[inline(always)]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect_word(&mut self, word: &'static [u8], value: Value) -> Result<Value, SyntaxError> {
        if self.src[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("unknown word (expected a value: string, number, object, array, true, false or null)"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        match self.peek() {
            None => Err(self.error("unexpected end of text (expected a value)")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.expect_word(b"true", Value::Bool(true)),
            Some(b'f') => self.expect_word(b"false", Value::Bool(false)),
            Some(b'n') => self.expect_word(b"null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'}' | b']') => Err(self.error("expected a value (is there a trailing comma?)")),
            Some(b'\'') => Err(self.error("strings must use double quotes")),
            Some(_) => {
                Err(self
                    .error("expected a value: string, number, object, array, true, false or null"))
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.pos += 1;
        let mut members: Vec<(String, Value)> = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') => return Err(self.error("trailing comma before '}'")),
                _ => return Err(self.error("expected a key in double quotes")),
            }
            let key_pos = self.pos;
            let key = self.string()?;
            if members.iter().any(|(k, _)| *k == key) {
                self.pos = key_pos;
                return Err(self.error("duplicate key in object"));
            }
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.error("expected ':' after the key"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            members.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.error("expected ',' or '}' after the value")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected ',' or ']' after the value")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self
            .src
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("incomplete \\u escape"))?;
        let mut n = 0u32;
        for &d in digits {
            let v = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return Err(self.error("\\u must be followed by four hex digits")),
            };
            n = n * 16 + u32::from(v);
        }
        self.pos += 4;
        Ok(n)
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            // Copy the run of plain characters in one go; the input is valid UTF-8 and the
            // run ends on an ASCII byte, so slicing stays on character boundaries.
            let start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(std::str::from_utf8(&self.src[start..self.pos]).unwrap_or_default());
            match self.peek() {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let Some(esc) = self.peek() else {
                        return Err(self.error("unterminated string"));
                    };
                    self.pos += 1;
                    match esc {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if !self.src[self.pos..].starts_with(b"\\u") {
                                    return Err(self.error("lone surrogate in \\u escape"));
                                }
                                self.pos += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.error("invalid surrogate pair in \\u escape"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            match char::from_u32(code) {
                                Some(c) => out.push(c),
                                None => return Err(self.error("lone surrogate in \\u escape")),
                            }
                        }
                        _ => {
                            self.pos -= 1;
                            return Err(self.error("unknown escape in string"));
                        }
                    }
                }
                Some(_) => {
                    return Err(
                        self.error("control character in string (write it as an escape, e.g. \\n)")
                    )
                }
            }
        }
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error("numbers must not have leading zeros"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("expected a digit after the decimal point"));
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("expected a digit in the exponent"));
            }
            self.digits();
        }
        let text = std::str::from_utf8(&self.src[start..self.pos]).unwrap_or("x");
        match parse_number(text) {
            Some(n) if n.is_finite() => Ok(Value::Number(n)),
            _ => {
                self.pos = start;
                Err(self.error("number out of range"))
            }
        }
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }
}

/// Reads a decimal number (`-12.5`, `3e2`; JSON syntax, also accepting a leading `+` and a
/// missing integer part) without the standard library's float parser, which would add about
/// 10 KB to the WebAssembly. Up to 15 significant digits and exponents within ±22 are read
/// exactly (one correctly rounded operation); beyond that the result may differ from the
/// nearest double by a few units in the last place, which no price or weight notices.
///
/// ```
/// use shop_assistant::core::json::parse_number;
/// assert_eq!(parse_number("12.5"), Some(12.5));
/// assert_eq!(parse_number("-0.1"), Some(-0.1));
/// assert_eq!(parse_number("1e3"), Some(1000.0));
/// assert_eq!(parse_number("12abc"), None);
/// ```
pub fn parse_number(text: &str) -> Option<f64> {
    let bytes = text.trim().as_bytes();
    let (negative, rest) = match bytes.first()? {
        b'-' => (true, &bytes[1..]),
        b'+' => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    let mut mantissa: u64 = 0;
    let mut exponent: i32 = 0;
    let mut digits = 0;
    let mut i = 0;
    let mut seen_point = false;
    while i < rest.len() {
        match rest[i] {
            b'0'..=b'9' => {
                digits += 1;
                if mantissa < 1_000_000_000_000_000_000 {
                    mantissa = mantissa * 10 + u64::from(rest[i] - b'0');
                    if seen_point {
                        exponent -= 1;
                    }
                } else if !seen_point {
                    exponent += 1;
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if i < rest.len() {
        if !matches!(rest[i], b'e' | b'E') {
            return None;
        }
        let tail = std::str::from_utf8(&rest[i + 1..]).ok()?;
        let tail = tail.strip_prefix('+').unwrap_or(tail);
        let (sign, digits) = match tail.strip_prefix('-') {
            Some(d) => (-1, d),
            None => (1, tail),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // Clamp: anything beyond ±400 is zero or infinity anyway.
        let e = digits
            .bytes()
            .take(6)
            .fold(0i32, |acc, b| acc * 10 + i32::from(b - b'0'));
        exponent = exponent.saturating_add(sign * e.min(400));
    }
    const EXACT: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let m = mantissa as f64;
    let value = if mantissa == 0 {
        0.0
    } else if mantissa < (1 << 53) && (-22..=22).contains(&exponent) {
        let scale = EXACT[exponent.unsigned_abs() as usize];
        if exponent < 0 {
            m / scale
        } else {
            m * scale
        }
    } else if exponent > 22 {
        // The last factor exact, so that values near the largest double do not round over.
        m * 10f64.powi(exponent - 22) * 1e22
    } else if exponent >= -300 {
        m / 10f64.powi(-exponent)
    } else {
        // Two steps, so that 10^-exponent itself does not overflow.
        m / 10f64.powi(-exponent - 300) / 1e300
    };
    Some(if negative { -value } else { value })
}

/// Writes `value` as compact JSON.
pub fn stringify(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(out, *n),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, k);
                out.push(':');
                write_value(out, v);
            }
            out.push('}');
        }
    }
}

fn write_number(out: &mut String, n: f64) {
    out.push_str(&number_text(n));
}

/// A number as JSON text, without the standard library's float formatting (which would
/// add about 10 KB to the WebAssembly). Integers are exact; fractions keep at most nine
/// decimals and 15 significant digits, plenty for prices, weights and times, and what is
/// written reads back to a number that writes the same text. Not finite: `null`.
///
/// ```
/// use shop_assistant::core::json::number_text;
/// assert_eq!(number_text(12.5), "12.5");
/// assert_eq!(number_text(-0.125), "-0.125");
/// assert_eq!(number_text(1e20), "100000000000000000000");
/// assert_eq!(number_text(0.1 + 0.2), "0.3");
/// assert_eq!(number_text(15900003200.999), "15900003200.999");
/// ```
pub fn number_text(n: f64) -> String {
    if !n.is_finite() {
        return "null".to_string();
    }
    let mut out = String::new();
    if n < 0.0 {
        out.push('-');
    }
    let a = n.abs();
    let whole = a.trunc();
    let mut whole_digits = integer_digits(whole);
    // At most 15 significant digits in all (and nine decimals): any such decimal reads back
    // to a double that writes the same text again, so stored values stay stable.
    let decimals = 9usize.min(15usize.saturating_sub(whole_digits.len()));
    let scale = 10u64.pow(decimals as u32);
    let mut fraction = ((a - whole) * scale as f64).round() as u64;
    if fraction >= scale {
        fraction -= scale;
        whole_digits = integer_digits(whole + 1.0);
    }
    if whole_digits == "0" && fraction == 0 && out == "-" {
        out.clear();
    }
    out.push_str(&whole_digits);
    if fraction > 0 {
        let mut digits = fraction.to_string();
        while digits.len() < decimals {
            digits.insert(0, '0');
        }
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out
}

/// The decimal digits of a non-negative whole number held in an `f64`, exactly.
fn integer_digits(whole: f64) -> String {
    if whole < 1e18 {
        return (whole as u64).to_string();
    }
    // m * 2^e, multiplied out in base 10^9 limbs (least significant first).
    let bits = whole.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32 - 1075;
    let mantissa = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    let mut limbs: Vec<u64> = vec![
        mantissa % 1_000_000_000,
        mantissa / 1_000_000_000 % 1_000_000_000,
        mantissa / 1_000_000_000_000_000_000,
    ];
    for _ in 0..exponent.max(0) {
        let mut carry = 0;
        for limb in limbs.iter_mut() {
            let v = *limb * 2 + carry;
            *limb = v % 1_000_000_000;
            carry = v / 1_000_000_000;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut text = limbs.last().map(u64::to_string).unwrap_or_default();
    for limb in limbs.iter().rev().skip(1) {
        let part = limb.to_string();
        text.push_str(&"0".repeat(9 - part.len()));
        text.push_str(&part);
    }
    text
}

fn write_string(out: &mut String, s: &str) {
    use std::fmt::Write;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
