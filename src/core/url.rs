//! Which URLs the assistant may follow or show.
//!
//! Only `http:`, `https:` and relative URLs are allowed. The check reads the URL the way a
//! browser's URL parser would before deciding on its scheme: it ignores leading C0 controls
//! and spaces and removes tabs and newlines anywhere, so `" jav\tascript:"` is seen as the
//! `javascript:` URL it is. A URL that needs such cleaning is refused outright: a merchant
//! never writes one on purpose.

/// Why a URL is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlError {
    /// Empty or only white space.
    Empty,
    /// Contains control characters, tabs, newlines or leading/trailing spaces.
    Whitespace,
    /// Has a scheme other than http or https (e.g. `javascript:`, `data:`).
    Scheme,
}

impl UrlError {
    /// A message for a merchant.
    pub fn message(self) -> &'static str {
        match self {
            UrlError::Empty => "URL is empty",
            UrlError::Whitespace => "URL contains spaces or control characters",
            UrlError::Scheme => "only http, https or relative URLs are allowed",
        }
    }
}

/// Checks that `url` is an http(s) or relative URL.
///
/// ```
/// use shop_assistant::core::url::{check, UrlError};
/// assert!(check("/products/kettle").is_ok());
/// assert!(check("https://shop.example/p/1?x=1").is_ok());
/// assert_eq!(check("JaVaScRiPt:alert(1)"), Err(UrlError::Scheme));
/// assert_eq!(check("java\tscript:alert(1)"), Err(UrlError::Scheme));
/// assert_eq!(check("/basket\n"), Err(UrlError::Whitespace));
/// ```
pub fn check(url: &str) -> Result<(), UrlError> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    // Judge the scheme on what a browser would see, so that a hostile URL is reported as
    // the scheme problem it is even when it also carries white space.
    if scheme(&cleaned)
        .is_some_and(|s| !s.eq_ignore_ascii_case("http") && !s.eq_ignore_ascii_case("https"))
    {
        return Err(UrlError::Scheme);
    }
    if cleaned.is_empty() {
        return Err(UrlError::Empty);
    }
    if cleaned.len() != url.len() || url.chars().any(|c| c.is_control()) {
        return Err(UrlError::Whitespace);
    }
    Ok(())
}

/// The scheme of an absolute URL (`"https"` in `"https://x"`), or `None` for a relative one.
fn scheme(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let candidate = &url[..colon];
    let mut chars = candidate.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // "/a:b" or "?q=a:b" are relative: the colon comes after a path or query has begun.
    valid.then_some(candidate)
}

/// `url` with `key=value` added to its query string (before any `#fragment`).
///
/// ```
/// use shop_assistant::core::url::with_query;
/// assert_eq!(with_query("/p/kettle", "sa_flow", "gift"), "/p/kettle?sa_flow=gift");
/// assert_eq!(with_query("/p?id=1#top", "sa_flow", "gift"), "/p?id=1&sa_flow=gift#top");
/// ```
pub fn with_query(url: &str, key: &str, value: &str) -> String {
    let (base, fragment) = match url.find('#') {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    let separator = if !base.contains('?') {
        "?"
    } else if base.ends_with('?') || base.ends_with('&') {
        ""
    } else {
        "&"
    };
    let mut out = String::with_capacity(url.len() + key.len() + value.len() + 2);
    out.push_str(base);
    out.push_str(separator);
    encode_component(&mut out, key);
    out.push('=');
    encode_component(&mut out, value);
    out.push_str(fragment);
    out
}

/// `s` percent-encoded but for unreserved characters (RFC 3986).
pub fn encoded(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_component(&mut out, s);
    out
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn encode_component(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}
