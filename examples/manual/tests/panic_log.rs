//! The example binary, run for real: a panicking handler answers `500` and leaves
//! exactly one log line on stderr (the `tracing` event with method, route, message
//! and location), not the default panic hook's lines; and `SIGTERM` stops it cleanly.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

fn request(addr: &str, head: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "{head}\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn a_panicking_handler_logs_one_event_and_answers_500() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_example-manual"))
        .env("PORT", "0")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();

    for _ in 0..3 {
        let answer = request(&addr, "DELETE /users/7 HTTP/1.1");
        assert!(
            answer.starts_with("HTTP/1.1 500 Internal Server Error\r\n"),
            "{answer}"
        );
        assert!(answer.contains("\r\ncontent-length: 0\r\n"), "{answer}");
        assert!(answer.ends_with("\r\n\r\n"), "an empty body: {answer}");
    }
    let answer = request(&addr, "GET /users HTTP/1.1");
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");

    // SIGTERM: a graceful shutdown, exit status 0.
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");

    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    let panics: Vec<&&str> = lines.iter().filter(|l| l.contains("panicked")).collect();
    assert_eq!(panics.len(), 3, "{stderr}");
    for line in panics {
        // `2026-12-02T15:04:05.123456Z ERROR app_router::handler: route handler ...`
        let (_, event) = line
            .split_once(" ERROR ")
            .unwrap_or_else(|| panic!("{line}"));
        assert_eq!(
            event,
            "app_router::handler: route handler panicked; answering 500 method=DELETE \
             route=\"/users/{id}\" panic=\"deleting users is not implemented\" \
             location=\"examples/manual/src/main.rs:62:9\""
        );
    }
    assert!(
        !stderr.contains("thread '"),
        "the default hook printed: {stderr}"
    );
    assert!(!stderr.contains("RUST_BACKTRACE"), "{stderr}");
    assert!(
        lines.iter().any(|l| l.ends_with(
            "INFO app_router::server: shutdown signal received; finishing in-flight requests"
        )),
        "{stderr}"
    );
}
