//! A mosquitto broker of the test's own: on a free loopback port, with a
//! config in a temporary directory, killed and waited for when dropped.

use std::fs;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// How long mosquitto may take to accept connections.
const STARTUP: Duration = Duration::from_secs(5);
/// Attempts when another process takes the free port before mosquitto does.
const ATTEMPTS: usize = 3;

/// Where mosquitto is: `IOTM_MOSQUITTO`, else `PATH`, else the Debian place.
/// Panics (the test fails) when it is nowhere: CI must not pass without it.
pub(crate) fn mosquitto_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("IOTM_MOSQUITTO") {
        let path = PathBuf::from(path);
        assert!(
            path.is_file(),
            "IOTM_MOSQUITTO={} is not a file: this test needs the mosquitto broker",
            path.display()
        );
        return path;
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/usr/local/sbin".into()])
        .map(|dir| dir.join("mosquitto"))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "mosquitto not found in PATH, /usr/sbin or /usr/local/sbin: this test needs \
                 the broker (Debian: `apt-get install mosquitto`; `.ci/run` does it in \
                 install_peers) or IOTM_MOSQUITTO=/path/to/mosquitto"
            )
        })
}

/// A running mosquitto, killed and waited for on drop.
pub(crate) struct Broker {
    child: Child,
    port: u16,
    dir: PathBuf,
}

/// Broker settings beyond the defaults.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Options {
    /// `max_packet_size`: mosquitto refuses larger packets and (5.0) says so
    /// in CONNACK's Maximum Packet Size.
    pub(crate) max_packet_size: Option<u32>,
}

impl Broker {
    /// A broker with mosquitto's defaults, anonymous clients allowed.
    pub(crate) fn start() -> Self {
        Self::start_with(Options::default())
    }

    /// A broker with `options`.
    pub(crate) fn start_with(options: Options) -> Self {
        let binary = mosquitto_binary();
        let mut last_log = String::new();
        for _ in 0..ATTEMPTS {
            match Self::try_start(&binary, options) {
                Ok(broker) => return broker,
                Err(log) => last_log = log,
            }
        }
        panic!(
            "mosquitto ({}) did not start in {ATTEMPTS} attempts; its last log:\n{last_log}",
            binary.display()
        );
    }

    fn try_start(binary: &Path, options: Options) -> Result<Self, String> {
        let port = free_port();
        let dir = temp_dir();
        let mut config = format!(
            "listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n\
             log_dest stderr\nlog_type all\nlog_timestamp false\n"
        );
        if let Some(max) = options.max_packet_size {
            config.push_str(&format!("max_packet_size {max}\n"));
        }
        let conf = dir.join("mosquitto.conf");
        fs::write(&conf, config).expect("write mosquitto.conf");
        let log = fs::File::create(dir.join("mosquitto.log")).expect("create mosquitto.log");
        let child = Command::new(binary)
            .arg("-c")
            .arg(&conf)
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("clone log file"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| {
                let _ = fs::remove_dir_all(&dir);
                panic!("cannot run {}: {e}", binary.display())
            });
        // From here on the guard kills the child on every path.
        let mut broker = Self { child, port, dir };
        let deadline = Instant::now() + STARTUP;
        loop {
            if let Ok(Some(status)) = broker.child.try_wait() {
                return Err(format!("exited with {status}\n{}", broker.log()));
            }
            let probe = TcpStream::connect_timeout(&broker.addr(), Duration::from_millis(100));
            if probe.is_ok() {
                return Ok(broker);
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "port {port} not accepting after {STARTUP:?}\n{}",
                    broker.log()
                ));
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// The broker's address: loopback only.
    pub(crate) fn addr(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))
    }

    /// The broker's port.
    pub(crate) fn port(&self) -> u16 {
        self.port
    }

    /// What mosquitto logged so far.
    pub(crate) fn log(&self) -> String {
        fs::read_to_string(self.dir.join("mosquitto.log")).unwrap_or_default()
    }

    /// Waits (bounded) until the log past byte `since` contains one of
    /// `needles`, and returns the log from `since` on either way.
    pub(crate) fn wait_for_log(&self, since: usize, needles: &[&str], timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let log = self.log().get(since..).unwrap_or_default().to_owned();
            if needles.iter().any(|needle| log.contains(needle)) || Instant::now() >= deadline {
                return log;
            }
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        // The child may be gone already; both calls are then harmless errors.
        let _ = self.child.kill();
        let _ = self.child.wait();
        if thread::panicking() {
            eprintln!("--- mosquitto log (port {}):\n{}", self.port, self.log());
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// A loopback port nobody listened on a moment ago.
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local_addr").port()
}

/// A new directory of this process under the system's temporary directory.
fn temp_dir() -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("iotm-mosquitto-{}-{n}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create temp dir");
    dir
}
