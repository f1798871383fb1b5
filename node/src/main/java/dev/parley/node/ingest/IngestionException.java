package dev.parley.node.ingest;

import dev.parley.node.NodeException;

/** A bulk load stopped: interrupted, or a pipeline thread failed with a checked exception (the cause). */
public final class IngestionException extends NodeException {
  public IngestionException(String message, Throwable cause) {
    super(message, cause);
  }
}
