package dev.parley.cli;

import dev.parley.store.Stores;
import dev.parley.store.ConflictException;
import dev.parley.store.NotFoundException;
import dev.parley.store.accounts.Account;
import dev.parley.store.accounts.Right;
import dev.parley.store.collections.Collection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code parley token}: accounts and their tokens. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Creates, lists and revokes accounts: a name, a token, read and write rights per collection.",
    subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class},
    footer = {"", "Example:", "  parley token create --name peer-b --read shared --write inbox"})
final class TokenCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand: create, list or revoke.");
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Creates an account and prints its token (shown only once). Collections are ids or aliases; * means all.",
      footer = {"", "Example:", "  parley token create --name peer-b --write inbox \\",
          "      --read shared,3f0f1d2a-5c5e-4a8e-9b1e-2f6c7d8e9a0b"})
  static final class Create implements Runnable {
    @Spec CommandSpec spec;
    @Mixin StoreOptions store;

    @Option(names = "--name", required = true, paramLabel = "N", description = "The account name (the HTTP Basic user name).")
    String name;

    @Option(names = "--read", split = ",", paramLabel = "C", description = "Collections it may read.")
    List<String> read = new ArrayList<>();

    @Option(names = "--write", split = ",", paramLabel = "C", description = "Collections it may write to.")
    List<String> write = new ArrayList<>();

    @Option(names = "--replace", split = ",", paramLabel = "C",
        description = {"Collections where its adds replace an object held under the same id and version with another body",
            "(corrected content whose modified did not change); without it such objects are refused. Needs --write."})
    List<String> replace = new ArrayList<>();

    @Option(names = "--telemetry", description = "It may post telemetry to the node's detection (POST /telemetry).")
    boolean telemetry;

    @Option(names = "--admin", description = "An administrator: every right on every collection (replacing is still given with --replace).")
    boolean admin;

    @Override
    public void run() {
      try (Stores stores = store.open()) {
        Map<String, Right> rights = new HashMap<>();
        for (String c : read) rights.merge(key(stores, c), new Right(true, false), Right::or);
        for (String c : write) rights.merge(key(stores, c), new Right(false, true), Right::or);
        for (String c : replace) {
          String k = key(stores, c);
          if (!rights.getOrDefault(k, Right.NONE).write() && !admin) {
            throw new CommandFailure(ExitCodes.USAGE, "--replace " + c + " needs --write " + c + ": replacing is a way of writing");
          }
          rights.merge(k, new Right(false, false, true), Right::or);
        }
        String token = stores.accounts().create(name, admin, rights, telemetry);
        spec.commandLine().getOut().println(token);
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
      } catch (ConflictException e) {
        throw new CommandFailure(ExitCodes.INVALID, e.getMessage());
      }
    }

    private static String key(Stores stores, String c) {
      if (c.equals(Account.EVERY)) return c;
      Collection found = stores.collections().resolve(c)
          .orElseThrow(() -> new CommandFailure(ExitCodes.INVALID, "no collection with id or alias " + c));
      return found.id().toString();
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = {"Lists accounts and their rights (never tokens), a line an account.",
          "Each right reads collection-id:r, :w, :rw (x when its adds may replace, see token create --replace) with the",
          "collection's alias (or its quoted title) in parentheses; * means every collection."},
      footer = {"", "Examples:", "  parley token list --data ./parley-data", "  parley token list --format json"})
  static final class ListTokens implements Runnable {
    enum Format { text, json }

    @Spec CommandSpec spec;
    @Mixin StoreOptions store;

    @Option(names = "--format", defaultValue = "text", paramLabel = "F", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public void run() {
      try (Stores stores = store.open()) {
        Map<String, Collection> collections = new HashMap<>();
        for (Collection c : stores.collections().list()) collections.put(c.id().toString(), c);
        List<Account> accounts = stores.accounts().list();
        if (format == Format.json) {
          spec.commandLine().getOut().println(AccountListing.json(accounts, collections));
        } else {
          for (Account a : accounts) spec.commandLine().getOut().println(AccountListing.line(a, collections));
        }
      }
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Deletes an account; its token stops working (within 2 s on a running node).",
      footer = {"", "Example:", "  parley token revoke peer-b"})
  static final class Revoke implements Runnable {
    @Spec CommandSpec spec;
    @Mixin StoreOptions store;

    @Parameters(paramLabel = "N", description = "The account name.")
    String name;

    @Override
    public void run() {
      try (Stores stores = store.open()) {
        stores.accounts().revoke(name);
        spec.commandLine().getOut().println("revoked " + name);
      } catch (NotFoundException e) {
        throw new CommandFailure(ExitCodes.INVALID, e.getMessage());
      }
    }
  }
}
