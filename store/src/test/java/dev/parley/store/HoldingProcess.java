package dev.parley.store;

import dev.parley.store.objects.WriteHook;
import java.nio.file.Path;

/** A node-like child process for {@link DataFolderTest}: holds a data folder and runs its database until it is killed. */
final class HoldingProcess {
  private HoldingProcess() {}

  public static void main(String[] args) throws Exception {
    Stores stores = Stores.open(StoreConfig.defaults().withDataDir(Path.of(args[0])), WriteHook.NONE);
    System.out.println("holding " + stores.db().ping());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
