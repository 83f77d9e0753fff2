//! The share link's format: `#/<workbench>?ws=<version>.<payload>`.
//!
//! Everything after `#` stays in the browser (a hash is never sent to a
//! server), so a link carries the whole workspace without uploading it.
//!
//! Version 1 (the one this build writes): the workspace document of
//! [`super::document`] as compact JSON, compressed with raw DEFLATE (the
//! browser's `CompressionStream("deflate-raw")`, which costs the page no
//! code) and written in unpadded base64url, whose characters need no
//! escaping in a URL. A link names its version, and the decoder for every
//! version ever written stays here, so old links keep opening.

/// The hash parameter that carries a workspace.
pub const PARAM: &str = "ws";
/// The link version this build writes.
pub const LINK_VERSION: u32 = 1;

/// Above this many characters some chat tools and mail clients cut a link.
pub const LONG_LINK: usize = 2_000;
/// Above this many characters a link is too long for most chat tools and
/// issue trackers; a file is the better way.
pub const TOO_LONG_LINK: usize = 32_000;

/// A link's payload, decoded from base64url, by link version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payload {
    /// Version 1: raw-DEFLATE-compressed JSON workspace document.
    DeflatedJson(Vec<u8>),
}

/// The hash of a version 1 link to `workbench` carrying `compressed`
/// (raw DEFLATE of the compact document).
pub fn hash_v1(workbench: &str, compressed: &[u8]) -> String {
    format!("#/{workbench}?{PARAM}={LINK_VERSION}.{}", base64url_encode(compressed))
}

/// Whether `hash` (with or without `#`) carries a workspace.
pub fn has_workspace(hash: &str) -> bool {
    param(hash).is_some()
}

/// The payload of the workspace in `hash`, if it carries one; an error
/// says why a link that looks like a share link cannot be read.
pub fn parse(hash: &str) -> Option<Result<Payload, String>> {
    let value = param(hash)?;
    Some(decode_value(value))
}

fn decode_value(value: &str) -> Result<Payload, String> {
    let Some((version, data)) = value.split_once('.') else {
        return Err("the link's workspace has no version (expected `ws=1.…`)".into());
    };
    match version {
        "1" => {
            let bytes = base64url_decode(data)
                .map_err(|e| format!("the link is damaged (maybe cut short?): {e}"))?;
            Ok(Payload::DeflatedJson(bytes))
        }
        other => Err(format!(
            "the link was made by a newer promplay (link version {other}); this one opens versions 1 to {LINK_VERSION}"
        )),
    }
}

/// The value of the `ws` parameter of a `#/slug?a=b&ws=…` hash.
fn param(hash: &str) -> Option<&str> {
    let (_, query) = hash.split_once('?')?;
    query.split('&').find_map(|pair| pair.strip_prefix(PARAM)?.strip_prefix('='))
}

/// The same hash without the workspace parameter (`#/query?ws=…` → `#/query`).
pub fn without_workspace(hash: &str) -> String {
    let Some((path, query)) = hash.split_once('?') else { return hash.to_owned() };
    let rest: Vec<&str> = query
        .split('&')
        .filter(|pair| pair.strip_prefix(PARAM).is_none_or(|r| !r.starts_with('=')))
        .collect();
    if rest.is_empty() { path.to_owned() } else { format!("{path}?{}", rest.join("&")) }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Unpadded base64url (RFC 4648 §5).
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes unpadded (or padded) base64url; also accepts `+` and `/`.
pub fn base64url_decode(text: &str) -> Result<Vec<u8>, String> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for (i, c) in text.bytes().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => {
                return Err(format!(
                    "unexpected character {:?} at position {} of the payload",
                    c as char,
                    i + 1
                ));
            }
        };
        acc = acc << 6 | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if text.len() % 4 == 1 {
        return Err("the payload's length is not a base64 length".into());
    }
    Ok(out)
}

/// How long a link of `len` characters is, in words, with advice when it
/// is long.
pub fn length_note(len: usize) -> (String, Option<&'static str>) {
    let count = format!("{} characters", group_thousands(len));
    let advice = if len > TOO_LONG_LINK {
        Some(
            "Too long for most chat tools and issue trackers: export the workspace as a file and attach it instead.",
        )
    } else if len > LONG_LINK {
        Some(
            "A long link: some chat tools and mail clients cut links over 2,000 characters. Check that it opens, or export the workspace as a file.",
        )
    } else {
        None
    };
    (count, advice)
}

