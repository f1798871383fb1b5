package dev.parley.store.log;

import dev.parley.store.PrivateFiles;
import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.note.SignerKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The log's Ed25519 signing key in a file, in note format ({@code PRIVATE+KEY+name+hex8+base64}),
 * readable by its owner only. The key name is the log's origin, the node's name.
 */
public final class LogKeys {
  /** The key file's name in a node's data folder. */
  public static final String FILE = "log.key";

  private LogKeys() {}

  /**
   * Reads the key at {@code file}, or generates one named {@code name} there (mode 0600) when the
   * file does not exist.
   *
   * @throws LogException when the file cannot be read or written, is not a key, or names another origin
   */
  public static SignerKey loadOrCreate(Path file, String name) {
    if (!Files.exists(file)) {
      SignerKey key = SignerKey.generate(name);
      try {
        PrivateFiles.create(file, key.encode());
        return key;
      } catch (FileAlreadyExistsException e) {
        // another process made it first: read theirs
      } catch (IOException e) {
        throw new LogException("cannot write the log key " + file + ": " + e.getMessage(), e);
      }
    }
    SignerKey key = load(file);
    if (!key.name().equals(name)) {
      throw new LogException("the log key in " + file + " is named " + key.name() + " but the node is named " + name
          + "; the origin of a log never changes (start with --name " + key.name() + ")");
    }
    return key;
  }

  /**
   * Reads the key at {@code file}.
   *
   * @throws LogException when it cannot be read or is not a signer key
   */
  public static SignerKey load(Path file) {
    try {
      return SignerKey.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new LogException("cannot read the log key " + file + ": " + e.getMessage(), e);
    } catch (MalformedInputException e) {
      throw new LogException(file + " is not a log key: " + e.getMessage(), e);
    }
  }
}
