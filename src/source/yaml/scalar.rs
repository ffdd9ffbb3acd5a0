//! How the router's goccy/go-yaml types a plain scalar (its `token.New`): YAML 1.2
//! booleans and nulls only, and goccy's own number scanner (`getNumberStat`), which differs
//! from the YAML 1.2 core schema in places: `1e3` (an exponent without a dot) is a string,
//! a leading `0` means octal (`012` is 10), `+` is allowed in front.

use super::ScalarValue;

pub(super) fn resolve_plain(text: &str) -> ScalarValue {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarValue::Null,
        "true" | "True" | "TRUE" => return ScalarValue::Bool(true),
        "false" | "False" | "FALSE" => return ScalarValue::Bool(false),
        ".inf" | ".Inf" | ".INF" => return ScalarValue::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return ScalarValue::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return ScalarValue::Float(f64::NAN),
        _ => {}
    }
    number(text).unwrap_or_else(|| ScalarValue::String(text.to_owned()))
}

/// goccy's number shapes; `None` when `text` is not one (or does not fit).
fn number(text: &str) -> Option<ScalarValue> {
    if matches!(text, "-" | "." | "+" | "_") || text.starts_with('_') {
        return None;
    }
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let digits = |s: &str, radix: u32| -> Option<i128> {
        let clean: String = s.chars().filter(|&c| c != '_').collect();
        if clean.is_empty() || s.starts_with('_') {
            return None;
        }
        let v = i128::from_str_radix(&clean, radix).ok()?;
        Some(if negative { -v } else { v })
    };
    if let Some(hex) = unsigned.strip_prefix("0x") {
        return digits(hex, 16).map(ScalarValue::Int);
    }
    if let Some(oct) = unsigned.strip_prefix("0o") {
        return digits(oct, 8).map(ScalarValue::Int);
    }
    if let Some(bin) = unsigned.strip_prefix("0b") {
        return digits(bin, 2).map(ScalarValue::Int);
    }
    if unsigned.contains('.') {
        return float(unsigned, negative);
    }
    if !unsigned.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        return None;
    }
    // goccy reads a leading 0 as octal. `09` is not octal: goccy 1.9.5 then gives 0, which
    // the router's newer goccy is not known to repeat; we keep the text (a string).
    let radix = if unsigned.len() > 1 && unsigned.starts_with('0') {
        8
    } else {
        10
    };
    digits(unsigned, radix).map(ScalarValue::Int)
}

/// A float: digits with one dot, optionally `e`/`E` and a signed exponent after the dot.
fn float(unsigned: &str, negative: bool) -> Option<ScalarValue> {
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let mantissa_ok = mantissa.bytes().filter(|&b| b == b'.').count() == 1
        && mantissa
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'_')
        && mantissa.bytes().any(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    if !mantissa_ok || !exponent_ok {
        return None;
    }
    let clean: String = unsigned.chars().filter(|&c| c != '_').collect();
    let v: f64 = clean.parse().ok()?;
    Some(ScalarValue::Float(if negative { -v } else { v }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_and_nulls_are_yaml_1_2() {
        assert_eq!(resolve_plain("True"), ScalarValue::Bool(true));
        assert_eq!(resolve_plain("FALSE"), ScalarValue::Bool(false));
        for s in ["yes", "on", "no", "off", "y", "tRUE"] {
            assert_eq!(resolve_plain(s), ScalarValue::String(s.to_owned()), "{s}");
        }
        for s in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(resolve_plain(s), ScalarValue::Null, "{s}");
        }
        assert_eq!(resolve_plain("nULL"), ScalarValue::String("nULL".into()));
    }

    #[test]
    fn numbers_as_goccy_reads_them() {
        // Values from the goccy-yaml oracle on examples/goccy-numbers.yaml.
        assert_eq!(resolve_plain("0x1F"), ScalarValue::Int(31));
        assert_eq!(resolve_plain("012"), ScalarValue::Int(10));
        assert_eq!(resolve_plain("0o12"), ScalarValue::Int(10));
        assert_eq!(resolve_plain("0b101"), ScalarValue::Int(5));
        assert_eq!(resolve_plain("1_000"), ScalarValue::Int(1000));
        assert_eq!(resolve_plain("-42"), ScalarValue::Int(-42));
        assert_eq!(resolve_plain("1.0"), ScalarValue::Float(1.0));
        assert_eq!(resolve_plain("1.0e3"), ScalarValue::Float(1000.0));
        assert_eq!(resolve_plain("1e3"), ScalarValue::String("1e3".into()));
        assert_eq!(
            resolve_plain("18446744073709551615"),
            ScalarValue::Int(18_446_744_073_709_551_615)
        );
        assert_eq!(
            resolve_plain("-.inf"),
            ScalarValue::Float(f64::NEG_INFINITY)
        );
        assert!(matches!(resolve_plain(".nan"), ScalarValue::Float(f) if f.is_nan()));
        assert_eq!(resolve_plain("1.2.3"), ScalarValue::String("1.2.3".into()));
        assert_eq!(resolve_plain("9000"), ScalarValue::Int(9000));
        assert_eq!(
            resolve_plain("minio:9000"),
            ScalarValue::String("minio:9000".into())
        );
    }
}
