//! Loopback test parts for the probe tests: a tiny HTTP server for mocks (S3 stub, IMDS,
//! container endpoint, STS), a moto server guard, and builders for `Resolved` values.
//! Everything binds 127.0.0.1 on an ephemeral port and stops with its guard.
#![allow(dead_code)] // each test file uses a different part

pub mod moto;

use cosmo_s3::probe::ProbeEnv;
use cosmo_s3::resolve::{
    Component, CredentialSource, Request, Resolved, ResolvedClient, StaticKeys,
};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// One request as the mock saw it.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A canned answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// Wait this long before answering (for timeout tests).
    pub delay: Duration,
}

impl Reply {
    pub fn new(status: u16, body: &str) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body: body.to_string(),
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

type Handler = dyn Fn(&Seen) -> Reply + Send + Sync;

/// A loopback HTTP/1.1 server answering every request with `handler`; stops on drop.
pub struct MockServer {
    pub addr: SocketAddr,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl MockServer {
    pub fn start(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).expect("nonblocking");
        let addr = listener.local_addr().expect("addr");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let (seen2, stop2) = (seen.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            // Bounded: the loop ends when the guard drops; each connection has read timeouts.
            while !stop2.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (seen3, handler) = (seen2.clone(), handler.clone());
                        std::thread::spawn(move || serve(stream, &seen3, handler.as_ref()));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        MockServer {
            addr,
            seen,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(stream: TcpStream, seen: &Mutex<Vec<Seen>>, handler: &Handler) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let mut req = Seen {
        method: parts.next().unwrap_or_default().to_string(),
        target: parts.next().unwrap_or_default().to_string(),
        ..Seen::default()
    };
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((n, v)) = h.split_once(':') {
            req.headers
                .push((n.trim().to_string(), v.trim().to_string()));
        }
    }
    let length: usize = req
        .header("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length.min(1 << 20)];
    let _ = reader.read_exact(&mut body);
    req.body = String::from_utf8_lossy(&body).to_string();

    let reply = handler(&req);
    seen.lock().expect("lock").push(req.clone());
    std::thread::sleep(reply.delay);
    let mut out = stream;
    let reason = if reply.status < 400 { "OK" } else { "Error" };
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\nconnection: close\r\n",
        reply.status
    );
    for (n, v) in &reply.headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    // HEAD answers announce no body and send none.
    let body = if req.method == "HEAD" {
        ""
    } else {
        reply.body.as_str()
    };
    head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
    let _ = out.write_all(head.as_bytes());
    let _ = out.write_all(body.as_bytes());
    let _ = out.flush();
}

/// An S3 error document as S3 writes it.
pub fn s3_error(code: &str, message: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message><RequestId>TESTREQUEST</RequestId><HostId>test</HostId></Error>"
    )
}

/// A router provider resolved to a path-style request at `endpoint` (`http://127.0.0.1:PORT`).
pub fn router_client(
    endpoint: &str,
    bucket: &str,
    region: Option<&str>,
    keys: Option<StaticKeys>,
) -> Resolved {
    client(Component::Router, "s3", endpoint, bucket, region, keys)
}

/// A Node client (path style) at `endpoint`.
pub fn node_client(
    component: Component,
    endpoint: &str,
    bucket: &str,
    region: &str,
    keys: Option<StaticKeys>,
) -> Resolved {
    client(component, "primary", endpoint, bucket, Some(region), keys)
}

fn client(
    component: Component,
    name: &str,
    endpoint: &str,
    bucket: &str,
    region: Option<&str>,
    keys: Option<StaticKeys>,
) -> Resolved {
    let url = url::Url::parse(endpoint).expect("endpoint URL");
    let source = match (&keys, component) {
        (Some(_), _) => CredentialSource::Static,
        (None, Component::Router) => CredentialSource::IamChain,
        (None, _) => CredentialSource::DefaultChain,
    };
    Resolved {
        client: ResolvedClient {
            component,
            name: name.to_string(),
            bucket: Some(bucket.to_string()),
            endpoint: Some(endpoint.to_string()),
            region: region.map(str::to_string),
            force_path_style: Some(true),
            request: Some(Request {
                scheme: url.scheme().to_string(),
                host: url.host_str().expect("host").to_string(),
                port: url.port(),
                path: format!("/{bucket}/"),
            }),
            credential_source: source,
            session_token: keys.as_ref().is_some_and(|k| k.session_token.is_some()),
            access_key_id_prefix: keys
                .as_ref()
                .and_then(|k| cosmo_s3::resolve::access_key_id_prefix(&k.access_key)),
            error: None,
        },
        keys,
    }
}

pub fn keys(access: &str, secret: &str, token: Option<&str>) -> StaticKeys {
    StaticKeys {
        access_key: access.to_string(),
        secret_key: secret.to_string(),
        session_token: token.map(str::to_string),
    }
}

/// An environment that can never reach the machine's metadata service or `~/.aws`.
pub fn hermetic_env(dir: &std::path::Path) -> ProbeEnv {
    let config = dir.join("aws-config");
    let creds = dir.join("aws-credentials");
    std::fs::write(&config, "").expect("write config");
    std::fs::write(&creds, "").expect("write credentials");
    ProbeEnv::from_pairs([
        ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
        ("AWS_CONFIG_FILE", config.display().to_string()),
        ("AWS_SHARED_CREDENTIALS_FILE", creds.display().to_string()),
        ("HOME", dir.display().to_string()),
    ])
}
