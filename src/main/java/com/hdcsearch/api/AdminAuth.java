package com.hdcsearch.api;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Checks the admin bearer token: 403 when none is configured, 401 when missing or wrong. */
@ApplicationScoped
public class AdminAuth {
  private static final String BEARER = "Bearer ";
  /** Shorter tokens are refused at check time: a guessable token is no lock. */
  static final int MIN_TOKEN_LENGTH = 16;

  private final Optional<byte[]> token;

  AdminAuth(AdminSettings settings) {
    this.token = settings.token().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws ApiException 403 if the service has no admin token (or a too short one), 401 if {@code authorization}
   *     is not {@code Bearer <the token>}
   */
  public void check(String authorization) {
    if (token.isEmpty()) {
      throw new ApiException(403, "ADMIN_DISABLED",
          "the admin API is off: no hdc.admin.token is configured on this instance");
    }
    if (token.get().length < MIN_TOKEN_LENGTH) {
      throw new ApiException(403, "ADMIN_DISABLED",
          "the admin API is off: hdc.admin.token must have at least " + MIN_TOKEN_LENGTH + " characters");
    }
    if (authorization == null || !authorization.startsWith(BEARER)) {
      throw new ApiException(401, "UNAUTHORIZED", "send the admin token as 'Authorization: Bearer <token>'");
    }
    byte[] given = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
    // Constant time: the comparison must not tell how much of a guess was right.
    if (!MessageDigest.isEqual(given, token.get())) {
      throw new ApiException(401, "UNAUTHORIZED", "wrong admin token");
    }
  }
}
