//! What ureq 3.5's `unversioned::multipart::Form` does with what our uploads need: a
//! second attempt (retries), a user's file name, a seekable reader's length, and a
//! directory given as a file. Prints one finding per line; see the module docs of
//! `crates/pipedrive-transport/src/multipart.rs` for the output of 3.5.2.
use std::io::{Cursor, Read, Write};
use std::net::TcpListener;
use ureq::unversioned::multipart::{Form, Part};

/// Sends `form` to a one-shot local server; returns the request head it received.
fn head_of(form: Form<'_>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut buf = vec![0u8; 65536];
        let mut got = Vec::new();
        while !got.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = s.read(&mut buf).unwrap();
            if n == 0 { break; }
            got.extend_from_slice(&buf[..n]);
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        let _ = s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        let text = String::from_utf8_lossy(&got).into_owned();
        text.split("\r\n\r\n").next().unwrap().to_owned()
    });
    let _ = ureq::post(&format!("http://{addr}/files")).send(form);
    server.join().unwrap()
}

fn framing(head: &str) -> String {
    head.lines()
        .filter(|l| {
            let l = l.to_ascii_lowercase();
            l.starts_with("content-length") || l.starts_with("transfer-encoding")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn main() {
    // 1. Replay: a Form is a one-shot reader.
    let mut form = Form::new().text("deal_id", "42").part("file", Part::bytes(b"%PDF-1.4").file_name("a.pdf"));
    let mut first = Vec::new();
    form.read_to_end(&mut first).unwrap();
    let mut second = Vec::new();
    form.read_to_end(&mut second).unwrap();
    println!("replay: first read {} bytes, second read of the same Form {} bytes", first.len(), second.len());

    // 2. A file name with a quote and a line break (as a user's file could have).
    let mut form = Form::new().part("file", Part::bytes(b"x").file_name("a\"b.pdf\r\nX-Injected: yes"));
    let mut body = Vec::new();
    form.read_to_end(&mut body).unwrap();
    let text = String::from_utf8_lossy(&body);
    println!("file name: part head lines:");
    for line in text.lines().skip(1).take(3) {
        println!("    {line:?}");
    }

    // 3. A seekable reader of known length (1 MiB) vs the same bytes in memory.
    let data = vec![7u8; 1 << 20];
    let head = head_of(Form::new().part("file", Part::owned_reader(Cursor::new(data.clone())).file_name("r.bin")));
    println!("reader part framing: {}", framing(&head));
    let head = head_of(Form::new().part("file", Part::bytes(&data).file_name("r.bin")));
    println!("bytes part framing:  {}", framing(&head));

    // 4. A directory given as a file.
    let dir = std::env::temp_dir();
    match Form::new().file("file", &dir) {
        Ok(_) => println!("directory: Form::file({}) accepted; the error comes only when the body is read", dir.display()),
        Err(e) => println!("directory: refused: {e}"),
    }
}
