package com.hdcsearch.online;

import java.nio.charset.StandardCharsets;

/**
 * A salted 64-bit string hash that is the same in every JVM and release (unlike {@link String#hashCode}, whose 32 bits
 * are also too few and too regular to split on): FNV-1a over the UTF-8 bytes, then MurmurHash3's 64-bit finaliser,
 * because FNV-1a alone leaves the high bits of short strings poorly mixed and the split reads the high bits.
 */
final class StableHash {
  private static final long FNV_OFFSET_BASIS = 0xcbf2_9ce4_8422_2325L;
  private static final long FNV_PRIME = 0x0000_0100_0000_01b3L;
  private static final long FMIX_C1 = 0xff51_afd7_ed55_8ccdL;
  private static final long FMIX_C2 = 0xc4ce_b9fe_1a85_ec53L;
  /** 2^-53: turns the top 53 bits into a double in [0, 1). */
  private static final double UNIT = 0x1.0p-53;

  private StableHash() {}

  /** The salted hash of {@code text}. */
  static long of(String text, long salt) {
    long h = FNV_OFFSET_BASIS ^ fmix(salt);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return fmix(h);
  }

  /** The hash mapped to [0, 1), uniform for distinct texts. */
  static double unit(String text, long salt) {
    return (of(text, salt) >>> 11) * UNIT;
  }

  /** MurmurHash3's 64-bit finaliser: a bijective mix, for deriving seeds from (seed, counter). */
  static long fmix(long k) {
    k ^= k >>> 33;
    k *= FMIX_C1;
    k ^= k >>> 33;
    k *= FMIX_C2;
    k ^= k >>> 33;
    return k;
  }
}
