//! The paho-mqtt peer: a script of `tests/paho/` run by the venv's Python,
//! its stdout read as JSON lines, killed and waited for when dropped.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use super::json::Json;

/// The Python with paho-mqtt: `IOTM_PAHO_PYTHON`, else the venv `.ci/run`'s
/// install_peers makes at `target/peer-venv`. Panics (the test fails) when
/// neither is there: CI must not pass without the peer.
pub(crate) fn paho_python() -> PathBuf {
    let python = std::env::var_os("IOTM_PAHO_PYTHON").map_or_else(
        || {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../target/peer-venv/bin/python"
            ))
        },
        PathBuf::from,
    );
    assert!(
        python.is_file(),
        "no Python with paho-mqtt at {}: this test needs it (`.ci/run`'s install_peers makes \
         it: python3 -m venv target/peer-venv && target/peer-venv/bin/pip install paho-mqtt), \
         or set IOTM_PAHO_PYTHON",
        python.display()
    );
    python
}

/// A running peer script.
pub(crate) struct Script {
    name: String,
    child: Child,
    lines: Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

impl Script {
    /// Runs `tests/paho/<name>` with `args`.
    pub(crate) fn start(name: &str, args: &[&str]) -> Self {
        let python = paho_python();
        let script = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/paho")).join(name);
        let mut child = Command::new(&python)
            .arg("-u")
            .arg(&script)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot run {} {}: {e}", python.display(), script.display())
            });
        let stdout = child.stdout.take().expect("piped stdout");
        let mut stderr_pipe = child.stderr.take().expect("piped stderr");
        let (tx, lines) = mpsc::channel();
        // Both readers end when the child's pipes close (at the latest when
        // the guard kills it).
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        thread::spawn(move || {
            let mut buf = [0u8; 1024];
            while let Ok(n @ 1..) = stderr_pipe.read(&mut buf) {
                let text = String::from_utf8_lossy(&buf[..n]).into_owned();
                sink.lock().expect("stderr lock").push_str(&text);
            }
        });
        Self {
            name: name.to_owned(),
            child,
            lines,
            stderr,
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// The next JSON line within `timeout`; panics on timeout, exit or bad JSON.
    pub(crate) fn next_line(&mut self, timeout: Duration) -> Json {
        let line = match self.lines.recv_timeout(timeout) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) => panic!(
                "{}: no output within {timeout:?}; stderr:\n{}",
                self.name,
                self.stderr()
            ),
            Err(RecvTimeoutError::Disconnected) => {
                // Give the stderr reader a moment to collect the traceback.
                let status = self.wait(Duration::from_secs(2));
                panic!(
                    "{}: ended ({status:?}) before the next line; stderr:\n{}",
                    self.name,
                    self.stderr()
                )
            }
        };
        let json =
            Json::parse(&line).unwrap_or_else(|e| panic!("{}: not JSON ({e}): {line}", self.name));
        if json.get("event").and_then(Json::as_str) == Some("error") {
            panic!("{}: {line}; stderr:\n{}", self.name, self.stderr());
        }
        json
    }

    /// The next line, which must be the event `event`.
    pub(crate) fn expect_event(&mut self, event: &str, timeout: Duration) -> Json {
        let json = self.next_line(timeout);
        assert_eq!(
            json.get("event").and_then(Json::as_str),
            Some(event),
            "{}: {json:?}",
            self.name
        );
        json
    }

    /// The exit status within `timeout`, or `None`.
    pub(crate) fn wait(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for a successful exit.
    pub(crate) fn expect_success(&mut self, timeout: Duration) {
        let status = self.wait(timeout);
        assert!(
            status.is_some_and(|s| s.success()),
            "{}: exit {status:?}; stderr:\n{}",
            self.name,
            self.stderr()
        );
    }
}

impl Drop for Script {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if thread::panicking() {
            eprintln!("--- {} stderr:\n{}", self.name, self.stderr());
        }
    }
}
