//! A mistake and its correction for every rule, in the format of the file it lives in.
//!
//! Each text opens with a comment naming the file kind, so `explain` needs no extra label.
//! Only placeholder keys appear here (`AKIAEXAMPLE…`, `EXAMPLESECRET…`).

/// A config showing the mistake (`wrong`) and the same config written correctly (`right`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Example {
    pub wrong: &'static str,
    pub right: &'static str,
}

pub(super) const SYNTAX: Example = Example {
    wrong: r#"# router .env (godotenv)
STORAGE_PROVIDER_S3_0_ID=minio
STORAGE_PROVIDER_S3_0_BUCKET cosmo-config"#,
    right: r#"# router .env (godotenv)
STORAGE_PROVIDER_S3_0_ID=minio
STORAGE_PROVIDER_S3_0_BUCKET=cosmo-config"#,
};

pub(super) const DUPLICATE_KEY: Example = Example {
    wrong: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      bucket: "cosmo-config"
      bucket: "cosmo-config-eu""#,
    right: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      bucket: "cosmo-config-eu""#,
};

pub(super) const UNKNOWN_VARIABLE: Example = Example {
    wrong: r#"# .env (controlplane)
S3_FORCE_PATHSTYLE=false"#,
    right: r#"# .env (controlplane)
S3_FORCE_PATH_STYLE=false"#,
};

pub(super) const UNRESOLVED_REFERENCE: Example = Example {
    wrong: r#"# config.yaml (router), checked with --env-file prod.env
# prod.env holds COSMO_BUCKET= (empty)
storage_providers:
  s3:
    - id: "minio"
      bucket: "${COSMO_BUCKET}""#,
    right: r#"# prod.env
COSMO_BUCKET=cosmo-config"#,
};

pub(super) const DOLLAR_IN_VALUE: Example = Example {
    wrong: r#"# config.yaml (router): the bucket becomes "cosmoconfig"
storage_providers:
  s3:
    - id: "minio"
      bucket: "cosmo$$config""#,
    right: r#"# config.yaml (router): take odd values from the environment
storage_providers:
  s3:
    - id: "minio"
      bucket: "${COSMO_BUCKET}""#,
};

pub(super) const COMMENT_TRUNCATES_VALUE: Example = Example {
    wrong: r#"# .env (controlplane): dotenv reads "EXAMPLESECRET"
S3_SECRET_ACCESS_KEY=EXAMPLESECRET#KEY0000"#,
    right: r#"# .env (controlplane)
S3_SECRET_ACCESS_KEY="EXAMPLESECRET#KEY0000""#,
};

pub(super) const UNKNOWN_FIELD: Example = Example {
    wrong: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      regoin: "us-east-1""#,
    right: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      region: "us-east-1""#,
};

pub(super) const WRONG_TYPE: Example = Example {
    wrong: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      secure: "true"
      # also wrong: secure: yes, secure: "${S3_SECURE}""#,
    right: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      secure: true
      # or, unquoted: secure: ${S3_SECURE}"#,
};

pub(super) const MISSING_FIELD: Example = Example {
    wrong: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      endpoint: "minio.example.internal:9000""#,
    right: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      endpoint: "minio.example.internal:9000"
      bucket: "cosmo-config""#,
};

pub(super) const INVALID_VALUE: Example = Example {
    wrong: r#"# .env (controlplane)
S3_ENDPOINT=minio:9000"#,
    right: r#"# .env (controlplane)
S3_ENDPOINT=http://minio:9000"#,
};

pub(super) const PARTIAL_CREDENTIALS: Example = Example {
    wrong: r#"# .env (controlplane)
S3_ACCESS_KEY_ID=AKIAEXAMPLE000000000
S3_SECRET_ACCESS_KEY="#,
    right: r#"# .env (controlplane): both keys, or neither (default chain)
S3_ACCESS_KEY_ID=AKIAEXAMPLE000000000
S3_SECRET_ACCESS_KEY=EXAMPLESECRETKEY0000000000000000000000"#,
};

