package dev.parley.store;

import dev.parley.store.objects.WriteHook;
import java.nio.file.Path;

/** A node-like child process for {@link DataFolderTest}: holds a data folder and runs its database until it is killed. */
final class HoldingProcess {
  private HoldingProcess() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[1].equals("command")) { // a command: holds the folder for args[2] ms, then ends
      try (Stores command = Stores.openExisting(StoreConfig.defaults().withDataDir(Path.of(args[0])), WriteHook.NONE)) {
        System.out.println("holding " + (command.folder() != null));
        System.out.flush();
        Thread.sleep(Long.parseLong(args[2]));
      }
      return;
    }
    Stores stores = Stores.open(StoreConfig.defaults().withDataDir(Path.of(args[0])), WriteHook.NONE);
    System.out.println("holding " + stores.db().ping());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
