/**
 * Witnessing (c2sp.org/tlog-witness, c2sp.org/tlog-cosignature): the add-checkpoint request, the
 * witness's verdict on it, and fork evidence that a third party can check offline with the log's key
 * alone. Pure: no I/O, no SQL, no HTTP.
 */
package dev.parley.tlog.witness;
