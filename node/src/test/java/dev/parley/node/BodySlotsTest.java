package dev.parley.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Requests that send their bodies slowly hold a server thread each; the node reads at most
 * {@link BodySlots#PER_ADDRESS} bodies from one address (and {@link BodySlots#ALL} in all) at once and
 * answers the rest 503 at once, so that its pages and log go on answering (hostile run 12p: 300
 * connections trickling bodies to the witness, open to anyone, left the node answering no one).
 * Every slot comes back when its request ends, whatever it answered.
 */
class BodySlotsTest {
  private static Socket trickle(String path) throws Exception {
    Socket s = new Socket("127.0.0.1", TestNode.get().port());
    OutputStream out = s.getOutputStream();
    out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 60000\r\n\r\nold 0\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return s;
  }

  @Test
  void slowBodiesFromOneAddress_pastTheBound503AtOnce_pagesAndLogStillAnswer() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < BodySlots.PER_ADDRESS; i++) held.add(trickle("/witness/add-checkpoint"));
      long deadline = System.nanoTime() + 30_000_000_000L;
      TestNode.Reply refused;
      do {
        refused = TestNode.post("/witness/add-checkpoint", "Bearer nope", "old 0\n\n");
        if (refused.status() == 503 || System.nanoTime() > deadline) break;
        Thread.sleep(50);
      } while (true);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.raw().headers().firstValue("Retry-After")).hasValue("5");
      assertThat(refused.raw().body()).contains("nothing of this one was read");
      assertThat(TestNode.get("/healthz", null).status()).isEqualTo(200);
      assertThat(TestNode.get("/log/checkpoint", null).status()).isEqualTo(200);
      assertThat(TestNode.get("/taxii2/", TestNode.admin()).status()).isEqualTo(200);
    } finally {
      for (Socket s : held) s.close();
    }
    // the slots come back with their requests' ends
    long deadline = System.nanoTime() + 30_000_000_000L;
    int status;
    do {
      status = TestNode.post("/witness/add-checkpoint", "Bearer nope", "old 0\n\n").status();
      if (status != 503 || System.nanoTime() > deadline) break;
      Thread.sleep(100);
    } while (true);
    assertThat(status).isEqualTo(400);
  }

  @Test
  void manyRequestsThatFail_everySlotComesBack() {
    for (int i = 0; i < BodySlots.ALL + 10; i++) {
      assertThat(TestNode.post("/witness/add-checkpoint", "Bearer nope", "not a request").status()).isEqualTo(400);
      assertThat(TestNode.post("/api1/collections/no-such/objects/", "Bearer nope", "{}").status()).isEqualTo(401);
    }
    assertThat(TestNode.post("/witness/add-checkpoint", "Bearer nope", "old 0\n\n").status()).isEqualTo(400);
  }
}
