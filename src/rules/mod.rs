//! The rule catalogue: stable codes, diagnostics, fixes.
//!
//! A rule is data (its [`Rule`] variant: code, name, documentation) plus a function in the
//! family file that checks it (`input.rs`, `schema_rules.rs`, `credentials.rs`, `endpoint.rs`,
//! `references.rs`, `migration.rs`). Adding a rule means adding a variant, its row in
//! [`Rule::ALL`], its doc in `docs.rs`, and the check.

pub mod context;
pub mod credentials;
pub mod docs;
pub mod endpoint;
pub mod fixes;
pub mod input;
pub mod migration;
pub mod references;
pub mod schema_rules;

pub use context::{Context, Settings};

use crate::span::Span;
use serde::Serialize;

/// Run every single-file rule family on one file.
pub fn run(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    input::check(ctx, out);
    schema_rules::check(ctx, out);
    credentials::check(ctx, out);
    endpoint::check(ctx, out);
    references::check(ctx, out);
    migration::check(ctx, out);
}

/// Cross-file rules between a controlplane and a cdn file (CS311): findings for each.
pub fn compare_node_files(
    controlplane: &crate::check::FileReport,
    cdn: &crate::check::FileReport,
    options: &crate::check::CheckOptions,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let (Some(cp), Some(cdn)) = (context_of(controlplane, options), context_of(cdn, options))
    else {
        return (Vec::new(), Vec::new());
    };
    endpoint::components_disagree(&cp, &cdn)
}

fn context_of<'a>(
    report: &'a crate::check::FileReport,
    options: &'a crate::check::CheckOptions,
) -> Option<Context<'a>> {
    Some(Context {
        text: &report.text,
        kind: report.kind?,
        target: options.target,
        env: None,
        document: report.document.as_ref()?,
        settings: report.settings.as_ref()?,
    })
}

/// `# cosmo-s3: ignore CS207` comments: (1-based line of the comment, rule). Several codes
/// may follow, separated by spaces or commas; names work too.
pub fn suppressions(text: &str) -> Vec<(usize, Rule)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(at) = line.find("cosmo-s3: ignore") else {
            continue;
        };
        if !line[..at].trim_end().ends_with('#') {
            continue;
        }
        let codes = &line[at + "cosmo-s3: ignore".len()..];
        for code in codes.split([' ', ',', '\t']).filter(|c| !c.is_empty()) {
            if let Some(rule) = Rule::from_code(code) {
                out.push((i + 1, rule));
            }
        }
    }
    out
}

/// Which Cosmo behaviour findings are judged against (DESIGN.md §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// Session tokens everywhere, empty keys use the default chain (default).
    #[default]
    Next,
    /// Empty keys use the default chain (PR 3116); no session tokens.
    Current,
    /// Before the default-chain fix: Node components throw on empty keys; no session tokens.
    Legacy,
}

