-- Receipts still pending, by when their version was received: the ones a peer has not given for an
-- hour and more are an alarm (ReceiptStore.overdue), counted at every sync pass and on /metrics.
-- Only rows a peer answered without a receipt are pending rows; a receipt verified or failed at its
-- first asking is written in its final state and never enters this index.
create index sync_receipt_pending_since on sync_receipt (received) where state = 'pending';
