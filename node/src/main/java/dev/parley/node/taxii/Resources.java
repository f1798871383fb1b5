package dev.parley.node.taxii;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.store.accounts.Account;
import dev.parley.store.collections.Collection;
import dev.parley.stix.Timestamps;
import dev.parley.store.status.Status;
import dev.parley.store.status.StatusDetail;
import java.util.List;

/** The JSON of TAXII resources: collection (§5.2.1) and status (§4.3.1). */
final class Resources {
  private Resources() {}

  static ObjectNode collection(Collection c, Account account) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("id", c.id().toString());
    o.put("title", c.title());
    if (c.description() != null) o.put("description", c.description());
    if (c.alias() != null) o.put("alias", c.alias());
    o.put("can_read", account.canRead(c.id().toString()));
    o.put("can_write", account.canWrite(c.id().toString()));
    o.putArray("media_types").add(MediaTypes.STIX);
    return o;
  }

  /**
   * A status as {@code account} may see it. To an account that may not read the collection, a
   * success says no more than "stored": the store's note that the version was "already in the
   * collection" would tell it what the collection holds.
   */
  static ObjectNode status(Status s, Account account) {
    boolean reader = account.canRead(s.collection().toString());
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("id", s.id().toString());
    o.put("status", s.state());
    o.put("request_timestamp", Timestamps.format(s.requestTimestamp()));
    o.put("total_count", s.total());
    o.put("success_count", s.successes().size());
    details(o, "successes", s.successes(), reader);
    o.put("failure_count", s.failures().size());
    details(o, "failures", s.failures(), true);
    o.put("pending_count", s.pendings().size());
    details(o, "pendings", s.pendings(), true);
    return o;
  }

  private static void details(ObjectNode o, String name, List<StatusDetail> list, boolean withMessages) {
    if (list.isEmpty()) return; // TAXII forbids empty lists (§2)
    ArrayNode a = o.putArray(name);
    for (StatusDetail d : list) {
      ObjectNode x = a.addObject();
      x.put("id", d.id());
      if (d.version() != null) x.put("version", d.version());
      if (d.message() != null && withMessages) x.put("message", d.message());
    }
  }
}
