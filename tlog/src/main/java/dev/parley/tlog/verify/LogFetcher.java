package dev.parley.tlog.verify;

import java.io.IOException;

/**
 * Fetches a resource of a tiled log by its path relative to the log prefix ({@code checkpoint},
 * {@code tile/0/x001/067}, {@code tile/entries/000.p/3}). Implementations speak HTTP or read files;
 * they must be safe for use from one thread at a time and may block.
 */
@FunctionalInterface
public interface LogFetcher {
  /**
   * The body of the resource.
   *
   * @throws IOException when it cannot be fetched (missing, unreachable, not 200)
   */
  byte[] fetch(String path) throws IOException;
}
