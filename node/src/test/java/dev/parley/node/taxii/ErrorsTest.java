package dev.parley.node.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.StoreException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * What an error answer logs (hostile run 10m: every "busy" 503 of a peer's add requests wrote an
 * ERROR line with a stack trace of 3.6 KB; a peer looping POSTs grew the log by 90 KB a second).
 */
class ErrorsTest {
  @Test
  void level_refusalsTheNodeChose_notErrors_failuresAre() {
    TaxiiError busy = new TaxiiError(503, "Busy", "this account's 4 add requests are being stored already", Map.of(), Map.of("Retry-After", "5"));
    assertThat(Errors.level(busy, busy)).isEqualTo(Level.DEBUG);
    TaxiiError notFound = TaxiiError.notFound("no such collection");
    assertThat(Errors.level(notFound, notFound)).isNull();
    TaxiiError internal = new TaxiiError(500, "Internal error", "the server failed", Map.of(), Map.of());
    assertThat(Errors.level(new IllegalStateException("bug"), internal)).isEqualTo(Level.ERROR);
    TaxiiError unavailable = TaxiiError.of(503, "Service unavailable", "the database does not answer");
    assertThat(Errors.level(new StoreException("database unavailable"), unavailable)).isEqualTo(Level.ERROR);
  }
}
