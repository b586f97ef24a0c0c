//! A small, stable, non-cryptographic hash (FNV-1a, 64 bit) for record ids and
//! content-addressed file names. Stable across runs and platforms, unlike `std`'s.

pub fn fnv1a64(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // Separator so that ("ab","c") and ("a","bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// 16 lowercase hex characters.
pub fn hex_id(parts: &[&[u8]]) -> String {
    format!("{:016x}", fnv1a64(parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_separated() {
        assert_eq!(hex_id(&[b"a"]), hex_id(&[b"a"]));
        assert_ne!(hex_id(&[b"ab", b"c"]), hex_id(&[b"a", b"bc"]));
        assert_eq!(hex_id(&[]).len(), 16);
    }
}
