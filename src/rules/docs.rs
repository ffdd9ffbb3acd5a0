//! The documentation of every rule, printed by `cosmo-s3 explain CODE`.
//!
//! Each rule answers the same five questions: what it checks, why it matters, an example
//! of the mistake, what to write instead, and how safe its automatic fix is. The examples
//! live in `docs/examples.rs` so this file stays a readable table of prose.

mod examples;

use super::Rule;
use examples as ex;

/// What `explain` says about one rule. All parts are plain text; the examples are
/// complete snippets in the format of the file the rule reads (router YAML or a `.env`).
#[derive(Debug, Clone, Copy)]
pub struct RuleDoc {
    /// What the rule looks for, precisely enough to predict when it fires.
    pub what: &'static str,
    /// What the component really does with such a config.
    pub why: &'static str,
    /// A small config showing the mistake.
    pub example: &'static str,
    /// The same config written correctly.
    pub instead: &'static str,
    /// Starts with "Safe", "Unsafe" or "None", then says what `migrate` does.
    pub fix: &'static str,
}

const NO_FIX: &str = "None: `migrate` does not rewrite this; the right value needs a person.";

/// The documentation of `rule`.
pub fn doc(rule: Rule) -> RuleDoc {
    let (what, why, example, fix) = match rule {
        Rule::Syntax => (
            "A router YAML file that does not parse; in a controlplane or cdn `.env`, a line \
             npm dotenv drops without a word; in a router `.env`, any line godotenv refuses.",
            "The router stops on a YAML error. npm dotenv skips a malformed line, so that \
             variable is silently unset. godotenv fails the whole file on one bad line, and \
             the router ignores that failure: none of the file's variables are set at all.",
            ex::SYNTAX,
            NO_FIX,
        ),
        Rule::DuplicateKey => (
            "A YAML mapping that repeats a key (at any depth, block or flow, quoted or not) \
             within one document, or a `.env` file that sets a variable twice. Overriding a \
             `<<` merge, or the same key in another `---` document or another `CONFIG_PATH` \
             file, is not a repeat.",
            "The router's go-yaml refuses a file with a repeated key, so the router does not \
             start. In `.env` files both dotenv parsers keep the last value, which hides the \
             earlier line from whoever reads the file.",
            ex::DUPLICATE_KEY,
            NO_FIX,
        ),
        Rule::UnknownVariable => (
            "An `S3_*` variable the controlplane or cdn-server does not read, or a \
             `STORAGE_PROVIDER_S3_*` name in a router `.env` that is not one of the eight \
             per-provider overrides or whose index follows a gap. `S3_*` names in a router \
             `.env` are never flagged: the YAML may reference them.",
            "The component never reads the variable, so the setting has no effect; usually a \
             typo. The router reads overrides from index 0 upward and stops at the first \
             missing index. The message suggests the nearest known name.",
            ex::UNKNOWN_VARIABLE,
            NO_FIX,
        ),
        Rule::UnresolvedReference => (
            "Only with `--env-file`: a `${NAME}` or `$NAME` in router YAML whose variable is \
             unset or empty. Error for `id`, `endpoint`, `bucket` and `secure`, and when \
             exactly one key comes out empty; warning when both keys do; never for a quoted \
             `region` or `session_token`. Unquoted, an empty reference leaves `key:` with no \
             value, a null the router's schema refuses for any field: always an error.",
            "`os.ExpandEnv` turns an unset variable into an empty string without complaint. \
             An empty key pair sends the router to its IAM chain; a single empty key is \
             silently ignored; an empty `session_token` simply means no token.",
            ex::UNRESOLVED_REFERENCE,
            NO_FIX,
        ),
        Rule::DollarInValue => (
            "A `$` in router YAML that `os.ExpandEnv` rewrites, other than a whole value \
             `${NAME}` or `$NAME`: `$$`, `$1`, `$*` and the like, a name inside other text, \
             `${}` or `${A:-b}`, and an unclosed `${` (which also counts in comments). Error \
             inside `storage_providers`, warning elsewhere.",
            "The router expands the whole file before parsing, with no escape: `pa$$word` \
             becomes `paword`, `${A:-b}` becomes empty, and an unclosed `${` eats everything \
             up to the next `}`, even lines further down.",
            ex::DOLLAR_IN_VALUE,
            NO_FIX,
        ),
        Rule::CommentTruncatesValue => (
            "An unquoted value in a controlplane or cdn `.env` that starts with `#` or holds \
             a `#` with no blank before it. `value # note` is an ordinary comment, and \
             router `.env` files are not checked (godotenv keeps `a#b`).",
            "npm dotenv ends an unquoted value at the `#`, so a secret or URL containing one \
             is cut short and authentication or parsing fails far from the cause.",
            ex::COMMENT_TRUNCATES_VALUE,
            "Unsafe: `migrate --unsafe-fixes` wraps the value in quotes, escaping as needed; \
             the component then reads the full value, which changes its behaviour.",
        ),
        Rule::UnknownField => (
            "A key the schema does not allow in an S3-related section, with the nearest known \
             key as a suggestion. Under `--target current` or `legacy`, `session_token` in \
             router YAML is left to CS210.",
            "The router's schema check refuses unknown keys, so it does not start; a misspelt \
             key also means the intended setting is missing.",
            ex::UNKNOWN_FIELD,
            NO_FIX,
        ),
        Rule::WrongType => (
            "A value of the wrong type, such as `secure: \"true\"` or `secure: yes`, or a \
             quoted `\"${NAME}\"` in a boolean or integer field.",
            "go-yaml follows YAML 1.2, where `yes` is a string, and a quoted reference stays \
             a string after expansion, so the router's schema refuses the file whatever the \
             variable holds. An unquoted `${NAME}` is fine.",
            ex::WRONG_TYPE,
            NO_FIX,
        ),
        Rule::MissingField => (
            "A required setting that is absent: an S3 provider without `id`, `endpoint` or \
             `bucket`, or a controlplane or cdn `.env` without `S3_STORAGE_URL`.",
            "The router refuses the provider; the Node components cannot build a URL and \
             stop at start-up.",
            ex::MISSING_FIELD,
            NO_FIX,
        ),
        Rule::InvalidValue => (
            "A value outside its enum, format or pattern: an `S3_STORAGE_URL` that does not \
             parse, or a non-empty `S3_ENDPOINT`, `S3_FAILOVER_ENDPOINT` or cdn `?endpoint=` \
             that is not an absolute `http://` or `https://` URL.",
            "The AWS SDK rejects such an endpoint when the client is built (\"Invalid URL\" or \
             \"not a valid URI\"), so the component fails at start-up or on first use.",
            ex::INVALID_VALUE,
            NO_FIX,
        ),
        Rule::PartialCredentials => (
            "Exactly one of the access key and the secret is non-empty, after merging URL \
             userinfo with the variables for the Node components.",
            "The router and current Node releases drop a half pair without a word and fall \
             back to their credential chains, which is rarely what was meant; legacy Node \
             releases throw instead.",
            ex::PARTIAL_CREDENTIALS,
            NO_FIX,
        ),
        Rule::TokenWithoutKeys => (
            "A non-empty session token while the access key or the secret is empty.",
            "A token is only used together with both keys; alone it is ignored and the \
             credential chain supplies whatever it finds.",
            ex::TOKEN_WITHOUT_KEYS,
            NO_FIX,
        ),
        Rule::TemporaryKeyWithoutToken => (
            "An access key starting with `ASIA` and no usable session token: none is set, or \
             the target (`current`, `legacy`) ignores tokens. Error on AWS hosts, warning \
             elsewhere.",
            "`ASIA` keys are temporary STS credentials and only work with their session \
             token; without it AWS answers InvalidAccessKeyId or InvalidToken.",
            ex::TEMPORARY_KEY_WITHOUT_TOKEN,
            NO_FIX,
        ),
        Rule::CredentialsInUrl => (
            "`S3_STORAGE_URL` or `S3_FAILOVER_STORAGE_URL` carries `user:password@`.",
            "Secrets in URLs leak through logs and error messages, and they must be \
             percent-encoded by hand (see CS206). The variables are the place for them.",
            ex::CREDENTIALS_IN_URL,
            "Safe: `migrate --write` moves the user and password, exactly as written (still \
             percent-encoded, since Node signs with that text), into `S3_ACCESS_KEY_ID` and \
             `S3_SECRET_ACCESS_KEY` when those are empty, quoting for dotenv.",
        ),
        Rule::UrlCredentialsShadowVariables => (
            "URL userinfo next to the credential variables, field by field: a URL user while \
             `S3_ACCESS_KEY_ID` is set, a URL password while `S3_SECRET_ACCESS_KEY` is set, \
             or a pair taken half from the URL and half from a variable. Error when the \
             values differ or the sources are mixed, info when they are equal.",
            "The URL's userinfo wins over the variables, so editing a variable changes \
             nothing, and a mixed pair signs with a key and secret that do not belong \
             together.",
            ex::URL_CREDENTIALS_SHADOW_VARIABLES,
            NO_FIX,
        ),
        Rule::UrlUserinfoEncoding => (
            "URL userinfo holding `%` or any character outside letters, digits and \
             `!$&'()*+,-._~`.",
            "WHATWG URL percent-encodes characters such as `@ : ; = [ ] ^ | { }`, quotes, \
             spaces and non-ASCII, and Node signs with the encoded text, so the secret no \
             longer matches. `/ \\ ? #` end the host part: the URL fails to parse, or quietly \
             points at another host (`u:1234/x@h`).",
            ex::URL_USERINFO_ENCODING,
            NO_FIX,
        ),
        Rule::LiteralSecret => (
            "A non-empty literal `secret_key` or `session_token` in router YAML instead of a \
             `${NAME}` reference or an environment override. Access key ids are not secret.",
            "Config files end up in Git, images and support tickets; a secret written into \
             one has to be rotated once it travels.",
            ex::LITERAL_SECRET,
            NO_FIX,
        ),
        Rule::TokenOverHttp => (
            "A session token sent over plain `http` to a host that is not written as \
             loopback (`localhost`, `127.0.0.0/8`, `::1`).",
            "SigV4 puts the session token in a request header in clear text, so anyone on \
             the path can replay it until it expires. The secret itself is never sent, so \
             keys alone are not reported.",
            ex::TOKEN_OVER_HTTP,
            NO_FIX,
        ),
        Rule::EmptyCredentialsRejected => (
            "With `--target legacy` only: the controlplane or cdn-server ends up with an \
             empty access key or secret after merging the URL and the variables.",
            "Releases before the default-chain fix throw \"Missing S3 credentials\" at start \
             instead of asking the AWS SDK's chain (IRSA, Pod Identity, instance role).",
            ex::EMPTY_CREDENTIALS_REJECTED,
            NO_FIX,
        ),
        Rule::SessionTokenUnsupported => (
            "With `--target current` or `legacy`: a session token in router YAML, \
             `STORAGE_PROVIDER_S3_{n}_SESSION_TOKEN`, `S3_SESSION_TOKEN` or \
             `S3_FAILOVER_SESSION_TOKEN`. Error in router YAML and when the key is `ASIA…`; \
             warning otherwise.",
            "Those releases know no session token: the router's schema refuses the YAML key \
             and the router does not start, while the variables are silently ignored, so a \
             temporary key signs without its token and is refused.",
            ex::SESSION_TOKEN_UNSUPPORTED,
            NO_FIX,
        ),
        Rule::EnvCredentialsIgnoredByRouter => (
            "A router provider without static keys while the environment given holds \
             `AWS_ACCESS_KEY_ID`. Warning; info when a web identity or container credentials \
             variable is also set.",
            "minio-go's chain has no environment provider: the router never reads \
             `AWS_ACCESS_KEY_ID`, so it ends up on IMDS or unsigned requests. Pass the \
             variables in with `${…}` references.",
            ex::ENV_CREDENTIALS_IGNORED_BY_ROUTER,
            NO_FIX,
        ),
        Rule::LongTermKeyWithToken => (
            "An access key starting with `AKIA` together with a non-empty session token. \
             Error on AWS hosts, warning elsewhere.",
            "`AKIA` keys are long-term IAM user keys; AWS answers InvalidToken when a session \
             token comes with one.",
            ex::LONG_TERM_KEY_WITH_TOKEN,
            NO_FIX,
        ),
        Rule::EndpointScheme => (
            "A router endpoint (YAML or `STORAGE_PROVIDER_S3_{n}_ENDPOINT`) that starts with \
             `http://` or `https://`, or holds `user[:password]@`.",
            "minio-go adds the scheme itself from `secure`, so a scheme fails with \
             \"Endpoint url cannot have fully qualified paths.\" Userinfo is accepted and \
             silently dropped.",
            ex::ENDPOINT_SCHEME,
            "Safe when `secure` is absent or matches the scheme, unsafe otherwise (the scheme \
             wins): `migrate` removes the scheme and sets `secure` to agree with it.",
        ),
        Rule::EndpointPath => (
            "A router endpoint with a path other than nothing or a single `/`.",
            "minio-go refuses any path (\"Endpoint url cannot have fully qualified paths.\"); \
             an S3 API behind a reverse-proxy sub-path cannot be reached this way.",
            ex::ENDPOINT_PATH,
            "Unsafe, only when the path is the bucket: `migrate --unsafe-fixes` removes the \
             path from the endpoint and uses it as `bucket`. Other paths have no fix.",
        ),
        Rule::SecureMismatch => (
            "Port 443 with `secure` false or absent, port 80 with `secure: true`, or port \
             9001 with either. Port 9000 with `secure: true` is fine.",
            "The router would speak plain HTTP to a TLS port or TLS to a plain one, and 9001 \
             is MinIO's console port, not the S3 API. MinIO serves TLS on 9000 once it has \
             certificates.",
            ex::SECURE_MISMATCH,
            NO_FIX,
        ),
        Rule::EndpointHost => (
            "A router endpoint host minio-go refuses (leading or trailing `-` or `_`, leading \
             `.`, a forbidden character, a non-numeric port), `bucket.s3.amazonaws.com`, a \
             `googleapis.com` host other than `storage`, or a virtual-host AWS endpoint \
             (`bucket.s3.region.amazonaws.com` and similar) that minio-go accepts.",
            "A refused host stops the router. A virtual-host endpoint is accepted but then \
             addressed path-style with the bucket added again, so every object key comes out \
             wrong.",
            ex::ENDPOINT_HOST,
            NO_FIX,
        ),
        Rule::BucketName => (
            "A configured or derived bucket that is empty, holds `/`, is shorter than 3 or \
             longer than 63 characters, is an IP address, or holds `..`, `.-` or `-.` \
             (error); uppercase letters or `_` (error on AWS hosts, warning elsewhere).",
            "S3 refuses such names. minio-go and the AWS SDK send uppercase and `_` as they \
             are, and some S3-compatible services accept them, so they only fail on AWS.",
            ex::BUCKET_NAME,
            NO_FIX,
        ),
        Rule::AwsRegionRequired => (
            "An AWS host without a real AWS region. Node: region empty, `auto`, `default` or \
             not of the form `xx-name-1`: error. Router: `auto` or a non-region value: \
             error; empty: fine on regional hosts, info on the global or a port-qualified \
             host, error on `s3-accelerate`.",
            "AWS checks the region a request is signed for: `auto` gets \
             AuthorizationHeaderMalformed. minio-go takes an empty region from a regional \
             host, asks the bucket's location on others (needs `s3:GetBucketLocation`), and \
             signs for \"accelerate\" on `s3-accelerate`.",
            ex::AWS_REGION_REQUIRED,
            "Unsafe, only when the host names its region: `migrate --unsafe-fixes` sets the \
             region to that one.",
        ),
        Rule::RegionMismatch => (
            "The region in a regional AWS host (`s3.R`, `s3-R`, dualstack, FIPS, `.com.cn`, \
             VPC endpoints, Node virtual hosts `b.s3.R…`) differs from the configured region.",
            "Requests are signed for the configured region and refused by the host's: \
             AuthorizationHeaderMalformed or PermanentRedirect, which SDK v3 does not follow.",
            ex::REGION_MISMATCH,
            "Unsafe: `migrate --unsafe-fixes` sets the region to the host's.",
        ),
        Rule::AddressingStyle => (
            "The controlplane or cdn URL and its path-style setting disagree: path style off \
             while the bucket is in the URL path, or path style on with an empty path. A \
             virtual-host URL with no path and path style off is right.",
            "With path style off the SDK takes the first host label as the bucket when the \
             host has more than two labels, else it prepends the bucket (`cosmo.minio:9000`). \
             With path style on and no path the bucket is empty: \"No value provided for \
             input HTTP label: Bucket\".",
            ex::ADDRESSING_STYLE,
            "Unsafe: `migrate --unsafe-fixes` sets `S3_FORCE_PATH_STYLE` to match the URL.",
        ),
        Rule::QueryParamsIgnored => (
            "`?region=` or `?endpoint=` in the controlplane's `S3_STORAGE_URL` or \
             `S3_FAILOVER_STORAGE_URL`. The cdn-server reads them, so it is not checked.",
            "The controlplane never looks at the query string, so the region or endpoint \
             written there has no effect and the defaults apply.",
            ex::QUERY_PARAMS_IGNORED,
            "Safe to delete the parameters (`migrate --write`); moving them into `S3_REGION` \
             or `S3_ENDPOINT` changes behaviour and needs `--unsafe-fixes`.",
        ),
        Rule::BooleanString => (
            "`S3_FORCE_PATH_STYLE`, `S3_USE_INDIVIDUAL_DELETES` or their `S3_FAILOVER_` forms \
             set to anything but exactly `true` or `false`, including an empty value.",
            "The components compare with the string \"true\": `True`, `1` or `yes` mean \
             false, and so does an empty value, not the controlplane's default (true) nor the \
             failover's auto-detection.",
            ex::BOOLEAN_STRING,
            NO_FIX,
        ),
        Rule::ComponentsDisagree => (
            "Given a controlplane and a cdn file together, they resolve to different buckets, \
             or, both on AWS hosts, to different regions. Endpoints are not compared.",
            "The controlplane writes router configs and persisted operations that the \
             cdn-server must read back; in different buckets, routers get 404s.",
            ex::COMPONENTS_DISAGREE,
            NO_FIX,
        ),
        Rule::EmptyRegion => (
            "`S3_REGION` present but empty (on the cdn-server only when the URL has no \
             `region` parameter), `S3_FAILOVER_REGION` empty while a failover URL is set, or \
             an empty cdn `?region=`.",
            "Defaults fill only unset values, so the region stays empty and the component \
             stops with \"Missing region in S3 configuration.\"",
            ex::EMPTY_REGION,
            NO_FIX,
        ),
        Rule::UnknownProvider => (
            "A `provider_id` that names no provider. Error for `execution_config` (unless a \
             static execution config is set), `persisted_operations`, and enabled `mcp` or \
             `connect_rpc`; warning for `automatic_persisted_queries`.",
            "The router stops on an unknown execution-config provider, and on a persisted \
             operations one when it has a graph token (without one they are silently off). \
             APQ silently falls back to an in-memory cache.",
            ex::UNKNOWN_PROVIDER,
            NO_FIX,
        ),
        Rule::ProviderKind => (
            "A `provider_id` naming a provider of a kind the feature cannot use (severity as \
             in CS401), or a persisted operations manifest on a `file_system` provider.",
            "Each feature looks only in its own kinds: `execution_config` in cdn and s3, \
             persisted operations in cdn, s3 and file_system (the manifest in cdn and s3), \
             APQ in redis, MCP and ConnectRPC in file_system.",
            ex::PROVIDER_KIND,
            NO_FIX,
        ),
        Rule::DuplicateProvider => (
            "Two providers of the same kind (s3, cdn, redis or file_system) share an id, \
             whether referenced or not.",
            "The router's provider registry refuses duplicate ids and the router does not \
             start.",
            ex::DUPLICATE_PROVIDER,
            NO_FIX,
        ),
        Rule::ShadowedProvider => (
            "An id used by providers of two kinds and referenced by a feature that searches \
             several kinds: `execution_config` (cdn before s3) or `persisted_operations` (cdn, \
             s3, then file_system).",
            "The first kind found wins, so the other provider is never used even though the \
             config seems to point at it.",
            ex::SHADOWED_PROVIDER,
            NO_FIX,
        ),
        Rule::SamePrimaryFallback => (
            "`execution_config.fallback_storage` is enabled and names the same provider as \
             `execution_config.storage` (and no static execution config is set).",
            "The router refuses a fallback that is its own primary; it would not help when \
             the primary fails anyway.",
            ex::SAME_PRIMARY_FALLBACK,
            NO_FIX,
        ),
        Rule::UnusedProvider => (
            "An S3 provider that no feature references.",
            "Harmless, but often a sign of a typo in a `provider_id` or a leftover that still \
             holds credentials.",
            ex::UNUSED_PROVIDER,
            NO_FIX,
        ),
        Rule::EmptyCredentialPlaceholders => (
            "`access_key: \"\"` together with `secret_key: \"\"` in a router S3 provider.",
            "Older schemas required both keys, so configs carried empty strings; empty keys \
             and absent keys behave the same (the IAM chain is used), and the placeholders \
             invite a half-filled pair.",
            ex::EMPTY_CREDENTIAL_PLACEHOLDERS,
            "Safe: `migrate --write` removes both lines; a comment written after either stays \
             on its own line.",
        ),
        Rule::MissingSessionToken => (
            "With `--target next` only: a router provider whose keys are \
             `${AWS_ACCESS_KEY_ID}` and `${AWS_SECRET_ACCESS_KEY}` (or bare `$…`) and which \
             has no `session_token`.",
            "Keys passed from the AWS variables are often temporary, and then need \
             `AWS_SESSION_TOKEN` too; routers with session-token support can take it.",
            ex::MISSING_SESSION_TOKEN,
            "Unsafe: `migrate --unsafe-fixes` adds `session_token: \"${AWS_SESSION_TOKEN}\"`. \
             Empty at run time it means no token; set, it changes what is signed.",
        ),
    };
    RuleDoc {
        what,
        why,
        example: example.wrong,
        instead: example.right,
        fix,
    }
}

