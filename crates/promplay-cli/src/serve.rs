//! `promplay serve [DIR]`: the built site (Trunk's `dist/`) over plain HTTP,
//! for a classroom or a laptop without any other web server. The wasm cannot
//! load from `file://`, so a browser needs some server once; after that first
//! visit the site's service worker (`web/sw.js`) keeps working offline.
//!
//! A small static file server on `std::net`, one thread per connection:
//! GET and HEAD, `index.html` for a folder, a redirect from a folder's name
//! without its trailing slash to the name with it (`/docs/promplay` →
//! `/docs/promplay/`, as static servers do: the site's URLs are relative, so
//! they must resolve inside the folder), 404 for what is missing, 403 for
//! any path that would leave DIR (`..` or a symlink pointing out), correct
//! Content-Types (`application/wasm` is what lets the browser compile the
//! wasm while it downloads) and cache headers that keep the service worker's
//! update check honest: `sw.js` and the HTML are revalidated every time,
//! Trunk's content-hashed files are immutable.

use crate::args::Command;
use anyhow::{Context, Result, bail};
use lexopt::prelude::*;
use std::io::{self, BufWriter, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

/// The options of `promplay serve`.
#[derive(Debug)]
pub struct ServeOptions {
    /// The folder to serve (Trunk's output).
    pub dir: PathBuf,
    /// The address to listen on.
    pub host: IpAddr,
    /// The port; 0 picks a free one (the URL printed says which).
    pub port: u16,
}

/// `promplay serve --help`.
pub const HELP: &str = "\
promplay serve: serve the built playground for offline use and classrooms

Usage: promplay serve [DIR] [--port N] [--host H]

Serves DIR (default: dist, what `trunk build --release` writes) over HTTP and
prints its URL. Open it once in a browser: the site's service worker keeps
every file, and from then on the playground opens and works with the network
off (from the same address). Browsers allow service workers only on
http://127.0.0.1, http://localhost or https, so each student running
`promplay serve` on their own machine gets the offline copy; a page served to
other machines (--host 0.0.0.0) works while this server is reachable.
Ctrl-C stops it.

Options:
  -p, --port N   The port (default 8080; 0 picks a free one, printed)
      --host H   The address to listen on (default 127.0.0.1; 0.0.0.0 for every
                 network interface, i.e. for other machines too)
  -h, --help     Print help

Exit status: 1 when DIR is not a built site or the address cannot be used,
2 usage error; otherwise it serves until stopped.
";

/// Reads `promplay serve`'s options.
pub fn options(parser: &mut lexopt::Parser) -> Result<Command, lexopt::Error> {
    let mut opts = ServeOptions {
        dir: PathBuf::from("dist"),
        host: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 8080,
    };
    let mut dir_given = false;
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help(HELP)),
            Short('p') | Long("port") => {
                let word = parser.value()?.string()?;
                opts.port = word
                    .parse()
                    .map_err(|_| format!("invalid --port `{word}`; expected a number 0-65535"))?;
            }
            Long("host") => {
                let word = parser.value()?.string()?;
                opts.host = parse_host(&word).ok_or_else(|| {
                    format!("invalid --host `{word}`; expected an IP address such as 127.0.0.1 or 0.0.0.0")
                })?;
            }
            Value(dir) if !dir_given => {
                opts.dir = PathBuf::from(dir);
                dir_given = true;
            }
            Value(dir) => {
                return Err(format!(
                    "only one folder can be served, got a second one: {}",
                    dir.to_string_lossy()
                )
                .into());
            }
            other => return Err(other.unexpected()),
        }
    }
    Ok(Command::Serve(opts))
}