impl Target {
    pub fn supports_session_token(self) -> bool {
        self == Target::Next
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Target::Next => "next",
            Target::Current => "current",
            Target::Legacy => "legacy",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Every rule, with its stable code (RULES.md). Codes never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    Syntax,
    DuplicateKey,
    UnknownVariable,
    UnresolvedReference,
    DollarInValue,
    CommentTruncatesValue,
    UnknownField,
    WrongType,
    MissingField,
    InvalidValue,
    PartialCredentials,
    TokenWithoutKeys,
    TemporaryKeyWithoutToken,
    CredentialsInUrl,
    UrlCredentialsShadowVariables,
    UrlUserinfoEncoding,
    LiteralSecret,
    TokenOverHttp,
    EmptyCredentialsRejected,
    SessionTokenUnsupported,
    EnvCredentialsIgnoredByRouter,
    LongTermKeyWithToken,
    EndpointScheme,
    EndpointPath,
    SecureMismatch,
    EndpointHost,
    BucketName,
    AwsRegionRequired,
    RegionMismatch,
    AddressingStyle,
    QueryParamsIgnored,
    BooleanString,
    ComponentsDisagree,
    EmptyRegion,
    UnknownProvider,
    ProviderKind,
    DuplicateProvider,
    ShadowedProvider,
    SamePrimaryFallback,
    UnusedProvider,
    EmptyCredentialPlaceholders,
    MissingSessionToken,
}

impl Rule {
    pub const ALL: &'static [Rule] = &[
        Rule::Syntax,
        Rule::DuplicateKey,
        Rule::UnknownVariable,
        Rule::UnresolvedReference,
        Rule::DollarInValue,
        Rule::CommentTruncatesValue,
        Rule::UnknownField,
        Rule::WrongType,
        Rule::MissingField,
        Rule::InvalidValue,
        Rule::PartialCredentials,
        Rule::TokenWithoutKeys,
        Rule::TemporaryKeyWithoutToken,
        Rule::CredentialsInUrl,
        Rule::UrlCredentialsShadowVariables,
        Rule::UrlUserinfoEncoding,
        Rule::LiteralSecret,
        Rule::TokenOverHttp,
        Rule::EmptyCredentialsRejected,
        Rule::SessionTokenUnsupported,
        Rule::EnvCredentialsIgnoredByRouter,
        Rule::LongTermKeyWithToken,
        Rule::EndpointScheme,
        Rule::EndpointPath,
        Rule::SecureMismatch,
        Rule::EndpointHost,
        Rule::BucketName,
        Rule::AwsRegionRequired,
        Rule::RegionMismatch,
        Rule::AddressingStyle,
        Rule::QueryParamsIgnored,
        Rule::BooleanString,
        Rule::ComponentsDisagree,
        Rule::EmptyRegion,
        Rule::UnknownProvider,
        Rule::ProviderKind,
        Rule::DuplicateProvider,
        Rule::ShadowedProvider,
        Rule::SamePrimaryFallback,
        Rule::UnusedProvider,
        Rule::EmptyCredentialPlaceholders,
        Rule::MissingSessionToken,
    ];

    /// The stable code and the kebab-case name.
    fn meta(self) -> (&'static str, &'static str) {
        match self {
            Rule::Syntax => ("CS001", "syntax"),
            Rule::DuplicateKey => ("CS002", "duplicate-key"),
            Rule::UnknownVariable => ("CS003", "unknown-variable"),
            Rule::UnresolvedReference => ("CS004", "unresolved-reference"),
            Rule::DollarInValue => ("CS005", "dollar-in-value"),
            Rule::CommentTruncatesValue => ("CS006", "comment-truncates-value"),
            Rule::UnknownField => ("CS101", "unknown-field"),
            Rule::WrongType => ("CS102", "wrong-type"),
            Rule::MissingField => ("CS103", "missing-field"),
            Rule::InvalidValue => ("CS104", "invalid-value"),
            Rule::PartialCredentials => ("CS201", "partial-credentials"),
            Rule::TokenWithoutKeys => ("CS202", "token-without-keys"),
            Rule::TemporaryKeyWithoutToken => ("CS203", "temporary-key-without-token"),
            Rule::CredentialsInUrl => ("CS204", "credentials-in-url"),
            Rule::UrlCredentialsShadowVariables => ("CS205", "url-credentials-shadow-variables"),
            Rule::UrlUserinfoEncoding => ("CS206", "url-userinfo-encoding"),
            Rule::LiteralSecret => ("CS207", "literal-secret"),
            Rule::TokenOverHttp => ("CS208", "token-over-http"),
            Rule::EmptyCredentialsRejected => ("CS209", "empty-credentials-rejected"),
            Rule::SessionTokenUnsupported => ("CS210", "session-token-unsupported"),
            Rule::EnvCredentialsIgnoredByRouter => ("CS211", "env-credentials-ignored-by-router"),
            Rule::LongTermKeyWithToken => ("CS212", "long-term-key-with-token"),
            Rule::EndpointScheme => ("CS301", "endpoint-scheme"),
            Rule::EndpointPath => ("CS302", "endpoint-path"),
            Rule::SecureMismatch => ("CS303", "secure-mismatch"),
            Rule::EndpointHost => ("CS304", "endpoint-host"),
            Rule::BucketName => ("CS305", "bucket-name"),
            Rule::AwsRegionRequired => ("CS306", "aws-region-required"),
            Rule::RegionMismatch => ("CS307", "region-mismatch"),
            Rule::AddressingStyle => ("CS308", "addressing-style"),
            Rule::QueryParamsIgnored => ("CS309", "query-params-ignored"),
            Rule::BooleanString => ("CS310", "boolean-string"),
            Rule::ComponentsDisagree => ("CS311", "components-disagree"),
            Rule::EmptyRegion => ("CS312", "empty-region"),
            Rule::UnknownProvider => ("CS401", "unknown-provider"),
            Rule::ProviderKind => ("CS402", "provider-kind"),
            Rule::DuplicateProvider => ("CS403", "duplicate-provider"),
            Rule::ShadowedProvider => ("CS404", "shadowed-provider"),
            Rule::SamePrimaryFallback => ("CS405", "same-primary-fallback"),
            Rule::UnusedProvider => ("CS406", "unused-provider"),
            Rule::EmptyCredentialPlaceholders => ("CS501", "empty-credential-placeholders"),
            Rule::MissingSessionToken => ("CS502", "missing-session-token"),
        }
    }

