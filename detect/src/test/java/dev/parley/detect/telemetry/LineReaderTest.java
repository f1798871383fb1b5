package dev.parley.detect.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Lines found eight bytes at a time are the lines a byte-by-byte split finds: seeded random bytes
 * (newlines, carriage returns, bytes above 0x7f, bytes one off a newline) read through a stream
 * that returns random short reads, so that lines cross the buffer's refills.
 */
class LineReaderTest {

  @Test
  void next_randomBytesAndShortReads_linesOfABytewiseSplit() throws IOException {
    for (long seed = 1; seed <= 300; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      byte[] data = new byte[r.nextInt(200_000)];
      byte[] alphabet = {'\n', '\r', 'a', 0x0b, 0x09, (byte) 0x8a, (byte) 0xff, 0x00, '\t', '1'};
      int newlineEvery = 1 + r.nextInt(400);
      for (int i = 0; i < data.length; i++) {
        data[i] = r.nextInt(newlineEvery) == 0 ? (byte) '\n' : alphabet[1 + r.nextInt(alphabet.length - 1)];
      }
      LineReader lines = new LineReader(shortReads(data, r));
      List<String> got = new ArrayList<>();
      while (lines.next()) got.add(Arrays.toString(Arrays.copyOfRange(lines.buffer(), lines.offset(), lines.offset() + lines.length())));
      assertThat(got).as("seed %d", seed).isEqualTo(bytewise(data));
    }
  }

  private static List<String> bytewise(byte[] data) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= data.length; i++) {
      if (i < data.length && data[i] != '\n') continue;
      if (i == data.length && start == data.length) break;
      int end = i > start && data[i - 1] == '\r' ? i - 1 : i;
      if (out.isEmpty() && end - start >= 3 && (data[0] & 0xff) == 0xEF && (data[1] & 0xff) == 0xBB && (data[2] & 0xff) == 0xBF) start += 3;
      out.add(Arrays.toString(Arrays.copyOfRange(data, start, end)));
      start = i + 1;
    }
    return out;
  }

  private static InputStream shortReads(byte[] data, SplittableRandom r) {
    return new ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1 + r.nextInt(5000)));
      }
    };
  }
}
