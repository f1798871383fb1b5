package dev.parley.store.objects;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/** Builds rows in PostgreSQL's COPY text format and sends them in one COPY ... FROM STDIN. */
final class CopyText {
  private final StringBuilder out = new StringBuilder(1 << 16);
  private boolean rowStarted;

  CopyText text(String s) {
    sep();
    if (s == null) {
      out.append("\\N");
      return this;
    }
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

  CopyText number(long n) {
    sep();
    out.append(n);
    return this;
  }

  CopyText bytes(byte[] b) {
    sep();
    out.append("\\\\x");
    for (byte x : b) out.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
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
