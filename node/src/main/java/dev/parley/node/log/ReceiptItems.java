package dev.parley.node.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.stix.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The body of {@code POST /log/receipts}: {@code {"items":[{"collection","object","version"?}…]}},
 * one to {@value #MAX} items, each asking what {@code GET /log/receipt} asks with the same
 * parameters. Anything else is refused whole with an {@link IllegalArgumentException} whose message
 * names the JSON pointer of what is wrong (a 400).
 */
record ReceiptItems(List<Item> items) {
  /** The most items one request may ask for. */
  static final int MAX = 256;
  /** The largest body taken: {@value #MAX} items with long ids and versions fit in a quarter of it. */
  static final int MAX_BODY = 256 * 1024;

  /** One receipt asked for; without a version, the version logged last. */
  record Item(UUID collection, String object, Optional<String> version) {}

  ReceiptItems {
    items = List.copyOf(items);
  }

  static ReceiptItems parse(byte[] body) {
    JsonNode root;
    try {
      // one JSON value, as an envelope is (hostile run bb D9: text after it was ignored)
      root = Json.readOne(body);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new IllegalArgumentException("the body is not JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
          + ": " + Json.problem(e));
    } catch (IOException e) {
      throw new IllegalArgumentException("the body cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) throw new IllegalArgumentException("the body must be a JSON object {\"items\":[…]}");
    JsonNode items = root.get("items");
    if (items == null || !items.isArray()) throw new IllegalArgumentException("/items: required, an array of {\"collection\",\"object\",\"version\"}");
    if (items.isEmpty() || items.size() > MAX) {
      throw new IllegalArgumentException("/items: from 1 to " + MAX + " items, not " + items.size());
    }
    List<Item> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String at = "/items/" + i;
      JsonNode item = items.get(i);
      if (!item.isObject()) throw new IllegalArgumentException(at + ": must be an object {\"collection\",\"object\",\"version\"}");
      item.fieldNames().forEachRemaining(name -> {
        if (!name.equals("collection") && !name.equals("object") && !name.equals("version")) {
          throw new IllegalArgumentException(at + "/" + name + ": unknown member (collection, object, version)");
        }
      });
      String raw = text(item, at, "collection");
      UUID collection;
      try {
        collection = UUID.fromString(raw);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + "/collection: must be a collection id (a UUID): " + raw);
      }
      String object = text(item, at, "object");
      JsonNode version = item.get("version");
      if (version != null && !version.isNull() && !version.isTextual()) throw new IllegalArgumentException(at + "/version: must be a string");
      out.add(new Item(collection, object, version == null || version.isNull() ? Optional.empty() : Optional.of(version.textValue())));
    }
    return new ReceiptItems(out);
  }

  private static String text(JsonNode item, String at, String name) {
    JsonNode value = item.get(name);
    if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
      throw new IllegalArgumentException(at + "/" + name + ": required, a non-empty string");
    }
    return value.textValue();
  }
}
