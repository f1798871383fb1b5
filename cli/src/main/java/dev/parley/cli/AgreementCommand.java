package dev.parley.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.ingest.detect.SightingsCollection;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.Parsed;
import dev.parley.policy.agreement.Problem;
import dev.parley.stix.Json;
import dev.parley.stix.Timestamps;
import dev.parley.store.NotFoundException;
import dev.parley.store.Stores;
import dev.parley.store.collections.Collection;
import dev.parley.store.egress.AgreementStore;
import dev.parley.store.egress.Feedbacks;
import dev.parley.store.egress.Publisher;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley agreement}: the rules of the road with one peer (policy/AGREEMENT-FORMAT.md). */
@Command(
    name = "agreement",
    mixinStandardHelpOptions = true,
    description = {"Installs and shows the agreement with a peer: what it may read here (share), what this node pulls",
        "(receive) and pushes (push), where it may write (accept), and whether what it sends may go on (relay).",
        "Every version is kept and logged; the file format is in policy/AGREEMENT-FORMAT.md."},
    subcommands = {AgreementCommand.Set.class, AgreementCommand.Show.class},
    footer = {"", "Examples:", "  parley agreement set cert-b agreement-b.json", "  parley agreement show cert-b --format json"})
final class AgreementCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand: set or show.");
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = {"Installs the agreement in FILE with the peer as its next version, and gives the peer's account exactly",
          "the rights it says (read what share lists, write what accept lists). A file with any problem installs nothing:",
          "every problem is printed with its JSON pointer, and the agreement in force stays."},
      footer = {"", "Example:", "  parley agreement set cert-b agreement-b.json"})
  static final class Set implements Runnable {
    @Spec CommandSpec spec;
    @Mixin StoreOptions store;

    @Parameters(index = "0", paramLabel = "PEER", description = "The peer's name.")
    String peer;

    @Parameters(index = "1", paramLabel = "FILE", description = "The agreement file (JSON), or - for standard input.")
    String file;

    /** The largest agreement file read. */
    static final int MAX_BYTES = 256 * 1024;

    @Override
    public void run() {
      InputFiles.requireReadable(file);
      String text;
      try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
        // an agreement names collections and types: a few kilobytes. One of 24 MB took 16 s and 790 MB to
        // install, and every fetch of /log/agreement served it whole
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
          throw new CommandFailure(ExitCodes.INVALID, file + ": an agreement file is at most " + MAX_BYTES / 1024
              + " KiB; the agreement in force stays");
        }
        text = utf8(bytes, file);
      } catch (IOException e) {
        throw new CommandFailure(ExitCodes.INVALID, "cannot read " + file + ": " + InputFiles.why(e));
      }
      try (Stores stores = store.openWithLog()) {
        if (stores.peers().find(peer).isEmpty()) {
          throw new CommandFailure(ExitCodes.INVALID, "no peer named " + peer + "; add it first with parley peer add " + peer + " --url ...");
        }
        Parsed parsed = Agreement.parse(text, idOrAlias -> stores.collections().resolve(idOrAlias).map(c -> c.id().toString()));
        if (parsed instanceof Parsed.Invalid invalid) {
          PrintWriter err = spec.commandLine().getErr();
          for (Problem p : invalid.problems()) err.println(file + ": " + p);
          throw new CommandFailure(ExitCodes.INVALID, "the agreement with " + peer + " is refused (" + invalid.problems().size()
              + (invalid.problems().size() == 1 ? " problem" : " problems") + "); the agreement in force stays");
        }
        Agreement agreement = ((Parsed.Valid) parsed).agreement();
        // the feedback collection holds every peer's feedback: a peer reads its own part through
        // "feedback": ["sighting"]; shared, it would be judged by the share rules, not by whose it is;
        // nor written by a peer (accept, or receive into it): what is there is this node's own detection.
        // The sightings collection is never shared either: its observed-data and SCOs are the evidence of
        // every sighting, whoever's indicator matched, and name no sighting, so the share rules would serve
        // the evidence of sightings they withhold, and with it the values of indicators the peer may not
        // read (hostile run 12ah: a peer C's indicator, given without relay, read by B in its evidence); nor is it pushed, nor
        // written by a peer (hostile run 12ai: a peer's forged sighting stored there under this node's identity)
        String feedbackAlias = Feedbacks.ALIAS;
        String sightingsAlias = SightingsCollection.ALIAS;
        int refused = 0;
        for (String[] where : new String[][] {
            {feedbackAlias, "share", "collection", "is never shared: it holds the feedback of every peer; a peer reads its own with"
                + " \"feedback\": [\"sighting\"]"},
            {feedbackAlias, "accept", "collection", "takes no peer's objects: it holds this node's own feedback"},
            {feedbackAlias, "receive", "into", "takes no peer's objects: it holds this node's own feedback"},
            {sightingsAlias, "share", "collection", "is never shared: it holds the evidence (observed-data and SCOs) of every"
                + " sighting, whoever's indicator matched, which names no sighting, so a peer would read the values of indicators it"
                + " may not read; a peer reads the sightings of its own indicators with \"feedback\": [\"sighting\"]"},
            {sightingsAlias, "push", "collection", "is never pushed: it is never shared (its evidence names no sighting); a peer reads"
                + " the sightings of its own indicators with \"feedback\": [\"sighting\"]"},
            {sightingsAlias, "accept", "collection", "takes no peer's objects: it holds this node's own detection"},
            {sightingsAlias, "receive", "into", "takes no peer's objects: it holds this node's own detection"}}) {
          Optional<String> special = stores.collections().resolve(where[0]).map(c -> c.id().toString());
          com.fasterxml.jackson.databind.JsonNode entries = special.isEmpty() ? null : entries(text, where[1]);
          for (int i = 0; entries != null && i < entries.size(); i++) { // in the file's order: the pointer locates the entry as written
            String named = entries.get(i).path(where[2]).asText("");
            if (stores.collections().resolve(named).map(c -> c.id().toString()).equals(special)) {
              spec.commandLine().getErr().println(file + ": /" + where[1] + "/" + i + "/" + where[2] + ": the collection '"
                  + where[0] + "' " + where[3]);
              refused++; // every such entry is named, not the first only
            }
          }
        }
        if (refused > 0) {
          throw new CommandFailure(ExitCodes.INVALID, "the agreement with " + peer + " is refused (" + refused
              + (refused == 1 ? " problem" : " problems") + "); the agreement in force stays");
        }
        Optional<AgreementStore.Installed> before = stores.agreements().current(peer);
        AgreementStore.Installed now = stores.agreements().install(peer, agreement, stores.log().appender());
        PrintWriter out = spec.commandLine().getOut();
        if (before.isPresent() && before.get().version() == now.version()) {
          out.println("the agreement with " + peer + " is unchanged: version " + now.version() + ", sha256 " + now.hash());
        } else {
          out.println("installed version " + now.version() + " of the agreement with " + peer + ", sha256 " + now.hash());
          out.flush();
          // the feeds it changes (the peer's, and other peers' where its relay moved) are rebuilt before this returns,
          // so that what a peer reads once it has equals what policy explain says (hostile run 10ac: a peer read
          // 856 of 17,208 objects for seconds while the node's own loop rebuilt them)
          new Publisher(stores.db()).publishAll();
          // no count: what a change moves in other peers' feeds (relay) is not decided member by member (hostile run 10ae)
          out.println("every peer's feed follows it: what a peer reads now is what policy explain lists");
        }
      } catch (NotFoundException e) {
        throw new CommandFailure(ExitCodes.INVALID, e.getMessage());
      }
    }
  }

  /**
   * The file's text, which RFC 8259 §8.1 says is UTF-8: bytes that are not are refused at their line
   * and column, never replaced (the agreement logged would not be the file's).
   */
  private static String utf8(byte[] bytes, Object file) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      StandardCharsets.UTF_8.newDecoder().decode(in, CharBuffer.allocate(bytes.length + 1), true); // stops at the first bad byte
      int bad = in.position();
      String before = new String(bytes, 0, bad, StandardCharsets.UTF_8);
      int line = 1;
      int column = 1;
      for (int i = 0; i < before.length(); i++) {
        if (before.charAt(i) == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      throw new CommandFailure(ExitCodes.INVALID, file + ": /: line " + line + ", column " + column + ": byte 0x"
          + String.format("%02X", bytes[bad] & 0xff) + " is not UTF-8; an agreement is UTF-8 JSON (RFC 8259 §8.1); the agreement in force stays");
    }
  }

  /** The array {@code member} of an agreement file that parsed (so it is JSON). */
  private static com.fasterxml.jackson.databind.JsonNode entries(String text, String member) {
    try {
      return Json.mapper().readTree(text).path(member);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // it parsed as an agreement a moment ago
    }
  }

  // no standard help mixin: its -V/--version would clash with --version N, the version to show
  @Command(name = "show",
      description = "Prints the agreement in force with a peer, in its canonical form, with its version, hash and when it was installed.",
      footer = {"", "Examples:", "  parley agreement show cert-b", "  parley agreement show cert-b --format json"})
  static final class Show implements Runnable {
    @Spec CommandSpec spec;
    @Mixin StoreOptions store;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(paramLabel = "PEER", description = "The peer's name.")
    String peer;

    @Option(names = "--version", paramLabel = "N", description = "An earlier version (default: the one in force).")
    Integer version;

    @Option(names = "--format", defaultValue = "text", paramLabel = "F", description = "text or json (default: ${DEFAULT-VALUE}).")
    PeerCommand.Format format;

    @Override
    public void run() {
      try (Stores stores = store.open()) {
        if (stores.peers().find(peer).isEmpty()) throw new CommandFailure(ExitCodes.INVALID, "no peer named " + peer);
        Optional<AgreementStore.Installed> found = version == null ? stores.agreements().current(peer)
            : stores.agreements().version(peer, version);
        AgreementStore.Installed a = found.orElseThrow(() -> new CommandFailure(ExitCodes.INVALID, version == null
            ? "no agreement with " + peer + " is installed: it may read nothing here, and nothing is synced"
            : "no version " + version + " of the agreement with " + peer));
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("peer", a.peer()).put("version", a.version()).put("sha256", a.hash()).put("installed", Timestamps.format(a.installed()));
        o.set("agreement", a.agreement().toJsonNode());
        PrintWriter out = spec.commandLine().getOut();
        if (format == PeerCommand.Format.json) {
          out.println(o.toPrettyString());
        } else {
          out.println("agreement with " + a.peer() + ", version " + a.version() + ", installed " + Timestamps.format(a.installed()));
          out.println("sha256 " + a.hash() + ", of this canonical form (RFC 8785):");
          out.println(a.agreement().toJson());
          for (var s : a.agreement().share()) {
            String name = stores.collections().find(UUID.fromString(s.collection())).map(Collection::alias).orElse(null);
            if (name != null) out.println("  (collection " + s.collection() + " is " + name + ")");
          }
        }
      }
    }
  }
}
