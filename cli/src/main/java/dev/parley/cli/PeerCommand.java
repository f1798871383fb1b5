package dev.parley.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.stix.Timestamps;
import dev.parley.store.NotFoundException;
import dev.parley.store.Stores;
import dev.parley.store.peers.Peer;
import dev.parley.store.peers.PeerStore;
import dev.parley.store.peers.PeerTrust;
import dev.parley.store.witness.MonitorStore;
import dev.parley.store.witness.WitnessStore;
import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.note.VerifierKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley peer}: the nodes this node trades with. */
@Command(
    name = "peer",
    mixinStandardHelpOptions = true,
    description = {"Registers, lists and removes the nodes this node trades with, on a node's data folder or database,",
        "also while it runs. Each peer has an account here, named after it, for its own requests."},
    subcommands = {PeerCommand.Add.class, PeerCommand.ListPeers.class, PeerCommand.Remove.class, PeerTrustCommand.class},
    footer = {"", "Two operators connect nodes A and B in three steps: A adds B without a token and sends B the",
        "printed token; B adds A with it and sends back its own; A adds B again with that token.",
        "", "Examples:",
        "  parley peer add b --url https://b.example:8443/api1/",
        "  parley peer add a --url https://a.example:8443/api1/ --token TOKEN-FROM-A",
        "  parley peer add b --url https://b.example:8443/api1/ --token TOKEN-FROM-B",
        "  parley peer list --format json"})
