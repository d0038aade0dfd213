package com.hdcsearch.soak;

/**
 * The largest growth per hour that a soak passes with, measured after its warm-up (the README states them).
 *
 * @param rssMibPerHour resident set
 * @param heapMibPerHour the heap's floor (the least heap in use in each minute: what survives collections)
 * @param openFilesPerHour file descriptors
 * @param threadsPerHour threads
 */
public record SoakBounds(double rssMibPerHour, double heapMibPerHour, double openFilesPerHour,
    double threadsPerHour) {
  /** 64 MiB/h of RSS, 32 MiB/h of heap floor, 30 files/h, 5 threads/h (the command's defaults). */
  public static SoakBounds defaults() {
    return new SoakBounds(64, 32, 30, 5);
  }
}
