package dev.parley.detect.telemetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A TSV record's fields, located once and decoded on demand; a value whose escapes are not UTF-8 is
 * told to {@code notUtf8} as it is decoded ({@link ZeekTsvHeader#unescape(String, Runnable)}).
 */
final class ZeekTsvRecord implements ZeekFields {
  private final Runnable notUtf8;
  private String line;
  private ZeekTsvHeader header;
  private int[] starts = new int[64];
  private int[] ends = new int[64];
  int count;

  ZeekTsvRecord(Runnable notUtf8) {
    this.notUtf8 = notUtf8;
  }

  boolean split(String line, ZeekTsvHeader header) {
    this.line = line;
    this.header = header;
    String sep = header.separator;
    count = 0;
    int from = 0;
    while (true) {
      int at = sep.length() == 1 ? line.indexOf(sep.charAt(0), from) : line.indexOf(sep, from);
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
        ends = Arrays.copyOf(ends, count * 2);
      }
      starts[count] = from;
      ends[count] = at < 0 ? line.length() : at;
      count++;
      if (at < 0) break;
      from = at + sep.length();
    }
    return count == header.fields.length;
  }

  private final String[] cachedNames = new String[64];
  private final int[] cachedIndexes = new int[64];

  /** Forgets the field indexes looked up under the last header. */
  void forget() {
    Arrays.fill(cachedNames, null);
  }

  /**
   * The index of a field, or -1: the header's map, remembered by the name's identity (mappings
   * ask by constant names, a dozen a record) in a small open-addressing table.
   */
  int index(String name) {
    int mask = cachedNames.length - 1;
    for (int i = name.hashCode() & mask, tries = 0; tries <= mask; i = (i + 1) & mask, tries++) {
      String cached = cachedNames[i];
      if (cached == name) return cachedIndexes[i];
      if (cached == null) {
        Integer at = header.index.get(name);
        cachedNames[i] = name;
        cachedIndexes[i] = at == null ? -1 : at;
        return cachedIndexes[i];
      }
    }
    Integer at = header.index.get(name);
    return at == null ? -1 : at;
  }

  /** The record's line; field {@code i} is {@code line()[start(i), end(i))}, as written (escapes undecoded). */
  String line() {
    return line;
  }

  int start(int i) {
    return starts[i];
  }

  int end(int i) {
    return ends[i];
  }

  /** Whether the record holds an escape of a byte over 0x7f anywhere ({@link ZeekTsvHeader#highEscape}). */
  boolean highEscape() {
    return ZeekTsvHeader.highEscape(line, 0, line.length());
  }

  /** True when field {@code i}, as {@link #text} and {@link #texts} read it, holds nothing: unset, empty or "". */
  boolean blank(int i) {
    return starts[i] == ends[i] || is(i, header.unsetField) || is(i, header.emptyField);
  }

  /** The separator of a set's elements. */
  String setSeparator() {
    return header.setSeparator;
  }

  private boolean is(int i, String marker) {
    return ends[i] - starts[i] == marker.length() && line.startsWith(marker, starts[i]);
  }

  private String raw(String name) {
    int i = index(name);
    if (i < 0) return null;
    String value = line.substring(starts[i], ends[i]);
    return value.equals(header.unsetField) ? null : value;
  }

  @Override
  public String text(String name) {
    String raw = raw(name);
    if (raw == null) return null;
    if (raw.equals(header.emptyField)) return "";
    return ZeekTsvHeader.unescape(raw, notUtf8);
  }

  @Override
  public List<String> texts(String name) {
    String raw = raw(name);
    if (raw == null || raw.equals(header.emptyField) || raw.isEmpty()) return List.of();
    List<String> parts = ZeekTsvHeader.split(raw, header.setSeparator);
    List<String> out = new ArrayList<>(parts.size());
    for (String p : parts) out.add(ZeekTsvHeader.unescape(p, notUtf8));
    return out;
  }
}
