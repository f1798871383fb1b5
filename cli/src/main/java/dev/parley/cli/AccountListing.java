package dev.parley.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.store.accounts.Account;
import dev.parley.store.accounts.Right;
import dev.parley.store.collections.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * How {@code parley token list} shows an account: its rights by collection id, each with the
 * collection's alias or title beside it, since an id alone tells a reader nothing.
 */
final class AccountListing {
  private AccountListing() {}

  /** {@code name  [admin]  id:rw (alias)  id:r ("title")  *:r (every collection)}. */
  static String line(Account account, Map<String, Collection> collections) {
    StringBuilder b = new StringBuilder(account.name());
    if (account.admin()) b.append("  admin");
    if (account.telemetry()) b.append("  telemetry");
    for (Map.Entry<String, Right> e : new TreeMap<>(account.rights()).entrySet()) {
      Right right = e.getValue();
      b.append("  ").append(e.getKey()).append(':').append(right.read() ? "r" : "").append(right.write() ? "w" : "").append(right.replace() ? "x" : "");
      b.append(" (").append(name(e.getKey(), collections)).append(')');
    }
    return b.toString();
  }

  private static String name(String key, Map<String, Collection> collections) {
    if (key.equals(Account.EVERY)) return "every collection";
    Collection c = collections.get(key);
    if (c == null) return "no such collection";
    return c.alias() != null ? c.alias() : "\"" + c.title() + "\"";
  }

  /** {@code [{"name","admin","rights":[{"collection","alias","title","read","write","replace"}]}]}; alias and title null when unknown. */
  static String json(Iterable<Account> accounts, Map<String, Collection> collections) {
    ArrayNode list = Json.mapper().createArrayNode();
    for (Account account : accounts) {
      ObjectNode a = list.addObject().put("name", account.name()).put("admin", account.admin());
      if (account.telemetry()) a.put("telemetry", true);
      ArrayNode rights = a.putArray("rights");
      for (Map.Entry<String, Right> e : new TreeMap<>(account.rights()).entrySet()) {
        Collection c = collections.get(e.getKey());
        rights.addObject().put("collection", e.getKey())
            .put("alias", c == null ? null : c.alias())
            .put("title", c == null ? null : c.title())
            .put("read", e.getValue().read())
            .put("write", e.getValue().write())
            .put("replace", e.getValue().replace());
      }
    }
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a tree of strings and booleans always writes
    }
  }
}
