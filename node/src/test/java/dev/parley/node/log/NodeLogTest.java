package dev.parley.node.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.node.TestNode;
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

/** Issue 5 through the node: what a TAXII POST stores is on the log, and its receipt verifies. */
class NodeLogTest {

  @Test
  void post_objectStored_receiptVerifiesAgainstTheServedKey() throws Exception {
    UUID collection = TestNode.newCollection();
    String id = TestNode.newId("indicator");
    String modified = "2024-03-04T05:06:07.089Z";
    String object = TestNode.indicator(id, modified);
    TestNode.Reply posted = TestNode.post("/api1/collections/" + collection + "/objects/", TestNode.admin(), TestNode.envelope(object));
    assertThat(posted.status()).isEqualTo(202);
    assertThat(posted.json().path("success_count").asInt()).isEqualTo(1);

    String receiptPath = "/log/receipt?collection=" + collection + "&object=" + id;
    TestNode.Reply receipt = awaitReceipt(receiptPath);
    assertThat(receipt.status()).isEqualTo(200);

    VerifierKey key = VerifierKey.parse(TestNode.get("/log/key", TestNode.admin()).raw().body().strip());
    byte[] canonical = Leaf.stored(collection, (ObjectNode) Json.mapper().readTree(object), modified).canonical();
    Receipt parsed = Receipt.parse(receipt.raw().body());
    assertThat(Receipts.verify(parsed, key, Optional.of(canonical)).ok()).isTrue();
    byte[] otherCollection = Leaf.stored(UUID.randomUUID(), (ObjectNode) Json.mapper().readTree(object), modified).canonical();
    assertThat(Receipts.verify(parsed, key, Optional.of(otherCollection)).ok()).isFalse();
  }

  @Test
  void receipt_byRights_401WithoutCredential_403ForWriter_404ForAccountThatCannotSeeIt() throws Exception {
    UUID collection = TestNode.newCollection();
    String id = TestNode.newId("indicator");
    TestNode.post("/api1/collections/" + collection + "/objects/", TestNode.admin(),
        TestNode.envelope(TestNode.indicator(id, "2024-03-04T05:06:07.089Z")));
    String path = "/log/receipt?collection=" + collection + "&object=" + id;
    assertThat(awaitReceipt(path).status()).isEqualTo(200);
    // the bug: no credential, or a wrong one, answered 403 without a challenge
    for (String auth : new String[] {null, "Bearer parley_wrong", TestNode.basic("admin", "parley_wrong")}) {
      TestNode.RawReply r = TestNode.raw("GET", path, auth, null);
      assertThat(r.status()).as(auth).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).as(auth).startsWith("Basic realm=\"parley\"").contains(", Bearer realm=\"parley\"");
    }
    String writer = TestNode.account(Map.of(collection.toString(), new Right(false, true)));
    assertThat(TestNode.get(path, writer).status()).isEqualTo(403);
    String stranger = TestNode.account(Map.of(UUID.randomUUID().toString(), new Right(true, false)));
    TestNode.Reply hidden = TestNode.get(path, stranger);
    assertThat(hidden.status()).isEqualTo(404);
    // the answer for a collection that does not exist, with the other collection's id
    String absent = TestNode.get(path.replace(collection.toString(), UUID.randomUUID().toString()), stranger).raw().body();
    assertThat(hidden.raw().body()).isEqualTo(absent.replaceAll("collection [0-9a-f-]{36}", "collection " + collection));
  }

  @Test
  void tile_beyondTheTree_404KeepsTheLogsReason() {
    // the bug: the node's 404 handler replaced the log's reason with "no such resource"
    TestNode.Reply r = TestNode.get("/log/tile/1/999", null);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("error").asText()).contains("beyond the tree of the latest checkpoint (size ");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    TestNode.Reply proof = TestNode.get("/log/proof/inclusion?index=" + Long.MAX_VALUE + "&size=" + Long.MAX_VALUE, null);
    assertThat(proof.status()).isEqualTo(404);
    assertThat(proof.json().get("error").asText()).contains("beyond the latest checkpoint");
  }

  private static TestNode.Reply awaitReceipt(String path) throws InterruptedException {
    TestNode.Reply reply = null;
    for (int i = 0; i < 100; i++) {
      reply = TestNode.get(path, TestNode.admin());
      if (reply.status() == 200) return reply;
      Thread.sleep(50);
    }
    return reply;
  }
}