/// The default severity as `explain` shows it, e.g. `error` or
/// `error for router YAML, warning for env files`.
pub fn default_severity(rule: Rule) -> &'static str {
    match rule {
        Rule::Syntax => "error for YAML and router env, warning for controlplane and cdn env",
        Rule::DuplicateKey => "error for router YAML, warning for env files",
        Rule::UnresolvedReference => "error, warning when both keys are empty",
        Rule::DollarInValue => "error in storage_providers, warning elsewhere",
        Rule::CommentTruncatesValue => "error for S3_* variables, warning for others",
        Rule::TemporaryKeyWithoutToken | Rule::LongTermKeyWithToken => {
            "error on AWS hosts, warning elsewhere"
        }
        Rule::UrlCredentialsShadowVariables => "error when different, info when equal",
        Rule::EmptyCredentialsRejected => "error, with --target legacy only",
        Rule::SessionTokenUnsupported => {
            "error for router YAML or an ASIA key, warning for env; current and legacy only"
        }
        Rule::EnvCredentialsIgnoredByRouter => "warning, info with another IAM source set",
        Rule::BucketName => "error, warning for uppercase or _ off AWS",
        Rule::AwsRegionRequired => "error, info for an empty router region on a global host",
        Rule::UnknownProvider | Rule::ProviderKind => {
            "error, warning for automatic_persisted_queries"
        }
        Rule::MissingSessionToken => "warning, with --target next only",
        Rule::UnknownVariable
        | Rule::TokenWithoutKeys
        | Rule::CredentialsInUrl
        | Rule::LiteralSecret
        | Rule::TokenOverHttp
        | Rule::SecureMismatch
        | Rule::QueryParamsIgnored
        | Rule::BooleanString
        | Rule::ShadowedProvider => "warning",
        Rule::UnusedProvider | Rule::EmptyCredentialPlaceholders => "info",
        Rule::UnknownField
        | Rule::WrongType
        | Rule::MissingField
        | Rule::InvalidValue
        | Rule::PartialCredentials
        | Rule::UrlUserinfoEncoding
        | Rule::EndpointScheme
        | Rule::EndpointPath
        | Rule::EndpointHost
        | Rule::RegionMismatch
        | Rule::AddressingStyle
        | Rule::ComponentsDisagree
        | Rule::EmptyRegion
        | Rule::DuplicateProvider
        | Rule::SamePrimaryFallback => "error",
    }
}

