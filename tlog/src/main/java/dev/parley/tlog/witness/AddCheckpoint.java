package dev.parley.tlog.witness;

import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.tree.Hash;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of a c2sp.org/tlog-witness add-checkpoint request: an {@code old N} line, at most 63
 * consistency proof lines (base64 hashes), an empty line, then the signed checkpoint note.
 *
 * @param note the signed note as sent (text, blank line, signature lines), not yet verified
 */
public record AddCheckpoint(long oldSize, List<Hash> proof, String note) {
  /** tlog-witness: "The client MUST NOT send more than 63 consistency proof lines." */
  public static final int MAX_PROOF_LINES = 63;

  public AddCheckpoint {
    if (oldSize < 0) throw new IllegalArgumentException("old size must not be negative");
    proof = List.copyOf(proof);
    if (proof.size() > MAX_PROOF_LINES) throw new IllegalArgumentException("more than 63 proof lines");
  }

  /** The request body, as a client sends it. */
  public String format() {
    StringBuilder out = new StringBuilder("old ").append(oldSize).append('\n');
    proof.forEach(hash -> out.append(hash.toBase64()).append('\n'));
    return out.append('\n').append(note).toString();
  }

  /**
   * Parses a request body.
   *
   * @throws MalformedInputException naming what is wrong, for a 400
   */
  public static AddCheckpoint parse(byte[] body) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw malformed("not valid UTF-8");
    }
    int at = 0;
    int end = text.indexOf('\n');
    if (end < 0) throw malformed("the first line must be 'old N' ending in a newline");
    String first = text.substring(0, end);
    if (!first.startsWith("old ") || !first.substring(4).matches("0|[1-9][0-9]{0,18}")) {
      throw malformed("the first line must be 'old N' with N a decimal without leading zeros: " + clip(first));
    }
    long old;
    try {
      old = Long.parseLong(first.substring(4));
    } catch (NumberFormatException e) {
      throw malformed("old size too large");
    }
    at = end + 1;
    List<Hash> proof = new ArrayList<>();
    while (true) {
      end = text.indexOf('\n', at);
      if (end < 0) throw malformed("no empty line before the checkpoint");
      if (end == at) break;
      if (proof.size() == MAX_PROOF_LINES) throw malformed("more than " + MAX_PROOF_LINES + " consistency proof lines");
      String line = text.substring(at, end);
      try {
        proof.add(Hash.fromBase64(line));
      } catch (MalformedInputException e) {
        throw malformed("proof line " + (proof.size() + 1) + " is not a base64 hash: " + clip(line));
      }
      at = end + 1;
    }
    String note = text.substring(end + 1);
    if (note.isEmpty()) throw malformed("no checkpoint after the empty line");
    return new AddCheckpoint(old, proof, note);
  }

  private static String clip(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  private static MalformedInputException malformed(String why) {
    return new MalformedInputException("add-checkpoint request", why);
  }
}
