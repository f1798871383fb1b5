package dev.parley.node.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.store.objects.VersionFilter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Cursors carry the request they continue, sealed with HMAC-SHA256: what is sealed opens equal, and
 * anything this key did not seal as it is (forged, edited, truncated, from another key, from the
 * older format) is a 400, never another query and never another exception. Seeds are fixed and printed.
 */
class CursorsTest {
  private static final long SEED = 0x7A_2111L;
  private final Cursors cursors = new Cursors(key(1));

  private static byte[] key(int fill) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) fill);
    return k;
  }

  @Test
  void open_sealedRandomRequests_equalsWhatWasSealed() {
    System.out.println("CursorsTest seed " + SEED);
    Random random = new Random(SEED);
    for (int i = 0; i < 5_000; i++) {
      Cursor c = randomCursor(random);
      assertThat(cursors.open(cursors.seal(c))).as("seed %d, cursor %d", SEED, i).isEqualTo(c);
    }
  }

  @Test
  void open_everyByteEdited_400() {
    String sealed = cursors.seal(elastic());
    byte[] raw = Base64.getUrlDecoder().decode(sealed);
    for (int i = 0; i < raw.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] edited = raw.clone();
        edited[i] ^= (byte) (1 << bit);
        assertRefused(Base64.getUrlEncoder().withoutPadding().encodeToString(edited));
      }
    }
  }

  @Test
  void open_everyTruncationAndExtension_400() {
    String sealed = cursors.seal(elastic());
    for (int n = 0; n < sealed.length(); n++) assertRefused(sealed.substring(0, n));
    assertRefused(sealed + "A");
    assertRefused(sealed + "AA");
  }

  @Test
  void open_otherKey_400() {
    assertRefused(new Cursors(key(2)).seal(elastic()));
  }

  @Test
  void open_randomText_400NeverAnotherException() {
    Random random = new Random(SEED);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/%. ";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int n = random.nextInt(120); n > 0; n--) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      assertRefused(b.toString());
    }
  }

  @Test
  void open_olderFormatCursor_400SaysStartAgain() {
    String old = Base64.getUrlEncoder().withoutPadding().encodeToString("p1.12345".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> cursors.open(old)).isInstanceOfSatisfying(TaxiiError.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.getMessage()).isEqualTo("this cursor is from an older version; start again from the first page");
    });
  }

  @Test
  void seal_elasticPollersRequest_short() {
    // objects, match[type]=indicator, added_after, limit: small enough for any URL
    assertThat(cursors.seal(elastic())).hasSizeLessThan(100).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void decode_randomBytes_illegalArgumentOrCursorNeverAnotherException() {
    Random random = new Random(SEED);
    for (int i = 0; i < 50_000; i++) {
      byte[] b = new byte[random.nextInt(80)];
      random.nextBytes(b);
      if (b.length > 0 && random.nextBoolean()) b[0] = CursorCodec.FORMAT;
      try {
        CursorCodec.decode(b);
      } catch (IllegalArgumentException expected) {
        // not a cursor: refused
      }
    }
  }

  private void assertRefused(String next) {
    assertThatThrownBy(() -> cursors.open(next)).as(next)
        .isInstanceOfSatisfying(TaxiiError.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  private static Cursor elastic() {
    PageRequest r = new PageRequest(PageRequest.Kind.OBJECTS, UUID.randomUUID(), null, Instant.parse("2024-05-01T10:11:12.123456Z"),
        100, List.of(), List.of("indicator"), VersionFilter.LAST, List.of());
    return new Cursor(r, 123_456);
  }

  private static Cursor randomCursor(Random random) {
    PageRequest.Kind kind = PageRequest.Kind.values()[random.nextInt(4)];
    boolean withObject = kind == PageRequest.Kind.OBJECT || kind == PageRequest.Kind.VERSIONS;
    List<String> ids = new ArrayList<>();
    for (int n = random.nextInt(3); n > 0; n--) ids.add(randomId(random));
    List<String> types = new ArrayList<>();
    for (int n = random.nextInt(3); n > 0; n--) types.add(List.of("indicator", "malware", "x-custom-ü", "a").get(random.nextInt(4)));
    List<Instant> exact = new ArrayList<>();
    for (int n = random.nextInt(3); n > 0; n--) exact.add(randomInstant(random));
    VersionFilter versions = random.nextInt(5) == 0 ? VersionFilter.ALL
        : new VersionFilter(false, random.nextBoolean(), exact.isEmpty() || random.nextBoolean(), exact);
    List<String> specs = random.nextBoolean() ? List.of() : List.of("2.1", "2.0").subList(0, 1 + random.nextInt(2));
    PageRequest r = new PageRequest(kind, new UUID(random.nextLong(), random.nextLong()), withObject ? randomId(random) : null,
        random.nextBoolean() ? randomInstant(random) : null, 1 + random.nextInt(random.nextBoolean() ? 100 : Integer.MAX_VALUE),
        ids, types, versions, specs);
    long seq = random.nextBoolean() ? random.nextInt(1000) : random.nextLong() & Long.MAX_VALUE;
    return new Cursor(r, seq);
  }

  /** Canonical ids mostly; upper-case and odd ones (which Params also lets through) as text. */
  private static String randomId(Random random) {
    String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
    return switch (random.nextInt(4)) {
      case 0 -> "indicator--" + uuid.toUpperCase();
      case 1 -> "x-a--b--" + uuid;
      default -> "indicator--" + uuid;
    };
  }

  private static Instant randomInstant(Random random) {
    return Instant.ofEpochSecond(random.nextLong() % 100_000_000_000L, random.nextInt(1_000_000_000));
  }
}
