package com.hdcsearch.model;

import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's autograd switch is per thread, and a thread starts with it on. DJL turns it off only on the thread that
 * starts the engine, and its gradient collector restores whatever it found. So on any other thread (the online
 * trainer's, a stream thread's), inference would record autograd graphs it never uses, and the optimizer's in-place
 * update of a weight fails ("a leaf Variable that requires grad is being used in an in-place operation"). Calling
 * {@link #offOnThisThread()} before torch work on a thread makes every thread behave like the engine's.
 */
public final class TorchGradMode {
  private TorchGradMode() {}

  /** Autograd off on the calling thread (a gradient collector turns it on for its own scope). Cheap: one JNI call. */
  public static void offOnThisThread() {
    if (JniUtils.isGradMode()) {
      JniUtils.setGradMode(false);
    }
  }

  /** Whether autograd records on the calling thread: true inside a gradient collector, i.e. while training. */
  public static boolean isOn() {
    return JniUtils.isGradMode();
  }
}
