package dev.parley.store;

import java.nio.file.Path;

/** A node's data folder is held by another process (a running node, or a command running its database). */
public final class FolderInUseException extends StoreException {
  private final Path folder;
  private final NodeLock.Holder holder;

  public FolderInUseException(Path folder, NodeLock.Holder holder) {
    super("the data folder " + folder + " is in use by " + (holder.port().isPresent() ? "a running node" : "another Parley process")
        + " (" + holder + "); stop it first, or give this node a data folder of its own");
    this.folder = folder;
    this.holder = holder;
  }

  public Path folder() {
    return folder;
  }

  public NodeLock.Holder holder() {
    return holder;
  }
}
