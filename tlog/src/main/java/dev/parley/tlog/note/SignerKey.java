package dev.parley.tlog.note;

import dev.parley.tlog.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A private Ed25519 key that signs notes, written {@code PRIVATE+KEY+name+hex8+base64(type || seed)}
 * as in Go's golang.org/x/mod/sumdb/note. Thread-safe. Its {@code toString} never shows the key.
 */
public final class SignerKey {
  private static final String PREFIX = "PRIVATE+KEY+";

  private final VerifierKey verifierKey;
  private final byte[] seed;

  private SignerKey(String name, SignatureType type, byte[] seed) {
    if (seed.length != Ed25519.KEY_SIZE) {
      throw new MalformedInputException("signer key", "Ed25519 seeds are 32 bytes, got " + seed.length);
    }
    this.seed = seed.clone();
    this.verifierKey = VerifierKey.of(name, type, Ed25519.publicKey(seed));
  }

  /** A new random key that signs checkpoints as a log (type 0x01). */
  public static SignerKey generate(String name) {
    return new SignerKey(name, SignatureType.ED25519, Ed25519.newSeed());
  }

  /** A new random key that cosigns checkpoints as a witness (type 0x04). */
  public static SignerKey generateCosigner(String name) {
    return new SignerKey(name, SignatureType.COSIGNATURE_V1, Ed25519.newSeed());
  }

  /**
   * Parses {@code PRIVATE+KEY+name+hex8+base64(type || seed)}; the key hash must match.
   *
   * @throws MalformedInputException when the text is not such a key
   */
  public static SignerKey parse(String text) {
    if (!text.startsWith(PREFIX)) {
      throw new MalformedInputException("signer key", "must start with PRIVATE+KEY+");
    }
    String rest = text.substring(PREFIX.length());
    int first = rest.indexOf('+');
    int second = first < 0 ? -1 : rest.indexOf('+', first + 1);
    if (second < 0) {
      throw new MalformedInputException("signer key", "expected PRIVATE+KEY+name+hash+key");
    }
    int declared = VerifierKey.parseKeyId(rest.substring(first + 1, second));
    byte[] material = Base64s.decode("signer key", rest.substring(second + 1));
    if (material.length == 0 || SignatureType.of(material[0]) == null) {
      throw new MalformedInputException("signer key", "unsupported signature type");
    }
    SignerKey key = new SignerKey(rest.substring(0, first), SignatureType.of(material[0]),
        Arrays.copyOfRange(material, 1, material.length));
    if (key.verifierKey.keyId() != declared) {
      throw new MalformedInputException("signer key", "key hash does not match the key");
    }
    return key;
  }

  /** The text form; treat it as a secret. */
  public String encode() {
    return PREFIX + verifierKey.name() + "+" + KeyNames.hex(verifierKey.keyId()) + "+"
        + Base64s.encode(KeyNames.concat(new byte[] {verifierKey.type().id()}, seed));
  }

  public VerifierKey verifierKey() {
    return verifierKey;
  }

  public String name() {
    return verifierKey.name();
  }

  /** An Ed25519 note signature of {@code text} (type 0x01 keys only). */
  public NoteSignature sign(String text) {
    if (verifierKey.type() != SignatureType.ED25519) {
      throw new IllegalStateException("a cosigner key signs with cosign(text, timestamp)");
    }
    byte[] signature = Ed25519.sign(seed, verifierKey.publicKey(), text.getBytes(StandardCharsets.UTF_8));
    return new NoteSignature(name(), verifierKey.keyId(), signature);
  }

  /** A timestamped cosignature v1 of a checkpoint's note text (type 0x04 keys only). */
  public NoteSignature cosign(String text, long timestamp) {
    if (verifierKey.type() != SignatureType.COSIGNATURE_V1) {
      throw new IllegalStateException("a log key signs with sign(text)");
    }
    byte[] message = Cosignatures.message(text, timestamp);
    byte[] signature = KeyNames.concat(Cosignatures.timestampBytes(timestamp), Ed25519.sign(seed, verifierKey.publicKey(), message));
    return new NoteSignature(name(), verifierKey.keyId(), signature);
  }

  @Override
  public String toString() {
    return "SignerKey[" + verifierKey.encode() + "]";
  }
}
