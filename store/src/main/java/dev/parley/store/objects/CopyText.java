package dev.parley.store.objects;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/** Builds rows in PostgreSQL's COPY text format and sends them in one COPY ... FROM STDIN. */
final class CopyText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out = new StringBuilder(1 << 16);
  private boolean rowStarted;

  CopyText text(String s) {
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

  CopyText number(long n) {
    sep();
    out.append(n);
    return this;
  }

  CopyText bytes(byte[] b) {
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

  CopyText endRow() {
    out.append('\n');
    rowStarted = false;
    return this;
  }

  private void sep() {
    if (rowStarted) out.append('\t');
    rowStarted = true;
  }

  long send(Connection c, String copySql) throws SQLException {
    try {
      return c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql, new StringReader(out.toString()));
    } catch (IOException e) {
      throw new SQLException("COPY failed: " + e.getMessage(), e);
    }
  }
}
