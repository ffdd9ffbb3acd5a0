//! The small HTTP client for the requests cosmo-s3 builds itself (router HeadBucket, minio-go's
//! IAM calls). hyper + rustls with ring: the same stack the AWS crates use here, no second one.

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::sync::OnceLock;
use std::time::Duration;

/// Error documents and credential answers are small; a larger body is cut here.
const MAX_BODY: usize = 256 * 1024;

pub type Request = http::Request<Full<Bytes>>;

/// Plain HTTP for `http://` URLs; TLS, with the machine's trust store, built on the first
/// `https://` request. Reading the trust store (a few hundred files on a Debian host) costs
/// more than a whole probe of a loopback endpoint, so a run that never uses https never
/// reads it.
#[derive(Debug, Default)]
pub struct HttpClient {
    plain: OnceLock<Client<HttpConnector, Full<Bytes>>>,
    tls: OnceLock<Result<TlsClient, String>>,
}

type TlsClient = Client<hyper_rustls::HttpsConnector<HttpConnector>, Full<Bytes>>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpAnswer {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: Vec<u8>,
}

impl HttpAnswer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpError {
    Timeout,
    /// DNS, TCP, TLS or protocol failure, with the cause chain as text.
    Connection(String),
}

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HttpError::Timeout => f.write_str("timed out"),
            HttpError::Connection(msg) => f.write_str(msg),
        }
    }
}

impl HttpClient {
    pub fn new() -> Self {
        Self::default()
    }

    fn plain(&self) -> &Client<HttpConnector, Full<Bytes>> {
        self.plain.get_or_init(|| {
            Client::builder(TokioExecutor::new())
                .pool_max_idle_per_host(0)
                .build(HttpConnector::new())
        })
    }

    fn tls(&self) -> Result<&TlsClient, HttpError> {
        self.tls
            .get_or_init(tls_client)
            .as_ref()
            .map_err(|e| HttpError::Connection(e.clone()))
    }

    /// Send one request (never retried) and read its body, all within `timeout`.
    pub async fn send(&self, request: Request, timeout: Duration) -> Result<HttpAnswer, HttpError> {
        let exchange = async {
            let response = if request.uri().scheme_str() == Some("https") {
                self.tls()?.request(request).await
            } else {
                self.plain().request(request).await
            }
            .map_err(|e| HttpError::Connection(error_chain(&e)))?;
            let status = response.status().as_u16();
            let (parts, body) = response.into_parts();
            let body = Limited::new(body, MAX_BODY)
                .collect()
                .await
                .map(|b| b.to_bytes().to_vec())
                .unwrap_or_default();
            Ok(HttpAnswer {
                status,
                headers: parts.headers,
                body,
            })
        };
        tokio::time::timeout(timeout, exchange)
            .await
            .unwrap_or(Err(HttpError::Timeout))
    }
}

/// The https client: the machine's trust store (a machine without a readable one still gets
/// a client, whose requests then fail certificate verification), rustls on ring.
fn tls_client() -> Result<TlsClient, String> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(tls)
        .https_only()
        .enable_http1()
        .wrap_connector(http);
    Ok(Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(0)
        .build(https))
}

/// An error and its sources, joined, so "connection refused" or a certificate problem shows.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// The text of the first `<Tag>…</Tag>` in an XML document (S3 error documents, STS answers).
/// Enough for these flat, known documents; not an XML parser (no CDATA, no entities but `&amp;`).
/// The opening tag may carry attributes (`<LocationConstraint xmlns="...">`).
pub fn xml_tag(body: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut from = 0;
    while let Some(found) = body[from..].find(&open) {
        let after = from + found + open.len();
        let rest = &body[after..];
        if rest.starts_with('>') || rest.starts_with(char::is_whitespace) {
            let start = after + rest.find('>')? + 1;
            let end = body[start..].find(&close)? + start;
            return Some(body[start..end].trim().replace("&amp;", "&"));
        }
        from = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_tag_reads_flat_documents() {
        let doc = "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>a &amp; b</Message></Error>";
        assert_eq!(xml_tag(doc, "Code").as_deref(), Some("AccessDenied"));
        assert_eq!(xml_tag(doc, "Message").as_deref(), Some("a & b"));
        assert_eq!(xml_tag(doc, "Region"), None);
        let location = r#"<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>"#;
        assert_eq!(
            xml_tag(location, "LocationConstraint").as_deref(),
            Some("eu-west-1")
        );
        assert_eq!(
            xml_tag("<CodeX>a</CodeX><Code>b</Code>", "Code").as_deref(),
            Some("b")
        );
    }
}
