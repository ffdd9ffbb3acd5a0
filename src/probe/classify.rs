//! What an S3 answer means for the user, and what to change.
//!
//! A HEAD answer carries a status and headers but no body, so after a 400/403 the probe sends
//! one `GET /?location` and reads the `<Code>` of its error document. When even that leaves two
//! causes possible, the verdict names both (`class` + `alternative`) instead of guessing.

use serde::Serialize;

/// One kind of outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    Ok,
    BucketMissing,
    AccessDenied,
    WrongRegion,
    UnknownKeyId,
    BadSignature,
    ExpiredToken,
    InvalidToken,
    /// A temporary (`ASIA…`) key sent without its session token.
    TokenMissing,
    AnonymousDenied,
    /// The credential chain found nothing and the component stops (Node SDK, legacy releases).
    NoCredentials,
    /// The component would fail before sending anything (resolve error).
    ComponentError,
    Connection,
    Timeout,
    /// An answer none of the above explains (status kept).
    Unexpected,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Ok => "ok",
            Class::BucketMissing => "bucket-missing",
            Class::AccessDenied => "access-denied",
            Class::WrongRegion => "wrong-region",
            Class::UnknownKeyId => "unknown-key-id",
            Class::BadSignature => "bad-signature",
            Class::ExpiredToken => "expired-token",
            Class::InvalidToken => "invalid-token",
            Class::TokenMissing => "token-missing",
            Class::AnonymousDenied => "anonymous-denied",
            Class::NoCredentials => "no-credentials",
            Class::ComponentError => "component-error",
            Class::Connection => "connection",
            Class::Timeout => "timeout",
            Class::Unexpected => "unexpected",
        }
    }

    /// What the user should change (None for OK).
    pub fn advice(self) -> &'static str {
        match self {
            Class::Ok => "nothing: the bucket answers with these credentials",
            Class::BucketMissing => {
                "the bucket does not exist here: check the bucket name and the endpoint"
            }
            Class::AccessDenied => {
                "the credentials are valid but not allowed: grant s3:ListBucket on the bucket (and s3:GetBucketLocation for the router with an empty region)"
            }
            Class::WrongRegion => "set the region to the bucket's region",
            Class::UnknownKeyId => {
                "the server does not know this access key id: check the key, or the endpoint it belongs to"
            }
            Class::BadSignature => {
                "the secret does not match the access key id: check the secret (quoting, trailing characters, `$` expansion)"
            }
            Class::ExpiredToken => {
                "the temporary credentials expired: refresh them (or let the credential chain do it instead of static keys)"
            }
            Class::InvalidToken => {
                "the session token is malformed or does not belong to the key: set the token issued with this key, or remove it for long-term (AKIA) keys"
            }
            Class::TokenMissing => {
                "a temporary (ASIA…) key needs its session token: set the session token next to the keys"
            }
            Class::AnonymousDenied => {
                "the request went out unsigned: give the component credentials (static keys or a source of its credential chain)"
            }
            Class::NoCredentials => {
                "no credential source answered: set static keys or configure a source of the component's chain"
            }
            Class::ComponentError => {
                "fix the setting the component refuses before it sends anything"
            }
            Class::Connection => {
                "the endpoint could not be reached: check host, port, `secure`/scheme, DNS and certificates"
            }
            Class::Timeout => {
                "no answer in time: check the endpoint and the network path, or raise --timeout"
            }
            Class::Unexpected => "an answer cosmo-s3 cannot explain: see the status and code",
        }
    }
}

/// What came back from S3 (status, the error code if one could be read, and the region header).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    /// `<Code>` from the follow-up `GET /?location` (or the HEAD's `x-amz-error-code` header).
    pub code: Option<String>,
    /// `x-amz-bucket-region`.
    pub bucket_region: Option<String>,
}

/// How the request was signed, which changes what some answers mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Signing {
    pub anonymous: bool,
    pub temporary_key: bool,
    pub token_attached: bool,
}

/// A verdict: one class, or two when the answer cannot tell them apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub class: Class,
    pub alternative: Option<Class>,
    /// The region to use, for `WrongRegion`.
    pub region: Option<String>,
}

impl Verdict {
    fn one(class: Class) -> Self {
        Verdict {
            class,
            alternative: None,
            region: None,
        }
    }

    fn either(class: Class, alternative: Class) -> Self {
        Verdict {
            class,
            alternative: Some(alternative),
            region: None,
        }
    }
}

