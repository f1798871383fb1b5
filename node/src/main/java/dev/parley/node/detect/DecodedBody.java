package dev.parley.node.detect;

import dev.parley.detect.telemetry.Compressions;
import dev.parley.ingest.CountingInputStream;
import dev.parley.node.taxii.TaxiiError;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text of a telemetry body sent with a content coding (RFC 9110 §8.4): {@code gzip} (or
 * {@code x-gzip}, §8.4.1.3) or {@code deflate} (zlib, §8.4.1.2), as log shippers send it. The text
 * may be at most {@link #RATIO} times the bytes received, past a first {@link #ALLOWANCE}: a small
 * body must not make the node read far more than its size (a gzip body of a megabyte can hold a
 * gigabyte of newlines), while JSON logs compress some ten to thirty times.
 */
final class DecodedBody {
  static final int RATIO = 100;
  static final long ALLOWANCE = 1 << 20;

  private DecodedBody() {}

  /** Compressed data whose text grew past its bound: a request refused whole (413), a file not read further. */
  static final class TooExpanded extends IOException {
    TooExpanded(String coding, long received) {
      super("the " + coding + " data expands to more than " + RATIO + " times the " + received + " bytes read (past a first "
          + ALLOWANCE + " bytes of text)");
    }
  }

  /**
   * The text of {@code body} under the codings of the {@code Content-Encoding} header (null or
   * identity: the body as it is); 415 for a coding not read here, or for more than one.
   */
  static InputStream of(InputStream body, String header) {
    List<String> codings = new ArrayList<>();
    if (header != null) {
      for (String c : header.split(",")) {
        String coding = c.trim().toLowerCase(Locale.ROOT);
        if (!coding.isEmpty() && !coding.equals("identity")) codings.add(coding);
      }
    }
    if (codings.isEmpty()) return body;
    if (codings.size() > 1) {
      throw TaxiiError.of(415, "Unsupported media type", "telemetry is sent with one content coding at most, not " + header.trim());
    }
    String coding = codings.get(0);
    Decoder decoder = switch (coding) {
      case "gzip", "x-gzip" -> Compressions::gzip;
      case "deflate" -> Compressions::zlib;
      default -> throw TaxiiError.of(415, "Unsupported media type", "telemetry is sent without a content coding or with gzip or"
          + " deflate, not " + coding);
    };
    try {
      return bounded(body, decoder, coding);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens the text of compressed data. */
  interface Decoder {
    InputStream open(InputStream compressed) throws IOException;
  }

  /**
   * The text {@code decoder} reads from {@code compressed}, failing with {@link TooExpanded} once it
   * is larger than {@link #RATIO} times the bytes read past {@link #ALLOWANCE}: a request's body, or a
   * followed file's compressed rotation (hostile run 12z: a 2 MB rotation held 2 GiB of newlines,
   * read for 36 s).
   */
  static InputStream bounded(InputStream compressed, Decoder decoder, String compression) throws IOException {
    CountingInputStream received = new CountingInputStream(compressed);
    return new Bounded(decoder.open(received), received, compression);
  }

  /** The text, which fails once it is larger than its bound. */
  private static final class Bounded extends FilterInputStream {
    private final CountingInputStream received;
    private final String coding;
    private long text;

    Bounded(InputStream text, CountingInputStream received, String coding) {
      super(text);
      this.received = received;
      this.coding = coding;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) grew(1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) grew(n);
      return n;
    }

    private void grew(int n) throws TooExpanded {
      text += n;
      if (text > ALLOWANCE + RATIO * received.count()) throw new TooExpanded(coding, received.count());
    }
  }
}
