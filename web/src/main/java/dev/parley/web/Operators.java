package dev.parley.web;

import dev.parley.stix.Timestamps;
import dev.parley.store.ConflictException;
import dev.parley.store.NotFoundException;
import dev.parley.store.accounts.Account;
import dev.parley.store.accounts.Right;
import dev.parley.store.collections.Collection;
import dev.parley.store.egress.Explanations;
import dev.parley.web.view.Card;
import dev.parley.web.view.Links;
import dev.parley.web.view.OpsView;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The operators' page (administrators only): accounts and their tokens (create with rights per
 * collection, revoke), collections (create), peers and their state, and what one peer would receive
 * ({@code parley policy explain}'s dry run).
 */
final class Operators {
  private static final int MAX_EXPLAINED = 500;
  private static final String NONE = "none";
  private static final String READ = "read";
  private static final String WRITE = "write";
  private static final String READ_WRITE = "read-write";

  private final WebUi ui;

  Operators(WebUi ui) {
    this.ui = ui;
  }

  private static void admin(WebUi.Viewer v) {
    if (!v.account().admin()) throw new WebException(403, "only an administrator may manage accounts, collections and peers");
  }

  void page(Context ctx, WebUi.Viewer v, String token, String message) {
    admin(v);
    List<Collection> all = ui.stores.collections().list();
    List<OpsView.AccountRow> accounts = ui.stores.accounts().list().stream()
        .map(a -> new OpsView.AccountRow(a.name(), a.admin(), a.isPeer(), rights(a), choices(a, all))).toList();
    List<Card> collections = all.stream()
        .map(c -> new Card(c.id().toString(), c.title(), c.description(), 0, Links.collection(c.id()), true)).toList();
    String peer = Pages.param(ctx, "explain");
    String collection = Pages.param(ctx, "collection");
    List<OpsView.Explained> explained = new ArrayList<>();
    if (peer != null) {
      UUID cid = null;
      if (collection != null) {
        try {
          cid = UUID.fromString(collection);
        } catch (IllegalArgumentException e) {
          throw new WebException(400, "collection: a collection id, not " + collection);
        }
      }
      boolean known = new Explanations(ui.stores.db()).explain(peer, cid, null,
          e -> add(explained, e, "served"), e -> add(explained, e, "withheld"));
      if (!known) message = "There is no peer named " + peer + ".";
    }
    ui.render(ctx, "ops.jte", new OpsView(ui.layout(ctx, v, "Operators"), accounts, collections,
        ui.stores.peers().list().stream().map(Pages::peerRow).toList(), token, message, peer, collection, explained));
  }

  private static void add(List<OpsView.Explained> list, Explanations.Entry e, String verdict) {
    if (list.size() < MAX_EXPLAINED) list.add(new OpsView.Explained(e.id(), Timestamps.formatVersion(e.version()), verdict, e.rule()));
  }

  private static String rights(Account a) {
    if (a.admin()) return "administrator: every collection";
    return a.rights().entrySet().stream()
        .map(e -> e.getKey() + ": " + (e.getValue().read() ? "read " : "") + (e.getValue().write() ? "write " : "")
            + (e.getValue().replace() ? "replace" : "")).map(String::trim).collect(Collectors.joining("; "));
  }

  void createAccount(Context ctx, WebUi.Viewer v) {
    admin(v);
    String name = ctx.formParam("name");
    boolean admin = "on".equals(ctx.formParam("admin"));
    Map<String, Right> rights = rightsOf(ctx);
    String token;
    try {
      token = ui.stores.accounts().create(name == null ? "" : name.trim(), admin, rights);
    } catch (ConflictException e) {
      throw new WebException(409, "an account named " + name + " exists already");
    }
    page(ctx, v, token, "Account " + name.trim() + " created. Its token is shown once, below: hand it over now.");
  }

  /**
   * The rights chosen in a form: a select per collection ({@code right-ID}) and one for every
   * collection ({@code right-*}), each none, read, write or read-write.
   */
  private Map<String, Right> rightsOf(Context ctx) {
    Map<String, Right> rights = new LinkedHashMap<>();
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put(Account.EVERY, "every collection");
    for (Collection c : ui.stores.collections().list()) keys.put(c.id().toString(), c.title());
    keys.forEach((key, title) -> {
      String r = ctx.formParam("right-" + key);
      if (r == null || r.equals(NONE)) return;
      switch (r) {
        case READ -> rights.put(key, new Right(true, false));
        case WRITE -> rights.put(key, new Right(false, true));
        case READ_WRITE -> rights.put(key, new Right(true, true));
        default -> throw new WebException(400, "right for " + title + ": none, read, write or read-write, not " + r);
      }
    });
    return rights;
  }

  /** What each select of the account's rights form shows chosen: every collection ({@code *}) first. */
  private static Map<String, String> choices(Account a, List<Collection> collections) {
    Map<String, String> chosen = new LinkedHashMap<>();
    chosen.put(Account.EVERY, choice(a.rights().get(Account.EVERY)));
    for (Collection c : collections) chosen.put(c.id().toString(), choice(a.rights().get(c.id().toString())));
    return chosen;
  }

  private static String choice(Right r) {
    if (r == null || (!r.read() && !r.write())) return NONE;
    return r.read() && r.write() ? READ_WRITE : r.read() ? READ : WRITE;
  }

  /**
   * Replaces an account's rights with those of the form. A peer's rights are what its agreement
   * says ({@code parley agreement set}), and an administrator's are every right: neither is changed here.
   */
  void changeRights(Context ctx, WebUi.Viewer v) {
    admin(v);
    String name = ctx.formParam("name");
    Account account = ui.stores.accounts().list().stream().filter(a -> a.name().equals(name)).findFirst()
        .orElseThrow(() -> new WebException(404, "there is no account named " + name));
    if (account.isPeer()) throw new WebException(409, name + " is a peer's account: its rights follow its agreement (parley agreement set)");
    if (account.admin()) throw new WebException(409, name + " is an administrator: it has every right on every collection");
    Map<String, Right> rights = rightsOf(ctx);
    try {
      ui.stores.accounts().changeRights(name, rights);
    } catch (NotFoundException e) {
      throw new WebException(404, "there is no account named " + name);
    }
    page(ctx, v, null, "Rights of " + name + " changed: " + (rights.isEmpty() ? "none" : rights(new Account(name, false, rights))) + ".");
  }

  void revoke(Context ctx, WebUi.Viewer v) {
    admin(v);
    String name = ctx.formParam("name");
    if (name == null || ui.stores.accounts().list().stream().noneMatch(a -> a.name().equals(name))) {
      throw new WebException(404, "there is no account named " + name);
    }
    if (name.equals(v.account().name())) throw new WebException(400, "you cannot revoke the account you are signed in with");
    ui.stores.accounts().revoke(name);
    page(ctx, v, null, "Account " + name + " revoked: its token no longer works.");
  }

  void createCollection(Context ctx, WebUi.Viewer v) {
    admin(v);
    String title = ctx.formParam("title");
    if (title == null || title.isBlank()) throw new WebException(400, "title: a collection needs a title");
    String description = ctx.formParam("description");
    String alias = ctx.formParam("alias");
    if (alias != null && alias.isBlank()) alias = null;
    if (alias != null && !alias.matches("[A-Za-z0-9._-]{1,64}")) throw new WebException(400, "alias: 1-64 letters, digits, '.', '_' or '-'");
    String root = ctx.formParam("api_root");
    if (root == null || !ui.apiRoots.contains(root)) root = ui.apiRoots.get(0);
    Collection c;
    try {
      c = ui.stores.collections().create(new Collection(UUID.randomUUID(), root, title.trim(),
          description == null || description.isBlank() ? null : description, alias));
    } catch (ConflictException e) {
      throw new WebException(409, "a collection with alias " + alias + " exists already");
    }
    page(ctx, v, null, "Collection " + c.title() + " created (" + c.id() + ").");
  }
}
