package dev.parley.node.taxii;

import dev.parley.store.accounts.Account;
import io.javalin.http.Context;

/** One authenticated TAXII request. */
record Request(Context ctx, Account account) {}
