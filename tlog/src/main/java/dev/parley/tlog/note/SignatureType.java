package dev.parley.tlog.note;

/** The signature types of C2SP signed-note that Parley supports; other types are ignored as unknown. */
public enum SignatureType {
  /** Ed25519 over the note text, type byte 0x01. */
  ED25519((byte) 0x01),
  /** Timestamped Ed25519 cosignature v1 (c2sp.org/tlog-cosignature), type byte 0x04. */
  COSIGNATURE_V1((byte) 0x04);

  private final byte id;

  SignatureType(byte id) {
    this.id = id;
  }

  /** The type identifier byte. */
  public byte id() {
    return id;
  }

  static SignatureType of(byte id) {
    for (SignatureType type : values()) {
      if (type.id == id) {
        return type;
      }
    }
    return null;
  }
}
