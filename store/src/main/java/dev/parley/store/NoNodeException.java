package dev.parley.store;

import java.nio.file.Path;

/** A data folder holds no node: it does not exist, or no node was ever started in it. Nothing was created. */
public final class NoNodeException extends StoreException {
  private final Path folder;

  public NoNodeException(Path folder, String reason) {
    super("no Parley node in " + folder + ": " + reason);
    this.folder = folder;
  }

  public Path folder() {
    return folder;
  }
}