pub(super) const TOKEN_WITHOUT_KEYS: Example = Example {
    wrong: r#"# .env (cdn-server)
S3_SESSION_TOKEN=EXAMPLETOKEN0000"#,
    right: r#"# .env (cdn-server)
S3_ACCESS_KEY_ID=ASIAEXAMPLE000000000
S3_SECRET_ACCESS_KEY=EXAMPLESECRETKEY0000000000000000000000
S3_SESSION_TOKEN=EXAMPLETOKEN0000"#,
};

pub(super) const TEMPORARY_KEY_WITHOUT_TOKEN: Example = Example {
    wrong: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      access_key: "ASIAEXAMPLE000000000"
      secret_key: "${S3_SECRET_KEY}""#,
    right: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      access_key: "ASIAEXAMPLE000000000"
      secret_key: "${S3_SECRET_KEY}"
      session_token: "${S3_SESSION_TOKEN}""#,
};

pub(super) const CREDENTIALS_IN_URL: Example = Example {
    wrong: r#"# .env (controlplane)
S3_STORAGE_URL=http://minio-user:EXAMPLESECRET0000@minio:9000/cosmo"#,
    right: r#"# .env (controlplane)
S3_STORAGE_URL=http://minio:9000/cosmo
S3_ACCESS_KEY_ID=minio-user
S3_SECRET_ACCESS_KEY=EXAMPLESECRET0000"#,
};

pub(super) const URL_CREDENTIALS_SHADOW_VARIABLES: Example = Example {
    wrong: r#"# .env (controlplane): the URL pair wins
S3_STORAGE_URL=http://minio-user:EXAMPLESECRET0000@minio:9000/cosmo
S3_ACCESS_KEY_ID=other-user
S3_SECRET_ACCESS_KEY=EXAMPLESECRET1111"#,
    right: r#"# .env (controlplane)
S3_STORAGE_URL=http://minio:9000/cosmo
S3_ACCESS_KEY_ID=other-user
S3_SECRET_ACCESS_KEY=EXAMPLESECRET1111"#,
};

pub(super) const URL_USERINFO_ENCODING: Example = Example {
    wrong: r#"# .env (controlplane): "/" ends the host part
S3_STORAGE_URL=https://AKIAEXAMPLE000000000:EXAMPLE/SECRET@s3.us-east-1.amazonaws.com/cosmo"#,
    right: r#"# .env (controlplane)
S3_STORAGE_URL=https://s3.us-east-1.amazonaws.com/cosmo
S3_ACCESS_KEY_ID=AKIAEXAMPLE000000000
S3_SECRET_ACCESS_KEY=EXAMPLE/SECRET"#,
};

pub(super) const LITERAL_SECRET: Example = Example {
    wrong: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      access_key: "AKIAEXAMPLE000000000"
      secret_key: "EXAMPLESECRETKEY0000000000000000000000""#,
    right: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      access_key: "AKIAEXAMPLE000000000"
      secret_key: "${S3_SECRET_KEY}""#,
};

pub(super) const TOKEN_OVER_HTTP: Example = Example {
    wrong: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      endpoint: "minio.example.internal:9000"
      secure: false
      session_token: "${S3_SESSION_TOKEN}""#,
    right: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      endpoint: "minio.example.internal:9000"
      secure: true
      session_token: "${S3_SESSION_TOKEN}""#,
};

pub(super) const EMPTY_CREDENTIALS_REJECTED: Example = Example {
    wrong: r#"# .env (cdn-server), release before the default-chain fix
S3_STORAGE_URL=https://cosmo-config.s3.us-east-1.amazonaws.com
S3_ACCESS_KEY_ID=
S3_SECRET_ACCESS_KEY="#,
    right: r#"# upgrade the cdn-server, or set both keys
S3_ACCESS_KEY_ID=AKIAEXAMPLE000000000
S3_SECRET_ACCESS_KEY=EXAMPLESECRETKEY0000000000000000000000"#,
};

pub(super) const SESSION_TOKEN_UNSUPPORTED: Example = Example {
    wrong: r#"# config.yaml (router), release without session tokens
storage_providers:
  s3:
    - id: "minio"
      access_key: "${S3_ACCESS_KEY}"
      secret_key: "${S3_SECRET_KEY}"
      session_token: "${S3_SESSION_TOKEN}""#,
    right: r#"# upgrade the router first, or use long-term keys
storage_providers:
  s3:
    - id: "minio"
      access_key: "${S3_ACCESS_KEY}"
      secret_key: "${S3_SECRET_KEY}""#,
};

