//! A small SMTP server on 127.0.0.1 for the tests of outgoing mail: it
//! takes every message (no TLS, no login) and keeps it for the test to
//! read. It stops when dropped.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// One message as the server took it.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

impl Received {
    /// A header's value (the first of that name), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or("");
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if let Some(v) = value.as_mut() {
                if line.starts_with(' ') || line.starts_with('\t') {
                    v.push_str(line);
                    continue;
                }
                break;
            }
            if let Some((n, v)) = line.split_once(':') {
                if n.eq_ignore_ascii_case(name) {
                    value = Some(v.trim().to_string());
                }
            }
        }
        value
    }

    /// The body as a mail reader shows it (transfer encoding undone).
    pub fn text(&self) -> String {
        frontdesk::domain::mail::read_mail(self.data.as_bytes()).text
    }

    pub fn body(&self) -> String {
        self.data
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default()
    }
}

pub struct SmtpSink {
    pub port: u16,
    messages: Arc<Mutex<Vec<Received>>>,
    stop: Arc<AtomicBool>,
    server: Option<JoinHandle<()>>,
}

/// A loopback port nothing listens on (for "the mail server is down").
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("address").port()
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        SmtpSink::start_on(0)
    }

    /// Starts on `port` (0: any free one).
    pub fn start_on(port: u16) -> SmtpSink {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind the SMTP sink");
        let port = listener.local_addr().expect("address").port();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let server = {
            let messages = Arc::clone(&messages);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let messages = Arc::clone(&messages);
                    std::thread::spawn(move || session(stream, &messages));
                }
            })
        };
        SmtpSink {
            port,
            messages,
            stop,
            server: Some(server),
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn messages(&self) -> Vec<Received> {
        self.messages.lock().expect("messages").clone()
    }

    /// Waits (up to 10 s) until `n` messages have arrived.
    pub fn wait_for(&self, n: usize) -> Vec<Received> {
        let until = Instant::now() + Duration::from_secs(10);
        while self.messages().len() < n && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(20));
        }
        self.messages()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so it sees the stop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(server) = self.server.take() {
            let _ = server.join();
        }
    }
}

fn session(stream: TcpStream, messages: &Mutex<Vec<Received>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(mut out) = stream.try_clone() else { return };
    let mut input = BufReader::new(stream);
    let mut say = |text: &str| out.write_all(text.as_bytes()).is_ok();
    if !say("220 sink.test ESMTP\r\n") {
        return;
    }
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let command = line.trim_end().to_string();
        let upper = command.to_uppercase();
        let ok = if upper.starts_with("EHLO") {
            say("250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
        } else if upper.starts_with("MAIL FROM:") {
            from = command[10..].trim().to_string();
            say("250 ok\r\n")
        } else if upper.starts_with("RCPT TO:") {
            to.push(command[8..].trim().to_string());
            say("250 ok\r\n")
        } else if upper == "DATA" {
            if !say("354 go on\r\n") {
                return;
            }
            let mut data = String::new();
            loop {
                let mut l = String::new();
                if input.read_line(&mut l).unwrap_or(0) == 0 {
                    return;
                }
                if l == ".\r\n" {
                    break;
                }
                data.push_str(l.strip_prefix('.').filter(|_| l.starts_with("..")).unwrap_or(&l));
            }
            messages.lock().expect("messages").push(Received {
                from: std::mem::take(&mut from),
                to: std::mem::take(&mut to),
                data,
            });
            say("250 queued\r\n")
        } else if upper == "QUIT" {
            let _ = say("221 bye\r\n");
            let _ = input.get_ref().shutdown(Shutdown::Both);
            return;
        } else {
            say("250 ok\r\n")
        };
        if !ok {
            return;
        }
    }
}