/// `localhost` or an IP address.
fn parse_host(word: &str) -> Option<IpAddr> {
    if word.eq_ignore_ascii_case("localhost") {
        return Some(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    word.trim_start_matches('[').trim_end_matches(']').parse().ok()
}

/// Runs `promplay serve`: binds, prints the URL, serves until killed.
pub fn run(opts: &ServeOptions) -> Result<u8> {
    if !opts.dir.join("index.html").is_file() {
        bail!(
            "{} has no index.html: build the site first (`trunk build --release` writes dist/)",
            opts.dir.display()
        );
    }
    let root =
        opts.dir.canonicalize().with_context(|| format!("cannot open {}", opts.dir.display()))?;
    let listener = TcpListener::bind((opts.host, opts.port)).with_context(|| {
        format!(
            "cannot listen on {}",
            url_for(opts.host, opts.port).trim_end_matches('/').trim_start_matches("http://")
        )
    })?;
    let port = listener.local_addr()?.port();
    println!(
        "promplay serve: {} at {} (Ctrl-C stops it)",
        opts.dir.display(),
        url_for(opts.host, port)
    );
    if opts.host.is_unspecified() {
        println!(
            "listening on every interface: other machines open http://<this machine's address>:{port}/ \
             (they need this server running; offline copies need 127.0.0.1, localhost or https)"
        );
    }
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let root = root.clone();
        std::thread::spawn(move || {
            // A client that goes away mid-response is its own business.
            let _ = handle(stream, &root);
        });
    }
    Ok(0)
}

/// The URL a browser on this machine opens.
fn url_for(host: IpAddr, port: u16) -> String {
    match host {
        IpAddr::V4(v4) if v4.is_unspecified() => format!("http://127.0.0.1:{port}/"),
        IpAddr::V6(v6) if v6.is_unspecified() => format!("http://[::1]:{port}/"),
        IpAddr::V4(v4) => format!("http://{v4}:{port}/"),
        IpAddr::V6(v6) => format!("http://[{v6}]:{port}/"),
    }
}

/// The most a request head may take; browsers send well under 8 KiB.
const MAX_HEAD: usize = 16 * 1024;

/// Serves one request on `stream` and closes it.
fn handle(mut stream: TcpStream, root: &Path) -> io::Result<()> {
    // Browsers open spare connections they may never use; they must not
    // hold a thread forever.
    stream.set_read_timeout(Some(Duration::from_secs(15)))?;
    let head = match read_head(&mut stream) {
        Ok(Some(head)) => head,
        Ok(None) => return Ok(()),
        Err(err) if err.kind() == io::ErrorKind::InvalidData => {
            let response = Response::error(431, "request head too large");
            return send(&mut stream, &response, false);
        }
        Err(err) => return Err(err),
    };
    let (response, head_only) = match parse_request(&head) {
        Ok(request) => (respond(&request, root), request.method == Method::Head),
        Err(response) => (response, false),
    };
    log(&head, response.status);
    send(&mut stream, &response, head_only)?;
    let _ = stream.shutdown(Shutdown::Both);
    Ok(())
}

/// One access log line on stderr: the request line and the status.
#[allow(clippy::print_stderr)]
fn log(head: &str, status: u16) {
    let line = head.lines().next().unwrap_or_default();
    let line: String = line.chars().filter(|c| !c.is_control()).take(200).collect();
    eprintln!("{status} {line}");
}

/// Reads up to the blank line ending the request head; `None` when the
/// client closed the connection without sending anything.
fn read_head(stream: &mut TcpStream) -> io::Result<Option<String>> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    loop {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Ok(if head.is_empty() {
                None
            } else {
                Some(String::from_utf8_lossy(&head).into_owned())
            });
        }
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = find(&head, b"\r\n\r\n") {
            head.truncate(end);
            return Ok(Some(String::from_utf8_lossy(&head).into_owned()));
        }
        if head.len() > MAX_HEAD {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "request head too large"));
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The methods a static server answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    Head,
}