/// Prose is wrapped to this width; example lines are printed as written.
const WIDTH: usize = 88;

/// The text `cosmo-s3 explain CODE` prints.
pub fn render(rule: Rule) -> String {
    let doc = doc(rule);
    let code = rule.code();
    let mut out = format!("{code} {} ({})\n", rule.name(), default_severity(rule));

    for (title, body) in [("What it checks", doc.what), ("Why it matters", doc.why)] {
        out.push_str(&format!("\n{title}\n"));
        out.push_str(&wrap(body, "  ", WIDTH));
    }
    for (title, body) in [("Example", doc.example), ("Write instead", doc.instead)] {
        out.push_str(&format!("\n{title}\n"));
        for line in body.lines() {
            out.push_str("    ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str("\nFix\n");
    out.push_str(&wrap(doc.fix, "  ", WIDTH));

    out.push('\n');
    out.push_str(&wrap(
        &format!(
            "Silence it with `--ignore {code}`, or with a `# cosmo-s3: ignore {code}` \
             comment on the line before the finding."
        ),
        "",
        WIDTH,
    ));
    out
}

/// Greedy word wrap; a word longer than the width gets a line of its own.
fn wrap(text: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::from(indent);
    for word in text.split_whitespace() {
        if line.len() > indent.len() && line.len() + 1 + word.len() > width {
            out.push_str(&line);
            out.push('\n');
            line = String::from(indent);
        }
        if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if line.len() > indent.len() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests;
