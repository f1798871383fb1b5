package dev.parley.tlog.verify;

import dev.parley.tlog.tiles.TilePath;
import dev.parley.tlog.tiles.TileReader;
import dev.parley.tlog.tiles.TileUnavailableException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Reads tiles through a {@link LogFetcher}, each at most once. Not thread-safe. */
final class FetchingTileReader implements TileReader {
  private final LogFetcher fetcher;
  private final Map<String, byte[]> fetched = new HashMap<>();

  FetchingTileReader(LogFetcher fetcher) {
    this.fetcher = fetcher;
  }

  @Override
  public byte[] read(TilePath.HashTile path) {
    return fetch(path);
  }

  byte[] fetch(TilePath path) {
    String key = path.toPath();
    byte[] data = fetched.get(key);
    if (data == null) {
      try {
        data = fetcher.fetch(key);
      } catch (IOException e) {
        throw new TileUnavailableException(key, "fetch failed: " + e.getMessage(), e);
      }
      if (data == null) {
        throw new TileUnavailableException(key, "fetch returned nothing");
      }
      fetched.put(key, data);
    }
    return data;
  }

  /** Forgets a resource that will not be needed again, to bound memory in a full check. */
  void forget(TilePath path) {
    fetched.remove(path.toPath());
  }
}
