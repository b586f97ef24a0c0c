//! The values of `site.yaml` that are read from their text: a time zone (an offset
//! or a zone of China) and the site's address (`base_url`, with its sub-path).

/// Minutes east of UTC of a `timezone` value: an offset (`+08:00`, `UTC+8`,
/// `GMT-05:30`) or a zone of China (`Asia/Shanghai`, `Asia/Urumqi`, …).
pub fn parse_utc_offset(raw: &str) -> Option<i32> {
    let t = raw.trim();
    let named = match t {
        "Asia/Shanghai" | "Asia/Chongqing" | "Asia/Chungking" | "Asia/Harbin" | "PRC"
        | "Asia/Hong_Kong" | "Asia/Macau" | "Asia/Taipei" => Some(480),
        "Asia/Urumqi" | "Asia/Kashgar" => Some(360),
        "UTC" | "GMT" | "Z" => Some(0),
        _ => None,
    };
    if named.is_some() {
        return named;
    }
    let rest = t
        .strip_prefix("UTC")
        .or_else(|| t.strip_prefix("GMT"))
        .unwrap_or(t);
    let (sign, rest) = match rest.chars().next()? {
        '+' => (1, &rest[1..]),
        '-' => (-1, &rest[1..]),
        _ => return None,
    };
    let (h, m) = match rest.split_once(':') {
        Some((h, m)) => (h, m),
        None if rest.len() == 4 => rest.split_at(2),
        None => (rest, "0"),
    };
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    ((0..=14).contains(&h) && (0..60).contains(&m)).then_some(sign * (h * 60 + m))
}

/// Splits `https://host/sub/` into the normalised URL and its path `/sub/`.
pub fn parse_base_url(raw: &str) -> Result<(String, String), String> {
    let raw = raw.trim();
    let rest = raw
        .strip_prefix("https://")
        .or_else(|| raw.strip_prefix("http://"))
        .ok_or_else(|| format!("`{raw}` must start with https:// or http://"))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(format!("`{raw}` has no host name"));
    }
    if host.contains('@') {
        return Err(format!(
            "`{raw}` holds a user name or password, which every page would show"
        ));
    }
    if path.contains(['?', '#', ' ']) {
        return Err(format!(
            "`{raw}` must not contain a query, fragment or spaces"
        ));
    }
    // Characters that a URL may not hold as they are, and that pages, the sitemap and
    // robots.txt would then carry unescaped.
    if raw.contains(|c: char| c.is_control() || "<>\"'`{}|\\^".contains(c)) {
        return Err(format!(
            "`{raw}` holds characters a web address cannot (< > \" ' ` {{ }} | \\ ^)"
        ));
    }
    if path.split('/').any(|seg| seg == "." || seg == "..") {
        return Err(format!(
            "`{raw}` has a `.` or `..` in its path: write the path the site is served under"
        ));
    }
    // A path with Chinese characters (`/信用/`) is written percent-encoded, as a web
    // address must be (the sitemap protocol requires it; pages' own names are
    // encoded the same way).
    // (Control characters are refused above; escapes already written are kept.)
    let mut path =
        percent_encoding::utf8_percent_encode(path, percent_encoding::CONTROLS).to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    let scheme = &raw[..raw.len() - rest.len()];
    Ok((format!("{scheme}{host}{path}"), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_sub_path_is_percent_encoded() {
        assert_eq!(
            parse_base_url("https://example.gov.cn/信用/").unwrap(),
            (
                "https://example.gov.cn/%E4%BF%A1%E7%94%A8/".to_string(),
                "/%E4%BF%A1%E7%94%A8/".to_string()
            )
        );
        assert_eq!(
            parse_base_url("https://example.gov.cn/a%20b").unwrap().1,
            "/a%20b/"
        );
    }

    #[test]
    fn time_zones_are_offsets_or_chinese_zones() {
        assert_eq!(parse_utc_offset("+08:00"), Some(480));
        assert_eq!(parse_utc_offset("UTC+8"), Some(480));
        assert_eq!(parse_utc_offset("GMT-05:30"), Some(-330));
        assert_eq!(parse_utc_offset("+0545"), Some(345));
        assert_eq!(parse_utc_offset("Asia/Shanghai"), Some(480));
        assert_eq!(parse_utc_offset("Asia/Urumqi"), Some(360));
        assert_eq!(parse_utc_offset("Europe/Paris"), None);
        assert_eq!(parse_utc_offset("+25:00"), None);
    }

    #[test]
    fn base_url_sub_path_is_normalised() {
        assert_eq!(
            parse_base_url("https://www.gangcheng.gov.cn/xyjt").unwrap(),
            ("https://www.gangcheng.gov.cn/xyjt/".into(), "/xyjt/".into())
        );
        assert_eq!(parse_base_url("http://localhost:1111").unwrap().1, "/");
        assert!(parse_base_url("www.example.com/").is_err());
        for bad in [
            "https://user:pw@x.gov.cn/",
            "https://x.gov.cn/a<b>/",
            "https://x.gov.cn/\"x\"/",
            "https://x.gov.cn/a/../b/",
            "https://x.gov.cn/./",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
        assert!(parse_base_url("https://x.gov.cn/a.b/xyjt-1_2/").is_ok());
    }
}
