package dev.parley.detect.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Compressed telemetry. A hostile run (issue 12, finding 15): {@code parley detect --telemetry
 * conn.log.gz} exited 0 with "malformed: 1" and no hint that the file was compressed.
 */
class CompressionsTest {
  private static final String CONN = "{\"_path\":\"conn\",\"ts\":1700000000.0,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.1\","
      + "\"id.orig_p\":5000,\"id.resp_h\":\"198.51.100.7\",\"id.resp_p\":443,\"proto\":\"tcp\"}\n";

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static String text(byte[] input) throws IOException {
    try (InputStream in = Compressions.decompressed(new ByteArrayInputStream(input))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void decompressed_gzipAndConcatenatedMembers_theirText() throws IOException {
    assertThat(text(gzip(CONN))).isEqualTo(CONN);
    byte[] one = gzip("a\n");
    byte[] two = gzip("b\n");
    byte[] both = Arrays.copyOf(one, one.length + two.length); // cat a.gz b.gz
    System.arraycopy(two, 0, both, one.length, two.length);
    assertThat(text(both)).isEqualTo("a\nb\n");
  }

  @Test
  void decompressed_textShortOrEmpty_passesUnchanged() throws IOException {
    assertThat(text(CONN.getBytes(StandardCharsets.UTF_8))).isEqualTo(CONN);
    assertThat(text("{}".getBytes(StandardCharsets.UTF_8))).isEqualTo("{}");
    assertThat(text(new byte[0])).isEmpty();
  }

  /** bzip2 ("BZh" and a block size), xz, zstd (RFC 8878 §3.1.1) and lz4 frames are refused by name. */
  @Test
  void decompressed_otherCompression_refusedByName() {
    String[][] cases = {{"425a683931415926", "bzip2"}, {"fd377a585a000004", "xz"}, {"28b52ffd2400", "zstd"}, {"04224d186440", "lz4"}};
    for (String[] c : cases) {
      assertThatThrownBy(() -> text(HexFormat.of().parseHex(c[0])))
          .isInstanceOf(Compressions.CompressedTelemetryException.class)
          .hasMessage(c[1] + " compressed data, which is not read (gzip is): decompress it first")
          .satisfies(e -> assertThat(((Compressions.CompressedTelemetryException) e).compression()).isEqualTo(c[1]));
    }
    assertThat(Compressions.of("BZx".getBytes(StandardCharsets.US_ASCII))).isEmpty();
  }

  @Test
  void decompressed_truncatedGzip_saysSo() throws IOException {
    byte[] whole = gzip(CONN.repeat(100));
    assertThatThrownBy(() -> text(Arrays.copyOf(whole, whole.length / 2))).isInstanceOf(IOException.class)
        .hasMessageStartingWith("gzip data truncated or damaged");
    assertThatThrownBy(() -> text(Arrays.copyOf(whole, 5))).isInstanceOf(IOException.class)
        .hasMessageStartingWith("gzip data truncated or damaged");
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }

  /**
   * A last member cut anywhere, inside its header too, or bytes after the data that begin no member,
   * are refused (a hostile run: a second member cut inside its header was dropped, exit 0, as the
   * JDK's reader ends quietly there); zero padding after the data is read as gzip(1) reads it; a
   * damaged CRC-32 is refused.
   */
  @Test
  void decompressed_lastMemberCutOrTrailingBytes_refused_zeroPaddingRead() throws IOException {
    byte[] one = gzip(CONN);
    byte[] two = gzip(CONN.replace("C1", "C2").repeat(50));
    for (int cut : new int[] {1, 2, 5, 9, 12, 19, two.length / 2, two.length - 4, two.length - 1}) {
      assertThatThrownBy(() -> text(concat(one, Arrays.copyOf(two, cut)))).as("cut at %d", cut).isInstanceOf(IOException.class)
          .hasMessageStartingWith("gzip data truncated or damaged");
    }
    assertThatThrownBy(() -> text(concat(one, "garbage".getBytes(StandardCharsets.US_ASCII)))).isInstanceOf(IOException.class)
        .hasMessageContaining("not another member");
    assertThat(text(concat(one, new byte[512]))).isEqualTo(CONN);
    byte[] flipped = one.clone();
    flipped[flipped.length - 6] ^= 1; // inside the CRC-32
    assertThatThrownBy(() -> text(flipped)).isInstanceOf(IOException.class).hasMessageContaining("CRC-32");
  }

  /**
   * HTTP's content codings (RFC 9110 §8.4.1): gzip read strictly, a body that is not gzip at all
   * named so; deflate is zlib (RFC 1950), and zlib cut short, damaged or followed by more bytes is
   * refused, where the JDK's stream would end quietly at the end of the data.
   */
  @Test
  void codings_gzipAndZlib_readStrictly() throws IOException {
    assertThat(new String(Compressions.gzip(new ByteArrayInputStream(gzip(CONN))).readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(CONN);
    assertThat(Compressions.gzip(new ByteArrayInputStream(new byte[0])).readAllBytes()).isEmpty();
    assertThatThrownBy(() -> Compressions.gzip(new ByteArrayInputStream(CONN.getBytes(StandardCharsets.UTF_8))).readAllBytes())
        .isInstanceOf(Compressions.DamagedDataException.class).hasMessageContaining("does not begin with gzip's magic number");
    Deflater deflater = new Deflater();
    deflater.setInput(CONN.repeat(20).getBytes(StandardCharsets.UTF_8));
    deflater.finish();
    byte[] zlib = new byte[8192];
    zlib = Arrays.copyOf(zlib, deflater.deflate(zlib));
    assertThat(new String(Compressions.zlib(new ByteArrayInputStream(zlib)).readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(CONN.repeat(20));
    for (int cut : new int[] {0, 1, 2, zlib.length / 2, zlib.length - 1}) {
      byte[] part = Arrays.copyOf(zlib, cut);
      assertThatThrownBy(() -> Compressions.zlib(new ByteArrayInputStream(part)).readAllBytes()).as("cut at %d", cut)
          .isInstanceOf(Compressions.DamagedDataException.class).hasMessageStartingWith("zlib data truncated or damaged");
    }
    byte[] trailing = concat(zlib, "more".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> Compressions.zlib(new ByteArrayInputStream(trailing)).readAllBytes())
        .isInstanceOf(Compressions.DamagedDataException.class).hasMessageContaining("bytes after the zlib data");
    byte[] flipped = zlib.clone();
    flipped[flipped.length - 1] ^= 1; // inside the Adler-32
    assertThatThrownBy(() -> Compressions.zlib(new ByteArrayInputStream(flipped)).readAllBytes())
        .isInstanceOf(Compressions.DamagedDataException.class);
  }

  /**
   * Raw deflate (RFC 1951) under HTTP's "deflate" coding, as some clients send it, is read too: told
   * from zlib by its first two bytes, which are no zlib header. Cut short or followed by more bytes,
   * it is refused as zlib is, named "deflate".
   */
  @Test
  void codings_rawDeflateUnderDeflate_readAndRefusedWhenDamaged() throws IOException {
    for (int level : new int[] {0, 1, 6, 9}) {
      Deflater deflater = new Deflater(level, true);
      deflater.setInput(CONN.repeat(20).getBytes(StandardCharsets.UTF_8));
      deflater.finish();
      byte[] raw = new byte[1 << 16];
      raw = Arrays.copyOf(raw, deflater.deflate(raw));
      deflater.end();
      assertThat(new String(Compressions.zlib(new ByteArrayInputStream(raw)).readAllBytes(), StandardCharsets.UTF_8))
          .as("level %d", level).isEqualTo(CONN.repeat(20));
      byte[] part = Arrays.copyOf(raw, raw.length / 2);
      assertThatThrownBy(() -> Compressions.zlib(new ByteArrayInputStream(part)).readAllBytes()).as("level %d, cut", level)
          .isInstanceOf(Compressions.DamagedDataException.class).hasMessageStartingWith("deflate data truncated or damaged");
      byte[] trailing = concat(raw, "more".getBytes(StandardCharsets.US_ASCII));
      assertThatThrownBy(() -> Compressions.zlib(new ByteArrayInputStream(trailing)).readAllBytes()).as("level %d, trailing", level)
          .isInstanceOf(Compressions.DamagedDataException.class).hasMessageContaining("bytes after the deflate data");
    }
  }

  /**
   * Text in UTF-16 or UTF-32 (PowerShell's Out-File writes UTF-16LE), with or without a byte order
   * mark, is refused whole, by its encoding: read as UTF-8 its first record counted and every other
   * line was malformed, blamed on the JSON (a hostile run). UTF-8, with or without its mark, is read.
   */
  @Test
  void decompressed_utf16And32_refusedByName_utf8Read() throws IOException {
    for (String charset : new String[] {"UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32", "UTF-32LE", "UTF-32BE"}) {
      byte[] wide = CONN.getBytes(Charset.forName(charset));
      assertThatThrownBy(() -> text(wide)).as(charset).isInstanceOf(Compressions.CompressedTelemetryException.class)
          .hasMessageContaining(" text, which is not read (telemetry is UTF-8)").hasMessageStartingWith("UTF-");
    }
    assertThat(text(CONN.getBytes(StandardCharsets.UTF_8))).isEqualTo(CONN);
    byte[] marked = concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, CONN.getBytes(StandardCharsets.UTF_8));
    assertThat(text(marked)).endsWith(CONN);
  }

  /** A gzip member written by hand: {@code flags}, a header CRC when FHCRC is set ({@code headerCrc}), raw deflate data, trailer. */
  private static byte[] member(int flags, Integer headerCrc) {
    byte[] text = CONN.getBytes(StandardCharsets.UTF_8);
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(text);
    deflater.finish();
    byte[] data = new byte[4096];
    data = Arrays.copyOf(data, deflater.deflate(data));
    byte[] head = {0x1f, (byte) 0x8b, 8, (byte) flags, 0, 0, 0, 0, 0, (byte) 0xff};
    CRC32 crc = new CRC32();
    crc.update(head);
    byte[] hcrc = new byte[0];
    if ((flags & 2) != 0) {
      int value = headerCrc != null ? headerCrc : (int) (crc.getValue() & 0xffff);
      hcrc = new byte[] {(byte) value, (byte) (value >> 8)};
    }
    crc.reset();
    crc.update(text);
    long c = crc.getValue();
    byte[] trailer = {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24), (byte) text.length, (byte) (text.length >> 8), 0, 0};
    return concat(head, hcrc, data, trailer);
  }

  /**
   * RFC 1952 §2.3.1: a header CRC (FHCRC) is checked, and a reserved flag is an error ("a compliant
   * decompressor must give an error indication if any reserved bit is non-zero"); a hostile run's
   * members with a wrong header CRC or flag 0x20 were read and stored (12z).
   */
  @Test
  void decompressed_headerCrcChecked_reservedFlagsRefused() throws IOException {
    assertThat(text(member(0, null))).isEqualTo(CONN);
    assertThat(text(member(2, null))).isEqualTo(CONN);
    assertThatThrownBy(() -> text(member(2, 0x1234))).isInstanceOf(IOException.class).hasMessageContaining("header CRC");
    for (int reserved : new int[] {0x20, 0x40, 0x80}) {
      assertThatThrownBy(() -> text(member(reserved, null))).isInstanceOf(IOException.class).hasMessageContaining("reserved flags");
    }
  }

  /** zlib and zip data are refused by name, as bzip2 is, not read as a malformed line (hostile run 12z). */
  @Test
  void decompressed_zlibAndZip_refusedByName() throws IOException {
    Deflater deflater = new Deflater();
    deflater.setInput(CONN.getBytes(StandardCharsets.UTF_8));
    deflater.finish();
    byte[] zlib = new byte[4096];
    zlib = Arrays.copyOf(zlib, deflater.deflate(zlib));
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      z.putNextEntry(new ZipEntry("conn.log"));
      z.write(CONN.getBytes(StandardCharsets.UTF_8));
    }
    for (byte[] packed : List.of(zlib, zip.toByteArray())) {
      assertThatThrownBy(() -> text(packed)).isInstanceOf(Compressions.CompressedTelemetryException.class)
          .hasMessageContaining("compressed data, which is not read (gzip is)");
    }
  }

  /** Every format reads the decompressed text: a gzip Zeek JSON log gives its record. */
  @Test
  void decompressed_gzipZeekLog_readAsItsRecords() throws IOException {
    try (TelemetryReader reader = TelemetryFormat.ZEEK.open(Compressions.decompressed(new ByteArrayInputStream(gzip(CONN))), "conn.log.gz")) {
      assertThat(Items.observations(Items.readAll(reader))).hasSize(1);
    }
  }
}
