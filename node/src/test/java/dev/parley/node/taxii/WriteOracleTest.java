package dev.parley.node.taxii;

import static dev.parley.node.TestNode.account;
import static dev.parley.node.TestNode.admin;
import static dev.parley.node.TestNode.envelope;
import static dev.parley.node.TestNode.get;
import static dev.parley.node.TestNode.ipv4;
import static dev.parley.node.TestNode.logSize;
import static dev.parley.node.TestNode.newCollection;
import static dev.parley.node.TestNode.newId;
import static dev.parley.node.TestNode.post;
import static dev.parley.node.TestNode.settle;
import static dev.parley.node.TestNode.statusShape;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.TestNode;
import dev.parley.node.TestNode.Reply;
import dev.parley.stix.Json;
import dev.parley.store.accounts.Right;
import dev.parley.store.log.Leaf;
import dev.parley.tlog.note.VerifierKey;
import dev.parley.tlog.verify.Receipt;
import dev.parley.tlog.verify.Receipts;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A writer learns nothing from its add requests about objects it may not read (ARCHITECTURE.md,
 * "What a writer is told"). Regression tests for the existence oracle found by a hostile peer: a
 * write-only account POSTed an ipv4-addr whose deterministic id matched one stored by the
 * administrator in another collection, and the status answered that a different object was stored
 * under that id, with its timestamp.
 */
class WriteOracleTest {
  private static String campaign(String id, String name) {
    return "{\"type\":\"campaign\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\",\"created\":\"2016-01-01T00:00:00.000Z\","
        + "\"modified\":\"2016-01-01T00:00:00.000Z\",\"name\":\"" + name + "\"}";
  }

  @Test
  void post_writeOnly_scoHeldElsewhereWithOtherBody_toldWhatAFreshValueIsTold() {
    UUID hidden = newCollection();
    UUID dropBox = newCollection();
    String writer = account(Map.of(dropBox.toString(), new Right(false, true)));
    assertThat(settle(hidden, admin(), ipv4("203.0.113.9", "\"x_seen\":\"by admin\"")).get("success_count").asInt()).isEqualTo(1);

    JsonNode probe = settle(dropBox, writer, ipv4("203.0.113.9", "\"x_seen\":\"by writer\""));
    JsonNode control = settle(dropBox, writer, ipv4("198.18." + (int) (Math.random() * 250) + ".7", "\"x_seen\":\"by writer\""));
    assertThat(statusShape(probe)).isEqualTo(statusShape(control));
    assertThat(probe.get("successes").get(0).get("version").asText()).isEqualTo(probe.get("request_timestamp").asText()
        .replaceAll("(\\.\\d{3})0{3}Z$", "$1Z"));
    assertThat(probe.toString()).doesNotContain("different").doesNotContain("already");
  }

  @Test
  void post_writeOnly_campaignHeldOnlyElsewhere_storedInItsOwnCollection() {
    UUID hidden = newCollection();
    UUID dropBox = newCollection();
    String writer = account(Map.of(dropBox.toString(), new Right(false, true)));
    String id = newId("campaign");
    settle(hidden, admin(), campaign(id, "Operation Secret"));
    JsonNode s = settle(dropBox, writer, campaign(id, "Probe"));
    assertThat(s.get("success_count").asInt()).isEqualTo(1);
    assertThat(get("/api1/collections/" + dropBox + "/objects/" + id + "/", admin()).json().get("objects").get(0).get("name").asText())
        .isEqualTo("Probe");
    assertThat(get("/api1/collections/" + hidden + "/objects/" + id + "/", admin()).json().get("objects").get(0).get("name").asText())
        .isEqualTo("Operation Secret");
  }

  @Test
  void post_writeOnly_conflictInsideItsCollection_toldAcceptedAndMemberKept() {
    UUID dropBox = newCollection();
    String writer = account(Map.of(dropBox.toString(), new Right(false, true)));
    String id = newId("campaign");
    settle(dropBox, admin(), campaign(id, "Held"));
    JsonNode conflict = settle(dropBox, writer, campaign(id, "Other"));
    JsonNode duplicate = settle(dropBox, writer, campaign(id, "Held"));
    JsonNode fresh = settle(dropBox, writer, campaign(newId("campaign"), "New"));
    assertThat(statusShape(conflict)).isEqualTo(statusShape(fresh)).isEqualTo(statusShape(duplicate));
    assertThat(get("/api1/collections/" + dropBox + "/objects/" + id + "/", admin()).json().get("objects").get(0).get("name").asText())
        .isEqualTo("Held");
  }

