package dev.parley.store.internal;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/**
 * Builds rows in PostgreSQL's COPY text format and sends them in one {@code COPY ... FROM STDIN}: the
 * cheapest bulk insert, used by the object store and the log. Not thread-safe.
 */
public final class CopyText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out;
  private boolean rowStarted;

  public CopyText() {
    this(1 << 16);
  }

  /** A builder with room for about {@code capacity} characters. */
  public CopyText(int capacity) {
    out = new StringBuilder(capacity);
  }

  public CopyText text(String s) {
    sep();
    if (s == null) {
      out.append("\\N");
      return this;
    }
    int plain = 0;
    while (plain < s.length() && !special(s.charAt(plain))) plain++;
    out.append(s, 0, plain); // most values need no escape: copy them in one piece
    for (int i = plain; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return this;
  }

  private static boolean special(char c) {
    return c == '\\' || c == '\n' || c == '\r' || c == '\t';
  }

  public CopyText number(long n) {
    sep();
    out.append(n);
    return this;
  }

  public CopyText bytes(byte[] b) {
    sep();
    out.append("\\\\x");
    char[] hex = new char[2 * b.length];
    for (int i = 0; i < b.length; i++) {
      hex[2 * i] = HEX[(b[i] >> 4) & 15];
      hex[2 * i + 1] = HEX[b[i] & 15];
    }
    out.append(hex);
    return this;
  }

  public CopyText endRow() {
    out.append('\n');
    rowStarted = false;
    return this;
  }

  private void sep() {
    if (rowStarted) out.append('\t');
    rowStarted = true;
  }

  public long send(Connection c, String copySql) throws SQLException {
    try {
      return c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql, new StringReader(out.toString()));
    } catch (IOException e) {
      throw new SQLException("COPY failed: " + e.getMessage(), e);
    }
  }
}
