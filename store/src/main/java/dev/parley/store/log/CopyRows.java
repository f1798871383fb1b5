package dev.parley.store.log;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/** Rows in PostgreSQL's COPY text format, sent in one {@code COPY ... FROM STDIN}: the cheapest bulk insert. */
final class CopyRows {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private final StringBuilder out;
  private boolean rowStarted;

  CopyRows(int rows, int bytesPerRow) {
    out = new StringBuilder(rows * bytesPerRow);
  }

  /** Text without tab, newline, carriage return or backslash (ids, timestamps, UUIDs); others escaped. */
  CopyRows text(String s) {
    sep();
    for (int i = 0; i < s.length(); i++) {
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

  CopyRows number(long n) {
    sep();
    out.append(n);
    return this;
  }

  CopyRows bytes(byte[] b) {
    sep();
    out.append("\\\\x");
    for (byte x : b) out.append(HEX[(x >> 4) & 15]).append(HEX[x & 15]);
    return this;
  }

  CopyRows endRow() {
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
