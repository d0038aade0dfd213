package com.hdcsearch.model;

import ai.djl.Device;

/**
 * The memory order of the built-in network's convolution weights. Both hold the same values under the same shape
 * and save the same bytes; they differ in how libtorch lays out the activations around each convolution, and so in
 * speed and in the float rounding of the sums (about 1e-7), never in what is computed.
 */
public enum WeightLayout {
  /** libtorch's default: oneDNN reorders every activation to its blocked layout and back around each convolution. */
  NCHW,
  /** NHWC strides ({@link ChannelsLast}): oneDNN convolves the activations as they are; 15-25% faster on the CPU. */
  CHANNELS_LAST;

  /**
   * What the product runs on a device: channels-last on the CPU, where it was measured; NCHW on a GPU, where it was
   * not. Training and serving take the same one, so that a saved network embeds bit for bit when loaded.
   */
  public static WeightLayout forDevice(Device device) {
    return device.isGpu() ? NCHW : CHANNELS_LAST;
  }
}