/// Classify an S3 answer to HeadBucket (plus the code read by the follow-up GET, if any).
pub fn classify(answer: &Answer, signing: Signing) -> Verdict {
    let code = answer.code.as_deref().unwrap_or("");
    let wrong_region = |region: Option<&String>| Verdict {
        class: Class::WrongRegion,
        alternative: None,
        region: region.cloned(),
    };

    match (answer.status, code) {
        (200..=299, _) => Verdict::one(Class::Ok),
        (404, _) | (_, "NoSuchBucket") => Verdict::one(Class::BucketMissing),
        (301 | 307, _) | (_, "PermanentRedirect" | "AuthorizationHeaderMalformed") => {
            wrong_region(answer.bucket_region.as_ref())
        }
        (400, "IllegalLocationConstraintException" | "InvalidRegion") => {
            wrong_region(answer.bucket_region.as_ref())
        }
        (_, "ExpiredToken" | "TokenRefreshRequired") => Verdict::one(Class::ExpiredToken),
        (_, "InvalidToken") => Verdict::one(Class::InvalidToken),
        (_, "InvalidAccessKeyId") if signing.temporary_key && !signing.token_attached => {
            // AWS (and moto) answer an ASIA key without its token exactly like an unknown key.
            Verdict::either(Class::TokenMissing, Class::UnknownKeyId)
        }
        (_, "InvalidAccessKeyId") => Verdict::one(Class::UnknownKeyId),
        (_, "SignatureDoesNotMatch") => Verdict::one(Class::BadSignature),
        (403, _) if signing.anonymous => Verdict::one(Class::AnonymousDenied),
        (_, "AccessDenied" | "AllAccessDisabled") => Verdict::one(Class::AccessDenied),
        // The region header alone on a 400 is how AWS marks a request signed for the wrong region.
        (400, _) if answer.bucket_region.is_some() => wrong_region(answer.bucket_region.as_ref()),
        (400, _) if signing.token_attached => {
            Verdict::either(Class::InvalidToken, Class::ExpiredToken)
        }
        (403, "") => Verdict::either(Class::AccessDenied, Class::BadSignature),
        _ => Verdict::one(Class::Unexpected),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, code: &str, region: Option<&str>) -> Answer {
        Answer {
            status,
            code: (!code.is_empty()).then(|| code.to_string()),
            bucket_region: region.map(str::to_string),
        }
    }

    #[test]
    fn codes_map_to_classes() {
        let signed = Signing::default();
        let cases = [
            (200, "", Class::Ok),
            (404, "", Class::BucketMissing),
            (403, "InvalidAccessKeyId", Class::UnknownKeyId),
            (403, "SignatureDoesNotMatch", Class::BadSignature),
            (400, "ExpiredToken", Class::ExpiredToken),
            (400, "InvalidToken", Class::InvalidToken),
            (403, "AccessDenied", Class::AccessDenied),
            (500, "", Class::Unexpected),
        ];
        for (status, code, class) in cases {
            assert_eq!(
                classify(&answer(status, code, None), signed).class,
                class,
                "{status} {code}"
            );
        }
    }

    #[test]
    fn region_comes_from_the_header() {
        let v = classify(
            &answer(400, "AuthorizationHeaderMalformed", Some("eu-west-1")),
            Signing::default(),
        );
        assert_eq!(
            (v.class, v.region.as_deref()),
            (Class::WrongRegion, Some("eu-west-1"))
        );
        let v = classify(&answer(301, "", Some("us-west-2")), Signing::default());
        assert_eq!(v.region.as_deref(), Some("us-west-2"));
    }

    #[test]
    fn ambiguous_answers_name_both_classes() {
        let temp = Signing {
            temporary_key: true,
            ..Signing::default()
        };
        let v = classify(&answer(403, "InvalidAccessKeyId", None), temp);
        assert_eq!(
            (v.class, v.alternative),
            (Class::TokenMissing, Some(Class::UnknownKeyId))
        );
        let v = classify(&answer(403, "", None), Signing::default());
        assert_eq!(
            (v.class, v.alternative),
            (Class::AccessDenied, Some(Class::BadSignature))
        );
    }

    #[test]
    fn anonymous_403_is_its_own_class() {
        let anon = Signing {
            anonymous: true,
            ..Signing::default()
        };
        assert_eq!(
            classify(&answer(403, "AccessDenied", None), anon).class,
            Class::AnonymousDenied
        );
    }
}
