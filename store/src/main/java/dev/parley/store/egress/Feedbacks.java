package dev.parley.store.egress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.policy.Markings;
import dev.parley.policy.Tlp;
import dev.parley.policy.agreement.Agreement;
import dev.parley.policy.agreement.Feedback;
import dev.parley.policy.egress.Decision;
import dev.parley.policy.egress.Rule;
import dev.parley.store.detect.DetectionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Feedback to the source of an indicator (issue 12): the collection with alias {@value #ALIAS}
 * holds, for each sighting of an indicator that a peer sent, a copy of the sighting without its
 * observed-data (nothing of this node's network but the fact, the count and the times), and the
 * node's sighting identity. A peer whose agreement lists {@code "feedback": ["sighting"]} reads
 * that collection through its feed as if it were shared, and finds there only the sightings of
 * indicators it sent, marked at most TLP:AMBER (a stricter sighting stays here), and the identity.
 */
public final class Feedbacks {
  /** The alias of the feedback collection. */
  public static final String ALIAS = "feedback";
  private static final Decision SERVED = new Decision.Served();

  private Feedbacks() {}

  /** The feedback collection, when the agreement asks for sightings and the node has one; else null. */
  static UUID collection(Connection c, Agreement agreement) throws SQLException {
    if (!agreement.feedback().contains(Feedback.SIGHTING)) return null;
    try (PreparedStatement s = c.prepareStatement("select id from collection where alias = ?")) {
      s.setString(1, ALIAS);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getObject(1, UUID.class) : null;
      }
    }
  }

  /**
   * Whether a member of the feedback collection reaches peer {@code peerId}. Feedback is this
   * node's own detection: a member that a peer sent ({@code sourcePeer}, the member's provenance;
   * an agreement cannot name the collection, but an older one or an account's rights could) is never
   * served, nor an identity other than the node's sighting identity. A hostile run had peer C post a
   * forged sighting of peer B's indicator there, which B read as this node's report.
   */
  static Decision decide(Connection c, int peerId, ObjectNode object, Integer sourcePeer) throws SQLException {
    if (sourcePeer != null) return new Decision.Withheld(Rule.COLLECTION);
    String type = object.path("type").asText("");
    if (type.equals("identity")) {
      try (PreparedStatement s = c.prepareStatement("select 1 from detect_identity where id = ?")) {
        s.setString(1, object.path("id").asText(""));
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? SERVED : new Decision.Withheld(Rule.COLLECTION);
        }
      }
    }
    if (!type.equals("sighting")) return new Decision.Withheld(Rule.TYPE);
    if (Markings.of(object).objectTlp().orElse(Tlp.RED).above(Tlp.AMBER)) return new Decision.Withheld(Rule.TLP);
    // the version detection matched must be one the peer sent: the peer owns the id (IndicatorSet.Builder#add):
    // none of the id is this node's own (made or imported here, or written by an administrator: it outranks every
    // other), and the peer's version reached this node before any other writer's, a peer's or a local account's.
    // A peer that sent a version of an id this node holds of its own, or another writer sent before it (which it
    // may know from a feed they share), learns nothing of how that indicator hit, and takes over nothing; a local
    // account's later version of a peer's id cuts nothing (hostile run 12z: it cut the peer's feedback, though
    // detection went on with the peer's version)
    try (PreparedStatement s = c.prepareStatement("select 1 where not exists (select 1 from collection_object o where o.stix_id = ?"
        + " and " + DetectionStore.nodesOwn("o") + ") and (select source_peer from collection_object"
        + " where stix_id = ? order by date_added limit 1) = ?")) {
      String indicator = object.path("sighting_of_ref").asText("");
      s.setString(1, indicator);
      s.setString(2, indicator);
      s.setInt(3, peerId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? SERVED : new Decision.Withheld(Rule.COLLECTION);
      }
    }
  }
}
