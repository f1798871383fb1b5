package dev.parley.store.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Builds rows in PostgreSQL's binary COPY format and sends them in one {@code COPY ... FROM STDIN
 * (FORMAT binary)}: the cheapest bulk insert, used by the object store and the log. The server
 * reads binary fields without parsing text (timestamps and byte strings were most of its COPY time
 * in text form), and nothing needs escaping. Not thread-safe.
 *
 * <p>Format: PostgreSQL documentation, "COPY", section "Binary Format": an 11-byte signature, a
 * 32-bit flags field and a 32-bit header-extension length; per row a 16-bit field count, then per
 * field a 32-bit length (-1 for NULL) and the value in the type's binary send format; a 16-bit -1
 * trailer.
 */
public final class CopyBinary {
  private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
  /** Microseconds from 1970-01-01 to 2000-01-01, PostgreSQL's timestamp epoch. */
  private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
  /** The type oid of {@code text}, which a binary array names for its elements. */
  private static final int TEXT_OID = 25;

  private byte[] buf;
  private int len;

  public CopyBinary() {
    this(1 << 16);
  }

  /** A builder with room for about {@code capacity} bytes. */
  public CopyBinary(int capacity) {
    buf = new byte[Math.max(capacity, 64)];
    System.arraycopy(HEADER, 0, buf, 0, HEADER.length);
    len = HEADER.length;
  }

  /** Starts a row of {@code fields} fields. */
  public CopyBinary row(int fields) {
    room(2);
    putShort(fields);
    return this;
  }

  /** A {@code bigint}. */
  public CopyBinary int8(long v) {
    room(12);
    putInt(8);
    putLong(v);
    return this;
  }

  /** An {@code integer}. */
  public CopyBinary int4(int v) {
    room(8);
    putInt(4);
    putInt(v);
    return this;
  }

  /** A null of any type. */
  public CopyBinary nil() {
    room(4);
    putInt(-1);
    return this;
  }

  /** A {@code smallint}. */
  public CopyBinary int2(int v) {
    room(6);
    putInt(2);
    putShort(v);
    return this;
  }

  /** A {@code boolean}. */
  public CopyBinary bool(boolean v) {
    room(5);
    putInt(1);
    buf[len++] = (byte) (v ? 1 : 0);
    return this;
  }

  /** A {@code uuid}. */
  public CopyBinary uuid(UUID v) {
    room(20);
    putInt(16);
    putLong(v.getMostSignificantBits());
    putLong(v.getLeastSignificantBits());
    return this;
  }

  /** A {@code timestamptz} at microsecond precision (finer digits are dropped). */
  public CopyBinary timestamp(Instant t) {
    long micros = Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    return int8(micros - PG_EPOCH_MICROS);
  }

  /** The {@code timestamptz} value {@code -infinity}. */
  public CopyBinary minusInfinity() {
    return int8(Long.MIN_VALUE);
  }

  /** A {@code text} value, or NULL. */
  public CopyBinary text(String s) {
    if (s == null) return nul();
    int n = s.length();
    room(4 + 3 * n);
    int at = len;
    len += 4;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        buf[len++] = (byte) c;
      } else {
        // rare: let the JDK encode the rest (surrogate pairs included)
        byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
        room(rest.length);
        System.arraycopy(rest, 0, buf, len, rest.length);
        len += rest.length;
        break;
      }
    }
    setInt(at, len - at - 4);
    return this;
  }

  /** A {@code text} value given as UTF-8 bytes, or a {@code bytea}. */
  public CopyBinary bytes(byte[] b) {
    if (b == null) return nul();
    room(4 + b.length);
    putInt(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  /** A one-dimensional {@code text[]} without nulls (PostgreSQL's array send format). */
  public CopyBinary textArray(List<String> values) {
    int at = len;
    room(4 + 20);
    putInt(0); // the length, set below
    putInt(values.isEmpty() ? 0 : 1); // dimensions
    putInt(0); // no null elements
    putInt(TEXT_OID);
    if (!values.isEmpty()) {
      putInt(values.size());
      putInt(1); // the lower bound
    }
    for (String v : values) text(v);
    setInt(at, len - at - 4);
    return this;
  }

  /** A {@code bytea} from part of an array. */
  public CopyBinary bytes(byte[] b, int from, int to) {
    room(4 + to - from);
    putInt(to - from);
    System.arraycopy(b, from, buf, len, to - from);
    len += to - from;
    return this;
  }

  public CopyBinary nul() {
    room(4);
    putInt(-1);
    return this;
  }

  /** Sends the rows with {@code copySql}, which must end in {@code from stdin (format binary)}; returns the rows the server took. */
  public long send(Connection c, String copySql) throws SQLException {
    room(2);
    putShort(-1);
    CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
    try {
      in.writeToCopy(buf, 0, len);
      return in.endCopy();
    } finally {
      if (in.isActive()) in.cancelCopy();
      len -= 2; // the trailer goes again with the next send
    }
  }

  private void room(int n) {
    if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
  }

  private void putShort(int v) {
    buf[len++] = (byte) (v >> 8);
    buf[len++] = (byte) v;
  }

  private void putInt(int v) {
    buf[len++] = (byte) (v >> 24);
    buf[len++] = (byte) (v >> 16);
    buf[len++] = (byte) (v >> 8);
    buf[len++] = (byte) v;
  }

  private void setInt(int at, int v) {
    buf[at] = (byte) (v >> 24);
    buf[at + 1] = (byte) (v >> 16);
    buf[at + 2] = (byte) (v >> 8);
    buf[at + 3] = (byte) v;
  }

  private void putLong(long v) {
    putInt((int) (v >> 32));
    putInt((int) v);
  }
}
