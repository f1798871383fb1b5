package dev.parley.store.status;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;

/** Status details sent with one COPY (a 10,000-object request has 10,000 of them). */
final class StatusCopy {
  private final String statusId;
  private final StringBuilder out = new StringBuilder();
  private int ord;

  StatusCopy(UUID statusId) {
    this.statusId = statusId.toString();
  }

  void add(int kind, List<StatusDetail> details) {
    for (StatusDetail d : details) {
      out.append(statusId).append('\t').append(ord++).append('\t').append(kind).append('\t');
      text(d.id());
      out.append('\t');
      text(d.version());
      out.append('\t');
      text(d.message());
      out.append('\n');
    }
  }

  private void text(String s) {
    if (s == null) {
      out.append("\\N");
      return;
    }
    out.append(s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"));
  }

  void send(Connection c) throws SQLException {
    if (ord == 0) return;
    try {
      c.unwrap(PGConnection.class).getCopyAPI().copyIn(
          "copy status_detail (status_id, ord, kind, stix_id, version, message) from stdin", new StringReader(out.toString()));
    } catch (IOException e) {
      throw new SQLException("COPY failed: " + e.getMessage(), e);
    }
  }
}
