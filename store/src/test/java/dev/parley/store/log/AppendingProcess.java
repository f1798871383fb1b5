package dev.parley.store.log;

import dev.parley.store.Database;
import dev.parley.tlog.note.SignerKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A node-like child process for {@link CrashTest}: appends forever until it is SIGKILLed. */
final class AppendingProcess {
  private AppendingProcess() {}

  public static void main(String[] args) throws Exception {
    Database db = Database.external(args[0], args[1]);
    TransparencyLog log = TransparencyLog.open(db, SignerKey.parse(args[2]), Duration.ofMillis(20));
    UUID collection = UUID.randomUUID();
    while (true) {
      List<Leaf> leaves = new ArrayList<>();
      for (int i = 0; i < 200; i++) leaves.add(Leaf.deleted(collection, "indicator--" + UUID.randomUUID(), "2024-01-01T00:00:00.000Z"));
      long first = db.inTransaction(tx -> log.appender().append(tx, leaves));
      System.out.println("committed " + (first + leaves.size()));
      System.out.flush();
    }
  }
}
