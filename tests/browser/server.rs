//! A tiny static file server for `dist/` on an ephemeral 127.0.0.1 port.
//!
//! Just enough HTTP for a browser to load the app: GET, correct MIME types
//! (`application/wasm` is required for streaming instantiation), no caching.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::thread;

/// Serves `dist` until the test process exits; returns the base URL.
pub fn serve(dist: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding 127.0.0.1:0 for the static server");
    let addr = listener.local_addr().expect("static server address");
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dist = dist.clone();
            thread::spawn(move || {
                // A failed connection only affects that one request.
                let _ = handle(stream, &dist);
            });
        }
    });
    format!("http://{addr}")
}

fn handle(stream: TcpStream, dist: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Skip the headers: nothing in them changes the answer.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }

    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let relative = match path.trim_start_matches('/') {
        "" => "index.html",
        p => p,
    };
    let body =
        if relative.split('/').any(|part| part == "..") { None } else { std::fs::read(dist.join(relative)).ok() };

    let mut stream = stream;
    match body {
        Some(body) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
                mime(relative),
                body.len()
            );
            stream.write_all(head.as_bytes())?;
            stream.write_all(&body)
        }
        None => stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    }
}

fn mime(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}
