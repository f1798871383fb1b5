package dev.parley.tlog.note;

import dev.parley.tlog.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A public key that verifies note signatures, written {@code name+hex8+base64(type || key)} as in
 * c2sp.org/signed-note and Go's golang.org/x/mod/sumdb/note. Immutable and thread-safe; a final class
 * rather than a record because a record would hand out its key array.
 */
public final class VerifierKey {
  private final String name;
  private final int keyId;
  private final SignatureType type;
  private final byte[] publicKey;

  private VerifierKey(String name, SignatureType type, byte[] publicKey) {
    this.name = KeyNames.check(name);
    this.type = Objects.requireNonNull(type, "type");
    if (publicKey.length != Ed25519.KEY_SIZE) {
      throw new MalformedInputException("verifier key", "Ed25519 keys are 32 bytes, got " + publicKey.length);
    }
    this.publicKey = publicKey.clone();
    this.keyId = KeyNames.keyId(name, type.id(), publicKey);
  }

  /** A log's Ed25519 key (type 0x01). */
  public static VerifierKey ed25519(String name, byte[] publicKey) {
    return new VerifierKey(name, SignatureType.ED25519, publicKey);
  }

  /** A witness's Ed25519 cosignature v1 key (type 0x04). */
  public static VerifierKey cosigner(String name, byte[] publicKey) {
    return new VerifierKey(name, SignatureType.COSIGNATURE_V1, publicKey);
  }

  static VerifierKey of(String name, SignatureType type, byte[] publicKey) {
    return new VerifierKey(name, type, publicKey);
  }

  /**
   * Parses {@code name+hex8+base64(type || key)}; the key ID must match the one computed.
   *
   * @throws MalformedInputException when the text is not such a key of a supported type
   */
  public static VerifierKey parse(String text) {
    int first = text.indexOf('+');
    int second = first < 0 ? -1 : text.indexOf('+', first + 1);
    if (second < 0) {
      throw new MalformedInputException("verifier key", "expected name+hash+key");
    }
    String name = text.substring(0, first);
    int declared = parseKeyId(text.substring(first + 1, second));
    byte[] material = Base64s.decode("verifier key", text.substring(second + 1));
    if (material.length == 0 || SignatureType.of(material[0]) == null) {
      throw new MalformedInputException("verifier key", "unsupported signature type");
    }
    VerifierKey key = new VerifierKey(name, SignatureType.of(material[0]), Arrays.copyOfRange(material, 1, material.length));
    if (key.keyId != declared) {
      throw new MalformedInputException("verifier key", "key hash does not match the key");
    }
    return key;
  }

  static int parseKeyId(String hex) {
    if (hex.length() != 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new MalformedInputException("key", "key hash must be 8 hex digits: " + hex);
    }
    return (int) Long.parseLong(hex, 16);
  }

  /** The text form {@code name+hex8+base64(type || key)}. */
  public String encode() {
    return name + "+" + KeyNames.hex(keyId) + "+" + Base64s.encode(KeyNames.concat(new byte[] {type.id()}, publicKey));
  }

  public String name() {
    return name;
  }

  public int keyId() {
    return keyId;
  }

  public SignatureType type() {
    return type;
  }

  /** A copy of the raw 32-byte public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** Whether {@code signature} (without its 4-byte key ID) is a valid signature of {@code text} by this key. */
  public boolean verify(String text, byte[] signature) {
    return switch (type) {
      case ED25519 -> Ed25519.verify(publicKey, text.getBytes(StandardCharsets.UTF_8), signature);
      case COSIGNATURE_V1 -> Cosignatures.verify(publicKey, text, signature);
    };
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifierKey that
        && name.equals(that.name) && type == that.type && Arrays.equals(publicKey, that.publicKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, Arrays.hashCode(publicKey));
  }

  @Override
  public String toString() {
    return encode();
  }

  static String hexOf(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
