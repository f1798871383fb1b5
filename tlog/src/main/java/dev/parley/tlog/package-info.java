/**
 * Transparency-log math for Parley: RFC 9162 §2.1 Merkle hashing and proofs ({@code tree}), C2SP
 * tlog-tiles ({@code tiles}), C2SP signed notes, keys and cosignatures ({@code note}), C2SP
 * checkpoints ({@code checkpoint}), the salted log entry ({@code entry}) and a client-side verifier
 * ({@code verify}). Pure: no I/O, no dependencies beyond the JDK.
 */
package dev.parley.tlog;
