package dev.parley.web;

import dev.parley.store.accounts.Account;
import dev.parley.web.view.SignInView;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.Handler;
import io.javalin.http.SameSite;
import java.util.Optional;

/**
 * The interface's routes, and the rules every one of them follows: a page needs a live session
 * (else it goes to sign-in, keeping nothing of the request); a POST needs the session's CSRF token
 * (the sign-in form a CSRF token of its own, bound to a cookie), else it is refused with 403 and
 * changes nothing.
 */
final class Routes {
  private final WebUi ui;
  private final Pages pages;

  Routes(WebUi ui) {
    this.ui = ui;
    this.pages = new Pages(ui);
  }

  void register(JavalinDefaultRoutingApi routes) {
    Get r = (path, h) -> {
      routes.get(path, h);
      routes.head(path, h); // HEAD answers as GET does, without a body
    };
    r.get("/", page(pages::dashboard));
    r.get("/ui", page(pages::dashboard));
    r.get("/ui/signin", ui.guarded(this::signInForm));
    routes.post("/ui/signin", ui.guarded(this::signIn));
    routes.post("/ui/signout", ui.guarded(this::signOut));
    r.get("/ui/c/{collection}", page(pages::collection));
    r.get("/ui/c/{collection}/o/{object}", page(pages::object));
    r.get("/ui/c/{collection}/graph", page(pages::graph));
    r.get("/ui/c/{collection}/proof", page(pages::proof));
    r.get("/ui/chart", page(pages::chart));
    r.get("/ui/bulk", page(pages::bulkForm));
    routes.post("/ui/bulk", change(pages::bulk));
    r.get("/ui/log", page(pages::log));
    r.get("/ui/log/sizes", page(pages::logSizes));
    r.get("/ui/import", page(pages::importForm));
    routes.post("/ui/import", change(pages::importFile));
    r.get("/ui/import/{job}", page(pages::importJob));
    r.get("/ui/ops", page(pages::ops));
    routes.post("/ui/ops/account", change(pages::createAccount));
    routes.post("/ui/ops/rights", change(pages::changeRights));
    routes.post("/ui/ops/revoke", change(pages::revokeAccount));
    routes.post("/ui/ops/collection", change(pages::createCollection));
  }

  /** Registers a GET route and its HEAD. */
  @FunctionalInterface
  private interface Get {
    void get(String path, Handler h);
  }

  /** A page handler given the viewer. */
  @FunctionalInterface
  interface ViewerHandler {
    void handle(Context ctx, WebUi.Viewer viewer) throws Exception;
  }

  private Handler page(ViewerHandler h) {
    return ui.guarded(ctx -> {
      Optional<WebUi.Viewer> v = ui.viewer(ctx);
      if (v.isEmpty()) {
        toSignIn(ctx);
        return;
      }
      h.handle(ctx, v.get());
    });
  }

  private Handler change(ViewerHandler h) {
    return ui.guarded(ctx -> {
      Optional<WebUi.Viewer> v = ui.viewer(ctx);
      if (v.isEmpty()) {
        toSignIn(ctx);
        return;
      }
      String sent = ctx.header("X-CSRF-Token");
      if (sent == null) sent = ctx.formParam("csrf");
      if (!Sessions.same(sent, v.get().session().csrf)) {
        throw new WebException(403, "this form is stale or did not come from this node's pages (CSRF check failed); nothing was changed");
      }
      h.handle(ctx, v.get());
    });
  }

  private void toSignIn(Context ctx) {
    WebUi.headers(ctx);
    if (ctx.header("HX-Request") != null) {
      ctx.header("HX-Redirect", "/ui/signin");
      ctx.status(401).result("");
    } else if ("GET".equals(ctx.method().name())) {
      ctx.redirect("/ui/signin", io.javalin.http.HttpStatus.SEE_OTHER);
    } else {
      // a POST of an ended session keeps nothing of what it carried
      ctx.status(401);
      ui.render(ctx, "signin.jte", new SignInView(signInToken(ctx), "Your session has ended; sign in again. Nothing was changed."));
    }
  }

  private void signInForm(Context ctx) {
    if (ui.viewer(ctx).isPresent()) {
      ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
      return;
    }
    ui.render(ctx, "signin.jte", new SignInView(signInToken(ctx), null));
  }

  /** A fresh CSRF token for the sign-in form, also set as a cookie the form's POST must carry (double submit). */
  private String signInToken(Context ctx) {
    String token = Sessions.randomId();
    ctx.cookie(cookie(ctx, WebUi.SIGNIN_COOKIE, token, 600));
    return token;
  }

  private void signIn(Context ctx) {
    String cookie = ctx.cookie(WebUi.SIGNIN_COOKIE);
    if (!Sessions.same(cookie, ctx.formParam("csrf"))) {
      ctx.status(403);
      ui.render(ctx, "signin.jte", new SignInView(signInToken(ctx), "The sign-in form was stale or did not come from this node; try again."));
      return;
    }
    String token = ctx.formParam("token");
    token = token == null ? "" : token.trim();
    Optional<Account> account = token.isEmpty() || token.length() > 200 ? Optional.empty() : ui.stores.accounts().authenticate(token);
    if (account.isEmpty()) {
      ctx.status(401);
      ui.render(ctx, "signin.jte", new SignInView(signInToken(ctx), "That token was refused: it is unknown or revoked."));
      return;
    }
    Sessions.Session s = ui.sessions.open(token);
    ctx.cookie(cookie(ctx, WebUi.SIGNIN_COOKIE, "", 0));
    ctx.cookie(cookie(ctx, WebUi.SESSION_COOKIE, s.id, -1));
    ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void signOut(Context ctx) {
    Optional<WebUi.Viewer> v = ui.viewer(ctx);
    if (v.isPresent()) {
      if (!Sessions.same(ctx.formParam("csrf"), v.get().session().csrf)) {
        throw new WebException(403, "the sign-out form did not come from this node's pages (CSRF check failed)");
      }
      ui.sessions.close(v.get().session().id);
    }
    ctx.cookie(cookie(ctx, WebUi.SESSION_COOKIE, "", 0));
    ctx.redirect("/ui/signin", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private static Cookie cookie(Context ctx, String name, String value, int maxAge) {
    return new Cookie(name, value, "/", maxAge, "https".equals(ctx.scheme()), true, null, SameSite.STRICT);
  }
}
