package dev.parley.node.taxii;

import dev.parley.store.objects.VersionFilter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The binary form of a {@link Cursor} (format 2), before it is sealed: a format byte, the endpoint,
 * the collection's 16 bytes, then varints and length-prefixed strings, fields in a fixed order.
 * STIX ids in canonical form take their type and 16 bytes. {@link #decode} is total: bytes that are
 * not a cursor give {@link IllegalArgumentException}, never another exception or a partial cursor.
 */
final class CursorCodec {
  static final int FORMAT = 2;
  private static final int HAS_ADDED_AFTER = 1, HAS_OBJECT = 2;
  private static final int ALL = 1, FIRST = 2, LAST = 4;

  private CursorCodec() {}

  static byte[] encode(Cursor cursor) {
    PageRequest r = cursor.request();
    Out out = new Out();
    out.write(FORMAT);
    out.write(r.kind().ordinal());
    out.uuid(r.collection());
    out.varint(cursor.afterSeq());
    out.varint(r.limit());
    out.write((r.addedAfter() != null ? HAS_ADDED_AFTER : 0) | (r.object() != null ? HAS_OBJECT : 0));
    if (r.addedAfter() != null) out.instant(r.addedAfter());
    if (r.object() != null) out.stixId(r.object());
    out.varint(r.ids().size());
    for (String id : r.ids()) out.stixId(id);
    out.strings(r.types());
    VersionFilter v = r.versions();
    out.write((v.all() ? ALL : 0) | (v.first() ? FIRST : 0) | (v.last() ? LAST : 0));
    out.varint(v.exact().size());
    for (Instant t : v.exact()) out.instant(t);
    out.strings(r.specVersions());
    return out.toByteArray();
  }

  static Cursor decode(byte[] bytes) {
    In in = new In(bytes);
    if (in.read() != FORMAT) throw new IllegalArgumentException("format");
    int kind = in.read();
    if (kind >= PageRequest.Kind.values().length) throw new IllegalArgumentException("kind");
    UUID collection = in.uuid();
    long afterSeq = in.varint();
    long limit = in.varint();
    if (limit < 1 || limit > Integer.MAX_VALUE) throw new IllegalArgumentException("limit");
    int present = in.read();
    if ((present & ~(HAS_ADDED_AFTER | HAS_OBJECT)) != 0) throw new IllegalArgumentException("flags");
    Instant addedAfter = (present & HAS_ADDED_AFTER) != 0 ? in.instant() : null;
    String object = (present & HAS_OBJECT) != 0 ? in.stixId() : null;
    int idCount = in.count();
    List<String> ids = new ArrayList<>(idCount);
    for (int i = 0; i < idCount; i++) ids.add(in.stixId());
    List<String> types = in.strings();
    int flags = in.read();
    if ((flags & ~(ALL | FIRST | LAST)) != 0) throw new IllegalArgumentException("version flags");
    int exactCount = in.count();
    List<Instant> exact = new ArrayList<>(exactCount);
    for (int i = 0; i < exactCount; i++) exact.add(in.instant());
    List<String> specVersions = in.strings();
    if (!in.atEnd()) throw new IllegalArgumentException("trailing bytes");
    // the records' own checks (an empty version filter, an object id on the wrong endpoint) throw IllegalArgumentException too
    VersionFilter versions = new VersionFilter((flags & ALL) != 0, (flags & FIRST) != 0, (flags & LAST) != 0, exact);
    PageRequest request = new PageRequest(PageRequest.Kind.values()[kind], collection, object, addedAfter, (int) limit,
        ids, types, versions, specVersions);
    return new Cursor(request, afterSeq);
  }

  private static final class Out extends ByteArrayOutputStream {
    void varint(long v) {
      while ((v & ~0x7FL) != 0) {
        write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      write((int) v);
    }

    void uuid(UUID u) {
      long[] halves = {u.getMostSignificantBits(), u.getLeastSignificantBits()};
      for (long h : halves) {
        for (int i = 56; i >= 0; i -= 8) write((int) (h >>> i));
      }
    }

    void instant(Instant t) {
      varint((t.getEpochSecond() << 1) ^ (t.getEpochSecond() >> 63)); // zigzag: years before 1970 stay short
      varint(t.getNano());
    }

    void string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      varint(b.length);
      write(b, 0, b.length);
    }

    void strings(List<String> list) {
      varint(list.size());
      for (String s : list) string(s);
    }

    /** A canonical {@code type--uuid} as its type and 16 bytes (a low bit of 1 on the length); any other as text. */
    void stixId(String id) {
      int sep = id.indexOf("--");
      String type = sep < 0 ? null : id.substring(0, sep);
      UUID uuid = null;
      if (type != null) {
        try {
          uuid = UUID.fromString(id.substring(sep + 2));
        } catch (IllegalArgumentException e) {
          uuid = null;
        }
      }
      if (uuid != null && uuid.toString().equals(id.substring(sep + 2))) {
        byte[] t = type.getBytes(StandardCharsets.UTF_8);
        varint(((long) t.length << 1) | 1);
        write(t, 0, t.length);
        uuid(uuid);
      } else {
        byte[] b = id.getBytes(StandardCharsets.UTF_8);
        varint((long) b.length << 1);
        write(b, 0, b.length);
      }
    }
  }

  private static final class In {
    private final byte[] b;
    private int at;

    In(byte[] b) {
      this.b = b;
    }

    boolean atEnd() {
      return at == b.length;
    }

    int read() {
      if (at >= b.length) throw new IllegalArgumentException("truncated");
      return b[at++] & 0xFF;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int x = read();
        v |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          if (v < 0) throw new IllegalArgumentException("varint beyond a long");
          return v;
        }
      }
      throw new IllegalArgumentException("varint too long");
    }

    /** A count of items that each take at least one byte: never more than the bytes left. */
    int count() {
      long n = varint();
      if (n > b.length - at) throw new IllegalArgumentException("count");
      return (int) n;
    }

    UUID uuid() {
      long[] halves = new long[2];
      for (int h = 0; h < 2; h++) {
        for (int i = 0; i < 8; i++) halves[h] = (halves[h] << 8) | read();
      }
      return new UUID(halves[0], halves[1]);
    }

    Instant instant() {
      long zigzag = varint();
      long seconds = (zigzag >>> 1) ^ -(zigzag & 1);
      long nanos = varint();
      if (nanos > 999_999_999) throw new IllegalArgumentException("nanos");
      try {
        return Instant.ofEpochSecond(seconds, nanos);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("instant", e);
      }
    }

    private String text(int length) {
      if (length > b.length - at) throw new IllegalArgumentException("string");
      String s = new String(b, at, length, StandardCharsets.UTF_8);
      at += length;
      return s;
    }

    String string() {
      return text(count());
    }

    List<String> strings() {
      int n = count();
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) out.add(string());
      return out;
    }

    String stixId() {
      long header = varint();
      if (header > 2L * (b.length - at) + 1) throw new IllegalArgumentException("id");
      int length = (int) (header >>> 1);
      if ((header & 1) == 0) return text(length);
      String type = text(length);
      return type + "--" + uuid();
    }
  }
}
