//! The `pipedrive-sandbox` binary: prints its URL, serves, exits 0 on SIGTERM/SIGINT.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::Client;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};

fn spawn(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pipedrive-sandbox"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, line)
}

fn port_of(line: &str) -> u16 {
    let url = line
        .trim()
        .strip_prefix("pipedrive-sandbox listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/v1"),
        "{url}"
    );
    url["http://127.0.0.1:".len()..url.len() - 3]
        .parse()
        .unwrap()
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill {sig} failed");
}

#[test]
fn serves_then_exits_zero_on_sigterm() {
    let (mut child, line) = spawn(&[
        "--port",
        "0",
        "--seed",
        "3",
        "--seed-deals",
        "25",
        "--token",
        "tok",
    ]);
    let port = port_of(&line);
    let mut c = Client::with_port(port);
    c.token = Some("tok".into());
    let v = c.get("deals?limit=500").json();
    assert_eq!(v["data"].as_array().unwrap().len(), 25);
    c.token = Some("other".into());
    assert_eq!(c.get("deals").status, 401);
    signal(&child, "-TERM");
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let mut rest = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut rest)
        .unwrap();
    assert!(
        rest.is_empty(),
        "only one line on stdout, got more: {rest:?}"
    );
}

#[test]
fn exits_zero_on_sigint_and_runs_empty_without_seed() {
    let (mut child, line) = spawn(&["--port", "0"]);
    let mut c = Client::with_port(port_of(&line));
    assert!(c.get("deals").data().is_null());
    signal(&child, "-INT");
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

#[test]
fn bad_arguments_fail() {
    let out = Command::new(env!("CARGO_BIN_EXE_pipedrive-sandbox"))
        .args(["--port", "notaport"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}