final class PeerCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand: add, list, remove or trust.");
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = {"Registers a peer, or updates what is given (URL, token, key, certificates) of a known one and nothing else.",
          "Without --key, the peer's log key is fetched from its node, printed and pinned; if the peer cannot be"
              + " reached, it is pinned at first contact.",
          "Makes the account NAME for the peer if there is none and prints its token once; an account NAME made"
              + " before (token create) becomes the peer's and keeps its token.",
          "With --cacert, the peer's HTTPS is checked against the certificates in FILE alone (its own, self-signed,"
              + " or its authority's), not this JVM's trust store; its host name is checked as always."},
      footer = {"", "Examples:", "  parley peer add cert-b --url https://cert-b.example:8443/api1/",
          "  parley peer add cert-b --url https://cert-b.example:8443/api1/ --token TOKEN",
          "  parley peer add cert-b --url https://10.0.0.2:8443/api1/ --cacert b-cert.pem"})
  static final class Add implements Runnable {
    @Spec CommandSpec spec;
    @Mixin StoreOptions store;

    @Parameters(paramLabel = "NAME", description = "The peer's name here; also its account's name.")
    String name;

    @Option(names = "--url", required = true, paramLabel = "API_ROOT_URL", description = "The URL of the peer's TAXII 2.1 API root.")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "The token this node uses at the peer (given by its operator).")
    String token;

    @Option(names = "--key", paramLabel = "VERIFIER_KEY", description = "The peer's log verifier key (what its /log/key serves).")
    String key;

    @Option(names = "--cacert", paramLabel = "FILE",
        description = "PEM certificates to trust for the peer's HTTPS, in place of this JVM's trust store: its own certificate or its authority's.")
    Path cacert;

    @Option(names = "--no-cacert", description = "Forget the certificates pinned for the peer: its HTTPS is checked against this JVM's trust store again.")
    boolean noCacert;

    @Option(names = "--format", defaultValue = "text", paramLabel = "F", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public void run() {
      URI root = PeerUrls.apiRoot(url);
      // a key pasted with a blank or a line end around it is the key (hostile run 10r: kept as typed, it was never served)
      if (key != null) key = key.strip();
      // a malformed --key is a usage error, as a malformed --url is and as log verify's --key is (hostile run 10ab)
      if (key != null) parseKey(key, "--key", ExitCodes.USAGE);
      if (cacert != null && !"https".equals(root.getScheme())) {
        throw new CommandFailure(ExitCodes.USAGE, "--cacert pins the certificates of a peer reached over HTTPS; --url is " + root);
      }
      if (cacert != null && noCacert) throw new CommandFailure(ExitCodes.USAGE, "--cacert and --no-cacert: give one");
      String trust = cacert == null ? null : readTrust(cacert);
      if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
        throw new CommandFailure(ExitCodes.USAGE, "a peer name is 1-64 letters, digits, '.', '_', '@' or '-': " + name);
      }
      try (Stores stores = store.open()) {
        PeerStore peers = stores.peers();
        Peer before = peers.find(name).orElse(null);
        // the certificates the peer is asked with: those given now, none after --no-cacert, else those pinned before
        String askWith = trust != null || noCacert || before == null ? trust : before.tlsTrust();
        if (!"https".equals(root.getScheme()) && !noCacert && before != null && before.tlsTrust() != null) {
          throw new CommandFailure(ExitCodes.USAGE, "peer " + name + " has certificates pinned for its HTTPS (--cacert): an "
              + root.getScheme() + ":// URL would drop them; give an https:// URL, or --no-cacert to forget the pin");
        }
        String pinned = before == null ? null : before.key();
        String fetched = null;
        String unreachable = null;
        if (key == null && pinned == null) {
          try {
            fetched = PeerUrls.fetchLogKey(root, askWith);
            parseKey(fetched, PeerUrls.logKeyUrl(root).toString(), ExitCodes.INVALID);
          } catch (IOException e) {
            unreachable = e.getMessage();
            fetched = null;
          }
        }
        // a peer given its key, and a known peer given a new URL or pin, is asked now, so that a wrong key, pin or host
        // shows here, not at the next sync (and a peer never asked is not reported unreachable)
        String contact = null;
        String contactState = null;
        String expected = key != null ? key : pinned;
        if (key != null || (before != null && pinned != null && (cacert != null || noCacert || !before.url().equals(root.toString())))) {
          try {
            String served = PeerUrls.fetchLogKey(root, askWith);
            if (peers.isOwnKey(served)) {
              throw new CommandFailure(ExitCodes.INVALID, root + " serves this node's own log key (" + served + "): it is this node,"
                  + " which is not its own peer; nothing was " + (before == null ? "added" : "changed"));
            }
            contactState = served.equals(expected) ? Peer.OK : Peer.KEY_MISMATCH;
            String which = key != null ? "the log key given (--key)" : "the log key pinned for it";
            contact = served.equals(expected) ? "reached it at " + root + ": it serves " + which
                : "reached it at " + root + ", but it serves another log key than " + which + ": " + served;
          } catch (IOException e) {
            contactState = Peer.UNREACHABLE;
            contact = e.getMessage();
          }
        }
        String newKey = key != null ? key : fetched;
        if (peers.isOwnKey(newKey)) {
          throw new CommandFailure(ExitCodes.INVALID, (key != null ? "the log key given (--key)" : root + " serves a log key that")
              + " is this node's own (" + newKey + "): a node is not its own peer; nothing was added");
        }
        boolean replaced = key != null && pinned != null && !pinned.equals(key);
        PeerStore.Put put = peers.put(name, root.toString(), token, newKey, key != null, trust, stores.accounts());
        if (noCacert) peers.forgetTlsTrust(name);
        if (fetched != null) peers.state(name, Peer.OK, null);
        else if (unreachable != null) peers.state(name, Peer.UNREACHABLE, unreachable);
        if (replaced) replaceKey(stores, pinned);
        if (contactState != null) peers.state(name, contactState, Peer.OK.equals(contactState) ? null : contact);
        Peer peer = peers.find(name).orElseThrow();
        if (contact != null && format != Format.json) spec.commandLine().getOut().println(contact);
        print(peer, put, fetched, unreachable, replaced ? pinned : null);
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
      }
    }

    /** The certificates of {@code file}, checked and re-encoded ({@link PeerTrust#canonical}); exit 1 with the file named if they are not. */
    private static String readTrust(Path file) {
      String text;
      try {
        if (Files.size(file) > PeerTrust.MAX_CHARS) {
          throw new CommandFailure(ExitCodes.INVALID, "--cacert " + file + ": larger than " + PeerTrust.MAX_CHARS + " bytes, not a certificate file");
        }
        text = Files.readString(file, StandardCharsets.ISO_8859_1); // PEM is ASCII; other bytes fail below
      } catch (IOException e) {
        throw new CommandFailure(ExitCodes.INVALID, "--cacert " + file + ": cannot read it: " + InputFiles.why(e));
      }
      try {
        return PeerTrust.canonical(text);
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(ExitCodes.INVALID, "--cacert " + file + ": " + e.getMessage());
      }
    }

    /**
     * The operator says the peer's log key changed (issue 10: {@code peer add} again updates the key):
     * what the witness and the monitor saw of the log under the old key, and under the new key's
     * origin, is forgotten, since the new log starts again and would look like a fork of the old one
     * (its fork evidence, if any, is kept); a key mismatch is over, and the next pass checks the key.
     */
    private void replaceKey(Stores stores, String old) {
      for (String k : new String[] {old, key}) {
        try {
          String origin = VerifierKey.parse(k).name();
          new WitnessStore(stores.db()).forget(origin);
          new MonitorStore(stores.db()).forget(origin);
        } catch (RuntimeException notAKey) {
          // a key pinned before keys were checked: nothing was seen under it
        }
      }
      if (Peer.KEY_MISMATCH.equals(stores.peers().find(name).map(Peer::state).orElse(null))) {
        stores.peers().state(name, Peer.OK, "log key replaced by an operator; the next sync checks it");
      }
    }

    /** What was done, as text or as one JSON object; {@code replacedKey}: the log key pinned before, when this replaced it. */
    private void print(Peer peer, PeerStore.Put put, String fetched, String unreachable, String replacedKey) {
      PrintWriter out = spec.commandLine().getOut();
      if (format == Format.json) {
        ObjectNode o = PeerListing.json(peer);
        o.put("created", put.created());
        o.put("returned", put.returned());
        o.put("account_token", put.accountToken());
        o.put("replaced_key", replacedKey);
        out.println(o.toPrettyString());
        return;
      }
      if (replacedKey != null) out.println("replaced the log key pinned for peer " + peer.name() + " (was " + replacedKey + ")");
      out.println((put.created() ? "added peer " : "updated peer ") + peer.name() + " at " + peer.url());
      if (put.returned()) {
        out.println("it comes back as the peer removed under this name (the same log key, or one not known on a side): what it"
            + " sent, its pull positions and receipts are its own again; its agreement ended at removal (parley agreement set "
            + peer.name() + " FILE)");
      }
      if (noCacert) out.println("its HTTPS is checked against this JVM's trust store (no certificates pinned for it)");
      if (peer.tlsTrust() != null) {
        out.println("its HTTPS is checked against the certificates pinned for it (SHA-256): " + String.join(", ", PeerListing.fingerprints(peer)));
      }
      if (fetched != null) out.println("pinned its log key, fetched from its node: " + fetched);
      else if (peer.key() != null) out.println("its log key: " + peer.key());
      else out.println("its log key is not pinned yet (" + unreachable + "); it will be at first contact");
      if (put.accountToken() != null) {
        out.println("made the account " + peer.name() + " for it; give its operator this token, shown only now:");
        out.println(put.accountToken());
      } else {
        out.println("its account here is the existing account " + peer.name());
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = {"Lists the peers: name, URL, log key, state (ok, unreachable, key-mismatch, forked), last sync, objects pulled and pushed,"
          + " and objects the peer refused that wait to be pushed again (push_retrying).",
          "The counts are since the peer was added (a peer removed and added again counts from 0; what it pulled before is"
              + " not pulled again): pulled, the object versions pulled from it and newly stored here; pushed, those it accepted"
              + " (a version sent again after a sender stopped before it saved what was accepted counts again)."},
      footer = {"", "Examples:", "  parley peer list", "  parley peer list --format json"})
  static final class ListPeers implements Runnable {
    @Spec CommandSpec spec;
    @Mixin StoreOptions store;

    @Option(names = "--format", defaultValue = "text", paramLabel = "F", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public void run() {
      try (Stores stores = store.open()) {
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
          ArrayNode list = Json.mapper().createArrayNode();
          for (Peer p : stores.peers().list()) list.add(PeerListing.json(p).put("push_retrying", stores.syncPositions().waitingRetries(p.id())));
          out.println(list.toPrettyString());
        } else {
          for (Peer p : stores.peers().list()) {
            long retrying = stores.syncPositions().waitingRetries(p.id());
            out.println(PeerListing.line(p) + (retrying == 0 ? "" : "  refused, to push again " + retrying));
          }
        }
      }
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Removes a peer, revokes its account here and ends its agreement (an empty version, logged): added again, it starts with nothing.",
      footer = {"", "Example:", "  parley peer remove cert-b"})
  static final class Remove implements Runnable {
    @Spec CommandSpec spec;
    @Mixin StoreOptions store;

    @Parameters(paramLabel = "NAME", description = "The peer's name.")
    String name;

    @Override
    public void run() {
      try (Stores stores = store.openWithLog()) { // the agreement's end is logged
        stores.peers().remove(name, stores.accounts(), stores.log().appender());
        spec.commandLine().getOut().println("removed peer " + name + ", revoked its account and ended its agreement");
      } catch (NotFoundException e) {
        throw new CommandFailure(ExitCodes.INVALID, e.getMessage());
      }
    }
  }

  enum Format { text, json }

  static VerifierKey parseKey(String text, String where, int exitCode) {
    try {
      return VerifierKey.parse(text.strip());
    } catch (MalformedInputException | IllegalArgumentException e) {
      throw new CommandFailure(exitCode, where + " is not a C2SP note verifier key: " + e.getMessage());
    }
  }

  /** How a peer is shown. */
  static final class PeerListing {
    private PeerListing() {}

    static String line(Peer p) {
      return p.name() + "  " + p.url() + "  " + p.state() + (p.detail() == null ? "" : " (" + p.detail() + ")")
          + "  last sync " + (p.lastSync() == null ? "never" : Timestamps.format(p.lastSync()))
          + "  pulled " + p.pulled() + "  pushed " + p.pushed() + "  key " + (p.key() == null ? "(not pinned)" : p.key())
          + (p.tlsTrust() == null ? "" : "  tls pinned " + String.join(",", fingerprints(p)));
    }

    static ObjectNode json(Peer p) {
      ObjectNode o = Json.mapper().createObjectNode();
      o.put("name", p.name()).put("url", p.url()).put("key", p.key()).put("state", p.state()).put("detail", p.detail())
          .put("last_sync", p.lastSync() == null ? null : Timestamps.format(p.lastSync()))
          .put("pulled", p.pulled()).put("pushed", p.pushed()).put("log_name", p.logName());
      if (p.tlsTrust() == null) o.putNull("tls_pinned");
      else fingerprints(p).forEach(o.putArray("tls_pinned")::add);
      return o;
    }

    /** The SHA-256 fingerprints of the certificates pinned for a peer's HTTPS (none when it has none). */
    static List<String> fingerprints(Peer p) {
      return p.tlsTrust() == null ? List.of() : PeerTrust.certificates(p.tlsTrust()).stream().map(PeerTrust::fingerprint).toList();
    }
  }

}
