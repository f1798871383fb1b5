package dev.parley.tlog.verify;

import dev.parley.tlog.MalformedInputException;
import dev.parley.tlog.tree.ConsistencyProof;
import dev.parley.tlog.tree.InclusionProof;
import dev.parley.tlog.tree.TreeSize;

/**
 * Proofs as JSON for clients that do not read tiles, with RFC 9162 field names: {@code
 * {"leaf_index":5,"tree_size":8,"inclusion_path":["base64",...]}} and {@code
 * {"first":3,"second":8,"consistency_path":[...]}}.
 */
public final class ProofJson {
  private ProofJson() {}

  public static String inclusion(InclusionProof proof) {
    return "{\"leaf_index\":" + proof.leafIndex() + ",\"tree_size\":" + proof.treeSize().value()
        + ",\"inclusion_path\":" + JsonFields.hashes(proof.path()) + "}";
  }

  /**
   * Parses an inclusion proof.
   *
   * @throws dev.parley.tlog.MalformedInputException when the JSON is not such a proof
   */
  public static InclusionProof parseInclusion(String json) {
    JsonFields fields = new JsonFields(json);
    try {
      return new InclusionProof(fields.integer("leaf_index"), TreeSize.of(fields.integer("tree_size")),
          fields.hashes("inclusion_path"));
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("inclusion proof", e.getMessage());
    }
  }

  public static String consistency(ConsistencyProof proof) {
    return "{\"first\":" + proof.first().value() + ",\"second\":" + proof.second().value()
        + ",\"consistency_path\":" + JsonFields.hashes(proof.path()) + "}";
  }

  /**
   * Parses a consistency proof.
   *
   * @throws dev.parley.tlog.MalformedInputException when the JSON is not such a proof
   */
  public static ConsistencyProof parseConsistency(String json) {
    JsonFields fields = new JsonFields(json);
    try {
      return new ConsistencyProof(TreeSize.of(fields.integer("first")), TreeSize.of(fields.integer("second")),
          fields.hashes("consistency_path"));
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException("consistency proof", e.getMessage());
    }
  }
}
