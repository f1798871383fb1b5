package dev.parley.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.parley.stix.Json;
import dev.parley.stix.Timestamps;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.egress.Explanations;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code parley policy}: the rules of the road, applied without sending anything. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Answers \"what would peer X receive?\" from the node's data folder or database, also while it runs.",
    subcommands = {PolicyCommand.Explain.class},
    footer = {"", "Example:", "  parley policy explain --peer cert-b --collection shared"})
final class PolicyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand: explain.");
  }

  @Command(name = "explain", mixinStandardHelpOptions = true,
      description = {"Prints, as JSON, every object version the peer may read here and every one it may not, with the rule.",
          "Served is exactly what the peer reads over TAXII; withheld names the rule that withholds each version",
          "(collection, type, echo, tlp, unmarked, granular, unknown-marking, relay, reference):",
          "{\"peer\", \"served\": [{\"id\", \"version\", \"collection\"}], \"withheld\": [{\"id\", \"version\", \"collection\", \"rule\"}]}"},
      footer = {"", "Examples:", "  parley policy explain --peer cert-b",
          "  parley policy explain --peer cert-b --collection shared \\",
          "      --object indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"})
  static final class Explain implements Runnable {
    @Spec CommandSpec spec;
    @Mixin StoreOptions store;

    @Option(names = "--peer", required = true, paramLabel = "NAME", description = "The peer.")
    String peer;

    @Option(names = "--collection", paramLabel = "C", description = "Only this collection (id or alias).")
    String collection;

    @Option(names = "--object", paramLabel = "ID", description = "Only the versions of this object.")
    String object;

    @Option(names = "--format", defaultValue = "json", paramLabel = "F", description = "json (the one format; default: ${DEFAULT-VALUE}).")
    Format format;

    enum Format { json }

    @Override
    public void run() {
      if (object != null && !stixId(object)) {
        // an empty answer would read as "nothing of it is served or withheld"
        throw new CommandLine.ParameterException(spec.commandLine(), "--object must be a STIX identifier (type--UUID), not '" + object + "'");
      }
      try (Stores stores = store.open()) {
        UUID only = null;
        if (collection != null) {
          only = stores.collections().resolve(collection).map(Collection::id)
              .orElseThrow(() -> new CommandFailure(ExitCodes.INVALID, "no collection with id or alias " + collection));
        }
        if (stores.peers().find(peer).isEmpty()) throw new CommandFailure(ExitCodes.INVALID, "no peer named " + peer);
        PrintWriter out = spec.commandLine().getOut();
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out).useDefaultPrettyPrinter()) {
          g.writeStartObject();
          g.writeStringField("peer", peer);
          Explanations explanations = new Explanations(stores.db());
          // served and withheld are visited one after the other: each list is written as it comes
          g.writeArrayFieldStart("served");
          boolean[] inWithheld = {false};
          explanations.explain(peer, only, object, e -> entry(g, e, false), e -> {
            if (!inWithheld[0]) {
              write(() -> {
                g.writeEndArray();
                g.writeArrayFieldStart("withheld");
              });
              inWithheld[0] = true;
            }
            entry(g, e, true);
          });
          if (!inWithheld[0]) {
            g.writeEndArray();
            g.writeArrayFieldStart("withheld");
          }
          g.writeEndArray();
          g.writeEndObject();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        out.println();
      }
    }

    private static void entry(JsonGenerator g, Explanations.Entry e, boolean withRule) {
      write(() -> {
        g.writeStartObject();
        g.writeStringField("id", e.id());
        g.writeStringField("version", Timestamps.formatVersion(e.version()));
        g.writeStringField("collection", e.collection().toString());
        if (withRule) g.writeStringField("rule", e.rule());
        g.writeEndObject();
      });
    }

    private interface Io {
      void run() throws IOException;
    }

    private static void write(Io io) {
      try {
        io.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Whether {@code text} has a STIX identifier's form, type--UUID (what the commands that take one check first). */
  static boolean stixId(String text) {
    return text.matches("[a-z0-9][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  }
}