/// What the server needs of a request.
#[derive(Debug, PartialEq, Eq)]
struct Request {
    method: Method,
    /// The decoded path's segments, without empty and `.` ones.
    segments: Vec<String>,
    /// Whether the path ends with `/` (a folder asked for as a folder).
    trailing_slash: bool,
    /// The query string without its `?`, kept for a redirect.
    query: Option<String>,
    /// The `If-None-Match` header, if any.
    if_none_match: Option<String>,
}

/// A response: status, headers and where the body comes from.
#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
}

#[derive(Debug)]
enum Body {
    Empty,
    Text(String),
    File(PathBuf, u64),
}

impl Response {
    /// A short plain-text error page.
    fn error(status: u16, message: &str) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".to_owned())],
            body: Body::Text(format!("{status} {}: {message}\n", reason(status))),
        }
    }
}

/// Reads the request line and the headers that matter; an error is the
/// response to send instead.
fn parse_request(head: &str) -> Result<Request, Response> {
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Response::error(400, "malformed request line"));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(Response::error(505, "only HTTP/1.x is served"));
    }
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        _ => {
            let mut response = Response::error(405, "only GET and HEAD are served");
            response.headers.push(("Allow", "GET, HEAD".to_owned()));
            return Err(response);
        }
    };
    let segments = path_segments(target)?;
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let trailing_slash = path.ends_with('/');
    let query = target
        .split('#')
        .next()
        .and_then(|t| t.split_once('?'))
        .map(|(_, query)| query.to_owned())
        .filter(|query| !query.is_empty() && !query.contains(|c: char| c.is_control()));
    let if_none_match = lines.find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim().eq_ignore_ascii_case("if-none-match").then(|| value.trim().to_owned())
    });
    Ok(Request { method, segments, trailing_slash, query, if_none_match })
}

/// The request target's path as decoded segments. `..` anywhere is refused
/// (403), as are targets that are not a path, bad escapes and characters no
/// file name of the site has (400).
fn path_segments(target: &str) -> Result<Vec<String>, Response> {
    if !target.starts_with('/') {
        return Err(Response::error(400, "the request target must be a path"));
    }
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode(path)
        .ok_or_else(|| Response::error(400, "bad percent-escape in the path"))?;
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(Response::error(403, "the path leaves the served folder")),
            s if s.contains(['\\', '\0']) => {
                return Err(Response::error(400, "the path has a backslash or a NUL"));
            }
            s => segments.push(s.to_owned()),
        }
    }
    Ok(segments)
}

/// `%XX` escapes decoded; `None` for a bad escape or a result that is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The response for a well-formed request under `root` (canonical).
fn respond(request: &Request, root: &Path) -> Response {
    let mut file = root.to_path_buf();
    file.extend(&request.segments);
    if file.is_dir() {
        if !request.trailing_slash && !request.segments.is_empty() {
            return redirect_to_folder(request);
        }
        file.push("index.html");
    }
    // A symlink inside the folder may point anywhere; only what really
    // lies under the folder is served.
    let file = match file.canonicalize() {
        Ok(file) if file.starts_with(root) => file,
        Ok(_) => return Response::error(403, "the path leaves the served folder"),
        Err(_) => return Response::error(404, "no such file in the served folder"),
    };
    let Ok(meta) = file.metadata() else {
        return Response::error(404, "no such file in the served folder");
    };
    if !meta.is_file() {
        return Response::error(404, "no such file in the served folder");
    }
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let etag = format!(
        "\"{:x}-{:x}\"",
        meta.len(),
        meta.modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos())
    );
    let mut headers = vec![
        ("Content-Type", content_type(&name).to_owned()),
        ("Cache-Control", cache_control(&name).to_owned()),
        ("ETag", etag.clone()),
        ("X-Content-Type-Options", "nosniff".to_owned()),
    ];
    if request
        .if_none_match
        .as_deref()
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
    {
        headers.retain(|(name, _)| *name != "Content-Type");
        return Response { status: 304, headers, body: Body::Empty };
    }
    Response { status: 200, headers, body: Body::File(file, meta.len()) }
}

