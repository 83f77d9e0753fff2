//! `promplay serve` over a real socket: the binary is started on a free port
//! (`--port 0`, the URL it prints says which) in front of a small built-site
//! folder, and raw HTTP requests check the Content-Types the browser needs,
//! index.html for `/`, HEAD, 304 revalidation, 404, the refused traversals and
//! the redirect of a folder named without its trailing slash.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// The server process, killed when the test ends (also on a failed assert).
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `promplay serve DIR --port 0` and reads the address from its first line.
fn start(dir: &PathBuf) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_promplay"))
        .arg("serve")
        .arg(dir)
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("cannot start promplay serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    let addr = url.trim_start_matches("http://").trim_end_matches('/').to_owned();
    Server { child, addr }
}

/// A response: status, headers (names lowercased) and body.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Sends `request` as is and reads the whole response (the server closes).
fn raw(server: &Server, request: &str) -> Reply {
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").expect("no header end");
    let head = String::from_utf8(bytes[..split].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Reply { status, headers, body: bytes[split + 4..].to_vec() }
}

fn get(server: &Server, path: &str) -> Reply {
    raw(server, &format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n"))
}

/// A folder shaped like Trunk's output, plus a secret next to it (one per test).
fn site(name: &str) -> PathBuf {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let dist = base.join("dist");
    std::fs::create_dir_all(dist.join("worker")).unwrap();
    std::fs::create_dir_all(dist.join("examples")).unwrap();
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><title>promplay</title>").unwrap();
    std::fs::write(dist.join("promplay-web-0123456789abcdef_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.join("worker/promplay-query-worker.js"), "self.x = 1;").unwrap();
    std::fs::write(dist.join("examples/index.html"), "examples").unwrap();
    std::fs::write(dist.join("sw.js"), "// sw").unwrap();
    std::fs::write(base.join("secret.txt"), "do not serve").unwrap();
    dist
}

#[test]
fn serves_a_built_site() {
    let dist = site("site");
    let server = start(&dist);

    let index = get(&server, "/");
    assert_eq!(index.status, 200);
    assert_eq!(index.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(index.body, b"<!DOCTYPE html><title>promplay</title>");
    assert_eq!(index.header("cache-control"), Some("no-cache"));
    assert_eq!(get(&server, "/index.html?embed=query").body, index.body);
    assert_eq!(get(&server, "/examples/").body, b"examples");

    let wasm = get(&server, "/promplay-web-0123456789abcdef_bg.wasm");
    assert_eq!(wasm.status, 200);
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(wasm.header("cache-control"), Some("public, max-age=31536000, immutable"));
    assert_eq!(wasm.body, b"\0asm\x01\0\0\0");

    let worker = get(&server, "/worker/promplay-query-worker.js");
    assert_eq!(worker.header("content-type"), Some("text/javascript; charset=utf-8"));
    assert_eq!(get(&server, "/sw.js").header("cache-control"), Some("no-cache"));

    // HEAD: the GET's headers, no body.
    let head =
        raw(&server, "HEAD /promplay-web-0123456789abcdef_bg.wasm HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), Some("8"));
    assert!(head.body.is_empty());

    // Revalidation with the ETag answers 304 without a body.
    let etag = index.header("etag").expect("an ETag").to_owned();
    let revalidated =
        raw(&server, &format!("GET / HTTP/1.1\r\nHost: x\r\nIf-None-Match: {etag}\r\n\r\n"));
    assert_eq!(revalidated.status, 304);
    assert!(revalidated.body.is_empty());

    assert_eq!(get(&server, "/missing.js").status, 404);
    assert_eq!(raw(&server, "POST / HTTP/1.1\r\nHost: x\r\n\r\n").status, 405);
    for traversal in
        ["/../secret.txt", "/worker/../../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt"]
    {
        let reply = get(&server, traversal);
        assert!(matches!(reply.status, 403 | 404), "{traversal}: {}", reply.status);
        assert!(!String::from_utf8_lossy(&reply.body).contains("do not serve"), "{traversal}");
    }
}

/// A site in a sub-folder (a docs site's `/docs/promplay/`): asked for without
/// its trailing slash, the folder redirects to itself with one, as static
/// servers do, so that the page's relative URLs resolve inside it.
#[test]
fn a_folder_without_its_slash_redirects() {
    let dist = site("subfolder");
    let sub = dist.join("docs/promplay");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("index.html"), "<!DOCTYPE html><title>docs</title>").unwrap();
    let server = start(&dist);

    let moved = get(&server, "/docs/promplay?embed=query&input=up");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location"), Some("/docs/promplay/?embed=query&input=up"));
    assert_eq!(get(&server, "/docs/promplay/").body, b"<!DOCTYPE html><title>docs</title>");
    assert_eq!(get(&server, "/docs/promplay/index.html").status, 200);
    assert_eq!(get(&server, "/examples").header("location"), Some("/examples/"));
    let head = raw(&server, "HEAD /docs HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!((head.status, head.header("location")), (301, Some("/docs/")));
    assert!(head.body.is_empty());
}

/// A symlink inside the folder that points out of it is not followed.
#[cfg(unix)]
#[test]
fn symlinks_out_of_the_folder_are_refused() {
    let dist = site("symlink");
    let link = dist.join("leak.txt");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(dist.parent().unwrap().join("secret.txt"), &link).unwrap();
    let server = start(&dist);
    assert_eq!(get(&server, "/leak.txt").status, 403);
}
