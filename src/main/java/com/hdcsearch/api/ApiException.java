package com.hdcsearch.api;

/** An error answer: HTTP status, code and message (see {@link ApiError}). */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final long retryAfterSeconds;

  public ApiException(int status, String code, String message) {
    this(status, code, message, 0);
  }

  /** An answer that tells the client when to try again ({@code Retry-After}, seconds; 0 = no header). */
  public ApiException(int status, String code, String message, long retryAfterSeconds) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Seconds for the {@code Retry-After} header, 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
