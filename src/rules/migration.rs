//! Migration rules CS501–CS502 (RULES.md "Migration"): router YAML written for the old
//! shape that `migrate` moves to the new one.

use crate::model::settings::{S3ProviderSettings, Setting};
use crate::rules::credentials::written;
use crate::rules::fixes::{self, KeyValue};
use crate::rules::{Context, Diagnostic, Rule, Severity};
use crate::source::Kind;

pub fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.kind != Kind::Router {
        return;
    }
    // Only providers written in this YAML file have spans in its text.
    for (provider, _) in ctx.providers() {
        if !provider.pointer.starts_with("/storage_providers/") {
            continue;
        }
        empty_placeholders(ctx, provider, out);
        missing_session_token(ctx, provider, out);
    }
}

fn key_value(s: &Setting) -> KeyValue {
    KeyValue {
        key: s.key_span,
        value: s.span,
    }
}

/// A key written as an empty literal (`""`, `''`, or no value), not a reference that
/// `--env-file` left empty (CS004's finding).
fn is_empty_literal(text: &str, s: &Setting) -> bool {
    s.value.is_empty() && !written(text, s).contains('$')
}

/// CS501: `access_key: ""` / `secret_key: ""` left from when the schema required them. Every
/// key of the pair that is present must be an empty literal (one alone counts too).
fn empty_placeholders(ctx: &Context<'_>, p: &S3ProviderSettings, out: &mut Vec<Diagnostic>) {
    let present: Vec<&Setting> = [&p.access_key, &p.secret_key]
        .into_iter()
        .flatten()
        .collect();
    let Some(first) = present.first() else {
        return;
    };
    if !present.iter().all(|s| is_empty_literal(ctx.text, s)) {
        return;
    }
    let spans: Vec<KeyValue> = present.iter().map(|s| key_value(s)).collect();
    let anchor = if first.span.is_empty() {
        first.key_span
    } else {
        first.span
    };
    let mut d = Diagnostic::new(
        Rule::EmptyCredentialPlaceholders,
        Severity::Info,
        anchor,
        "empty key placeholders: the router reads them as no keys at all",
    )
    .with_help(
        "remove them; empty or absent keys both mean minio-go's IAM chain (the schema no \
         longer requires the keys)",
    )
    .with_pointer(&first.pointer);
    for other in present.iter().skip(1) {
        let span = if other.span.is_empty() {
            other.key_span
        } else {
            other.span
        };
        d = d.with_label(span, "also an empty placeholder");
    }
    if let Some(fix) = fixes::remove_placeholder_lines(ctx.text, &spans) {
        d = d.with_fix(fix);
    }
    out.push(d);
}

/// Whether `s` is written as `${NAME}` or `$NAME`, quoted or not.
fn is_reference_to(text: &str, s: &Setting, name: &str) -> bool {
    let w = written(text, s);
    w.strip_prefix("${")
        .and_then(|r| r.strip_suffix('}'))
        .or_else(|| w.strip_prefix('$'))
        == Some(name)
}

/// CS502: keys from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` but no `session_token`, so
/// temporary credentials in those variables lose their token (`--target next` only).
fn missing_session_token(ctx: &Context<'_>, p: &S3ProviderSettings, out: &mut Vec<Diagnostic>) {
    if !ctx.target.supports_session_token() || p.session_token.is_some() {
        return;
    }
    let (Some(access), Some(secret)) = (&p.access_key, &p.secret_key) else {
        return;
    };
    if !is_reference_to(ctx.text, access, "AWS_ACCESS_KEY_ID")
        || !is_reference_to(ctx.text, secret, "AWS_SECRET_ACCESS_KEY")
    {
        return;
    }
    let mut d = Diagnostic::new(
        Rule::MissingSessionToken,
        Severity::Warning,
        secret.span,
        "keys come from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` but `AWS_SESSION_TOKEN` is \
         not passed on: temporary credentials in those variables fail without it",
    )
    .with_label(access.span, "from `AWS_ACCESS_KEY_ID`")
    .with_help("add `session_token: \"${AWS_SESSION_TOKEN}\"` (empty at run time means no token)")
    .with_pointer(&secret.pointer);
    if let Some(fix) = fixes::add_session_token(ctx.text, key_value(secret)) {
        d = d.with_fix(fix);
    }
    out.push(d);
}

#[cfg(test)]
mod tests {
    use crate::rules::credentials::tests::{Fixture, find, none};
    use crate::rules::{Applicability, Rule, Severity, Target};
    use crate::source::Kind;

    fn yaml(keys: &str) -> String {
        format!(
            "version: \"1\"\nstorage_providers:\n  s3:\n    - id: \"minio\"\n      \
             endpoint: \"minio:9000\"\n      bucket: \"cosmo\"\n{keys}"
        )
    }

