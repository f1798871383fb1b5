package dev.parley.tlog.entry;

/** What a log entry records: a stored object version or a deletion. A closed set; the byte is on the wire. */
public enum EntryKind {
  STORE((byte) 0x01),
  DELETE((byte) 0x02);

  private final byte code;

  EntryKind(byte code) {
    this.code = code;
  }

  /** The kind byte of the entry format (ENTRY-FORMAT.md). */
  public byte code() {
    return code;
  }

  static EntryKind of(byte code) {
    for (EntryKind kind : values()) {
      if (kind.code == code) {
        return kind;
      }
    }
    return null;
  }
}
