package dev.parley.node.auth;

import dev.parley.store.accounts.Account;

/**
 * What the {@code Authorization} header of a request amounts to: a valid account, nothing sent, or
 * a credential that was refused (malformed, unknown, revoked, or a name that is not the token's).
 * The last two are answered alike, 401 with a challenge, and a refusal never says which part failed.
 */
public sealed interface Credential {
  /** The header named a current account. */
  record Valid(Account account) implements Credential {}

  /** No credential was sent. */
  record Missing() implements Credential {}

  /**
   * A credential was sent and refused.
   *
   * @param bearer whether it was a Bearer token (its challenge then says {@code invalid_token}, RFC 6750 §3.1)
   */
  record Refused(boolean bearer) implements Credential {}

  /** The {@code WWW-Authenticate} value of a 401 for this credential: both schemes the node takes (RFC 9110 §11.6.1). */
  default String challenge() {
    String bearer = this instanceof Refused r && r.bearer() ? "Bearer realm=\"parley\", error=\"invalid_token\"" : "Bearer realm=\"parley\"";
    return "Basic realm=\"parley\", charset=\"UTF-8\", " + bearer;
  }

  /** The description of a 401 for this credential. */
  default String refusal() {
    return this instanceof Missing
        ? "this server needs a credential: HTTP Basic (account name and token) or a Bearer token"
        : "the credential sent was refused; send a current account name and token (HTTP Basic) or a current Bearer token";
  }
}
