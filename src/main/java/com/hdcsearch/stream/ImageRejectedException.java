package com.hdcsearch.stream;

/** An image that cannot be used, with the reason code and a message naming what was wrong. */
public final class ImageRejectedException extends Exception {
  private final RejectReason reason;

  public ImageRejectedException(RejectReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }
}
