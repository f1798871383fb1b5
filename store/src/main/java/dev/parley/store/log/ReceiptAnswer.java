package dev.parley.store.log;

import java.util.Objects;

/** What the log answers for one receipt of a batch ({@link LogReader#receipts}): the receipt, or why there is none. */
public sealed interface ReceiptAnswer permits ReceiptAnswer.Issued, ReceiptAnswer.Refused {
  /** The receipt. */
  record Issued(LogReceipt receipt) implements ReceiptAnswer {
    public Issued {
      Objects.requireNonNull(receipt, "receipt");
    }
  }

  /**
   * No receipt: {@link LogNotFoundException} when no such version was logged (or the requester may
   * not know of it), {@link LogUnavailableException} when it is not yet in the signed checkpoint.
   */
  record Refused(LogException failure) implements ReceiptAnswer {
    public Refused {
      Objects.requireNonNull(failure, "failure");
    }
  }
}
