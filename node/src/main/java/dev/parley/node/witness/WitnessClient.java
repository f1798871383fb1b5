package dev.parley.node.witness;

import dev.parley.node.witness.PeerLogs.PeerLog;
import dev.parley.store.log.LogReader;
import dev.parley.store.log.Published;
import dev.parley.store.log.TransparencyLog;
import dev.parley.store.peers.PeerStore;
import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.note.Note;
import dev.parley.tlog.note.NoteSignature;
import dev.parley.tlog.note.NoteVerification;
import dev.parley.tlog.note.Notes;
import dev.parley.tlog.note.SignatureType;
import dev.parley.tlog.note.VerifierKey;
import dev.parley.tlog.tree.Hash;
import dev.parley.tlog.witness.AddCheckpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Getting witnessed: submits the log's newest checkpoint to every peer's witness (c2sp.org/tlog-witness
 * client side), from the size that witness holds (learned from its 409), and keeps the cosignatures
 * it verifies with the peer's witness key (pinned at first contact) on the checkpoint. A peer that is
 * down is tried again next round; nothing here is on the path of object writes.
 */
final class WitnessClient {
  private static final Logger LOG = LoggerFactory.getLogger(WitnessClient.class);

  private final TransparencyLog log;
  private final PeerLogs logs;
  private final PeerStore peers;
  private final Http http;
  /** Per peer: the size its witness holds of this log, and the checkpoint it last cosigned. */
  private final Map<String, Long> witnessSize = new ConcurrentHashMap<>();
  private final Map<String, String> cosigned = new ConcurrentHashMap<>();
  /** Per peer: the refusal last logged, so a witness that answers the same every round is logged once. */
  private final Map<String, String> refusal = new ConcurrentHashMap<>();

  WitnessClient(TransparencyLog log, PeerLogs logs, PeerStore peers, Http http) {
    this.log = log;
    this.logs = logs;
    this.peers = peers;
    this.http = http;
  }

  /** One round: submit the newest checkpoint to each peer's witness that has not cosigned it. */
  void round() {
    Published latest;
    try {
      latest = log.reader().latest();
    } catch (RuntimeException e) {
      return; // no checkpoint yet, or the log is closed by its check: nothing to have witnessed
    }
    String id = latest.size() + " " + latest.checkpoint().root().toBase64();
    for (PeerLog peer : logs.all()) {
      if (id.equals(cosigned.get(peer.peer()))) continue;
      try {
        submit(peer, latest, id);
      } catch (Http.TlsRefused e) {
        logs.tlsRefused(peer, e.getMessage());
      } catch (IOException | RuntimeException e) {
        LOG.debug("witness of peer {} not reached: {}", peer.peer(), e.getMessage());
      }
    }
  }

  private void submit(PeerLog peer, Published latest, String id) throws IOException {
    Optional<VerifierKey> key = witnessKey(peer);
    if (key.isEmpty()) return;
    LogReader reader = log.reader();
    long size = latest.size();
    for (int attempt = 0; attempt < 2; attempt++) {
      long old = Math.min(witnessSize.getOrDefault(peer.peer(), 0L), size);
      List<Hash> proof = old == 0 || old == size ? List.of() : reader.consistency(old, size).path();
      String body = new AddCheckpoint(old, proof, logNote(latest)).format();
      Http.Reply r = http.post(peer.witnessBase().resolve("add-checkpoint"), peer.tlsTrust(), body.getBytes(StandardCharsets.UTF_8));
      String text = new String(r.body(), StandardCharsets.UTF_8);
      if (r.status() == 200) {
        keep(peer, latest, key.get(), text);
        witnessSize.put(peer.peer(), size);
        cosigned.put(peer.peer(), id);
        refusal.remove(peer.peer());
        return;
      }
      if (r.status() == 409 && r.contentType().startsWith("text/x.tlog.size") && text.matches("(0|[1-9][0-9]{0,18})\n")) {
        long held = Long.parseLong(text.strip());
        if (held > size) {
          if (firstTime(peer, "larger " + held + " " + size)) {
            LOG.warn("the witness of peer {} holds a checkpoint of this log of size {}, larger than this log ({}):"
                + " another party signs with this log's key", peer.peer(), held, size);
          }
          return;
        }
        if (held == old) {
          if (firstTime(peer, "other " + held)) {
            LOG.warn("the witness of peer {} refuses this log's checkpoint of size {}: it cosigned another at that size", peer.peer(), held);
          }
          return;
        }
        witnessSize.put(peer.peer(), held);
        continue;
      }
      if (firstTime(peer, r.status() + " " + text.strip())) {
        LOG.info("the witness of peer {} answered {}: {}", peer.peer(), r.status(), text.strip());
      }
      return;
    }
  }

  /** Whether this refusal differs from the one last logged for the peer (a peer not yet witnessing this log answers 404 every round). */
  private boolean firstTime(PeerLog peer, String what) {
    return !what.equals(refusal.put(peer.peer(), what));
  }

  /** The checkpoint as the log signed it, without cosignatures (they are the witness's to add). */
  private static String logNote(Published latest) {
    Note note = Note.parse(latest.note());
    return note.text() + "\n" + note.signatures().get(0).line();
  }

  private void keep(PeerLog peer, Published latest, VerifierKey key, String lines) {
    Note cosignedNote;
    try {
      cosignedNote = Note.parse(logNote(latest) + lines);
    } catch (MalformedInputException e) {
      LOG.warn("the witness of peer {} answered lines that are not signature lines: {}", peer.peer(), e.getMessage());
      return;
    }
    NoteVerification v = Notes.verify(cosignedNote, List.of(key));
    if (!(v instanceof NoteVerification.Verified ok)) {
      LOG.warn("the witness of peer {} answered no cosignature its key {} verifies", peer.peer(), key.encode());
      return;
    }
    List<NoteSignature> signatures = ok.signatures();
    log.addCosignatures(latest.checkpoint(), signatures);
  }

  private Optional<VerifierKey> witnessKey(PeerLog peer) throws IOException {
    Optional<String> pinned = peers.witnessKey(peer.peer());
    String text;
    if (pinned.isPresent()) {
      text = pinned.get();
    } else {
      text = new String(http.fetch(peer.witnessBase().resolve("key"), peer.tlsTrust()), StandardCharsets.UTF_8).strip();
      try {
        if (VerifierKey.parse(text).type() != SignatureType.COSIGNATURE_V1) throw new MalformedInputException("witness key", "not type 0x04");
      } catch (MalformedInputException e) {
        LOG.warn("peer {} serves no witness key at /witness/key: {}", peer.peer(), e.getMessage());
        return Optional.empty();
      }
      text = peers.pinWitnessKey(peer.peer(), text).orElse(text);
      LOG.info("pinned the witness key of peer {}: {}", peer.peer(), text);
    }
    try {
      return Optional.of(VerifierKey.parse(text));
    } catch (MalformedInputException e) {
      return Optional.empty();
    }
  }
}
