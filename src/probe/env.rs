//! The environment a probe sees: a plain map, so tests inject one and the binary builds it
//! from the process environment plus `--env-file` variables.

use std::collections::BTreeMap;

/// Variables as the component would see them. "Set" means present and non-empty.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProbeEnv {
    vars: BTreeMap<String, String>,
}

impl std::fmt::Debug for ProbeEnv {
    // Names only: values may be secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.vars.keys()).finish()
    }
}

impl ProbeEnv {
    /// The process environment (what `probe` reads by default: it runs where the component runs).
    pub fn from_process() -> Self {
        Self::from_pairs(std::env::vars())
    }

    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let vars = pairs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        ProbeEnv { vars }
    }

    /// Later values win (an `--env-file` over the process environment).
    pub fn overlay<K: Into<String>, V: Into<String>>(
        mut self,
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        for (k, v) in pairs {
            self.vars.insert(k.into(), v.into());
        }
        self
    }

    /// A set (present, non-empty) variable.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    pub fn is_set(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// `AWS_EC2_METADATA_DISABLED=true` (any case), as the AWS SDKs read it.
    pub fn metadata_disabled(&self) -> bool {
        self.get("AWS_EC2_METADATA_DISABLED")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_values_count_as_unset_and_overlay_wins() {
        let env = ProbeEnv::from_pairs([("A", ""), ("B", "1")]).overlay([("B", "2")]);
        assert_eq!(env.get("A"), None);
        assert_eq!(env.get("B"), Some("2"));
        assert_eq!(format!("{env:?}"), r#"{"A", "B"}"#);
    }

    #[test]
    fn metadata_disabled_is_case_insensitive_true_only() {
        assert!(ProbeEnv::from_pairs([("AWS_EC2_METADATA_DISABLED", "TRUE")]).metadata_disabled());
        assert!(!ProbeEnv::from_pairs([("AWS_EC2_METADATA_DISABLED", "1")]).metadata_disabled());
    }
}
