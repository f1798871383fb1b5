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
  void receipt_callerWithoutReadRight_isRefused() throws Exception {
    UUID collection = TestNode.newCollection();
    String id = TestNode.newId("indicator");
    TestNode.post("/api1/collections/" + collection + "/objects/", TestNode.admin(),
        TestNode.envelope(TestNode.indicator(id, "2024-03-04T05:06:07.089Z")));
    String stranger = TestNode.account(Map.of(UUID.randomUUID().toString(), new Right(true, false)));
    TestNode.Reply reply = TestNode.get("/log/receipt?collection=" + collection + "&object=" + id, stranger);
    assertThat(reply.status()).isEqualTo(403);
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
