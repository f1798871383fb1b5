package dev.parley.tlog.note;

import java.util.Arrays;
import java.util.Objects;

/**
 * One signature line of a signed note: {@code — <name> base64(keyId || signature)}.
 *
 * @param signature the signature bytes after the 4-byte key ID (copied in and out)
 */
public record NoteSignature(String keyName, int keyId, byte[] signature) {
  public NoteSignature {
    KeyNames.check(keyName);
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The line as written in a note, with its final newline. */
  public String line() {
    return "\u2014 " + keyName + " " + Base64s.encode(KeyNames.concat(KeyNames.idBytes(keyId), signature)) + "\n";
  }

  /** Whether this signature names {@code key} by both name and ID. */
  public boolean isFrom(VerifierKey key) {
    return keyName.equals(key.name()) && keyId == key.keyId();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NoteSignature that
        && keyName.equals(that.keyName) && keyId == that.keyId && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyName, keyId, Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return line().strip();
  }
}