pub(super) const ENV_CREDENTIALS_IGNORED_BY_ROUTER: Example = Example {
    wrong: r#"# router environment: minio-go never reads these
AWS_ACCESS_KEY_ID=AKIAEXAMPLE000000000
AWS_SECRET_ACCESS_KEY=EXAMPLESECRETKEY0000000000000000000000"#,
    right: r#"# config.yaml (router): pass them in explicitly
storage_providers:
  s3:
    - id: "minio"
      access_key: "${AWS_ACCESS_KEY_ID}"
      secret_key: "${AWS_SECRET_ACCESS_KEY}"
      session_token: "${AWS_SESSION_TOKEN}""#,
};

pub(super) const LONG_TERM_KEY_WITH_TOKEN: Example = Example {
    wrong: r#"# .env (cdn-server)
S3_ACCESS_KEY_ID=AKIAEXAMPLE000000000
S3_SECRET_ACCESS_KEY=EXAMPLESECRETKEY0000000000000000000000
S3_SESSION_TOKEN=EXAMPLETOKEN0000"#,
    right: r#"# .env (cdn-server): a long-term key signs alone
S3_ACCESS_KEY_ID=AKIAEXAMPLE000000000
S3_SECRET_ACCESS_KEY=EXAMPLESECRETKEY0000000000000000000000"#,
};

pub(super) const ENDPOINT_SCHEME: Example = Example {
    wrong: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      endpoint: "https://minio.example.internal:9000"
      secure: true"#,
    right: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      endpoint: "minio.example.internal:9000"
      secure: true"#,
};

pub(super) const ENDPOINT_PATH: Example = Example {
    wrong: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      endpoint: "minio.example.internal:9000/cosmo-config""#,
    right: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      endpoint: "minio.example.internal:9000"
      bucket: "cosmo-config""#,
};

pub(super) const SECURE_MISMATCH: Example = Example {
    wrong: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      endpoint: "minio.example.internal:443"
      secure: false"#,
    right: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      endpoint: "minio.example.internal:443"
      secure: true"#,
};

pub(super) const ENDPOINT_HOST: Example = Example {
    wrong: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      endpoint: "cosmo-config.s3.eu-west-1.amazonaws.com""#,
    right: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      endpoint: "s3.eu-west-1.amazonaws.com"
      bucket: "cosmo-config""#,
};

pub(super) const BUCKET_NAME: Example = Example {
    wrong: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      endpoint: "s3.us-east-1.amazonaws.com"
      bucket: "Cosmo_Config""#,
    right: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      endpoint: "s3.us-east-1.amazonaws.com"
      bucket: "cosmo-config""#,
};

pub(super) const AWS_REGION_REQUIRED: Example = Example {
    wrong: r#"# .env (controlplane)
S3_STORAGE_URL=https://s3.eu-west-1.amazonaws.com/cosmo-config
S3_REGION=auto"#,
    right: r#"# .env (controlplane)
S3_STORAGE_URL=https://s3.eu-west-1.amazonaws.com/cosmo-config
S3_REGION=eu-west-1"#,
};

pub(super) const REGION_MISMATCH: Example = Example {
    wrong: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      endpoint: "s3.eu-west-1.amazonaws.com"
      region: "us-east-1""#,
    right: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      endpoint: "s3.eu-west-1.amazonaws.com"
      region: "eu-west-1""#,
};

pub(super) const ADDRESSING_STYLE: Example = Example {
    wrong: r#"# .env (cdn-server): path style is off by default
S3_STORAGE_URL=http://minio:9000/cosmo"#,
    right: r#"# .env (cdn-server)
S3_STORAGE_URL=http://minio:9000/cosmo
S3_FORCE_PATH_STYLE=true"#,
};

pub(super) const QUERY_PARAMS_IGNORED: Example = Example {
    wrong: r#"# .env (controlplane)
S3_STORAGE_URL=http://minio:9000/cosmo?region=us-east-1"#,
    right: r#"# .env (controlplane)
S3_STORAGE_URL=http://minio:9000/cosmo
S3_REGION=us-east-1"#,
};