  /**
   * The log's size is public: an add by a write-only account grows it by one entry an object
   * whether the collection held it (the same body, or another one, kept) or not; and it keeps what
   * the collection holds even with the replace right, since a replacement is a delete entry. The
   * receipt of the object is still of the entry that stored what the collection serves.
   */
  @Test
  void post_writeOnly_logGrowsByOneEntryAnObject_heldOrNot() throws Exception {
    UUID dropBox = newCollection();
    String writer = account(Map.of(dropBox.toString(), new Right(false, true, true)));
    String id = newId("campaign");
    String held = campaign(id, "Held");
    settle(dropBox, admin(), held);
    long before = logSize();
    settle(dropBox, writer, campaign(id, "Other"));
    assertThat(logSize()).as("conflict").isEqualTo(before + 1);
    settle(dropBox, writer, held);
    assertThat(logSize()).as("duplicate").isEqualTo(before + 2);
    settle(dropBox, writer, campaign(newId("campaign"), "New"));
    assertThat(logSize()).as("new").isEqualTo(before + 3);
    assertThat(get("/api1/collections/" + dropBox + "/objects/" + id + "/", admin()).json().get("objects").get(0).get("name").asText())
        .isEqualTo("Held");

    Reply receipt = TestNode.receipt(dropBox, id, admin());
    assertThat(receipt.status()).isEqualTo(200);
    assertThat(receipt.json().get("leaf_index").asLong()).isLessThan(before);
    var key = VerifierKey.parse(get("/log/key", admin()).raw().body().strip());
    var parsed = Receipt.parse(receipt.raw().body());
    var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(held);
    byte[] canonical = Leaf.stored(dropBox, node, "2016-01-01T00:00:00.000Z").canonical();
    assertThat(Receipts.verify(parsed, key, Optional.of(canonical)).ok()).isTrue();
  }

  /** An account that reads the collection is told the outcome, and its duplicates add nothing to the log. */
  @Test
  void post_readerWriter_duplicate_logUnchanged() {
    UUID shared = newCollection();
    String analyst = account(Map.of(shared.toString(), new Right(true, true)));
    String held = campaign(newId("campaign"), "Held");
    settle(shared, admin(), held);
    long before = logSize();
    settle(shared, analyst, held);
    assertThat(logSize()).isEqualTo(before);
  }


  @Test
  void post_writeOnly_answeredAtOnceEveryObjectPending() {
    UUID dropBox = newCollection();
    String writer = account(Map.of(dropBox.toString(), new Right(false, true)));
    Reply r = post("/api1/collections/" + dropBox + "/objects/", writer, envelope(campaign(newId("campaign"), "A"), campaign(newId("campaign"), "B")));
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().get("status").asText()).isEqualTo("pending");
    assertThat(r.json().get("pending_count").asInt()).isEqualTo(2);
  }

  @Test
  void post_readerWriter_conflictInItsCollection_failureSaysWhatToDo() {
    UUID shared = newCollection();
    String analyst = account(Map.of(shared.toString(), new Right(true, true)));
    String id = newId("campaign");
    settle(shared, admin(), campaign(id, "Held"));
    JsonNode s = settle(shared, analyst, campaign(id, "Other"));
    assertThat(s.get("failure_count").asInt()).isEqualTo(1);
    assertThat(s.get("failures").get(0).get("message").asText()).contains("different object").contains("replace");
  }

  @Test
  void post_accountWithReplaceRight_replacesTheMember() {
    UUID shared = newCollection();
    String curator = account(Map.of(shared.toString(), new Right(true, true, true)));
    String id = newId("campaign");
    settle(shared, admin(), campaign(id, "Held"));
    JsonNode s = settle(shared, curator, campaign(id, "Corrected"));
    assertThat(s.get("success_count").asInt()).isEqualTo(1);
    JsonNode objects = get("/api1/collections/" + shared + "/objects/" + id + "/?match[version]=all", admin()).json().get("objects");
    assertThat(objects).hasSize(1);
    assertThat(objects.get(0).get("name").asText()).isEqualTo("Corrected");
  }
}
