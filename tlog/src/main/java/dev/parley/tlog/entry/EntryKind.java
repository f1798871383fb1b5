package dev.parley.tlog.entry;

/**
 * What a log entry records: a stored object version, a deletion, a version of the agreement with a
 * peer, or an object version stored as received from a peer. A closed set; the byte is on the wire.
 */
public enum EntryKind {
  STORE((byte) 0x01),
  DELETE((byte) 0x02),
  AGREEMENT((byte) 0x03),
  RECEIVE((byte) 0x04);

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
