package dev.parley.tlog.tiles;

import dev.parley.tlog.TlogException;

/** A tile or bundle that a reader could not produce: missing, unreachable or of the wrong length. */
public class TileUnavailableException extends TlogException {
  private final String path;

  public TileUnavailableException(String path, String message) {
    super(path + ": " + message);
    this.path = path;
  }

  public TileUnavailableException(String path, String message, Throwable cause) {
    super(path + ": " + message, cause);
    this.path = path;
  }

  /** The tile path that could not be read. */
  public String path() {
    return path;
  }
}