    /// The stable code, e.g. `CS301`.
    pub fn code(self) -> &'static str {
        self.meta().0
    }

    /// The kebab-case name, e.g. `endpoint-scheme`.
    pub fn name(self) -> &'static str {
        self.meta().1
    }
}

impl Rule {
    /// Look a rule up by code (`CS301`, case-insensitive) or name (`endpoint-scheme`).
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.code().eq_ignore_ascii_case(code) || r.name() == code)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// How safe it is to apply a fix automatically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Changes behaviour to repair a bug: needs `--unsafe-fixes`.
    Unsafe,
    /// Keeps what `resolve` reports (or lets a component start that could not).
    Safe,
}

/// Replace the bytes of `span` in the original text with `content`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub content: String,
}

impl Edit {
    pub fn replace(span: Span, content: impl Into<String>) -> Self {
        Self {
            span,
            content: content.into(),
        }
    }

    pub fn insert(at: usize, content: impl Into<String>) -> Self {
        Self {
            span: Span::empty(at),
            content: content.into(),
        }
    }

    pub fn delete(span: Span) -> Self {
        Self {
            span,
            content: String::new(),
        }
    }
}

/// A set of edits that together repair one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    /// Imperative one-liner, e.g. "Remove the scheme and set `secure: true`". Never holds a secret.
    pub title: String,
    pub edits: Vec<Edit>,
}

/// A secondary label (e.g. the other end of a cross-reference).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One finding on one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    /// Never holds a secret value.
    pub message: String,
    pub help: Option<String>,
    /// JSON pointer into the settings (`/storage_providers/s3/0/endpoint`, `/S3_REGION`).
    pub pointer: String,
    /// The primary span: the exact key or value the finding is about.
    pub span: Span,
    pub labels: Vec<Label>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(rule: Rule, severity: Severity, span: Span, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity,
            message: message.into(),
            help: None,
            pointer: String::new(),
            span,
            labels: Vec::new(),
            fix: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = pointer.into();
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_ordered() {
        let codes: Vec<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
        assert_eq!(codes.len(), 42);
    }

    #[test]
    fn lookup_by_code_or_name() {
        assert_eq!(Rule::from_code("cs301"), Some(Rule::EndpointScheme));
        assert_eq!(
            Rule::from_code("endpoint-scheme"),
            Some(Rule::EndpointScheme)
        );
        assert_eq!(Rule::from_code("CS999"), None);
    }
}
