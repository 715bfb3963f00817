//! CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum both
//! Xpress9 (block headers) and ESE (the Xpress9/Xpress10 output checksum, which
//! ESE computes with the SSE4.2 `crc32` instruction or the same table) use.
//!
//! Owns nothing persisted by itself; what must hold: `crc32c(b"123456789")` is
//! 0xE3069283, the standard check value.

/// The byte-at-a-time lookup table, built at compile time.
const TABLE: [u32; 256] = build_table();

const fn build_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0x82F6_3B78
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
}

/// The CRC-32C of `data` (initial value and final xor 0xFFFFFFFF).
pub(crate) fn crc32c(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc = (crc >> 8) ^ TABLE[((crc ^ u32::from(b)) & 0xFF) as usize];
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32c_check_value_matches_standard() {
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
        assert_eq!(TABLE[1], 0xF26B_8303);
    }
}