    #[test]
    fn cs501_empty_placeholders_are_removed() {
        let text = yaml("      access_key: \"\"\n      secret_key: \"\"\n      region: eu\n");
        let f = Fixture::new(&text, Kind::Router, Target::Next);
        let out = f.migration();
        let d = find(&out, Rule::EmptyCredentialPlaceholders);
        assert_eq!(d.severity, Severity::Info);
        assert_eq!(d.span.slice(&text), "\"\"");
        assert_eq!(f.line(d.span), 7);
        assert_eq!(d.labels.len(), 1);
        assert_eq!(f.line(d.labels[0].span), 8);
        let fix = d.fix.clone().unwrap();
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(
            f.apply(&fix),
            yaml("      region: eu\n"),
            "both lines go, the rest stays"
        );
    }

    #[test]
    fn cs501_keeps_a_comment_after_a_placeholder() {
        let text =
            yaml("      access_key: \"\"\n      secret_key: \"\"  # ask #ops\n      region: eu\n");
        let f = Fixture::new(&text, Kind::Router, Target::Next);
        let fix = find(&f.migration(), Rule::EmptyCredentialPlaceholders)
            .fix
            .clone()
            .unwrap();
        assert_eq!(f.apply(&fix), yaml("      # ask #ops\n      region: eu\n"));
    }

    #[test]
    fn cs501_single_quoted_and_null_placeholders() {
        let text = yaml("      access_key: ''\n      secret_key:\n");
        let f = Fixture::new(&text, Kind::Router, Target::Next);
        let d = find(&f.migration(), Rule::EmptyCredentialPlaceholders).clone();
        assert_eq!(d.span.slice(&text), "''");
        assert_eq!(d.labels[0].span.slice(&text), "secret_key");
    }

    #[test]
    fn cs501_near_misses() {
        for keys in [
            "",
            "      access_key: \"\"\n      secret_key: \"${S3_SECRET_KEY}\"\n",
            "      access_key: \"${A}\"\n      secret_key: \"${B}\"\n",
        ] {
            let f = Fixture::new(&yaml(keys), Kind::Router, Target::Next);
            none(&f.migration(), Rule::EmptyCredentialPlaceholders);
        }
        // References that --env-file leaves empty are CS004's, not placeholders.
        let f = Fixture::with_env(
            &yaml("      access_key: \"${A}\"\n      secret_key: \"${B}\"\n"),
            Kind::Router,
            Target::Next,
            &[("A", ""), ("B", "")],
        );
        none(&f.migration(), Rule::EmptyCredentialPlaceholders);
    }

    #[test]
    fn cs502_aws_references_without_token() {
        for (keys, secret_text) in [
            (
                "      access_key: \"${AWS_ACCESS_KEY_ID}\"\n      secret_key: \"${AWS_SECRET_ACCESS_KEY}\"\n",
                "\"${AWS_SECRET_ACCESS_KEY}\"",
            ),
            (
                "      access_key: $AWS_ACCESS_KEY_ID\n      secret_key: $AWS_SECRET_ACCESS_KEY\n",
                "$AWS_SECRET_ACCESS_KEY",
            ),
        ] {
            let text = yaml(keys);
            let f = Fixture::new(&text, Kind::Router, Target::Next);
            let out = f.migration();
            let d = find(&out, Rule::MissingSessionToken);
            assert_eq!(d.severity, Severity::Warning);
            assert_eq!(d.span.slice(&text), secret_text);
            let fix = d.fix.clone().unwrap();
            assert_eq!(fix.applicability, Applicability::Unsafe);
            assert_eq!(
                f.apply(&fix),
                format!("{text}      session_token: \"${{AWS_SESSION_TOKEN}}\"\n")
            );
        }
    }

    #[test]
    fn cs502_near_misses() {
        let keys = "      access_key: \"${AWS_ACCESS_KEY_ID}\"\n      secret_key: \"${AWS_SECRET_ACCESS_KEY}\"\n";
        for target in [Target::Current, Target::Legacy] {
            let f = Fixture::new(&yaml(keys), Kind::Router, target);
            none(&f.migration(), Rule::MissingSessionToken);
        }
        for keys in [
            "      access_key: \"${AWS_ACCESS_KEY_ID}\"\n      secret_key: \"${AWS_SECRET_ACCESS_KEY}\"\n      session_token: \"${AWS_SESSION_TOKEN}\"\n",
            "      access_key: \"${S3_ACCESS_KEY}\"\n      secret_key: \"${AWS_SECRET_ACCESS_KEY}\"\n",
            "      access_key: \"${AWS_ACCESS_KEY_ID}x\"\n      secret_key: \"${AWS_SECRET_ACCESS_KEY}\"\n",
        ] {
            let f = Fixture::new(&yaml(keys), Kind::Router, Target::Next);
            none(&f.migration(), Rule::MissingSessionToken);
        }
    }

    #[test]
    fn migration_rules_skip_env_files() {
        let text = "STORAGE_PROVIDER_S3_0_ID=a\nSTORAGE_PROVIDER_S3_0_ACCESS_KEY=\nSTORAGE_PROVIDER_S3_0_SECRET_KEY=\n";
        let f = Fixture::new(text, Kind::RouterEnv, Target::Next);
        assert!(f.migration().is_empty());
    }
}
