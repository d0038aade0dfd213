package com.hdcsearch.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/** Turns the user's {@code auto|cpu|gpu} choice into a DJL device. */
public final class Devices {
  private Devices() {}

  /** {@code auto}: the first GPU when the engine sees one, else the CPU; {@code gpu} fails when there is none. */
  public static Device resolve(String choice) {
    String c = choice == null ? "auto" : choice.toLowerCase(Locale.ROOT);
    TorchThreads.configure();
    return switch (c) {
      case "cpu" -> Device.cpu();
      case "gpu" -> {
        if (Engine.getInstance().getGpuCount() == 0) {
          throw new IllegalArgumentException("device gpu asked for, but the engine sees no GPU");
        }
        yield Device.gpu();
      }
      case "auto" -> Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
      default -> throw new IllegalArgumentException("device must be auto, cpu or gpu, got: " + choice);
    };
  }
}
