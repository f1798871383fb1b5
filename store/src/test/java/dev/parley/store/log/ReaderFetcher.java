package dev.parley.store.log;

import dev.parley.tlog.tiles.TilePath;
import dev.parley.tlog.verify.LogFetcher;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;

/** A LogFetcher that reads the C2SP paths straight from a real LogReader, without HTTP. */
record ReaderFetcher(LogReader reader) implements LogFetcher {
  @Override
  public byte[] fetch(String path) throws FileNotFoundException {
    try {
      if (path.equals("checkpoint")) return reader.latest().note().getBytes(StandardCharsets.UTF_8);
      TilePath p = TilePath.parse(path);
      if (p instanceof TilePath.HashTile tile) return reader.tile(tile);
      return reader.entries((TilePath.EntryBundle) p);
    } catch (LogNotFoundException e) {
      throw new FileNotFoundException(e.getMessage());
    }
  }
}