/// The redirect from a folder's name to the folder (`/docs/promplay?x` →
/// `/docs/promplay/?x`). The location is written from the checked segments,
/// never copied from the request, so it stays on this server (a target such
/// as `//other.host` cannot become a redirect to another site).
fn redirect_to_folder(request: &Request) -> Response {
    let mut location = String::new();
    for segment in &request.segments {
        location.push('/');
        location.push_str(&percent_encode_segment(segment));
    }
    location.push('/');
    if let Some(query) = &request.query {
        location.push('?');
        location.push_str(query);
    }
    Response {
        status: 301,
        headers: vec![
            ("Location", location.clone()),
            ("Content-Type", "text/plain; charset=utf-8".to_owned()),
            ("Cache-Control", "no-cache".to_owned()),
        ],
        body: Body::Text(format!("301 Moved Permanently: the folder is {location}\n")),
    }
}

/// A path segment with everything but RFC 3986's unreserved characters and
/// sub-delimiters (and `:`, `@`) percent-encoded.
fn percent_encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The Content-Type for a file name.
fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        // Examples and fixtures are read as text, in the browser too.
        "txt" | "yaml" | "yml" | "prom" | "md" | "rules" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Cache-Control for a file name: Trunk's content-hashed files never change
/// (a new build has new names); everything else, the service worker
/// (`sw.js`) and `index.html` first, is revalidated on every request, so the
/// browser's update check always sees a new build.
fn cache_control(name: &str) -> &'static str {
    if is_content_hashed(name) { "public, max-age=31536000, immutable" } else { "no-cache" }
}

/// Whether the name carries Trunk's content hash: `stem-<hex>` before the
/// extension (`promplay-web-0123456789abcdef_bg.wasm`); the hash is a u64 in
/// hex without leading zeros, so 12 to 16 digits are taken as one.
fn is_content_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len())
            && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// The reason phrase of the statuses this server sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        505 => "HTTP Version Not Supported",
        _ => "Error",
    }
}

