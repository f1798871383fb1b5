package dev.parley.node.witness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.Database;
import dev.parley.store.accounts.AccountStore;
import dev.parley.store.peers.Peer;
import dev.parley.store.peers.PeerStore;
import dev.parley.store.peers.PeerTrust;
import dev.parley.store.testing.TestDatabases;
import dev.parley.tlog.note.SignerKey;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: a peer "whose TLS certificate ... does not match is reported in peer list and the node's
 * log" also when only the witness or the monitor talks to it (a hostile run: with sync off, a pinned
 * peer presenting another certificate stayed "ok" and the log said nothing).
 */
class PeerLogsTest {
  @Test
  void tlsRefused_peerUnreachableWithWhy_overWhenReachedAgain() {
    Database db = TestDatabases.fresh();
    PeerStore peers = new PeerStore(db);
    String key = SignerKey.generate("peer-b.example").verifierKey().encode();
    peers.put("b", "https://127.0.0.1:1/api1/", null, key, new AccountStore(db));
    peers.state("b", Peer.OK, null);
    PeerLogs logs = new PeerLogs(peers);
    PeerLogs.PeerLog b = logs.peer("b").orElseThrow();

    String why = "https://127.0.0.1:1/log/checkpoint: " + PeerTrust.MISMATCH;
    logs.tlsRefused(b, why);
    assertThat(peers.find("b").orElseThrow().state()).isEqualTo(Peer.UNREACHABLE);
    assertThat(peers.find("b").orElseThrow().detail()).isEqualTo(why);

    logs.tlsAccepted(b);
    assertThat(peers.find("b").orElseThrow().state()).isEqualTo(Peer.OK);
    // a state sync set since is sync's: reaching the peer's log over TLS does not undo it
    logs.tlsRefused(b, why);
    peers.state("b", Peer.UNREACHABLE, "connection refused");
    logs.tlsAccepted(b);
    assertThat(peers.find("b").orElseThrow().detail()).isEqualTo("connection refused");
  }
}
