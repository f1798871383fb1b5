package dev.parley.store.witness;

import dev.parley.store.PrivateFiles;
import dev.parley.store.log.LogException;
import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.note.SignatureType;
import dev.parley.tlog.note.SignerKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node's witness key (c2sp.org/tlog-cosignature, Ed25519 cosignature/v1) in a file next to the
 * log key, readable by its owner only. A key of its own, because tlog-cosignature forbids using one
 * key for two purposes; named {@code <node name>/witness}.
 */
public final class WitnessKeys {
  /** The key file's name in a node's data folder. */
  public static final String FILE = "witness.key";

  private WitnessKeys() {}

  /** The witness key name of the node named {@code node}. */
  public static String name(String node) {
    return node + "/witness";
  }

  /**
   * Reads the key at {@code file}, or makes one there (mode 0600) for the node {@code node}.
   *
   * @throws LogException when it cannot be read or written, or is not a cosigner key
   */
  public static SignerKey loadOrCreate(Path file, String node) {
    if (!Files.exists(file)) {
      SignerKey key = SignerKey.generateCosigner(name(node));
      try {
        PrivateFiles.create(file, key.encode());
        return key;
      } catch (FileAlreadyExistsException e) {
        // another process made it first: read theirs
      } catch (IOException e) {
        throw new LogException("cannot write the witness key " + file + ": " + e.getMessage(), e);
      }
    }
    return load(file);
  }

  /**
   * Reads the key at {@code file}.
   *
   * @throws LogException when it cannot be read or is not a cosigner key
   */
  public static SignerKey load(Path file) {
    SignerKey key;
    try {
      key = SignerKey.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new LogException("cannot read the witness key " + file + ": " + e.getMessage(), e);
    } catch (MalformedInputException e) {
      throw new LogException(file + " is not a witness key: " + e.getMessage(), e);
    }
    if (key.verifierKey().type() != SignatureType.COSIGNATURE_V1) {
      throw new LogException(file + " is not a witness key (cosignature/v1, type 0x04)");
    }
    return key;
  }
}
