//! A moto server (auth enforced) started by the test on an ephemeral 127.0.0.1 port and killed
//! by its PID when the guard drops, also when the test panics.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Credentials moto_setup.py created. Held in memory only; `Debug` shows no secret.
pub struct MotoCreds {
    pub key: String,
    pub secret: String,
    pub role_key: String,
    pub role_secret: String,
    pub role_token: String,
}

pub struct Moto {
    child: Child,
    pub port: u16,
    pub creds: MotoCreds,
}

impl std::fmt::Debug for Moto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Moto(pid {}, port {})", self.child.id(), self.port)
    }
}

impl Moto {
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Start and set up moto, or `None` (with a printed note) when `.venv` is missing, unless
    /// `COSMO_S3_REQUIRE_MOTO=1`, which turns that into a failure.
    pub fn start() -> Option<Moto> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let server = root.join(".venv/bin/moto_server");
        let python = root.join(".venv/bin/python");
        if !server.exists() {
            let message = format!(
                "moto is not installed ({} missing): run scripts/test-env",
                server.display()
            );
            if std::env::var("COSMO_S3_REQUIRE_MOTO").as_deref() == Ok("1") {
                panic!("{message} (COSMO_S3_REQUIRE_MOTO=1)");
            }
            // The one place a test reports a skip: cargo shows it with the test's output.
            #[allow(clippy::print_stderr)]
            {
                eprintln!("skipping moto test: {message}");
            }
            return None;
        }

        let port = free_port();
        let child = Command::new(&server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("INITIAL_NO_AUTH_ACTION_COUNT", "0")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto_server");
        // The guard exists from here on, so a failed wait or setup still kills the process.
        let mut moto = Moto {
            child,
            port,
            creds: MotoCreds {
                key: String::new(),
                secret: String::new(),
                role_key: String::new(),
                role_secret: String::new(),
                role_token: String::new(),
            },
        };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "moto did not start in 20 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }

        let setup = Command::new(&python)
            .arg(root.join("tests/support/moto_setup.py"))
            .arg(port.to_string())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .output()
            .expect("run moto_setup.py");
        assert!(
            setup.status.success(),
            "moto_setup.py failed (exit {:?})",
            setup.status.code()
        );
        let json: serde_json::Value = serde_json::from_slice(&setup.stdout).expect("setup JSON");
        let field = |name: &str| json[name].as_str().expect("setup field").to_string();
        moto.creds = MotoCreds {
            key: field("key"),
            secret: field("secret"),
            role_key: field("role_key"),
            role_secret: field("role_secret"),
            role_token: field("role_token"),
        };
        Some(moto)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        // Only the process this guard started, by its PID.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("ephemeral port")
}
