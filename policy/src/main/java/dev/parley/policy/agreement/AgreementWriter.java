package dev.parley.policy.agreement;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;

/** Writes an agreement in the file format, every default written out, lists and sets in canonical order. */
final class AgreementWriter {
  private AgreementWriter() {}

  static ObjectNode write(Agreement a) {
    ObjectNode root = Json.mapper().createObjectNode();
    ArrayNode share = root.putArray("share");
    for (Share s : a.share()) {
      ObjectNode entry = share.addObject().put("collection", s.collection()).put("max_tlp", s.maxTlp().label());
      s.types().ifPresent(types -> types.stream().sorted().forEach(entry.putArray("types")::add));
      entry.put("unmarked", s.unmarked().label()).put("dangling_refs", s.danglingRefs().label());
    }
    ArrayNode receive = root.putArray("receive");
    a.receive().forEach(r -> receive.addObject().put("collection", r.collection()).put("into", r.into()));
    ArrayNode push = root.putArray("push");
    a.push().forEach(p -> push.addObject().put("collection", p.collection()).put("to", p.to()));
    ArrayNode accept = root.putArray("accept");
    a.accept().forEach(c -> accept.addObject().put("collection", c.collection()));
    root.put("relay", a.relay());
    ArrayNode feedback = root.putArray("feedback");
    a.feedback().stream().sorted().forEach(f -> feedback.add(f.label()));
    return root;
  }
}
