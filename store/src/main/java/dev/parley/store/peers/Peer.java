package dev.parley.store.peers;

import java.time.Instant;
import java.util.Objects;

/**
 * A node this node trades with: the URL of its TAXII 2.1 API root, the token this node uses there,
 * its log's verifier key (a C2SP note key, pinned at first contact), and how syncing with it went.
 *
 * @param state {@code ok}, {@code unreachable}, {@code key-mismatch} or {@code forked}
 * @param detail why the state is what it is, for an operator, or null
 * @param lastSync when a sync pass with it last ended, or null
 * @param logName what this node's log entries of objects received from it name it by: 32 random hex
 *     digits, so that the receipt of a relayed object never tells another peer its name
 * @param tlsTrust the certificates (PEM) this node trusts for the peer's HTTPS, in place of the JVM's
 *     trust store ({@link PeerTrust}), or null
 */
public record Peer(int id, String name, String url, String token, String key, String state, String detail, Instant lastSync,
    long pulled, long pushed, String logName, String tlsTrust) {
  /** The states a peer can be in. */
  public static final String OK = "ok";
  public static final String UNREACHABLE = "unreachable";
  public static final String KEY_MISMATCH = "key-mismatch";
  public static final String FORKED = "forked";

  public Peer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(state, "state");
  }
}
