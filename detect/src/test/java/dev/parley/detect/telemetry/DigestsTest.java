package dev.parley.detect.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Record ids are MurmurHash3 x64 128 digests (README-detect.md, "Records and observations"): they
 * are kept in the database as counted keys, so they never change from one build to the next.
 */
class DigestsTest {
  private static String hex(String text, long seed) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return Digests.hex128(b, 0, b.length, seed);
  }

  @Test
  void hex128_theReferenceDigests_andTheIdsOfEarlierBuilds() {
    // the published test value of MurmurHash3_x64_128 (seed 0)
    assertThat(hex("The quick brown fox jumps over the lazy dog", 0)).isEqualTo("e34bbc7bbc071b6c7a433ca9c49a9347");
    assertThat(hex("", 0)).isEqualTo("00000000000000000000000000000000");
    // each length of tail, and the seed records are digested with: as every build before wrote them
    assertThat(hex("a", 0x5eed)).isEqualTo("e9c87a5f67d0b15cc8545200c8578b0b");
    assertThat(hex("0123456789abcde", 0x5eed)).isEqualTo("c076e803e7d688edc9a04f5b257bfb98");
    assertThat(hex("0123456789abcdef", 0x5eed)).isEqualTo("570a6a772e6924327acf492345791420");
    assertThat(hex("0123456789abcdef0", 0x5eed)).isEqualTo("eb6b40a2b0863c0a67c2ed920b1115cc");
    assertThat(Digests.seed("{\"event_type\":\"flow\",\"src_ip\":\"10.0.0.1\"}")).isEqualTo(-1634980957L);
  }

  @Test
  void of_isTheDigestOfTheTextsUtf16LittleEndianBytes_seededRandom() {
    Random random = new Random(12);
    long[] into = new long[2];
    for (int i = 0; i < 2000; i++) {
      StringBuilder text = new StringBuilder();
      int n = random.nextInt(100);
      for (int j = 0; j < n; j++) {
        // no lone surrogates: the encoder would write them as '?', which the digest of the code units does not
        char c = (char) (random.nextBoolean() ? 'a' + random.nextInt(26) : random.nextInt(0x10000));
        text.append(Character.isSurrogate(c) ? 'z' : c);
      }
      long seed = random.nextLong();
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_16LE);
      Digests.of(text, seed, into);
      String viaBytes = Digests.hex128(bytes, 0, bytes.length, seed);
      assertThat(HexFormat.of().toHexDigits(into[0]) + HexFormat.of().toHexDigits(into[1])).isEqualTo(viaBytes);
    }
  }
}
