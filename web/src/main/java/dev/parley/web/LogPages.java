package dev.parley.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.stix.Json;
import dev.parley.store.browse.BrowseStore;
import dev.parley.store.browse.BrowseStore.Item;
import dev.parley.store.collections.Collection;
import dev.parley.store.log.Published;
import dev.parley.web.view.LogView;
import dev.parley.web.view.Row;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * The log page: the current checkpoint and its signatures, the log's size over time, look-up of an
 * entry by index (read and checked in the browser from {@code /log/}) or by object id.
 */
final class LogPages {
  private final WebUi ui;

  LogPages(WebUi ui) {
    this.ui = ui;
  }

  void page(Context ctx, WebUi.Viewer v) {
    if (ui.stores.log() == null) throw new WebException(404, "this node keeps no log");
    Published latest = ui.stores.log().reader().latest();
    String note = latest.note();
    List<String> signatures = note.lines().filter(l -> l.startsWith("\u2014 ")).toList();
    String object = Pages.param(ctx, "object");
    List<Row> rows = new ArrayList<>();
    String message = null;
    if (object != null) {
      if (object.length() > 300) throw new WebException(400, "object: an object id, not " + object.length() + " characters");
      for (Collection c : new Pages(ui).visible(v)) {
        if (!v.canRead(ui.stores, c.id().toString())) continue;
        for (Item item : ui.browse.versions(c.id(), v.feed(), object)) rows.add(Pages.row(c.id(), item));
      }
      if (rows.isEmpty()) message = "No collection this account reads holds " + object + ".";
    }
    String entry = Pages.param(ctx, "entry");
    if (entry != null && !entry.matches("[0-9]{1,18}")) throw new WebException(400, "entry: a leaf index (a whole number), not " + entry);
    ui.render(ctx, "log.jte", new LogView(ui.layout(ctx, v, "Log"), note, latest.checkpoint().size().value(),
        ui.stores.log().reader().verifierKey().encode(), signatures, object, rows, message, entry, null));
  }

  /** The log's size over time, from its checkpoints: {@code {"times":[epoch seconds...],"sizes":[...]}}. */
  void sizes(Context ctx) {
    ObjectNode o = Json.mapper().createObjectNode();
    ArrayNode x = o.putArray("times");
    ArrayNode y = o.putArray("sizes");
    for (BrowseStore.DayCount p : ui.browse.logSizes(200)) {
      x.add(p.day().getEpochSecond());
      y.add(p.count());
    }
    Pages.json(ctx, o);
  }
}
