package dev.parley.cli;

import dev.parley.store.Stores;
import dev.parley.store.ConflictException;
import dev.parley.store.collections.Collection;
import dev.parley.store.collections.CollectionStore;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code parley collection}: creates and lists a node's collections. */
@Command(
    name = "collection",
    mixinStandardHelpOptions = true,
    description = "Creates and lists TAXII collections of a node (its data folder or database).",
    subcommands = {CollectionCommand.Create.class, CollectionCommand.ListCollections.class},
    footer = {"", "Example:", "  parley collection create --title 'Shared indicators' --data ./parley-data"})
final class CollectionCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand: create or list.");
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a collection and prints its id.",
      footer = {"", "Example:", "  parley collection create --title 'Shared indicators' --alias shared"})
  static final class Create implements Runnable {
    @Spec CommandSpec spec;
    @Mixin StoreOptions store;

    @Option(names = "--title", required = true, paramLabel = "T", description = "The collection's title.")
    String title;

    @Option(names = "--id", paramLabel = "ID", description = "Its id, a UUID (default: a random one).")
    String id;

    @Option(names = "--alias", paramLabel = "A", description = "A short name, unique on the node.")
    String alias;

    @Option(names = "--description", paramLabel = "TEXT", description = "What the collection holds.")
    String description;

    @Option(names = "--api-root", paramLabel = "NAME", defaultValue = "api1", description = "The API root it belongs to (default: ${DEFAULT-VALUE}).")
    String apiRoot;

    @Override
    public void run() {
      UUID uuid = id == null ? UUID.randomUUID() : CollectionStore.parseUuid(id);
      if (uuid == null) throw new CommandFailure(ExitCodes.USAGE, "--id must be a UUID, e.g. " + UUID.randomUUID());
      if (title.isBlank()) throw new CommandFailure(ExitCodes.USAGE, "--title must not be empty");
      try (Stores stores = store.open()) {
        stores.collections().create(new Collection(uuid, apiRoot, title, description, alias));
        spec.commandLine().getOut().println(uuid);
      } catch (ConflictException e) {
        throw new CommandFailure(ExitCodes.INVALID, e.getMessage());
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists collections: id, API root, alias, title.",
      footer = {"", "Example:", "  parley collection list --data ./parley-data"})
  static final class ListCollections implements Runnable {
    @Spec CommandSpec spec;
    @Mixin StoreOptions store;

    @Override
    public void run() {
      try (Stores stores = store.open()) {
        for (Collection c : stores.collections().list()) {
          spec.commandLine().getOut().printf("%s  %s  %s  %s%n", c.id(), c.apiRoot(), c.alias() == null ? "-" : c.alias(), c.title());
        }
      }
    }
  }
}
