//! The four-part documentation of every rule, printed by `cosmo-s3 explain CODE`.