pub(super) const BOOLEAN_STRING: Example = Example {
    wrong: r#"# .env (controlplane)
S3_FORCE_PATH_STYLE=True
S3_USE_INDIVIDUAL_DELETES=yes"#,
    right: r#"# .env (controlplane)
S3_FORCE_PATH_STYLE=true
S3_USE_INDIVIDUAL_DELETES=true"#,
};

pub(super) const COMPONENTS_DISAGREE: Example = Example {
    wrong: r#"# controlplane .env
S3_STORAGE_URL=http://minio:9000/cosmo
# cdn-server .env
S3_STORAGE_URL=http://minio:9000/cosmo-cdn
S3_FORCE_PATH_STYLE=true"#,
    right: r#"# controlplane .env
S3_STORAGE_URL=http://minio:9000/cosmo
# cdn-server .env
S3_STORAGE_URL=http://minio:9000/cosmo
S3_FORCE_PATH_STYLE=true"#,
};

pub(super) const EMPTY_REGION: Example = Example {
    wrong: r#"# .env (controlplane)
S3_REGION="#,
    right: r#"# .env (controlplane): remove the line, or name the region
S3_REGION=us-east-1"#,
};

pub(super) const UNKNOWN_PROVIDER: Example = Example {
    wrong: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
execution_config:
  storage:
    provider_id: "minoi""#,
    right: r#"# config.yaml (router)
execution_config:
  storage:
    provider_id: "minio""#,
};

pub(super) const PROVIDER_KIND: Example = Example {
    wrong: r#"# config.yaml (router)
storage_providers:
  file_system:
    - id: "operations"
execution_config:
  storage:
    provider_id: "operations""#,
    right: r#"# config.yaml (router): execution configs come from cdn or s3
execution_config:
  storage:
    provider_id: "minio""#,
};

pub(super) const DUPLICATE_PROVIDER: Example = Example {
    wrong: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      bucket: "cosmo-config"
    - id: "minio"
      bucket: "cosmo-config-eu""#,
    right: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      bucket: "cosmo-config"
    - id: "minio-eu"
      bucket: "cosmo-config-eu""#,
};

pub(super) const SHADOWED_PROVIDER: Example = Example {
    wrong: r#"# config.yaml (router): the cdn provider wins
storage_providers:
  cdn:
    - id: "configs"
  s3:
    - id: "configs"
execution_config:
  storage:
    provider_id: "configs""#,
    right: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "configs-s3"
execution_config:
  storage:
    provider_id: "configs-s3""#,
};

pub(super) const SAME_PRIMARY_FALLBACK: Example = Example {
    wrong: r#"# config.yaml (router)
execution_config:
  storage:
    provider_id: "minio"
  fallback_storage:
    enabled: true
    provider_id: "minio""#,
    right: r#"# config.yaml (router)
execution_config:
  storage:
    provider_id: "minio"
  fallback_storage:
    enabled: true
    provider_id: "minio-backup""#,
};

pub(super) const UNUSED_PROVIDER: Example = Example {
    wrong: r#"# config.yaml (router): nothing names "minio-old"
storage_providers:
  s3:
    - id: "minio"
    - id: "minio-old""#,
    right: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio""#,
};

pub(super) const EMPTY_CREDENTIAL_PLACEHOLDERS: Example = Example {
    wrong: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "s3"
      endpoint: "s3.us-east-1.amazonaws.com"
      access_key: ""
      secret_key: """#,
    right: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "s3"
      endpoint: "s3.us-east-1.amazonaws.com""#,
};

pub(super) const MISSING_SESSION_TOKEN: Example = Example {
    wrong: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      access_key: "${AWS_ACCESS_KEY_ID}"
      secret_key: "${AWS_SECRET_ACCESS_KEY}""#,
    right: r#"# config.yaml (router)
storage_providers:
  s3:
    - id: "minio"
      access_key: "${AWS_ACCESS_KEY_ID}"
      secret_key: "${AWS_SECRET_ACCESS_KEY}"
      session_token: "${AWS_SESSION_TOKEN}""#,
};