/// Writes the response; `head_only` for HEAD (headers as for GET, no body).
fn send(stream: &mut TcpStream, response: &Response, head_only: bool) -> io::Result<()> {
    let mut out = BufWriter::new(stream);
    write!(out, "HTTP/1.1 {} {}\r\n", response.status, reason(response.status))?;
    for (name, value) in &response.headers {
        write!(out, "{name}: {value}\r\n")?;
    }
    let length = match &response.body {
        Body::Empty => 0,
        Body::Text(text) => text.len() as u64,
        Body::File(_, len) => *len,
    };
    write!(out, "Content-Length: {length}\r\nConnection: close\r\n\r\n")?;
    if !head_only {
        match &response.body {
            Body::Empty => {}
            Body::Text(text) => out.write_all(text.as_bytes())?,
            Body::File(path, _) => {
                io::copy(&mut std::fs::File::open(path)?, &mut out)?;
            }
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_of(target: &str) -> u16 {
        match parse_request(&format!("GET {target} HTTP/1.1\r\nHost: x")) {
            Ok(_) => 200,
            Err(response) => response.status,
        }
    }

    #[test]
    fn traversal_and_odd_targets_are_refused() {
        for (target, status) in [
            ("/", 200),
            ("/index.html?x=1#y", 200),
            ("/worker/promplay-query-worker.js", 200),
            ("/../etc/passwd", 403),
            ("/a/../../etc/passwd", 403),
            ("/%2e%2e/etc/passwd", 403),
            ("/%2E%2E%2Fetc%2Fpasswd", 403),
            ("/a\\..\\b", 400),
            ("/%00", 400),
            ("/%zz", 400),
            ("/%c3", 400),
            ("http://example.com/", 400),
            ("*", 400),
        ] {
            assert_eq!(status_of(target), status, "{target}");
        }
    }

    #[test]
    fn requests_are_read() {
        let request = parse_request("HEAD /a/./b%20c/ HTTP/1.0\r\nIf-None-Match: \"1-2\"").unwrap();
        assert_eq!(
            request,
            Request {
                method: Method::Head,
                segments: vec!["a".to_owned(), "b c".to_owned()],
                trailing_slash: true,
                query: None,
                if_none_match: Some("\"1-2\"".to_owned()),
            }
        );
        let post = parse_request("POST / HTTP/1.1").unwrap_err();
        assert_eq!(post.status, 405);
        assert!(post.headers.contains(&("Allow", "GET, HEAD".to_owned())));
        assert_eq!(parse_request("GET / HTTP/2").unwrap_err().status, 505);
        assert_eq!(parse_request("GET /").unwrap_err().status, 400);
    }

    #[test]
    fn folders_without_their_slash_are_redirected() {
        let root = std::env::temp_dir().join(format!("promplay-serve-unit-{}", std::process::id()));
        std::fs::create_dir_all(root.join("docs/prom play")).unwrap();
        std::fs::write(root.join("docs/prom play/index.html"), "x").unwrap();
        std::fs::write(root.join("index.html"), "x").unwrap();
        let root = root.canonicalize().unwrap();
        let location = |target: &str| {
            let response =
                respond(&parse_request(&format!("GET {target} HTTP/1.1")).unwrap(), &root);
            let location = response.headers.iter().find(|(n, _)| *n == "Location");
            (response.status, location.map(|(_, v)| v.clone()))
        };
        assert_eq!(location("/docs"), (301, Some("/docs/".to_owned())));
        assert_eq!(
            location("/docs/prom%20play?embed=query&input=up#/query"),
            (301, Some("/docs/prom%20play/?embed=query&input=up".to_owned()))
        );
        // The location is built from the checked path: it never names another host.
        assert_eq!(location("//docs"), (301, Some("/docs/".to_owned())));
        assert_eq!(location("/docs/./prom%20play/"), (200, None));
        assert_eq!(location("/"), (200, None));
        assert_eq!(location("/index.html"), (200, None));
        assert_eq!(location("/docs/missing"), (404, None));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn content_types_and_caching() {
        for (name, expected) in [
            ("index.html", "text/html; charset=utf-8"),
            ("promplay-web-0123456789abcdef.js", "text/javascript; charset=utf-8"),
            ("promplay-web-0123456789abcdef_bg.wasm", "application/wasm"),
            ("style-0123456789abcdef.css", "text/css; charset=utf-8"),
            ("favicon.svg", "image/svg+xml"),
            ("rules.yaml", "text/plain; charset=utf-8"),
            ("node.prom", "text/plain; charset=utf-8"),
            ("LICENSE", "application/octet-stream"),
        ] {
            assert_eq!(content_type(name), expected, "{name}");
        }
        assert!(is_content_hashed("promplay-web-0123456789abcdef_bg.wasm"));
        assert!(is_content_hashed("style-0123456789abcdef.css"));
        assert!(is_content_hashed("style-6ae80c7baff7c94.css"));
        assert!(!is_content_hashed("promplay-query-worker_bg.wasm"));
        assert!(!is_content_hashed("sw.js"));
        assert!(!is_content_hashed("index.html"));
        assert!(!is_content_hashed("node-exporter.prom"));
        assert_eq!(cache_control("sw.js"), "no-cache");
    }

    #[test]
    fn hosts() {
        assert_eq!(parse_host("localhost"), Some(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        assert_eq!(parse_host("0.0.0.0"), Some(IpAddr::V4(Ipv4Addr::UNSPECIFIED)));
        assert_eq!(parse_host("[::1]").map(|h| h.to_string()), Some("::1".to_owned()));
        assert_eq!(parse_host("example.com"), None);
        assert_eq!(url_for(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 80), "http://127.0.0.1:80/");
    }
}