/// `12345` → `12,345`.
pub fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::document;

    /// A version 1 link as promplay wrote it. It must open in every later
    /// version: never change this literal, add a test for a new version.
    const V1_LINK: &str = "http://127.0.0.1:8080/#/query?ws=1.TY_LTsMwEEV_xRo2rTCoQWJjiSV7FmwQg6KxO23TJrbxA1pF-Xdk01RZWfeMNXPuCDsXBkqgwAc3-J4uD78unKInwyDhh0PsnAXVSChcszUHUPCdOVxAAtsUOo6gRhg4hc7Ex9tCysmBvPFYnsJTyLzgic-F3on3j7dXkb3YU94z2uzHo9MvCOQ7hEk0aEFeDysYEfjsA4JCiHkQ-iJWR6fXYpX9GkEiJNJ1mkj3XEkgu-fKmkMFbLc11hAT-2Uic-Iy3lEfuRAuTeuP3tFWNM8R0Qoxe-K_KVbX-835aYNo664cub22RVClvsS5fktpaRRNIF-vfH5JBNNTjJ1pk2vtwejZZoJp-gM";

    fn inflate(bytes: &[u8]) -> Vec<u8> {
        miniz_oxide::inflate::decompress_to_vec(bytes).expect("raw deflate")
    }

    #[test]
    fn the_literal_v1_link_opens() {
        let hash = &V1_LINK[V1_LINK.find('#').unwrap()..];
        let Some(Ok(Payload::DeflatedJson(bytes))) = parse(hash) else { panic!("not a v1 link") };
        let snapshot = document::parse(std::str::from_utf8(&inflate(&bytes)).unwrap()).unwrap();
        assert_eq!(snapshot.workbench, "query");
        assert_eq!(snapshot.entries["metrics.text"], "# TYPE up gauge\nup{job=\"api\"} 1\n");
        assert!(snapshot.entries["query"].contains("\"expr\":\"sum by (job) (up)\""));
        assert_eq!(snapshot.entries["metrics.strict"], "true");
        assert_eq!(without_workspace(hash), "#/query");
    }

    #[test]
    fn base64url_round_trips() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 250) as u8).collect();
            let text = base64url_encode(&bytes);
            assert!(!text.contains(['+', '/', '=']), "{text}");
            assert_eq!(base64url_decode(&text).unwrap(), bytes);
        }
        assert_eq!(base64url_encode(b"hello?"), "aGVsbG8_");
        assert!(base64url_decode("ab c").unwrap_err().contains("position 3"));
        assert!(base64url_decode("abcde").is_err());
    }

    #[test]
    fn hashes_are_read_and_rejected_with_reasons() {
        assert!(!has_workspace("#/query?expr=up"));
        assert!(has_workspace("#/metrics?ws=1.AA"));
        assert_eq!(parse("#/query?expr=up"), None);
        assert!(parse("#/query?ws=9.AAAA").unwrap().unwrap_err().contains("newer promplay"));
        assert!(parse("#/query?ws=AAAA").unwrap().unwrap_err().contains("no version"));
        assert!(parse("#/query?ws=1.A!").unwrap().unwrap_err().contains("damaged"));
        assert_eq!(
            without_workspace("#/query?expr=up&ws=1.AA&tab=graph"),
            "#/query?expr=up&tab=graph"
        );
        assert_eq!(without_workspace("#/query?wsx=1"), "#/query?wsx=1");
        let hash = hash_v1("rules", &[1, 2, 3]);
        assert_eq!(hash, "#/rules?ws=1.AQID");
        assert_eq!(parse(&hash), Some(Ok(Payload::DeflatedJson(vec![1, 2, 3]))));
    }

    #[test]
    fn long_links_come_with_advice() {
        assert_eq!(length_note(950), ("950 characters".into(), None));
        assert!(length_note(2_500).1.unwrap().contains("2,000"));
        assert!(length_note(40_000).1.unwrap().contains("file"));
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }
}
