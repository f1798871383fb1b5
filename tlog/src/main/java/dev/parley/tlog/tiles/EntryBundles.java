package dev.parley.tlog.tiles;

import dev.parley.tlog.MalformedInputException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Entry bundles of tlog-tiles: each entry as a big-endian uint16 length followed by its bytes. */
public final class EntryBundles {
  /** The largest entry a bundle can carry. */
  public static final int MAX_ENTRY = 0xFFFF;

  private EntryBundles() {}

  /** Encodes up to 256 entries. */
  public static byte[] encode(List<byte[]> entries) {
    if (entries.isEmpty() || entries.size() > TilePath.FULL_WIDTH) {
      throw new IllegalArgumentException("a bundle holds 1 to 256 entries, not " + entries.size());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] entry : entries) {
      if (entry.length > MAX_ENTRY) {
        throw new IllegalArgumentException("entry of " + entry.length + " bytes exceeds 65535");
      }
      out.write(entry.length >>> 8);
      out.write(entry.length & 0xFF);
      out.write(entry, 0, entry.length);
    }
    return out.toByteArray();
  }

  /**
   * Decodes a bundle.
   *
   * @throws MalformedInputException when a length runs past the end or the bundle holds over 256
   */
  public static List<byte[]> decode(byte[] bundle) {
    List<byte[]> entries = new ArrayList<>();
    int at = 0;
    while (at < bundle.length) {
      if (bundle.length - at < 2) {
        throw new MalformedInputException("entry bundle", "truncated length at byte " + at);
      }
      int length = (bundle[at] & 0xFF) << 8 | bundle[at + 1] & 0xFF;
      at += 2;
      if (bundle.length - at < length) {
        throw new MalformedInputException("entry bundle", "entry at byte " + (at - 2) + " runs past the end");
      }
      entries.add(Arrays.copyOfRange(bundle, at, at + length));
      at += length;
      if (entries.size() > TilePath.FULL_WIDTH) {
        throw new MalformedInputException("entry bundle", "more than 256 entries");
      }
    }
    return entries;
  }
}
