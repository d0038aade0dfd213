package com.hdcsearch.serving;

/** A model swap that was abandoned; the previous version still serves and what was built aside is removed. */
public final class SwapFailedException extends Exception {
  private final SwapStep step;

  public SwapFailedException(String version, SwapStep step, String message, Throwable cause) {
    super("swap to " + version + " failed at " + step + ": " + message, cause);
    this.step = step;
  }

  /** The step that failed. */
  public SwapStep step() {
    return step;
  }
}
