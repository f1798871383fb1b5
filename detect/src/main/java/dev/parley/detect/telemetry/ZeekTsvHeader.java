package dev.parley.detect.telemetry;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One header block of a Zeek TSV log (Zeek's ASCII writer): {@code #separator} (written with
 * {@code \xNN} escapes), {@code #set_separator}, {@code #empty_field}, {@code #unset_field},
 * {@code #path}, {@code #fields}, {@code #types}; {@code #open}/{@code #close} are read and ignored.
 * Values are never assumed: a log may set {@code (empty)} or {@code -} to anything.
 */
final class ZeekTsvHeader {
  String separator = "\t";
  private boolean separatorSet;
  /** The line of a {@code #separator} header that gave no separator (a tab stands in), or 0. */
  private long separatorEmptyAt;
  String setSeparator = ",";
  String emptyField = "(empty)";
  String unsetField = "-";
  String path;
  String[] fields;
  Map<String, Integer> index = Map.of();
  /** Why this block has no fields though a line named them, or null: said for the records that follow. */
  String unreadFields;

  /** Reads one header line ({@code #...}), line {@code number} of its input; false when it is not one this reader knows (a comment). */
  boolean read(String line, long number) {
    if (line.startsWith("#separator")) {
      String value = line.substring("#separator".length());
      if (value.startsWith(" ") || value.startsWith("\t")) value = value.substring(1);
      separator = unescape(value);
      separatorEmptyAt = separator.isEmpty() ? number : 0;
      if (separator.isEmpty()) separator = "\t";
      separatorSet = true;
      fields = null; // a new block starts
      unreadFields = null;
      return true;
    }
    int cut = line.indexOf(separator);
    String key = cut < 0 ? line : line.substring(0, cut);
    if (cut < 0 && line.startsWith("#fields")) {
      unreadFields = "its #fields header (line " + number + ") holds no " + separatorNamed();
    }
    String value = cut < 0 ? "" : line.substring(cut + separator.length());
    switch (key) {
      case "#set_separator" -> {
        setSeparator = unescape(value);
        if (setSeparator.isEmpty()) setSeparator = ","; // an empty one would split a set forever
      }
      case "#empty_field" -> emptyField = unescape(value);
      case "#unset_field" -> unsetField = unescape(value);
      case "#path" -> path = unescape(value);
      case "#fields" -> {
        unreadFields = null;
        fields = split(value, separator).toArray(String[]::new);
        Map<String, Integer> byName = new HashMap<>(fields.length * 2);
        for (int i = 0; i < fields.length; i++) {
          // a column named twice has no one value (Zeek never writes one; its JSON form keeps the last): the
          // block's records are malformed, said with this line, not read with either column (hostile run 12af)
          if (byName.putIfAbsent(fields[i], i) != null && unreadFields == null) {
            unreadFields = "its #fields header (line " + number + ") names " + fields[i] + " twice";
          }
        }
        if (unreadFields != null) fields = null;
        index = unreadFields != null ? Map.of() : byName;
      }
      case "#types", "#open", "#close" -> { }
      default -> {
        return false;
      }
    }
    return true;
  }

  /**
   * Header lines that make a new header equal to this one when read (a file resumed after its start):
   * under a tab separator the values that outlive a block (a block may leave one out), then this
   * block's separator (when a line set one) and its {@code #fields} line as read (split and joined
   * again it is the same).
   * Values are written with {@code \xNN} escapes where a character could cut or end a line.
   */
  String lines() {
    StringBuilder out = new StringBuilder(separatorSet ? "#separator \\x09\n" : ""); // else a tab already
    out.append("#set_separator\t").append(escape(setSeparator, false)).append('\n');
    out.append("#empty_field\t").append(escape(emptyField, false)).append('\n');
    out.append("#unset_field\t").append(escape(unsetField, false)).append('\n');
    if (path != null) out.append("#path\t").append(escape(path, false)).append('\n');
    if (separatorSet) out.append("#separator ").append(escape(separator, true)).append('\n');
    if (fields != null) {
      String line = "#fields" + separator + String.join(separator, fields);
      // a line reader drops one \r before the newline: a line read with one at its end had two
      out.append(line).append(line.endsWith("\r") ? "\r\n" : "\n");
    }
    return out.toString();
  }

  /** {@code text} with {@code \xNN} escapes for its blanks, controls and backslashes, or for every byte. */
  private static String escape(String text, boolean all) {
    StringBuilder out = new StringBuilder(text.length());
    if (all) {
      for (byte b : text.getBytes(StandardCharsets.UTF_8)) out.append(String.format("\\x%02x", b & 0xff));
      return out.toString();
    }
    text.codePoints().forEach(c -> {
      if (c <= ' ' || c == '\\' || c == 0x7f) out.append(String.format("\\x%02x", c));
      else out.appendCodePoint(c);
    });
    return out.toString();
  }

  /** The separator in force, named for a message: its bytes as Zeek writes them and where it comes from. */
  String separatorNamed() {
    if (separatorEmptyAt > 0) return "separator \\x09 (a tab: the #separator header at line " + separatorEmptyAt + " gives none)";
    return "separator " + escape(separator, true) + (separatorSet ? " (the header's #separator)" : " (a tab: no #separator line)");
  }

  /** The path named by this block's fields when the log names none (a guess from Zeek's field names). */
  String inferredPath() {
    return fields == null ? null : ZeekPaths.infer(Arrays.asList(fields)::contains);
  }

  static List<String> split(String text, String separator) {
    if (text.isEmpty()) return List.of("");
    List<String> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int at = text.indexOf(separator, from);
      if (at < 0) {
        out.add(text.substring(from));
        return out;
      }
      out.add(text.substring(from, at));
      from = at + separator.length();
    }
  }

  private static final Runnable SILENT = () -> { };

  /** Decodes Zeek's {@code \xNN} escapes; the bytes they make are read as UTF-8 (see {@link #unescape(String, Runnable)}). */
  static String unescape(String text) {
    return unescape(text, SILENT);
  }

  /**
   * Decodes Zeek's {@code \xNN} escapes; the bytes they make are read as UTF-8. Zeek writes as an
   * escape a byte of a value that is not printable text, so a value's bytes need not be UTF-8
   * ({@code \xff\xfe} in a query): bytes that are not are read as U+FFFD, the replacement
   * character, and {@code notUtf8} is told, once for the value, so that the replacement is not
   * silent. The value, and its record, are kept.
   */
  static String unescape(String text, Runnable notUtf8) {
    int slash = text.indexOf("\\x");
    if (slash < 0) return text;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    boolean high = false; // only an escaped byte over 0x7f can make bytes that are not UTF-8
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && i + 3 < text.length() && text.charAt(i + 1) == 'x'
          && Character.digit(text.charAt(i + 2), 16) >= 0 && Character.digit(text.charAt(i + 3), 16) >= 0) {
        int b = Character.digit(text.charAt(i + 2), 16) << 4 | Character.digit(text.charAt(i + 3), 16);
        high |= b >= 0x80;
        bytes.write(b);
        i += 4;
      } else {
        int cp = text.codePointAt(i);
        byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
        i += Character.charCount(cp);
      }
    }
    byte[] raw = bytes.toByteArray();
    if (high) {
      try {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw)).toString(); // reports what it cannot decode
      } catch (CharacterCodingException notUtf8Bytes) {
        notUtf8.run();
      }
    }
    return new String(raw, StandardCharsets.UTF_8);
  }

  /**
   * Whether {@code text[from, to)} holds a {@code \xNN} escape of a byte over 0x7f, the only kind
   * whose decoding can meet bytes that are not UTF-8: found with one scan for a backslash, which few
   * values hold.
   */
  static boolean highEscape(String text, int from, int to) {
    for (int i = text.indexOf('\\', from); i >= 0 && i + 3 < to; i = text.indexOf('\\', i + 1)) {
      if (text.charAt(i + 1) == 'x' && Character.digit(text.charAt(i + 2), 16) >= 8 && Character.digit(text.charAt(i + 3), 16) >= 0) {
        return true;
      }
    }
    return false;
  }
}
